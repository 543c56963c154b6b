"""The answer controls for one question: big buttons with keyboard shortcuts.

yes/no/unsure answer with Y, N, U; options with digits 1-9 and 0; every question
has "Prefer not to say" (P), which is its own answer and never a "no".
Number, date and short-text questions take a field and Enter. The same panel
serves the interviewer's page and the respondent view, each in its language.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import N_, _, form_text, translate
from app.ui.controls import button, set_role
from app.ui.language import set_text_direction

YES_NO = (("yes", N_("Yes"), "Y"), ("no", N_("No"), "N"), ("unsure", N_("Not sure"), "U"))
DECLINE = N_("Prefer not to say")
DECLINE_KEY = "P"
CONFIRM = N_("Confirm")


def option_key(index: int) -> str:
    """The digit that picks option `index` (1-9, then 0 for the tenth); "" beyond."""
    return str((index + 1) % 10) if index < 10 else ""


class AnswerPanel(QtWidgets.QWidget):
    """Emits `answered(value)` or `declined()`; texts in the language given to `show_question`.

    With a `shortcut_host` the keys Y/N/U/P and 1-9 work anywhere in that widget
    (text fields keep the keys they type); without one there are no shortcuts.
    """

    answered = QtCore.Signal(object)
    declined = QtCore.Signal()

    def __init__(
        self,
        shortcut_host: QtWidgets.QWidget | None = None,
        parent: QtWidgets.QWidget | None = None,
        *,
        show_keys: bool = True,
    ) -> None:
        super().__init__(parent)
        self._host = shortcut_host
        # The respondent view keeps the keys working but does not print Latin key letters.
        self._show_keys = shortcut_host is not None and show_keys
        self._shortcuts: list[QtGui.QShortcut] = []
        self.question = None
        self.lang = "en"
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        self.checks: dict[str, QtWidgets.QCheckBox] = {}
        self.field: QtWidgets.QWidget | None = None
        self._layout = QtWidgets.QGridLayout(self)
        self._layout.setSpacing(10)

    def _clear(self) -> None:
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self._shortcuts = []
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                # Hidden now (no stale answer on screen), deleted later: the button may be
                # the one whose click brought us here.
                widget.hide()
                widget.deleteLater()
        self.buttons = {}
        self.checks = {}
        self.field = None

    def _shortcut(self, key: str, slot: object) -> None:
        if self._host is None:
            return
        shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self._host)
        shortcut.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        self._shortcuts.append(shortcut)

    def _answer_button(self, name: str, text: str, key: str, slot: object) -> QtWidgets.QPushButton:
        widget = button("answer", name)
        key_name = _("Enter") if key == "Return" else key
        shown = f"{text}  [{key_name}]" if self._show_keys and key else text
        widget.setText(shown)
        widget.setAccessibleName(text)
        if self._show_keys and key:
            widget.setAccessibleDescription(_("Shortcut: {key}").format(key=key_name))
        widget.clicked.connect(slot)
        if key:
            self._shortcut(key, widget.click)
        return widget

    def show_question(self, question: object, lang: str, previous: object = None) -> None:
        """Build the controls for `question` in `lang`; `previous` pre-fills a given answer."""
        self._clear()
        self.question = question
        self.lang = lang
        if question is None:
            return
        set_text_direction(self, lang)
        kind = question.type
        row = 0
        if kind == "yes_no":
            for column, (value, text, key) in enumerate(YES_NO):
                widget = self._answer_button(
                    f"answer_{value}",
                    translate(text, lang),
                    key,
                    lambda _=False, v=value: self.answered.emit(v),
                )
                self.buttons[value] = widget
                self._mark_chosen(widget, previous == value)
                self._layout.addWidget(widget, 0, column)
            row = 1
        elif kind == "single":
            for index, option in enumerate(question.options):
                key = option_key(index)
                widget = self._answer_button(
                    f"answer_{option.id}",
                    form_text(lang, option.text),
                    key,
                    lambda _=False, v=option.id: self.answered.emit(v),
                )
                self.buttons[option.id] = widget
                self._mark_chosen(widget, previous == option.id)
                self._layout.addWidget(widget, index // 2, index % 2)
            row = (len(question.options) + 1) // 2
        elif kind == "multiple":
            chosen = set(previous or []) if isinstance(previous, list) else set()
            for index, option in enumerate(question.options):
                check = QtWidgets.QCheckBox(form_text(lang, option.text))
                check.setObjectName(f"answer_{option.id}")
                check.setAccessibleName(form_text(lang, option.text))
                check.setChecked(option.id in chosen)
                set_role(check, "answer")
                key = option_key(index)
                if key:
                    if self._show_keys:
                        check.setText(f"{check.text()}  [{key}]")
                    self._shortcut(key, check.toggle)
                self.checks[option.id] = check
                self._layout.addWidget(check, index // 2, index % 2)
            row = (len(question.options) + 1) // 2
            confirm = self._answer_button(
                "answer_confirm", translate(CONFIRM, lang), "Return", self._confirm
            )
            self._shortcut("Enter", confirm.click)  # the keypad's Enter too
            self.buttons["confirm"] = confirm
            self._layout.addWidget(confirm, row, 0)
            row += 1
        else:
            self.field = self._field(question, previous)
            self.field.setObjectName("answerField")
            self.field.setAccessibleName(form_text(lang, question.text))
            self._layout.addWidget(self.field, 0, 0, 1, 2)
            confirm = self._answer_button(
                "answer_confirm", translate(CONFIRM, lang), "", self._confirm
            )
            self.buttons["confirm"] = confirm
            self._layout.addWidget(confirm, 1, 0)
            row = 2
        decline = self._answer_button(
            "answer_declined", translate(DECLINE, lang), DECLINE_KEY, self.declined.emit
        )
        self.buttons["declined"] = decline
        self._layout.addWidget(decline, row, 0, 1, 2 if kind != "yes_no" else 3)
        # A layout shows new children only on the next event loop turn; show them now so
        # the keyboard focus can move to them at once.
        for index in range(self._layout.count()):
            widget = self._layout.itemAt(index).widget()
            if widget is not None and self.isVisible():
                widget.show()

    @staticmethod
    def _mark_chosen(widget: QtWidgets.QPushButton, chosen: bool) -> None:
        """After Back, the answer given before stands out (and says so to screen readers)."""
        if chosen:
            widget.setProperty("chosen", True)
            widget.setAccessibleDescription(
                " ".join(filter(None, [widget.accessibleDescription(), _("Answer given before")]))
            )

    def _field(self, question: object, previous: object) -> QtWidgets.QWidget:
        if question.type == "number":
            field = QtWidgets.QDoubleSpinBox()
            field.setDecimals(0)
            field.setRange(
                question.min if question.min is not None else -1_000_000,
                question.max if question.max is not None else 1_000_000,
            )
            if isinstance(previous, int | float):
                field.setValue(previous)
            field.lineEdit().returnPressed.connect(self._confirm)
            return field
        if question.type == "date":
            field = QtWidgets.QDateEdit()
            field.setDisplayFormat("yyyy-MM-dd")
            field.setCalendarPopup(True)
            field.setDate(
                QtCore.QDate.fromString(previous, "yyyy-MM-dd")
                if isinstance(previous, str)
                else QtCore.QDate.currentDate()
            )
            return field
        field = QtWidgets.QLineEdit()
        field.setMaxLength(500)
        if isinstance(previous, str):
            field.setText(previous)
        field.returnPressed.connect(self._confirm)
        return field

    def value(self) -> object:
        """The value in the field or check boxes (multiple, number, date, text)."""
        if self.question is None:
            return None
        if self.question.type == "multiple":
            return [option_id for option_id, check in self.checks.items() if check.isChecked()]
        if isinstance(self.field, QtWidgets.QDoubleSpinBox):
            number = self.field.value()
            return int(number) if number.is_integer() else number
        if isinstance(self.field, QtWidgets.QDateEdit):
            return self.field.date().toString("yyyy-MM-dd")
        if isinstance(self.field, QtWidgets.QLineEdit):
            return self.field.text()
        return None

    def _confirm(self) -> None:
        self.answered.emit(self.value())

    def focus_first(self) -> None:
        """Put the keyboard focus on the first control."""
        if self.field is not None:
            self.field.setFocus()
        elif self.checks:
            next(iter(self.checks.values())).setFocus()
        elif self.buttons:
            next(iter(self.buttons.values())).setFocus()
