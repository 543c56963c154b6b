"""One connection per thread: reads never see another thread's open transaction, and
locking the vault while a worker writes waits for it instead of closing under it."""

from __future__ import annotations

import threading

import pytest

from app.domain.errors import VaultError
from app.storage import database
from app.storage.database import transaction
from app.storage.vault import Vault


def _worker_in_transaction(
    vault, inside: threading.Event, release: threading.Event, done: list, reference="WORKER-1"
):
    """A worker that creates a case, then holds its transaction open until released,
    then writes once more and commits."""

    def work() -> None:
        try:
            with transaction(vault.connection):
                vault.connection.execute(
                    "INSERT INTO cases (reference, created_by, created, updated) "
                    "VALUES (?, 'sol', '2026-01-01', '2026-01-01')",
                    (reference,),
                )
                inside.set()
                release.wait(10)
                vault.connection.execute("UPDATE cases SET updated = updated")
            done.append("committed")
        except BaseException as error:
            done.append(error)

    return threading.Thread(target=work)


def _references(vault) -> set[str]:
    return {row[0] for row in vault.connection.execute("SELECT reference FROM cases")}


def test_a_read_during_a_workers_write_sees_only_committed_rows(open_vault):
    vault = open_vault("sol")
    vault.cases.create()
    inside, release, done = threading.Event(), threading.Event(), []
    worker = _worker_in_transaction(vault, inside, release, done)
    worker.start()
    assert inside.wait(5)
    try:
        # The UI thread reads at once (no waiting for the worker), on its own
        # connection, and neither sees nor joins the worker's transaction.
        assert "WORKER-1" not in _references(vault)
        assert not vault.connection.in_transaction
        assert len(vault.cases.list()) == 1
    finally:
        release.set()
        worker.join(5)
    assert done == ["committed"]
    assert "WORKER-1" in _references(vault)
    assert vault.verify().ok


def test_each_thread_has_its_own_connection(open_vault):
    vault = open_vault("sol")
    seen = []
    threads = [
        threading.Thread(target=lambda: seen.append(vault.cases.create().id)) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(set(seen)) == 4
    assert len(vault.connection._connections) >= 2  # the test thread's and the workers'


def test_locking_while_a_worker_writes_waits_for_it_then_refuses_it(vault_dir, open_vault):
    vault = open_vault("sol")
    inside, release, done = threading.Event(), threading.Event(), []
    worker = _worker_in_transaction(vault, inside, release, done)
    worker.start()
    assert inside.wait(5)
    closer = threading.Thread(target=vault.close)
    closer.start()
    closer.join(0.3)
    assert closer.is_alive()  # the lock waits for the worker's COMMIT
    release.set()
    worker.join(5)
    closer.join(10)
    assert not closer.is_alive() and not vault.is_open
    assert done == ["committed"]
    # The worker's next step finds the vault locked: a message, not a SQLite error.
    late = []
    thread = threading.Thread(target=lambda: late.append(_call(vault.cases.list)))
    thread.start()
    thread.join(5)
    assert isinstance(late[0], VaultError) and "locked" in str(late[0])
    with Vault.open(vault_dir, "sol", "sol-password") as again:
        assert "WORKER-1" in _references(again)
        assert again.verify().ok


def _call(function):
    try:
        return function()
    except Exception as error:
        return error


def test_a_worker_stuck_past_the_wait_is_rolled_back_not_corrupted(
    vault_dir, open_vault, monkeypatch
):
    monkeypatch.setattr(database, "CLOSE_WAIT_SECONDS", 0.2)
    vault = open_vault("sol")
    inside, release, done = threading.Event(), threading.Event(), []
    worker = _worker_in_transaction(vault, inside, release, done, "STUCK-1")
    worker.start()
    assert inside.wait(5)
    vault.close()  # gives up waiting after CLOSE_WAIT_SECONDS
    release.set()
    worker.join(5)
    assert isinstance(done[0], VaultError) and "locked" in str(done[0])
    with Vault.open(vault_dir, "sol", "sol-password") as again:
        assert "STUCK-1" not in _references(again)  # rolled back: nothing half-written
        assert again.verify().ok


def test_a_rekey_while_another_thread_reads(vault_dir, open_vault):
    vault = open_vault("ada")
    for _ in range(5):
        vault.cases.create()
    stop, errors, reads = threading.Event(), [], []

    def reader() -> None:
        while not stop.is_set():
            try:
                reads.append(len(vault.cases.list()))
            except Exception as error:
                errors.append(error)
                return

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        vault.users.remove("sky")  # the database file is replaced under a new key
        before = len(reads)
        while len(reads) < before + 5 and thread.is_alive():
            pass
    finally:
        stop.set()
        thread.join(10)
    assert errors == []
    assert reads and set(reads) == {5}
    vault.close()
    with Vault.open(vault_dir, "ada", "ada-password") as again:
        assert again.verify().ok


def test_the_page_check_in_a_worker_and_a_lock(vault_dir):
    vault = Vault.open(vault_dir, "ada", "ada-password", check_pages=False)
    results = []
    worker = threading.Thread(target=lambda: results.append(_call(vault.check_pages)))
    worker.start()
    vault.close()
    worker.join(10)
    assert results[0] is None or "locked" in str(results[0])
    with pytest.raises(VaultError, match="locked"):
        vault.check_pages()
