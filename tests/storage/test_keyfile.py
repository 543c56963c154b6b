"""Key slots: unlocking, tampering, password change and re-keying on user removal."""

from __future__ import annotations

import json
import os

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from app.domain.errors import AccessDenied, UsageError, VaultError, WrongPassword
from app.storage.keyfile import DEFAULT_KDF, MIN_ITERATIONS, MIN_MEMORY_KIB, TEST_KDF
from app.storage.vault import Vault


def test_default_key_derivation_meets_the_minimum_cost():
    assert DEFAULT_KDF.memory_kib >= MIN_MEMORY_KIB >= 65536
    assert DEFAULT_KDF.iterations >= MIN_ITERATIONS >= 3


def test_vault_with_real_parameters_stores_them_and_unlocks(tmp_path):
    folder = tmp_path / "real"
    Vault.create(folder, "ada", "a long password").close()
    slot = json.loads((folder / "keyfile.json").read_text())["slots"][0]
    assert slot["kdf"]["alg"] == "argon2id"
    assert slot["kdf"]["memory_kib"] >= 65536 and slot["kdf"]["iterations"] >= 3
    with Vault.open(folder, "ada", "a long password") as vault:
        assert vault.user.name == "ada" and vault.user.role == "admin"


def test_files_and_folder_are_private(vault_dir, open_vault):
    umask = os.umask(0o022)  # as a library user might have it: the vault must not follow it
    try:
        vault = open_vault("ada")
        vault.users.remove("sky")  # the re-keyed copy replaces the database file
        vault.close()
    finally:
        os.umask(umask)
    assert vault_dir.stat().st_mode & 0o777 == 0o700
    for path in vault_dir.iterdir():
        assert path.stat().st_mode & 0o077 == 0, path.name


def test_wrong_password_and_unknown_name_give_wrong_password(vault_dir):
    with pytest.raises(WrongPassword, match="wrong user name or password"):
        Vault.open(vault_dir, "ada", "not her password")
    with pytest.raises(WrongPassword):
        Vault.open(vault_dir, "nobody", "ada-password")


def test_failed_unlocks_are_audited_at_the_next_unlock(vault_dir, open_vault):
    for _attempt in range(3):
        with pytest.raises(WrongPassword):
            Vault.open(vault_dir, "sol", "guess")
    vault = open_vault("ada")
    failed = vault.audit.entries(action="unlock.failed")
    assert len(failed) == 1
    assert failed[0].detail["count"] == 3 and failed[0].detail["accounts"] == ["sol"]
    assert not (vault_dir / "unlock-failures.json").exists()


def _edit_keyfile(folder, change):
    path = folder / "keyfile.json"
    body = json.loads(path.read_text())
    change(body)
    path.write_text(json.dumps(body))


def test_changed_role_in_key_file_is_reported_as_altered(vault_dir):
    def promote(body):
        for slot in body["slots"]:
            if slot["name"] == "sol":
                slot["role"] = "admin"

    _edit_keyfile(vault_dir, promote)
    with pytest.raises(VaultError, match=r"keyfile\.json.*restore the vault from a backup"):
        Vault.open(vault_dir, "sol", "sol-password")


def test_flipped_byte_in_key_file_gives_a_clean_error(vault_dir):
    path = vault_dir / "keyfile.json"
    data = bytearray(path.read_bytes())
    position = data.index(b'"sealed_key": "') + 20
    data[position] = ord("A") if data[position] != ord("A") else ord("B")
    path.write_bytes(bytes(data))
    with pytest.raises(VaultError, match=r"keyfile\.json"):
        Vault.open(vault_dir, "ada", "ada-password")


def test_flipped_mac_in_key_file_is_caught(vault_dir):
    _edit_keyfile(vault_dir, lambda body: body.update(mac="A" * 43 + "="))
    with pytest.raises(VaultError, match=r"keyfile\.json"):
        Vault.open(vault_dir, "ada", "ada-password")


def test_garbage_key_file_names_the_file(vault_dir):
    (vault_dir / "keyfile.json").write_bytes(b"\x00\x01 not json")
    with pytest.raises(VaultError, match=r"keyfile\.json"):
        Vault.open(vault_dir, "ada", "ada-password")


def test_password_change_leaves_database_untouched(vault_dir, open_vault):
    vault = open_vault("sol")
    vault.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_path = vault_dir / "waystation.db"
    before = db_path.read_bytes()
    old_key = vault.data_key
    keyfile_before = (vault_dir / "keyfile.json").read_bytes()
    vault.users.passwd("sol", "another-password")
    # Only the key file changed: the database file is byte-identical (the audit
    # entry of the change waits in the WAL) and the data key is the same.
    assert db_path.read_bytes() == before
    assert vault.data_key == old_key
    assert (vault_dir / "keyfile.json").read_bytes() != keyfile_before
    vault.close()
    conn = sqlcipher.connect(str(db_path))
    conn.execute(f"PRAGMA key = \"x'{old_key.hex()}'\"")
    assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 4
    conn.close()
    with pytest.raises(WrongPassword):
        Vault.open(vault_dir, "sol", "sol-password")
    with Vault.open(vault_dir, "sol", "another-password") as again:
        assert again.user.name == "sol"


def test_admin_resets_another_password_screener_cannot(vault_dir, open_vault):
    sol = open_vault("sol")
    with pytest.raises(AccessDenied):
        sol.users.passwd("sky", "stolen-password")
    sol.close()
    open_vault("ada").users.passwd("sky", "reset-password")
    with Vault.open(vault_dir, "sky", "reset-password") as vault:
        assert vault.user.name == "sky"


def test_removed_user_old_data_key_no_longer_opens_database(vault_dir, open_vault):
    vault = open_vault("ada")
    old_key = vault.data_key
    vault.users.remove("sky")
    assert vault.data_key != old_key
    assert vault.keyfile.generation == 2
    vault.close()
    conn = sqlcipher.connect(str(vault_dir / "waystation.db"))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{old_key.hex()}'\"")
    with pytest.raises(sqlcipher.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    with pytest.raises(WrongPassword):
        Vault.open(vault_dir, "sky", "sky-password")
    for name, password in (
        ("ada", "ada-password"),
        ("sol", "sol-password"),
        ("sam", "sam-password"),
    ):
        with Vault.open(vault_dir, name, password) as reopened:
            assert reopened.verify().ok


def test_rekey_interrupted_before_key_file_rename_is_recovered(vault_dir, open_vault, monkeypatch):
    import os

    vault = open_vault("ada")
    real_replace = os.replace

    def crash(src, dst):
        if str(src).endswith("keyfile.json.next"):
            raise KeyboardInterrupt  # stands in for a power cut after the re-key
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        vault.users.remove("sky")
    monkeypatch.setattr(os, "replace", real_replace)
    vault.connection.close()
    vault._conn = None
    assert (vault_dir / "keyfile.json.next").exists()
    with Vault.open(vault_dir, "sol", "sol-password") as reopened:
        assert reopened.keyfile.generation == 2
    assert not (vault_dir / "keyfile.json.next").exists()


def test_last_admin_and_self_cannot_be_removed(open_vault):
    vault = open_vault("ada")
    with pytest.raises(UsageError):
        vault.users.remove("ada")
    with pytest.raises(UsageError):
        vault.users.set_role("ada", "screener")


def test_role_change_is_sealed_into_the_key_file(vault_dir, open_vault):
    open_vault("ada").users.set_role("sol", "supervisor")
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        assert vault.user.role == "supervisor"


def test_added_user_can_unlock_and_duplicates_are_refused(vault_dir, open_vault):
    vault = open_vault("ada")
    vault.users.add("zoe", "screener", "zoe-password", kdf=TEST_KDF)
    with pytest.raises(UsageError, match="already exists"):
        vault.users.add("zoe", "screener", "zoe-password", kdf=TEST_KDF)
    with pytest.raises(UsageError, match="at least 8"):
        vault.users.add("max", "screener", "short", kdf=TEST_KDF)
    with Vault.open(vault_dir, "zoe", "zoe-password") as zoe:
        assert zoe.user.role == "screener"
