"""Needs questions: what a form declares, how it is checked, and what answers tell of needs."""

from __future__ import annotations

import pytest

from app.screening.loader import find_form, parse_form_text
from app.screening.model import AnswerRecord
from app.screening.needs import most_urgent, needs_from_answers

from .conftest import FIXTURES


def _answers(**values) -> dict[str, AnswerRecord]:
    return {
        qid: AnswerRecord(None, True) if value is None else AnswerRecord(value)
        for qid, value in values.items()
    }


def test_adult_needs_questions_carry_over_with_their_urgency():
    form = find_form("adult-screening")
    found = needs_from_answers(form, _answers(safe_tonight="no", needs_medical="yes"))
    assert found.needs == ("safe_housing", "medical")
    assert found.urgency == "emergency", "no safe place tonight makes it immediate"
    assert ("safe_tonight", "safe_housing", "emergency") in found.sources
    medical_only = needs_from_answers(form, _answers(safe_tonight="yes", needs_medical="yes"))
    assert medical_only.needs == ("medical",) and medical_only.urgency == "urgent"


def test_a_declined_or_missing_answer_tells_of_no_need():
    form = find_form("adult-screening")
    found = needs_from_answers(form, _answers(safe_tonight=None))
    assert found.needs == () and found.urgency == "routine"


def test_child_and_border_forms_raise_child_protection():
    child = needs_from_answers(
        find_form("child-screening"), _answers(who_cares_for_you="no_one", safe_tonight="no")
    )
    assert child.needs == ("safe_housing", "child_protection")
    assert child.urgency == "emergency"
    border = needs_from_answers(
        find_form("border-triage"),
        _answers(safe_to_talk="yes", under_18="yes", travels_with_guardian="no"),
    )
    assert border.needs == ("child_protection",) and border.urgency == "urgent"


def test_a_hidden_question_tells_of_nothing():
    form = find_form("child-screening")
    # work_hurt is shown only when the child works.
    found = needs_from_answers(form, _answers(works="no", work_hurt="yes"))
    assert "medical" not in found.needs


def test_most_urgent_orders_the_declared_urgencies():
    assert most_urgent() == "routine"
    assert most_urgent("soon", "emergency", "urgent") == "emergency"
    assert most_urgent("", "soon") == "soon"


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("{need: pizza}", "need must be one of safe_housing"),
        ("{need: medical, urgency: yesterday}", "urgency must be one of routine"),
        ("{need: medical, on: [perhaps]}", "'perhaps' is not a yes_no answer"),
        ("{need: medical, when: always}", "when"),
        ("{on: [yes]}", "need"),
    ],
)
def test_bad_needs_declarations_are_placed(declaration, message):
    text = (FIXTURES / "good" / "mini-screening.yaml").read_text("utf-8")
    marker = "      - id: recruited_abroad\n        text: Did someone offer you this work"
    assert marker in text
    needs = f"        needs:\n          - {declaration}\n"
    text = text.replace(
        "        type: yes_no\n      - id: job_different",
        f"        type: yes_no\n{needs}      - id: job_different",
        1,
    )
    form, problems = parse_form_text(text, "mini.yaml")
    assert form is None
    (problem,) = problems
    assert problem.file == "mini.yaml" and problem.line > 40 and problem.column > 0
    assert message in problem.message
