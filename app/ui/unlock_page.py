"""The unlock screen: user name and password, and a clear message when they do not fit."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.i18n import _
from app.ui.controls import label, set_text
from app.ui.credentials_form import CredentialsPage


class UnlockPage(CredentialsPage):
    """Asks for user and password; emits `unlock_requested(name, password)`.

    The main window does the slow unlock off the UI thread and calls
    `show_error` or moves on; the page never holds the vault.
    """

    unlock_requested = QtCore.Signal(str, str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(
            page_name="unlockPage",
            field_names=("userName", "password", None),
            error_name="unlockError",
            submit_name="unlockButton",
            width=480,
            parent=parent,
        )
        self.unlock_button = self.submit_button
        self.hint = label("note")
        self.form.addWidget(self.hint)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Unlock"))
        self.intro.setText(_("Enter your user name and password to open the vault."))
        self.set_field_texts(
            (self.name_label, _("&User name"), _("User name")),
            (self.password_label, _("&Password"), _("Password")),
        )
        set_text(self.unlock_button, _("Unlock"))
        self.busy.setAccessibleName(_("Unlocking, please wait"))
        self.hint.setText(_("F12 hides every window at once and locks the vault."))

    def reset(self, name: str = "") -> None:
        """Empty the form (after a lock); keeps the user name if given."""
        self.name.setText(name)
        self.password.clear()
        self.error.hide()
        self.set_busy(False)
        (self.password if name else self.name).setFocus()

    def _submit(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.show_error(_("Enter your user name."))
            self.name.setFocus()
            return
        if not self.password.text():
            self.show_error(_("Enter your password."))
            self.password.setFocus()
            return
        self.error.hide()
        self.set_busy(True)
        self.unlock_requested.emit(name, self.password.text())

    def show_error(self, message: str) -> None:
        """Show why the unlock failed; the password is cleared for a new try."""
        super().show_error(message)
        self.password.clear()
        self.password.setFocus()
