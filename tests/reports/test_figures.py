"""The report's figures equal what the vault holds, counted here by walking the records.

The expectation is computed with the repositories' own record API (cases,
screenings, outcomes, answers, referrals one by one), never with the grouped
queries of vault.statistics that the figures use.
"""

from __future__ import annotations

import statistics
from collections import Counter

from app.domain.screening_states import answers_forgotten
from app.reports.figures import summarise


def _walk(vault, owner: str | None = None):
    """Every screening the account may see, with its outcome, answers and referrals."""
    for case in vault.cases.list():
        if owner is not None and case.created_by != owner:
            continue
        for screening in vault.screenings.list_for_case(case.id):
            yield (
                screening,
                vault.screenings.outcome(screening.id),
                vault.screenings.answers(screening.id),
                vault.referrals.list_for_screening(screening.id),
            )


def _expected(vault, owner: str | None = None) -> dict:
    kinds: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    stops: Counter[str] = Counter()
    levels: Counter[tuple[str, str]] = Counter()
    declined: Counter[tuple[str, str]] = Counter()
    answered: Counter[tuple[str, str]] = Counter()
    referral_types: Counter[str] = Counter()
    seconds = []
    with_answers = 0
    not_kept = 0
    for screening, outcome, answers, referrals in _walk(vault, owner):
        forms[screening.form_id] += 1
        status = screening.status.value
        if status == "completed":
            kinds[outcome.decision.value if outcome and outcome.decision else "unknown"] += 1
            levels[(screening.form_id, outcome.level)] += 1
            total = sum(screening.section_seconds.values())
            if total > 0:
                seconds.append(total)
        elif status == "stopped" and screening.stop_reason == "no_consent":
            kinds["refused"] += 1
        elif status == "stopped":
            kinds["stopped"] += 1
            stops[screening.stop_reason] += 1
        else:
            kinds["in_progress"] += 1
        with_answers += bool(answers)
        not_kept += answers_forgotten(screening)
        for question_id, record in answers.items():
            answered[(screening.form_id, question_id)] += 1
            declined[(screening.form_id, question_id)] += record.declined
        for referral in referrals:
            referral_types[vault.services.get(referral.service_id).type] += 1
    return {
        "screenings": sum(kinds.values()),
        "kinds": kinds,
        "forms": forms,
        "stops": stops,
        "levels": levels,
        "declined": {key: (declined[key], answered[key]) for key in answered if declined[key]},
        "with_answers": with_answers,
        "not_kept": not_kept,
        "referral_types": referral_types,
        "median": round(statistics.median(seconds) / 60, 1) if seconds else None,
    }


def _check(summary, expected) -> None:
    assert summary.screenings == expected["screenings"]
    assert {k: v for k, v in summary.by_category.items() if v} == dict(expected["kinds"])
    assert summary.by_form == dict(expected["forms"])
    assert summary.stop_reasons == dict(expected["stops"])
    assert summary.by_level == dict(expected["levels"])
    assert {(d.form_id, d.question_id): (d.declined, d.answered) for d in summary.declined} == (
        expected["declined"]
    )
    assert summary.screenings_with_answers == expected["with_answers"]
    assert summary.answers_not_kept == expected["not_kept"]
    assert summary.referrals_by_type == dict(expected["referral_types"])
    assert summary.referrals == sum(expected["referral_types"].values())
    assert summary.median_minutes == expected["median"]
    assert sum(sum(month.values()) for month in summary.by_month.values()) == summary.screenings


def test_a_supervisors_figures_equal_every_record_in_the_demo_vault(
    open_report_vault, whole_period
):
    vault = open_report_vault("sue")
    summary = summarise(vault, whole_period)
    expected = _expected(vault)
    assert summary.scope is None
    assert summary.screenings > 200  # the demo's few hundred cases and sol's work
    assert expected["kinds"]["refused"] and expected["stops"] and expected["declined"]
    assert expected["referral_types"]  # the demo made referral packets
    _check(summary, expected)


def test_an_administrator_counts_everyones_work_too(open_report_vault, whole_period):
    admin = summarise(open_report_vault("demo"), whole_period)
    supervisor = summarise(open_report_vault("sue"), whole_period)
    assert admin.to_json() == supervisor.to_json()


def test_a_screeners_report_covers_only_their_own_cases(open_report_vault, whole_period):
    vault = open_report_vault("sol")
    summary = summarise(vault, whole_period)
    assert summary.scope == "sol"
    assert summary.screenings == 7 and summary.by_form == {"border-triage": 7}
    assert summary.stop_reasons == {"distress": 2}
    _check(summary, _expected(open_report_vault("sue"), owner="sol"))


def test_a_period_without_the_screenings_counts_nothing(open_report_vault, whole_period):
    from app.reports.period import Period

    before = Period.month(whole_period.start.year - 3, 1)
    summary = summarise(open_report_vault("sue"), before)
    assert summary.screenings == 0 and summary.referrals == 0 and summary.declined == ()
    assert summary.by_month == {
        f"{before.start.year:04d}-01": dict.fromkeys(summary.by_category, 0)
    }
