"""The audit chain, backups and settings."""

from __future__ import annotations

import pytest

from app.domain.errors import NotFound, UsageError, VaultError
from app.storage.vault import Vault
from tests.screening_setup import begin


def test_audit_chain_verifies_and_names_an_edited_entry(open_vault):
    vault = open_vault("sol")
    for _ in range(3):
        vault.cases.create()
    assert vault.audit.verify() is None
    target = vault.connection.execute(
        "SELECT id FROM audit WHERE action = 'case.create' ORDER BY id LIMIT 1 OFFSET 1"
    ).fetchone()[0]
    vault.connection.execute("UPDATE audit SET actor = 'sky' WHERE id = ?", (target,))
    bad = vault.audit.verify()
    assert bad is not None and bad.id == target
    assert not vault.verify().ok


def test_audit_chain_detects_a_removed_entry(open_vault):
    vault = open_vault("sol")
    for _ in range(3):
        vault.cases.create()
    last = vault.audit.count()
    vault.connection.execute("DELETE FROM audit WHERE id = ?", (last - 1,))
    assert vault.audit.verify().id == last


def test_audit_chain_survives_a_rekey(open_vault):
    vault = open_vault("ada")
    vault.users.remove("sky")
    assert vault.audit.verify() is None
    assert vault.audit.entries(limit=1)[0].action == "vault.rekey"


def test_an_entry_edited_before_a_user_removal_is_still_named_after_the_rekey(open_vault):
    vault = open_vault("ada")
    for _ in range(3):
        vault.cases.create()
    target = vault.connection.execute(
        "SELECT id FROM audit WHERE action = 'case.create' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    vault.connection.execute("UPDATE audit SET actor = 'sky' WHERE id = ?", (target,))
    vault.users.remove("sky")
    assert vault.keyfile.slot("sky") is None  # the removal went through
    assert vault.audit.verify().id == target
    vault.close()
    again = open_vault("ada")
    assert again.audit.verify().id == target
    again.users.remove("sol")  # a second re-key keeps it named too
    assert again.audit.verify().id == target


def test_a_removed_entry_is_still_named_after_the_rekey(open_vault):
    vault = open_vault("ada")
    for _ in range(3):
        vault.cases.create()
    last = vault.audit.count()
    vault.connection.execute("DELETE FROM audit WHERE id = ?", (last - 1,))
    vault.users.remove("sky")
    assert vault.audit.verify().id == last


def test_backup_round_trip(vault_dir, open_vault, tmp_path):
    sol = open_vault("sol")
    case = sol.cases.create()
    screening = begin(sol, case.id, form_id="adult", respondent_lang="ar")
    sol.screenings.save_answer(screening.id, "q1", "unsure", False)
    sol.close()
    out = tmp_path / "out" / "vault.wsbackup"
    out.parent.mkdir()
    open_vault("sam").backup(out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["vault.wsbackup"]  # no temp left
    assert b"unsure" not in out.read_bytes()
    restored = Vault.restore(out, tmp_path / "restored")
    assert (restored.stat().st_mode & 0o777) == 0o700
    with Vault.open(restored, "sol", "sol-password") as again:
        assert again.cases.get(case.id).reference == case.reference
        assert again.screenings.answers(screening.id)["q1"].value == "unsure"
        assert again.verify().ok


def test_damaged_backup_and_occupied_target_are_refused(open_vault, tmp_path):
    out = tmp_path / "b.wsbackup"
    open_vault("ada").backup(out)
    data = bytearray(out.read_bytes())
    data[-100] ^= 0xFF
    damaged = tmp_path / "damaged.wsbackup"
    damaged.write_bytes(bytes(data))
    with pytest.raises(VaultError, match=r"damaged\.wsbackup"):
        Vault.restore(damaged, tmp_path / "r1")
    with pytest.raises(NotFound):
        Vault.restore(tmp_path / "missing.wsbackup", tmp_path / "r2")
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "x").write_text("x")
    with pytest.raises(UsageError, match="not an empty folder"):
        Vault.restore(out, occupied)


def test_settings_defaults_types_and_audit(open_vault):
    vault = open_vault("ada")
    assert vault.settings.get("idle_lock_minutes") == 5
    assert vault.settings.get("break_reminder_minutes") == 20
    assert vault.settings.get("retention_days") == 90
    assert vault.settings.get("names_enabled") is False
    vault.settings.set("retention_days", "30")
    vault.settings.set("organisation_name", "Harbour Clinic")
    assert vault.settings.get("retention_days") == 30
    with pytest.raises(UsageError, match="retention_days"):
        vault.settings.set("retention_days", 0)
    with pytest.raises(UsageError, match="whole number"):
        vault.settings.set("idle_lock_minutes", "soon")
    with pytest.raises(UsageError, match="unknown setting"):
        vault.settings.get("colour")
    changes = vault.audit.entries(action="settings.change")
    assert [e.record for e in changes] == ["organisation_name", "retention_days"]
    assert all("Harbour" not in str(e.detail) for e in changes)


def test_outcome_stored_as_json_with_tuples_sets_and_enums(open_vault):
    from app.domain.models import ScreeningStatus

    vault = open_vault("sol")
    case = vault.cases.create()
    screening = begin(vault, case.id, form_id="adult")
    result = {
        "dimensions": ({"id": "d1", "evidence": ("q7", "q12")},),
        "tags": {"b", "a"},
        "status": ScreeningStatus.COMPLETED,
    }
    vault.screenings.save_outcome(screening.id, "refer", result, decision="refer")
    stored = vault.screenings.outcome(screening.id)
    assert stored.level == "refer"
    assert stored.result == {
        "dimensions": [{"id": "d1", "evidence": ["q7", "q12"]}],
        "tags": ["a", "b"],
        "status": "completed",
    }
