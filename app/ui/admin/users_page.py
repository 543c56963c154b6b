"""Accounts: add, remove, reset a password, change a role. The vault enforces who may."""

from __future__ import annotations

from typing import Any

from PySide6 import QtWidgets

from app.domain.roles import Role
from app.i18n import _, format_datetime
from app.ui.controls import button, confirm, label, line_edit, ok_cancel_buttons, set_text
from app.ui.language import Retranslating
from app.ui.operations import error_message, run_in_background


class PasswordDialog(QtWidgets.QDialog):
    """Asks for a name (optional), a role (optional) and a password typed twice."""

    def __init__(self, parent: QtWidgets.QWidget, *, title: str, ask_name: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("passwordDialog")
        form = QtWidgets.QFormLayout()
        self.name = line_edit("accountName")
        self.name.setAccessibleName(_("User name"))
        self.role = QtWidgets.QComboBox()
        self.role.setObjectName("accountRole")
        self.role.setAccessibleName(_("Role"))
        for role in Role:
            self.role.addItem(role.title, role.value)
        self.role.setCurrentIndex(self.role.findData(Role.SCREENER.value))
        self.password = line_edit("accountPassword", password=True)
        self.password.setAccessibleName(_("Password"))
        self.repeat = line_edit("accountRepeat", password=True)
        self.repeat.setAccessibleName(_("Repeat the password"))
        if ask_name:
            form.addRow(_("&User name"), self.name)
            form.addRow(_("&Role"), self.role)
        form.addRow(_("&Password"), self.password)
        form.addRow(_("R&epeat"), self.repeat)
        self.error = label("error")
        self.error.hide()
        buttons = ok_cancel_buttons(self, self._check)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.ask_name = ask_name

    def _check(self) -> None:
        if self.ask_name and not self.name.text().strip():
            self.error.setText(_("Enter a user name."))
        elif self.password.text() != self.repeat.text():
            self.error.setText(_("The two passwords differ. Type the same password twice."))
        else:
            self.accept()
            return
        self.error.show()


class RoleDialog(QtWidgets.QDialog):
    """Asks for an account's new role (Qt's own item dialog leaves its controls unnamed)."""

    def __init__(self, parent: QtWidgets.QWidget, name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change role"))
        self.setObjectName("roleDialog")
        self.role = QtWidgets.QComboBox()
        self.role.setObjectName("newRole")
        for role in Role:
            self.role.addItem(role.title, role.value)
        text = _("New role for {name}").format(name=name)
        self.role.setAccessibleName(text)
        prompt = label()
        prompt.setText(text)
        prompt.setBuddy(self.role)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.role)
        layout.addWidget(ok_cancel_buttons(self, self.accept))


class UsersPage(Retranslating):
    """The list of accounts with the actions an admin may take."""

    def __init__(self, vault: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersPage")
        self.vault = vault
        self.title = label("title")
        self.table = QtWidgets.QTableWidget(0, 3)
        self.table.setObjectName("usersTable")
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = button("primary", "addUserButton")
        self.add_button.clicked.connect(self.add_user)
        self.reset_button = button("", "resetPasswordButton")
        self.reset_button.clicked.connect(self.reset_password)
        self.role_button = button("", "changeRoleButton")
        self.role_button.clicked.connect(self.change_role)
        self.remove_button = button("danger", "removeUserButton")
        self.remove_button.clicked.connect(self.remove_user)
        self.message = label()
        self.message.setObjectName("usersMessage")
        buttons = QtWidgets.QHBoxLayout()
        for widget in (self.add_button, self.reset_button, self.role_button, self.remove_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.operation = None
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Accounts"))
        self.table.setHorizontalHeaderLabels([_("User name"), _("Role"), _("Created")])
        self.table.setAccessibleName(_("Accounts"))
        set_text(self.add_button, _("Add account…"))
        set_text(self.reset_button, _("Reset password…"))
        set_text(self.role_button, _("Change role…"))
        set_text(self.remove_button, _("Remove account…"))
        self.refresh()

    def refresh(self) -> None:
        """Reload the account list."""
        try:
            users = self.vault.users.list()
        except Exception as error:
            self.message.setText(error_message(error))
            return
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            cells = (user.name, Role(user.role).title, format_datetime(user.created, fmt="short"))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QtWidgets.QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected_name(self) -> str | None:
        """The account selected in the list."""
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.text() if item else None

    def _run(self, work: Any, done_text: str, progress: str) -> None:
        def succeeded(_result: object) -> None:
            self.message.setText(done_text)
            self.refresh()

        self.operation = run_in_background(
            parent=self,
            work=work,
            on_success=succeeded,
            on_failure=lambda error: self.message.setText(error_message(error)),
            progress_text=progress,
        )

    def add_user(self) -> None:
        """Ask for the new account's name, role and password, then add it (slow: keys)."""
        dialog = PasswordDialog(self, title=_("Add account"), ask_name=True)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        name, role, password = (
            dialog.name.text().strip(),
            dialog.role.currentData(),
            dialog.password.text(),
        )
        self._run(
            lambda: self.vault.users.add(name, role, password),
            _("Account {name} added.").format(name=name),
            _("Creating the account's keys…"),
        )

    def reset_password(self) -> None:
        """Give the selected account a new password."""
        name = self.selected_name()
        if name is None:
            self.message.setText(_("Select an account first."))
            return
        dialog = PasswordDialog(
            self, title=_("New password for {name}").format(name=name), ask_name=False
        )
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        password = dialog.password.text()
        self._run(
            lambda: self.vault.users.passwd(name, password),
            _("The password of {name} was changed.").format(name=name),
            _("Changing the password…"),
        )

    def change_role(self) -> None:
        """Give the selected account another role."""
        name = self.selected_name()
        if name is None:
            self.message.setText(_("Select an account first."))
            return
        dialog = RoleDialog(self, name)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        role = Role(dialog.role.currentData())
        try:
            self.vault.users.set_role(name, role)
        except Exception as error:
            self.message.setText(error_message(error))
            return
        self.message.setText(_("{name} is now {role}.").format(name=name, role=role.title))
        self.refresh()

    def remove_user(self) -> None:
        """Remove the selected account after a confirmation (re-keys the vault)."""
        name = self.selected_name()
        if name is None:
            self.message.setText(_("Select an account first."))
            return
        agreed = confirm(
            self,
            _("Remove account"),
            _("Remove the account {name}? Its password will no longer open the vault.").format(
                name=name
            ),
        )
        if not agreed:
            return
        self._run(
            lambda: self.vault.users.remove(name),
            _("Account {name} removed.").format(name=name),
            _("Removing the account and changing the vault key…"),
        )
