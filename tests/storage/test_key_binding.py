"""Older key files, older audit heads and a lost WAL are found, not silently accepted."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

import pytest

from app.domain.errors import VaultError, WrongPassword
from app.storage.keyfile import TEST_KDF
from app.storage.vault import Vault
from tests.screening_setup import begin

from .disk_scan import ROOT, old_key_opens


def test_after_an_admin_reset_the_old_key_file_opens_nothing(vault_dir, open_vault):
    old = (vault_dir / "keyfile.json").read_bytes()
    open_vault("ada").users.passwd("sky", "sky-new-password")
    assert not old_key_opens(vault_dir, old, "sky", "sky-password")
    assert not old_key_opens(vault_dir, old, "ada", "ada-password")
    current = (vault_dir / "keyfile.json").read_bytes()
    (vault_dir / "keyfile.json").write_bytes(old)
    for name, password in (("sky", "sky-password"), ("ada", "ada-password")):
        with pytest.raises(VaultError, match=r"keyfile\.json"):
            Vault.open(vault_dir, name, password)
    (vault_dir / "keyfile.json").write_bytes(current)
    open_vault("ada").close()  # the fixture's first opening, before sky's
    with pytest.raises(WrongPassword):
        Vault.open(vault_dir, "sky", "sky-password")
    with Vault.open(vault_dir, "sky", "sky-new-password") as sky:
        assert sky.verify().ok


@pytest.mark.parametrize("change", ["add", "own password", "role"])
def test_an_older_key_file_put_back_is_refused(vault_dir, change):
    old = (vault_dir / "keyfile.json").read_bytes()
    if change == "own password":
        with Vault.open(vault_dir, "sol", "sol-password") as sol:
            sol.users.passwd("sol", "sol-new-password")
    else:
        with Vault.open(vault_dir, "ada", "ada-password") as ada:
            if change == "add":
                ada.users.add("zoe", "screener", "zoe-password", kdf=TEST_KDF)
            else:
                ada.users.set_role("sol", "supervisor")
    (vault_dir / "keyfile.json").write_bytes(old)
    with pytest.raises(VaultError, match=r"keyfile\.json is older than the database"):
        Vault.open(vault_dir, "sol", "sol-password")


def test_rekey_leaves_older_key_files_opening_nothing(vault_dir, open_vault):
    old = (vault_dir / "keyfile.json").read_bytes()
    vault = open_vault("ada")
    vault.rekey()
    assert vault.keyfile.generation == 2
    assert vault.audit.entries(limit=1)[0].action == "vault.rekey"
    vault.close()
    for name in ("ada", "sam", "sol", "sky"):
        assert not old_key_opens(vault_dir, old, name, f"{name}-password")
        with Vault.open(vault_dir, name, f"{name}-password") as again:
            assert again.verify().ok


def test_an_older_audit_head_put_back_is_reported(vault_dir, open_vault):
    head = vault_dir / "audit-head.json"
    open_vault("ada").close()
    older = head.read_bytes()
    vault = open_vault("ada")
    for _ in range(3):
        vault.cases.create()
    vault.close()
    head.write_bytes(older)
    reopened = open_vault("ada")
    message = "audit-head.json is older than the database: an older copy was put back"
    assert any(message in problem for problem in reopened.unlock_problems)
    assert any(message in problem for problem in reopened.verify().problems)


CHILD = r"""
import os, signal, sys
from app.storage.keyfile_checks import allow_test_kdf
from app.storage.vault import Vault
allow_test_kdf()  # the template vault's cheap key derivation, in this test child only
vault = Vault.open(sys.argv[1], "sol", "sol-password", purge=False)
for number in range(int(sys.argv[3])):
    vault.screenings.save_answer(int(sys.argv[2]), f"q{number}", "yes", False)
os.kill(os.getpid(), signal.SIGKILL)  # acknowledged answers are only in the WAL now
"""


def _killed_after_answers(vault_dir, count: int) -> int:
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        case = vault.cases.create()
        screening = begin(vault, case.id, form_id="adult")
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(vault_dir), str(screening.id), str(count)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert child.returncode == -signal.SIGKILL
    assert (vault_dir / "waystation.db-wal").stat().st_size > 0
    return screening.id


def _lost(problems: list[str]) -> bool:
    return any("the database is missing changes" in problem for problem in problems)


def test_a_deleted_wal_is_reported_at_unlock_and_by_every_later_verify(vault_dir):
    _killed_after_answers(vault_dir, 5)
    kept = vault_dir.parent / "kept"
    shutil.copytree(vault_dir, kept)
    (vault_dir / "waystation.db-wal").unlink()
    (vault_dir / "waystation.db-shm").unlink()
    with Vault.open(vault_dir, "ada", "ada-password") as vault:
        assert _lost(vault.unlock_problems)
        assert _lost(vault.verify().problems)
        assert vault.audit.entries(action="vault.changes_lost")
    with Vault.open(vault_dir, "ada", "ada-password") as vault:
        assert not vault.unlock_problems  # found once, then kept in the audit trail:
        assert _lost(vault.verify().problems)
    with Vault.open(kept, "ada", "ada-password") as vault:  # control: the WAL kept
        assert vault.verify().ok


def test_a_damaged_wal_is_reported(vault_dir):
    screening = _killed_after_answers(vault_dir, 8)
    wal = vault_dir / "waystation.db-wal"
    data = bytearray(wal.read_bytes())
    data[32 + 24 + 100] ^= 0x01  # inside the first frame's page: later frames are dropped
    wal.write_bytes(bytes(data))
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        assert len(vault.screenings.answers(screening)) < 8
        assert _lost(vault.verify().problems)


def test_a_kill_with_the_wal_intact_loses_nothing_and_reports_nothing(vault_dir):
    screening = _killed_after_answers(vault_dir, 5)
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        assert len(vault.screenings.answers(screening)) == 5
        assert vault.verify().ok and not vault.unlock_problems
