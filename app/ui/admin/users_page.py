"""Accounts: add, remove, reset a password, change a role. The vault enforces who may."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtWidgets

from app.domain.account_names import account_name_problem
from app.domain.roles import Role
from app.i18n import N_, _
from app.ui.controls import button, confirm, label, line_edit, ok_cancel_buttons, set_text
from app.ui.dates import format_moment
from app.ui.flow_layout import flow_bar
from app.ui.language import Retranslating
from app.ui.operations import as_sentence, error_message, run_in_background

ROLE_DESCRIPTIONS = {
    Role.ADMIN: N_(
        "Manages accounts, settings, the service directory and deleting expired cases. "
        "Sees only the cases they screened themselves."
    ),
    Role.SUPERVISOR: N_(
        "Sees every case, reads the audit trail, exports data and backs up the vault."
    ),
    Role.SCREENER: N_("Screens people and sees only their own cases."),
}


def role_box(name: str) -> tuple[QtWidgets.QComboBox, QtWidgets.QLabel]:
    """A role chooser and, under it, what the chosen role may do."""
    box = QtWidgets.QComboBox()
    box.setObjectName(name)
    for role in Role:
        box.addItem(role.title, role.value)
    description = label("note")
    description.setObjectName(f"{name}Description")

    def describe(_index: int = 0) -> None:
        role = Role(box.currentData())
        description.setText(_(ROLE_DESCRIPTIONS[role]))
        box.setAccessibleDescription(description.text())

    box.currentIndexChanged.connect(describe)
    describe()
    return box, description


class PasswordDialog(QtWidgets.QDialog):
    """Asks for a name (optional), a role (optional) and a password typed twice.

    With `work`, OK runs `work(name, role, password)` off the UI thread while the
    dialog stays open: a problem (a name already taken, a password too short)
    shows in the dialog with everything typed kept; only success closes it.
    """

    def __init__(
        self,
        parent: QtWidgets.QWidget,
        *,
        title: str,
        ask_name: bool,
        work: Callable[[str, str, str], Callable[[], Any]] | None = None,
        progress: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("passwordDialog")
        self._work = work
        self.operation: Any = None
        form = QtWidgets.QFormLayout()
        self.name = line_edit("accountName")
        self.name.setAccessibleName(_("User name"))
        self.name.setMaxLength(64)
        self.name.setToolTip(_("Letters, digits and . _ - @; no spaces."))
        self.role, self.role_description = role_box("accountRole")
        self.role.setAccessibleName(_("Role"))
        self.role.setCurrentIndex(self.role.findData(Role.SCREENER.value))
        self.password = line_edit("accountPassword", password=True)
        self.password.setAccessibleName(_("Password"))
        self.repeat = line_edit("accountRepeat", password=True)
        self.repeat.setAccessibleName(_("Repeat the password"))
        if ask_name:
            form.addRow(_("&User name"), self.name)
            form.addRow(_("&Role"), self.role)
            form.addRow("", self.role_description)
        else:
            self.role_description.hide()
        form.addRow(_("&Password"), self.password)
        form.addRow(_("R&epeat"), self.repeat)
        self.error = label("error")
        self.error.setObjectName("accountError")
        self.error.hide()
        self.busy = QtWidgets.QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(progress or _("Please wait"))
        self.busy.hide()
        self.buttons = ok_cancel_buttons(self, self._check)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.ask_name = ask_name

    def _show_error(self, text: str, field: QtWidgets.QWidget | None = None) -> None:
        self.error.setText(text)
        self.error.setAccessibleName(text)
        self.error.show()
        if field is not None:
            field.setFocus()

    def _check(self) -> None:
        name = self.name.text().strip()
        if self.ask_name and not name:
            self._show_error(_("Enter a user name."), self.name)
        elif self.ask_name and (problem := account_name_problem(name)):
            self._show_error(as_sentence(problem), self.name)
        elif self.password.text() != self.repeat.text():
            self._show_error(
                _("The two passwords differ. Type the same password twice."), self.repeat
            )
        elif self._work is None:
            self.accept()
        else:
            self._run(name)

    def _run(self, name: str) -> None:
        assert self._work is not None
        work = self._work(name, self.role.currentData(), self.password.text())
        self._set_busy(True)
        self.error.hide()
        self.operation = run_in_background(
            parent=self,
            work=work,
            on_success=lambda _result: self._done(),
            on_failure=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.name, self.role, self.password, self.repeat, self.buttons):
            widget.setEnabled(not busy)

    def _done(self) -> None:
        self._set_busy(False)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show_error(error_message(error), self.name if self.ask_name else self.password)


class RoleDialog(QtWidgets.QDialog):
    """Asks for an account's new role (Qt's own item dialog leaves its controls unnamed)."""

    def __init__(self, parent: QtWidgets.QWidget, name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change role"))
        self.setObjectName("roleDialog")
        self.role, description = role_box("newRole")
        text = _("New role for {name}").format(name=name)
        self.role.setAccessibleName(text)
        prompt = label()
        prompt.setText(text)
        prompt.setBuddy(self.role)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.role)
        layout.addWidget(description)
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
        self.table.setTabKeyNavigation(False)
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
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(
            flow_bar(self.add_button, self.reset_button, self.role_button, self.remove_button)
        )
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
            cells = (user.name, Role(user.role).title, format_moment(user.created))
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
        """Ask for the new account's name, role and password and add it (slow: keys);
        the dialog stays open, with what was typed, until the core accepts them."""
        vault = self.vault

        def work(name: str, role: str, password: str) -> Callable[[], Any]:
            return lambda: vault.users.add(name, role, password)

        dialog = PasswordDialog(
            self,
            title=_("Add account"),
            ask_name=True,
            work=work,
            progress=_("Creating the account's keys…"),
        )
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        name = dialog.name.text().strip()
        self.message.setText(_("Account {name} added.").format(name=name))
        self.refresh()

    def reset_password(self) -> None:
        """Give the selected account a new password."""
        name = self.selected_name()
        if name is None:
            self.message.setText(_("Select an account first."))
            return
        vault = self.vault
        dialog = PasswordDialog(
            self,
            title=_("New password for {name}").format(name=name),
            ask_name=False,
            work=lambda _name, _role, password: lambda: vault.users.passwd(name, password),
            progress=_("Changing the password…"),
        )
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        self.message.setText(_("The password of {name} was changed.").format(name=name))

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
