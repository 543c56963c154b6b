"""The user-and-password form the first-run and unlock pages share.

Both are a centred column: title, a short note, the user name, the password
(and, for a new account, the password again), an error line, one submit button
and a busy bar while the slow key derivation runs off the UI thread.
"""

from __future__ import annotations

from PySide6 import QtWidgets

from app.ui.controls import button, centered, label, line_edit, quiet_scroll_area
from app.ui.language import Retranslating


class CredentialsPage(Retranslating):
    """A page with a user-and-password form; subclasses set texts and check `_submit`.

    The fields keep the object names the pages had (tests and screenshots find
    them by name): `field_names` is (user, password, repeat); `repeat` is None
    when the third name is.
    """

    def __init__(
        self,
        *,
        page_name: str,
        field_names: tuple[str, str, str | None],
        error_name: str,
        submit_name: str,
        width: int,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(page_name)
        user_name, secret_name, repeat_name = field_names
        box = QtWidgets.QWidget()
        self.form = QtWidgets.QVBoxLayout(box)
        self.form.setSpacing(10)
        self.title = label("title")
        self.intro = label("note")
        self.name_label, self.name = self._field(line_edit(user_name))
        self.password_label, self.password = self._field(line_edit(secret_name, password=True))
        self.repeat_label: QtWidgets.QLabel | None = None
        self.repeat: QtWidgets.QLineEdit | None = None
        if repeat_name:
            self.repeat_label, self.repeat = self._field(line_edit(repeat_name, password=True))
        self.error = label("error")
        self.error.setObjectName(error_name)
        self.error.hide()
        self.submit_button = button("primary", submit_name)
        self.submit_button.setDefault(True)
        self.busy = QtWidgets.QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        for widget in (self.title, self.intro, self.name_label, self.name):
            self.form.addWidget(widget)
        for widget in (self.password_label, self.password, self.repeat_label, self.repeat):
            if widget is not None:
                self.form.addWidget(widget)
        for widget in (self.error, self.submit_button, self.busy):
            self.form.addWidget(widget)
        column = QtWidgets.QWidget()
        column_layout = QtWidgets.QVBoxLayout(column)
        column_layout.addStretch(1)
        column_layout.addWidget(centered(box, width))
        column_layout.addStretch(2)
        # With large text on a small screen the form scrolls instead of being cut off.
        scroll = quiet_scroll_area(f"{page_name}Scroll")
        scroll.setWidget(column)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.submit_button.clicked.connect(self._submit)
        # Enter in the last field submits; in an earlier one it moves on.
        last = self.repeat or self.password
        last.returnPressed.connect(self._submit)
        self.name.returnPressed.connect(self.password.setFocus)
        if self.repeat is not None:
            self.password.returnPressed.connect(self.repeat.setFocus)

    @staticmethod
    def _field(field: QtWidgets.QLineEdit) -> tuple[QtWidgets.QLabel, QtWidgets.QLineEdit]:
        name = label()
        name.setBuddy(field)
        return name, field

    def set_field_texts(self, *pairs: tuple[QtWidgets.QLabel | None, str, str]) -> None:
        """Each field's label (with its &-mnemonic) and the accessible name of its field."""
        for field_label, text, accessible in pairs:
            if field_label is not None:
                field_label.setText(text)
                field_label.buddy().setAccessibleName(accessible)

    def _submit(self) -> None:
        raise NotImplementedError

    def initial_focus(self) -> QtWidgets.QWidget:
        """Where typing starts: the user name, or the password when the name is filled in."""
        if self.name.text() and self.repeat is None:
            return self.password
        return self.name

    def fields(self) -> list[QtWidgets.QWidget]:
        return [w for w in (self.name, self.password, self.repeat, self.submit_button) if w]

    def set_busy(self, busy: bool) -> None:
        """Show progress and block a second submit while the key is derived."""
        self.busy.setVisible(busy)
        for widget in self.fields():
            widget.setEnabled(not busy)

    def show_error(self, message: str) -> None:
        """Show what to fix; the form is usable again."""
        self.set_busy(False)
        self.error.setText(message)
        self.error.setAccessibleName(message)
        self.error.show()
