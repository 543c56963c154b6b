"""Retention and withdrawn consent delete for real: nothing left in the decrypted pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.storage.vault import Vault
from tests.screening_setup import begin

from .disk_scan import all_file_bytes, decrypt_database, encodings


def _case_with_marker(vault, marker):
    case = vault.cases.create()
    screening = begin(vault, case.id, form_id="adult")
    vault.screenings.save_answer(screening.id, "q1", marker, False)
    vault.screenings.save_answer(screening.id, "q2", [marker + "-opt"], False)
    vault.screenings.save_outcome(
        screening.id, "refer", {"note": marker + "-outcome"}, decision="refer"
    )
    return case


def _age_case(vault, case_id, days):
    old = (datetime.now(UTC) - timedelta(days=days)).isoformat()
    vault.connection.execute(
        "UPDATE cases SET status = 'closed', closed_at = ? WHERE id = ?", (old, case_id)
    )


def _traces(folder, key, marker):
    plain = decrypt_database(folder, key)
    raw = b"".join(all_file_bytes(folder).values())
    return [e for e in encodings(marker) if e in plain or e in raw]


def test_purge_leaves_no_trace_of_expired_cases(vault_dir, open_vault):
    sol = open_vault("sol")
    expired = _case_with_marker(sol, "EXPIRED-5d1e")
    recent = _case_with_marker(sol, "RECENT-77aa")
    kept_open = _case_with_marker(sol, "OPEN-31bc")
    _age_case(sol, expired.id, 91)
    _age_case(sol, recent.id, 10)
    key = sol.data_key
    assert _traces(vault_dir, key, "EXPIRED-5d1e")  # control: the scan does see it
    sol.close()
    ada = open_vault("ada", purge=False)
    assert ada.purge() == 1
    assert _traces(vault_dir, key, "EXPIRED-5d1e") == []
    assert _traces(vault_dir, key, "RECENT-77aa")
    ids = {c.id for c in open_vault("sam").cases.list()}
    assert ids == {recent.id, kept_open.id}
    purge = ada.audit.entries(action="retention.purge")[0]
    assert purge.detail == {"days": 90, "cases": 1, "screenings": 1, "answers": 2, "referrals": 0}
    assert purge.record is None


def test_expired_cases_are_purged_at_unlock(vault_dir, open_vault):
    sol = open_vault("sol")
    case = _case_with_marker(sol, "UNLOCK-PURGE-1")
    _age_case(sol, case.id, 400)
    sol.close()
    with Vault.open(vault_dir, "sky", "sky-password") as sky:
        assert sky.audit.count() > 0
    with Vault.open(vault_dir, "sam", "sam-password") as sam:
        assert sam.cases.list() == []
        assert sam.audit.entries(action="retention.purge")[0].detail["cases"] == 1


def test_shorter_retention_setting_applies(open_vault):
    sol = open_vault("sol")
    case = _case_with_marker(sol, "SHORT")
    _age_case(sol, case.id, 10)
    ada = open_vault("ada", purge=False)
    assert ada.purge() == 0
    ada.settings.set("retention_days", 7)
    assert ada.purge() == 1


def test_withdrawn_consent_deletes_the_case_at_once(vault_dir, open_vault):
    sol = open_vault("sol")
    case = _case_with_marker(sol, "WITHDRAWN-9e0f")
    key = sol.data_key
    assert _traces(vault_dir, key, "WITHDRAWN-9e0f")
    sol.cases.withdraw_consent(case.id)
    assert _traces(vault_dir, key, "WITHDRAWN-9e0f") == []
    assert sol.cases.list() == []
    entry = open_vault("sam").audit.entries(action="case.delete")[0]
    assert entry.detail["reason"] == "consent_withdrawn" and entry.detail["answers"] == 2
