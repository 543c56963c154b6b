"""The smaller failure paths: each ends in a clean message and leaves nothing open or half-made."""

from __future__ import annotations

import json

import pytest

from app.domain.errors import VaultError, WrongPassword
from app.storage import database, vault_folder
from app.storage.keyfile import TEST_KDF, KeyFile
from app.storage.vault import Vault


def _flip_page(folder, page: int) -> None:
    path = folder / "waystation.db"
    data = bytearray(path.read_bytes())
    data[(page - 1) * 4096 + 300] ^= 0x01
    path.write_bytes(bytes(data))


def test_the_desktop_open_turns_a_damaged_page_into_a_message(vault_dir, open_vault):
    vault = open_vault("ada")
    root = vault.connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'users'"
    ).fetchone()[0]
    vault.close()
    _flip_page(vault_dir, root)  # read at unlock, after the first page
    with pytest.raises(VaultError, match=r"waystation\.db.*restore the vault from a backup"):
        Vault.open(vault_dir, "ada", "ada-password", check_pages=False)
    with pytest.raises(VaultError, match=r"waystation\.db"):
        Vault.open(vault_dir, "ada", "ada-password")


@pytest.fixture
def connections(monkeypatch):
    """Every SQLite connection the storage code opens, to check none is left open."""
    opened = []
    real_connect = database.connect

    def recording(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        opened.append(conn)
        return conn

    monkeypatch.setattr(database, "connect", recording)
    return opened


def _all_closed(connections) -> bool:
    for conn in connections:
        try:
            conn.execute("SELECT 1")
        except database.sqlcipher.ProgrammingError:
            continue  # closed
        return False
    return True


def test_a_failure_after_the_database_opened_closes_it_and_frees_the_lock(
    vault_dir, connections, monkeypatch
):
    def fail(self, lost):
        raise RuntimeError("a late step fails")

    monkeypatch.setattr(Vault, "_record_unlock", fail)
    with pytest.raises(RuntimeError):
        Vault.open(vault_dir, "ada", "ada-password")
    assert connections and _all_closed(connections)
    monkeypatch.undo()
    with Vault.open(vault_dir, "ada", "ada-password") as vault:  # the lock was given up
        assert vault.verify().ok


def test_a_failed_create_leaves_nothing_behind_and_the_next_one_works(
    tmp_path, connections, monkeypatch
):
    target = tmp_path / "new-vault"

    def full(self, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(KeyFile, "save", full)
    with pytest.raises(VaultError, match="new-vault"):
        Vault.create(target, "ada", "ada-password", kdf=TEST_KDF)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no half-made folder, no temporary one
    assert _all_closed(connections)
    monkeypatch.undo()
    with Vault.create(target, "ada", "ada-password", kdf=TEST_KDF) as vault:
        assert vault.verify().ok


def test_a_create_killed_half_way_does_not_block_the_next(tmp_path):
    target = tmp_path / "new-vault"
    leftover = tmp_path / (".new-vault" + vault_folder.INCOMPLETE + "dead")
    leftover.mkdir()
    (leftover / "waystation.db").write_bytes(b"half")
    with Vault.create(target, "ada", "ada-password", kdf=TEST_KDF) as vault:
        assert vault.verify().ok
    assert not leftover.exists()


def test_a_flipped_byte_in_the_backup_header_is_refused(open_vault, tmp_path):
    backup = open_vault("ada").backup(tmp_path / "b.wsbackup")
    data = backup.read_bytes()
    start = data.index(b'"audit_head": "') + len(b'"audit_head": "')
    position = data.index(b"last_mac", start) + 30  # inside the head's record
    damaged = bytearray(data)
    damaged[position] = ord("0") if damaged[position] != ord("0") else ord("1")
    (tmp_path / "d.wsbackup").write_bytes(bytes(damaged))
    with pytest.raises(VaultError, match=r"d\.wsbackup is not a Waystation backup or is damaged"):
        Vault.restore(tmp_path / "d.wsbackup", tmp_path / "restored")
    assert not (tmp_path / "restored").exists()


def test_names_in_the_failures_file_are_checked_before_they_are_audited(vault_dir, open_vault):
    with pytest.raises(WrongPassword):
        Vault.open(vault_dir, "sol", "guess")
    path = vault_dir / "unlock-failures.json"
    entries = json.loads(path.read_text())
    entries += [
        {"account": "INJECTED-NAME", "at": "2026-01-01T00:00:00+00:00"},
        {"account": "x" * 10000, "at": "2026-01-01T00:00:00+00:00"},
        {"account": "sky", "at": "not a time"},
        "not an entry",
    ]
    path.write_text(json.dumps(entries))
    (failed,) = open_vault("ada").audit.entries(action="unlock.failed")
    assert failed.detail["accounts"] == ["sol"]
    assert failed.detail["count"] == 3  # the two with a time; the others are not counted
    assert "INJECTED" not in json.dumps(failed.detail)


def test_a_huge_failures_file_is_not_read_whole_nor_audited(vault_dir, open_vault):
    path = vault_dir / "unlock-failures.json"
    with path.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse
    (failed,) = open_vault("ada").audit.entries(action="unlock.failed")
    assert failed.detail == {
        "count": 0,
        "accounts": [],
        "first": None,
        "last": None,
        "unreadable": True,
    }
    assert not path.exists()


def test_after_close_nothing_holds_a_key(open_vault):
    vault = open_vault("ada")
    audit = vault.audit
    vault.close()
    assert vault.data_key == b"" and vault.private_key is None
    assert audit._key == b"" and audit._data_key == b""
    with pytest.raises(VaultError, match="locked"):
        audit.record("anything")
