"""The questionnaire as loaded from YAML: forms, sections, questions, scoring rules.

All texts are English source strings (gettext msgids of the ``forms`` domain);
show them through ``app.i18n.form_text(lang, text)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.screening.expressions import Expr

ANSWER_TYPES = ("yes_no", "single", "multiple", "number", "date", "text")
YES_NO_VALUES = ("yes", "no", "unsure")
STRENGTHS = ("strong", "medium", "weak")
DECISIONS = ("refer", "no_referral", "undetermined")  # the values of domain.models.Decision
AUDIENCES = ("adult", "child")


def source_text(value: object) -> str | None:
    """The msgid for a text written in YAML: trimmed; numbers become text; else None.

    The loader and the babel extractor both use this, so the catalogs hold
    exactly the strings the app looks up.
    """
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


@dataclass(frozen=True)
class Option:
    """One choice of a single or multiple choice question."""

    id: str
    text: str


@dataclass(frozen=True)
class Indicator:
    """An answer that counts as an indicator of a dimension, at a strength."""

    dimension: str
    strength: str
    on: tuple[str, ...] = ("yes",)


@dataclass(frozen=True)
class Question:
    """One question; `number` is its 1-based position in the whole form."""

    id: str
    text: str
    type: str
    section_id: str
    number: int
    help: str = ""
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    show_if: str | None = None
    show_if_expr: Expr | None = None
    indicators: tuple[Indicator, ...] = ()
    line: int = 0

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def ref(self) -> str:
        """The short reference used in explanations, e.g. "Q7"."""
        return f"Q{self.number}"


@dataclass(frozen=True)
class Section:
    """A group of questions with guidance for the interviewer."""

    id: str
    title: str
    guidance: str = ""
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Dimension:
    """An indicator dimension scored by the form (e.g. deceptive recruitment)."""

    id: str
    title: str
    group: str
    rule: tuple[dict[str, int], ...] = ()  # empty: the form's dimension_rule


@dataclass(frozen=True)
class OutcomeRule:
    """One outcome level; the first whose `when` holds is the result.

    `decision` is what the level decides (a domain.models.Decision value).
    """

    id: str
    title: str
    description: str
    when: str
    expr: Expr
    decision: str = "no_referral"
    rule: str = ""  # the rule in plain words, for explanations


@dataclass(frozen=True)
class Form:
    """A whole questionnaire."""

    id: str
    version: int
    title: str
    audience: str
    source_language: str
    description: str
    estimated_minutes: int
    consent_script: str
    closing_script: str
    dimensions: tuple[Dimension, ...]
    dimension_rule: tuple[dict[str, int], ...]
    outcomes: tuple[OutcomeRule, ...]
    sections: tuple[Section, ...]
    path: Path | None = None
    retired_questions: tuple[Question, ...] = ()
    _index: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({q.id: q for s in self.sections for q in s.questions})

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question in form order."""
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question:
        """The question with this id; KeyError for an unknown id."""
        return self._index[question_id]

    def has_question(self, question_id: str) -> bool:
        """True when the form has a question with this id."""
        return question_id in self._index

    def retired_question(self, question_id: str) -> Question | None:
        """A question of an earlier version (never asked now), to show old answers; or None."""
        return next((q for q in self.retired_questions if q.id == question_id), None)

    @property
    def key_questions(self) -> tuple[Question, ...]:
        """The questions that carry indicators: too many unknown answers among the
        shown ones leave a screen undetermined."""
        return tuple(q for q in self.questions if q.indicators)

    def section(self, section_id: str) -> Section:
        """The section with this id; KeyError for an unknown id."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension with this id; KeyError for an unknown id."""
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(dimension_id)

    def texts(self) -> list[str]:
        """Every translatable text of the form, in form order, without repeats."""
        found: list[str] = []
        items: list[Any] = [
            self.title,
            self.description,
            self.consent_script,
            self.closing_script,
        ]
        items += [d.title for d in self.dimensions]
        for outcome in self.outcomes:
            items += [outcome.title, outcome.description, outcome.rule]
        for section in self.sections:
            items += [section.title, section.guidance]
            for question in section.questions:
                items += [question.text, question.help]
                items += [option.text for option in question.options]
        for question in self.retired_questions:
            items += [question.text, *(option.text for option in question.options)]
        for text in items:
            if text and text not in found:
                found.append(text)
        return found


@dataclass(frozen=True)
class AnswerRecord:
    """A stored answer: its value, or ``declined`` ("prefer not to say") with None."""

    value: object
    declined: bool = False
