"""Opening the SQLCipher database with a raw key and the pragmas the vault relies on."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from app.domain.errors import VaultError
from app.i18n import _
from app.storage.keyfile import altered

DatabaseError = sqlcipher.DatabaseError
# One connection may be used from the UI thread and a worker thread in turn;
# writes, VACUUM and re-keying take this lock (reentrant: transactions nest).
WRITE_LOCK = threading.RLock()
Connection = sqlcipher.Connection
# Per connection: called after each outermost COMMIT (the audit head follows the chain).
_AFTER_COMMIT: dict[int, Callable[[], None]] = {}


def _key_pragma(data_key: bytes) -> str:
    # A raw 256-bit key: SQLCipher uses it as is, no PBKDF2 on every open.
    return "\"x'" + data_key.hex() + "'\""


def connect(path: Path, data_key: bytes, *, check: bool = True) -> Connection:
    """An open connection to the vault database at `path`.

    Autocommit mode: the repositories open explicit transactions, so each
    answer is durable (WAL + synchronous=FULL) when its call returns.
    """
    try:
        conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlcipher.Error as error:
        raise VaultError(
            _("cannot open the vault database {path}: {reason}").format(path=path, reason=error)
        ) from None
    try:
        # SQLCipher would print decryption failures to stderr; the app reports them itself.
        conn.execute("PRAGMA cipher_log_level = NONE")
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise VaultError(
                _("the database library is not SQLCipher, so the vault cannot be opened safely")
            )
        conn.execute("PRAGMA key = " + _key_pragma(data_key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        apply_pragmas(conn)
        if check:
            problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            if problems:
                raise altered(path)
    except DatabaseError:
        conn.close()
        raise altered(path) from None
    except BaseException:
        conn.close()
        raise
    return conn


def apply_pragmas(conn: Connection) -> None:
    """WAL and full sync for durability; no temp files; erase freed pages."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")


def rekey(conn: Connection, data_key: bytes) -> None:
    """Re-encrypt every page of the database under `data_key`."""
    with WRITE_LOCK:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA rekey = " + _key_pragma(data_key))


def export_copy(
    conn: Connection, target: Path, data_key: bytes, *, shown_as: Path | None = None
) -> None:
    """Write a fresh encrypted copy of the database to `target` (must not exist).

    A target that cannot be written (read-only folder, full disk) is a VaultError
    naming `shown_as` (the file the user asked for; default `target`).
    """
    shown = shown_as or target
    try:
        conn.execute("ATTACH DATABASE ? AS backup KEY " + _key_pragma(data_key), (str(target),))
    except sqlcipher.OperationalError as error:
        raise _cannot_write(shown, target, error) from None
    try:
        conn.execute("SELECT sqlcipher_export('backup')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA backup.user_version = {int(version)}")
    except sqlcipher.OperationalError as error:
        raise _cannot_write(shown, target, error) from None
    finally:
        conn.execute("DETACH DATABASE backup")


def _cannot_write(shown: Path, target: Path, error: Exception) -> VaultError:
    # SQLite appends the temporary file's path; the user knows only `shown`.
    reason = str(error).removesuffix(": " + str(target))
    return VaultError(
        _("cannot write {path}: {reason}; choose a folder you can write to").format(
            path=shown, reason=reason
        )
    )


def compact(conn: Connection) -> None:
    """Make deleted rows unrecoverable from the files: checkpoint, then rebuild."""
    with WRITE_LOCK:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def integrity_problems(conn: Connection) -> list[str]:
    """Problems found by SQLCipher's page check and SQLite's integrity check."""
    problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    problems += [row for row in rows if row != "ok"]
    problems += [
        _("foreign key problem in table {table}").format(table=row[0])
        for row in conn.execute("PRAGMA foreign_key_check")
    ]
    return problems


def after_commit(conn: Connection, callback: Callable[[], None] | None) -> None:
    """Call `callback` after every outermost commit on `conn` (None: stop)."""
    if callback is None:
        _AFTER_COMMIT.pop(id(conn), None)
    else:
        _AFTER_COMMIT[id(conn)] = callback


class transaction:  # noqa: N801 - used like a function: `with transaction(conn):`
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK when the block raises; nests by joining."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._outer = False

    def __enter__(self) -> Connection:
        # The lock keeps another thread (the UI's worker) from joining this
        # transaction: it waits until COMMIT instead of riding on a ROLLBACK.
        WRITE_LOCK.acquire()
        try:
            if not self._conn.in_transaction:
                self._conn.execute("BEGIN IMMEDIATE")
                self._outer = True
        except BaseException:
            WRITE_LOCK.release()
            raise
        return self._conn

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if self._outer:
                self._conn.execute("COMMIT" if kind is None else "ROLLBACK")
                callback = _AFTER_COMMIT.get(id(self._conn))
                if kind is None and callback is not None:
                    callback()  # still under the lock: no write slips in between
        finally:
            WRITE_LOCK.release()


def now_text() -> str:
    """The current UTC time as stored (ISO 8601 with offset, microseconds)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def parse_time(text: str | None) -> datetime | None:
    """A stored time back as an aware UTC datetime."""
    return datetime.fromisoformat(text) if text else None
