"""`vault.cases`: pseudonymous cases, filtered by the acting user's role.

A screener sees only cases they created; asking for another screener's case
raises NotFound with the same message as a case that does not exist, so even
the existence of other cases is not revealed.
"""

# SQL text is built only from fixed column lists and `?` placeholders, never from input.
# ruff: noqa: S608

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain.errors import NotFound, UsageError
from app.domain.models import Case, CaseStatus
from app.domain.roles import Permission, can, require
from app.i18n import N_, _
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


class Cases:
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

    def _overview_sql(
        self,
        search: str,
        status: str | None,
        forms: Mapping[str, Any] | None,
        *,
        by_activity: bool = False,
    ) -> tuple[str, list[object], _Titles]:
        titles = _Titles(forms)
        term = search.strip().casefold()
        clause, more, titled = titles.search(term) if term else ("", [], False)
        # Two plans. Walking the cases by last activity stops after one page,
        # which is quick while many cases match; when few can, it visits nearly
        # every case in no order of their pages (80 ms with 20,000 cases), and
        # reading them in storage order and sorting the few matches is quicker
        # (40 ms). Same rows either way: only the plan differs.
        walk = by_activity and not (term and not titled and self._few_match(term))
        sql = (_OVERVIEW if walk else _OVERVIEW_IN_STORAGE_ORDER) + " WHERE 1 = 1"
        params: list[object] = []
        if not self._sees_all():
            sql += " AND c.created_by = ?"
            params.append(self._vault.user.name)
        if status == "open":
            sql += " AND " + status_condition(OPEN_STATUSES)
        elif status:
            if status not in STATUS_TITLES:
                raise UsageError(
                    _("unknown case status {status}; use one of: {known}").format(
                        status=status, known=", ".join(["open", *STATUS_TITLES])
                    )
                )
            sql += " AND " + status_condition([status])
        if term:
            sql += " AND " + clause
            params += more
        return sql, params, titles

    def _few_match(self, term: str) -> bool:
        """True when `term` is in no account name and in the references of less than a page.

        An estimate for choosing the plan (reading the reference index only):
        interviewers are accounts, and titles were matched before.
        """
        names = self._conn.execute("SELECT name FROM users").fetchall()
        if any(term in name.casefold() for (name,) in names):
            return False
        hits = self._conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM cases WHERE reference LIKE ? ESCAPE '\\' LIMIT ?)",
            (_like(term), _FEW),
        ).fetchone()[0]
        return hits < _FEW

    def overview(
        self,
        search: str = "",
        status: str | None = None,
        sort: str = "last_activity",
        descending: bool = True,
        offset: int = 0,
        limit: int = 200,
        *,
        forms: Mapping[str, Any] | None = None,
    ) -> list[CaseOverview]:
        """One page of the case list: visible cases with their latest screening.

        `search` matches the reference, the interviewer, and the questionnaire,
        outcome and status as titled in the current UI language (titles from
        `forms`, the loaded questionnaires by id; without them, their ids).
        Case is ignored for titles, and for ASCII letters in references and
        names (SQL LIKE). The date is not searched. `status` is a STATUS_TITLES
        key or "open" (to continue). `sort` is one of SORT_KEYS; titled columns
        sort by their shown title. Filtering, sorting and paging happen in SQL;
        by last activity (the default) a page walks an index and stops, so the
        first page of 20,000 cases costs about what it costs with 20. Not
        audited, like `list()`: no answers are read.
        """
        if sort not in SORT_KEYS:
            raise UsageError(
                _("unknown sort key {sort}; use one of: {known}").format(
                    sort=sort, known=", ".join(SORT_KEYS)
                )
            )
        sql, params, titles = self._overview_sql(
            search, status, forms, by_activity=sort == "last_activity"
        )
        order, order_params = titles.order(sort, descending)
        sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
        params += [*order_params, max(int(limit), 0), max(int(offset), 0)]
        return [
            CaseOverview(
                case_id=row[0],
                reference=row[1],
                screening_id=row[2],
                status=row[7],
                form_id=row[3],
                outcome_level=row[4],
                last_activity=parse_time(row[5]),
                interviewer=row[6],
                outcome_decision=row[8],
            )
            for row in self._conn.execute(sql, params)
        ]

    def count(
        self,
        search: str = "",
        status: str | None = None,
        *,
        forms: Mapping[str, Any] | None = None,
    ) -> int:
        """How many cases `overview` would list with the same filters, over all pages."""
        sql, params, _titles = self._overview_sql(search, status, forms)
        return int(self._conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])

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
    for table in ("answers", "outcomes", "referrals"):
        conn.execute(f"DELETE FROM {table} WHERE screening_id IN ({screening_ids})", ids)
    conn.execute(f"DELETE FROM screenings WHERE case_id IN ({marks})", ids)
    conn.execute(f"DELETE FROM cases WHERE id IN ({marks})", ids)
    counts["cases"] = len(ids)
    return counts


# -- the case list: one page of cases with their latest screening --------------

# What the case list shows for each state of a case's latest screening. "none":
# no screening yet; "refused": stopped because consent to screen was refused.
STATUS_TITLES = {
    "none": N_("not started"),
    "draft": N_("in progress"),
    "paused": N_("paused"),
    "completed": N_("completed"),
    "stopped": N_("stopped"),
    "refused": N_("consent refused"),
}
# The "to continue" filter: interviews that can go on, and cases not started.
OPEN_STATUSES = ("none", "draft", "paused")
SORT_KEYS = ("reference", "status", "form", "outcome", "last_activity", "interviewer")


@dataclass(frozen=True)
class CaseOverview:
    """One line of the case list: a case and its latest screening (if any).

    `status` is one of STATUS_TITLES; `outcome_level` and `outcome_decision`
    are set only for a completed screening with a stored outcome (the decision
    may be None for a level no shipped form knew, see migration 6).
    """

    case_id: int
    reference: str
    screening_id: int | None
    status: str
    form_id: str | None
    outcome_level: str | None
    last_activity: datetime | None
    interviewer: str
    outcome_decision: str | None = None  # a domain.models.Decision value, with the level


# The latest screening of a case: greatest `updated`, the earliest started on a
# tie (the same choice as screenings.latest_by_case). Migrations 4 and 5 give
# indexes holding every column read here, so no table but `cases` is read, and
# the default order (last activity, kept by triggers) walks an index and stops
# after one page. INDEXED BY: left to itself SQLite reads the outcome level
# through the outcomes rowid, i.e. the table's pages with each result's JSON
# (250 ms for 16,000 outcomes instead of 2 ms), and screenings through theirs.
_OVERVIEW = """
SELECT c.id, c.reference, s.id, s.form_id, o.level,
       c.last_activity AS activity,
       COALESCE(s.interviewer, c.created_by) AS shown_interviewer,
       CASE WHEN s.id IS NULL THEN 'none'
            WHEN s.status = 'stopped' AND s.consent_screen = 0 AND s.consent_at IS NOT NULL
            THEN 'refused'
            ELSE s.status END AS shown_status,
       o.decision
FROM cases c
LEFT JOIN screenings s INDEXED BY screenings_case_latest_cover ON s.case_id = c.id AND s.id = (
    SELECT l.id FROM screenings l INDEXED BY screenings_case_latest_cover WHERE l.case_id = c.id
    ORDER BY l.updated DESC, l.started, l.id LIMIT 1)
LEFT JOIN outcomes o INDEXED BY outcomes_level
    ON o.screening_id = s.id AND s.status = 'completed'
"""
# For every other order, and for searches few cases match: read cases in storage order.
_OVERVIEW_IN_STORAGE_ORDER = _OVERVIEW.replace("FROM cases c\n", "FROM cases c NOT INDEXED\n")
_FEW = 200  # fewer matching references than this: a search reads cases in storage order


_REFUSED = "(s.status = 'stopped' AND s.consent_screen = 0 AND s.consent_at IS NOT NULL)"


def status_condition(statuses) -> str:
    """SQL true for a row whose shown status is one of `statuses` (STATUS_TITLES keys).

    Spelled on the stored columns, not on the shown_status CASE, which SQLite
    would evaluate for every case.
    """
    parts = []
    plain = [status for status in statuses if status in ("draft", "paused", "completed")]
    if plain:
        parts.append("s.status IN (" + ", ".join(f"'{status}'" for status in plain) + ")")
    if "none" in statuses:
        parts.append("s.id IS NULL")
    if "refused" in statuses:
        parts.append(_REFUSED)
    if "stopped" in statuses:
        parts.append(f"(s.status = 'stopped' AND NOT {_REFUSED})")
    return "(" + (" OR ".join(parts) or "0") + ")"


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + escaped + "%"


def _marks(values) -> str:
    return ",".join("?" * len(values))


class _Titles:
    """The titles the case list shows, in the current UI language, from the loaded forms."""

    def __init__(self, forms: Mapping[str, Any] | None) -> None:
        from app.i18n import current_language, form_text

        lang = current_language()
        self.forms: dict[str, str] = {}
        self.outcomes: dict[str, str] = {}  # "form_id/level" -> title
        for form_id, form in (forms or {}).items():
            self.forms[form_id] = form_text(lang, form.title)
            for rule in form.outcomes:
                self.outcomes[form_id + "/" + rule.id] = form_text(lang, rule.title)
        self.statuses = {status: _(title) for status, title in STATUS_TITLES.items()}

    @staticmethod
    def _containing(titles: dict[str, str], term: str) -> list[str]:
        return [key for key, title in titles.items() if term in title.casefold()]

    @staticmethod
    def _rank(titles: dict[str, str]) -> list[str]:
        return sorted(titles, key=lambda key: (titles[key].casefold(), key))

    def search(self, term: str) -> tuple[str, list[object], bool]:
        """A WHERE clause matching `term` in any shown text but the date, with its parameters.

        Translated titles are matched here, in Python, and become `IN (...)`
        lists of ids: SQL sees ids, never titles. Only the terms that can match
        go into the clause: each costs a test per case (20,000 per keystroke).
        Also says whether any title matched.
        """
        pattern = _like(term)
        terms = ["c.reference LIKE ? ESCAPE '\\'", "shown_interviewer LIKE ? ESCAPE '\\'"]
        params: list[object] = [pattern, pattern]
        forms = self._containing(self.forms, term)
        if forms:
            terms.append(f"s.form_id IN ({_marks(forms)})")
            params += forms
        outcomes = self._containing(self.outcomes, term)
        if outcomes:
            terms.append(f"(s.form_id || '/' || o.level) IN ({_marks(outcomes)})")
            params += outcomes
        statuses = self._containing(self.statuses, term)
        if statuses:
            terms.append(status_condition(statuses))
        if not self.forms:
            # Without the questionnaires the list shows ids, so ids are what is matched.
            terms.append("s.form_id LIKE ? ESCAPE '\\' OR o.level LIKE ? ESCAPE '\\'")
            params += [pattern, pattern]
        titled = len(terms) > 2
        return "(" + " OR ".join(terms) + ")", params, titled

    def order(self, sort: str, descending: bool) -> tuple[str, list[object]]:
        """An ORDER BY of shown titles (as ranks), newest activity breaking ties."""
        direction = " DESC" if descending else ""
        params: list[object] = []
        if sort == "reference":
            key = "c.reference"
        elif sort == "interviewer":
            key = "shown_interviewer"
        elif sort == "last_activity":
            return f"c.last_activity{direction}, c.id{direction}", params
        else:
            titles, column = {
                "status": (self.statuses, "shown_status"),
                "form": (self.forms, "s.form_id"),
                "outcome": (self.outcomes, "s.form_id || '/' || o.level"),
            }[sort]
            ranked = self._rank(titles)
            rank = str(len(ranked))
            if ranked:
                whens = " ".join("WHEN ? THEN ?" for _key in ranked)
                rank = f"CASE {column} {whens} ELSE {len(ranked)} END"
                for number, title_key in enumerate(ranked):
                    params += [title_key, number]
            # No value ("" on screen) first, unknown ids after the known titles.
            key = f"CASE WHEN {column} IS NULL THEN -1 ELSE {rank} END{direction}, {column}"
        return f"{key}{direction}, c.last_activity DESC, c.id DESC", params
