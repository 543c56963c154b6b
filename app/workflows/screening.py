"""A screening's lifecycle, from consent to its end, written once for every front end.

    session = begin(vault, form, consent=ConsentAnswers(...), interviewer_lang="en",
                    respondent_lang="ar")
    session.refused              # no consent to screen: stopped at once, nothing asked
    session.interview.answer(v)  # the engine; each answer is committed by the vault first
    session.pause()              # to resume later (the case list offers it)
    session.stop(reason)         # ends early, with a reason of screening_states.STOP_REASONS
    session.complete()           # saves the outcome and ends it
    session = resume(vault, screening_id, form)       # ConsentRequired without consent
    session = give_consent(vault, screening_id, form, consent)  # one begun without consent
    end_conversation(vault, screening_id)             # the summary was left

Beginning writes the screening and its consent answers in one transaction
(with a new case when none is given), so a crash never leaves a screening
that opens at a question without consent. The vault refuses answers without
consent to screen, after the end and in a closed case. Ending (stop or
complete) writes the outcome and status in one transaction; when the person
did not agree to keeping their answers, the same transaction deletes the
answer values, and they are wiped from the files as a purge wipes them. The
vault keeps them in memory for the rest of the conversation: the summary and
a referral made now still see them, until `end_conversation`.

Why a module of its own: it drives both the interview engine (app/screening)
and the vault (app/storage); neither package should import the other.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain.consent import ConsentAnswers, check_giver
from app.domain.errors import UsageError
from app.domain.models import InterpreterMode, Screening, ScreeningStatus
from app.domain.screening_states import check_stop_reason, shown_status
from app.i18n import _
from app.screening.engine import Interview
from app.screening.model import Form
from app.screening.scoring import Outcome

Clock = Callable[[], float]


def outcome_record(value: object) -> object:
    """An Outcome as the plain JSON data the vault stores (what dataclasses.asdict gives).

    Written out by hand: form texts are str subclasses that deepcopy cannot rebuild.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: outcome_record(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [outcome_record(item) for item in value]
    if isinstance(value, dict):
        return {str(key): outcome_record(item) for key, item in value.items()}
    if isinstance(value, str):
        return str(value)
    return value


@dataclass
class ScreeningSession:
    """One screening being held: the form, the stored screening and the interview.

    `interview` is None when the person did not agree to the screening (or
    once it has ended). `screening` is the vault's record after the last step.
    """

    vault: Any
    form: Form
    screening: Screening
    interview: Interview | None = None

    @property
    def refused(self) -> bool:
        """True when the person did not agree to the screening: no question was asked."""
        return shown_status(self.screening) == "refused"

    @property
    def answers_kept(self) -> bool:
        """False when the person agreed to the screening but not to keeping the answers."""
        return bool(self.screening.consent.store)

    def _interview(self) -> Interview:
        if self.interview is None:
            raise UsageError(
                _("screening {id} is not being held: there is no interview to go on with").format(
                    id=self.screening.id
                )
            )
        return self.interview

    def pause(self) -> Screening:
        """Save where the interview stands and mark it paused, to resume later."""
        interview = self._interview()
        interview.pause()
        self.screening = self.vault.screenings.pause(self.screening.id)
        return self.screening

    def stop(self, reason: str) -> Screening:
        """End the interview early for `reason` (an id of STOP_REASONS); no outcome is given."""
        check_stop_reason(reason)
        interview = self._interview()
        interview.stop(reason)
        self.screening = self.vault.screenings.finish(
            self.screening.id, ScreeningStatus.STOPPED, stop_reason=reason
        )
        self.interview = None
        return self.screening

    def outcome(self) -> Outcome:
        """The scored result of the answers so far."""
        return self._interview().outcome()

    def complete(self) -> Screening:
        """Score the answers, save the outcome and end the screening as completed."""
        interview = self._interview()
        if interview.current is not None:
            raise UsageError(
                _(
                    "question {ref} is still open: answer it or mark it 'prefer not to say', "
                    "or stop the interview"
                ).format(ref=interview.current.ref)
            )
        outcome = interview.outcome()
        self.screening = self.vault.screenings.finish(
            self.screening.id,
            ScreeningStatus.COMPLETED,
            level=outcome.level,
            result=outcome_record(outcome),
            decision=outcome.decision,
        )
        self.interview = None
        return self.screening


def begin(
    vault: Any,
    form: Form,
    *,
    consent: ConsentAnswers,
    interviewer_lang: str,
    respondent_lang: str,
    interpreter_mode: InterpreterMode | str = InterpreterMode.NONE,
    interpreter_id: str | None = None,
    interpreter_briefed: bool = False,
    case_id: int | None = None,
    clock: Clock = time.monotonic,
) -> ScreeningSession:
    """A new screening with its consent (and a new case unless `case_id`), ready for questions.

    Without consent to screen the session is `refused` and has no interview.
    """
    check_giver(consent.given_by, audience=form.audience)
    screening = vault.screenings.begin(
        case_id,
        form_id=form.id,
        form_version=str(form.version),
        interviewer_lang=interviewer_lang,
        respondent_lang=respondent_lang,
        consent=consent,
        interpreter_mode=interpreter_mode,
        interpreter_id=interpreter_id,
        interpreter_briefed=interpreter_briefed,
    )
    session = ScreeningSession(vault, form, screening)
    if consent.screen:
        sink = vault.screenings.answer_sink(screening.id)
        session.interview = Interview(form, sink=sink, clock=clock)
    return session


def resume(
    vault: Any, screening_id: int, form: Form, *, clock: Clock = time.monotonic
) -> ScreeningSession:
    """Go on with a paused (or interrupted) screening from what the vault holds.

    ConsentRequired when no consent to screen is recorded (show the consent
    step, then `give_consent`); UsageError when it has ended or its case is closed.
    """
    screening = vault.screenings.get(screening_id)
    if screening.form_id != form.id:
        raise UsageError(
            _("screening {id} follows the questionnaire {form}, not {other}").format(
                id=screening_id, form=screening.form_id, other=form.id
            )
        )
    sink = vault.screenings.answer_sink(screening.id)  # the vault's checks come first
    interview = Interview.resume(
        form,
        answers=vault.screenings.answers(screening.id),
        current_question=screening.current_question,
        section_seconds=screening.section_seconds,
        sink=sink,
        clock=clock,
    )
    return ScreeningSession(vault, form, screening, interview)


def give_consent(
    vault: Any,
    screening_id: int,
    form: Form,
    consent: ConsentAnswers,
    *,
    clock: Clock = time.monotonic,
) -> ScreeningSession:
    """Record consent for a screening begun without it (before consent was part of beginning)."""
    check_giver(consent.given_by, audience=form.audience)
    screening = vault.screenings.record_consent(
        screening_id,
        screen=consent.screen,
        store=consent.store,
        refer=consent.refer,
        refer_sections=consent.refer_sections,
        given_by=consent.given_by,
    )
    if not consent.screen:
        return ScreeningSession(vault, form, screening)
    return resume(vault, screening_id, form, clock=clock)


def end_conversation(vault: Any, screening_id: int) -> None:
    """The conversation is over (the summary was left, or the vault locks): answers that
    were not kept are no longer held in memory either."""
    vault.screenings.end_conversation(screening_id)
