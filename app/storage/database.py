"""Opening the SQLCipher database with a raw key, and the vault's connection owner.

Threading model (docs/architecture.md): one SQLite connection per thread. The
`Database` object that the repositories hold as their `_conn` is not a
connection but the owner of one connection per thread, opened on first use
under the vault's key. A statement runs on the calling thread's own connection
and its rows are read in full before `execute` returns, so no cursor outlives
the call. WAL gives each connection a consistent snapshot: a read on one thread
never sees another thread's open transaction, and waits for nothing. Writers
take the database's write lock (`transaction`), so they queue in the process
instead of failing on SQLite's busy timeout. Closing, and replacing the file
under a new key, wait until no other thread is inside a statement or a
transaction, then close every connection at once.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from app.domain.errors import VaultError
from app.i18n import _
from app.storage.keyfile import altered

DatabaseError = sqlcipher.DatabaseError
RawConnection = sqlcipher.Connection
# How long closing waits for another thread's transaction before closing anyway.
CLOSE_WAIT_SECONDS = 15.0


def _key_pragma(data_key: bytes) -> str:
    # A raw 256-bit key: SQLCipher uses it as is, no PBKDF2 on every open.
    return "\"x'" + data_key.hex() + "'\""


def connect(path: Path, data_key: bytes, *, check: bool = True) -> RawConnection:
    """An open connection to the vault database at `path`.

    Autocommit mode: the repositories open explicit transactions, so each
    answer is durable (WAL + synchronous=FULL) when its call returns. With
    `check`, any WAL is first checkpointed (SQLCipher's page check reads the
    main file only) and every page's MAC is checked.
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
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as error:
            code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
            if code in (_SQLITE_NOTADB, _SQLITE_CORRUPT) or type(error) is DatabaseError:
                raise KeyDoesNotOpen(altered(path)) from None
            raise
        apply_pragmas(conn)
        if check:
            # A failed checkpoint (a full disk) leaves the WAL as it was: nothing is lost.
            with contextlib.suppress(sqlcipher.OperationalError):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            if problems:
                raise altered(path)
    except sqlcipher.Error as error:
        conn.close()
        raise storage_error(error, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


def apply_pragmas(conn: RawConnection) -> None:
    """WAL and full sync for durability; no temp files; erase freed pages."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")


# SQLite's primary result codes that say something about the disk or the file.
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26


def storage_error(error: sqlcipher.Error, path: Path) -> Exception:
    """The user-facing error for a SQLite failure on the database at `path`.

    A full disk, a disk error, a read-only or locked file, and a damaged or
    foreign database get a message naming the file; anything else (a bug,
    such as an SQL syntax error) is returned as it was.
    """
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    folder = path.parent
    if code == _SQLITE_FULL:
        return DiskFull(folder)
    if code == _SQLITE_IOERR:
        return VaultError(
            _("the disk holding the vault {path} failed to read or write: {reason}").format(
                path=folder, reason=error
            )
        )
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
        return VaultError(
            _(
                "the vault {path} cannot be written: {reason}; check the folder's permissions"
            ).format(path=folder, reason=error)
        )
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return VaultError(
            _("the vault {path} is busy in another program; close it there and try again").format(
                path=folder
            )
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or type(error) is DatabaseError:
        return altered(path)
    return error


def _mapped(error: sqlcipher.Error, path: Path) -> Exception:
    mapped = storage_error(error, path)
    if mapped is not error:
        mapped.original = error  # SQLite's own words, for messages that name another file
    return mapped


class DiskFull(VaultError):
    """The disk holding the vault is full; the step that needed space was not saved."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            _(
                "the disk holding the vault {path} is full; the last change was not saved. "
                "Free some space and try again"
            ).format(path=folder)
        )
        self.folder = folder


class KeyDoesNotOpen(VaultError):
    """The key does not open the database's first page: wrong key, or a damaged file."""


def locked_error() -> VaultError:
    return VaultError(_("the vault is locked; unlock it again to go on"))


class Rows:
    """A statement's result, read in full: fetchone, fetchall, iteration, lastrowid, rowcount."""

    __slots__ = ("_next", "_rows", "lastrowid", "rowcount")

    def __init__(self, rows: list, lastrowid: int | None, rowcount: int) -> None:
        self._rows = rows
        self._next = 0
        self.lastrowid = lastrowid
        self.rowcount = rowcount

    def fetchone(self):
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list:
        rest = self._rows[self._next :]
        self._next = len(self._rows)
        return rest

    def __iter__(self) -> Iterator:
        while self._next < len(self._rows):
            self._next += 1
            yield self._rows[self._next - 1]


class Database:
    """The vault database: one connection per thread under one key (see the module doc).

    `execute`, `executemany` and `in_transaction` act on the calling thread's
    connection. `commit_counter` (set once the schema has `vault_state`) makes
    every outermost `transaction` count itself in the database; `on_commit` is
    then called with the new count, still under the write lock.
    """

    def __init__(
        self, path: Path, data_key: bytes, *, write_lock: threading.RLock | None = None
    ) -> None:
        self.path = Path(path)
        self._key = data_key
        self._connections: dict[int, RawConnection] = {}
        self._guard = threading.Condition(threading.Lock())
        self._waiting = 0  # threads waiting in exclusive(): only then is notifying needed
        self._busy: dict[int, int] = {}  # thread -> depth of statements/transactions
        self._exclusive: int | None = None  # the thread closing or replacing the file
        self._closed = False
        self.write_lock = write_lock or threading.RLock()
        self.commit_counter = False
        self.head_synced = 0  # the last commit count whose head was written with fsync
        self.on_commit: Callable[[int], None] | None = None

    # -- the calling thread's connection ---------------------------------------

    def _in_transaction(self, thread: int) -> bool:
        conn = self._connections.get(thread)
        return conn is not None and conn.in_transaction

    def _claim(self) -> int:
        """Mark this thread as inside a statement; waits while another thread is exclusive."""
        me = threading.get_ident()
        with self._guard:
            # A thread inside a transaction goes on: the exclusive one waits for its COMMIT.
            while self._exclusive not in (None, me) and not self._in_transaction(me):
                self._guard.wait()
            if self._closed:
                self._drop_own(me)
                raise locked_error()
            self._busy[me] = self._busy.get(me, 0) + 1
        return me

    def _release(self, me: int) -> None:
        with self._guard:
            depth = self._busy.get(me, 0) - 1
            if depth > 0:
                self._busy[me] = depth
                return
            self._busy.pop(me, None)
            if self._closed and not self._in_transaction(me):
                self._drop_own(me)
            if self._waiting:
                self._guard.notify_all()

    def _connection(self, me: int) -> RawConnection:
        conn = self._connections.get(me)
        if conn is None:
            conn = connect(self.path, self._key, check=False)
            with self._guard:
                self._connections[me] = conn
        return conn

    def adopt_connection(self, conn: RawConnection) -> None:
        """Use `conn` (opened under this database's key) as the calling thread's connection."""
        with self._guard:
            self._connections[threading.get_ident()] = conn

    def _drop_own(self, me: int) -> None:
        """Close this thread's connection once the database was closed (guard held)."""
        conn = self._connections.pop(me, None)
        if conn is not None:
            with contextlib.suppress(sqlcipher.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            with contextlib.suppress(sqlcipher.Error):
                conn.close()

    def execute(self, sql: str, params=()) -> Rows:
        """Run one statement on this thread's connection; its rows, read in full."""
        conn = self._connections.get(threading.get_ident())
        if conn is not None and conn.in_transaction and not self._closed:
            # Inside its transaction a thread counts as busy already (closing and
            # re-keying wait for its COMMIT): no bookkeeping per statement.
            try:
                cursor = conn.execute(sql, params)
                return Rows(cursor.fetchall(), cursor.lastrowid, cursor.rowcount)
            except sqlcipher.Error as error:
                raise _mapped(error, self.path) from None
            finally:
                if self._waiting and not conn.in_transaction:
                    with self._guard:
                        self._guard.notify_all()
        me = self._claim()
        try:
            cursor = self._connection(me).execute(sql, params)
            return Rows(cursor.fetchall(), cursor.lastrowid, cursor.rowcount)
        except sqlcipher.Error as error:
            raise _mapped(error, self.path) from None
        finally:
            self._release(me)

    def executemany(self, sql: str, rows) -> Rows:
        """Run one statement for each of `rows` on this thread's connection."""
        me = self._claim()
        try:
            cursor = self._connection(me).executemany(sql, rows)
            return Rows([], cursor.lastrowid, cursor.rowcount)
        except sqlcipher.Error as error:
            raise _mapped(error, self.path) from None
        finally:
            self._release(me)

    @property
    def in_transaction(self) -> bool:
        conn = self._connections.get(threading.get_ident())
        return bool(conn is not None and not self._closed and conn.in_transaction)

    @property
    def is_open(self) -> bool:
        return not self._closed

    # -- commits ---------------------------------------------------------------

    def commit(self) -> None:
        """COMMIT this thread's transaction (counted); on failure roll back and raise."""
        count = None
        try:
            if self.commit_counter:
                row = self.execute(
                    "UPDATE vault_state SET commits = commits + 1, head_synced = ? "
                    "WHERE id = 1 RETURNING commits",
                    (self.head_synced,),
                ).fetchone()
                count = int(row[0]) if row else None
            self.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise
        if count is not None and self.on_commit is not None:
            self.on_commit(count)

    def rollback(self) -> None:
        """ROLLBACK this thread's open transaction, if any; never raises."""
        me = threading.get_ident()
        conn = self._connections.get(me)
        if conn is None:
            return
        with contextlib.suppress(sqlcipher.Error):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        with self._guard:
            if self._closed and not self._busy.get(me):
                self._drop_own(me)
            if self._waiting:
                self._guard.notify_all()

    # -- closing and replacing --------------------------------------------------

    @contextlib.contextmanager
    def exclusive(self, *, wait: float | None = None) -> Iterator[None]:
        """Wait until no other thread is inside a statement or transaction, then close
        every connection; no other thread runs a statement until the block ends.

        Used to close the vault and to put a re-keyed file in place. With
        `wait`, gives up waiting after that many seconds (closing anyway).
        """
        me = threading.get_ident()
        with self._guard:
            while self._exclusive is not None and self._exclusive != me:
                self._guard.wait()
            self._exclusive = me
            self._waiting += 1
            try:
                self._guard.wait_for(lambda: not self._others_busy(me), timeout=wait)
            finally:
                self._waiting -= 1
            busy = self._others_busy(me)
            for thread, conn in list(self._connections.items()):
                if thread in busy:
                    continue  # closed by its own thread when it finishes (see _release)
                with contextlib.suppress(sqlcipher.Error):
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    conn.close()
                del self._connections[thread]
        try:
            yield
        finally:
            with self._guard:
                self._exclusive = None
                self._guard.notify_all()

    def _others_busy(self, me: int) -> set[int]:
        """Threads other than `me` inside a statement or a transaction (guard held)."""
        busy = {t for t in self._busy if t != me}
        return busy | {t for t in self._connections if t != me and self._in_transaction(t)}

    def use_key(self, data_key: bytes) -> None:
        """New connections use `data_key` (inside `exclusive`, after the file was replaced)."""
        self._key = data_key

    def close(self, *, wait: float | None = None) -> None:
        """Close every connection; later calls raise 'the vault is locked'.

        Waits up to `wait` seconds (default CLOSE_WAIT_SECONDS) for another
        thread's transaction; a transaction still open then is rolled back by
        its own thread at its next statement.
        """
        if self._closed:
            return
        wait = CLOSE_WAIT_SECONDS if wait is None else wait
        acquired = self.write_lock.acquire(timeout=wait)
        try:
            with self.exclusive(wait=wait):
                self._closed = True
                self._key = b""
        finally:
            if acquired:
                self.write_lock.release()

    def check_pages(self) -> None:
        """Check every page's MAC on a connection of its own (VaultError if altered)."""
        me = self._claim()  # holds off closing and re-keying while the check reads the file
        try:
            connect(self.path, self._key, check=True).close()
        finally:
            self._release(me)


def export_copy(
    conn: Database, target: Path, data_key: bytes, *, shown_as: Path | None = None
) -> None:
    """Write a fresh encrypted copy of the database to `target` (must not exist).

    A target that cannot be written (read-only folder, full disk) is a VaultError
    naming `shown_as` (the file the user asked for; default `target`).
    """
    shown = shown_as or target
    try:
        # Created 0600 before SQLite opens it (SQLite would follow the umask).
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise _cannot_write(shown, target, error) from None
    try:
        conn.execute("ATTACH DATABASE ? AS backup KEY " + _key_pragma(data_key), (str(target),))
    except sqlcipher.OperationalError as error:
        raise _cannot_write(shown, target, error) from None
    except VaultError as error:
        raise _cannot_write(shown, target, error) from None
    try:
        # The copy is a new file that is fsynced (or deleted) as a whole afterwards: no
        # journal and no fsync per statement while it is written.
        conn.execute("PRAGMA backup.journal_mode = OFF")
        conn.execute("PRAGMA backup.synchronous = OFF")
        conn.execute("SELECT sqlcipher_export('backup')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA backup.user_version = {int(version)}")
    except (sqlcipher.OperationalError, VaultError) as error:
        raise _cannot_write(shown, target, error) from None
    finally:
        with contextlib.suppress(sqlcipher.Error, VaultError):
            conn.execute("DETACH DATABASE backup")


def _cannot_write(shown: Path, target: Path, error: Exception) -> VaultError:
    # SQLite appends the temporary file's path; the user knows only `shown`.
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
    else:
        reason = str(getattr(error, "original", error)).removesuffix(": " + str(target))
    if isinstance(error, DiskFull) or "full" in reason:
        return VaultError(
            _("cannot write {path}: the disk is full; nothing was changed").format(path=shown)
        )
    return VaultError(
        _("cannot write {path}: {reason}; choose a folder you can write to").format(
            path=shown, reason=reason
        )
    )


def checkpoint(conn: Database) -> bool:
    """Copy the WAL into the database file and empty it; False if that could not finish."""
    try:
        row = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except VaultError:
        return False
    return bool(row) and int(row[0]) == 0


class CompactionPending(VaultError):
    """Records were deleted, but wiping their traces from the file could not finish."""


def compact(conn: Database) -> None:
    """Make deleted rows unrecoverable from the files: checkpoint, then rebuild.

    Deleting a case marks the vault for compaction in the same transaction (a
    trigger sets vault_state.compact_due), and this clears it: a compaction cut
    short by a crash or a full disk is run again at the next unlock, and this
    raises CompactionPending saying so.
    """
    try:
        with conn.write_lock:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if conn.commit_counter:
                conn.execute("UPDATE vault_state SET compact_due = 0 WHERE id = 1")
    except VaultError as error:
        raise CompactionPending(
            _(
                "the records were deleted, but wiping their traces from the vault file "
                "failed ({reason}); it is done again at the next unlock"
            ).format(reason=error)
        ) from None


def integrity_problems(conn: Database) -> list[str]:
    """Problems found by SQLCipher's page check and SQLite's integrity check."""
    problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    problems += [row for row in rows if row != "ok"]
    problems += [
        _("foreign key problem in table {table}").format(table=row[0])
        for row in conn.execute("PRAGMA foreign_key_check")
    ]
    return problems


def after_commit(conn: Database, callback: Callable[[int], None] | None) -> None:
    """Call `callback(count)` after every outermost counted commit on `conn` (None: stop)."""
    conn.on_commit = callback


class transaction:  # noqa: N801 - used like a function: `with transaction(conn):`
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK when the block raises; nests by joining.

    Takes the database's write lock, so a writer on another thread waits for
    COMMIT instead of failing on SQLite's busy timeout. A COMMIT that fails (a
    full disk) is rolled back and raised as a VaultError: nothing of the block
    was saved.
    """

    def __init__(self, conn: Database) -> None:
        self._conn = conn
        self._outer = False

    def __enter__(self) -> Database:
        self._conn.write_lock.acquire()
        try:
            if not self._conn.in_transaction:
                self._conn.execute("BEGIN IMMEDIATE")
                self._outer = True
        except BaseException:
            self._conn.write_lock.release()
            raise
        return self._conn

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if self._outer:
                if kind is None:
                    self._conn.commit()
                else:
                    self._conn.rollback()
        finally:
            self._conn.write_lock.release()


# What the repositories are given as their `_conn`: the vault's Database.
Connection = Database


def now_text() -> str:
    """The current UTC time as stored (ISO 8601 with offset, microseconds)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def parse_time(text: str | None) -> datetime | None:
    """A stored time back as an aware UTC datetime."""
    return datetime.fromisoformat(text) if text else None
