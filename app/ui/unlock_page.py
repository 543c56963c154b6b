"""The unlock screen: user name and password, and a clear message when they do not fit."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.i18n import _
from app.ui.controls import button, centered, label, line_edit, set_text
from app.ui.language import Retranslating


class UnlockPage(Retranslating):
    """Asks for user and password; emits `unlock_requested(name, password)`.

    The main window does the slow unlock off the UI thread and calls
    `show_error` or moves on; the page never holds the vault.
    """

    unlock_requested = QtCore.Signal(str, str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockPage")
        box = QtWidgets.QWidget()
        form = QtWidgets.QVBoxLayout(box)
        form.setSpacing(10)
        self.title = label("title")
        self.intro = label("note")
        self.name_label = label()
        self.name = line_edit("userName")
        self.name_label.setBuddy(self.name)
        self.password_label = label()
        self.password = line_edit("password", password=True)
        self.password_label.setBuddy(self.password)
        self.error = label("error")
        self.error.setObjectName("unlockError")
        self.error.hide()
        self.unlock_button = button("primary", "unlockButton")
        self.unlock_button.setDefault(True)
        self.busy = QtWidgets.QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.hint = label("note")
        for widget in (
            self.title,
            self.intro,
            self.name_label,
            self.name,
            self.password_label,
            self.password,
            self.error,
            self.unlock_button,
            self.busy,
            self.hint,
        ):
            form.addWidget(widget)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(centered(box, 480))
        layout.addStretch(2)
        self.unlock_button.clicked.connect(self._submit)
        self.name.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Unlock"))
        self.intro.setText(_("Enter your user name and password to open the vault."))
        self.name_label.setText(_("&User name"))
        self.name.setAccessibleName(_("User name"))
        self.password_label.setText(_("&Password"))
        self.password.setAccessibleName(_("Password"))
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

    def set_busy(self, busy: bool) -> None:
        """Show progress and block a second click while the key is derived."""
        self.busy.setVisible(busy)
        for widget in (self.name, self.password, self.unlock_button):
            widget.setEnabled(not busy)

    def show_error(self, message: str) -> None:
        """Show why the unlock failed; the password is cleared for a new try."""
        self.set_busy(False)
        self.error.setText(message)
        self.error.setAccessibleName(message)
        self.error.show()
        self.password.clear()
        self.password.setFocus()
