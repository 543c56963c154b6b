"""The About box shows the one version number and the language's review status."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app import __version__
from app.i18n import set_language
from app.ui.about_dialog import AboutDialog, about_text
from app.ui.bidi import plain


def test_about_shows_version_and_translation_status(qtbot, window) -> None:
    shown: list[str] = []

    def read_and_close() -> None:
        dialog = QtWidgets.QApplication.activeModalWidget()
        assert isinstance(dialog, AboutDialog)
        shown.append(plain(dialog.text.toPlainText()))
        assert dialog.windowTitle() == "About Waystation"
        dialog.reject()

    QtCore.QTimer.singleShot(0, read_and_close)
    window.about_button.click()
    assert shown and __version__ in shown[0]
    assert "English: reviewed" in shown[0]  # English is the source language


def test_about_in_arabic_says_the_translation_is_a_draft() -> None:
    set_language("ar")
    try:
        text = about_text()
    finally:
        set_language("en")
    assert __version__ in text
    assert "العربية" in text
    assert "Waystation" in text and "English" not in text
