"""The interview engine: a state machine with no UI in it (after Electrum's wizard).

It holds the current question, the back stack, the answers with their declined
flags and the time spent per section. Visible questions are recomputed from
the answers at every step; answers to questions that become hidden are kept
but not scored. Every answer goes through the sink (the vault) before the
engine moves on; if the sink raises, the engine stays where it was.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from app.domain.errors import WaystationError
from app.domain.models import ScreeningStatus
from app.i18n import _
from app.screening.model import YES_NO_VALUES, AnswerRecord, Form, Question
from app.screening.scoring import Outcome, answer_parts, score, visible_questions

# The vault's words for where a screening stands; an unfinished one is a "draft".
IN_PROGRESS = ScreeningStatus.DRAFT.value
PAUSED = ScreeningStatus.PAUSED.value
STOPPED = ScreeningStatus.STOPPED.value
COMPLETED = ScreeningStatus.COMPLETED.value
MAX_TEXT_LENGTH = 500
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class AnswerSink(Protocol):
    """Where answers and progress are saved as they are given (the vault)."""

    def save_answer(self, question_id: str, value: object, declined: bool) -> None: ...

    def save_progress(
        self, *, current_question: str | None, status: str, section_seconds: dict[str, float]
    ) -> None: ...


class InvalidAnswer(WaystationError):
    """An answer that does not fit its question; the message names the question."""


class InterviewClosed(WaystationError):
    """The interview was stopped or finished; it takes no more answers."""


@dataclass(frozen=True)
class SectionProgress:
    """How many of a section's visible questions have an answer (or a decline)."""

    section_id: str
    answered: int
    total: int


def validate_answer(question: Question, value: object) -> object:
    """The value to store for `question`; raises InvalidAnswer naming the question."""
    kind = question.type

    def bad(message: str, **fields: object) -> InvalidAnswer:
        text = message.format(**fields)
        return InvalidAnswer(
            _("answer to {ref} ({id}): {problem}").format(
                ref=question.ref, id=question.id, problem=text
            )
        )

    if kind == "yes_no":
        if value not in YES_NO_VALUES:
            raise bad(
                _("expected one of {allowed}, not {value!r}"),
                allowed=", ".join(YES_NO_VALUES),
                value=value,
            )
        return value
    if kind == "single":
        if not isinstance(value, str) or question.option(value) is None:
            raise bad(_("unknown option id {value!r}"), value=value)
        return value
    if kind == "multiple":
        if not isinstance(value, list | tuple):
            raise bad(_("expected a list of option ids"))
        chosen: list[str] = []
        for item in value:
            if not isinstance(item, str) or question.option(item) is None:
                raise bad(_("unknown option id {value!r}"), value=item)
            if item not in chosen:
                chosen.append(item)
        return chosen
    if kind == "number":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise bad(_("expected a number"))
        if question.min is not None and value < question.min:
            raise bad(
                _("{value} is below the minimum {minimum}"), value=value, minimum=question.min
            )
        if question.max is not None and value > question.max:
            raise bad(
                _("{value} is above the maximum {maximum}"), value=value, maximum=question.max
            )
        return value
    if kind == "date":
        if not isinstance(value, str) or not _DATE_RE.match(value):
            raise bad(_("expected a date written YYYY-MM-DD, not {value!r}"), value=value)
        try:
            date.fromisoformat(value)
        except ValueError:
            raise bad(_("{value} is not a real date"), value=value) from None
        return value
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise bad(_("expected some text"))
        if len(value) > MAX_TEXT_LENGTH:
            raise bad(_("keep it under {limit} characters"), limit=MAX_TEXT_LENGTH)
        return value.strip()
    raise bad(_("unknown answer type {type}"), type=kind)


class Interview:
    """One screening interview following a form."""

    def __init__(
        self,
        form: Form,
        *,
        sink: AnswerSink,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.form = form
        self.sink = sink
        self.clock = clock
        self._answers: dict[str, AnswerRecord] = {}
        self._back: list[str] = []
        self._section_seconds: dict[str, float] = {}
        self.status = IN_PROGRESS
        self.stop_reason: str | None = None
        self._current: str | None = self._next_after(None)
        self._mark = clock()

    @classmethod
    def resume(
        cls,
        form: Form,
        *,
        answers: Mapping[str, object],
        current_question: str | None,
        section_seconds: Mapping[str, float] | None = None,
        sink: AnswerSink,
        clock: Callable[[], float] = time.monotonic,
    ) -> Interview:
        """Continue a paused interview from stored answers and progress.

        Answers to questions the form no longer has are dropped; a current
        question that is gone or hidden gives way to the first unanswered one.
        """
        interview = cls(form, sink=sink, clock=clock)
        for question_id, record in answers.items():
            if form.has_question(question_id):
                value, declined = answer_parts(record)
                interview._answers[question_id] = AnswerRecord(
                    None if declined else value, declined
                )
        interview._section_seconds = {
            key: float(seconds)
            for key, seconds in (section_seconds or {}).items()
            if isinstance(seconds, int | float)
        }
        visible = interview.visible_questions()
        ids = [q.id for q in visible]
        if current_question in ids:
            current = current_question
        else:
            current = next((q for q in ids if q not in interview._answers), None)
        position = ids.index(current) if current in ids else len(ids)
        interview._back = [q for q in ids[:position] if q in interview._answers]
        interview._current = current
        interview.status = IN_PROGRESS if current is not None else COMPLETED
        return interview

    # --- state -----------------------------------------------------------------

    @property
    def current(self) -> Question | None:
        """The question to ask now; None when every visible question is done."""
        return self.form.question(self._current) if self._current else None

    @property
    def answers(self) -> dict[str, AnswerRecord]:
        """Every answer given, including those to questions hidden now."""
        return dict(self._answers)

    def answer_for(self, question_id: str) -> AnswerRecord | None:
        """The answer given to a question, e.g. to show it again after back()."""
        return self._answers.get(question_id)

    @property
    def can_go_back(self) -> bool:
        """True when there is an earlier visible question to return to."""
        visible = {q.id for q in self.visible_questions()}
        return any(q in visible for q in self._back)

    @property
    def section_seconds(self) -> dict[str, float]:
        """Seconds spent per section id, including the time on the current question."""
        seconds = dict(self._section_seconds)
        if self.status == IN_PROGRESS and self._current:
            section = self.form.question(self._current).section_id
            seconds[section] = seconds.get(section, 0.0) + max(0.0, self.clock() - self._mark)
        return seconds

    def visible_questions(self) -> list[Question]:
        """The questions shown for the current answers, in form order."""
        return visible_questions(self.form, self._answers)

    def progress(self) -> list[SectionProgress]:
        """Per section, answered (or declined) visible questions out of visible ones."""
        visible = self.visible_questions()
        result = []
        for section in self.form.sections:
            shown = [q for q in visible if q.section_id == section.id]
            done = sum(1 for q in shown if q.id in self._answers)
            result.append(SectionProgress(section.id, done, len(shown)))
        return result

    def outcome(self) -> Outcome:
        """The scored result for the answers so far."""
        return score(self.form, self._answers)

    # --- moves -----------------------------------------------------------------

    def answer(self, value: object) -> None:
        """Validate and save an answer to the current question, then move on."""
        question = self._require_current()
        clean = validate_answer(question, value)
        self._record(question, AnswerRecord(clean, False))

    def decline(self) -> None:
        """Record "prefer not to say" for the current question, then move on."""
        question = self._require_current()
        self._record(question, AnswerRecord(None, True))

    def back(self) -> None:
        """Return to the previous visible question; its answer is kept."""
        self._require_open()
        answers = self._answers
        visible = {q.id for q in visible_questions(self.form, answers)}
        stack = list(self._back)
        while stack and stack[-1] not in visible:
            stack.pop()
        if not stack:
            raise InterviewClosed(_("this is the first question: there is nothing to go back to"))
        target = stack.pop()
        seconds = self._elapsed()
        self._save_progress(target, IN_PROGRESS, seconds)
        self._commit(target, stack, seconds, IN_PROGRESS)

    def go_to(self, question_id: str) -> None:
        """Jump to an earlier visible question (e.g. from a progress list)."""
        self._require_open()
        visible = [q.id for q in self.visible_questions()]
        if question_id not in visible:
            raise InvalidAnswer(_("question {id} is not shown now").format(id=question_id))
        index = visible.index(question_id)
        stack = [q for q in visible[:index] if q in self._answers]
        seconds = self._elapsed()
        self._save_progress(question_id, IN_PROGRESS, seconds)
        self._commit(question_id, stack, seconds, IN_PROGRESS)

    def pause(self) -> None:
        """Save progress so the interview can be resumed later."""
        if self.status in (STOPPED, COMPLETED):
            return
        seconds = self._elapsed()
        self._save_progress(self._current, PAUSED, seconds)
        self._commit(self._current, self._back, seconds, PAUSED)

    def proceed(self) -> None:
        """Carry on after a pause; time counts again from now."""
        if self.status == PAUSED:
            self.status = IN_PROGRESS
            self._mark = self.clock()

    def stop(self, reason: str) -> None:
        """End the interview early; `reason` is kept in `stop_reason`."""
        if self.status == STOPPED:
            return
        seconds = self._elapsed()
        self._save_progress(self._current, STOPPED, seconds)
        self._commit(self._current, self._back, seconds, STOPPED)
        self.stop_reason = reason

    # --- internals -------------------------------------------------------------

    def _require_open(self) -> None:
        if self.status == STOPPED:
            raise InterviewClosed(_("the interview was stopped"))
        if self.status == PAUSED:
            self.proceed()

    def _require_current(self) -> Question:
        self._require_open()
        question = self.current
        if question is None:
            raise InterviewClosed(_("every question has been asked"))
        return question

    def _elapsed(self) -> dict[str, float]:
        # A paused interview accrues no time; the clock restarts on proceed().
        if self.status == IN_PROGRESS:
            return self.section_seconds
        return dict(self._section_seconds)

    def _next_after(
        self, question_id: str | None, answers: Mapping[str, object] | None = None
    ) -> str | None:
        """The next visible question in form order (answered or not), or None at the end.

        Going back and changing an answer steps forward through the later
        questions again, showing their earlier answers; conditions only look
        at earlier answers, so no question can be passed over.
        """
        visible = visible_questions(self.form, self._answers if answers is None else answers)
        if question_id is None:
            return visible[0].id if visible else None
        here = self.form.question(question_id).number
        return next((q.id for q in visible if q.number > here), None)

    def _record(self, question: Question, record: AnswerRecord) -> None:
        answers = dict(self._answers)
        answers[question.id] = record
        following = self._next_after(question.id, answers)
        status = IN_PROGRESS if following is not None else COMPLETED
        seconds = self._elapsed()
        # The sink saves first: if it fails, nothing here changes.
        self.sink.save_answer(question.id, record.value, record.declined)
        self._save_progress(following, status, seconds)
        self._answers = answers
        self._commit(following, [*self._back, question.id], seconds, status)

    def _save_progress(self, current: str | None, status: str, seconds: dict[str, float]) -> None:
        self.sink.save_progress(
            current_question=current, status=status, section_seconds=dict(seconds)
        )

    def _commit(
        self, current: str | None, back: list[str], seconds: dict[str, float], status: str
    ) -> None:
        self._current = current
        self._back = list(back)
        self._section_seconds = dict(seconds)
        self.status = status
        self._mark = self.clock()
