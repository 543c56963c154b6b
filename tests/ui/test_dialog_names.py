"""Every control of the app's small dialogs, Qt's own OK and Cancel included, has an
accessible name a screen reader can announce."""

from __future__ import annotations

import pytest
from PySide6 import QtWidgets

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
