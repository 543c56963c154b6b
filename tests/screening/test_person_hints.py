"""What answers say about the person (an age, "under 18"), declared by the questionnaire."""

from __future__ import annotations

import pytest

from app.domain.person import PersonProfile, check_profile, is_child
from app.screening.loader import find_form, parse_form_text
from app.screening.model import AnswerRecord
from app.screening.person_hints import age_questions, person_from_answers, with_answers

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


def _form_with_a_hidden_age():
    """The mini form with an age question shown only when the job was different, which is
    itself shown only to someone recruited abroad."""
    text = (FIXTURES / "good" / "mini-screening.yaml").read_text("utf-8")
    age = (
        "      - id: age_now\n"
        "        text: How old are you?\n"
        "        type: number\n"
        "        show_if: \"job_different == 'yes'\"\n"
        "        person: {age: true}\n"
    )
    text = text.replace("      - id: arrival_date\n", age + "      - id: arrival_date\n", 1)
    form, problems = parse_form_text(text, "mini.yaml")
    assert form is not None, problems
    return form


def test_the_answers_deciding_the_age_are_its_question_and_those_its_show_if_reads():
    assert age_questions(find_form("child-screening")) == ("age_years",)
    assert age_questions(find_form("adult-screening")) == ()
    assert age_questions(_form_with_a_hidden_age()) == (
        "recruited_abroad",
        "job_different",
        "age_now",
    )


@pytest.mark.parametrize(
    "values",
    [
        {"recruited_abroad": "yes", "job_different": "yes", "age_now": 31, "hours": 12},
        {"recruited_abroad": "no", "job_different": "yes", "age_now": 31, "threats": "yes"},
        {"recruited_abroad": "yes", "job_different": "no", "age_now": 40},
        {"recruited_abroad": "yes", "job_different": "yes", "age_now": None},
        {"recruited_abroad": "yes", "job_different": "yes", "age_now": 16, "days_off": "never"},
    ],
)
def test_only_those_answers_say_the_same_age_as_all_of_them(values):
    form = _form_with_a_hidden_age()
    answers = _answers(**values)
    kept = {qid: record for qid, record in answers.items() if qid in age_questions(form)}
    assert with_answers(PersonProfile(), form, kept) == with_answers(PersonProfile(), form, answers)
