"""Consent, shown in both languages: to screen, to store and to refer, each its own answer,
and who gives it (the person, or for a child: the child alone, or a parent or guardian
together with the child).

Without consent to screen no question is asked; the core records only the
refusal (the vault keeps nothing else). The answers go to the core as
`app.domain.consent.ConsentAnswers`.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.domain.consent import CHILD_GIVERS, GIVER_TITLES, ConsentAnswers
from app.domain.models import ConsentGiver
from app.domain.referral_rules import CONSENT_DEFAULT_SECTIONS, SECTIONS
from app.i18n import N_, _, form_text, translate
from app.ui.controls import button, label, set_text
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
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.continue_button)
        content = QtWidgets.QWidget()
        inner = QtWidgets.QVBoxLayout(content)
        inner.addWidget(self.title)
        inner.addLayout(scripts)
        inner.addSpacing(12)
        inner.addLayout(givers)
        inner.addSpacing(8)
        inner.addLayout(grid)
        inner.addWidget(self.not_kept_note)
        inner.addWidget(self.sections_panel)
        inner.addWidget(self.error)
        inner.addLayout(buttons)
        inner.addStretch(1)
        self.scroll = scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(scroll)
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
            QtCore.QTimer.singleShot(0, self.show_sections_panel)

    def show_sections_panel(self) -> None:
        """Scroll the page so the list of sections, and Continue below it, show."""
        if self.sections_panel.isVisible():
            self.scroll.ensureWidgetVisible(self.continue_button, 0, 8)

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
        first = self.items[CONSENT_ITEMS[0][0]][2]
        first.setFocus()

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
        self.script_respondent.setVisible(self.respondent_lang != self.interviewer_lang)
        for key, text in CONSENT_ITEMS:
            mine, theirs, yes, no = self.items[key]
            mine.setText(translate(text, self.interviewer_lang))
            theirs.setText(translate(text, self.respondent_lang))
            set_text_direction(theirs, self.respondent_lang)
            set_text_direction(mine, self.interviewer_lang)
            question = translate(text, self.interviewer_lang)
            yes_text = _("Yes") + " · " + translate("Yes", self.respondent_lang)
            no_text = _("No") + " · " + translate("No", self.respondent_lang)
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
            return
        self.error.hide()
        self.consent_given.emit(answers)
