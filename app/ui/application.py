"""Starting the desktop app: Qt application, fonts, language, style, and the main window."""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import current_language, is_offered
from app.ui.appearance import TextScale
from app.ui.fonts import load_fonts
from app.ui.language import apply_language
from app.ui.main_window import MainWindow
from app.ui.privacy import install_clipboard_guard
from app.ui.vault_access import default_vault_path

APP_ID = "org.waystation.Waystation"
# Set to "1" to open the window, paint it once and quit (the bundle's smoke test).
QUIT_AFTER_START_ENV = "WAYSTATION_QUIT_AFTER_START"


def make_application(argv: list[str] | None = None) -> QtWidgets.QApplication:
    """The one QApplication (reused when one exists, as in tests)."""
    app = QtWidgets.QApplication.instance()
    if not isinstance(app, QtWidgets.QApplication):
        app = QtWidgets.QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Waystation")
    app.setOrganizationName("Waystation")
    app.setDesktopFileName(APP_ID)
    QtGui.QGuiApplication.setQuitOnLastWindowClosed(True)
    load_fonts()
    install_clipboard_guard(app)
    return app


def _demo_vault(folder: Path) -> Path:
    """A throwaway vault with synthetic cases when the demo builder exists, else an empty one."""
    try:
        demo = importlib.import_module("app.demo")
    except ImportError:
        return folder / "vault"
    build = getattr(demo, "build_demo_vault", None)
    if build is None:
        return folder / "vault"
    return Path(build(folder / "vault"))


def run_desktop(vault: str | None, demo: bool, lang: str | None) -> int:
    """Open the desktop app on `vault` (default: the user data folder); returns the exit code."""
    app = make_application()
    scale = TextScale(app)
    scale.apply()
    code = lang if lang and is_offered(lang) else current_language()
    apply_language(code)
    with tempfile.TemporaryDirectory(prefix="waystation-demo-") if demo else _NoFolder() as tmp:
        if demo:
            path = _demo_vault(Path(tmp))
        else:
            path = Path(vault).expanduser() if vault else default_vault_path()
        window = MainWindow(path, text_scale=scale)
        window.show()
        if os.environ.get(QUIT_AFTER_START_ENV) == "1":
            # Packaging smoke test: the zero timer fires once the window's first
            # paint (posted by show) has been handled, then the app quits cleanly.
            QtCore.QTimer.singleShot(0, app.quit)
        result = app.exec()
        window.lock()
    return int(result)


class _NoFolder:
    """Stands in for a temporary folder when none is needed."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *_exc: object) -> None:
        return None


__all__ = ["APP_ID", "make_application", "run_desktop"]
