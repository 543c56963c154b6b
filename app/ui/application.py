"""Starting the desktop app: Qt application, fonts, language, style, and the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import current_language, is_offered
from app.ui.appearance import TextScale
from app.ui.fonts import load_fonts
from app.ui.language import apply_language
from app.ui.main_window import MainWindow
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
    # The copy guard comes with the pages that show case data (main_window.guard_clipboard).
    return app


def run_desktop(vault: str | None, demo: bool, lang: str | None) -> int:
    """Open the desktop app on `vault` (default: the user data folder); returns the exit code.

    With `demo`, a throwaway vault of synthetic cases is made (deleted on exit)
    and unlocked for the user, off the UI thread like any unlock.
    """
    app = make_application()
    scale = TextScale(app)
    scale.apply()
    apply_language(lang if lang and is_offered(lang) else current_language())
    if not demo:
        path = Path(vault).expanduser() if vault else default_vault_path()
        return _run(app, MainWindow(path, text_scale=scale))
    from app.demo import throwaway_vault

    with throwaway_vault(interviewer_lang=current_language()) as made:
        window = MainWindow(made.path, text_scale=scale, demo=True)
        window.unlock_page.name.setText(made.user)
        window.unlock_page.password.setText(made.password)
        window.unlock_page.unlock_button.click()
        return _run(app, window)


def _run(app: QtWidgets.QApplication, window: MainWindow) -> int:
    window.show_on_screen()  # maximised on a screen smaller than its preferred size
    if os.environ.get(QUIT_AFTER_START_ENV) == "1":
        # Packaging smoke test: the zero timer fires once the window's first
        # paint (posted by show) has been handled, then the app quits cleanly.
        QtCore.QTimer.singleShot(0, app.quit)
    try:
        return int(app.exec())
    finally:
        # Let a running unlock or backup finish before the vault (or the demo folder) goes.
        QtCore.QThreadPool.globalInstance().waitForDone()
        window.lock()  # saves a running interview as paused and closes the vault
