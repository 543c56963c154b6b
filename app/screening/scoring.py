"""Scoring a screen with the rules its form declares, and explaining the result.

Only answers to visible questions count. A declined answer ("prefer not to
say") is never read as "no": it counts for nothing and is listed separately,
as are questions that were shown but not answered. Every outcome carries the
caution that a screen is not an identification of trafficking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.models import Decision
from app.i18n import N_, _, current_language, form_text
from app.screening import expressions
from app.screening.explanation import explanation_lines
from app.screening.model import STRENGTHS, Form, Question

CAUTION = N_(
    "A screen is not an identification of trafficking: the indicators found here neither "
    "prove nor rule it out. Decide on a referral together with the person, and respect "
    "their choice."
)


@dataclass(frozen=True)
class Evidence:
    """One indicator found: the question that showed it, and its strength."""

    question_id: str
    question_ref: str
    strength: str


@dataclass(frozen=True)
class DimensionResult:
    """Whether a dimension is positive, and the evidence for it."""

    dimension_id: str
    title: str
    group: str
    positive: bool
    evidence: tuple[Evidence, ...]

    def count(self, strength: str) -> int:
        """How many indicators of this strength were found."""
        return sum(1 for item in self.evidence if item.strength == strength)


@dataclass(frozen=True)
class Outcome:
    """The result of a screen: level, per-dimension results and the explanation."""

    level: str
    title: str
    description: str
    dimensions: tuple[DimensionResult, ...]
    explanation: tuple[str, ...]
    declined: tuple[str, ...]
    skipped: tuple[str, ...]
    caution: str
    decision: Decision = Decision.NO_REFERRAL
    unsure: tuple[str, ...] = ()
    rule: str = ""
    form_version: int = 0


def answer_parts(record: object) -> tuple[object, bool]:
    """(value, declined) of an answer record, a (value, declined) pair or a bare value."""
    if hasattr(record, "declined"):
        return getattr(record, "value", None), bool(record.declined)
    if isinstance(record, tuple) and len(record) == 2:
        return record[0], bool(record[1])
    return record, False


class AnswerContext:
    """What expressions see: answers of visible questions, and dimension results."""

    def __init__(
        self,
        form: Form,
        answers: Mapping[str, object],
        visible: set[str] | None = None,
        dimensions: Mapping[str, DimensionResult] | None = None,
    ) -> None:
        self.form = form
        self.answers = answers
        self.visible = visible
        self.dimensions = dimensions or {}

    def _record(self, question_id: str) -> tuple[object, bool] | None:
        if self.visible is not None and question_id not in self.visible:
            return None
        if question_id not in self.answers:
            return None
        return answer_parts(self.answers[question_id])

    def value(self, question_id: str) -> object:
        record = self._record(question_id)
        if record is None or record[1]:
            return None
        return record[0]

    def is_answered(self, question_id: str) -> bool:
        record = self._record(question_id)
        return record is not None and not record[1]

    def is_declined(self, question_id: str) -> bool:
        record = self._record(question_id)
        return record is not None and record[1]

    def positive(self, dimension_id: str) -> bool:
        result = self.dimensions.get(dimension_id)
        return bool(result and result.positive)

    def positive_group(self, group: str) -> bool:
        return any(r.positive and r.group == group for r in self.dimensions.values())

    def count_positive(self) -> int:
        return sum(1 for r in self.dimensions.values() if r.positive)

    def count_indicators(self, strength: str) -> int:
        return sum(r.count(strength) for r in self.dimensions.values())

    def found(self, dimension_id: str) -> bool:
        result = self.dimensions.get(dimension_id)
        return bool(result and result.evidence)

    def unknown_share(self) -> float:
        shown, unknown = key_unknowns(self.form, self.answers, self.visible)
        return len(unknown) / len(shown) if shown else 0.0


def key_unknowns(
    form: Form, answers: Mapping[str, object], visible: set[str] | None
) -> tuple[list[Question], list[Question]]:
    """The shown key questions, and those of them declined, answered "not sure" or not answered.

    Key questions are those that carry indicators (`Form.key_questions`).
    """
    shown = [q for q in form.key_questions if visible is None or q.id in visible]
    unknown = []
    for question in shown:
        if question.id not in answers:
            unknown.append(question)
            continue
        value, declined = answer_parts(answers[question.id])
        if declined or value is None or (question.type == "yes_no" and value == "unsure"):
            unknown.append(question)
    return shown, unknown


def visible_questions(form: Form, answers: Mapping[str, object]) -> list[Question]:
    """The questions shown for these answers, in order; hidden answers read as null."""
    shown: list[Question] = []
    visible: set[str] = set()
    context = AnswerContext(form, answers, visible)
    for question in form.questions:
        if question.show_if_expr is None or expressions.holds(question.show_if_expr, context):
            shown.append(question)
            visible.add(question.id)
    return shown


_RANK = {strength: rank for rank, strength in enumerate(STRENGTHS)}


def _matches(question: Question, value: object, on: tuple[str, ...]) -> bool:
    if isinstance(value, list):
        return any(item in on for item in value)
    return isinstance(value, str) and value in on


def dimension_results(
    form: Form, answers: Mapping[str, object], visible: list[Question]
) -> dict[str, DimensionResult]:
    """Per dimension: the indicators found in visible, answered questions.

    One answer counts once per dimension, at the strongest of its matching
    indicators (a child's work that is both on the street and against the law
    is one strong indicator, not a strong and a medium).
    """
    evidence: dict[str, list[Evidence]] = {d.id: [] for d in form.dimensions}
    for question in visible:
        if question.id not in answers:
            continue
        value, declined = answer_parts(answers[question.id])
        if declined:
            continue
        strongest: dict[str, str] = {}
        for indicator in question.indicators:
            if _matches(question, value, indicator.on):
                known = strongest.get(indicator.dimension)
                if known is None or _RANK[indicator.strength] < _RANK[known]:
                    strongest[indicator.dimension] = indicator.strength
        for dimension_id, strength in strongest.items():
            evidence[dimension_id].append(Evidence(question.id, question.ref, strength))
    results: dict[str, DimensionResult] = {}
    for dimension in form.dimensions:
        found = tuple(evidence[dimension.id])
        counts = {s: sum(1 for e in found if e.strength == s) for s in STRENGTHS}
        positive = any(
            all(counts.get(strength, 0) >= need for strength, need in combo.items())
            for combo in (dimension.rule or form.dimension_rule)
            if combo
        )
        results[dimension.id] = DimensionResult(
            dimension.id, dimension.title, dimension.group, positive, found
        )
    return results


_STRENGTH_LABELS = {
    "strong": N_("{count} strong ({questions})"),
    "medium": N_("{count} medium ({questions})"),
    "weak": N_("{count} weak ({questions})"),
}


def explain_dimension(result: DimensionResult, lang: str) -> str:
    """One line such as "Deceptive recruitment: positive — 1 strong (Q2), 1 medium (Q3)"."""
    title = form_text(lang, result.title)
    if not result.evidence:
        return _("{dimension}: no indicators").format(dimension=title)
    parts = []
    for strength in STRENGTHS:
        refs = [e.question_ref for e in result.evidence if e.strength == strength]
        if refs:
            parts.append(
                _(_STRENGTH_LABELS[strength]).format(count=len(refs), questions=", ".join(refs))
            )
    if result.positive:
        line = _("{dimension}: positive — {evidence}")
    else:
        line = _("{dimension}: not positive — {evidence}")
    return line.format(dimension=title, evidence=", ".join(parts))


def score(form: Form, answers: Mapping[str, object], lang: str | None = None) -> Outcome:
    """The outcome of a screen. `answers` maps question ids to AnswerRecord-like values.

    Explanation lines are in the UI language; form texts in them (dimension
    titles) in `lang`, by default the UI language too.
    """
    lang = lang or current_language()
    visible = visible_questions(form, answers)
    visible_ids = {q.id for q in visible}
    results = dimension_results(form, answers, visible)
    context = AnswerContext(form, answers, visible_ids, results)
    rule = next(
        (o for o in form.outcomes if expressions.holds(o.expr, context)),
        form.outcomes[-1] if form.outcomes else None,
    )
    declined = tuple(q.id for q in visible if q.id in answers and answer_parts(answers[q.id])[1])
    skipped = tuple(q.id for q in visible if q.id not in answers)
    unsure = tuple(q.id for q in visible if q.type == "yes_no" and context.value(q.id) == "unsure")
    shown, unknown = key_unknowns(form, answers, visible_ids)
    lines = explanation_lines(
        form,
        rule,
        lambda expr: expressions.holds(expr, context),
        {
            d.id: explain_dimension(results[d.id], lang)
            for d in form.dimensions
            if results[d.id].evidence
        },
        declined=declined,
        unsure=unsure,
        skipped=skipped,
        unknown=(len(unknown), len(shown)),
        lang=lang,
    )
    return Outcome(
        level=rule.id if rule else "",
        title=rule.title if rule else "",
        description=rule.description if rule else "",
        dimensions=tuple(results[d.id] for d in form.dimensions),
        explanation=tuple(lines),
        declined=declined,
        skipped=skipped,
        caution=_(CAUTION),
        decision=Decision(rule.decision) if rule else Decision.UNDETERMINED,
        unsure=unsure,
        rule=rule.rule if rule else "",
        form_version=form.version,
    )
