"""First run: create the vault and its first administrator account."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.i18n import _
from app.ui.controls import button, centered, label, line_edit, set_text
from app.ui.language import Retranslating


class FirstRunPage(Retranslating):
    """Asks for the first admin's name and password; emits `create_requested(name, password)`."""

    create_requested = QtCore.Signal(str, str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunPage")
        box = QtWidgets.QWidget()
        form = QtWidgets.QVBoxLayout(box)
        form.setSpacing(10)
        self.title = label("title")
        self.intro = label("note")
        self.name_label = label()
        self.name = line_edit("adminName")
        self.name_label.setBuddy(self.name)
        self.password_label = label()
        self.password = line_edit("newPassword", password=True)
        self.password_label.setBuddy(self.password)
        self.repeat_label = label()
        self.repeat = line_edit("repeatPassword", password=True)
        self.repeat_label.setBuddy(self.repeat)
        self.error = label("error")
        self.error.setObjectName("firstRunError")
        self.error.hide()
        self.create_button = button("primary", "createVaultButton")
        self.create_button.setDefault(True)
        self.busy = QtWidgets.QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        for widget in (
            self.title,
            self.intro,
            self.name_label,
            self.name,
            self.password_label,
            self.password,
            self.repeat_label,
            self.repeat,
            self.error,
            self.create_button,
            self.busy,
        ):
            form.addWidget(widget)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(centered(box, 520))
        layout.addStretch(2)
        self.create_button.clicked.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)
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
        self.name_label.setText(_("Administrator &user name"))
        self.name.setAccessibleName(_("Administrator user name"))
        self.password_label.setText(_("&Password"))
        self.password.setAccessibleName(_("Password"))
        self.repeat_label.setText(_("&Repeat the password"))
        self.repeat.setAccessibleName(_("Repeat the password"))
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

    def set_busy(self, busy: bool) -> None:
        """Show progress while the keys are made."""
        self.busy.setVisible(busy)
        for widget in (self.name, self.password, self.repeat, self.create_button):
            widget.setEnabled(not busy)

    def show_error(self, message: str) -> None:
        """Show what to fix."""
        self.set_busy(False)
        self.error.setText(message)
        self.error.setAccessibleName(message)
        self.error.show()
