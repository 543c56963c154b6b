"""The answer controls for one question: big buttons with keyboard shortcuts.

yes/no/unsure answer with Y, N, U; options with digits 1-9 and 0; every question
has "Prefer not to say" (P), which is its own answer and never a "no".
Number, date and short-text questions take a field and Enter; P declines from
inside a number or date field too (a short-text field keeps the letters it types). The same panel
serves the interviewer's page and the respondent view. When the interviewer's
language differs from the respondent's, every option shows the respondent's
words with the interviewer's beneath them, so the choices can be read out.

The panel is a named group whose description is the question: a screen
reader entering it hears which question the answers belong to. After Back,
the answer given before is marked, said in words above the buttons, and
holds the keyboard focus (Enter keeps it); no other answer is pre-focused.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import N_, _, form_text, is_rtl, pgettext_in, translate
from app.ui.answer_button import AnswerButton
from app.ui.bidi import in_direction, in_lang, key_hint
from app.ui.controls import label, set_role
from app.ui.language import set_text_direction

YES_NO = (("yes", N_("Yes"), "Y"), ("no", N_("No"), "N"), ("unsure", N_("Not sure"), "U"))
DECLINE = N_("Prefer not to say")
DECLINE_KEY = "P"
CONFIRM = N_("Confirm")
CONFIRM_KEY = "Return"


def option_key(index: int) -> str:
    """The digit that picks option `index` (1-9, then 0 for the tenth); "" beyond."""
    return str((index + 1) % 10) if index < 10 else ""


def key_name(key: str) -> str:
    """How a key is named on screen: "Enter" for Return, else the key itself."""
    return _("Enter") if key == CONFIRM_KEY else key


class _ClickToToggle(QtCore.QObject):
    """Lets a click on the interviewer's line under a check box tick or untick it."""

    def __init__(self, check: QtWidgets.QCheckBox, line: QtWidgets.QLabel) -> None:
        super().__init__(line)
        self._check = check
        line.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() == QtCore.QEvent.Type.MouseButtonRelease:
            self._check.toggle()
            self._check.setFocus()
            return True
        return False


class _LetterKeysPass(QtCore.QObject):
    """A number or date field types no letters, yet claims every printable key: the
    panel's letter shortcuts (P, prefer not to say) act from inside it instead of
    being swallowed. Digits, signs and Enter still go to the field."""

    def __init__(self, field: QtWidgets.QWidget, letters: frozenset[str]) -> None:
        super().__init__(field)
        self._letters = letters
        field.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QtCore.QEvent.Type.ShortcutOverride
            and not event.modifiers() & ~QtCore.Qt.KeyboardModifier.KeypadModifier
            and event.text().upper() in self._letters
        ):
            event.ignore()  # not the field's: the shortcut map may take it
            return True
        return False


class AnswerPanel(QtWidgets.QGroupBox):
    """Emits `answered(value)` or `declined()`.

    `show_question(question, lang, previous, mine=...)`: the respondent's texts in
    `lang`, the interviewer's beneath them in `mine` when it differs. With a
    `shortcut_host` the keys Y/N/U/P and 1-9 work anywhere in that widget
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
        self.setObjectName("answerPanel")
        self.setFlat(True)  # a group for screen readers; the style sheet draws no frame
        # It holds the focus while one question's answers give way to the next (a group
        # box without a focus policy would pass it on, to the window's Hide button);
        # never a Tab stop of its own.
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.ClickFocus)
        self._host = shortcut_host
        # The respondent view keeps the keys working but does not print Latin key letters.
        self._show_keys = shortcut_host is not None and show_keys
        self._shortcuts: list[QtGui.QShortcut] = []
        self.question: Any = None
        self.lang = "en"
        self.mine_lang = "en"
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        self.checks: dict[str, QtWidgets.QCheckBox] = {}
        self.field: QtWidgets.QWidget | None = None
        self.chosen: QtWidgets.QWidget | None = None
        self.previous_note = label("chosen")
        self.previous_note.setObjectName("previousAnswer")
        self.previous_note.hide()
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.previous_note)
        self._layout = QtWidgets.QGridLayout()
        self._layout.setSpacing(10)
        outer.addLayout(self._layout)

    # --- building -----------------------------------------------------------------------
    def _clear(self) -> None:
        # The focus must not fall to the next control in the window (the Hide button)
        # while the old buttons go: the group holds it until the new answers are there.
        focused = QtWidgets.QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            self.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
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
        self.chosen = None
        self.previous_note.hide()

    def _shortcut(self, key: str, slot: object) -> None:
        if self._host is None:
            return
        shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self._host)
        shortcut.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        self._shortcuts.append(shortcut)

    def _mine(self, text: str) -> str:
        """The interviewer's words for a text, "" when both read the same language."""
        return translate(text, self.mine_lang) if self.mine_lang != self.lang else ""

    def _answer_button(
        self, name: str, theirs: str, mine: str, key: str, slot: object
    ) -> AnswerButton:
        widget = AnswerButton(name)
        shown_key = key_name(key) if self._show_keys and key else ""
        widget.set_texts(theirs, self.lang, mine, self.mine_lang, shown_key)
        # The interviewer hears their own language first; the respondent's words follow.
        spoken = mine or theirs
        widget.setAccessibleName(spoken)
        described = [theirs] if mine and mine != theirs else []
        if shown_key:
            described.append(_("Shortcut: {key}").format(key=shown_key))
        widget.setAccessibleDescription(". ".join(described))
        widget.clicked.connect(slot)
        if key:
            self._shortcut(key, widget.click)
        return widget

    def show_question(
        self,
        question: Any,
        lang: str,
        previous: object = None,
        *,
        declined: bool = False,
        mine: str | None = None,
    ) -> None:
        """Build the controls for `question`: texts in `lang` (and `mine` beneath when it
        differs); `previous` (or `declined`) marks and focuses the answer given before."""
        self._clear()
        self.question = question
        self.lang = lang
        self.mine_lang = mine or lang
        if question is None:
            self.setAccessibleName("")
            self.setAccessibleDescription("")
            return
        # Laid out for the respondent, who reads the large words (first option at their start).
        set_text_direction(self, lang)
        self.setAccessibleName(_("Answers to this question"))
        self.setAccessibleDescription(form_text(self.mine_lang, question.text))
        kind = question.type
        row = 0
        if kind == "yes_no":
            for column, (value, text, key) in enumerate(YES_NO):
                widget = self._answer_button(
                    f"answer_{value}",
                    translate(text, lang),
                    self._mine(text),
                    key,
                    lambda _=False, v=value: self.answered.emit(v),
                )
                self.buttons[value] = widget
                self._layout.addWidget(widget, 0, column)
                if previous == value and not declined:
                    self._mark_chosen(widget)
            row = 1
        elif kind == "single":
            for index, option in enumerate(question.options):
                widget = self._answer_button(
                    f"answer_{option.id}",
                    form_text(lang, option.text),
                    form_text(self.mine_lang, option.text) if self.mine_lang != lang else "",
                    option_key(index),
                    lambda _=False, v=option.id: self.answered.emit(v),
                )
                self.buttons[option.id] = widget
                self._layout.addWidget(widget, index // 2, index % 2)
                if previous == option.id and not declined:
                    self._mark_chosen(widget)
            row = (len(question.options) + 1) // 2
        elif kind == "multiple":
            chosen = set(previous or []) if isinstance(previous, list) and not declined else set()
            for index, option in enumerate(question.options):
                cell = self._check_cell(option, option_key(index), option.id in chosen)
                self._layout.addWidget(cell, index // 2, index % 2)
            row = (len(question.options) + 1) // 2
            confirm = self._answer_button(
                "answer_confirm",
                translate(CONFIRM, lang),
                self._mine(CONFIRM),
                CONFIRM_KEY,
                self._confirm,
            )
            self._shortcut("Enter", confirm.click)  # the keypad's Enter too
            self.buttons["confirm"] = confirm
            self._layout.addWidget(confirm, row, 0)
            row += 1
            if chosen:
                self.chosen = next(c for k, c in self.checks.items() if k in chosen)
        else:
            self.field = self._field(question, None if declined else previous)
            self.field.setObjectName("answerField")
            if self._host is not None and not isinstance(self.field, QtWidgets.QLineEdit):
                _LetterKeysPass(self.field, frozenset({DECLINE_KEY}))
            self.field.setAccessibleName(form_text(self.mine_lang, question.text))
            self._layout.addWidget(self.field, 0, 0, 1, 2)
            confirm = self._answer_button(
                "answer_confirm", translate(CONFIRM, lang), self._mine(CONFIRM), "", self._confirm
            )
            self.buttons["confirm"] = confirm
            self._layout.addWidget(confirm, 1, 0)
            row = 2
            if previous is not None and not declined:
                self.chosen = self.field
        decline = self._answer_button(
            "answer_declined",
            translate(DECLINE, lang),
            self._mine(DECLINE),
            DECLINE_KEY,
            self.declined.emit,
        )
        self.buttons["declined"] = decline
        self._layout.addWidget(decline, row, 0, 1, 2 if kind != "yes_no" else 3)
        if declined:
            self._mark_chosen(decline)
        self._say_previous(question, previous, declined)
        # A layout shows new children only on the next event loop turn; show them now so
        # the keyboard focus can move to them at once.
        for index in range(self._layout.count()):
            widget = self._layout.itemAt(index).widget()
            if widget is not None and self.isVisible():
                widget.show()

    def _check_cell(self, option: Any, key: str, checked: bool) -> QtWidgets.QWidget:
        """A check box with its key, and beside it the option's words in both languages,
        wrapping (a check box's own text cannot wrap); a click on the words ticks it too."""
        theirs = form_text(self.lang, option.text)
        mine = form_text(self.mine_lang, option.text) if self.mine_lang != self.lang else ""
        check = QtWidgets.QCheckBox()
        check.setObjectName(f"answer_{option.id}")
        set_role(check, "answer")
        hint = key_hint(key) if self._show_keys and key else ""
        check.setText(in_direction(hint, self.lang) if hint else "")
        set_text_direction(check, self.lang)
        check.setAccessibleName(mine or theirs)
        described = [theirs] if mine and mine != theirs else []
        if hint:
            described.append(_("Shortcut: {key}").format(key=key))
        check.setAccessibleDescription(". ".join(described))
        check.setChecked(checked)
        if checked:
            check.setProperty("chosen", True)
            set_role(check, "answer")
        if key:
            self._shortcut(key, check.toggle)
        self.checks[option.id] = check
        side = (
            QtCore.Qt.AlignmentFlag.AlignRight
            if is_rtl(self.lang)
            else QtCore.Qt.AlignmentFlag.AlignLeft
        )
        cell = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout(cell)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        grid.addWidget(check, 0, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        for row, (text, lang, role, suffix) in enumerate(
            (
                (theirs, self.lang, "answerTheirs", "theirs"),
                (mine, self.mine_lang, "answerMine", "mine"),
            )
        ):
            if not text:
                continue
            line = label(role)
            line.setObjectName(f"answer_{option.id}_{suffix}")
            line.setText(text)
            set_text_direction(line, lang)
            # Both lines on the side the box is on, whatever their own direction.
            line.setAlignment(QtCore.Qt.AlignmentFlag.AlignAbsolute | side)
            _ClickToToggle(check, line)
            grid.addWidget(line, row, 1)
        grid.setColumnStretch(1, 1)
        return cell

    def _mark_chosen(self, widget: QtWidgets.QPushButton) -> None:
        """After Back, the answer given before stands out and holds the focus."""
        widget.setProperty("chosen", True)
        set_role(widget, "answer")  # re-polished: the style follows the new property
        widget.setAccessibleDescription(
            ". ".join(filter(None, [_("Answer given before"), widget.accessibleDescription()]))
        )
        self.chosen = widget

    def _say_previous(self, question: Any, previous: object, declined: bool) -> None:
        if declined:
            given = translate(DECLINE, self.mine_lang)
        elif previous is None or previous == []:
            return
        else:
            given = answer_words(question, previous, self.mine_lang)
        self.previous_note.setText(_("Answer given before: {answer}").format(answer=given))
        set_text_direction(self.previous_note, self.mine_lang)
        self.previous_note.show()

    def _field(self, question: Any, previous: object) -> QtWidgets.QWidget:
        digit = self.fontMetrics().horizontalAdvance("0")
        if question.type == "number":
            field = QtWidgets.QDoubleSpinBox()
            field.setDecimals(0)
            # One step below the question's minimum stands for "nothing typed yet" and
            # shows as an empty field: a fresh age question must not hold a 0 that Enter
            # would record as the person's age.
            low = question.min if question.min is not None else -1_000_000
            field.setRange(low - 1, question.max if question.max is not None else 1_000_000)
            field.setSpecialValueText(" ")
            field.setValue(low - 1)
            field.setMaximumWidth(digit * 16 + 80)  # a number, not a line of text
            if isinstance(previous, int | float):
                field.setValue(previous)
            field.lineEdit().returnPressed.connect(self._confirm)
            return field
        if question.type == "date":
            field = QtWidgets.QDateEdit()
            field.setDisplayFormat("yyyy-MM-dd")
            field.setCalendarPopup(True)
            field.setMaximumWidth(digit * 18 + 80)
            field.setDate(
                QtCore.QDate.fromString(previous, "yyyy-MM-dd")
                if isinstance(previous, str)
                else QtCore.QDate.currentDate()
            )
            return field
        field = QtWidgets.QLineEdit()
        field.setMaxLength(500)
        field.setMaximumWidth(digit * 60)
        if isinstance(previous, str):
            field.setText(previous)
        field.returnPressed.connect(self._confirm)
        return field

    # --- reading and focus --------------------------------------------------------------
    def value(self) -> object:
        """The value in the field or check boxes (multiple, number, date, text)."""
        if self.question is None:
            return None
        if self.question.type == "multiple":
            return [option_id for option_id, check in self.checks.items() if check.isChecked()]
        if isinstance(self.field, QtWidgets.QDoubleSpinBox):
            number = self.field.value()
            if number == self.field.minimum():
                return None  # nothing typed yet
            return int(number) if number.is_integer() else number
        if isinstance(self.field, QtWidgets.QDateEdit):
            return self.field.date().toString("yyyy-MM-dd")
        if isinstance(self.field, QtWidgets.QLineEdit):
            return self.field.text()
        return None

    def _confirm(self) -> None:
        value = self.value()
        if value is None and isinstance(self.field, QtWidgets.QDoubleSpinBox):
            # An empty number field answers nothing: type the number, or decline.
            QtWidgets.QApplication.beep()
            self.field.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
            return
        self.answered.emit(value)

    def focus_first(self) -> None:
        """Focus the answer given before if there is one, else the first control."""
        target: QtWidgets.QWidget | None = self.chosen
        if target is None:
            if self.field is not None:
                target = self.field
            elif self.checks:
                target = next(iter(self.checks.values()))
            elif self.buttons:
                target = next(iter(self.buttons.values()))
        if target is not None:
            target.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
            if isinstance(target, QtWidgets.QAbstractSpinBox):
                # Selected, so the digits typed replace the empty mark (or the answer
                # given before) instead of landing beside it.
                target.selectAll()


def answer_words(question: Any, value: object, lang: str) -> str:
    """A given answer in words, in `lang`."""
    if question.type == "yes_no":
        titles = {key: title for key, title, _key in YES_NO}
        return translate(titles.get(str(value), str(value)), lang)
    if question.type == "single":
        option = question.option(value)
        return form_text(lang, option.text) if option else str(value)
    if question.type == "multiple" and isinstance(value, list):
        names = [form_text(lang, o.text) if (o := question.option(v)) else str(v) for v in value]
        separator = pgettext_in(lang, "list separator", ", ")
        return separator.join(in_lang(name, lang) for name in names)
    return str(value)
