"""Starting a screening: questionnaire, both languages (with review status) and interpreter."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore, QtWidgets

from app.domain.models import InterpreterMode
from app.i18n import N_, _, current_language, form_text, offered_languages
from app.ui.controls import button, centered, label, quiet_scroll_area, set_text
from app.ui.flow_layout import flow_bar
from app.ui.forms_access import available_forms, forms_problem
from app.ui.language import Retranslating, language_title, review_title

INTERPRETER_TITLES = {
    InterpreterMode.NONE: N_("No interpreter"),
    InterpreterMode.IN_PERSON: N_("Interpreter in person"),
    InterpreterMode.PHONE: N_("Interpreter by phone"),
}


@dataclass(frozen=True)
class ScreeningChoice:
    """What the interviewer chose before consent is asked."""

    form_id: str
    interviewer_lang: str
    respondent_lang: str
    interpreter_mode: InterpreterMode
    interpreter_id: str
    interpreter_briefed: bool


class NewScreeningPage(Retranslating):
    """Collects a `ScreeningChoice`; emits `start_requested(choice)` or `cancelled`."""

    start_requested = QtCore.Signal(object)
    cancelled = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newScreeningPage")
        self.title = label("title")
        self.form_label = label()
        self.form_box = QtWidgets.QComboBox()
        self.form_box.setObjectName("formChoice")
        self.form_label.setBuddy(self.form_box)
        self.form_note = label("note")
        self.interviewer_label = label()
        self.interviewer_box = self._language_box("interviewerLanguage")
        self.interviewer_label.setBuddy(self.interviewer_box)
        self.interviewer_status = label("note")
        self.interviewer_status.setObjectName("interviewerReviewStatus")
        self.respondent_label = label()
        self.respondent_box = self._language_box("respondentLanguage")
        self.respondent_label.setBuddy(self.respondent_box)
        self.respondent_status = label("note")
        self.respondent_status.setObjectName("respondentReviewStatus")
        self.interpreter_group = QtWidgets.QGroupBox()
        self.interpreter_buttons: dict[InterpreterMode, QtWidgets.QRadioButton] = {}
        group_layout = QtWidgets.QVBoxLayout(self.interpreter_group)
        for mode in InterpreterMode:
            radio = QtWidgets.QRadioButton()
            radio.setObjectName(f"interpreter_{mode.value}")
            self.interpreter_buttons[mode] = radio
            group_layout.addWidget(radio)
        self.interpreter_id_label = label()
        self.interpreter_id = QtWidgets.QLineEdit()
        self.interpreter_id.setObjectName("interpreterId")
        self.interpreter_id_label.setBuddy(self.interpreter_id)
        self.briefed = QtWidgets.QCheckBox()
        self.briefed.setObjectName("interpreterBriefed")
        group_layout.addWidget(self.interpreter_id_label)
        group_layout.addWidget(self.interpreter_id)
        group_layout.addWidget(self.briefed)
        for radio in self.interpreter_buttons.values():
            radio.toggled.connect(self._interpreter_changed)
        self.error = label("error")
        self.error.setObjectName("newScreeningError")
        self.error.hide()
        self.start_button = button("primary", "startScreeningButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._submit)
        self.cancel_button = button("", "cancelNewScreening")
        self.cancel_button.clicked.connect(self.cancelled)

        form = QtWidgets.QGridLayout()
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(16)
        rows = (
            (self.form_label, self.form_box, self.form_note),
            (self.interviewer_label, self.interviewer_box, self.interviewer_status),
            (self.respondent_label, self.respondent_box, self.respondent_status),
        )
        for row, (name, field, note) in enumerate(rows):
            form.addWidget(name, row * 2, 0)
            form.addWidget(field, row * 2, 1)
            form.addWidget(note, row * 2 + 1, 1)
        form.setColumnStretch(1, 1)
        inner = QtWidgets.QWidget()
        inner.setMaximumWidth(820)
        inner_layout = QtWidgets.QVBoxLayout(inner)
        inner_layout.addWidget(self.title)
        inner_layout.addLayout(form)
        inner_layout.addWidget(self.interpreter_group)
        inner_layout.addWidget(self.error)
        inner_layout.addStretch(1)
        # The choices scroll on a small screen; Cancel and Continue stay in view below them.
        scroll = quiet_scroll_area("newScreeningScroll")
        scroll.setWidget(centered(inner, 820))
        actions = flow_bar(None, self.cancel_button, self.start_button)
        actions.setObjectName("newScreeningActions")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(scroll, 1)
        layout.addWidget(actions)
        self.interviewer_box.currentIndexChanged.connect(self._update_status)
        self.respondent_box.currentIndexChanged.connect(self._update_status)
        self.form_box.currentIndexChanged.connect(self._update_form_note)
        self.retranslate()
        self.reset(forms=False)  # the questionnaires are read when the page opens

    @staticmethod
    def _language_box(name: str) -> QtWidgets.QComboBox:
        box = QtWidgets.QComboBox()
        box.setObjectName(name)
        for lang in offered_languages():
            box.addItem(lang.native_name, lang.code)
        return box

    def _title_languages(self) -> None:
        """Each language in its own name and in the interface language ("ไทย (Thai)")."""
        for box in (self.interviewer_box, self.respondent_box):
            for index in range(box.count()):
                box.setItemText(index, language_title(box.itemData(index)))

    def retranslate(self) -> None:
        self.title.setText(_("New screening"))
        self.form_label.setText(_("&Questionnaire"))
        self.form_box.setAccessibleName(_("Questionnaire"))
        self.interviewer_label.setText(_("&Your language"))
        self.interviewer_box.setAccessibleName(_("Interviewer's language"))
        self.respondent_label.setText(_("&Respondent's language"))
        self.respondent_box.setAccessibleName(_("Respondent's language"))
        self.interpreter_group.setTitle(_("Interpreter"))
        for mode, radio in self.interpreter_buttons.items():
            set_text(radio, _(INTERPRETER_TITLES[mode]))
        self.interpreter_id_label.setText(_("Interpreter's &identifier (badge or agency number)"))
        self.interpreter_id.setAccessibleName(_("Interpreter's identifier"))
        set_text(
            self.briefed,
            _("The interpreter was briefed on confidentiality and has no tie to the respondent"),
        )
        set_text(self.start_button, _("Continue to consent"))
        set_text(self.cancel_button, _("Cancel"))
        self._title_languages()
        # Reading the questionnaires takes half a second: not before the first window
        # is painted. `reset()` fills the list each time the page is opened.
        if self.isVisible():
            self._fill_forms()
        self._update_status()

    def _fill_forms(self) -> None:
        current = self.form_box.currentData()
        self.form_box.blockSignals(True)
        self.form_box.clear()
        for form in available_forms().values():
            self.form_box.addItem(form_text(current_language(), form.title), form.id)
        index = self.form_box.findData(current)
        self.form_box.setCurrentIndex(max(index, 0))
        self.form_box.blockSignals(False)
        self._update_form_note()

    def _update_form_note(self, *_args: object) -> None:
        form = available_forms().get(self.form_box.currentData() or "")
        if form is None:
            self.form_note.setText(forms_problem() or _("No questionnaire is installed."))
            return
        self.form_note.setText(
            _("About {minutes} minutes. {description}").format(
                minutes=form.estimated_minutes,
                description=form_text(current_language(), form.description),
            )
        )

    def _update_status(self, *_args: object) -> None:
        for box, status in (
            (self.interviewer_box, self.interviewer_status),
            (self.respondent_box, self.respondent_status),
        ):
            code = box.currentData()
            if code:
                status.setText(review_title(code))
                status.setAccessibleName(status.text())

    def _interpreter_changed(self, *_args: object) -> None:
        needed = not self.interpreter_buttons[InterpreterMode.NONE].isChecked()
        for widget in (self.interpreter_id_label, self.interpreter_id, self.briefed):
            widget.setEnabled(needed)

    def reset(self, *, forms: bool = True, default_form: str = "") -> None:
        """Fresh choices: the default questionnaire (if installed), the UI language for
        the interviewer, no interpreter."""
        if forms:
            self._fill_forms()
            index = self.form_box.findData(default_form) if default_form else -1
            if index >= 0:
                self.form_box.setCurrentIndex(index)
        index = self.interviewer_box.findData(current_language())
        self.interviewer_box.setCurrentIndex(max(index, 0))
        self.respondent_box.setCurrentIndex(max(index, 0))
        self.interpreter_buttons[InterpreterMode.NONE].setChecked(True)
        self.interpreter_id.clear()
        self.briefed.setChecked(False)
        self.error.hide()
        self._interpreter_changed()
        self.form_box.setFocus()

    def mode(self) -> InterpreterMode:
        """The interpreter mode chosen."""
        for mode, radio in self.interpreter_buttons.items():
            if radio.isChecked():
                return mode
        return InterpreterMode.NONE

    def _submit(self) -> None:
        form_id = self.form_box.currentData()
        mode = self.mode()
        if not form_id:
            self._fail(forms_problem() or _("No questionnaire is installed."), self.form_box)
        elif mode is not InterpreterMode.NONE and not self.interpreter_id.text().strip():
            self._fail(_("Enter the interpreter's identifier."), self.interpreter_id)
        elif mode is not InterpreterMode.NONE and not self.briefed.isChecked():
            self._fail(
                _("Brief the interpreter on confidentiality first, then tick the box."),
                self.briefed,
            )
        else:
            self.error.hide()
            self.start_requested.emit(
                ScreeningChoice(
                    form_id=form_id,
                    interviewer_lang=self.interviewer_box.currentData(),
                    respondent_lang=self.respondent_box.currentData(),
                    interpreter_mode=mode,
                    interpreter_id=self.interpreter_id.text().strip()
                    if mode is not InterpreterMode.NONE
                    else "",
                    interpreter_briefed=self.briefed.isChecked()
                    if mode is not InterpreterMode.NONE
                    else False,
                )
            )

    def _fail(self, message: str, focus: QtWidgets.QWidget) -> None:
        self.error.setText(message)
        self.error.setAccessibleName(message)
        self.error.show()
        focus.setFocus()
