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
from app.domain.errors import WaystationError
from app.domain.models import AuditEntry
from app.domain.roles import Permission, require
from app.storage import audit_head
from app.storage.database import Connection, after_commit, now_text, parse_time, transaction
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


class AuditLog:
    """`vault.audit`: record, entries, verify."""

    def __init__(
        self, conn: Connection, data_key: bytes, actor: Callable[[], tuple[str, str]]
    ) -> None:
        self._conn = conn
        self._key = subkey(data_key, "audit-chain")
        self._data_key = data_key
        self._actor = actor
        self._head_path: Path | None = None
        # Set when the head file disagreed with the database at unlock: the head
        # is then never rewritten, so every later verify still reports it.
        self.head_problem: str | None = None
        self._head_dirty = False

    # -- the head file (audit_head.py) ------------------------------------------

    def attach_head(self, path: Path, *, expected: bool) -> None:
        """Check the head file against the database, then keep it current after commits."""
        self._head_path = path
        self.head_problem = audit_head.problem(path, self._conn, self._data_key, expected=expected)
        after_commit(self._conn, self._after_commit)

    def detach_head(self) -> None:
        """Write a pending head and stop following commits (on close)."""
        if self._head_path is None:
            return
        if self._head_dirty:
            self._after_commit()
        after_commit(self._conn, None)
        self._head_path = None

    def write_head(self) -> None:
        """Write the head for the database as it is now (not when a problem was found)."""
        if self._head_path is None or self.head_problem is not None:
            return
        audit_head.write(self._head_path, audit_head.current(self._conn), self._data_key)
        self._head_dirty = False

    def head_bytes(self) -> bytes:
        """The head to ship in a backup: the stored one if it shows a problem, else the current."""
        if self.head_problem is not None:
            try:
                return self._head_path.read_bytes() if self._head_path else b""
            except OSError:
                return b""
        return audit_head.to_bytes(audit_head.current(self._conn), self._data_key)

    def verify_head(self) -> str | None:
        """What is wrong between the head file and the database now, or None."""
        if self.head_problem is not None or self._head_path is None:
            return self.head_problem
        return audit_head.problem(self._head_path, self._conn, self._data_key, expected=True)

    def _after_commit(self) -> None:
        if not self._head_dirty:
            return
        # The entry is committed already: a head that cannot be written lags
        # behind the database, which verify accepts, so the action still succeeds.
        with contextlib.suppress(WaystationError):
            self.write_head()

    def _rekey_head(self) -> None:
        if self._head_path is None:
            return
        if self.head_problem is None:
            self.write_head()
            return
        # Carry a found problem forward: the stored head, authenticated under the new key.
        try:
            stored = audit_head.parse(self._head_path.read_bytes())
        except OSError:
            return
        if stored is not None:
            audit_head.write(self._head_path, stored, self._data_key)

    # -- the chain -------------------------------------------------------------

    def rekeyed(self, data_key: bytes) -> None:
        """Use a new data key from now on; earlier entries are re-chained under it.

        Each entry is first checked under the old key. One that no longer matched
        (edited or after a removed entry) gets a MAC that cannot match under the new
        key either ("broken:" + its old MAC), so `verify()` still names it after
        the re-key. Refusing instead would block removing a worker's access
        because the log was tampered with, perhaps by that very worker.
        """
        old_key = self._key
        new_key = subkey(data_key, "audit-chain")
        with transaction(self._conn):
            old_previous = new_previous = ""
            rows = self._conn.execute(
                "SELECT id, at, actor, action, record, detail, mac FROM audit ORDER BY id"
            ).fetchall()
            for row in rows:
                stored = str(row[6])
                expected = _mac(old_key, old_previous, *row[:6])
                if hmac.compare_digest(expected, stored):
                    mac = _mac(new_key, new_previous, *row[:6])
                else:
                    mac = stored if stored.startswith(BROKEN) else BROKEN + stored
                self._conn.execute("UPDATE audit SET mac = ? WHERE id = ?", (mac, row[0]))
                old_previous, new_previous = stored, mac
        self._key = new_key
        self._data_key = data_key
        self._rekey_head()

    def _mac(self, previous: str, entry_id, at, actor, action, record, detail) -> str:
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
        previous = ""
        for row in self._conn.execute(
            "SELECT id, at, actor, action, record, detail, mac FROM audit ORDER BY id"
        ):
            expected = self._mac(previous, *row[:6])
            if not hmac.compare_digest(expected, str(row[6])):
                return self._entry(row)
            previous = row[6]
        return None

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
