"""One screening from start to summary: choose, consent, interview, summary.

This object moves between the pages and asks the core lifecycle
(`app.workflows.screening`) for each step: begin with consent, resume, pause,
stop, complete, end of the conversation. The rules (who may see a case, what
is saved and what is deleted, the scoring) stay in the core.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from app.domain.consent import ConsentAnswers
from app.domain.errors import ConsentRequired
from app.domain.screening_states import shown_status
from app.i18n import _
from app.ui import resume_point
from app.ui.consent_page import ConsentPage
from app.ui.forms_access import available_forms
from app.ui.interview_page import InterviewPage
from app.ui.new_screening_page import NewScreeningPage, ScreeningChoice
from app.ui.operations import error_message
from app.ui.respondent_view import RespondentView
from app.ui.resume_point import ResumePoint
from app.ui.summary_page import SummaryPage
from app.ui.vault_access import break_minutes, setting
from app.workflows import screening as lifecycle

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class ScreeningFlow(QtCore.QObject):
    """Drives the screening pages of `window`; `finished` means: back to the case list.

    `notice(text)` asks the window to tell the worker something (a pause was saved).
    """

    finished = QtCore.Signal()
    notice = QtCore.Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.new_page = NewScreeningPage()
        self.consent_page = ConsentPage()
        self.interview_page = InterviewPage(clock=window.clock)
        self.summary_page = SummaryPage()
        self.respondent_view: RespondentView | None = None
        self.choice: ScreeningChoice | None = None
        self.session: lifecycle.ScreeningSession | None = None
        # A screening begun before consent was part of beginning: the consent page records it.
        self.consent_for: Any = None
        self.new_page.start_requested.connect(self._chosen)
        self.new_page.cancelled.connect(self.finished)
        self.consent_page.consent_given.connect(self._consented)
        self.consent_page.cancelled.connect(self.finished)
        self.interview_page.completed.connect(self._completed)
        self.interview_page.paused.connect(self._paused)
        self.interview_page.stopped.connect(self._stopped)
        self.interview_page.respondent_view_requested.connect(self.open_respondent_view)
        self.summary_page.done.connect(self._summary_left)
        self.summary_page.close_case_requested.connect(self._close_case)

    def pages(self) -> list[QtWidgets.QWidget]:
        """Every page this flow shows."""
        return [self.new_page, self.consent_page, self.interview_page, self.summary_page]

    @property
    def vault(self) -> Any:
        return self.window.vault

    @property
    def screening(self) -> Any:
        """The screening being held (its record after the last step), if any."""
        return self.session.screening if self.session is not None else None

    def _fail(self, error: BaseException) -> None:
        QtWidgets.QMessageBox.warning(self.window, _("Not completed"), error_message(error))

    # --- start --------------------------------------------------------------------------
    def start_new(self) -> None:
        """Ask for questionnaire, languages and interpreter."""
        self.new_page.reset(default_form=str(setting(self.vault, "default_form", "") or ""))
        self.window.show_page(self.new_page)

    def _chosen(self, choice: ScreeningChoice) -> None:
        form = available_forms()[choice.form_id]
        self.choice = choice
        self.consent_for = None
        self.consent_page.prepare(
            form.consent_script, choice.interviewer_lang, choice.respondent_lang, form.audience
        )
        self.window.show_page(self.consent_page)

    def _consented(self, consent: ConsentAnswers) -> None:
        if self.vault is None:
            return
        try:
            if self.consent_for is not None:
                form = available_forms()[self.consent_for.form_id]
                session = lifecycle.give_consent(
                    self.vault, self.consent_for.id, form, consent, clock=self.window.clock
                )
            elif self.choice is not None:
                choice = self.choice
                form = available_forms()[choice.form_id]
                session = lifecycle.begin(
                    self.vault,
                    form,
                    consent=consent,
                    # The interviewer may have switched the interface language on the way.
                    interviewer_lang=self.consent_page.interviewer_lang,
                    respondent_lang=choice.respondent_lang,
                    interpreter_mode=choice.interpreter_mode,
                    interpreter_id=choice.interpreter_id or None,
                    interpreter_briefed=choice.interpreter_briefed,
                    clock=self.window.clock,
                )
            else:
                return
        except Exception as error:
            self._fail(error)
            return
        self.consent_for = None
        self.session = session
        if session.interview is None:  # no consent to screen: no question is asked
            self._show_summary(session.screening, form)
            return
        self._interview(session)

    def _interview(self, session: lifecycle.ScreeningSession) -> None:
        screening = session.screening
        self.interview_page.start(
            session.interview,
            interviewer_lang=screening.interviewer_lang,
            respondent_lang=screening.respondent_lang,
            break_minutes=break_minutes(self.vault),
            org_contact=str(setting(self.vault, "organisation_contact", "") or ""),
            emergency_services=self._services(),
            respondent_view_both=bool(setting(self.vault, "respondent_view_both_languages", False)),
        )
        self.window.show_page(self.interview_page)
        if session.interview.current is None:
            self._completed()

    def _services(self) -> list[Any]:
        """The service directory, for the emergency panel's numbers (empty if unreadable)."""
        try:
            return list(self.vault.services.list())
        except Exception:  # the numbers are a help, never a reason to stop an interview
            return []

    # --- resume and summaries -----------------------------------------------------------
    def resume(self, screening_id: int) -> None:
        """Continue a paused interview from the case list (at the consent step if it has none)."""
        try:
            screening = self.vault.screenings.get(screening_id)
        except Exception as error:
            self._fail(error)
            return
        form = available_forms().get(screening.form_id)
        if form is None:
            QtWidgets.QMessageBox.warning(
                self.window,
                _("Not completed"),
                _("The questionnaire {form} of this screening is not installed.").format(
                    form=screening.form_id
                ),
            )
            return
        try:
            session = lifecycle.resume(self.vault, screening.id, form, clock=self.window.clock)
        except ConsentRequired:
            # Begun before consent was part of beginning: ask for it now, never a question first.
            self.choice = None
            self.consent_for = screening
            self.consent_page.prepare(
                form.consent_script,
                screening.interviewer_lang,
                screening.respondent_lang,
                form.audience,
            )
            self.window.show_page(self.consent_page)
            return
        except Exception as error:
            self._fail(error)
            return
        self.session = session
        self._interview(session)

    def show_summary_for(self, screening_id: int) -> None:
        """The summary of a finished, stopped or refused screening."""
        try:
            screening = self.vault.screenings.get(screening_id)
        except Exception as error:
            self._fail(error)
            return
        form = available_forms().get(screening.form_id)
        self.session = lifecycle.ScreeningSession(self.vault, form, screening)
        self._show_summary(screening, form)

    def _show_summary(self, screening: Any, form: Any) -> None:
        self.summary_page.show_screening(self.vault, screening, form, shown_status(screening))
        self.window.show_page(self.summary_page)

    # --- endings ------------------------------------------------------------------------
    def _completed(self) -> None:
        session = self.session
        try:
            screening = session.complete()
        except Exception as error:
            self._fail(error)
            return
        self._end_interview()
        self._show_summary(screening, session.form)

    def _paused(self) -> None:
        try:
            self.session.pause()
        except Exception as error:
            self._fail(error)
            saved = False
        else:
            saved = True
        self._end_interview()
        self.session = None
        self.finished.emit()
        if saved:
            self.notice.emit(
                _(
                    "The interview is paused and every answer is saved. To go on, select "
                    "the case and choose Resume interview."
                )
            )

    def _stopped(self, reason: str) -> None:
        session = self.session
        try:
            screening = session.stop(reason)
        except Exception as error:
            self._fail(error)
            return
        self._end_interview()
        self._show_summary(screening, session.form)

    def _summary_left(self) -> None:
        """The conversation is over: answers not kept are dropped from memory too."""
        self._end_conversation()
        self.finished.emit()

    def _end_conversation(self) -> None:
        session, self.session = self.session, None
        if session is not None and self.vault is not None:
            lifecycle.end_conversation(self.vault, session.screening.id)
        self.summary_page.clear()

    def _close_case(self, case_id: int) -> None:
        from app.ui.case_actions import close_case

        if close_case(self.window, self.vault, case_id):
            self._end_conversation()
            self.finished.emit()

    def _end_interview(self) -> None:
        self.interview_page.clear()
        if self.respondent_view is not None:
            self.respondent_view.close()

    # --- where the worker was, for the next unlock -------------------------------------
    def resume_point(self, user: str, *, window_closed: bool) -> ResumePoint:
        """The flow page on screen now, as ids (called before the lock closes the vault)."""
        page = self.window.stack.currentWidget()
        screening_id = self.screening.id if self.screening is not None else None
        if page is self.interview_page and screening_id is not None:
            return ResumePoint(
                user,
                resume_point.INTERVIEW,
                screening_id=screening_id,
                emergency=self.interview_page.in_emergency,
                window_closed=window_closed,
            )
        if page is self.summary_page and screening_id is not None:
            return ResumePoint(
                user, resume_point.SUMMARY, screening_id=screening_id, window_closed=window_closed
            )
        if page is self.consent_page and self.choice is not None:
            return ResumePoint(
                user, resume_point.CONSENT, choice=self.choice, window_closed=window_closed
            )
        if page is self.new_page:
            return ResumePoint(user, resume_point.NEW, window_closed=window_closed)
        return ResumePoint(user, resume_point.CASES, window_closed=window_closed)

    def return_to(self, point: ResumePoint) -> bool:
        """Show the page of `point` again (the same question, the same summary)."""
        if point.page == resume_point.NEW:
            self.window.show_page(self.new_page)  # the choices made are still there
            return True
        if point.page == resume_point.CONSENT and point.choice is not None:
            self.choice = point.choice  # the answers ticked are still on the page
            self.consent_for = None
            self.window.show_page(self.consent_page)
            return True
        if point.page == resume_point.INTERVIEW and point.screening_id is not None:
            self.resume(point.screening_id)
            if self.window.stack.currentWidget() is not self.interview_page:
                return False
            if point.emergency:
                self.interview_page.emergency()
            return True
        if point.page == resume_point.SUMMARY and point.screening_id is not None:
            self.show_summary_for(point.screening_id)
            return self.window.stack.currentWidget() is self.summary_page
        return False

    # --- respondent view and locking ----------------------------------------------------
    def open_respondent_view(self) -> None:
        """Open (or raise) the large-print window for the respondent."""
        if self.interview_page.interview is None:
            return
        if self.respondent_view is None:
            self.respondent_view = RespondentView(self.interview_page)
        self.respondent_view.refresh()
        self.respondent_view.show_on_best_screen()

    def close_session(self) -> None:
        """On lock: pause a running interview (saved), close windows, forget everything."""
        interview = self.interview_page.interview
        if interview is not None and self.vault is not None and self.session is not None:
            # Locking must go on whatever happens to this last save.
            with contextlib.suppress(Exception):
                self.session.pause()
        if self.respondent_view is not None:
            self.respondent_view.close()
            self.respondent_view.deleteLater()
            self.respondent_view = None
        self.interview_page.clear()
        self._end_conversation()
        self.choice = None
        self.consent_for = None
