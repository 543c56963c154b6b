"""A demo vault shows a visible banner saying its cases are synthetic; a real vault never does."""

from __future__ import annotations

from PySide6 import QtWidgets

from app.ui.language import apply_language
from app.ui.main_window import MainWindow


def test_demo_window_shows_the_banner_in_the_ui_language(qtbot, vault_dir) -> None:
    window = MainWindow(vault_dir, demo=True)
    qtbot.addWidget(window)
    window.show()
    banner = window.findChild(QtWidgets.QLabel, "demoBannerText")
    assert banner is window.demo_banner
    assert banner.isVisible()
    assert banner.text().startswith("Demo data")
    assert banner.accessibleName() == banner.text()
    apply_language("ar")
    assert not banner.text().startswith("Demo data")  # retranslated, still shown
    assert banner.isVisible()


def test_real_vault_has_no_banner(qtbot, window) -> None:
    assert window.demo_banner is None
    assert window.findChild(QtWidgets.QLabel, "demoBannerText") is None
