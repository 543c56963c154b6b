"""The user-and-password form shared by the first-run and unlock pages: keyboard flow,
names for screen readers, and no second submit while busy."""

from __future__ import annotations

from PySide6 import QtCore

from app.ui.first_run_page import FirstRunPage
from app.ui.unlock_page import UnlockPage
from tests.ui.test_screening_flow import missing_accessible_names

Key = QtCore.Qt.Key


def test_first_run_form_by_keyboard(qtbot):
    page = FirstRunPage()
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    assert missing_accessible_names(page) == []
    assert page.repeat.accessibleName() == "Repeat the password"
    sent: list[tuple[str, str]] = []
    page.create_requested.connect(lambda name, password: sent.append((name, password)))
    page.name.setFocus()
    qtbot.keyClicks(page.name, "nadia")
    qtbot.keyClick(page.name, Key.Key_Return)
    assert page.password.hasFocus()
    qtbot.keyClicks(page.password, "long enough password")
    qtbot.keyClick(page.password, Key.Key_Return)
    assert page.repeat.hasFocus() and sent == []
    qtbot.keyClicks(page.repeat, "long enough pasword")
    qtbot.keyClick(page.repeat, Key.Key_Return)
    assert "differ" in page.error.text() and page.repeat.text() == "" and sent == []
    qtbot.keyClicks(page.repeat, "long enough password")
    qtbot.keyClick(page.repeat, Key.Key_Return)
    assert sent == [("nadia", "long enough password")]
    assert page.busy.isVisible() and not page.create_button.isEnabled()
    qtbot.keyClick(page.repeat, Key.Key_Return)
    assert len(sent) == 1  # busy: no second request
    page.show_error("could not write the vault")
    assert page.error.isVisible() and page.create_button.isEnabled()


def test_unlock_form_by_keyboard(qtbot):
    page = UnlockPage()
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    assert page.repeat is None
    assert missing_accessible_names(page) == []
    sent: list[tuple[str, str]] = []
    page.unlock_requested.connect(lambda name, password: sent.append((name, password)))
    page.reset("sol")
    assert page.password.hasFocus()
    qtbot.keyClicks(page.password, "pw")
    qtbot.keyClick(page.password, Key.Key_Return)
    assert sent == [("sol", "pw")] and not page.unlock_button.isEnabled()
    page.show_error("wrong user name or password")
    assert page.password.text() == "" and page.password.hasFocus()
    assert page.error.accessibleName() == "wrong user name or password"
