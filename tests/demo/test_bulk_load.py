"""The benchmark's synthetic load: exact counts, real question ids, and a guarded storage entry."""

from __future__ import annotations

import pytest

from app.demo.bulk_load import load_synthetic, synthetic_batches
from app.domain.errors import AccessDenied, UsageError
from app.screening.loader import load_forms
from app.storage.bulk import insert_rows


def test_load_gives_exact_counts_that_the_case_list_query_reads_back(vault):
    counts = load_synthetic(vault, cases=60, answers=1200)
    assert counts["cases"] == counts["screenings"] == 60 and counts["answers"] == 1200
    overview = vault.screenings.latest_by_case()
    assert len(vault.cases.list()) == len(overview) == 60
    completed = [s for s, level in overview.values() if s.status.value == "completed"]
    assert completed and all(overview[s.case_id][1] for s in completed)
    # Most people have an age or a band recorded, which the profile reads back.
    assert 30 <= counts["person_profiles"] < 60
    profiles = [vault.people.get(case.id) for case in vault.cases.list()]
    assert sum(profile.band is not None for profile in profiles) == counts["person_profiles"]


def test_referrals_go_to_the_vaults_services(vault):
    from app.demo.builder import add_demo_services

    add_demo_services(vault)
    known = {service.id for service in vault.services.list()}
    counts = load_synthetic(vault, cases=200, answers=2000)
    referrals = vault.referrals.overview()
    assert len(referrals) == counts["referrals"] > 0
    assert {item.referral.service_id for item in referrals} <= known


def test_rows_use_real_question_ids_and_are_the_same_for_the_same_seed():
    questions = {(f.id, q.id) for f in load_forms() for q in f.questions}
    first = list(synthetic_batches(cases=30, answers=500, seed=3))
    forms = {row[0]: row[2] for b in first if b.table == "screenings" for row in b.rows}
    answers = [row for b in first if b.table == "answers" for row in b.rows]
    assert all((forms[row[0]], row[1]) in questions for row in answers)
    again = list(synthetic_batches(cases=30, answers=500, seed=3))
    same_answers = [row[:4] for b in again if b.table == "answers" for row in b.rows]
    assert same_answers == [row[:4] for row in answers]


def test_bulk_insert_checks_names_and_role(vault, open_vault):
    with pytest.raises(UsageError, match="users"):
        insert_rows(vault, "users", ("name",), [("x",)])
    with pytest.raises(UsageError, match="nope"):
        insert_rows(vault, "cases", ("id", "nope"), [(1, 2)])
    with pytest.raises(AccessDenied):
        insert_rows(open_vault("sam"), "cases", ("id",), [(1,)])
