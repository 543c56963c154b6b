"""What the bundle carries and leaves out, its icons, and what the installer may delete."""

from __future__ import annotations

import ast
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))

import bundle_contents  # noqa: E402
import project_meta  # noqa: E402

CODES = ["en", "ar", "fa", "uk", "ru", "es", "fr", "vi", "hi", "th"]
ICONS = PACKAGING / "icons"


# --- data and libraries ------------------------------------------------------------------


def test_offered_languages_come_from_the_app() -> None:
    from app.i18n import offered_languages

    assert bundle_contents.offered_language_codes(ROOT) == [x.code for x in offered_languages()]


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_ar.qm", True),
        ("PySide6/Qt/translations/qtbase_uk.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qtbase_en.qm", False),  # English is Qt's own text
        ("PySide6/Qt/translations/qt_help_ar.qm", False),
        ("PySide6/Qt/translations/designer_fr.qm", False),
        ("babel/locale-data/root.dat", True),
        ("babel/locale-data/fa_AF.dat", True),
        ("babel/locale-data/th.dat", True),
        ("babel/locale-data/de.dat", False),
        ("babel/locale-data/ja_JP.dat", False),
        ("babel/global.dat", True),
        ("forms/adult-screening.yaml", True),
        ("locales/ar/LC_MESSAGES/forms.mo", True),
    ],
)
def test_data_is_kept_for_offered_languages_only(dest: str, kept: bool) -> None:
    assert bundle_contents.data_kept(dest, CODES) is kept


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/Qt/lib/libQt6Gui.so.6", True),
        ("PySide6/Qt/lib/libQt6DBus.so.6", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6\\Qt\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/lib/libQt6Network.so.6", False),
        ("libQt6Network.so.6", False),
        ("PySide6/Qt/lib/libQt6WebEngineCore.so.6", False),
        ("PySide6/Qt/lib/libQt6Qml.so.6", False),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6\\Qt\\plugins\\tls\\qschannelbackend.dll", False),
    ],
)
def test_unused_qt_libraries_and_plugins_are_dropped(dest: str, kept: bool) -> None:
    assert bundle_contents.binary_kept(dest) is kept


def test_symlinks_of_dropped_libraries_are_dropped_with_them() -> None:
    entries = [
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("forms/border-triage.yaml", "/src/forms/border-triage.yaml", "DATA"),
    ]
    kept = [entry[0] for entry in bundle_contents.keep_data(entries, CODES)]
    assert kept == ["libQt6Core.so.6", "forms/border-triage.yaml"]


def test_no_network_module_is_bundled() -> None:
    # The app never opens a connection; QtNetwork would be the first step towards one.
    assert "PySide6.QtNetwork" in bundle_contents.EXCLUDED_MODULES
    used = {
        alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
        for path in (ROOT / "app").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import) or (isinstance(node, ast.ImportFrom) and node.level == 0)
        for alias in node.names
    }
    assert not used & set(bundle_contents.EXCLUDED_MODULES), "the app uses an excluded module"


def _fake_tree(root: Path, with_mo: bool, with_fonts: bool) -> None:
    (root / "forms").mkdir()
    (root / "forms" / "triage.yaml").write_text("id: triage\n")
    lc = root / "locales" / "ar" / "LC_MESSAGES"
    lc.mkdir(parents=True)
    (lc / "forms.po").write_text('msgid ""\nmsgstr ""\n')
    (root / "locales" / "forms.pot").write_text('msgid ""\nmsgstr ""\n')
    if with_mo:
        (lc / "forms.mo").write_bytes(b"\xde\x12\x04\x95")
    fonts = root / "app" / "fonts" / "generated"
    fonts.mkdir(parents=True)
    if with_fonts:
        (fonts / "NotoSans-Regular.ttf").write_bytes(b"\x00\x01\x00\x00")


def test_data_files_carry_forms_catalogs_and_fonts(tmp_path: Path) -> None:
    _fake_tree(tmp_path, with_mo=True, with_fonts=True)
    files = {
        (Path(src).relative_to(tmp_path).as_posix(), dest)
        for src, dest in bundle_contents.app_data_files(tmp_path)
    }
    assert files == {
        ("forms/triage.yaml", "forms"),
        ("locales/ar/LC_MESSAGES/forms.po", "locales/ar/LC_MESSAGES"),
        ("locales/ar/LC_MESSAGES/forms.mo", "locales/ar/LC_MESSAGES"),
        ("app/fonts/generated/NotoSans-Regular.ttf", "app/fonts/generated"),
    }


@pytest.mark.parametrize(
    ("with_mo", "with_fonts", "named"),
    [(False, True, "forms.mo"), (True, False, "python -m app.fonts build")],
)
def test_build_stops_when_a_build_step_was_skipped(
    tmp_path: Path, with_mo: bool, with_fonts: bool, named: str
) -> None:
    _fake_tree(tmp_path, with_mo=with_mo, with_fonts=with_fonts)
    with pytest.raises(SystemExit, match=re.escape(named)):
        bundle_contents.app_data_files(tmp_path)


# --- icons -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_icon_png_of_each_size(size: int) -> None:
    path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{project_meta.app_id()}.png"
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (size, size)


def test_windows_and_macos_icons_hold_the_sizes_they_need() -> None:
    ico = (ICONS / "waystation.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    widths = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= widths
    assert (ICONS / "waystation.icns").read_bytes()[:4] == b"icns"


def test_icon_source_is_a_square_svg_without_text() -> None:
    svg = ET.parse(ICONS / "waystation.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = svg.get("viewBox", "").split()
    assert width == height
    assert not list(svg.iter("{http://www.w3.org/2000/svg}text"))


# --- installer and process safety --------------------------------------------------------


def _iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in (PACKAGING / "windows" / "waystation.iss").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        elif current:
            sections[current].append(line)
    return sections


def test_installer_is_per_user_and_never_deletes_user_data() -> None:
    sections = _iss_sections()
    assert "PrivilegesRequired=lowest" in sections["Setup"]
    assert "UninstallDelete" not in sections
    for line in sections.get("InstallDelete", []):
        name = re.search(r'Name:\s*"([^"]+)"', line)
        assert name and name.group(1).startswith("{app}\\"), line
    # Nothing runs at uninstall that could reach the data folder (%LOCALAPPDATA%\\Waystation).
    assert not {"UninstallRun", "Code"} & set(sections)
    text = "\n".join(line for lines in sections.values() for line in lines).lower()
    assert "{localappdata}" not in text and "{userappdata}" not in text
    # {autopf} is %LOCALAPPDATA%\\Programs for a per-user install: beside the data, not above it.
    assert "DefaultDirName={autopf}\\{#AppName}" in sections["Setup"]


def test_installer_puts_a_start_menu_entry() -> None:
    icons = _iss_sections()["Icons"]
    assert any(line.startswith('Name: "{autoprograms}') for line in icons)


def test_bundle_entry_point_hardens_the_process_first() -> None:
    spec = (PACKAGING / "pyinstaller" / "waystation.spec").read_text(encoding="utf-8")
    assert '"app" / "__main__.py"' in spec
    tree = ast.parse((ROOT / "app" / "__main__.py").read_text(encoding="utf-8"))
    main = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main")
    body = [
        n for n in main.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
    ]
    first = body[0]
    assert isinstance(first, ast.Expr) and isinstance(first.value, ast.Call)
    assert getattr(first.value.func, "id", None) == "harden_process"


def test_spec_builds_one_folder_without_extraction() -> None:
    spec = (PACKAGING / "pyinstaller" / "waystation.spec").read_text(encoding="utf-8")
    # One-folder: the EXE leaves binaries to COLLECT, so nothing is unpacked to a temp folder.
    assert spec.count("exclude_binaries=True") == 1 and "COLLECT(" in spec
    assert "runtime_tmpdir" not in spec


def test_desktop_app_quits_after_start_when_asked(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WAYSTATION_QUIT_AFTER_START="1")
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-m", "app", "--vault", str(tmp_path / "vault")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
