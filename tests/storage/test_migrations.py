"""Schema migrations upgrade vaults written by earlier versions (committed fixture files)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.domain.models import Decision
from app.storage import database, migrations
from app.storage.keyfile import KeyFile
from app.storage.vault import Vault
from tests.fixtures.vaults.make_vaults import (
    MARKERS,
    PASSWORD,
    REFERENCES,
    USER,
    V5_SCREENINGS,
)
from tests.screening_setup import begin

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "vaults"


def _copy(version: int, tmp_path: Path) -> Path:
    """A private copy of the committed vault of schema `version` (git keeps no modes)."""
    folder = tmp_path / f"v{version}"
    shutil.copytree(FIXTURES / f"v{version}", folder)
    os.chmod(folder, 0o700)
    for file in folder.iterdir():
        os.chmod(file, 0o600)
    return folder


def _data_key(folder: Path) -> bytes:
    path = folder / "keyfile.json"
    return KeyFile.load(path).unlock(USER, PASSWORD, file=path)[0]


def test_fixtures_are_encrypted_and_at_their_version(tmp_path):
    for version in MARKERS:
        folder = _copy(version, tmp_path)
        data = (folder / "waystation.db").read_bytes()
        assert not data.startswith(b"SQLite format 3")
        assert MARKERS[version].encode() not in data
        conn = database.connect(folder / "waystation.db", _data_key(folder))
        assert migrations.version(conn) == version
        conn.close()


@pytest.mark.parametrize("version", sorted(MARKERS))
def test_old_vault_is_upgraded_on_open_keeping_its_data(tmp_path, version):
    folder = _copy(version, tmp_path)
    with Vault.open(folder, USER, PASSWORD) as vault:
        assert migrations.version(vault.connection) == migrations.LATEST
        tables = {row[0] for row in vault.connection.execute("SELECT name FROM sqlite_master")}
        assert {"outcomes", "services", "referrals"} <= tables
        case = vault.cases.by_reference(REFERENCES[version])
        first, second = vault.screenings.list_for_case(case.id)[:2]
        answers = vault.screenings.answers(first.id)
        assert answers["job_different"].value == "yes"
        assert answers["paid_for_job"].declined and answers["paid_for_job"].value is None
        assert vault.screenings.answers(second.id)["free_text"].value == MARKERS[version]
        assert first.consent.refer and not second.consent.refer
        # Consent to refer given before its scope was stored covers the minimum (migration 3).
        assert first.consent.refer_sections == {"needs", "outcome"}
        assert second.consent.refer_sections == frozenset()
        if version >= 2:
            stored = vault.screenings.outcome(first.id)
            assert stored.level == "refer"
            # No shipped form had a level "refer": its decision is unknown, never guessed.
            assert stored.decision is None
            (service,) = vault.services.list()
            assert (service.name, service.languages) == ("Hope Shelter", ("en", "ar"))
            (referral,) = vault.referrals.list_for_screening(first.id)
            assert referral.sections == ("needs",) and referral.needs == ("safe_housing",)
        else:
            vault.screenings.save_outcome(first.id, "refer", {"dimensions": []}, decision="refer")
        assert vault.verify().ok


def test_a_failing_migration_leaves_the_previous_version(tmp_path, monkeypatch):
    folder = _copy(1, tmp_path)
    broken = (*migrations.MIGRATIONS[:1], "CREATE TABLE outcomes (x); CREATE TABLE broken (")
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    conn = database.connect(folder / "waystation.db", _data_key(folder))
    with pytest.raises(database.DatabaseError):
        migrations.migrate(conn, target=2)
    assert migrations.version(conn) == 1
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "outcomes" not in tables
    conn.close()


def test_a_trigger_and_a_literal_holding_semicolons_run_whole(vault, monkeypatch):
    extra = """
CREATE TABLE notes_test (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE notes_log (text TEXT NOT NULL);
CREATE TRIGGER notes_test_logged AFTER INSERT ON notes_test BEGIN
    INSERT INTO notes_log VALUES ('added; ' || new.text);
    INSERT INTO notes_log VALUES ('second; statement');
END;
INSERT INTO notes_test (text) VALUES ('one; two');
"""
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, extra))
    conn = vault.connection
    assert migrations.migrate(conn, target=migrations.LATEST + 1) == migrations.LATEST + 1
    logged = [row[0] for row in conn.execute("SELECT text FROM notes_log ORDER BY rowid")]
    assert logged == ["added; one; two", "second; statement"]


def test_newer_schema_is_refused_with_a_message(vault_dir, open_vault):
    from app.domain.errors import VaultError

    vault = open_vault("ada")
    vault.connection.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    vault.close()
    with pytest.raises(VaultError, match="newer Waystation"):
        Vault.open(vault_dir, "ada", "ada-password")


def test_migrations_4_and_5_add_the_case_list_indexes_and_activity_to_a_schema_3_vault(
    tmp_path,
):
    folder = _copy(2, tmp_path)
    conn = database.connect(folder / "waystation.db", _data_key(folder))
    assert migrations.migrate(conn, target=3) == 3
    conn.close()
    with Vault.open(folder, USER, PASSWORD) as vault:
        assert migrations.version(vault.connection) == migrations.LATEST >= 5
        indexes = {row[0] for row in vault.connection.execute("SELECT name FROM sqlite_master")}
        assert {"screenings_case_latest_cover", "outcomes_level", "cases_owner_activity"} <= indexes
        case = vault.cases.by_reference(REFERENCES[2])
        first, second = vault.screenings.list_for_case(case.id)
        (row,) = [r for r in vault.cases.overview() if r.case_id == case.id]
        latest = max((first, second), key=lambda s: (s.updated, -s.id))
        assert row.screening_id == latest.id and row.reference == REFERENCES[2]
        assert row.last_activity == latest.updated  # filled in for rows older than migration 5
        assert vault.cases.count(search=REFERENCES[2]) == 1


# What each level of the version 1 forms decided when it was scored (migration 6).
V1_DECISIONS = {
    ("adult-screening", "referral_recommended"): Decision.REFER,
    ("adult-screening", "indicators_present"): Decision.NO_REFERRAL,
    ("adult-screening", "no_indicators"): Decision.NO_REFERRAL,
    ("child-screening", "child_protection_referral"): Decision.REFER,
    ("child-screening", "no_indicators"): Decision.NO_REFERRAL,
    ("border-triage", "refer_full_screening"): Decision.REFER,
    ("border-triage", "no_referral"): Decision.NO_REFERRAL,
}


def test_migration_6_gives_each_stored_level_the_decision_it_meant(tmp_path):
    folder = _copy(5, tmp_path)
    with Vault.open(folder, USER, PASSWORD) as vault:
        for screening_id, form_id, level, _answers in V5_SCREENINGS:
            stored = vault.screenings.outcome(screening_id)
            assert stored.level == level
            assert stored.decision is V1_DECISIONS[(form_id, level)], (form_id, level)
        # The case list's index holds the decision, so the list reads no outcome JSON.
        (columns,) = vault.connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'outcomes_level'"
        ).fetchone()
        assert "decision" in columns
        changed = vault.screenings.save_outcome(
            3, "referral_recommended", {}, decision=Decision.REFER
        )
        assert changed.decision is Decision.REFER
        assert vault.screenings.outcome(3).decision is Decision.REFER


def test_an_unknown_decision_is_refused_and_nothing_is_saved(vault):
    from app.domain.errors import UsageError

    case = vault.cases.create()
    screening = begin(vault, case.id, form_id="border-triage")
    with pytest.raises(UsageError, match="unknown decision"):
        vault.screenings.save_outcome(screening.id, "x", {}, decision="maybe")
    assert vault.screenings.outcome(screening.id) is None
