"""Schema migrations upgrade a vault written by the previous version."""

from __future__ import annotations

import os

import pytest

from app.storage import database, migrations
from app.storage.keyfile import TEST_KDF, KeyFile
from app.storage.vault import Vault


def _version_1_vault(folder):
    """A vault as the first schema version left it, built by running only migration 1."""
    key = os.urandom(32)
    folder.mkdir(mode=0o700)
    keyfile = KeyFile.new().with_slot(
        name="ada",
        role="admin",
        created=database.now_text(),
        password="ada-password",
        data_key=key,
        kdf=TEST_KDF,
    )
    keyfile.save(folder / "keyfile.json")
    conn = database.connect(folder / "waystation.db", key, check=False)
    assert migrations.migrate(conn, target=1) == 1
    now = database.now_text()
    conn.execute("INSERT INTO users VALUES ('ada', 'admin', ?)", (now,))
    conn.execute(
        "INSERT INTO cases (reference, created_by, created, updated) "
        "VALUES ('WS-2345-67', 'ada', ?, ?)",
        (now, now),
    )
    conn.execute(
        "INSERT INTO screenings (case_id, form_id, form_version, interviewer, interviewer_lang, "
        "respondent_lang, started, updated) VALUES (1, 'adult', '1', 'ada', 'en', 'en', ?, ?)",
        (now, now),
    )
    conn.execute("INSERT INTO answers VALUES (1, 'q1', '\"yes\"', 0, ?)", (now,))
    conn.close()
    return key


def test_version_1_vault_is_upgraded_on_open_keeping_its_data(tmp_path):
    folder = tmp_path / "old"
    _version_1_vault(folder)
    with Vault.open(folder, "ada", "ada-password") as vault:
        assert migrations.version(vault.connection) == migrations.LATEST
        tables = {row[0] for row in vault.connection.execute("SELECT name FROM sqlite_master")}
        assert {"outcomes", "services", "referrals"} <= tables
        case = vault.connection.execute("SELECT reference FROM cases").fetchone()[0]
        assert case == "WS-2345-67"
        vault.screenings.save_outcome(1, "refer", {"dimensions": []})
        assert vault.screenings.answers(1)["q1"].value == "yes"
        assert vault.verify().ok


def test_a_failing_migration_leaves_the_previous_version(tmp_path, monkeypatch):
    folder = tmp_path / "old"
    key = _version_1_vault(folder)
    broken = (*migrations.MIGRATIONS[:1], "CREATE TABLE outcomes (x); CREATE TABLE broken (")
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    conn = database.connect(folder / "waystation.db", key)
    with pytest.raises(database.DatabaseError):
        migrations.migrate(conn, target=2)
    assert migrations.version(conn) == 1
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "outcomes" not in tables
    conn.close()


def test_newer_schema_is_refused_with_a_message(vault_dir, open_vault):
    from app.domain.errors import VaultError

    vault = open_vault("ada")
    vault.connection.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    vault.close()
    with pytest.raises(VaultError, match="newer Waystation"):
        Vault.open(vault_dir, "ada", "ada-password")
