"""`vault.cases`: pseudonymous cases, filtered by the acting user's role.

A screener sees only cases they created; asking for another screener's case
raises NotFound with the same message as a case that does not exist, so even
the existence of other cases is not revealed.
"""

# SQL text is built only from fixed column lists and `?` placeholders, never from input.
# ruff: noqa: S608

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from app.domain.errors import NotFound, UsageError
from app.domain.models import Case, CaseStatus
from app.domain.roles import Permission, can, require
from app.i18n import _
from app.storage.case_overview import CaseListQueries
from app.storage.database import Connection, compact, now_text, parse_time, transaction
from app.storage.outbox import queue_withdrawal_notices

# No 0/O, 1/I/L, so a code read aloud or copied by hand stays unambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_COLUMNS = "id, reference, name, created_by, created, updated, status, closed_at"


def new_reference() -> str:
    """A random reference code like WS-7K3M-9Q."""
    chars = [secrets.choice(REFERENCE_ALPHABET) for _ in range(6)]
    return "WS-" + "".join(chars[:4]) + "-" + "".join(chars[4:])


def _case(row) -> Case:
    return Case(
        id=row[0],
        reference=row[1],
        name=row[2],
        created_by=row[3],
        created=parse_time(row[4]),
        updated=parse_time(row[5]),
        status=CaseStatus(row[6]),
        closed_at=parse_time(row[7]),
    )


class Cases(CaseListQueries):
    """create, get, by_reference, list, update, close, reopen, delete, withdraw_consent.

    Closing starts the retention clock (`deletion_due`); withdrawing consent
    deletes at once. Every action is checked against the acting user's role
    like a read: a screener acts on their own cases only.
    """

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    # -- access ---------------------------------------------------------------

    def _sees_all(self) -> bool:
        return can(self._vault.user.role, Permission.VIEW_ALL_CASES)

    def _row(self, case_id: int):
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM cases WHERE id = ?",
            (int(case_id),),
        ).fetchone()
        if row is None or not (self._sees_all() or row[3] == self._vault.user.name):
            raise NotFound(_("no case with id {id}").format(id=case_id))
        return row

    def check_access(self, case_id: int) -> Case:
        """The case if the acting user may see it (NotFound otherwise), without auditing."""
        return _case(self._row(case_id))

    # -- reading --------------------------------------------------------------

    def get(self, case_id: int) -> Case:
        """A case the acting user may see; the view is audited."""
        case = _case(self._row(case_id))
        self._vault.audit.record("case.view", case.id)
        return case

    def by_reference(self, reference: str) -> Case:
        row = self._conn.execute(
            "SELECT id FROM cases WHERE reference = ?", (reference.strip().upper(),)
        ).fetchone()
        if row is None:
            raise NotFound(_("no case with reference {ref}").format(ref=reference))
        try:
            return self.get(row[0])
        except NotFound:
            raise NotFound(_("no case with reference {ref}").format(ref=reference)) from None

    def list(self, *, status: CaseStatus | str | None = None) -> list[Case]:
        """Cases the acting user may see, newest first."""
        sql = f"SELECT {_COLUMNS} FROM cases WHERE 1 = 1"
        params: list[object] = []
        if not self._sees_all():
            sql += " AND created_by = ?"
            params.append(self._vault.user.name)
        if status is not None:
            sql += " AND status = ?"
            params.append(CaseStatus(status).value)
        sql += " ORDER BY created DESC, id DESC"
        return [_case(row) for row in self._conn.execute(sql, params)]

    def _owner(self) -> str | None:
        """The account whose cases the acting user sees; None: everyone's."""
        return None if self._sees_all() else self._vault.user.name

    # -- writing --------------------------------------------------------------

    def _check_name(self, name: str | None) -> str | None:
        if name is None or not name.strip():
            return None
        if not self._vault.settings.get("names_enabled"):
            raise UsageError(
                _("names are switched off for this vault; use the reference code instead")
            )
        return name.strip()

    def create(self, *, name: str | None = None) -> Case:
        """A new open case owned by the acting user, with a fresh reference code."""
        name = self._check_name(name)
        now = now_text()
        with transaction(self._conn):
            for _attempt in range(20):
                reference = new_reference()
                exists = self._conn.execute(
                    "SELECT 1 FROM cases WHERE reference = ?", (reference,)
                ).fetchone()
                if not exists:
                    break
            cursor = self._conn.execute(
                "INSERT INTO cases (reference, name, created_by, created, updated, status) "
                "VALUES (?, ?, ?, ?, ?, 'open')",
                (reference, name, self._vault.user.name, now, now),
            )
            case_id = cursor.lastrowid
            self._vault.audit.record("case.create", case_id)
        return self.check_access(case_id)

    def update(
        self, case_id: int, *, name: str | None = None, status: CaseStatus | str | None = None
    ) -> Case:
        """Change the name (when names are on) or the status; audited as an edit.

        A change of status is a `close` or a `reopen`, with their checks and audit.
        """
        case = self.check_access(case_id)
        fields: dict[str, object] = {}
        if name is not None:
            fields["name"] = self._check_name(name)
        if status is not None:
            status = CaseStatus(status)
            if status is not case.status:
                case = self.close(case.id) if status is CaseStatus.CLOSED else self.reopen(case.id)
            else:
                fields["status"] = status.value
        if not fields:
            return case
        fields["updated"] = now_text()
        assignments = ", ".join(f"{key} = ?" for key in fields)
        with transaction(self._conn):
            self._conn.execute(
                f"UPDATE cases SET {assignments} WHERE id = ?",
                (*fields.values(), case.id),
            )
            self._vault.audit.record(
                "case.edit", case.id, {"fields": sorted(k for k in fields if k != "updated")}
            )
        return self.check_access(case.id)

    def check_open(self, case_id: int) -> Case:
        """The case if the acting user may see it and it is open; UsageError if closed."""
        case = self.check_access(case_id)
        if case.status is CaseStatus.CLOSED:
            raise UsageError(
                _("case {ref} is closed; reopen it to go on with it").format(ref=case.reference)
            )
        return case

    def deletion_due(self, case: Case) -> datetime | None:
        """When a closed case will be deleted under the retention setting (None: open)."""
        if case.status is not CaseStatus.CLOSED or case.closed_at is None:
            return None
        return case.closed_at + timedelta(days=int(self._vault.settings.get("retention_days")))

    def close(self, case_id: int) -> Case:
        """Close an open case: its screenings end where they are, and the retention clock
        starts (see `deletion_due`); audited with the day it will be deleted."""
        case = self.check_access(case_id)
        if case.status is CaseStatus.CLOSED:
            raise UsageError(_("case {ref} is closed already").format(ref=case.reference))
        return self._set_status(case, CaseStatus.CLOSED, "case.close")

    def reopen(self, case_id: int) -> Case:
        """Open a closed case again: it is no longer due for deletion; audited."""
        case = self.check_access(case_id)
        if case.status is CaseStatus.OPEN:
            raise UsageError(_("case {ref} is open already").format(ref=case.reference))
        return self._set_status(case, CaseStatus.OPEN, "case.reopen")

    def _set_status(self, case: Case, status: CaseStatus, action: str) -> Case:
        now = now_text()
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE cases SET status = ?, closed_at = ?, updated = ? WHERE id = ?",
                (status.value, now if status is CaseStatus.CLOSED else None, now, case.id),
            )
            changed = self.check_access(case.id)
            due = self.deletion_due(changed)
            self._vault.audit.record(
                action, case.id, {"deletion_due": due.date().isoformat() if due else None}
            )
        return changed

    def delete(self, case_id: int, *, reason: str = "deleted", also=None) -> dict[str, int]:
        """Delete a case with its screenings, answers, outcomes and referrals, for real.

        `also(conn, [case_id])` runs first in the same transaction; its counts are audited.
        Returns how many of each were deleted (also in the audit entry).
        """
        case = self.check_access(case_id)
        with transaction(self._conn):
            counts = also(self._conn, [case.id]) if also else {}
            counts.update(_delete_cases(self._conn, [case.id]))
            self._vault.audit.record("case.delete", case.id, {"reason": reason, **counts})
        compact(self._conn)
        return counts

    def withdraw_consent(self, case_id: int) -> dict[str, int]:
        """The respondent withdrew consent: the case and everything in it go at once.

        The one place a withdrawal happens (the desktop and `waystation case
        withdraw` call it). What was already sent to the ODK Central server is
        owed a withdrawal notice, queued in the same transaction as the deletion
        (app/storage/outbox.py). Returns the counts deleted: cases, screenings,
        answers, referrals (packets already sent are not recalled by this).
        """
        return self.delete(case_id, reason="consent_withdrawn", also=queue_withdrawal_notices)

    def purge_expired(self, *, days: int | None = None, now: datetime | None = None) -> int:
        """Delete closed cases closed more than `days` (retention setting) ago; how many.

        Runs at every unlock whatever the role, and from `waystation vault purge`.
        """
        days = int(days if days is not None else self._vault.settings.get("retention_days"))
        cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat(
            timespec="microseconds"
        )
        ids = [
            row[0]
            for row in self._conn.execute(
                "SELECT id FROM cases WHERE status = 'closed' AND closed_at IS NOT NULL "
                "AND closed_at < ?",
                (cutoff,),
            )
        ]
        if not ids:
            return 0
        with transaction(self._conn):
            counts = _delete_cases(self._conn, ids)
            self._vault.audit.record("retention.purge", None, {"days": days, **counts})
        compact(self._conn)
        return len(ids)

    def require_purge(self) -> None:
        require(self._vault.user.role, Permission.PURGE)


def _delete_cases(conn: Connection, ids: list[int]) -> dict[str, int]:
    marks = ",".join("?" * len(ids))
    screening_ids = f"SELECT id FROM screenings WHERE case_id IN ({marks})"
    counts = {
        "answers": conn.execute(
            f"SELECT count(*) FROM answers WHERE screening_id IN ({screening_ids})",
            ids,
        ).fetchone()[0],
        "screenings": conn.execute(
            f"SELECT count(*) FROM screenings WHERE case_id IN ({marks})",
            ids,
        ).fetchone()[0],
        "referrals": conn.execute(
            f"SELECT count(*) FROM referrals WHERE screening_id IN ({screening_ids})",
            ids,
        ).fetchone()[0],
    }
    # Explicit deletes (not only ON DELETE CASCADE) so nothing depends on the pragma.
    conn.execute(
        "DELETE FROM referral_events WHERE referral_id IN "
        f"(SELECT id FROM referrals WHERE screening_id IN ({screening_ids}))",
        ids,
    )
    conn.execute(f"DELETE FROM person_profiles WHERE case_id IN ({marks})", ids)
    for table in ("answers", "outcomes", "referrals"):
        conn.execute(f"DELETE FROM {table} WHERE screening_id IN ({screening_ids})", ids)
    conn.execute(f"DELETE FROM screenings WHERE case_id IN ({marks})", ids)
    conn.execute(f"DELETE FROM cases WHERE id IN ({marks})", ids)
    counts["cases"] = len(ids)
    return counts
