"""Statistics for sharing: HTCDS-coded two-way tables, k-anonymised, as one CSV file.

Only coarse counts leave the vault: by month, majority status, age band,
decision, HTCDS value, and the service type and country and the status of
referrals. No reference, name, free text, date finer than a month or account
name is in any table. No table is a merge of another's columns (an intruder
who knows how they relate could subtract them): so there is no table by
questionnaire beside majority status (from the questionnaire's audience),
and referrals are counted by service type and country together, not by each
alone (the receiver may know the service directory).

The tables go through `suppression.protect_together` with the vault's k (the
`report_k` setting, 11 unless an administrator set another, never below 5):
those counting the same screenings, or the same referrals, by month are
protected together, since they share their month totals. Each export is
audited with the period, k and the number of rows, and written atomically.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from app.domain.atomic_files import write_atomic
from app.domain.errors import AccessDenied
from app.domain.referral_status import ReferralStatus
from app.domain.roles import Permission, can, require
from app.i18n import _
from app.reports import htcds
from app.reports.age_bands import BANDS, age_bands
from app.reports.figures import DECISIONS, NO_COUNTRY, OUTCOME_CATEGORIES, category
from app.reports.period import Period
from app.reports.suppression import ProtectedTable, Table, check_k, protect_together

CSV_COLUMNS = (
    "period_from",
    "period_to",
    "k",
    "table",
    "unit",
    "row_field",
    "row",
    "column_field",
    "column",
    "count",
    "suppressed",
)
SCREENINGS = "screenings (not identified victims)"
COMPLETED = "completed screenings with kept answers in which the indicator was found"
WORK = "completed screenings with kept answers, by kind of work reported"
FORCED = "completed screenings with kept answers whose forced-labour dimension was positive"
REFERRALS = "referrals made"
REFERRAL_STATUS = "referrals made, by where they stand on the day of the export"


def _audiences() -> dict[str, str]:
    from app.reports.titles import loaded_forms

    return {form_id: form.audience for form_id, form in loaded_forms().items()}


def shared_tables(vault: Any, period: Period) -> list[Table]:
    """The tables to share for `period`, before suppression (what the acting user may count)."""
    store = vault.statistics
    start, end = period.start, period.end
    months = period.months()
    outcome: Counter[tuple[str, str]] = Counter()
    majority: Counter[tuple[str, str]] = Counter()
    audiences = _audiences()
    for group in store.screenings(start, end):
        kind = category(group.status, group.stop_reason, group.decision)
        outcome[(group.month, kind)] += group.count
        status = htcds.MAJORITY_STATUS.get(audiences.get(group.form_id, ""), "NotSpecified")
        majority[(group.month, status)] += group.count

    def decided(decision: str | None) -> str:
        return decision if decision in DECISIONS else "undetermined"

    control: Counter[tuple[str, str]] = Counter()
    recruitment: Counter[tuple[str, str]] = Counter()
    kinds: Counter[tuple[str, str]] = Counter()
    indicators = [(*key, code) for key, code in htcds.MEANS_OF_CONTROL.items()]
    indicators += [(*key, "*", code) for key, code in htcds.EXPLOITATION_INDICATORS.items()]
    dimensions = [(*key, code) for key, code in htcds.RECRUITMENT.items()]
    dimensions += [(*key, code) for key, code in htcds.FORCED_LABOUR.items()]
    forced: Counter[tuple[str, str]] = Counter()
    for kind, code, decision, count in store.outcome_codes(start, end, indicators, dimensions):
        if kind == "dimension" and code in htcds.FORCED_LABOUR_VALUES:
            forced[(code, decided(decision))] += count
        elif kind == "dimension":
            recruitment[(code, decided(decision))] += count
        elif code in htcds.MEANS_OF_CONTROL_VALUES:
            control[(code, decided(decision))] += count
        else:
            kinds[(code, decided(decision))] += count
    # Kinds of work: a screening counts once per HTCDS value, whichever answers name it.
    work: dict[tuple[str, str], set[int]] = defaultdict(set)
    for screening_id, decision, form_id, question_id, value in store.answer_values(
        start, end, list(htcds.TYPE_OF_WORK)
    ):
        chosen = value if isinstance(value, list) else [value]
        codes_of = htcds.TYPE_OF_WORK[(form_id, question_id)]
        for option in chosen:
            if option in codes_of:
                work[(codes_of[option], decided(decision))].add(screening_id)

    services: Counter[tuple[str, str]] = Counter()
    statuses: Counter[tuple[str, str]] = Counter()
    for group in store.referrals(start, end):
        kind = f"{group.service_type or 'other'}/{group.country or NO_COUNTRY}"
        services[(group.month, kind)] += group.count
        statuses[(group.month, group.status)] += group.count

    for key, ids in work.items():
        kinds[key] += len(ids)

    return [
        Table(
            "screenings_by_month",
            "month",
            "outcome",
            months,
            tuple(OUTCOME_CATEGORIES),
            outcome,
            SCREENINGS,
        ),
        Table(
            "majority_status",
            "month",
            "majorityStatus",
            months,
            ("Adult", "Minor", "NotSpecified"),
            majority,
            SCREENINGS,
        ),
        Table(
            "means_of_control",
            "meansOfControl",
            "decision",
            htcds.MEANS_OF_CONTROL_VALUES,
            DECISIONS,
            control,
            COMPLETED,
        ),
        Table(
            "type_of_exploitation",
            "typeOfExploitation",
            "decision",
            htcds.TYPE_OF_WORK_VALUES,
            DECISIONS,
            kinds,
            WORK,
        ),
        Table(
            "recruitment",
            "recruitment",
            "decision",
            htcds.RECRUITMENT_VALUES,
            DECISIONS,
            recruitment,
            COMPLETED,
        ),
        Table(
            "forced_labour",
            "forcedLabour",
            "decision",
            htcds.FORCED_LABOUR_VALUES,
            DECISIONS,
            forced,
            FORCED,
        ),
        Table(
            "screenings_by_age_band",
            "month",
            "ageBand",
            months,
            BANDS,
            age_bands(vault, period),
            SCREENINGS,
        ),
        Table(
            "referrals_by_service",
            "month",
            "serviceType/serviceCountry",
            months,
            tuple(sorted({kind for _month, kind in services})),
            services,
            REFERRALS,
        ),
        Table(
            "referrals_by_status",
            "month",
            "referralStatus",
            months,
            tuple(status.value for status in ReferralStatus),
            statuses,
            REFERRAL_STATUS,
        ),
    ]


def shared_statistics(vault: Any, period: Period, k: int | None = None) -> list[ProtectedTable]:
    """Every shared table with small cells suppressed (those who may share statistics only).

    `k` None: the vault's setting. Anyone who may share may ask for a larger
    k for one export; a smaller one (never below 5) is for administrators,
    who set the vault's k.
    """
    require(vault.user.role, Permission.SHARE_STATISTICS)
    setting = int(vault.settings.get("report_k"))
    if k is not None:
        check_k(k)
    if k is not None and k < setting and not can(vault.user.role, Permission.CHANGE_SETTINGS):
        raise AccessDenied(
            _(
                "k = {k} is below this vault's k of {setting}; only an administrator may lower it"
            ).format(k=k, setting=setting)
        )
    k = check_k(setting if k is None else k)
    return protect_together(shared_tables(vault, period), k)


def csv_text(tables: list[ProtectedTable], period: Period) -> tuple[str, int]:
    """The tables as CSV text (one line per entry, totals included) and the number of data rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for protected in tables:
        table = protected.table
        for row, column, count in protected.entries():
            writer.writerow(
                (
                    period.start.isoformat(),
                    period.end.isoformat(),
                    protected.k,
                    table.name,
                    table.unit,
                    table.row_field,
                    row,
                    table.column_field,
                    column,
                    "" if count is None else count,
                    "yes" if count is None else "",
                )
            )
            rows += 1
    return out.getvalue(), rows


def export_statistics(vault: Any, period: Period, path: Path | str, k: int | None = None) -> int:
    """Write the shared statistics CSV to `path` atomically and audit it; the number of rows."""
    tables = shared_statistics(vault, period, k)
    text, rows = csv_text(tables, period)
    # Audited before the file exists: never a copy the trail does not know of.
    vault.audit.record(
        "report.stats",
        None,
        {**period.as_dict(), "k": tables[0].k if tables else k, "rows": rows},
    )
    write_atomic(Path(path), text.encode("utf-8"))
    return rows
