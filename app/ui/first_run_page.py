"""First run: create the vault and its first administrator account."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.i18n import _
from app.ui.controls import set_text
from app.ui.credentials_form import CredentialsPage


class FirstRunPage(CredentialsPage):
    """Asks for the first admin's name and password; emits `create_requested(name, password)`."""

    create_requested = QtCore.Signal(str, str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(
            page_name="firstRunPage",
            field_names=("adminName", "newPassword", "repeatPassword"),
            error_name="firstRunError",
            submit_name="createVaultButton",
            width=520,
            parent=parent,
        )
        self.create_button = self.submit_button
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Set up Waystation"))
        self.intro.setText(
            _(
                "Everything you record is kept encrypted on this computer. Create the "
                "first administrator account; it can add the other workers afterwards. "
                "A forgotten password cannot be recovered."
            )
        )
        self.set_field_texts(
            (self.name_label, _("Administrator &user name"), _("Administrator user name")),
            (self.password_label, _("&Password"), _("Password")),
            (self.repeat_label, _("&Repeat the password"), _("Repeat the password")),
        )
        set_text(self.create_button, _("Create vault"))
        self.busy.setAccessibleName(_("Creating the vault, please wait"))

    def _submit(self) -> None:
        name = self.name.text().strip()
        password = self.password.text()
        if not name:
            self.show_error(_("Enter a user name for the administrator."))
            self.name.setFocus()
        elif password != self.repeat.text():
            self.show_error(_("The two passwords differ. Type the same password twice."))
            self.repeat.clear()
            self.repeat.setFocus()
        else:
            self.error.hide()
            self.set_busy(True)
            self.create_requested.emit(name, password)
