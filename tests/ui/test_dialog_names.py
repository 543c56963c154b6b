"""Every control of the app's small dialogs, Qt's own OK and Cancel included, has an
accessible name a screen reader can announce."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets

from app.ui.about_dialog import AboutDialog
from app.ui.admin.services_page import ServiceDialog
from app.ui.admin.users_page import PasswordDialog
from tests.ui.test_screening_flow import missing_accessible_names


@pytest.fixture
def parent(qtbot):
    widget = QtWidgets.QWidget()
    qtbot.addWidget(widget)
    return widget


def shown(qtbot, dialog: QtWidgets.QDialog) -> QtWidgets.QDialog:
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("ask_name", [True, False])
def test_password_dialog_names_every_control(qtbot, parent, ask_name):
    dialog = shown(qtbot, PasswordDialog(parent, title="Add account", ask_name=ask_name))
    buttons = dialog.findChild(QtWidgets.QDialogButtonBox).buttons()
    assert len(buttons) == 2
    assert {b.accessibleName() for b in buttons} == {"OK", "Cancel"}
    assert missing_accessible_names(dialog) == []
    dialog.reject()


def test_service_and_about_dialogs_name_every_control(qtbot, parent):
    for dialog in (ServiceDialog(parent, title="Add service"), AboutDialog(parent)):
        shown(qtbot, dialog)
        assert dialog.findChild(QtWidgets.QDialogButtonBox).buttons()
        assert missing_accessible_names(dialog) == []
        dialog.reject()


def test_removing_an_account_asks_with_named_buttons_and_no_keeps_it(
    qtbot, open_vault, monkeypatch
):
    from app.ui.admin.users_page import UsersPage

    vault = open_vault("ada")
    page = UsersPage(vault)
    qtbot.addWidget(page)
    rows = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    page.table.setCurrentCell(rows.index("sol"), 0)
    asked: list[tuple[list[str], str]] = []

    def say_no(box):
        names = sorted(b.accessibleName() for b in box.buttons())
        asked.append((names, box.defaultButton().accessibleName()))
        return QtWidgets.QMessageBox.StandardButton.No

    monkeypatch.setattr(QtWidgets.QMessageBox, "exec", say_no)
    page.remove_user()
    assert asked == [(["No", "Yes"], "No")]
    assert "sol" in [user.name for user in vault.users.list()]


def test_change_role_by_keyboard_in_a_named_dialog(qtbot, open_vault, monkeypatch):
    from app.ui.admin import users_page

    vault = open_vault("ada")
    page = users_page.UsersPage(vault)
    qtbot.addWidget(page)
    rows = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    page.table.setCurrentCell(rows.index("sol"), 0)

    def choose_supervisor(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        assert missing_accessible_names(dialog) == []
        assert "sol" in dialog.role.accessibleName()
        dialog.role.setFocus()
        while dialog.role.currentData() != "supervisor":
            qtbot.keyClick(dialog.role, QtCore.Qt.Key.Key_Down)
        dialog.accept()
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(users_page.RoleDialog, "exec", choose_supervisor)
    page.change_role()
    assert {u.name: u.role for u in vault.users.list()}["sol"] == "supervisor"
