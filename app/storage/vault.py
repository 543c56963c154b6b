"""An open vault: one object holding the database, the keys, the lock and the repositories.

A vault is a folder (0700) with `waystation.db` (SQLCipher 4, raw 256-bit data
key), `keyfile.json` (per-user slots, see keyfile.py) and `audit-head.json`,
all 0600. Opening it takes an OS lock (vault_lock.py), finishes any change a
crash interrupted (key_changes.py), and checks the key file, the database and
the audit head against each other. See docs/vault.md for the threat model,
the file formats and the order of every multi-step change.
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.domain.errors import NotFound, UsageError, VaultError, WaystationError, WrongPassword
from app.domain.models import AuditEntry, User
from app.domain.roles import Permission, Role, require
from app.i18n import _
from app.storage import backup as backups
from app.storage import database, key_changes, migrations, unlock_failures, vault_folder
from app.storage.audit import AuditLog
from app.storage.audit_head import HEAD_NAME
from app.storage.cases import Cases
from app.storage.database import Database, DiskFull, transaction
from app.storage.keyfile import DEFAULT_KDF, KdfParams, KeyFile, Slot, altered
from app.storage.outbox import Outbox
from app.storage.people import People
from app.storage.referrals import Referrals
from app.storage.screenings import Screenings
from app.storage.services import Services
from app.storage.settings import Settings
from app.storage.statistics import Statistics
from app.storage.sync_config import SyncConfig
from app.storage.users import Users, check_name, check_password
from app.storage.vault_lock import VaultLock

DB_NAME = key_changes.DB_NAME
KEYFILE_NAME = key_changes.KEYFILE_NAME
NEXT_KEYFILE_NAME = key_changes.NEXT_KEYFILE_NAME
FAILURES_NAME = unlock_failures.FAILURES_NAME


@dataclass(frozen=True)
class VerifyReport:
    """The result of `vault.verify()`: database problems and the first bad audit entry."""

    problems: list[str]
    bad_audit_entry: AuditEntry | None

    @property
    def ok(self) -> bool:
        return not self.problems and self.bad_audit_entry is None


@dataclass(frozen=True)
class _Unwrapped:
    keyfile: KeyFile
    data_key: bytes
    private_key: X25519PrivateKey
    slot: Slot


def _unwrap(keyfile: KeyFile, name: str, password: str, file: Path) -> _Unwrapped:
    return _Unwrapped(keyfile, *keyfile.unlock(name, password, file=file))


class Vault:
    """The open vault: user, cases, screenings, users, audit, settings, services, referrals,
    people."""

    def __init__(
        self,
        folder: Path,
        db: Database,
        keyfile: KeyFile,
        data_key: bytes,
        private_key,
        user: User,
        lock: VaultLock,
    ) -> None:
        self.folder = folder
        self._conn: Database | None = db
        self._db = db
        self._lock = lock
        self.keyfile = keyfile
        self.data_key = data_key  # storage-internal: users.py reseals with it
        self.private_key = private_key
        self.user = user
        # Found at unlock (the audit head, changes lost): `verify` reports them too.
        self.unlock_problems: list[str] = []
        self.audit = AuditLog(db, data_key, self.actor)
        self.settings = Settings(db, self)
        self.cases = Cases(db, self)
        self.screenings = Screenings(db, self)
        self.users = Users(db, self)
        self.services = Services(db, self)
        self.referrals = Referrals(db, self)
        self.outbox = Outbox(db, self)
        self.sync_config = SyncConfig(db, self)
        self.people = People(db, self)
        self.statistics = Statistics(db, self)

    def actor(self) -> tuple[str, str]:
        """(name, role) of the account acting, for the audit trail."""
        return self.user.name, self.user.role

    # -- creating and opening -------------------------------------------------

    @classmethod
    def create(
        cls, path: Path | str, admin_name: str, password: str, *, kdf: KdfParams = DEFAULT_KDF
    ) -> Vault:
        """A new vault in `path` (missing or empty) with one admin account.

        Slow on purpose (key derivation). `kdf` exists for tests only. The vault
        is built in a private folder beside `path` and renamed into place when
        complete, so a failure leaves nothing behind.
        """
        target = Path(path)
        admin_name = check_name(admin_name)
        check_password(password)
        kdf.check()
        data_key = os.urandom(32)
        created = database.now_text()
        private_key = X25519PrivateKey.generate()
        keyfile = replace(KeyFile.new(), audit_head=True).with_slot(
            private=private_key,
            name=admin_name,
            role=Role.ADMIN.value,
            created=created,
            password=password,
            data_key=data_key,
            kdf=kdf,
        )
        user = User(admin_name, Role.ADMIN, database.parse_time(created))
        occupied = _("{path} is not an empty folder; choose a new folder for the vault")
        try:
            with vault_folder.built(target, occupied=occupied) as folder:
                cls._build(folder, keyfile, data_key, private_key, user)
        except DiskFull:
            raise VaultError(
                _("cannot create a vault in {path}: the disk is full; nothing was created").format(
                    path=target
                )
            ) from None
        lock = VaultLock.acquire(target)
        try:
            db = Database(target / DB_NAME, data_key, write_lock=lock.write_lock)
            return cls._started(
                target, db, lock, keyfile, user, data_key, private_key, purge=False, unlocked=False
            )
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _build(cls, folder: Path, keyfile: KeyFile, data_key: bytes, private_key, user) -> None:
        """The new vault's files in `folder`: database, first account, key file, audit head."""
        # Created 0600 before SQLite opens it; SQLite gives -wal and -shm the same mode.
        os.close(os.open(folder / DB_NAME, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        db = Database(folder / DB_NAME, data_key)
        try:
            key_changes.migrate(db)
            with transaction(db):
                db.execute(
                    "INSERT INTO users (name, role, created) VALUES (?, ?, ?)",
                    (user.name, user.role.value, database.now_text()),
                )
            keyfile.save(folder / KEYFILE_NAME)
            vault = cls(folder, db, keyfile, data_key, private_key, user, _NoLock())
            vault.audit.attach_head(
                folder / HEAD_NAME, expected=False, db_commits=None, head_synced=0
            )
            vault.audit.record("vault.create")
            vault._close_files()
        finally:
            db.close()

    @classmethod
    def open(
        cls,
        path: Path | str,
        user_name: str,
        password: str,
        *,
        purge: bool = True,
        check_pages: bool = True,
    ) -> Vault:
        """Unlock the vault at `path` as `user_name`; WrongPassword or VaultError.

        With ``check_pages`` (the default) every page's MAC is checked before the
        vault is returned; that grows with the vault (0.6 s at 100 MB). The desktop
        app passes False and runs `check_pages()` right after, off its UI thread:
        the pages it reads meanwhile are still authenticated one by one by SQLCipher.
        """
        folder = Path(path)
        if not vault_folder.is_vault(folder):
            raise VaultError(_("{path} is not a Waystation vault").format(path=folder))
        lock = VaultLock.acquire(folder)
        try:
            return cls._unlock(folder, lock, user_name, password, purge, check_pages)
        except DiskFull:
            lock.release()
            raise VaultError(
                _(
                    "cannot unlock the vault: the disk holding {path} is full; free some space "
                    "and try again. Nothing was changed"
                ).format(path=folder)
            ) from None
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _unlock(cls, folder, lock, user_name, password, purge, check_pages) -> Vault:
        vault_folder.remove_temporaries(folder)
        name = unicodedata.normalize("NFC", (user_name or "").strip())
        keyfile_path = folder / KEYFILE_NAME
        current = KeyFile.load(keyfile_path)
        pending = key_changes.load_pending(folder)
        try:
            opened = cls._unwrap_either(folder, current, pending, name, password)
            opened, conn = cls._probe(folder, opened, pending, name, password, check_pages)
        except WrongPassword:
            known = current.slot(name) or (pending is not None and pending.slot(name))
            unlock_failures.note(folder, name if known else None)
            raise
        db = Database(folder / DB_NAME, opened.data_key, write_lock=lock.write_lock)
        db.adopt_connection(conn)  # the probe's connection becomes this thread's
        try:
            version = migrations.version(db)
            if version == 0:
                raise VaultError(_("{path} is not a Waystation vault").format(path=folder))
            state = key_changes.migrate(db, version)
            chosen = key_changes.settle(folder, state, opened.data_key, current, pending)
            if chosen is not opened.keyfile:
                # The settled file decides: a password changed by the finished step must fit it.
                try:
                    opened = _unwrap(chosen, name, password, keyfile_path)
                except WrongPassword:
                    unlock_failures.note(folder, name if chosen.slot(name) else None)
                    raise
            row = db.execute("SELECT role, created FROM users WHERE name = ?", (name,)).fetchone()
            if row is None or row[0] != opened.slot.role:
                raise altered(keyfile_path)
        except BaseException:
            db.close()
            raise
        user = User(name, Role(row[0]), database.parse_time(row[1]))
        return cls._started(
            folder,
            db,
            lock,
            opened.keyfile,
            user,
            opened.data_key,
            opened.private_key,
            purge=purge,
            state=state,
        )

    @staticmethod
    def _unwrap_either(folder, current, pending, name, password) -> _Unwrapped:
        """Unwrap the user's slot in keyfile.json, else in a pending keyfile.json.next."""
        try:
            return _unwrap(current, name, password, folder / KEYFILE_NAME)
        except WrongPassword:
            if pending is None or pending.slot(name) is None:
                raise
        return _unwrap(pending, name, password, folder / NEXT_KEYFILE_NAME)

    @staticmethod
    def _probe(folder, opened, pending, name, password, check_pages):
        """The key that opens the database, and that open connection; after an interrupted
        re-key, the pending key file's key does."""
        try:
            return opened, database.connect(folder / DB_NAME, opened.data_key, check=check_pages)
        except database.KeyDoesNotOpen:
            if pending is None or opened.keyfile is pending or pending.slot(name) is None:
                raise VaultError(
                    _(
                        "the key file {keyfile} does not open the database {db}: one of them "
                        "is an older copy, or was damaged or altered outside Waystation; put "
                        "the current files back or restore the vault from a backup"
                    ).format(keyfile=folder / KEYFILE_NAME, db=folder / DB_NAME)
                ) from None
        opened = _unwrap(pending, name, password, folder / NEXT_KEYFILE_NAME)
        return opened, database.connect(folder / DB_NAME, opened.data_key, check=check_pages)

    @classmethod
    def _started(
        cls,
        folder,
        db,
        lock,
        keyfile,
        user,
        data_key,
        private_key,
        *,
        purge: bool,
        state: key_changes.State | None = None,
        unlocked: bool = True,
    ) -> Vault:
        """The vault object, once its audit head is checked and the unlock recorded."""
        vault = cls(folder, db, keyfile, data_key, private_key, user, lock)
        try:
            vault._start(state or key_changes.migrate(db), purge, unlocked)
        except BaseException:
            vault._abandon()
            raise
        return vault

    def _start(self, state: key_changes.State, purge: bool, unlocked: bool) -> None:
        lost = self.audit.attach_head(
            self.folder / HEAD_NAME,
            expected=self.keyfile.audit_head,
            db_commits=state.commits,
            head_synced=state.head_synced,
        )
        if self.audit.head_problem:
            self.unlock_problems.append(self.audit.head_problem)
        if lost is not None:
            self.unlock_problems.append(_changes_lost_message(self.folder, *lost))
        if not self.keyfile.audit_head and self.audit.head_problem is None:
            # A vault from before the head: head first, then the flag in the key file.
            self.audit.write_head(state.commits)
            key_changes.change_keyfile(
                self,
                lambda keyfile: replace(keyfile, audit_head=True),
                lambda: None,
                done=_("The vault was unlocked"),
            )
        if unlocked or lost is not None:
            self._record_unlock(lost)
        if purge:
            with contextlib.suppress(DiskFull, database.CompactionPending):
                self.cases.purge_expired()  # again at the next unlock if the disk is full
        if state.compact_due:  # a compaction cut short: finish it now
            with contextlib.suppress(WaystationError):
                database.compact(self._db)

    def _record_unlock(self, lost: tuple[int, int] | None) -> None:
        failures = unlock_failures.summary(
            self.folder, lambda: {row[0] for row in self._db.execute("SELECT name FROM users")}
        )
        with transaction(self._db):
            if lost is not None:
                # Count on from the head, so the lost numbers are never reused.
                self._db.execute("UPDATE vault_state SET commits = ? WHERE id = 1", (lost[1],))
                self.audit.record(
                    "vault.changes_lost", None, {"first": lost[0], "last": lost[1]}, actor="-"
                )
            if failures is not None:
                self.audit.record("unlock.failed", None, failures, actor="-")
            self.audit.record("unlock")
        unlock_failures.clear(self.folder)

    # -- life cycle -----------------------------------------------------------

    def commit_count(self) -> int | None:
        """How many write transactions the database has committed (None if unreadable)."""
        try:
            return key_changes.read_state(self.connection).commits
        except WaystationError:
            return None

    def _close_files(self) -> None:
        """Make the head durable and checkpoint; failures lose nothing."""
        self.audit.detach_head()
        database.checkpoint(self._db)

    def close(self) -> None:
        """Checkpoint and close; the vault object is unusable afterwards (also its keys).

        Waits for another thread's transaction (a worker saving) up to
        database.CLOSE_WAIT_SECONDS; past that, the vault closes without the
        final checkpoint and the worker's transaction is rolled back.
        """
        if self._conn is None:
            return
        lock = self._db.write_lock
        acquired = lock.acquire(timeout=database.CLOSE_WAIT_SECONDS)
        try:
            if acquired:
                with contextlib.suppress(WaystationError):
                    self._close_files()
            self._abandon(wait=None if acquired else 0)
        finally:
            if acquired:
                lock.release()

    def _abandon(self, *, wait: float | None = None) -> None:
        """Close every connection, forget the keys and give up the lock."""
        self._conn = None
        try:
            self._db.close(wait=wait)
        finally:
            self.audit.forget_keys()
            self.data_key = b""
            self.private_key = None
            self._lock.release()

    @property
    def is_open(self) -> bool:
        """False once the vault was closed (locked)."""
        return self._conn is not None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def connection(self) -> Database:
        """The database (one connection per thread), for storage code and tests only."""
        if self._conn is None:
            raise VaultError(_("the vault is locked; unlock it again to go on"))
        return self._conn

    # -- keys (storage-internal) ----------------------------------------------

    def adopt_data_key(self, data_key: bytes, keyfile: KeyFile) -> None:
        """The database was replaced by its copy under `data_key` (key_changes.py)."""
        self._db.use_key(data_key)
        self.data_key = data_key
        self.keyfile = keyfile
        self.audit.use_data_key(data_key)

    def rekey(self) -> None:
        """`waystation vault rekey`: a new data key, so no older key file opens the vault."""
        require(self.user.role, Permission.MANAGE_USERS)
        key_changes.rotate_data_key(
            self,
            lambda keyfile: keyfile,
            lambda copy, audit: None,
            done=_("The vault has a new key"),
        )

    def require_sole_opening(self) -> None:
        """VaultInUse if this program has the vault open more than once (before a re-key)."""
        self._lock.require_sole()

    # -- checks, info, backup, purge ------------------------------------------

    def check_pages(self) -> None:
        """Check every database page's MAC on a connection of its own; VaultError if altered.

        Safe to run in a worker thread while the vault is in use: it shares no
        connection with the repositories, and a re-key waits for it.
        """
        self.connection.check_pages()

    def verify(self) -> VerifyReport:
        """SQLCipher's page check, SQLite's integrity check, the audit chain and its head,
        and any changes found lost at an unlock."""
        db = self.connection
        problems = database.integrity_problems(db)
        state = key_changes.read_state(db)
        head_problem = self.audit.verify_head(state.commits, state.head_synced)
        if head_problem is not None:
            problems.append(head_problem)
        for row in db.execute(
            "SELECT at, detail FROM audit WHERE action = 'vault.changes_lost' ORDER BY id"
        ):
            entry = AuditLog._entry((0, row[0], "", "", None, row[1], ""))
            problems.append(
                _changes_lost_message(
                    self.folder, entry.detail.get("first", "?"), entry.detail.get("last", "?")
                )
            )
        return VerifyReport(problems, self.audit.verify())

    def info(self) -> dict[str, object]:
        """Facts about the vault for `waystation vault info` (no case content)."""
        db = self.connection
        count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731, S608
        return {
            "folder": str(self.folder),
            "schema_version": migrations.version(db),
            "key_generation": self.keyfile.generation,
            "users": len(self.keyfile.slots),
            "cases": count("cases"),
            "screenings": count("screenings"),
            "audit_entries": count("audit"),
            "cipher_version": db.execute("PRAGMA cipher_version").fetchone()[0],
        }

    def backup(self, out: Path | str) -> Path:
        """Write one encrypted backup file to `out` (admins and supervisors); audited."""
        require(self.user.role, Permission.BACKUP)
        return backups.backup(self, Path(out))

    @staticmethod
    def restore(backup_file: Path | str, dest_dir: Path | str) -> Path:
        """Unpack a backup into `dest_dir` (missing or empty); open it with a password later."""
        return backups.restore(Path(backup_file), Path(dest_dir))

    def purge(self) -> int:
        """`waystation vault purge`: delete expired closed cases now (admins only)."""
        require(self.user.role, Permission.PURGE)
        return self.cases.purge_expired()


def _changes_lost_message(folder: Path, first: object, last: object) -> str:
    return _(
        "the database is missing changes the vault had saved (numbers {first} to {last}): "
        "the file {wal} was deleted or damaged, or an older copy of the database was put "
        "back; restore the vault from a backup"
    ).format(first=first, last=last, wal=folder / (DB_NAME + "-wal"))


class _NoLock:
    """The lock of a vault being built in a private folder: nothing to hold."""

    held = False

    def release(self) -> None:
        pass

    def require_sole(self) -> None:
        pass


__all__ = ["DB_NAME", "KEYFILE_NAME", "NotFound", "UsageError", "Vault", "VerifyReport"]
