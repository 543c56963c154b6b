""" "Do not keep my answers": the values serve the conversation only and are deleted for real
when the screening ends; consent, outcome level and decision, and referrals made stay."""

from __future__ import annotations

import pytest

from app.domain.consent import ConsentAnswers
from app.domain.models import Decision
from app.export.referrals import ReferralRequest, build_packet, export_referral
from app.screening.loader import load_form
from app.workflows import screening as lifecycle
from tests.export.vault_setup import add_services
from tests.screening.conftest import FIXTURES, positive_value
from tests.storage.disk_scan import all_file_bytes, decrypt_database, encodings

NOT_KEPT = ConsentAnswers(
    screen=True,
    store=False,
    refer=True,
    given_by="person",
    refer_sections=frozenset({"needs", "outcome", "indicators"}),
)


def _traces(folder, key, marker) -> list[bytes]:
    plain = decrypt_database(folder, key)
    raw = b"".join(all_file_bytes(folder).values())
    return [e for e in encodings(marker) if e in plain or e in raw]


def _play(vault, marker: str, consent=NOT_KEPT):
    """The mini screening, every indicator set off, the free-text question answered `marker`."""
    form = load_form(FIXTURES / "good" / "mini-screening.yaml")
    session = lifecycle.begin(
        vault, form, consent=consent, interviewer_lang="en", respondent_lang="en"
    )
    interview = session.interview
    while interview.current is not None:
        question = interview.current
        interview.answer(marker if question.type == "text" else positive_value(question))
    return session


def test_completed_screening_keeps_no_answer_value_in_the_database_pages(vault_dir, open_vault):
    sol = open_vault("sol")
    marker = "NOT-KEPT-7f3a9c"
    session = _play(sol, marker)
    screening_id = session.screening.id
    key = sol.data_key
    assert _traces(vault_dir, key, marker)  # control: while it goes on, the scan sees it
    assert sol.screenings.count_answers(screening_id) > 5

    session.complete()
    assert _traces(vault_dir, key, marker) == []
    assert sol.screenings.count_answers(screening_id) == 0
    stored = sol.connection.execute(
        "SELECT level, decision, result FROM outcomes WHERE screening_id = ?", (screening_id,)
    ).fetchone()
    assert stored[0] == "referral_recommended" and stored[1] == Decision.REFER.value
    assert "dimensions" not in stored[2] and "explanation" not in stored[2]
    consent = sol.screenings.get(screening_id).consent
    assert consent.screen and not consent.store and consent.refer and consent.at
    # The audit trail says what was deleted, with ids and counts only.
    (entry,) = open_vault("sam").audit.entries(action="screening.answers_deleted")
    assert entry.record == str(screening_id)
    assert entry.detail == {
        "case": session.screening.case_id,
        "answers": entry.detail["answers"],
        "reason": "not_kept",
    }
    assert entry.detail["answers"] > 5
    assert marker not in str([e.detail for e in open_vault("sam").audit.entries()])


def test_the_conversation_still_sees_them_until_it_ends_and_its_referral_stays(open_vault):
    admin = open_vault("ada")
    services = add_services(admin)
    sol = open_vault("sol")
    session = _play(sol, "NOT-KEPT-REFERRAL")
    screening_id = session.complete().id
    # The summary and a referral made now still have the answers and the whole result.
    assert sol.screenings.answers(screening_id)
    packet = build_packet(sol, ReferralRequest(screening_id, services["shelter"], "en"))
    assert packet.findings and packet.outcome_title
    referral = export_referral(
        sol,
        ReferralRequest(screening_id, services["shelter"], "en", sections=frozenset({"outcome"})),
        sol.folder.parent / "packet.pdf",
    )
    lifecycle.end_conversation(sol, screening_id)
    assert sol.screenings.answers(screening_id) == {}
    assert sol.screenings.outcome(screening_id).result.get("dimensions") is None
    assert [r.id for r in sol.referrals.list_for_screening(screening_id)] == [referral.id]
    # Reopened later (another unlock), nothing of the answers comes back either.
    assert open_vault("sol").screenings.answers(screening_id) == {}


@pytest.mark.parametrize("reason", ["distress", "respondent_request"])
def test_a_stopped_screening_forgets_the_answers_too(vault_dir, open_vault, reason):
    sol = open_vault("sol")
    marker = f"STOPPED-NOT-KEPT-{reason}"
    form = load_form(FIXTURES / "good" / "mini-screening.yaml")
    session = lifecycle.begin(
        sol, form, consent=NOT_KEPT, interviewer_lang="en", respondent_lang="en"
    )
    while session.interview.current.type != "text":
        session.interview.answer(positive_value(session.interview.current))
    session.interview.answer(marker)
    assert _traces(vault_dir, sol.data_key, marker)
    stopped = session.stop(reason)
    assert stopped.status.value == "stopped" and sol.screenings.count_answers(stopped.id) == 0
    assert _traces(vault_dir, sol.data_key, marker) == []


def test_answers_the_person_agreed_to_keep_are_kept(vault_dir, open_vault):
    sol = open_vault("sol")
    kept = ConsentAnswers(screen=True, store=True, refer=False, given_by="person")
    session = _play(sol, "KEPT-41d2", consent=kept)
    session.complete()
    assert _traces(vault_dir, sol.data_key, "KEPT-41d2")
    assert open_vault("sam").audit.entries(action="screening.answers_deleted") == []


def test_a_no_to_keeping_given_after_the_end_deletes_them_then(vault_dir, open_vault):
    sol = open_vault("sol")
    kept = ConsentAnswers(screen=True, store=True, refer=False, given_by="person")
    session = _play(sol, "CHANGED-MIND-55", consent=kept)
    screening_id = session.complete().id
    sol.screenings.record_consent(screening_id, screen=True, store=False, refer=False)
    assert _traces(vault_dir, sol.data_key, "CHANGED-MIND-55") == []
    (entry,) = open_vault("sam").audit.entries(action="screening.answers_deleted")
    assert entry.detail["reason"] == "consent_changed"
