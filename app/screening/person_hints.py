"""What a screening's answers say about the person: their age, or that they may be a child.

A question may declare it:

```yaml
- id: age_years
  type: number
  person: {age: true}
- id: under_18
  type: yes_no
  person: {child: [yes]}
- id: age_uncertain
  type: yes_no
  person: {child: [yes], age_uncertain: [yes]}
```

`person_from_answers` reads the visible, answered questions (a declined
answer says nothing) and gives what they say as a `PersonProfile`;
`with_answers` fills the gaps of the profile the worker recorded with it,
never overriding what the worker entered. `age_questions` names the answers
that decide the age it reads, so reports need not read the others.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from app.domain.person import MAX_AGE, PersonProfile
from app.i18n import _
from app.screening.expressions import referenced_questions
from app.screening.model import YES_NO_VALUES, Form, Option, PersonHint
from app.screening.problems import FieldChecker
from app.screening.yaml_source import YList, YMap

PERSON_KEYS = {"age": False, "child": False, "age_uncertain": False}


def _values(
    check: FieldChecker, hint: YMap, key: str, answer_type: str, options: tuple[Option, ...]
) -> tuple[str, ...]:
    raw = hint[key]
    if not isinstance(raw, YList) or not raw:
        check.add(hint.value_at(key), _("{key} must be a list of answer values").format(key=key))
        return ()
    allowed = YES_NO_VALUES if answer_type == "yes_no" else tuple(o.id for o in options)
    found = []
    for index, value in enumerate(raw):
        if not isinstance(value, str) or value not in allowed:
            check.add(
                raw.item_at(index),
                _("{value} is not an answer of this question (use {allowed})").format(
                    value=value, allowed=", ".join(allowed)
                ),
            )
            continue
        found.append(value)
    return tuple(found)


def build_person_hint(
    check: FieldChecker, mapping: YMap, what: str, answer_type: str, options: tuple[Option, ...]
) -> PersonHint | None:
    """The `person:` of a question, each problem reported at its line and column."""
    if "person" not in mapping:
        return None
    hint = check.mapping(mapping["person"], mapping.value_at("person"), _("person"))
    if hint is None:
        return None
    hint_what = _("person of {what}").format(what=what)
    check.keys(hint, PERSON_KEYS, hint_what)
    age = False
    if "age" in hint:
        if hint["age"] is not True:
            check.add(hint.value_at("age"), _("age must be true"))
        elif answer_type and answer_type != "number":
            check.add(hint.key_at("age"), _("age needs a number question"))
        else:
            age = True
    lists = {}
    for key in ("child", "age_uncertain"):
        if key not in hint:
            continue
        if answer_type and answer_type not in ("yes_no", "single", "multiple"):
            check.add(
                hint.key_at(key), _("{key} needs a yes_no or choice question").format(key=key)
            )
            continue
        lists[key] = _values(check, hint, key, answer_type, options)
    return PersonHint(age, lists.get("child", ()), lists.get("age_uncertain", ()))


def age_questions(form: Form) -> tuple[str, ...]:
    """The questions whose answers decide the age `person_from_answers` reads, in form order.

    The questions that give the age, and those their `show_if` reads, and
    theirs in turn: a `show_if` reads answers only (dimension functions are
    for outcomes), so given only these answers it says the same age.
    """
    needed: set[str] = set()
    pending = [q.id for q in form.questions if q.person is not None and q.person.age]
    while pending:
        question_id = pending.pop()
        if question_id in needed or not form.has_question(question_id):
            continue
        needed.add(question_id)
        condition = form.question(question_id).show_if_expr
        if condition is not None:
            pending += [name.name for name in referenced_questions(condition)]
    return tuple(q.id for q in form.questions if q.id in needed)


def person_from_answers(form: Form, answers: Mapping[str, object]) -> PersonProfile:
    """What the form's person questions say (`child` True only when an answer says so)."""
    from app.screening.scoring import answer_parts, visible_questions

    age: int | None = None
    child = uncertain = False
    for question in visible_questions(form, answers):
        hint = question.person
        if hint is None or question.id not in answers:
            continue
        value, declined = answer_parts(answers[question.id])
        if declined or value is None:
            continue
        if hint.age and isinstance(value, int | float) and not isinstance(value, bool):
            age = int(value) if 0 <= value <= MAX_AGE else age
        chosen = value if isinstance(value, list) else [value]
        child = child or any(item in hint.child for item in chosen)
        uncertain = uncertain or any(item in hint.age_uncertain for item in chosen)
    return PersonProfile(age=age, child=True if child else None, age_uncertain=uncertain)


def with_answers(profile: PersonProfile, form: Form | None, answers: Mapping[str, object]):
    """`profile` with the gaps the answers can fill filled (the worker's entries stand)."""
    if form is None:
        return profile
    said = person_from_answers(form, answers)
    changes: dict[str, object] = {}
    if profile.age is None and profile.age_band is None and said.age is not None:
        changes["age"] = said.age
    age_known = (profile.age is not None or profile.age_band) and not profile.age_uncertain
    if profile.child is None and said.child is not None and not age_known:
        changes["child"] = said.child
    if said.age_uncertain and not profile.age_uncertain and profile.age is None:
        changes["age_uncertain"] = True
    return dataclasses.replace(profile, **changes) if changes else profile
