"""Consent, shown in both languages: to screen, to store and to refer, each its own answer,
and who gives it (the person, or for a child: the child alone, or a parent or guardian
together with the child).

Without consent to screen no question is asked; the core records only the
refusal (the vault keeps nothing else). The answers go to the core as
`app.domain.consent.ConsentAnswers`.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.consent import CHILD_GIVERS, GIVER_TITLES, ConsentAnswers
from app.domain.models import ConsentGiver
from app.domain.referral_rules import CONSENT_DEFAULT_SECTIONS, SECTIONS
from app.i18n import N_, _, current_language, form_text, translate
from app.ui.bidi import isolate, key_hint
from app.ui.controls import button, label, quiet_scroll_area, set_text
from app.ui.flow_layout import flow_bar
from app.ui.language import Retranslating, set_text_direction

CONSENT_ITEMS = (
    ("screen", N_("Do you agree to answer some questions now? You may skip any question.")),
    (
        "store",
        N_(
            "May we keep your answers, encrypted, for as long as your case needs it? If not, "
            "they are used only for this conversation and deleted when it ends."
        ),
    ),
    ("refer", N_("May we share what is needed with a support service you choose?")),
)

SECTIONS_QUESTION = N_("What may a referral tell the service? Tick each part you agree to share.")
NOT_KEPT_NOTE = N_(
    "The answers will be deleted when the screening ends. Kept: this consent, the outcome "
    "and any referral made before you leave the summary."
)


class ConsentPage(Retranslating):
    """Shows the consent script and three yes/no questions; emits `consent_given(answers)`."""

    consent_given = QtCore.Signal(object)
    cancelled = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentPage")
        self.interviewer_lang = "en"
        self.respondent_lang = "en"
        self.script = ""
        self.title = label("title")
        self.script_interviewer = label("interviewer")
        self.script_interviewer.setObjectName("consentScriptInterviewer")
        # Large, but smaller than a single question: a consent script runs to several lines.
        self.script_respondent = label("interviewer")
        self.script_respondent.setObjectName("consentScriptRespondent")
        for script in (self.script_interviewer, self.script_respondent):
            script.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        self.items: dict[
            str,
            tuple[
                QtWidgets.QLabel, QtWidgets.QLabel, QtWidgets.QRadioButton, QtWidgets.QRadioButton
            ],
        ] = {}
        self.audience = "adult"
        self.giver_question = label("note")
        self.giver_question.setObjectName("consentGiverQuestion")
        self.giver_group = QtWidgets.QButtonGroup(self)
        self.giver_buttons: dict[ConsentGiver, QtWidgets.QRadioButton] = {}
        givers = QtWidgets.QVBoxLayout()
        givers.addWidget(self.giver_question)
        for giver in ConsentGiver:
            radio = QtWidgets.QRadioButton()
            radio.setObjectName(f"consent_by_{giver.value}")
            self.giver_group.addButton(radio)
            self.giver_buttons[giver] = radio
            givers.addWidget(radio)
        grid = QtWidgets.QGridLayout()
        grid.setHorizontalSpacing(16)
        for row, (key, _text) in enumerate(CONSENT_ITEMS):
            mine = label("note")
            theirs = label()
            theirs.setObjectName(f"consent_{key}_respondent")
            yes = QtWidgets.QRadioButton()
            yes.setObjectName(f"consent_{key}_yes")
            no = QtWidgets.QRadioButton()
            no.setObjectName(f"consent_{key}_no")
            group = QtWidgets.QButtonGroup(self)
            group.addButton(yes)
            group.addButton(no)
            grid.addWidget(theirs, row * 2, 0, 1, 3)
            grid.addWidget(mine, row * 2 + 1, 0)
            grid.addWidget(yes, row * 2 + 1, 1)
            grid.addWidget(no, row * 2 + 1, 2)
            self.items[key] = (mine, theirs, yes, no)
        grid.setColumnStretch(0, 1)
        self.items["screen"][3].toggled.connect(self._screen_refused)
        self.not_kept_note = label("note")
        self.not_kept_note.setObjectName("consentNotKeptNote")
        self.not_kept_note.hide()
        self.items["store"][3].toggled.connect(self.not_kept_note.setVisible)
        self.sections_panel = self._sections_panel()
        self.items["refer"][2].toggled.connect(self._show_sections)
        for _mine, _theirs, yes, no in self.items.values():
            for radio in (yes, no):
                radio.toggled.connect(self._answered)
        self.keys_note = label("note")
        self.keys_note.setObjectName("consentKeys")
        self.error = label("error")
        self.error.setObjectName("consentError")
        self.error.hide()
        self.continue_button = button("primary", "consentContinue")
        self.continue_button.clicked.connect(self._submit)
        self.cancel_button = button("", "consentCancel")
        self.cancel_button.clicked.connect(self.cancelled)
        scripts = QtWidgets.QHBoxLayout()
        scripts.addWidget(self.script_interviewer, 1)
        scripts.addWidget(self.script_respondent, 1)
        content = QtWidgets.QWidget()
        inner = QtWidgets.QVBoxLayout(content)
        inner.addWidget(self.title)
        inner.addLayout(scripts)
        inner.addSpacing(12)
        inner.addLayout(givers)
        inner.addSpacing(8)
        inner.addWidget(self.keys_note)
        inner.addLayout(grid)
        inner.addWidget(self.not_kept_note)
        inner.addWidget(self.sections_panel)
        inner.addStretch(1)
        # The script and questions scroll; the error and the buttons stay in view below.
        self.scroll = scroll = quiet_scroll_area("consentScroll")
        scroll.setWidget(content)
        self.action_bar = flow_bar(None, self.cancel_button, self.continue_button)
        self.action_bar.setObjectName("consentActions")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.action_bar)
        for key, value in (("Y", True), ("N", False)):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self)
            shortcut.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda v=value: self.answer_current(v))
        self.retranslate()

    def _sections_panel(self) -> QtWidgets.QWidget:
        """The packet sections, one check box each, shown once the person agrees to refer."""
        panel = QtWidgets.QFrame()
        panel.setObjectName("consentSections")
        panel.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        grid = QtWidgets.QGridLayout(panel)
        grid.setHorizontalSpacing(16)
        self.sections_question_respondent = label()
        self.sections_question_respondent.setObjectName("consentSectionsRespondent")
        self.sections_question = label("note")
        grid.addWidget(self.sections_question_respondent, 0, 0, 1, 2)
        grid.addWidget(self.sections_question, 1, 0, 1, 2)
        # Each row: the check box in the interviewer's language, the respondent's words beside it.
        self.section_boxes: dict[str, QtWidgets.QCheckBox] = {}
        self.section_labels: dict[str, QtWidgets.QLabel] = {}
        for row, key in enumerate(SECTIONS, start=2):
            box = QtWidgets.QCheckBox()
            box.setObjectName(f"consent_section_{key}")
            theirs = label()
            theirs.setObjectName(f"consent_section_{key}_respondent")
            theirs.setBuddy(box)
            grid.addWidget(box, row, 0)
            grid.addWidget(theirs, row, 1)
            self.section_boxes[key] = box
            self.section_labels[key] = theirs
        grid.setColumnStretch(1, 1)
        panel.hide()
        return panel

    def _show_sections(self, refer: bool) -> None:
        self.sections_panel.setVisible(refer)
        if refer:
            # The list opens below the fold on a laptop screen: bring it into view once laid out.
            QtCore.QTimer.singleShot(0, self, self.show_sections_panel)

    def show_sections_panel(self) -> None:
        """Scroll the page so the list of sections shows."""
        if self.sections_panel.isVisible():
            self.scroll.ensureWidgetVisible(self.sections_panel, 0, 8)

    # --- keyboard: Y and N answer the question in focus, then the next one ---------------
    def _open_items(self) -> list[str]:
        return [
            key
            for key, (_mine, _theirs, yes, no) in self.items.items()
            if yes.isEnabled() and not (yes.isChecked() or no.isChecked())
        ]

    def current_item(self) -> str | None:
        """The consent question with the keyboard focus, else the first one not answered."""
        focused = QtWidgets.QApplication.focusWidget()
        for key, (_mine, _theirs, yes, no) in self.items.items():
            if focused in (yes, no) and yes.isEnabled():
                return key
        open_items = self._open_items()
        return open_items[0] if open_items else None

    def answer_current(self, agree: bool) -> None:
        """Y or N: answer the current consent question and move on to the next open one."""
        key = self.current_item()
        if key is None:
            self.continue_button.setFocus()
            return
        _mine, _theirs, yes, no = self.items[key]
        (yes if agree else no).setChecked(True)
        open_items = self._open_items()
        if open_items:
            self.items[open_items[0]][2].setFocus()
        else:
            self.continue_button.setFocus()

    def _answered(self, *_args: object) -> None:
        # An error about unanswered questions goes once they are all answered.
        if self.error.isVisible() and self.answers() is not None:
            self.error.hide()

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange and self.script:
            # Switched in mid-consent: the interviewer's side follows the new language.
            self.interviewer_lang = current_language()
        super().changeEvent(event)

    def initial_focus(self) -> QtWidgets.QWidget:
        """The first consent question's Yes (the page also answers to Y and N)."""
        return self.items[CONSENT_ITEMS[0][0]][2]

    def prepare(
        self,
        consent_script: str,
        interviewer_lang: str,
        respondent_lang: str,
        audience: str = "adult",
    ) -> None:
        """Show the consent for a new screening; nothing is pre-selected.

        For a child questionnaire "the person themselves" is not offered: a
        child agrees alone, or together with a parent or guardian.
        """
        self.script = consent_script
        self.interviewer_lang = interviewer_lang
        self.respondent_lang = respondent_lang
        self.audience = audience
        radios = [r for item in self.items.values() for r in item[2:]]
        for radio in [*radios, *self.giver_buttons.values()]:
            group = radio.group()
            group.setExclusive(False)
            radio.setChecked(False)
            group.setExclusive(True)
        for giver, radio in self.giver_buttons.items():
            radio.setVisible(audience != "child" or giver in CHILD_GIVERS)
        # Only the least a service needs is pre-ticked; the rest the person agrees to by name.
        for key, box in self.section_boxes.items():
            box.setChecked(key in CONSENT_DEFAULT_SECTIONS)
        self.sections_panel.hide()
        self.error.hide()
        self.retranslate()
        self.scroll.verticalScrollBar().setValue(0)
        self.initial_focus().setFocus()

    def retranslate(self) -> None:
        self.title.setText(_("Consent"))
        self.giver_question.setText(_("Who gives this consent?"))
        for giver, radio in self.giver_buttons.items():
            title = _(GIVER_TITLES[giver])
            set_text(radio, title, _("Consent given by: {giver}").format(giver=title))
        self.not_kept_note.setText(_(NOT_KEPT_NOTE))
        self.script_interviewer.setText(form_text(self.interviewer_lang, self.script))
        set_text_direction(self.script_interviewer, self.interviewer_lang)
        self.script_respondent.setText(form_text(self.respondent_lang, self.script))
        set_text_direction(self.script_respondent, self.respondent_lang)
        both = self.respondent_lang != self.interviewer_lang
        self.script_respondent.setVisible(both)
        self.keys_note.setText(
            _("Keys: {yes} answers yes and {no} answers no to the question in focus.").format(
                yes=key_hint("Y"), no=key_hint("N")
            )
        )
        for key, text in CONSENT_ITEMS:
            mine, theirs, yes, no = self.items[key]
            mine.setText(translate(text, self.interviewer_lang))
            theirs.setText(translate(text, self.respondent_lang))
            set_text_direction(theirs, self.respondent_lang)
            set_text_direction(mine, self.interviewer_lang)
            # One language on both sides: the question once, above its answers.
            mine.setVisible(both and mine.text() != theirs.text())
            question = translate(text, self.interviewer_lang)
            yes_text, no_text = _("Yes"), _("No")
            their_yes = translate("Yes", self.respondent_lang)
            their_no = translate("No", self.respondent_lang)
            if both and their_yes != yes_text:
                yes_text = _("{interviewer} · {respondent}").format(
                    interviewer=yes_text, respondent=isolate(their_yes)
                )
            if both and their_no != no_text:
                no_text = _("{interviewer} · {respondent}").format(
                    interviewer=no_text, respondent=isolate(their_no)
                )
            set_text(yes, yes_text, _("Yes: {question}").format(question=question))
            set_text(no, no_text, _("No: {question}").format(question=question))
        self.sections_question.setText(translate(SECTIONS_QUESTION, self.interviewer_lang))
        set_text_direction(self.sections_question, self.interviewer_lang)
        self.sections_question_respondent.setText(
            translate(SECTIONS_QUESTION, self.respondent_lang)
        )
        set_text_direction(self.sections_question_respondent, self.respondent_lang)
        both = self.respondent_lang != self.interviewer_lang
        # A text not yet translated would show twice in the same words: once is enough.
        self.sections_question_respondent.setVisible(
            both and self.sections_question_respondent.text() != self.sections_question.text()
        )
        for key, text in SECTIONS.items():
            box = self.section_boxes[key]
            mine = translate(text, self.interviewer_lang)
            theirs = translate(text, self.respondent_lang)
            set_text(box, mine, _("May share: {section}").format(section=mine))
            set_text_direction(box, self.interviewer_lang)
            self.section_labels[key].setText(theirs)
            set_text_direction(self.section_labels[key], self.respondent_lang)
            self.section_labels[key].setVisible(both and theirs != mine)
        set_text(self.continue_button, _("Continue"))
        set_text(self.cancel_button, _("Cancel"))

    def _screen_refused(self, refused: bool) -> None:
        # Without consent to screen nothing else is asked, so nothing else is recorded.
        for key in ("store", "refer"):
            mine, theirs, yes, no = self.items[key]
            if refused:
                for radio in (yes, no):
                    radio.group().setExclusive(False)
                    radio.setChecked(False)
                    radio.group().setExclusive(True)
            for widget in (mine, theirs, yes, no):
                widget.setEnabled(not refused)

    def giver(self) -> ConsentGiver | None:
        """Who gives the consent, as ticked (None: not yet)."""
        return next((g for g, radio in self.giver_buttons.items() if radio.isChecked()), None)

    def answers(self) -> ConsentAnswers | None:
        """The answers and who gave them, or None while one is still open.

        A refusal to screen is the whole answer: storing and referring count as no.
        """
        giver = self.giver()
        if giver is None:
            return None
        if self.items["screen"][3].isChecked():
            return ConsentAnswers(screen=False, store=False, refer=False, given_by=giver)
        values: dict[str, bool] = {}
        for key, (_mine, _theirs, yes, no) in self.items.items():
            if not (yes.isChecked() or no.isChecked()):
                return None
            values[key] = yes.isChecked()
        sections = frozenset()
        if values["refer"]:
            sections = frozenset(k for k, box in self.section_boxes.items() if box.isChecked())
        # Exactly what was ticked (possibly nothing); never the core's default.
        return ConsentAnswers(**values, given_by=giver, refer_sections=sections)

    def choose(
        self,
        screen: bool,
        store: bool,
        refer: bool,
        sections: frozenset[str] | None = None,
        given_by: ConsentGiver | None = None,
    ) -> None:
        """Set the answers and, if given, the sections a referral may share and who consents."""
        if given_by is not None:
            self.giver_buttons[ConsentGiver(given_by)].setChecked(True)
        for key, value in (("screen", screen), ("store", store), ("refer", refer)):
            _mine, _theirs, yes, no = self.items[key]
            (yes if value else no).setChecked(True)
        if sections is not None:
            for key, box in self.section_boxes.items():
                box.setChecked(key in sections)

    def _submit(self) -> None:
        answers = self.answers()
        if answers is None:
            self.error.setText(
                _("Record who gives the consent, and an answer to each of the three questions.")
            )
            self.error.setAccessibleName(self.error.text())
            self.error.show()
            open_items = self._open_items()
            if self.giver() is None:
                next(r for r in self.giver_buttons.values() if not r.isHidden()).setFocus()
            elif open_items:
                self.items[open_items[0]][2].setFocus()
            return
        self.error.hide()
        self.consent_given.emit(answers)
