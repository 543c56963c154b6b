"""Scoring hand-made answer sets: each outcome level, explanations, declined and skipped."""

from __future__ import annotations

from app.screening.loader import find_form
from app.screening.model import AnswerRecord
from app.screening.scoring import score

from .conftest import benign_value


def answers(**values: object) -> dict[str, AnswerRecord]:
    return {
        qid: AnswerRecord(None, True) if value == "DECLINE" else AnswerRecord(value)
        for qid, value in values.items()
    }


def test_referral_needs_all_three_groups(mini_form):
    full = answers(
        recruited_abroad="yes",
        job_different="yes",
        pay_different="yes",
        arrival_date="2024-03-01",
        hours=14,
        days_off="never",
        conditions=["no_pay"],
        documents_taken="yes",
        threats="yes",
    )
    outcome = score(mini_form, full)
    assert outcome.level == "referral_recommended"
    assert outcome.explanation[:4] == (
        "Result: Referral recommended",
        "Deceptive recruitment: positive — 1 strong (Q2), 1 medium (Q3)",
        "Exploitative conditions: positive — 1 strong (Q7), 1 medium (Q6)",
        "Coercion at destination: positive — 2 strong (Q8, Q9)",
    )
    assert "Not answered: Q10 threat_details" in outcome.explanation
    assert outcome.skipped == ("threat_details",)
    assert outcome.caution.startswith("A screen is not an identification")


def test_declined_is_never_counted_as_no(mini_form):
    given = answers(
        recruited_abroad="yes",
        job_different="yes",
        pay_different="yes",
        arrival_date="2024-03-01",
        hours=14,
        days_off="never",
        conditions=["no_pay"],
        documents_taken="yes",
        threats="DECLINE",
    )
    outcome = score(mini_form, given)
    # Coercion has one strong indicator only: the declined threat counts for nothing.
    assert outcome.level == "indicators_present"
    assert "Coercion at destination: not positive — 1 strong (Q8)" in outcome.explanation
    assert outcome.declined == ("threats",)
    assert "Declined (prefer not to say): Q9 threats" in outcome.explanation


def test_some_indicators_level(mini_form):
    outcome = score(mini_form, answers(recruited_abroad="no", documents_taken="yes"))
    assert outcome.level == "indicators_present"
    assert outcome.explanation[0] == "Result: Some indicators present"
    assert "Deceptive recruitment: no indicators" in outcome.explanation
    assert "Coercion at destination: not positive — 1 strong (Q8)" in outcome.explanation
    assert outcome.skipped == ("arrival_date", "hours", "days_off", "conditions", "threats")


def test_no_indicators_level(mini_form):
    outcome = score(
        mini_form,
        answers(
            recruited_abroad="no",
            arrival_date="2023-12-31",
            hours=8,
            days_off="every_week",
            conditions=["none"],
            documents_taken="no",
            threats="no",
        ),
    )
    assert outcome.level == "no_indicators"
    assert outcome.explanation == (
        "Result: No indicators found in this screen",
        "Deceptive recruitment: no indicators",
        "Exploitative conditions: no indicators",
        "Coercion at destination: no indicators",
    )
    assert outcome.declined == () and outcome.skipped == ()
    assert outcome.caution


def test_combination_rule_medium_and_weak(mini_form):
    # days_off=never is medium, danger is weak: 1 medium + 1 weak is not enough.
    outcome = score(mini_form, answers(days_off="never", conditions=["danger"]))
    exploitation = outcome.dimensions[1]
    assert (exploitation.count("medium"), exploitation.count("weak")) == (1, 1)
    assert not exploitation.positive
    # strong + weak is.
    outcome = score(mini_form, answers(conditions=["no_pay", "danger"]))
    assert outcome.dimensions[1].positive
    assert "Exploitative conditions: positive — 1 strong (Q7), 1 weak (Q7)" in outcome.explanation


# --- the shipped questionnaires ------------------------------------------------------


def _benign(form, **overrides):
    values = {q.id: benign_value(q) for q in form.questions}
    values.update(overrides)
    return answers(**values)


def _ref(form, qid):
    return form.question(qid).ref


def test_adult_screening_levels():
    form = find_form("adult-screening")
    r = {
        q: _ref(form, q)
        for q in (
            "job_different",
            "pay_lower_than_promised",
            "papers_kept",
            "violence",
            "hours_per_day",
            "day_off",
        )
    }
    referral = score(
        form,
        _benign(
            form,
            job_different="yes",
            pay_lower_than_promised="yes",
            hours_per_day="over_12",
            day_off="no",
            papers_kept="yes",
            violence="yes",
        ),
    )
    assert referral.level == "referral_recommended"
    assert (
        f"Deceptive recruitment: positive — 1 strong ({r['job_different']}),"
        f" 1 medium ({r['pay_lower_than_promised']})"
    ) in referral.explanation
    assert any(
        line.endswith(f"positive — 2 strong ({r['papers_kept']}, {r['violence']})")
        for line in referral.explanation
    )
    partial = score(form, _benign(form, papers_kept="yes", violence="yes"))
    assert partial.level == "indicators_present"
    nothing = score(form, _benign(form))
    assert nothing.level == "no_indicators"
    assert all(line.endswith("no indicators") for line in nothing.explanation[1:])


def test_adult_hidden_questions_are_not_scored():
    form = find_form("adult-screening")
    shown = score(form, _benign(form, work_type=["sex_work"], can_refuse_clients="no"))
    hidden = score(form, _benign(form, work_type=["farm"], can_refuse_clients="no"))
    ref = _ref(form, "can_refuse_clients")
    assert any(ref in line for line in shown.explanation)
    assert not any(ref in line for line in hidden.explanation)


def test_child_screening_needs_no_means():
    form = find_form("child-screening")
    # Recruitment and exploitation are enough for a child; no coercion asked for.
    referral = score(
        form,
        _benign(
            form,
            left_home="yes",
            who_arranged="agent",
            money_for_child="yes",
            works="yes",
            long_hours="yes",
            no_school="yes",
        ),
    )
    assert referral.level == "referral_recommended"
    protection = score(form, _benign(form, who_cares_for_you="no_one"))
    assert protection.level == "child_protection_referral"
    assert score(form, _benign(form)).level == "no_indicators"


def test_border_triage_one_yes_is_enough():
    form = find_form("border-triage")
    assert score(form, _benign(form, papers_held="yes")).level == "refer_full_screening"
    declined = score(form, _benign(form, papers_held="DECLINE"))
    assert declined.level == "no_referral"
    assert declined.declined == ("papers_held",)
