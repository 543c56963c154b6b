"""Statistics for sharing: HTCDS-coded counts equal the records, k-anonymised, audited, atomic."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest

from app.domain.errors import AccessDenied, UsageError
from app.domain.referral_status import ReferralStatus
from app.reports import htcds
from app.reports.shared import csv_text, export_statistics, shared_statistics, shared_tables
from tests.reports.test_figures import _expected
from tests.reports.test_suppression import derived_together

# Tables counting the same screenings, or the same referrals, of each month: an attacker
# knows their month totals are one and the same.
SAME_SCREENINGS = ("screenings_by_month", "majority_status", "screenings_by_age_band")
SAME_REFERRALS = ("referrals_by_service", "referrals_by_status")


def _links(names: list[str]) -> list[tuple[int, int]]:
    links = []
    for linked in (SAME_SCREENINGS, SAME_REFERRALS):
        first, *others = (names.index(name) for name in linked)
        links += [(first, other) for other in others]
    return links


def _column_totals(table) -> dict[str, int]:
    found: Counter[str] = Counter()
    for (_row, column), count in table.counts.items():
        found[column] += count
    return {column: count for column, count in found.items() if count}


def _means_of_control(vault) -> Counter[tuple[str, str]]:
    """(HTCDS value, decision) -> completed screenings, read from each stored outcome's JSON."""
    found: Counter[tuple[str, str]] = Counter()
    for case in vault.cases.list():
        for screening in vault.screenings.list_for_case(case.id):
            outcome = vault.screenings.outcome(screening.id)
            if screening.status.value != "completed" or outcome is None:
                continue
            values = set()
            for dimension in outcome.result["dimensions"]:
                for evidence in dimension["evidence"]:
                    key = (screening.form_id, evidence["question_id"])
                    value = htcds.MEANS_OF_CONTROL.get((*key, dimension["dimension_id"]))
                    value = value or htcds.MEANS_OF_CONTROL.get((*key, "*"))
                    if value:
                        values.add(value)
            for value in values:
                found[(value, outcome.decision.value)] += 1
    return found


def test_htcds_counts_before_suppression_equal_the_stored_outcomes(open_report_vault, whole_period):
    vault = open_report_vault("sue")
    tables = {table.name: table for table in shared_tables(vault, whole_period)}
    control = tables["means_of_control"]
    assert {k: v for k, v in control.counts.items() if v} == dict(_means_of_control(vault))
    month = tables["screenings_by_month"]
    assert sum(month.counts.values()) == sum(tables["majority_status"].counts.values())


def test_age_bands_statuses_and_services_before_suppression_equal_the_records(
    open_report_vault, whole_period
):
    vault = open_report_vault("sue")
    tables = {table.name: table for table in shared_tables(vault, whole_period)}
    expected = _expected(vault)
    assert _column_totals(tables["screenings_by_age_band"]) == dict(expected["bands"])
    assert _column_totals(tables["referrals_by_status"]) == dict(expected["statuses"])
    assert _column_totals(tables["referrals_by_service"]) == dict(expected["services"])
    assert tables["referrals_by_status"].columns == tuple(status.value for status in ReferralStatus)
    # Each of these tables counts every screening, or every referral, of a month once.
    for linked in (SAME_SCREENINGS, SAME_REFERRALS):
        totals = {name: [line[-1] for line in tables[name].grid()] for name in linked}
        assert len({tuple(value) for value in totals.values()}) == 1, totals


def test_no_shared_table_merges_anothers_columns(open_report_vault, whole_period):
    """An intruder who knows how such tables relate subtracts them (test_suppression shows
    how): so no table by questionnaire beside majority status, which merges questionnaires
    by audience, and referrals by service type and country together, since a receiver may
    know which of the organisation's services are of which type in which country."""
    names = [table.name for table in shared_tables(open_report_vault("sue"), whole_period)]
    assert names == [
        "screenings_by_month",
        "majority_status",
        "means_of_control",
        "type_of_exploitation",
        "recruitment",
        "forced_labour",
        "screenings_by_age_band",
        "referrals_by_service",
        "referrals_by_status",
    ]


def test_no_shared_cell_is_from_1_to_k_minus_1_and_none_hidden_can_be_derived(
    open_report_vault, whole_period
):
    vault = open_report_vault("demo")  # an administrator may choose k = 5
    for k in (5, 11, 25):
        tables = shared_statistics(vault, whole_period, k)
        for protected in tables:
            for _row, _column, count in protected.entries():
                assert count is None or count == 0 or count >= k
        # Attacked all at once: the margins of the new tables with the old ones.
        names = [protected.table.name for protected in tables]
        found = derived_together(tables, _links(names))
        assert found == [], [(names[t], r, c) for t, r, c in found]
    hidden = {p.table.name for p in shared_statistics(vault, whole_period, 25) if p.hidden}
    assert {"screenings_by_age_band", "referrals_by_status", "referrals_by_service"} <= hidden


def test_the_csv_holds_no_reference_name_or_account_and_marks_hidden_cells(
    open_report_vault, whole_period
):
    vault = open_report_vault("sue")
    text, rows = csv_text(shared_statistics(vault, whole_period, 11), whole_period)
    records = list(csv.DictReader(io.StringIO(text)))
    assert len(records) == rows > 0
    assert not re.search(r"WS-[0-9A-Z]{4}", text)
    assert "demo" not in text and "sol" not in text
    for record in records:
        assert (record["count"] == "") == (record["suppressed"] == "yes")
        assert record["k"] == "11"


def test_export_is_audited_with_period_k_and_rows_and_replaces_the_file_whole(
    open_report_vault, whole_period, tmp_path
):
    vault = open_report_vault("demo")
    target = tmp_path / "stats.csv"
    target.write_text("old")
    rows = export_statistics(vault, whole_period, target)
    assert target.read_text().count("\n") == rows + 1
    entry = next(e for e in vault.audit.entries() if e.action == "report.stats")
    assert entry.detail == {**whole_period.as_dict(), "k": 11, "rows": rows}
    assert [p.name for p in tmp_path.iterdir()] == ["stats.csv"]  # no temporary left


def test_k_comes_from_the_setting_and_is_never_below_five(open_report_vault, whole_period):
    vault = open_report_vault("demo")
    vault.settings.set("report_k", 20)
    assert {p.k for p in shared_statistics(vault, whole_period)} == {20}
    with pytest.raises(UsageError):
        vault.settings.set("report_k", 4)
    with pytest.raises(UsageError, match="at least 5"):
        shared_statistics(vault, whole_period, 3)
    vault.settings.set("report_k", 11)


def test_a_screener_may_not_export_statistics_for_sharing(open_report_vault, whole_period):
    with pytest.raises(AccessDenied):
        shared_statistics(open_report_vault("sol"), whole_period)
