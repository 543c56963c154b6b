"""The audit trail: who did what to which record, when; never answer content.

Entries form a chain: each MAC covers the previous entry's MAC and the entry's
own fields, keyed from the data key, so an entry edited or removed by someone
holding the database key is found by `verify()` (which names the first bad one).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from collections.abc import Callable
from pathlib import Path

from app.domain.audit_csv import matches, write_audit_csv
from app.domain.errors import VaultError, WaystationError
from app.domain.models import AuditEntry
from app.domain.roles import Permission, require
from app.i18n import _
from app.storage import audit_head
from app.storage.audit_head import Head
from app.storage.database import Database, after_commit, now_text, parse_time, transaction
from app.storage.keyfile import subkey


def _canonical(
    entry_id: int, at: str, actor: str, action: str, record: str | None, detail: str
) -> bytes:
    return json.dumps([entry_id, at, actor, action, record, detail], separators=(",", ":")).encode(
        "utf-8"
    )


# Marks the MAC of an entry found broken when the chain was re-keyed.
BROKEN = "broken:"


def _mac(key: bytes, previous: str, entry_id, at, actor, action, record, detail) -> str:
    content = previous.encode("utf-8") + _canonical(entry_id, at, actor, action, record, detail)
    return hmac.new(key, content, hashlib.sha256).hexdigest()


def rechain(conn: Database, old_data_key: bytes, new_data_key: bytes) -> Head:
    """Re-MAC every entry under `new_data_key` (inside the caller's transaction).

    Used on the re-keyed copy of the database before it replaces the old one.
    Each entry is first checked under the old key. One that no longer matched
    (edited, or after a removed entry) gets a MAC that cannot match under the
    new key either ("broken:" + its old MAC), so `verify()` still names it after
    the re-key. Refusing instead would block removing a worker's access because
    the log was tampered with, perhaps by that very worker. Returns the new head.
    """
    old_key = subkey(old_data_key, "audit-chain")
    new_key = subkey(new_data_key, "audit-chain")
    old_previous = new_previous = ""
    rows = conn.execute(
        "SELECT id, at, actor, action, record, detail, mac FROM audit ORDER BY id"
    ).fetchall()
    for row in rows:
        stored = str(row[6])
        expected = _mac(old_key, old_previous, *row[:6])
        if hmac.compare_digest(expected, stored):
            mac = _mac(new_key, new_previous, *row[:6])
        else:
            mac = stored if stored.startswith(BROKEN) else BROKEN + stored
        conn.execute("UPDATE audit SET mac = ? WHERE id = ?", (mac, row[0]))
        old_previous, new_previous = stored, mac
    return audit_head.current(conn)


class AuditLog:
    """`vault.audit`: record, entries, verify; and the head file that follows the chain."""

    def __init__(
        self, conn: Database, data_key: bytes, actor: Callable[[], tuple[str, str]]
    ) -> None:
        self._conn = conn
        self._key = subkey(data_key, "audit-chain")
        self._data_key = data_key
        self._actor = actor
        self._head: audit_head.HeadFile | None = None
        # Set when the head file disagreed with the database at unlock: the head
        # is then never rewritten, so every later verify still reports it.
        self.head_problem: str | None = None
        self._head_dirty = False
        self._last: audit_head.Head | None = None  # last entry as of the last commit
        self._unsynced: audit_head.Head | None = None  # the newest head not yet fsynced

    # -- the head file (audit_head.py) ------------------------------------------

    def attach_head(
        self, path: Path, *, expected: bool, db_commits: int | None, head_synced: int
    ) -> tuple[int, int] | None:
        """Check the head file against the database, then keep it current after commits.

        Returns the commits the head saw that the database lacks (first, last),
        or None; other disagreements are kept in `head_problem`.
        """
        self._head = audit_head.HeadFile(path, self._data_key)
        reading = self._head.read()
        lost = audit_head.lost_commits(reading, db_commits)
        if lost is None:
            self.head_problem = audit_head.problem(
                reading,
                path,
                self._conn,
                expected=expected,
                db_commits=db_commits,
                head_synced=head_synced,
            )
        after_commit(self._conn, self._after_commit)
        return lost

    def detach_head(self) -> None:
        """Make the last head durable and stop following commits (on close).

        Only needed when the last head was written without fsync (after answers);
        a failure loses nothing (the head may lag, which the checks accept).
        """
        if self._head is None:
            return
        after_commit(self._conn, None)
        if self._unsynced is not None and self.head_problem is None:
            with contextlib.suppress(WaystationError, OSError):
                self._head.write(self._unsynced, synced=True)
        self._head.reopen()
        self._head = None

    def write_head(self, commits: int | None) -> None:
        """Write the head for the database as it is now, fsynced (not when a problem was found)."""
        if self._head is None or self.head_problem is not None:
            return
        self._head.write(audit_head.current(self._conn, commits), synced=True)
        self._head_dirty = False
        if commits is not None:
            self._conn.head_synced = commits

    def head_bytes(self, commits: int | None) -> bytes:
        """The head to ship in a backup: the stored one if it shows a problem, else the current."""
        if self.head_problem is not None:
            reading = self._head.read() if self._head else None
            if reading is None or reading.head is None:
                return b""
            return audit_head.to_bytes(reading.head, self._data_key)
        return audit_head.to_bytes(audit_head.current(self._conn, commits), self._data_key)

    def head_to_carry(self, fresh: Head) -> Head | None:
        """The head a re-keyed copy gets: `fresh`, or the stored one if it showed a problem.

        A problem found at unlock must survive the re-key, so the stored head is
        carried over as it is (None: there is no authentic one to carry).
        """
        if self.head_problem is None:
            return fresh
        reading = self._head.read() if self._head else None
        return reading.head if reading is not None else None

    def verify_head(self, db_commits: int | None, head_synced: int) -> str | None:
        """What is wrong between the head file and the database now, or None."""
        if self.head_problem is not None or self._head is None:
            return self.head_problem
        reading = self._head.read()
        return audit_head.problem(
            reading,
            self._head.path,
            self._conn,
            expected=True,
            db_commits=db_commits,
            head_synced=head_synced,
        )

    def _after_commit(self, commits: int) -> None:
        if self._head is None or self.head_problem is not None:
            return
        synced = self._head_dirty
        # The transaction is committed already: a head that cannot be written lags
        # behind the database, which the checks accept, so the action still succeeds.
        try:
            if synced or self._last is None:
                self._last = audit_head.current(self._conn)
            head = audit_head.Head(self._last.last_id, self._last.last_mac, commits)
            self._head.write(head, synced=synced)
        except (WaystationError, OSError):
            return
        if synced:
            self._head_dirty = False
            self._unsynced = None
            self._conn.head_synced = commits
        else:
            self._unsynced = head

    # -- keys --------------------------------------------------------------------

    def reopen_head(self) -> None:
        """The head file was replaced (a re-key): write to the new one from now on."""
        if self._head is not None:
            self._head.reopen()

    def use_data_key(self, data_key: bytes) -> None:
        """Chain and head under a new data key (after the re-keyed file replaced the old)."""
        self._key = subkey(data_key, "audit-chain")
        self._data_key = data_key
        self._last = None
        if self._head is not None:
            self._head.use_key(data_key)

    def forget_keys(self) -> None:
        """Drop every key (on close): a late call can no longer MAC anything."""
        self._key = b""
        self._data_key = b""
        if self._head is not None:
            self._head.forget_key()

    # -- the chain -------------------------------------------------------------

    def _mac(self, previous: str, entry_id, at, actor, action, record, detail) -> str:
        if not self._key:
            raise VaultError(_("the vault is locked; unlock it again to go on"))
        return _mac(self._key, previous, entry_id, at, actor, action, record, detail)

    def record(
        self,
        action: str,
        record: object = None,
        detail: dict | None = None,
        *,
        actor: str | None = None,
    ) -> int:
        """Append an entry (joins the caller's transaction); its id.

        `detail` holds counts and ids only: never answer values or names of people.
        """
        who = actor if actor is not None else self._actor()[0]
        with transaction(self._conn):
            last = self._conn.execute(
                "SELECT id, mac FROM audit ORDER BY id DESC LIMIT 1"
            ).fetchone()
            entry_id = (last[0] + 1) if last else 1
            previous = last[1] if last else ""
            at = now_text()
            record_text = None if record is None else str(record)
            detail_text = json.dumps(detail or {}, sort_keys=True, separators=(",", ":"))
            mac = self._mac(previous, entry_id, at, who, action, record_text, detail_text)
            self._conn.execute(
                "INSERT INTO audit (id, at, actor, action, record, detail, mac) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (entry_id, at, who, action, record_text, detail_text, mac),
            )
            self._head_dirty = True
        return entry_id

    def entries(self, *, limit: int | None = None, action: str | None = None) -> list[AuditEntry]:
        """Entries, newest first (admins and supervisors only)."""
        require(self._actor()[1], Permission.VIEW_AUDIT)
        sql = "SELECT id, at, actor, action, record, detail, mac FROM audit"
        params: list[object] = []
        if action:
            sql += " WHERE action = ?"
            params.append(action)
        sql += " ORDER BY id DESC"
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [self._entry(row) for row in self._conn.execute(sql, params)]

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM audit").fetchone()[0])

    def export_csv(self, *, action: str | None = None, text: str = "") -> str:
        """The entries (of one `action`, matching `text` as the desktop's filter does) as
        CSV text, for those who may read the trail; the copy itself is audited."""
        entries = [e for e in self.entries(action=action) if matches(e, text)]
        self.record("audit.export", None, {"count": len(entries)})
        return write_audit_csv(entries)

    def verify(self) -> AuditEntry | None:
        """The first entry whose MAC does not match the chain, or None when all do."""
        previous, after = "", -1
        while True:  # in pages, so a long trail is never held in memory at once
            rows = self._conn.execute(
                "SELECT id, at, actor, action, record, detail, mac FROM audit "
                "WHERE id > ? ORDER BY id LIMIT 5000",
                (after,),
            ).fetchall()
            if not rows:
                return None
            for row in rows:
                expected = self._mac(previous, *row[:6])
                if not hmac.compare_digest(expected, str(row[6])):
                    return self._entry(row)
                previous = row[6]
            after = rows[-1][0]

    @staticmethod
    def _entry(row) -> AuditEntry:
        try:
            detail = json.loads(row[5])
        except (TypeError, ValueError):
            detail = {}
        return AuditEntry(
            id=row[0],
            at=parse_time(row[1]),
            actor=row[2],
            action=row[3],
            record=row[4],
            detail=detail if isinstance(detail, dict) else {},
            mac=row[6],
        )
