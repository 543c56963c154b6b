"""Referrals followed up: statuses that only move forward, follow-up dates, history, audit,
the lists and counts the desktop, the command line and reports use, and old vaults upgraded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain import referral_status as flow
from app.domain.errors import NotFound, UsageError
from app.storage.vault import Vault
from tests.export.vault_setup import add_services, completed_screening
from tests.fixtures.vaults.make_vaults import PASSWORD, REFERENCES, USER
from tests.storage.test_migrations import _copy

TODAY = date(2026, 3, 10)


def _record(vault, screening_id, service_id, *, today=TODAY, reference=None):
    reference = reference or vault.referrals.next_references(screening_id)[0]
    return vault.referrals.record(
        screening_id,
        service_id=service_id,
        sections=("needs",),
        urgency="routine",
        needs=("safe_housing",),
        packet_sha256="ab" * 32,
        lang="en",
        reference=reference,
        today=today,
    )


@pytest.fixture
def made(open_vault):
    with open_vault("ada") as admin:
        services = add_services(admin)
    sol = open_vault("sol")
    screening_id = completed_screening(sol)
    return sol, services, screening_id


def test_a_new_referral_is_prepared_with_a_follow_up_date_from_the_setting(made, open_vault):
    sol, services, screening_id = made
    referral = _record(sol, screening_id, services["shelter"])
    assert referral.status == "prepared"
    assert referral.due_on == TODAY + timedelta(days=7)
    with open_vault("ada") as admin:
        admin.settings.set("referral_followup_days", 3)
    second = _record(sol, screening_id, services["medical"])
    assert second.due_on == TODAY + timedelta(days=3)
    (event,) = sol.referrals.events(referral.id)
    assert (event.status, event.actor, event.due_on) == ("prepared", "sol", referral.due_on)


def test_references_are_numbered_per_case_and_never_reused(made):
    sol, services, screening_id = made
    case = sol.cases.check_access(sol.screenings.get(screening_id).case_id)
    assert sol.referrals.next_references(screening_id, 2) == [
        f"{case.reference}-R1",
        f"{case.reference}-R2",
    ]
    first = _record(sol, screening_id, services["shelter"])
    assert first.reference == f"{case.reference}-R1"
    assert sol.referrals.next_references(screening_id) == [f"{case.reference}-R2"]
    with pytest.raises(UsageError, match="given to another referral meanwhile"):
        _record(sol, screening_id, services["medical"], reference=first.reference)
    assert sol.referrals.find(first.reference.lower()) == first


def test_a_referral_moves_forward_only_and_closing_needs_an_outcome(made):
    sol, services, screening_id = made
    referral = _record(sol, screening_id, services["shelter"])
    sent = sol.referrals.set_status(referral.id, "sent", note="by e-mail", today=TODAY)
    assert sent.status == "sent" and sent.due_on == TODAY + timedelta(days=7)
    with pytest.raises(UsageError, match="cannot go back"):
        sol.referrals.set_status(referral.id, "prepared")
    with pytest.raises(UsageError, match="already"):
        sol.referrals.set_status(referral.id, "sent")
    with pytest.raises(UsageError, match="unknown referral status 'lost'"):
        sol.referrals.set_status(referral.id, "lost")
    with pytest.raises(UsageError, match="needs its outcome"):
        sol.referrals.set_status(referral.id, "closed")
    with pytest.raises(UsageError, match="only a closed referral has an outcome"):
        sol.referrals.set_status(referral.id, "accepted", outcome="support_given")
    accepted = sol.referrals.set_status(referral.id, "accepted", due_on=date(2026, 4, 1))
    assert accepted.due_on == date(2026, 4, 1), "the worker's own follow-up date"
    closed = sol.referrals.set_status(referral.id, "closed", outcome="support_given")
    assert closed.due_on is None and closed.outcome == "support_given"
    with pytest.raises(UsageError, match="cannot change any more"):
        sol.referrals.set_status(referral.id, "accepted")
    history = sol.referrals.events(referral.id)
    assert [e.status for e in history] == ["prepared", "sent", "accepted", "closed"]
    assert history[1].note == "by e-mail"
    assert history[-1].outcome == "support_given"


def test_a_declined_referral_needs_no_follow_up_but_can_be_closed(made):
    sol, services, screening_id = made
    referral = _record(sol, screening_id, services["shelter"])
    declined = sol.referrals.set_status(referral.id, "declined", note="no beds")
    assert declined.due_on is None
    with pytest.raises(UsageError, match="needs no follow-up"):
        sol.referrals.set_due(referral.id, TODAY)
    assert sol.referrals.set_status(referral.id, "closed", outcome="referred_on").status == "closed"


def test_every_change_is_audited_without_the_note(made, open_vault):
    sol, services, screening_id = made
    referral = _record(sol, screening_id, services["shelter"])
    sol.referrals.set_status(referral.id, "sent", note="SECRET-NOTE spoke to Maria")
    sol.referrals.set_due(referral.id, date(2026, 5, 1), note="SECRET-NOTE again")
    sol.referrals.set_status(referral.id, "closed", outcome="not_reached")
    supervisor = open_vault("sam")
    statuses = sorted(supervisor.audit.entries(action="referral.status"), key=lambda e: e.id)
    assert [(e.detail["from"], e.detail["status"]) for e in statuses] == [
        ("prepared", "sent"),
        ("sent", "closed"),
    ]
    assert statuses[-1].detail["outcome"] == "not_reached"
    (due,) = supervisor.audit.entries(action="referral.due")
    assert due.detail == {"due": "2026-05-01"}
    assert "SECRET" not in str([e.detail for e in supervisor.audit.entries()])
    assert supervisor.verify().ok


def test_a_screener_sees_and_changes_only_their_own_referrals(made, open_vault):
    sol, services, screening_id = made
    referral = _record(sol, screening_id, services["shelter"])
    sky = open_vault("sky")
    with pytest.raises(NotFound):
        sky.referrals.get(referral.id)
    with pytest.raises(NotFound):
        sky.referrals.find(referral.reference)
    with pytest.raises(NotFound):
        sky.referrals.set_status(referral.id, "sent")
    assert sky.referrals.overview() == []
    supervisor = open_vault("sam")
    assert [row.referral.id for row in supervisor.referrals.overview()] == [referral.id]


def test_due_lists_and_counts(made, open_vault):
    sol, services, screening_id = made
    late = _record(sol, screening_id, services["shelter"], today=TODAY - timedelta(days=9))
    fresh = _record(sol, screening_id, services["medical"], today=TODAY)
    done = _record(sol, screening_id, services["medical"], today=TODAY - timedelta(days=30))
    sol.referrals.set_status(done.id, "declined")
    due = sol.referrals.overview(due_only=True, today=TODAY)
    assert [row.referral.id for row in due] == [late.id]
    (row,) = due
    assert row.due and row.service_name == "Hope Shelter" and row.service_type == "shelter"
    assert row.case_reference == sol.cases.check_access(row.case_id).reference
    everything = sol.referrals.overview(today=TODAY)
    assert {r.referral.id for r in everything} == {late.id, fresh.id, done.id}
    assert [r.referral.id for r in sol.referrals.overview(status="declined")] == [done.id]
    assert sol.referrals.due_count(today=TODAY) == 1
    assert sol.referrals.due_count(today=TODAY + timedelta(days=7)) == 2
    supervisor = open_vault("sam")
    assert supervisor.referrals.due_count(today=TODAY) == 0, "their own follow-ups only"
    assert supervisor.referrals.due_count(mine=False, today=TODAY) == 1
    counts = supervisor.referrals.counts(today=TODAY)
    assert counts["by_type_and_status"] == {
        ("shelter", "prepared"): 1,
        ("medical", "prepared"): 1,
        ("medical", "declined"): 1,
    }
    assert counts["overdue_by_type"] == {"shelter": 1}


def test_the_case_list_shows_and_filters_follow_up_due(made):
    sol, services, screening_id = made
    other = completed_screening(sol)
    _record(sol, screening_id, services["shelter"], today=date.today() - timedelta(days=8))
    _record(sol, other, services["shelter"], today=date.today())
    due_case = sol.screenings.get(screening_id).case_id
    rows = {row.case_id: row for row in sol.cases.overview()}
    assert rows[due_case].next_followup == date.today() - timedelta(days=1)
    assert [row.case_id for row in sol.cases.overview(status="followup_due")] == [due_case]
    assert sol.cases.count(status="followup_due") == 1
    by_followup = [row.case_id for row in sol.cases.overview(sort="followup", descending=False)]
    assert by_followup[0] == due_case
    (referral,) = sol.referrals.list_for_screening(screening_id)
    sol.referrals.set_status(referral.id, "closed", outcome="support_given")
    assert sol.cases.overview(status="followup_due") == []
    assert {row.case_id: row for row in sol.cases.overview()}[due_case].next_followup is None


def test_referrals_and_their_history_go_with_the_case(made):
    sol, services, screening_id = made
    referral = _record(sol, screening_id, services["shelter"])
    sol.referrals.set_status(referral.id, "sent", note="gone soon")
    sol.cases.withdraw_consent(sol.screenings.get(screening_id).case_id)
    for table in ("referrals", "referral_events"):
        assert sol.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_an_old_referral_gets_its_printed_reference_a_status_and_a_history(tmp_path):
    folder = _copy(2, tmp_path)
    with Vault.open(folder, USER, PASSWORD) as vault:
        case = vault.cases.by_reference(REFERENCES[2])
        first = vault.screenings.list_for_case(case.id)[0]
        (referral,) = vault.referrals.list_for_screening(first.id)
        # The reference its packet carries: case reference, screening, number.
        assert referral.reference == f"{case.reference}-{first.id}-R1"
        assert referral.status == "prepared" and referral.status_at == referral.created_at
        assert referral.due_on == referral.created_at.date() + timedelta(days=7)
        (event,) = vault.referrals.events(referral.id)
        assert event.status == "prepared"
        assert vault.referrals.next_references(first.id) == [f"{case.reference}-R1"]
        assert {row.case_id: row for row in vault.cases.overview()}[case.id].next_followup == (
            referral.due_on
        )
        moved = vault.referrals.set_status(referral.id, "sent")
        assert moved.status == "sent"
        assert vault.verify().ok


def test_statuses_are_a_small_declared_set():
    assert [s.value for s in flow.ReferralStatus] == [
        "prepared",
        "sent",
        "received",
        "accepted",
        "declined",
        "closed",
    ]
    assert set(flow.STATUS_TITLES) == set(flow.ReferralStatus)
    assert flow.next_moves(flow.ReferralStatus.RECEIVED) == [
        flow.ReferralStatus.ACCEPTED,
        flow.ReferralStatus.DECLINED,
        flow.ReferralStatus.CLOSED,
    ]
    assert flow.next_moves(flow.ReferralStatus.CLOSED) == []
