"""Explaining an outcome in words a worker can follow and check.

Each explanation says the decision, the level and its rule in plain words, what
was found (per dimension, with question numbers), what a referral level that
did not hold was missing, and which answers were declined, unsure or not given.
Nothing here shows an internal id: questions appear as Q numbers, dimensions,
options and levels by their translated titles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.domain.models import Decision
from app.i18n import N_, _, form_text
from app.screening.expressions import Binary, Call, Expr, ListLiteral, Literal, Name, Not
from app.screening.model import Form, OutcomeRule

DECISION_TITLES = {
    Decision.REFER: N_("Refer for a full assessment and support"),
    Decision.NO_REFERRAL: N_("No referral from this screen"),
    Decision.UNDETERMINED: N_("Undetermined: too little was answered to decide"),
}
# What to do when a screen is undetermined (shown with the outcome, issue #10).
UNDETERMINED_ADVICE = N_(
    "Offer support contacts now. Try again later, in a safer or quieter place, or with "
    "another interviewer, interpreter or language. Refer anyway if you see signs the "
    "answers do not show."
)
_YES_NO = {"yes": N_("Yes"), "no": N_("No"), "unsure": N_("Not sure")}
_STRENGTH_WORDS = {"strong": N_("strong"), "medium": N_("medium"), "weak": N_("weak")}


def decision_title(decision: Decision | str | None) -> str:
    """The decision in words, in the UI language ("" for an unknown one)."""
    try:
        return _(DECISION_TITLES[Decision(decision)])
    except (KeyError, ValueError):
        return ""


class _Describer:
    """Plain-words phrases for the parts of an outcome rule's `when` expression."""

    def __init__(self, form: Form, lang: str, holds: Callable[[Expr], bool]) -> None:
        self.form = form
        self.lang = lang
        self.holds = holds

    def missing(self, expr: Expr) -> list[str]:
        """Phrases for the parts of `expr` (split at top-level `and`) that do not hold."""
        if isinstance(expr, Binary) and expr.op == "and":
            return self.missing(expr.left) + self.missing(expr.right)
        return [] if self.holds(expr) else [self.describe(expr)]

    def describe(self, expr: Expr, within: str = "") -> str:
        if isinstance(expr, Binary) and expr.op in ("and", "or"):
            words = _("{first} and {second}") if expr.op == "and" else _("{first} or {second}")
            text = words.format(
                first=self.describe(expr.left, expr.op), second=self.describe(expr.right, expr.op)
            )
            return f"({text})" if within and within != expr.op else text
        if isinstance(expr, Not):
            return _("not: {condition}").format(condition=self.describe(expr.operand, "not"))
        if isinstance(expr, Call):
            return self.call(expr, None)
        if isinstance(expr, Binary) and isinstance(expr.left, Call):
            return self.call(expr.left, expr.right)
        if isinstance(expr, Binary) and isinstance(expr.left, Name):
            return self.answer(expr.left.name, expr.op, expr.right)
        return _("another condition of this rule")

    def dimension(self, dimension_id: str) -> str:
        try:
            return form_text(self.lang, self.form.dimension(dimension_id).title)
        except KeyError:
            return _("another condition of this rule")

    def call(self, call: Call, bound: Expr | None) -> str:
        arg = call.args[0] if call.args else None
        text = str(arg.value) if isinstance(arg, Literal) else ""
        number = bound.value if isinstance(bound, Literal) else None
        if call.function == "positive":
            return _("{dimension}: positive").format(dimension=self.dimension(text))
        if call.function == "positive_group":
            titles = [
                form_text(self.lang, d.title) for d in self.form.dimensions if d.group == text
            ]
            if len(titles) == 1:
                return _("{dimension}: positive").format(dimension=titles[0])
            return _("one of these positive: {dimensions}").format(dimensions=", ".join(titles))
        if call.function == "found":
            return _("any indicator of {dimension}").format(dimension=self.dimension(text))
        if call.function == "count_positive":
            return _("at least {count} positive dimensions").format(count=number)
        if call.function == "count_indicators":
            return _("at least {count} {strength} indicators").format(
                count=number, strength=_(_STRENGTH_WORDS.get(text, text))
            )
        if call.function == "unknown_share":
            share = float(number) if isinstance(number, int | float) else 0.5
            return _(
                "at least {percent} % of the key questions declined, not sure or not answered"
            ).format(percent=round(share * 100))
        if call.function == "count_yes":
            refs = [self.ref(a.name) for a in call.args if isinstance(a, Name)]
            return _("\u201cyes\u201d to at least {count} of {questions}").format(
                count=number, questions=", ".join(refs)
            )
        if call.function in ("selected", "answered", "declined") and isinstance(arg, Name):
            if call.function == "selected" and len(call.args) > 1:
                return self.answer(arg.name, "==", call.args[1])
            if call.function == "declined":
                return _("{question} declined").format(question=self.ref(arg.name))
            return _("{question} answered").format(question=self.ref(arg.name))
        return _("another condition of this rule")

    def ref(self, question_id: str) -> str:
        try:
            return self.form.question(question_id).ref
        except KeyError:
            return "?"

    def answer(self, question_id: str, op: str, value: Expr) -> str:
        items = value.items if isinstance(value, ListLiteral) else (value,)
        words = [self.answer_word(question_id, item) for item in items]
        if op in ("!=", "not in"):
            template = _("{question} answered other than {answers}")
        else:
            template = _("{question} answered {answers}")
        return template.format(question=self.ref(question_id), answers=_(" or ").join(words))

    def answer_word(self, question_id: str, item: Expr) -> str:
        value = item.value if isinstance(item, Literal) else None
        try:
            question = self.form.question(question_id)
        except KeyError:
            return str(value)
        option = question.option(str(value)) if question.options else None
        if option is not None:
            return form_text(self.lang, option.text)
        if question.type == "yes_no" and value in _YES_NO:
            return _(_YES_NO[str(value)])
        return str(value)


def explanation_lines(
    form: Form,
    rule: OutcomeRule | None,
    holds: Callable[[Expr], bool],
    dimension_lines: Mapping[str, str],
    *,
    declined: tuple[str, ...],
    unsure: tuple[str, ...],
    skipped: tuple[str, ...],
    unknown: tuple[int, int],
    lang: str,
) -> list[str]:
    """The explanation of `rule` as reached; `dimension_lines` by dimension id (with evidence).

    `unknown` is (key questions declined, unsure or not answered; key questions shown).
    """
    lines: list[str] = []
    if rule is None:
        return lines
    decision = Decision(rule.decision)
    lines.append(_("Decision: {decision}").format(decision=decision_title(decision)))
    lines.append(_("Result: {title}").format(title=form_text(lang, rule.title)))
    if rule.rule:
        lines.append(_("Rule: {rule}").format(rule=form_text(lang, rule.rule)))
    lines += [dimension_lines[d.id] for d in form.dimensions if d.id in dimension_lines]
    empty = [form_text(lang, d.title) for d in form.dimensions if d.id not in dimension_lines]
    if empty:
        lines.append(_("No indicators found for: {dimensions}").format(dimensions=", ".join(empty)))
    describer = _Describer(form, lang, holds)
    for other in form.outcomes:
        if other is rule:
            break
        if other.decision != Decision.REFER.value:
            continue
        parts = describer.missing(other.expr)
        if parts:
            lines.append(
                _("Not reached: {level}. Missing: {parts}").format(
                    level=form_text(lang, other.title), parts="; ".join(parts)
                )
            )
    missing, shown = unknown
    if shown and (missing or decision is Decision.UNDETERMINED):
        lines.append(
            _("Key questions declined, not sure or not answered: {count} of {total}").format(
                count=missing, total=shown
            )
        )
    if decision is Decision.UNDETERMINED:
        lines.append(_(UNDETERMINED_ADVICE))
    refs = {q.id: q.ref for q in form.questions}
    for label, ids in (
        (N_("Declined (prefer not to say): {questions}"), declined),
        (N_("Not sure: {questions}"), unsure),
        (N_("Not answered: {questions}"), skipped),
    ):
        if ids:
            lines.append(_(label).format(questions=", ".join(refs.get(q, "?") for q in ids)))
    return lines
