"""The scripted demo screenings: which form, languages and story each synthetic case gets.

Everything here is plain data chosen with one seeded random generator, so the
same seed gives the same plan on every run. No vault is touched here; the
builder plays each plan through the interview engine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from app.domain.screening_states import STOP_REASONS as CORE_STOP_REASONS
from app.screening.model import YES_NO_VALUES, Question

DEFAULT_SEED = 20_261_121
FORM_IDS = ("adult-screening", "child-screening", "border-triage")
# Respondent languages the demo spreads its cases over (right-to-left ones included).
RESPONDENT_LANGUAGES = ("ar", "fa", "uk", "es", "fr", "vi", "ru", "hi", "th", "en")

# How each scripted screening goes. Every story is played through the engine.
STRONG = "strong"  # answers that set off every indicator
SOME = "some"  # a few indicators, the rest benign
NONE = "none"  # nothing flagged
DECLINES = "declines"  # most questions "prefer not to say": often undetermined
PAUSED = "paused"  # interrupted half-way, to be resumed
STOPPED = "stopped"  # ended early by the interviewer
REFUSED = "refused"  # consent to screen refused: no question asked
STORIES = (STRONG, SOME, NONE, DECLINES, PAUSED, STOPPED, REFUSED)
# The interviewer's reasons the demo stops with (the core's STOP_REASONS, but for emergencies).
STOP_REASONS = tuple(reason for reason in CORE_STOP_REASONS if reason not in ("emergency", "other"))
INTERPRETER_MODES = ("none", "in_person", "phone")


@dataclass(frozen=True)
class CasePlan:
    """One synthetic case: its form, languages, interpreter and story."""

    number: int
    form_id: str
    interviewer_lang: str
    respondent_lang: str
    interpreter_mode: str
    story: str
    close_case: bool
    seed: int


def plan_cases(
    count: int,
    *,
    interviewer_lang: str = "en",
    respondent_langs: tuple[str, ...] = RESPONDENT_LANGUAGES,
    form_ids: tuple[str, ...] = FORM_IDS,
    seed: int = DEFAULT_SEED,
) -> list[CasePlan]:
    """`count` case plans going through every form x story pair before repeating one.

    With 21 cases or more (three forms) every form meets every story at least once.
    """
    rng = random.Random(seed)  # noqa: S311 - repeatable synthetic data, not secrets
    langs = list(respondent_langs) or [interviewer_lang]
    rng.shuffle(langs)
    pairs = [(form, story) for story in STORIES for form in form_ids]
    plans = []
    for number in range(count):
        form_id, story = pairs[number % len(pairs)]
        respondent = langs[number % len(langs)]
        mode = "none" if respondent == interviewer_lang else rng.choice(INTERPRETER_MODES[1:])
        plans.append(
            CasePlan(
                number=number + 1,
                form_id=form_id,
                interviewer_lang=interviewer_lang,
                respondent_lang=respondent,
                interpreter_mode=mode,
                story=story,
                # Some finished cases are closed, as a worker would after referring.
                close_case=story in (NONE, REFUSED) and rng.random() < 0.5,
                seed=rng.randrange(2**32),
            )
        )
    return plans


def flagged_values(question: Question) -> list[object]:
    """The answer values that set off an indicator of `question`."""
    return list(dict.fromkeys(v for indicator in question.indicators for v in indicator.on))


def positive_answer(question: Question) -> object:
    """An answer that sets off every indicator of the question (or a plain one)."""
    values = flagged_values(question)
    if question.type == "yes_no":
        return values[0] if values else "yes"
    if question.type == "single":
        return values[0] if values else question.options[0].id
    if question.type == "multiple":
        return values or [question.options[0].id]
    return benign_answer(question)


def benign_answer(question: Question) -> object:
    """An answer that sets off no indicator of the question."""
    flagged = set(flagged_values(question))
    if question.type == "yes_no":
        return next(v for v in YES_NO_VALUES if v not in flagged)
    if question.type == "single":
        return next((o.id for o in question.options if o.id not in flagged), question.options[0].id)
    if question.type == "multiple":
        return [
            next((o.id for o in question.options if o.id not in flagged), question.options[0].id)
        ]
    if question.type == "number":
        return question.min if question.min is not None else 1
    if question.type == "date":
        return "2026-01-15"
    return "demo"


@dataclass(frozen=True)
class Move:
    """What the scripted interviewer does at one question: answer a value, or decline."""

    value: object = None
    declined: bool = False


def next_move(story: str, question: Question, rng: random.Random) -> Move:
    """The scripted reply to `question` for a story."""
    if question.type == "text":
        # Verbatim accounts are discouraged; the demo declines free text.
        return Move(declined=True)
    if story == STRONG:
        return Move(positive_answer(question))
    if story == NONE:
        return Move(benign_answer(question))
    if story == DECLINES:
        return Move(declined=True) if rng.random() < 0.8 else Move(benign_answer(question))
    if rng.random() < 0.3 and question.indicators:
        return Move(positive_answer(question))
    return Move(benign_answer(question))


def stop_after(story: str, visible: int, rng: random.Random) -> int | None:
    """After how many answers a paused or stopped story breaks off (None: never)."""
    if story not in (PAUSED, STOPPED):
        return None
    return max(1, min(visible - 1, rng.randint(2, max(2, visible // 2))))
