"""The audit head: entries cut off the end of the chain are found by verify."""

from __future__ import annotations

import json

from app.storage import audit_head, database
from app.storage.keyfile import KeyFile
from app.storage.vault import Vault


def _cut_last(folder, data_key: bytes, n: int) -> None:
    """What someone holding the data key can do in a SQLCipher shell."""
    conn = database.connect(folder / "waystation.db", data_key)
    last = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE id > ?", (last - n,))
    conn.close()


def _work_then_close(open_vault, name: str = "ada", cases: int = 3) -> bytes:
    vault = open_vault(name)
    for _ in range(cases):
        vault.cases.create()
    key = vault.data_key
    vault.close()
    return key


def test_an_intact_vault_verifies_and_keeps_its_head_current(vault_dir, open_vault):
    _work_then_close(open_vault)
    again = open_vault("ada")
    assert again.verify().ok
    head = audit_head.read(vault_dir / "audit-head.json", again.data_key).head
    assert head.last_id == again.audit.count()
    assert head.commits == again.commit_count()


def test_cutting_the_last_entries_is_named_by_verify_and_stays_named(vault_dir, open_vault):
    key = _work_then_close(open_vault)
    total = 0
    with Vault.open(vault_dir, "ada", "ada-password", purge=False) as peek:
        total = peek.audit.count()
    _cut_last(vault_dir, key, 3)
    vault = open_vault("ada")
    report = vault.verify()
    assert not report.ok
    assert report.bad_audit_entry is None  # the shorter chain itself is valid
    wanted = f"audit entries {total - 2} to {total} are missing"
    assert any(wanted in problem for problem in report.problems), report.problems
    vault.cases.create()  # new entries take the removed ids: still reported
    vault.close()
    again = open_vault("ada")
    assert not again.verify().ok
    assert any("cut off" in problem for problem in again.verify().problems)


def test_a_deleted_head_file_is_reported(vault_dir, open_vault):
    _work_then_close(open_vault)
    (vault_dir / "audit-head.json").unlink()
    report = open_vault("ada").verify()
    assert any("audit-head.json is missing" in problem for problem in report.problems)


def test_an_edited_head_file_is_reported(vault_dir, open_vault):
    _work_then_close(open_vault)
    path = vault_dir / "audit-head.json"
    data = path.read_bytes()
    slots = [data[i : i + audit_head.SLOT] for i in range(0, len(data), audit_head.SLOT)]
    edited = b""
    for slot in slots:
        try:
            record = json.loads(slot)
        except ValueError:
            edited += slot
            continue
        record["last_id"] -= 2  # pretend the trail was shorter
        edited += json.dumps(record).encode().ljust(audit_head.SLOT - 1) + b"\n"
    path.write_bytes(edited)
    report = open_vault("ada").verify()
    assert any("damaged or was altered" in problem for problem in report.problems)


def test_a_vault_from_before_the_head_gets_one_at_unlock(vault_dir, open_vault):
    key = _work_then_close(open_vault)
    # Turn the copy into a vault as the previous version wrote it: no head, no flag.
    (vault_dir / "audit-head.json").unlink()
    old = KeyFile.load(vault_dir / "keyfile.json")
    body = json.loads(old.to_bytes())
    assert body.pop("audit_head") is True
    legacy = KeyFile.from_bytes(json.dumps(body).encode(), file=vault_dir / "keyfile.json")
    assert not legacy.audit_head
    legacy.signed(key).save(vault_dir / "keyfile.json")
    vault = open_vault("ada")
    assert vault.verify().ok
    assert (vault_dir / "audit-head.json").exists()
    assert KeyFile.load(vault_dir / "keyfile.json").audit_head
    vault.close()
    # From now on a deleted head is no longer taken for an old vault.
    (vault_dir / "audit-head.json").unlink()
    assert not open_vault("ada").verify().ok


def test_the_head_follows_a_rekey_and_a_found_gap_survives_it(vault_dir, open_vault):
    vault = open_vault("ada")
    vault.users.remove("sky")
    vault.close()
    with Vault.open(vault_dir, "ada", "ada-password") as again:
        assert again.verify().ok
    key = _work_then_close(open_vault)
    _cut_last(vault_dir, key, 2)
    vault = open_vault("ada")
    vault.users.remove("sol")
    vault.close()
    report = open_vault("ada").verify()
    assert any("cut off" in problem for problem in report.problems), report.problems


def test_backup_carries_the_head_and_a_restored_cut_is_found(vault_dir, open_vault, tmp_path):
    key = _work_then_close(open_vault)
    backup = open_vault("ada").backup(tmp_path / "good.wsbackup")
    restored = Vault.restore(backup, tmp_path / "restored")
    with Vault.open(restored, "ada", "ada-password") as again:
        assert again.verify().ok
    _cut_last(restored, key, 2)
    with Vault.open(restored, "ada", "ada-password") as again:
        assert not again.verify().ok
