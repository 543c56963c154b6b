"""What lies on disk: no plain text anywhere, clean errors for damaged files."""

from __future__ import annotations

import os
import tempfile

import pytest

from app.domain.errors import VaultError
from app.storage.vault import Vault
from tests.screening_setup import begin

from .disk_scan import all_file_bytes, decrypt_database, encodings

SQLITE_HEADER = b"SQLite format 3\x00"


def _write_markers(vault, markers):
    case = vault.cases.create()
    screening = begin(vault, case.id, form_id="adult", respondent_lang="ar")
    sink = vault.screenings.answer_sink(screening.id)
    for number, marker in enumerate(markers):
        sink.save_answer(f"q{number}", marker, False)
    sink.save_answer("m", ["opt-" + markers[0]], False)
    return screening


@pytest.mark.parametrize("marker", ["MARKER-a9f3-plain", "ЗНАК-مؤشر-मार्कर-7c1"])
def test_answer_markers_never_reach_any_file_or_temp_folder(
    vault_dir, open_vault, tmp_path, monkeypatch, marker
):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    vault = open_vault("sol")
    screening = _write_markers(vault, [marker])
    # Sorting and rebuilding would spill to temp files if temp_store were not MEMORY.
    vault.connection.execute("SELECT value FROM answers ORDER BY value DESC").fetchall()
    key = vault.data_key
    live = all_file_bytes(vault_dir)
    assert "waystation.db-wal" in live  # the answers were committed through the WAL
    vault.connection.execute("VACUUM")
    after_vacuum = all_file_bytes(vault_dir)
    # Control: the marker is in the decrypted pages, so the raw scans below could find it.
    assert any(e in decrypt_database(vault_dir, key) for e in encodings(marker))
    vault.close()
    for files in (live, after_vacuum, all_file_bytes(vault_dir), all_file_bytes(temp)):
        for name, data in files.items():
            for encoded in encodings(marker):
                assert encoded not in data, (name, encoded)
    assert screening.id


def test_database_does_not_start_with_the_sqlite_header(vault_dir, open_vault):
    open_vault("ada").close()
    head = (vault_dir / "waystation.db").read_bytes()[:16]
    assert head != SQLITE_HEADER
    assert not head.startswith(b"SQLite")


def test_flipped_byte_in_database_gives_a_clean_error(vault_dir, open_vault):
    vault = open_vault("sol")
    _write_markers(vault, ["x" * 300])
    vault.close()
    path = vault_dir / "waystation.db"
    data = bytearray(path.read_bytes())
    position = len(data) - 4096 + 200  # inside the last page, not the first
    data[position] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(VaultError, match=r"waystation\.db.*restore the vault from a backup"):
        Vault.open(vault_dir, "sol", "sol-password")


def test_flipped_byte_in_first_page_gives_a_clean_error(vault_dir):
    path = vault_dir / "waystation.db"
    data = bytearray(path.read_bytes())
    data[100] ^= 0x80
    path.write_bytes(bytes(data))
    with pytest.raises(VaultError, match=r"waystation\.db"):
        Vault.open(vault_dir, "ada", "ada-password")


def test_plain_sqlite_file_is_refused(vault_dir):
    import sqlite3

    (vault_dir / "waystation.db").unlink()
    plain = sqlite3.connect(vault_dir / "waystation.db")
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    with pytest.raises(VaultError, match=r"waystation\.db"):
        Vault.open(vault_dir, "ada", "ada-password")


def test_folder_without_vault_is_refused(tmp_path):
    with pytest.raises(VaultError, match="not a Waystation vault"):
        Vault.open(tmp_path, "ada", "ada-password")


def test_create_refuses_a_folder_with_files(tmp_path):
    from app.domain.errors import UsageError

    (tmp_path / "something.txt").write_text("keep me")
    with pytest.raises(UsageError, match="not an empty folder"):
        Vault.create(tmp_path, "ada", "ada-password")
    assert (tmp_path / "something.txt").read_text() == "keep me"


def test_answers_round_trip_with_declined_distinct_from_not_asked(open_vault):
    vault = open_vault("sol")
    case = vault.cases.create()
    screening = begin(vault, case.id, form_id="adult", respondent_lang="fr")
    sink = vault.screenings.answer_sink(screening.id)
    sink.save_answer("q1", "no", False)
    sink.save_answer("q2", None, True)
    sink.save_answer("q3", ["a", "b"], False)
    sink.save_answer("q4", 3.5, False)
    sink.save_answer("q1", "yes", False)  # changed answer replaces the old one
    sink.save_progress(current_question="q5", status="paused", section_seconds={"work": 12.5})
    answers = vault.screenings.answers(screening.id)
    assert answers["q1"].value == "yes" and not answers["q1"].declined
    assert answers["q2"].value is None and answers["q2"].declined
    assert answers["q3"].value == ["a", "b"] and answers["q4"].value == 3.5
    assert "q5" not in answers
    again = vault.screenings.get(screening.id)
    assert again.status == "paused" and again.current_question == "q5"
    assert again.section_seconds == {"work": 12.5}
    assert os.path.exists(vault.folder / "waystation.db")


def test_answer_from_another_thread_waits_for_a_rolled_back_transaction(open_vault):
    import threading

    from app.storage.database import transaction

    vault = open_vault("sol")
    case = vault.cases.create()
    screening = begin(vault, case.id, form_id="adult")
    inside = threading.Event()
    release = threading.Event()

    def worker():
        try:
            with transaction(vault.connection):
                vault.connection.execute("UPDATE cases SET updated = updated")
                inside.set()
                release.wait(5)
                raise RuntimeError("worker fails and rolls back")
        except RuntimeError:
            pass

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(5)
    saver = threading.Thread(
        target=lambda: vault.screenings.save_answer(screening.id, "q1", "yes", False)
    )
    saver.start()
    saver.join(0.2)
    assert saver.is_alive()  # it waits instead of joining the worker's transaction
    release.set()
    thread.join(5)
    saver.join(5)
    assert vault.screenings.answers(screening.id)["q1"].value == "yes"


def test_a_library_without_sqlcipher_is_refused(vault_dir, monkeypatch):
    import sqlite3

    from app.storage import database

    monkeypatch.setattr(database, "sqlcipher", sqlite3)
    with pytest.raises(VaultError, match="not SQLCipher"):
        Vault.open(vault_dir, "ada", "ada-password")


def test_calls_after_close_say_the_vault_is_locked(open_vault):
    vault = open_vault("sol")
    case = vault.cases.create()
    vault.close()
    assert not vault.is_open
    for call in (
        lambda: vault.cases.get(case.id),
        vault.cases.list,
        lambda: vault.settings.get("retention_days"),
        vault.users.list,
        vault.audit.verify,
    ):
        with pytest.raises(VaultError, match="locked"):
            call()
    assert vault.data_key == b""
