"""Changing the key file and the database together, in an order a crash cannot break.

The key file and the database are bound: each carries an epoch (the key file
inside its MAC, the database in vault_state.epoch), raised by every change of
the key file. At unlock the two must agree, so an older key file put back is
refused even where its slots would still unseal the key.

A change that keeps the data key (add an account, change one's own password,
change a role):
  1. the new key file, one epoch on, is written as keyfile.json.next (fsync);
  2. one database transaction makes the change, audits it and stores the new
     epoch: this commit is the moment the change happens;
  3. keyfile.json.next is renamed over keyfile.json.

A change that must take the data key away from someone (remove an account, an
administrator resetting a password, `vault rekey`) builds a new database:
  1. under the write lock, a copy of the database is written under a new,
     random data key (waystation.db.rekey); in the copy, one transaction makes
     the change, re-MACs the audit chain under the new key, audits it and stores
     the new epoch; the copy is checkpointed and fsynced;
  2. the new key file (resealed to the new key, one epoch and one generation
     on) and the new audit head are written as keyfile.json.next and
     audit-head.json.next;
  3. with every connection closed and the old WAL empty, the copy is renamed
     over waystation.db: this rename is the moment the old key stops opening
     anything, so the secret that must disappear disappears first;
  4. the two .next files are renamed into place (the head first).

At the next unlock, `settle` finishes or forgets what a crash left: the
database decides. If its epoch is the key file's, the change never happened
and the .next files and any copy are deleted; if it is the .next file's, the
change happened and the .next files are renamed into place. Anything else is
a key file that does not belong to this database, and is refused.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from app.domain.atomic_files import fsync_folder, write_atomic
from app.domain.errors import VaultError, WaystationError
from app.i18n import _
from app.storage import audit_head, database, migrations
from app.storage.audit import AuditLog, rechain
from app.storage.database import Database, transaction
from app.storage.keyfile import KeyFile

DB_NAME = "waystation.db"
KEYFILE_NAME = "keyfile.json"
NEXT_KEYFILE_NAME = "keyfile.json.next"
NEXT_HEAD_NAME = audit_head.HEAD_NAME + ".next"
REKEY_DB_NAME = DB_NAME + ".rekey"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class State:
    """The row of vault_state: what binds the database to the files beside it."""

    epoch: int
    commits: int
    head_synced: int
    compact_due: bool


def read_state(db: Database) -> State:
    row = db.execute(
        "SELECT epoch, commits, head_synced, compact_due FROM vault_state WHERE id = 1"
    ).fetchone()
    if row is None:
        raise VaultError(_("{path} is not a Waystation vault").format(path=db.path.parent))
    return State(int(row[0]), int(row[1]), int(row[2]), bool(row[3]))


def _remove(path: Path) -> None:
    if path.exists():  # the vault is locked: nobody else creates or deletes these
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def remove_copy(folder: Path) -> None:
    """Delete a re-keyed copy left by an interrupted change (and its SQLite files)."""
    for suffix in ("", *SQLITE_SIDE_FILES):
        with contextlib.suppress(OSError):
            _remove(folder / (REKEY_DB_NAME + suffix))


def _promote(folder: Path, name: str, target: str) -> None:
    os.replace(folder / name, folder / target)
    fsync_folder(folder)


def _finish_failed(done: str, error: BaseException) -> VaultError:
    return VaultError(
        _(
            "{done}, but the last step failed ({reason}); it is completed when the vault "
            "is next unlocked"
        ).format(done=done, reason=error)
    )


# -- changes that keep the data key -------------------------------------------


def current_keyfile(vault) -> KeyFile:
    """The key file as it is on disk now (another opening in this program may have changed it).

    Call with the write lock held. VaultError if the file on disk does not
    belong to the database.
    """
    db: Database = vault.connection
    on_disk = KeyFile.load(vault.folder / KEYFILE_NAME)
    if on_disk.epoch != vault.keyfile.epoch:
        if not on_disk.authentic(vault.data_key) or on_disk.epoch != read_state(db).epoch:
            raise VaultError(
                _("the key file {path} changed outside this program").format(
                    path=vault.folder / KEYFILE_NAME
                )
            )
        vault.keyfile = on_disk
    return vault.keyfile


def change_keyfile(
    vault, make: Callable[[KeyFile], KeyFile], change: Callable[[], None], *, done: str
) -> KeyFile:
    """Store `make(key file)` (same data key); run `change` in the transaction that binds it.

    `change` runs inside the transaction (rows and audit entries). `done` says
    what happened, for the message when only the last rename fails. Nothing is
    changed if this raises before the commit.
    """
    db: Database = vault.connection
    folder: Path = vault.folder
    with db.write_lock:
        base = current_keyfile(vault)
        pending = replace(make(base), epoch=base.epoch + 1).signed(vault.data_key)
        write_atomic(folder / NEXT_KEYFILE_NAME, pending.to_bytes())
        try:
            with transaction(db):
                change()
                db.execute("UPDATE vault_state SET epoch = ? WHERE id = 1", (pending.epoch,))
        except BaseException:
            _forget_if_not_committed(db, folder, pending.epoch)
            raise
        vault.keyfile = pending
        try:
            _promote(folder, NEXT_KEYFILE_NAME, KEYFILE_NAME)
        except OSError as error:
            raise _finish_failed(done, error) from None
    return pending


def _forget_if_not_committed(db: Database, folder: Path, epoch: int) -> None:
    """After a failed change: delete the .next file unless the database took the epoch."""
    try:
        committed = read_state(db).epoch == epoch
    except (WaystationError, OSError):
        return  # cannot tell: the next unlock decides
    if not committed:
        with contextlib.suppress(OSError):
            _remove(folder / NEXT_KEYFILE_NAME)


# -- changes that replace the data key ----------------------------------------


def rotate_data_key(
    vault,
    make: Callable[[KeyFile], KeyFile],
    change: Callable[[Database, AuditLog], None],
    *,
    done: str,
) -> KeyFile:
    """Replace the data key: a re-keyed copy with `change` applied takes the old file's place.

    `make(key file)` gives the slots wanted afterwards (their seals are renewed
    here); `change(copy, audit)` runs in the copy's transaction. Nothing is
    changed if this raises before the copy is renamed into place.
    """
    db: Database = vault.connection
    folder: Path = vault.folder
    old_key: bytes = vault.data_key
    new_key = os.urandom(32)
    copy_path = folder / REKEY_DB_NAME
    head = carried = None
    try:
        with db.write_lock:  # no commit slips in between the copy and the swap
            vault.require_sole_opening()
            base = current_keyfile(vault)
            pending = replace(make(base).resealed(new_key, bump=True), epoch=base.epoch + 1)
            pending = pending.signed(new_key)
            remove_copy(folder)
            database.export_copy(db, copy_path, new_key)
            head = _change_copy(copy_path, old_key, new_key, pending, vault, change)
            carried = vault.audit.head_to_carry(head)
            if carried is not None:
                write_atomic(folder / NEXT_HEAD_NAME, audit_head.file_bytes(carried, new_key))
            write_atomic(folder / NEXT_KEYFILE_NAME, pending.to_bytes())
            _swap(db, folder, copy_path, old_key, new_key)
            vault.adopt_data_key(new_key, pending)
            if carried is not None:
                _promote(folder, NEXT_HEAD_NAME, audit_head.HEAD_NAME)
            _promote(folder, NEXT_KEYFILE_NAME, KEYFILE_NAME)
            vault.audit.reopen_head()
            if carried is head:
                db.head_synced = head.commits or 0
    except BaseException as error:
        if head is not None and not copy_path.exists():
            # The copy took the database's place: the change happened, and the
            # next unlock renames whatever .next file is still waiting.
            vault.adopt_data_key(new_key, pending)
            vault.audit.reopen_head()
            if isinstance(error, Exception):
                raise _finish_failed(done, error) from None
            raise
        for name in (NEXT_KEYFILE_NAME, NEXT_HEAD_NAME):
            with contextlib.suppress(OSError):
                _remove(folder / name)
        remove_copy(folder)
        raise
    return pending


def _change_copy(
    path: Path, old_key: bytes, new_key: bytes, pending: KeyFile, vault, change
) -> audit_head.Head:
    """Apply the change in the copy, re-MAC its chain; checkpoint and fsync it; its head."""
    copy = Database(path, new_key)
    try:
        copy.commit_counter = True
        copy.head_synced = vault.connection.head_synced
        audit = AuditLog(copy, new_key, vault.actor)
        with transaction(copy):
            rechain(copy, old_key, new_key)
            change(copy, audit)
            audit.record("vault.rekey", None, {"generation": pending.generation})
            copy.execute(
                "UPDATE vault_state SET epoch = ?, compact_due = 0 WHERE id = 1",
                (pending.epoch,),
            )
        commits = read_state(copy).commits
        head = audit_head.current(copy, commits)
        if not database.checkpoint(copy):
            raise database.DiskFull(path.parent)
    finally:
        copy.close()
    _fsync_file(path)
    return head


def _fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _swap(db: Database, folder: Path, copy_path: Path, old_key: bytes, new_key: bytes) -> None:
    """Put the copy in place of the database, with every connection closed."""
    with db.exclusive():
        # Every committed page into the file, and the WAL emptied: a WAL left
        # beside the new file would be replayed into it at the next open.
        conn = database.connect(folder / DB_NAME, old_key, check=False)
        try:
            row = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except database.DatabaseError as error:
            raise database.storage_error(error, folder / DB_NAME) from None
        finally:
            conn.close()
        wal = folder / (DB_NAME + "-wal")
        if not row or row[0] != 0 or (wal.exists() and wal.stat().st_size):
            raise VaultError(
                _(
                    "the database file {path} could not be brought up to date (is the disk "
                    "full?); nothing was changed"
                ).format(path=folder / DB_NAME)
            )
        for suffix in ("-wal", "-shm"):
            _remove(folder / (DB_NAME + suffix))
        os.replace(copy_path, folder / DB_NAME)
        fsync_folder(folder)
        db.use_key(new_key)


# -- at unlock ------------------------------------------------------------------


def load_pending(folder: Path) -> KeyFile | None:
    """keyfile.json.next if there is one that parses (it is authenticated later)."""
    path = folder / NEXT_KEYFILE_NAME
    if not path.exists():
        return None
    try:
        return KeyFile.load(path)
    except VaultError:
        return None  # a damaged leftover: deleted once the database says which file is right


def settle(
    folder: Path, state: State, data_key: bytes, current: KeyFile, pending: KeyFile | None
) -> KeyFile:
    """Finish or forget an interrupted change; the key file that belongs to the database.

    `state` was read from the database opened with `data_key`. Raises VaultError
    when neither key file belongs to it (an older key file put back, or an older
    database).
    """
    # A head written for the re-keyed copy belongs to the database exactly when the
    # database is under the key it was written with (the rename happened).
    head_next = folder / NEXT_HEAD_NAME
    if head_next.exists():
        if audit_head.read(head_next, data_key).head is not None:
            _promote(folder, NEXT_HEAD_NAME, audit_head.HEAD_NAME)
        else:
            _remove(head_next)
    if current.epoch == state.epoch and current.authentic(data_key):
        _remove(folder / NEXT_KEYFILE_NAME)
        remove_copy(folder)
        return current
    if pending is not None and pending.epoch == state.epoch and pending.authentic(data_key):
        _promote(folder, NEXT_KEYFILE_NAME, KEYFILE_NAME)
        remove_copy(folder)
        return pending
    if state.epoch > current.epoch:
        message = _(
            "the key file {path} is older than the database: an older copy was put back. "
            "Put the current key file back, or restore the vault from a backup"
        )
    else:
        message = _(
            "the database {db} is older than the key file {path}: changes were lost or an "
            "older copy of the database was put back; restore the vault from a backup"
        )
    raise VaultError(message.format(path=folder / KEYFILE_NAME, db=folder / DB_NAME))


def migrate(db: Database, version: int | None = None) -> State:
    """Run pending migrations and start counting commits; the vault's state.

    `version`: the schema version, if the caller read it already.
    """
    if version is None or version != migrations.LATEST:
        migrations.migrate(db)
    state = read_state(db)
    db.commit_counter = True
    db.head_synced = state.head_synced
    return state
