"""What goes into the bundle: the app's data files, and what is left out of it.

Used by the PyInstaller spec and checked by the tests, so the rules are plain
functions of file names. Qt and babel bring data for every language they know;
the bundle keeps only the languages Waystation offers.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path, PurePath

# Python modules the app never uses; some would drag in large Qt libraries.
EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "unittest",
    "pydoc",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "ruff",
    "setuptools",
    "pkg_resources",
    "pip",
    "PyInstaller",
    "IPython",
    "numpy",
    "matplotlib",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtMultimedia",
    "PySide6.Qt3DCore",
    "PySide6.QtSql",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtCharts",
    "PySide6.QtDataVisualization",
    "PySide6.QtBluetooth",
    "PySide6.QtPositioning",
    "PySide6.QtSerialPort",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
]

# Qt libraries and plugins that hooks may still collect but the app has no use for:
# PDF and web image readers, network and TLS (the app never goes online), QML.
# Display plugins for kiosks and remote screens (eglfs, linuxfb, vnc) go too: a laptop
# runs X11 or Wayland, and the smoke test uses offscreen.
_DROPPED_BINARY = re.compile(
    r"(Qt6?(Pdf|Quick|Qml|Network|WebEngine|Multimedia|3D|VirtualKeyboard|Designer"
    r"|EglFS|EglFs)\w*"
    r"|/(tls|networkinformation|qmltooling|sqldrivers|designer|egldeviceintegrations)/"
    r"|imageformats/\w*q(pdf|webp|tiff|tga|wbmp|gif|icns|jpeg)\w*"
    r"|platforms/\w*q(vnc|linuxfb|eglfs|minimalegl|vkkhrdisplay)\w*"
    r"|generic/\w*tuiotouch\w*)",
    re.IGNORECASE,
)


def offered_language_codes(root: Path) -> list[str]:
    """The codes of the languages the app offers, read from the app itself."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from app.i18n.languages import offered_languages

    return [language.code for language in offered_languages()]


def app_data_files(root: Path) -> list[tuple[str, str]]:
    """(source, folder in the bundle) for the questionnaires, catalogs and fonts.

    Stops the build with a message when a build step was skipped: a bundle
    without its compiled catalogs or static fonts would work, but slowly.
    """
    files: list[tuple[str, str]] = []
    missing: list[str] = []
    for path in sorted((root / "forms").rglob("*")):
        if path.is_file():
            files.append((str(path), str(path.parent.relative_to(root))))
    for po in sorted((root / "locales").rglob("*.po")):
        folder = str(po.parent.relative_to(root))
        files.append((str(po), folder))  # read for review status and form checks
        mo = po.with_suffix(".mo")
        if mo.is_file():
            files.append((str(mo), folder))
        else:
            missing.append(str(mo.relative_to(root)))
    fonts = sorted((root / "app" / "fonts" / "generated").glob("*.ttf"))
    if not fonts:
        missing.append("app/fonts/generated/*.ttf (run: python -m app.fonts build)")
    files += [(str(font), "app/fonts/generated") for font in fonts]
    if missing:
        raise SystemExit(
            "missing build outputs (run: python -m app.i18n.catalog_tools compile):\n  "
            + "\n  ".join(missing)
        )
    return files


def _qt_translation_kept(name: str, codes: list[str]) -> bool:
    return any(name == f"qtbase_{code}.qm" for code in codes if code != "en")


def _babel_locale_kept(name: str, codes: list[str]) -> bool:
    stem = name.removesuffix(".dat")
    return stem == "root" or stem.split("_")[0] in codes


def data_kept(dest: str, codes: list[str]) -> bool:
    """True when a data file bound for `dest` in the bundle belongs there."""
    parts = PurePath(dest).parts
    name = parts[-1]
    if "translations" in parts and name.endswith(".qm"):
        return _qt_translation_kept(name, codes)
    if "locale-data" in parts and name.endswith(".dat"):
        return _babel_locale_kept(name, codes)
    return True


def binary_kept(dest: str) -> bool:
    """True unless the library or plugin is one the app has no use for."""
    return not _DROPPED_BINARY.search(dest.replace("\\", "/"))


def keep_data(entries, codes: list[str] | None = None):
    """The (dest, source, kind) data entries the bundle keeps."""
    root = Path(__file__).resolve().parent.parent
    codes = codes if codes is not None else offered_language_codes(root)
    # Library symlinks travel with the data entries: drop those of dropped libraries too.
    return [
        entry
        for entry in entries
        if data_kept(entry[0], codes) and (entry[2] != "SYMLINK" or binary_kept(entry[0]))
    ]


def keep_binaries(entries):
    """The (dest, source, kind) binary entries the bundle keeps."""
    return [entry for entry in entries if binary_kept(entry[0])]
