"""Needs and urgency from a screening's own needs questions.

A question may declare what an answer tells of the person's needs now:

```yaml
- id: safe_tonight
  text: Do you have a safe place to sleep tonight?
  type: yes_no
  needs:
    - {need: safe_housing, on: [no], urgency: emergency}
```

`need` is a need id (app.domain.referral_rules.NEEDS), `on` the answers that
tell of it (default `[yes]`, as for indicators), `urgency` the least urgency
of a referral when it is given (optional). `needs_from_answers` reads the
answers of the visible, answered questions (a declined answer tells of
nothing) and gives the needs in checklist order and the highest urgency; the
worker may change both before a packet is made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.domain import referral_rules as rules
from app.i18n import _
from app.screening.model import Form, NeedRule
from app.screening.problems import FieldChecker
from app.screening.yaml_source import YMap

NEED_KEYS = {"need": True, "on": False, "urgency": False}
_URGENCY_ORDER = tuple(rules.URGENCIES)


def build_need_rules(
    check: FieldChecker,
    mapping: YMap,
    what: str,
    answer_type: str,
    answer_values: Callable[[YMap], tuple[str, ...]],
) -> tuple[NeedRule, ...]:
    """The `needs:` of a question, each problem reported at its line and column."""
    items = check.items(mapping, "needs", what, required=False)
    if items and answer_type and answer_type not in ("yes_no", "single", "multiple"):
        check.add(mapping.key_at("needs"), _("needs need a yes_no, single or multiple question"))
        return ()
    found: list[NeedRule] = []
    for index, item in enumerate(items or []):
        rule = check.mapping(item, items.item_at(index), _("a need"))
        if rule is None:
            continue
        rule_what = _("a need of {what}").format(what=what)
        check.keys(rule, NEED_KEYS, rule_what)
        chosen = {}
        for key, known in (("need", rules.NEEDS), ("urgency", rules.URGENCIES)):
            chosen[key] = value = str(check.text(rule, key, rule_what))
            if value and value not in known:
                check.add(
                    rule.value_at(key),
                    _("{key} must be one of {allowed}, not {value}").format(
                        key=key, allowed=", ".join(known), value=value
                    ),
                )
        if "on" not in rule and answer_type in ("single", "multiple"):
            check.add(rule.position, _("a need of a choice question needs on: [option ids]"))
            continue
        found.append(NeedRule(chosen["need"], answer_values(rule), chosen["urgency"]))
    return tuple(found)


@dataclass(frozen=True)
class FoundNeeds:
    """What the answers tell of the person's needs now.

    `needs` in checklist order; `urgency` the highest any answer asks for
    ("routine" when none does); `sources` (question id, need, urgency) per
    answer that told of a need.
    """

    needs: tuple[str, ...]
    urgency: str
    sources: tuple[tuple[str, str, str], ...]


def most_urgent(*urgencies: str) -> str:
    """The highest of the given urgency ids ("routine" for none)."""
    known = [u for u in urgencies if u in _URGENCY_ORDER]
    return max(known, key=_URGENCY_ORDER.index, default=_URGENCY_ORDER[0])


def needs_from_answers(form: Form, answers: Mapping[str, object]) -> FoundNeeds:
    """The needs and urgency the form's needs questions found in `answers`."""
    from app.screening.scoring import answer_parts, visible_questions

    sources: list[tuple[str, str, str]] = []
    for question in visible_questions(form, answers):
        if not question.needs or question.id not in answers:
            continue
        value, declined = answer_parts(answers[question.id])
        if declined:
            continue
        chosen = value if isinstance(value, list) else [value]
        for rule in question.needs:
            if any(isinstance(item, str) and item in rule.on for item in chosen):
                sources.append((question.id, rule.need, rule.urgency))
    told = {need for _question, need, _urgency in sources}
    return FoundNeeds(
        needs=tuple(need for need in rules.NEEDS if need in told),
        urgency=most_urgent(*(urgency for *_rest, urgency in sources)),
        sources=tuple(sources),
    )
