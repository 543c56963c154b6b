"""The summary after a screening: about the person, answers, the outcome with its
explanation and caution, what was declined, the closing script, the next step
(referral or close), and the case's referrals with their follow-up.

The referral dialog is built elsewhere; it plugs in with `set_referral_handler`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain import child_protection
from app.domain.screening_states import answers_forgotten
from app.i18n import N_, _, current_language, form_text
from app.ui.bidi import in_direction, isolate, ltr
from app.ui.controls import button, label, quiet_scroll_area, set_text
from app.ui.flow_layout import flow_bar
from app.ui.language import Retranslating, set_text_direction
from app.ui.person_profile import PersonSummary
from app.ui.referral.history import ReferralHistory

# The referral packet dialog (its own issue) registers here:
# handler(parent_widget, vault, screening_id) -> the dialog shown (its `exported` signal,
# if it has one, refreshes the case's referrals)
ReferralHandler = Callable[[QtWidgets.QWidget, Any, int], Any]
_referral_handler: ReferralHandler | None = None

STATUS_LINES = {
    "completed": N_("The screening is complete."),
    "stopped": N_("The interview was stopped before the end: no outcome is given."),
    "refused": N_("The respondent did not consent to the screening. No question was asked."),
    "paused": N_("The interview is paused."),
    "draft": N_("The interview is in progress."),
}


def set_referral_handler(handler: ReferralHandler | None) -> None:
    """Plug in the referral dialog; the summary's Referral button calls it."""
    global _referral_handler
    _referral_handler = handler


def referral_handler() -> ReferralHandler | None:
    """The handler plugged in with `set_referral_handler`, if any."""
    return _referral_handler


def answer_text(question: Any, record: Any, lang: str) -> str:
    """An answer in words, in `lang` ("Prefer not to say" for a declined one)."""
    from app.screening.answer_words import answer_words

    return answer_words(question, record, lang)


class AnswerTable(QtWidgets.QTableWidget):
    """Question and answer, every row shown: the page scrolls, not a small box inside it.

    Tab leaves the table (arrow keys move in it); long questions wrap, and the
    table grows to its rows' height whenever its width changes.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setObjectName("answerTable")
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )

    def fit_rows(self) -> None:
        """Question column 60 % of the width; rows as tall as their text; no inner scrolling."""
        width = self.viewport().width()
        self.setColumnWidth(0, max(120, int(width * 0.6)))
        self.resizeRowsToContents()
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(row) for row in range(self.rowCount()))
        self.setFixedHeight(max(height, self.horizontalHeader().height() + 40))

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QtCore.QTimer.singleShot(0, self, self.fit_rows)


class SummaryPage(Retranslating):
    """Shows one screening's result; emits `done` (back to cases) or `close_case_requested`."""

    done = QtCore.Signal()
    close_case_requested = QtCore.Signal(int)  # case id

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPage")
        self.vault: Any = None
        self.screening: Any = None
        self.form: Any = None
        self.answers: dict[str, Any] = {}
        self.stored: Any = None  # the outcome as saved when the screening was completed
        self.status = ""
        self.title = label("title")
        self.status_line = label()
        self.status_line.setObjectName("summaryStatus")
        self.decision_line = label("interviewer")
        self.decision_line.setObjectName("outcomeDecision")
        self.version_line = label("note")
        self.version_line.setObjectName("outcomeVersion")
        self.outcome_title = label("interviewer")
        self.outcome_title.setObjectName("outcomeTitle")
        self.outcome_text = label()
        self.outcome_text.setObjectName("outcomeDescription")
        self.explanation = label("note")
        self.explanation.setObjectName("outcomeExplanation")
        self.caution = label("caution")
        self.caution.setObjectName("outcomeCaution")
        self.declined_title = label("interviewer")
        self.declined = label()
        self.declined.setObjectName("declinedList")
        self.unsure_title = label("interviewer")
        self.unsure = label()
        self.unsure.setObjectName("unsureList")
        self.answers_title = label("interviewer")
        self.not_kept = label("caution")
        self.not_kept.setObjectName("answersNotKept")
        self.answer_table = AnswerTable()
        self.closing_title = label("interviewer")
        self.closing_mine = label()
        self.closing_mine.setObjectName("closingInterviewer")
        self.closing_theirs = label("respondent")
        self.closing_theirs.setObjectName("closingRespondent")
        for script in (self.closing_mine, self.closing_theirs):
            script.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        self.next_title = label("interviewer")
        self.next_note = label("note")
        self.person = PersonSummary()
        self.referrals = ReferralHistory()
        self.referral_button = button("primary", "referralButton")
        self.referral_button.clicked.connect(self._referral)
        self.close_button = button("", "closeCaseButton")
        self.close_button.clicked.connect(self._close_case)
        self.back_button = button("", "summaryBackButton")
        self.back_button.clicked.connect(self.done)

        content = QtWidgets.QWidget()
        inner = QtWidgets.QVBoxLayout(content)
        for widget in (
            self.title,
            self.status_line,
            self.decision_line,
            self.outcome_title,
            self.outcome_text,
            self.version_line,
            self.caution,
            self.explanation,
            self.declined_title,
            self.declined,
            self.unsure_title,
            self.unsure,
            self.answers_title,
            self.not_kept,
            self.answer_table,
            self.closing_title,
            self.closing_mine,
            self.closing_theirs,
            self.next_title,
            self.next_note,
            # What a referral carries about the person, then the referrals made.
            self.person,
            self.referrals,
        ):
            inner.addWidget(widget)
        inner.addStretch(1)
        self.scroll = quiet_scroll_area("summaryScroll")
        self.scroll.setWidget(content)
        self.action_bar = flow_bar(self.back_button, None, self.close_button, self.referral_button)
        self.action_bar.setObjectName("summaryActions")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.action_bar)
        self.retranslate()

    def show_screening(self, vault: Any, screening: Any, form: Any, status: str) -> None:
        """Load one screening's answers from the vault and show everything."""
        self.vault = vault
        self.screening = screening
        self.form = form
        self.status = status
        self.answers = vault.screenings.answers(screening.id) if status != "refused" else {}
        self.person.setVisible(status != "refused")
        if status != "refused":
            self.person.show_case(vault, screening, form, self.answers)
        else:
            self.person.clear()
        self.referrals.show_case(vault, screening.case_id)
        self.stored = vault.screenings.outcome(screening.id) if status == "completed" else None
        self.retranslate()
        self.scroll.verticalScrollBar().setValue(0)
        self.back_button.setFocus()

    def clear(self) -> None:
        """Forget the screening (on lock)."""
        self.vault = self.screening = self.form = self.stored = None
        self.answers = {}
        self.answer_table.setRowCount(0)
        self.person.clear()
        self.referrals.clear()
        for widget in (
            *self._outcome_widgets(),
            self.declined,
            self.unsure,
            self.closing_mine,
            self.closing_theirs,
            self.status_line,
            self.not_kept,
        ):
            widget.clear()

    def _outcome_widgets(self) -> tuple[QtWidgets.QLabel, ...]:
        """The labels that show the stored outcome of a completed screening."""
        return (
            self.decision_line,
            self.version_line,
            self.outcome_title,
            self.outcome_text,
            self.explanation,
        )

    def retranslate(self) -> None:
        self.title.setText(_("Summary"))
        self.declined_title.setText(_("Declined (prefer not to say)"))
        self.unsure_title.setText(_("Not sure"))
        self.answers_title.setText(_("Answers"))
        self.closing_title.setText(_("Closing words"))
        self.next_title.setText(_("Next step"))
        self.answer_table.setHorizontalHeaderLabels([_("Question"), _("Answer")])
        self.answer_table.setAccessibleName(_("Answers"))
        set_text(self.referral_button, _("Prepare a referral…"))
        set_text(self.close_button, _("Close the case"))
        set_text(self.back_button, _("Back to cases"))
        if self.screening is not None:
            self._fill()

    def _fill(self) -> None:
        form, screening = self.form, self.screening
        # The worker reads the summary in the interface language, also after a switch:
        # outcome and dimension names included, so nothing stays in another language.
        mine = current_language()
        theirs = screening.respondent_lang
        self.status_line.setText(_(STATUS_LINES.get(self.status, STATUS_LINES["draft"])))
        completed = self.status == "completed" and form is not None
        for widget in (*self._outcome_widgets(), self.caution):
            widget.setVisible(completed)
        if completed:
            self._fill_outcome(mine)
        self._fill_list(self.declined_title, self.declined, mine, lambda r: r.declined)
        self._fill_list(
            self.unsure_title,
            self.unsure,
            mine,
            lambda r: not r.declined and r.value == "unsure",
        )
        self._fill_answers(mine)
        self._fill_not_kept()
        show_closing = form is not None and self.status != "refused"
        for widget in (self.closing_title, self.closing_mine):
            widget.setVisible(show_closing)
        self.closing_theirs.setVisible(show_closing and theirs != mine)
        if form is not None:
            self.closing_mine.setText(form_text(mine, form.closing_script))
            set_text_direction(self.closing_mine, mine)
            self.closing_theirs.setText(form_text(theirs, form.closing_script))
            set_text_direction(self.closing_theirs, theirs)
        may_refer = bool(screening.consent.refer) and self.status == "completed"
        duty = child_protection.duty_possible(
            screening,
            audience=form.audience if form is not None else None,
            profile=self.person.profile,
        )
        # Offered only when it can be done: a button that does nothing misleads.
        self.referral_button.setVisible(_referral_handler is not None and (may_refer or duty))
        self.referral_button.setEnabled(may_refer or duty)
        if duty:  # not "respect their choice": the duty may come before the child's no
            self.caution.setText(_(child_protection.CAUTION_CHILD_SAID_NO))
        if duty and _referral_handler is not None:
            self.next_note.setText(
                _(
                    "The child did not agree to a referral. If child protection must be told, "
                    "Prepare a referral offers a referral under the child-protection duty."
                )
            )
        elif not screening.consent.refer:
            self.next_note.setText(
                _("The respondent did not agree to a referral. Close the case when you are done.")
            )
        elif self.status != "completed":
            self.next_note.setText(
                _("A referral needs a completed screening. Close the case when you are done.")
            )
        elif _referral_handler is None:
            self.next_note.setText(
                _("Referral packets are not available in this version. Close the case when done.")
            )
        else:
            self.next_note.setText(_("Prepare a referral, or close the case."))

    def _fill_outcome(self, lang: str) -> None:
        """The stored outcome: decision, level, version it was scored with, explanation."""
        from app.screening.explanation import decision_title
        from app.screening.scoring import score

        form = self.form
        current = score(form, self.answers, lang)
        stored = self.stored
        result = stored.result if stored is not None else {}
        version = result.get("form_version") or self.screening.form_version
        same_rules = stored is None or str(version) == str(form.version)
        # Answers not kept and gone: nothing to score again; the stored outcome stands alone.
        gone = stored is not None and not self.answers and answers_forgotten(self.screening)
        level = stored.level if stored is not None else current.level
        rule = next((o for o in form.outcomes if o.id == level), None)
        decision = stored.decision if stored is not None else current.decision
        title = form_text(lang, rule.title) if rule else form_text(lang, result.get("title", ""))
        description = rule.description if rule else result.get("description", "")
        self.decision_line.setText(
            _("Decision: {decision}").format(decision=decision_title(decision) or _("unknown"))
        )
        self.outcome_title.setText(_("Outcome: {title}").format(title=isolate(title or level)))
        self.outcome_text.setText(form_text(lang, description) if description else "")
        lines = [_("Scored with version {version} of this questionnaire.").format(version=version)]
        if not same_rules and not gone:
            lines.append(
                _(
                    "The questionnaire is now at version {current}. With its rules these "
                    "answers would decide: {decision}"
                ).format(current=form.version, decision=decision_title(current.decision))
            )
        self.version_line.setText("\n".join(lines))
        # Same rules: the explanation is worked out again in today's language; otherwise
        # the lines saved with the outcome are shown as they were written.
        # (Today's lines start with the decision and the level, shown above already.)
        explanation = current.explanation[2:] if same_rules else result.get("explanation", [])
        if gone:
            explanation = []
        self.explanation.setText("\n".join(in_direction(str(line)) for line in explanation))
        self.caution.setText(current.caution)

    def _fill_list(self, title: Any, widget: Any, lang: str, chosen: Callable[[Any], bool]) -> None:
        questions = self.form.questions if self.form is not None else ()
        found = [q for q in questions if (r := self.answers.get(q.id)) and chosen(r)]
        title.setVisible(bool(found))
        widget.setVisible(bool(found))
        widget.setText(
            "\n".join(
                in_direction(
                    _("{ref}: {question}").format(
                        ref=ltr(q.ref), question=isolate(form_text(lang, q.text))
                    )
                )
                for q in found
            )
        )

    def _fill_not_kept(self) -> None:
        """Say so when the person did not agree to keeping the answers."""
        screening = self.screening
        forgotten = answers_forgotten(screening)
        self.not_kept.setVisible(forgotten)
        if not forgotten:
            return
        if self.answers:
            self.not_kept.setText(
                _(
                    "The person did not agree to keeping their answers: they were deleted from "
                    "the vault when the screening ended and are shown here only until you leave "
                    "this page. The consent, the outcome and any referral made now are kept."
                )
            )
        else:
            self.not_kept.setText(
                _("The answers were not kept, as the person asked: only the outcome remains.")
            )
        self.not_kept.setAccessibleName(self.not_kept.text())

    def _fill_answers(self, lang: str) -> None:
        form = self.form
        rows = [q for q in form.questions if q.id in self.answers] if form else []
        # Answers to questions of an earlier version are still shown, marked as such.
        rows += [q for q in form.retired_questions if q.id in self.answers] if form else []
        self.answer_table.setRowCount(len(rows))
        for row, question in enumerate(rows):
            text = isolate(form_text(lang, question.text))
            if question.number:
                text = f"{ltr(question.ref)}  {text}"
            else:
                text = _("(earlier version) {question}").format(question=text)
            ask = QtWidgets.QTableWidgetItem(in_direction(text))
            reply = QtWidgets.QTableWidgetItem(
                in_direction(isolate(answer_text(question, self.answers[question.id], lang)))
            )
            self.answer_table.setItem(row, 0, ask)
            self.answer_table.setItem(row, 1, reply)
        self.answer_table.fit_rows()

    def _referral(self) -> None:
        if _referral_handler is not None and self.screening is not None:
            shown = _referral_handler(self, self.vault, self.screening.id)
            exported = getattr(shown, "exported", None)
            if exported is not None:  # the referrals just made show in the case's list
                exported.connect(lambda _done: self.referrals.refresh())

    def _close_case(self) -> None:
        if self.screening is not None:
            self.close_case_requested.emit(self.screening.case_id)
