"""What answers say about the person (an age, "under 18"), declared by the questionnaire."""

from __future__ import annotations

import pytest

from app.domain.person import PersonProfile, check_profile, is_child
from app.screening.loader import find_form, parse_form_text
from app.screening.model import AnswerRecord
from app.screening.person_hints import person_from_answers, with_answers

from .conftest import FIXTURES


def _answers(**values) -> dict[str, AnswerRecord]:
    return {
        qid: AnswerRecord(None, True) if value is None else AnswerRecord(value)
        for qid, value in values.items()
    }


def test_a_border_triage_under_18_makes_the_person_a_child():
    form = find_form("border-triage")
    said = person_from_answers(form, _answers(safe_to_talk="yes", under_18="yes"))
    assert said.child is True and not said.age_uncertain
    doubt = person_from_answers(form, _answers(safe_to_talk="yes", age_uncertain="yes"))
    assert doubt.child is True and doubt.age_uncertain
    adult = person_from_answers(form, _answers(safe_to_talk="yes", under_18="no"))
    assert adult.child is None, "a 'no' does not make an adult: the officer may still doubt"
    declined = person_from_answers(form, _answers(safe_to_talk="yes", under_18=None))
    assert declined == PersonProfile()


def test_the_child_questionnaire_gives_the_age():
    profile = with_answers(PersonProfile(), find_form("child-screening"), _answers(age_years=14))
    assert profile.age == 14 and profile.band == "13-15"
    assert is_child(profile, "child") is True


def test_what_the_worker_recorded_stands():
    form = find_form("border-triage")
    answers = _answers(safe_to_talk="yes", under_18="yes")
    recorded = check_profile({"age": 24})
    assert with_answers(recorded, form, answers) == recorded
    unsure = check_profile({"age": 24, "age_uncertain": True})
    assert is_child(with_answers(unsure, form, answers), "adult") is True
    said_adult = check_profile({"child": "no"})
    assert with_answers(said_adult, form, answers).child is False


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("{age: true}", "age needs a number question"),
        ("{child: [maybe]}", "maybe is not an answer of this question"),
        ("{child: yes}", "child must be a list of answer values"),
        ("{birthday: [yes]}", "birthday"),
    ],
)
def test_bad_person_declarations_are_placed(declaration, message):
    text = (FIXTURES / "good" / "mini-screening.yaml").read_text("utf-8")
    person = f"        person: {declaration}\n"
    text = text.replace(
        "        type: yes_no\n      - id: job_different",
        f"        type: yes_no\n{person}      - id: job_different",
        1,
    )
    form, problems = parse_form_text(text, "mini.yaml")
    assert form is None
    (problem,) = problems
    assert problem.line > 40 and message in problem.message
