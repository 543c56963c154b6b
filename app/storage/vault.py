"""An open vault: one object holding the connection, the keys and the repositories.

A vault is a folder (0700) with `waystation.db` (SQLCipher 4, raw 256-bit data
key) and `keyfile.json` (per-user slots, see keyfile.py), both 0600. See
docs/vault.md for the threat model and the file formats.
"""

from __future__ import annotations

import contextlib
import json
import os
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.domain.atomic_files import fsync_folder, write_atomic
from app.domain.errors import NotFound, UsageError, VaultError, WaystationError, WrongPassword
from app.domain.models import AuditEntry, User
from app.domain.roles import Permission, Role, require
from app.i18n import _
from app.storage import database, migrations
from app.storage.audit import AuditLog
from app.storage.audit_head import HEAD_NAME
from app.storage.backup import read_container, write_container
from app.storage.cases import Cases
from app.storage.database import transaction
from app.storage.keyfile import DEFAULT_KDF, KdfParams, KeyFile, altered
from app.storage.outbox import Outbox
from app.storage.referrals import Referrals
from app.storage.screenings import Screenings
from app.storage.services import Services
from app.storage.settings import Settings
from app.storage.statistics import Statistics
from app.storage.sync_config import SyncConfig
from app.storage.users import Users, check_name, check_password

DB_NAME = "waystation.db"
KEYFILE_NAME = "keyfile.json"
NEXT_KEYFILE_NAME = "keyfile.json.next"
FAILURES_NAME = "unlock-failures.json"
MAX_RECORDED_FAILURES = 1000


@dataclass(frozen=True)
class VerifyReport:
    """The result of `vault.verify()`: database problems and the first bad audit entry."""

    problems: list[str]
    bad_audit_entry: AuditEntry | None

    @property
    def ok(self) -> bool:
        return not self.problems and self.bad_audit_entry is None


def _missing_or_empty(folder: Path) -> bool:
    """True when `folder` can become a new vault: missing, or an empty folder."""
    try:
        return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))
    except OSError as error:
        raise VaultError(
            _("cannot look into the folder {path}: {reason}").format(
                path=folder, reason=error.strerror or error
            )
        ) from None


def _make_folder(folder: Path) -> None:
    """Create the vault folder (0700); a message naming it when the system refuses."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    except OSError as error:
        raise VaultError(
            _("cannot create the folder {path}: {reason}; choose a folder you can write to").format(
                path=folder, reason=error.strerror or error
            )
        ) from None


def _secure_folder(folder: Path) -> None:
    os.chmod(folder, 0o700)
    names = (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", KEYFILE_NAME, FAILURES_NAME, HEAD_NAME)
    for name in names:
        if (folder / name).exists():
            os.chmod(folder / name, 0o600)


def _note_failure(folder: Path, known_name: str | None) -> None:
    """Remember a failed unlock so the next successful one can audit it.

    This file cannot be authenticated (there is no key before unlocking): someone
    with the laptop can delete it, but cannot use it to read or change anything.
    """
    path = folder / FAILURES_NAME
    try:
        failures = json.loads(path.read_text("utf-8"))
        if not isinstance(failures, list):
            failures = []
    except (OSError, ValueError):
        failures = []
    at = datetime.now(UTC).isoformat(timespec="seconds")
    failures = [*failures, {"account": known_name, "at": at}][-MAX_RECORDED_FAILURES:]
    # A read-only vault must still report the wrong password, not this.
    with contextlib.suppress(WaystationError):
        write_atomic(path, json.dumps(failures).encode("utf-8"))


class _Locked:
    """Stands in for the connection after `close()`: any use says the vault is locked."""

    def __getattr__(self, name: str):
        raise VaultError(_("the vault is locked; unlock it again to go on"))


class Vault:
    """The open vault: user, cases, screenings, users, audit, settings, services, referrals."""

    def __init__(
        self, folder: Path, conn, keyfile: KeyFile, data_key: bytes, private_key, user: User
    ) -> None:
        self.folder = folder
        self._conn = conn
        self.keyfile = keyfile
        self.data_key = data_key  # storage-internal: users.py reseals with it
        self.private_key = private_key
        self.user = user
        self.audit = AuditLog(conn, data_key, lambda: (self.user.name, self.user.role))
        self.settings = Settings(conn, self)
        self.cases = Cases(conn, self)
        self.screenings = Screenings(conn, self)
        self.users = Users(conn, self)
        self.services = Services(conn, self)
        self.referrals = Referrals(conn, self)
        self.statistics = Statistics(conn, self)
        self.outbox = Outbox(conn, self)
        self.sync_config = SyncConfig(conn, self)

    # -- creating and opening -------------------------------------------------

    @classmethod
    def create(
        cls, path: Path | str, admin_name: str, password: str, *, kdf: KdfParams = DEFAULT_KDF
    ) -> Vault:
        """A new vault in `path` (missing or empty) with one admin account.

        Slow on purpose (key derivation). `kdf` exists for tests only.
        """
        folder = Path(path)
        admin_name = check_name(admin_name)
        check_password(password)
        if not _missing_or_empty(folder):
            raise UsageError(
                _("{path} is not an empty folder; choose a new folder for the vault").format(
                    path=folder
                )
            )
        _make_folder(folder)
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
        # Created 0600 before SQLite opens it; SQLite gives -wal and -shm the same mode.
        try:
            os.close(os.open(folder / DB_NAME, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as error:
            raise VaultError(
                _("cannot create {path}: {reason}; choose a folder you can write to").format(
                    path=folder / DB_NAME, reason=error.strerror or error
                )
            ) from None
        conn = database.connect(folder / DB_NAME, data_key, check=False)
        migrations.migrate(conn)
        with transaction(conn):
            conn.execute(
                "INSERT INTO users (name, role, created) VALUES (?, ?, ?)",
                (admin_name, Role.ADMIN.value, created),
            )
        keyfile.save(folder / KEYFILE_NAME)
        _secure_folder(folder)
        user = User(admin_name, Role.ADMIN, database.parse_time(created))
        vault = cls(folder, conn, keyfile, data_key, private_key, user)
        vault.audit.attach_head(folder / HEAD_NAME, expected=False)  # none yet: a new vault
        vault.audit.record("vault.create")
        return vault

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
        if not (folder / KEYFILE_NAME).exists() or not (folder / DB_NAME).exists():
            raise VaultError(_("{path} is not a Waystation vault").format(path=folder))
        keyfile_path = folder / KEYFILE_NAME
        keyfile = KeyFile.load(keyfile_path)
        name = unicodedata.normalize("NFC", (user_name or "").strip())
        try:
            data_key, private_key, slot = keyfile.unlock(name, password, file=keyfile_path)
        except WrongPassword:
            _note_failure(folder, name if keyfile.slot(name) else None)
            raise
        conn, keyfile, data_key, private_key, slot = cls._connect(
            folder, keyfile, data_key, private_key, slot, name, password, check=check_pages
        )
        try:
            if migrations.version(conn) == 0:
                raise VaultError(_("{path} is not a Waystation vault").format(path=folder))
            migrations.migrate(conn)
            row = conn.execute("SELECT role, created FROM users WHERE name = ?", (name,)).fetchone()
            if row is None or row[0] != slot.role:
                raise altered(keyfile_path)
        except BaseException:
            conn.close()
            raise
        user = User(name, Role(row[0]), database.parse_time(row[1]))
        vault = cls(folder, conn, keyfile, data_key, private_key, user)
        vault._attach_audit_head()
        vault._record_unlock()
        if purge:
            vault.cases.purge_expired()
        return vault

    @staticmethod
    def _connect(folder, keyfile, data_key, private_key, slot, name, password, *, check=True):
        """Connect; after a re-key interrupted before the key file moved, use the next one."""
        next_path = folder / NEXT_KEYFILE_NAME
        try:
            conn = database.connect(folder / DB_NAME, data_key, check=check)
        except VaultError:
            if not next_path.exists():
                raise
            pending = KeyFile.load(next_path)
            data_key, private_key, slot = pending.unlock(name, password, file=next_path)
            conn = database.connect(folder / DB_NAME, data_key, check=check)
            os.replace(next_path, folder / KEYFILE_NAME)
            fsync_folder(folder)
            return conn, pending, data_key, private_key, slot
        next_path.unlink(missing_ok=True)  # a re-key that never reached the database
        return conn, keyfile, data_key, private_key, slot

    def _attach_audit_head(self) -> None:
        """Check the audit head before this unlock adds entries; start one in older vaults."""
        self.audit.attach_head(self.folder / HEAD_NAME, expected=self.keyfile.audit_head)
        if not self.keyfile.audit_head and self.audit.head_problem is None:
            # Head first, then the flag: a crash between leaves a head the next unlock accepts.
            self.audit.write_head()
            self.store_keyfile(replace(self.keyfile, audit_head=True).signed(self.data_key))

    def _record_unlock(self) -> None:
        path = self.folder / FAILURES_NAME
        failures: list = []
        if path.exists():
            try:
                failures = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                failures = []
        with transaction(self._conn):
            if isinstance(failures, list) and failures:
                accounts = sorted(
                    {
                        str(f.get("account"))
                        for f in failures
                        if isinstance(f, dict) and f.get("account")
                    }
                )
                times = [str(f.get("at")) for f in failures if isinstance(f, dict)]
                self.audit.record(
                    "unlock.failed",
                    None,
                    {
                        "count": len(failures),
                        "accounts": accounts,
                        "first": min(times, default=None),
                        "last": max(times, default=None),
                    },
                    actor="-",
                )
            self.audit.record("unlock")
        path.unlink(missing_ok=True)

    # -- life cycle -----------------------------------------------------------

    def close(self) -> None:
        """Checkpoint and close; the vault object is unusable afterwards."""
        if self._conn is None:
            return
        try:
            self.audit.detach_head()
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self._conn.close()
            self._conn = None
            self.data_key = b""
            self.private_key = None
            # Repositories held the connection: make late calls (a worker finishing
            # after F12) fail with a message, not a sqlite traceback.
            for repository in (
                self.audit,
                self.settings,
                self.cases,
                self.screenings,
                self.users,
                self.services,
                self.referrals,
                self.statistics,
                self.outbox,
                self.sync_config,
            ):
                repository._conn = _Locked()

    @property
    def is_open(self) -> bool:
        """False once the vault was closed (locked)."""
        return self._conn is not None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def connection(self):
        """The open connection, for storage code and tests only."""
        if self._conn is None:
            raise VaultError(_("the vault is locked; unlock it again to go on"))
        return self._conn

    # -- keys (storage-internal) ----------------------------------------------

    def store_keyfile(self, keyfile: KeyFile) -> None:
        keyfile.save(self.folder / KEYFILE_NAME)
        self.keyfile = keyfile

    def rotate_data_key(self, keyfile: KeyFile) -> None:
        """Re-key the database under a new data key sealed to `keyfile`'s slots.

        The next key file is written first, so a crash between the re-key and
        the rename is recovered at the next unlock (see `_connect`).
        """
        new_key = os.urandom(32)
        pending = keyfile.resealed(new_key, bump=True)
        write_atomic(self.folder / NEXT_KEYFILE_NAME, pending.to_bytes())
        database.rekey(self._conn, new_key)
        os.replace(self.folder / NEXT_KEYFILE_NAME, self.folder / KEYFILE_NAME)
        fsync_folder(self.folder)
        self.keyfile = pending
        self.data_key = new_key
        self.audit.rekeyed(new_key)
        self.audit.record("vault.rekey", None, {"generation": pending.generation})
        database.compact(self._conn)

    # -- checks, info, backup, purge ------------------------------------------

    def check_pages(self) -> None:
        """Check every database page's MAC on a connection of its own; VaultError if altered.

        Safe to run in a worker thread while the vault is in use: it shares no
        connection with the repositories.
        """
        if not self.is_open:
            raise VaultError(_("the vault is locked; unlock it again to go on"))
        database.connect(self.folder / DB_NAME, self.data_key, check=True).close()

    def verify(self) -> VerifyReport:
        """SQLCipher's page check, SQLite's integrity check, the audit chain and its head."""
        problems = database.integrity_problems(self._conn)
        head_problem = self.audit.verify_head()
        if head_problem is not None:
            problems.append(head_problem)
        return VerifyReport(problems, self.audit.verify())

    def info(self) -> dict[str, object]:
        """Facts about the vault for `waystation vault info` (no case content)."""
        count = lambda table: self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731, S608
        return {
            "folder": str(self.folder),
            "schema_version": migrations.version(self._conn),
            "key_generation": self.keyfile.generation,
            "users": len(self.keyfile.slots),
            "cases": count("cases"),
            "screenings": count("screenings"),
            "audit_entries": count("audit"),
            "cipher_version": self._conn.execute("PRAGMA cipher_version").fetchone()[0],
        }

    def backup(self, out: Path | str) -> Path:
        """Write one encrypted backup file to `out` (admins and supervisors); audited."""
        require(self.user.role, Permission.BACKUP)
        out = Path(out)
        if out.exists() and out.is_dir():
            raise UsageError(
                _("{path} is a folder; give a file name for the backup").format(path=out)
            )
        if not out.parent.is_dir():
            raise NotFound(_("no folder {path} to write the backup into").format(path=out.parent))
        copy = out.with_name(out.name + ".db.tmp")
        copy.unlink(missing_ok=True)
        try:
            with database.WRITE_LOCK:  # the head must describe the copy exactly
                database.export_copy(self._conn, copy, self.data_key, shown_as=out)
                head = self.audit.head_bytes()
            write_container(out, self.keyfile.to_bytes(), copy, audit_head=head)
        finally:
            copy.unlink(missing_ok=True)
        self.audit.record("vault.backup")
        return out

    @staticmethod
    def restore(backup_file: Path | str, dest_dir: Path | str) -> Path:
        """Unpack a backup into `dest_dir` (missing or empty); open it with a password later."""
        source = Path(backup_file)
        folder = Path(dest_dir)
        keyfile_bytes, db_bytes, head_bytes = read_container(source)
        KeyFile.from_bytes(keyfile_bytes, file=source)
        if not _missing_or_empty(folder):
            raise UsageError(
                _("{path} is not an empty folder; restore into a new folder").format(path=folder)
            )
        _make_folder(folder)
        write_atomic(folder / DB_NAME, db_bytes)
        if head_bytes:
            write_atomic(folder / HEAD_NAME, head_bytes)
        write_atomic(folder / KEYFILE_NAME, keyfile_bytes)
        _secure_folder(folder)
        return folder

    def purge(self) -> int:
        """`waystation vault purge`: delete expired closed cases now (admins only)."""
        require(self.user.role, Permission.PURGE)
        return self.cases.purge_expired()
