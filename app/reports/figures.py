"""The figures of a report, counted once for the page, the PDF, the CLI and the shared statistics.

`summarise(vault, period)` reads grouped counts from `vault.statistics`
(role-filtered there: a screener counts only their own cases) and returns a
`Summary` of plain numbers keyed by ids. Titles in a language come from
app/reports/titles.py when the figures are shown. docs/reports.md says how
each figure is counted.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.referral_status import ReferralStatus, is_due
from app.domain.screening_states import NO_CONSENT
from app.i18n import N_
from app.reports.age_bands import BANDS, age_bands
from app.reports.period import Period

# What became of a screening: one category each, so the categories add up to all screenings.
OUTCOME_CATEGORIES: dict[str, str] = {
    "refer": N_("referral recommended"),
    "no_referral": N_("no referral"),
    "undetermined": N_("undetermined"),
    "unknown": N_("completed, decision not recorded"),
    "stopped": N_("stopped"),
    "refused": N_("consent refused"),
    "in_progress": N_("in progress or paused"),
}
DECISIONS = ("refer", "no_referral", "undetermined")
# A question answered fewer times than this in the period is listed after the
# others: two declines out of three answers say little about the question.
MIN_ANSWERED = 10
# A referral to a service with no country recorded (or removed from the directory).
NO_COUNTRY = "not_recorded"


@dataclass(frozen=True)
class DeclinedShare:
    """Of the kept answers to one question: how many were "prefer not to say"."""

    form_id: str
    question_id: str
    declined: int
    answered: int

    @property
    def share(self) -> float:
        return self.declined / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class Summary:
    """Every figure of a report for one period and one scope (everyone, or one screener)."""

    period: Period
    scope: str | None  # None: everyone's work; else the screener whose cases are counted
    screenings: int
    by_month: dict[str, dict[str, int]]  # month -> OUTCOME_CATEGORIES key -> count
    by_form: dict[str, int]
    by_category: dict[str, int]
    by_level: dict[tuple[str, str], int]  # (form id, level id) -> completed screenings
    stop_reasons: dict[str, int]  # stopped for a reason other than refused consent
    declined: tuple[DeclinedShare, ...]  # most declined first
    screenings_with_answers: int
    answers_not_kept: int  # ended screenings whose person asked for the answers not to be kept
    referrals: int
    referrals_by_type: dict[str, int]
    referrals_by_month: dict[str, int]
    median_minutes: float | None
    median_minutes_by_form: dict[str, float] = field(default_factory=dict)
    timed_interviews: int = 0
    referrals_by_status: dict[str, int] = field(default_factory=dict)  # every status, in order
    referrals_overdue: int = 0  # open, follow-up date come by `overdue_on`
    overdue_on: date | None = None  # the period's last day, or today if that is earlier
    referrals_by_country: dict[str, int] = field(default_factory=dict)  # code or NO_COUNTRY
    by_age_band: dict[str, int] = field(default_factory=dict)  # every age_bands.BANDS id

    @property
    def refused(self) -> int:
        return self.by_category.get("refused", 0)

    @property
    def stopped(self) -> int:
        return self.by_category.get("stopped", 0)

    def to_json(self) -> dict[str, Any]:
        """The figures as plain JSON data (ids, not titles), for scripts."""
        return {
            "period": self.period.as_dict(),
            "scope": "everyone" if self.scope is None else "own cases",
            "unit": "screenings (not identified victims)",
            "screenings": self.screenings,
            "by_month": self.by_month,
            "by_questionnaire": self.by_form,
            "by_outcome": self.by_category,
            "by_level": [
                {"questionnaire": form_id, "level": level, "count": count}
                for (form_id, level), count in sorted(self.by_level.items())
            ],
            "consent_refused": self.refused,
            "stopped": self.stopped,
            "stop_reasons": self.stop_reasons,
            "declined_answers": [
                {
                    "questionnaire": item.form_id,
                    "question": item.question_id,
                    "declined": item.declined,
                    "answered": item.answered,
                }
                for item in self.declined
            ],
            "screenings_with_kept_answers": self.screenings_with_answers,
            "screenings_with_answers_not_kept": self.answers_not_kept,
            "referrals": self.referrals,
            "referrals_by_service_type": self.referrals_by_type,
            "referrals_by_month": self.referrals_by_month,
            "referrals_by_status": self.referrals_by_status,
            "referrals_overdue": self.referrals_overdue,
            "referrals_overdue_on": self.overdue_on.isoformat() if self.overdue_on else None,
            "referrals_by_service_country": self.referrals_by_country,
            "by_age_band": self.by_age_band,
            "median_interview_minutes": self.median_minutes,
            "median_interview_minutes_by_questionnaire": self.median_minutes_by_form,
            "timed_interviews": self.timed_interviews,
        }


def category(status: str, stop_reason: str | None, decision: str | None) -> str:
    """The OUTCOME_CATEGORIES key of a screening from its stored status and outcome.

    A refusal is the core's one definition (app/domain/screening_states.py): a
    screening stopped with the reason NO_CONSENT.
    """
    if status == "completed":
        return decision if decision in DECISIONS else "unknown"
    if status == "stopped":
        return "refused" if stop_reason == NO_CONSENT else "stopped"
    return "in_progress"


def overdue_on(period: Period, today: date | None = None) -> date:
    """The day a report's overdue referrals are counted on: the period's end, or today."""
    return min(period.end, today or date.today())


def summarise(vault: Any, period: Period, *, today: date | None = None) -> Summary:
    """The figures of `period` over what the acting user may count.

    Referrals stand as they stand now; those still open whose follow-up date
    has come by `overdue_on(period, today)` are overdue (`referral_status.is_due`).
    """
    store = vault.statistics
    start, end = period.start, period.end
    months = period.months()
    by_month: dict[str, dict[str, int]] = {m: dict.fromkeys(OUTCOME_CATEGORIES, 0) for m in months}
    by_form: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_level: Counter[tuple[str, str]] = Counter()
    stop_reasons: Counter[str] = Counter()
    for group in store.screenings(start, end):
        kind = category(group.status, group.stop_reason, group.decision)
        by_month.setdefault(group.month, dict.fromkeys(OUTCOME_CATEGORIES, 0))[kind] += group.count
        by_form[group.form_id] += group.count
        by_category[kind] += group.count
        if group.status == "completed" and group.level:
            by_level[(group.form_id, group.level)] += group.count
        if kind == "stopped":
            stop_reasons[group.stop_reason or "other"] += group.count
    answered = store.answers(start, end)
    declined = sorted(
        (DeclinedShare(a.form_id, a.question_id, a.declined, a.answered) for a in answered),
        key=lambda item: (
            item.answered < MIN_ANSWERED,
            -item.share,
            -item.declined,
            item.form_id,
            item.question_id,
        ),
    )
    referrals_by_type: Counter[str] = Counter()
    referrals_by_month: Counter[str] = Counter()
    referrals_by_status: Counter[str] = Counter()
    referrals_by_country: Counter[str] = Counter()
    overdue = 0
    as_of = overdue_on(period, today)
    for group in store.referrals(start, end):
        referrals_by_type[group.service_type or "other"] += group.count
        referrals_by_month[group.month] += group.count
        referrals_by_status[group.status] += group.count
        referrals_by_country[group.country or NO_COUNTRY] += group.count
        if referral_due(group.status, group.due_on, as_of):
            overdue += group.count
    bands: Counter[str] = Counter()
    for (_month, band), count in age_bands(vault, period).items():
        bands[band] += count
    seconds = store.interview_seconds(start, end)
    per_form: dict[str, list[float]] = defaultdict(list)
    for form_id, value in seconds:
        per_form[form_id].append(value)
    return Summary(
        period=period,
        scope=None if store.sees_everyone() else vault.user.name,
        screenings=sum(by_category.values()),
        by_month=by_month,
        by_form=dict(by_form.most_common()),
        by_category={key: by_category.get(key, 0) for key in OUTCOME_CATEGORIES},
        by_level=dict(by_level),
        stop_reasons=dict(stop_reasons.most_common()),
        declined=tuple(item for item in declined if item.declined),
        screenings_with_answers=store.screenings_with_answers(start, end),
        answers_not_kept=store.answers_not_kept(start, end),
        referrals=sum(referrals_by_type.values()),
        referrals_by_type=dict(referrals_by_type.most_common()),
        referrals_by_month={m: referrals_by_month.get(m, 0) for m in months},
        median_minutes=_minutes([value for _form, value in seconds]),
        median_minutes_by_form={
            form_id: minutes
            for form_id, values in sorted(per_form.items())
            if (minutes := _minutes(values)) is not None
        },
        timed_interviews=len(seconds),
        referrals_by_status={key.value: referrals_by_status.get(key, 0) for key in ReferralStatus},
        referrals_overdue=overdue,
        overdue_on=as_of,
        referrals_by_country=dict(referrals_by_country.most_common()),
        by_age_band={key: bands.get(key, 0) for key in BANDS},
    )


def referral_due(status: str, due_on: str | None, as_of: date) -> bool:
    """Whether a referral with this stored status and follow-up date is due on `as_of`."""
    try:
        known = ReferralStatus(status)
    except ValueError:
        return False
    return is_due(known, date.fromisoformat(due_on) if due_on else None, as_of)


def _minutes(seconds: list[float]) -> float | None:
    return round(statistics.median(seconds) / 60, 1) if seconds else None
