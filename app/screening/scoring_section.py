"""Checking a questionnaire's scoring section: the dimension rule and the outcomes.

Part of building a Form (app/screening/validation.py): every problem names the
file, line and column, as there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.i18n import _
from app.screening.expressions import Expr, Literal
from app.screening.model import DECISIONS, STRENGTHS, Dimension, OutcomeRule
from app.screening.problems import ID_RE, FieldChecker
from app.screening.yaml_source import YMap

SCORING_KEYS = {"dimension_rule": False, "outcomes": True}
OUTCOME_KEYS = {
    "id": True,
    "title": True,
    "description": False,
    "rule": False,
    "decision": True,
    "when": True,
}
ReferenceCheck = Callable[[YMap, str, Expr, "str | None"], None]


def build_scoring(
    check: FieldChecker,
    root: YMap,
    dimensions: Mapping[str, Dimension],
    check_references: ReferenceCheck,
) -> tuple[tuple[dict[str, int], ...], tuple[OutcomeRule, ...]]:
    """The dimension rule and the outcomes of `root`'s scoring section; problems to `check`.

    `check_references(mapping, key, expr, None)` checks the names and calls of an
    outcome's `when` against the form's questions and dimensions.
    """
    what = _("scoring")
    if "scoring" not in root:
        return (), ()
    scoring = check.mapping(root["scoring"], root.value_at("scoring"), what)
    if scoring is None:
        return (), ()
    check.keys(scoring, SCORING_KEYS, what)
    rule = build_rule(check, scoring, bool(dimensions))
    outcomes: list[OutcomeRule] = []
    items = check.items(scoring, "outcomes", what)
    seen: set[str] = set()
    for index, item in enumerate(items or []):
        mapping = check.mapping(item, items.item_at(index), _("an outcome"))
        if mapping is None:
            continue
        out_what = _("outcome {id}").format(id=mapping.get("id", index + 1))
        check.keys(mapping, OUTCOME_KEYS, out_what)
        outcome_id = check.ident(mapping, "id", out_what, ID_RE)
        if outcome_id in seen:
            check.add(mapping.value_at("id"), _("duplicate outcome id {id}").format(id=outcome_id))
        seen.add(outcome_id)
        when, expr = ("", None)
        if "when" in mapping:
            when, expr = check.expression(mapping, "when", out_what)
            if expr is not None:
                check_references(mapping, "when", expr, None)
        last = index == len(items) - 1
        if last and "when" in mapping and not (isinstance(expr, Literal) and expr.value is True):
            check.add(
                mapping.value_at("when"),
                _('the last outcome must have when: "true", so every screen gets a result'),
            )
        rule_text = check.text(mapping, "rule", out_what)
        decision = check.text(mapping, "decision", out_what)
        if decision and decision not in DECISIONS:
            check.add(
                mapping.value_at("decision"),
                _("decision must be one of {allowed}, not {value}").format(
                    allowed=", ".join(DECISIONS), value=decision
                ),
            )
        outcomes.append(
            OutcomeRule(
                id=outcome_id,
                title=check.text(mapping, "title", out_what),
                description=check.text(mapping, "description", out_what),
                when=when,
                expr=expr if expr is not None else Literal(False, 0),
                decision=str(decision),
                rule=rule_text,
            )
        )
    return rule, tuple(outcomes)


def build_rule(
    check: FieldChecker, scoring: YMap, has_dimensions: bool = False
) -> tuple[dict[str, int], ...]:
    """Combinations of indicator counts under `rule` (a dimension's own) or `dimension_rule`."""
    what = _("scoring")
    key = "rule" if "rule" in scoring else "dimension_rule"
    items = check.items(scoring, key, what, required=False)
    if items is None:
        if key == "dimension_rule" and has_dimensions and "dimension_rule" not in scoring:
            check.add(
                scoring.position,
                _("scoring has no dimension_rule, but the form declares dimensions"),
            )
        return ()
    combinations: list[dict[str, int]] = []
    for index, item in enumerate(items):
        combo = check.mapping(item, items.item_at(index), _("a dimension_rule combination"))
        if combo is None:
            continue
        counts: dict[str, int] = {}
        for key, value in combo.items():
            if key not in STRENGTHS:
                check.add(
                    combo.key_at(key),
                    _("strength must be one of {allowed}, not {value}").format(
                        allowed=", ".join(STRENGTHS), value=key
                    ),
                )
            elif not isinstance(value, int) or isinstance(value, bool) or value < 1:
                check.add(
                    combo.value_at(key),
                    _(
                        "the count of {strength} indicators must be a whole number of at least 1"
                    ).format(strength=key),
                )
            else:
                counts[key] = value
        if not combo:
            check.add(combo.position, _("a dimension_rule combination is empty"))
        combinations.append(counts)
    return tuple(combinations)
