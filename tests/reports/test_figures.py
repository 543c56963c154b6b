"""The report's figures equal what the vault holds, counted here by walking the records.

The expectation is computed with the repositories' own record API (cases,
screenings, outcomes, answers, referrals one by one), never with the grouped
queries of vault.statistics that the figures use.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta

import pytest

from app.domain.person import band_for_age
from app.domain.screening_states import answers_forgotten
from app.reports.figures import summarise
from tests.reports.helpers import (
    FOLLOW_UP_BANDS,
    FOLLOW_UP_COUNTRIES,
    FOLLOW_UP_OVERDUE,
    FOLLOW_UP_STATUSES,
)

OPEN = ("prepared", "sent", "received", "accepted")  # a referral still waiting on someone


def _walk(vault, owner: str | None = None):
    """Every screening the account may see, with its outcome, answers, referrals and profile."""
    for case in vault.cases.list():
        if owner is not None and case.created_by != owner:
            continue
        profile = vault.people.get(case.id)
        for screening in vault.screenings.list_for_case(case.id):
            yield (
                screening,
                vault.screenings.outcome(screening.id),
                vault.screenings.answers(screening.id),
                vault.referrals.list_for_screening(screening.id),
                profile,
            )


def _band(screening, answers, profile) -> str:
    """The recorded age band: the profile's band or age, else the child form's age answer."""
    if profile.age_band:
        return profile.age_band
    if profile.age is not None:
        return band_for_age(profile.age)
    said = answers.get("age_years") if screening.form_id == "child-screening" else None
    if said is not None and not said.declined:
        return band_for_age(int(said.value))
    return "not_recorded"


def _expected(vault, owner: str | None = None, today: date | None = None) -> dict:
    kinds: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    stops: Counter[str] = Counter()
    levels: Counter[tuple[str, str]] = Counter()
    declined: Counter[tuple[str, str]] = Counter()
    answered: Counter[tuple[str, str]] = Counter()
    referral_types: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    services: Counter[str] = Counter()
    bands: Counter[str] = Counter()
    overdue = 0
    seconds = []
    with_answers = 0
    not_kept = 0
    for screening, outcome, answers, referrals, profile in _walk(vault, owner):
        forms[screening.form_id] += 1
        bands[_band(screening, answers, profile)] += 1
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
            service = vault.services.get(referral.service_id)
            referral_types[service.type] += 1
            statuses[referral.status] += 1
            countries[service.country or "not_recorded"] += 1
            services[f"{service.type}/{service.country or 'not_recorded'}"] += 1
            due = referral.due_on is not None and referral.due_on <= (today or date.today())
            overdue += referral.status in OPEN and due
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
        "statuses": statuses,
        "countries": countries,
        "services": services,
        "overdue": overdue,
        "bands": bands,
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
    assert {k: v for k, v in summary.referrals_by_status.items() if v} == dict(expected["statuses"])
    assert summary.referrals_by_country == dict(expected["countries"])
    assert summary.referrals_overdue == expected["overdue"]
    assert {k: v for k, v in summary.by_age_band.items() if v} == dict(expected["bands"])
    assert sum(summary.by_age_band.values()) == summary.screenings
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
    assert len(expected["statuses"]) == 6 and expected["overdue"] >= 3  # every status
    assert len(expected["bands"]) >= 7 and expected["countries"]["ZZ"] == 4
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


def test_a_screeners_referrals_by_status_country_overdue_and_ages_are_her_own(
    open_report_vault, whole_period
):
    summary = summarise(open_report_vault("ria"), whole_period)
    assert summary.scope == "ria" and summary.screenings == 5
    assert summary.referrals_by_status == FOLLOW_UP_STATUSES
    assert summary.referrals_overdue == FOLLOW_UP_OVERDUE
    assert summary.referrals_by_country == FOLLOW_UP_COUNTRIES
    assert {k: v for k, v in summary.by_age_band.items() if v} == FOLLOW_UP_BANDS
    # Every band is listed, in the core's order, so a page or a script sees the empty ones too.
    assert list(summary.by_age_band)[:3] == ["0-5", "6-12", "13-15"]
    assert list(summary.by_age_band)[-1] == "not_recorded"
    data = summary.to_json()
    assert data["referrals_by_status"] == FOLLOW_UP_STATUSES
    assert data["referrals_overdue"] == FOLLOW_UP_OVERDUE
    assert data["referrals_overdue_on"] == date.today().isoformat()
    assert data["referrals_by_service_country"] == FOLLOW_UP_COUNTRIES
    # sol made no referral and recorded no age: none of ria's shows in her figures.
    sol = summarise(open_report_vault("sol"), whole_period)
    assert sol.referrals == 0 and sol.referrals_overdue == 0
    assert not any(sol.referrals_by_status.values()) and sol.referrals_by_country == {}
    assert sol.by_age_band["not_recorded"] == sol.screenings == 7


@pytest.mark.parametrize(
    ("days_ago", "overdue"),
    [(0, FOLLOW_UP_OVERDUE), (1, FOLLOW_UP_OVERDUE), (2, FOLLOW_UP_OVERDUE - 1), (4, 0)],
)
def test_a_referral_is_overdue_once_its_follow_up_date_has_come(
    open_report_vault, whole_period, days_ago, overdue
):
    """The sent referral was due yesterday, the prepared one three days ago."""
    today = date.today() - timedelta(days=days_ago)
    summary = summarise(open_report_vault("ria"), whole_period, today=today)
    assert summary.overdue_on == today
    assert summary.referrals_overdue == overdue


def test_overdue_is_counted_on_the_periods_last_day_or_today_whichever_comes_first():
    from app.reports.figures import overdue_on
    from app.reports.period import Period

    march = Period.month(2026, 3)
    assert overdue_on(march, today=date(2026, 5, 2)) == date(2026, 3, 31)
    assert overdue_on(march, today=date(2026, 3, 12)) == date(2026, 3, 12)
