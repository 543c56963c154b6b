"""An altered database found by the page check after unlocking locks the app with a message."""

from __future__ import annotations

from PySide6 import QtCore

from tests.ui.conftest import unlock


def test_altered_database_locks_again_and_says_restore(qtbot, window, vault_dir) -> None:
    path = vault_dir / "waystation.db"
    data = bytearray(path.read_bytes())
    data[len(data) - 4096 + 200] ^= 0x01  # a data page: unlocking itself still works
    path.write_bytes(bytes(data))
    page = window.unlock_page
    page.name.setText("ada")
    page.password.setText("ada-password")
    qtbot.mouseClick(page.unlock_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.isVisible() and window.vault is None, timeout=15_000)
    assert "restore the vault from a backup" in page.error.text()
    assert window.stack.currentWidget() is page


def test_intact_vault_stays_open_after_the_page_check(qtbot, window) -> None:
    unlock(qtbot, window, "ada", "ada-password")
    qtbot.wait(1500)  # time for the background check to finish
    assert window.vault is not None and window.vault.is_open
