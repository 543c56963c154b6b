"""`vault.referrals`: referrals made from screenings, their status and follow-up.

Only the facts of a referral are kept (service, time, sections shared,
urgency, needs, packet hash and reference, language, status, follow-up date,
history): never the packet itself. Access goes through the screening, so a
screener sees only the referrals of their own cases. Every change is in the
audit trail with ids and status words; a note written with a change stays in
the referral's history (encrypted with the rest), never in the audit trail.

Lists for the desktop, the command line and reports (counts by service type
and status, follow-ups due) are in `overview`, `due_count` and `counts`.
"""

# SQL text is built only from fixed column lists and `?` placeholders, never from input.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from app.domain import referral_status as flow
from app.domain.child_protection import Duty
from app.domain.errors import NotFound, UsageError
from app.domain.models import Referral, ReferralEvent, ReferralOverview
from app.domain.referral_status import ReferralStatus
from app.domain.roles import Permission, can
from app.i18n import _
from app.storage.database import Connection, now_text, parse_time, transaction

_COLUMNS = (
    "r.id, r.screening_id, r.service_id, r.created_at, r.created_by, r.sections, r.urgency, "
    "r.needs, r.packet_sha256, r.lang, r.reference, r.status, r.status_at, r.due_on, "
    "r.outcome, r.second_lang, r.forced_language, r.duty_ground, r.duty_child_told, r.duty_note"
)
_WIDTH = len(_COLUMNS.split(","))  # a referral's columns; what a query adds comes after
_OPEN = "(" + ", ".join(f"'{status.value}'" for status in flow.OPEN_STATUSES) + ")"
_FROM = (
    "FROM referrals r JOIN screenings s ON s.id = r.screening_id JOIN cases c ON c.id = s.case_id"
)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _referral(row) -> Referral:
    return Referral(
        id=row[0],
        screening_id=row[1],
        service_id=row[2],
        created_at=parse_time(row[3]),
        created_by=row[4],
        sections=tuple(json.loads(row[5] or "[]")),
        urgency=row[6] or "",
        needs=tuple(json.loads(row[7] or "[]")),
        packet_sha256=row[8] or "",
        lang=row[9] or "",
        reference=row[10] or "",
        status=row[11] or ReferralStatus.PREPARED.value,
        status_at=parse_time(row[12]),
        due_on=_day(row[13]),
        outcome=row[14] or "",
        second_lang=row[15] or "",
        forced_language=bool(row[16]),
        duty_ground=row[17],
        duty_child_told=bool(row[18]),
        duty_note=row[19] or "",
    )


def _event(row) -> ReferralEvent:
    return ReferralEvent(
        id=row[0],
        referral_id=row[1],
        at=parse_time(row[2]),
        actor=row[3],
        status=row[4],
        note=row[5] or "",
        outcome=row[6] or "",
        due_on=_day(row[7]),
    )


class Referrals:
    """record, get, find, list_for_screening, list_for_case, events, set_status, set_due,
    next_references, overview, due_count, counts."""

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    # -- access ---------------------------------------------------------------

    def _visible(self) -> tuple[str, list[object]]:
        """A WHERE condition limiting rows to the cases the acting user may see."""
        if can(self._vault.user.role, Permission.VIEW_ALL_CASES):
            return "1 = 1", []
        return "c.created_by = ?", [self._vault.user.name]

    def _followup_days(self) -> int:
        try:
            return int(self._vault.settings.get("referral_followup_days"))
        except (UsageError, TypeError, ValueError):
            return flow.DEFAULT_FOLLOWUP_DAYS

    # -- recording ------------------------------------------------------------

    def record(
        self,
        screening_id: int,
        *,
        service_id: int,
        sections: tuple[str, ...],
        urgency: str,
        needs: tuple[str, ...],
        packet_sha256: str,
        lang: str,
        reference: str,
        second_lang: str = "",
        forced_language: bool = False,
        today: date | None = None,
        duty: Duty | None = None,
    ) -> Referral:
        """Record a referral (status prepared) made from a screening the acting user may see.

        Its follow-up date is the referral follow-up setting's days from
        `today`. The packet reference must be new (the one printed on the
        packet); audited.
        """
        screening = self._vault.screenings.get(screening_id)
        due = flow.followup_date(
            ReferralStatus.PREPARED, today or date.today(), self._followup_days()
        )
        now = now_text()
        with transaction(self._conn):
            taken = self._conn.execute(
                "SELECT 1 FROM referrals WHERE reference = ?", (reference,)
            ).fetchone()
            if taken:
                raise UsageError(
                    _(
                        "the packet reference {reference} was given to another referral "
                        "meanwhile; prepare the packet again"
                    ).format(reference=reference)
                )
            cursor = self._conn.execute(
                "INSERT INTO referrals (screening_id, service_id, created_at, created_by, "
                "sections, urgency, needs, packet_sha256, lang, reference, status, status_at, "
                "due_on, second_lang, forced_language, duty_ground, duty_child_told, duty_note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    int(screening_id),
                    int(service_id),
                    now,
                    self._vault.user.name,
                    json.dumps(list(sections)),
                    urgency,
                    json.dumps(list(needs)),
                    packet_sha256,
                    lang,
                    reference,
                    ReferralStatus.PREPARED.value,
                    now,
                    due.isoformat() if due else None,
                    second_lang,
                    int(bool(forced_language)),
                    duty.ground if duty else None,
                    int(bool(duty and duty.child_told)),
                    (duty.note or None) if duty else None,
                ),
            )
            referral_id = int(cursor.lastrowid)
            self._add_event(referral_id, now, ReferralStatus.PREPARED, "", "", due)
            self._vault.audit.record(
                "referral.duty" if duty else "referral.create",
                referral_id,
                {
                    "case": screening.case_id,
                    "screening": int(screening_id),
                    "service": int(service_id),
                    "sections": sorted(sections),
                    "sha256": packet_sha256,
                    "lang": lang,
                    "second_lang": second_lang,
                    "forced_language": bool(forced_language),
                    **({"ground": duty.ground, "child_told": duty.child_told} if duty else {}),
                },
            )
        return self._get(referral_id)

    def _add_event(
        self,
        referral_id: int,
        at: str,
        status: ReferralStatus,
        note: str,
        outcome: str,
        due: date | None,
    ) -> None:
        self._conn.execute(
            "INSERT INTO referral_events (referral_id, at, actor, status, note, outcome, due_on) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                referral_id,
                at,
                self._vault.user.name,
                status.value,
                note,
                outcome,
                due.isoformat() if due else None,
            ),
        )

    # -- reading --------------------------------------------------------------

    def _get(self, referral_id: int) -> Referral:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM referrals r WHERE r.id = ?", (int(referral_id),)
        ).fetchone()
        return _referral(row)

    def get(self, referral_id: int) -> Referral:
        """A referral of a case the acting user may see; NotFound otherwise."""
        condition, params = self._visible()
        row = self._conn.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE r.id = ? AND {condition}",
            (int(referral_id), *params),
        ).fetchone()
        if row is None:
            raise NotFound(_("no referral {reference}").format(reference=referral_id))
        return _referral(row)

    def find(self, reference: str) -> Referral:
        """A referral by its packet reference (any case), or by its number; NotFound otherwise."""
        text = reference.strip()
        condition, params = self._visible()
        row = self._conn.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE r.reference = ? COLLATE NOCASE AND {condition}",
            (text, *params),
        ).fetchone()
        if row is None and text.isdigit():
            row = self._conn.execute(
                f"SELECT {_COLUMNS} {_FROM} WHERE r.id = ? AND {condition}",
                (int(text), *params),
            ).fetchone()
        if row is None:
            raise NotFound(_("no referral {reference}").format(reference=text))
        return _referral(row)

    def list_for_screening(self, screening_id: int) -> list[Referral]:
        """Referrals made from a screening the acting user may see, oldest first."""
        self._vault.screenings.get(screening_id)
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM referrals r WHERE r.screening_id = ? ORDER BY r.id",
            (int(screening_id),),
        )
        return [_referral(row) for row in rows]

    def list_for_case(self, case_id: int) -> list[Referral]:
        """Every referral of a case the acting user may see (all its screenings), oldest first."""
        self._vault.cases.check_access(case_id)
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE s.case_id = ? ORDER BY r.id", (int(case_id),)
        )
        return [_referral(row) for row in rows]

    def events(self, referral_id: int) -> list[ReferralEvent]:
        """A referral's history, oldest first (its notes are case content: audited view)."""
        referral = self.get(referral_id)
        self._vault.audit.record("referral.view", referral.id)
        rows = self._conn.execute(
            "SELECT id, referral_id, at, actor, status, note, outcome, due_on "
            "FROM referral_events WHERE referral_id = ? ORDER BY id",
            (referral.id,),
        )
        return [_event(row) for row in rows]

    def next_references(self, screening_id: int, count: int = 1) -> list[str]:
        """The packet references the next `count` referrals of this screening's case will get.

        CASE-R1, CASE-R2, ... numbered per case; the preview shows these, and
        `record` stores exactly the one the packet carries.
        """
        screening = self._vault.screenings.get(screening_id)
        case = self._vault.cases.check_access(screening.case_id)
        taken = {
            row[0]
            for row in self._conn.execute(
                "SELECT r.reference FROM referrals r WHERE r.reference LIKE ? ESCAPE '\\'",
                (case.reference.replace("_", "\\_").replace("%", "\\%") + "-R%",),
            )
        }
        found: list[str] = []
        number = 0
        while len(found) < count:
            number += 1
            reference = f"{case.reference}-R{number}"
            if reference not in taken:
                found.append(reference)
        return found

    # -- follow-up ------------------------------------------------------------

    def set_status(
        self,
        referral_id: int,
        status: ReferralStatus | str,
        *,
        note: str = "",
        outcome: str | None = None,
        due_on: date | None = None,
        today: date | None = None,
    ) -> Referral:
        """Move a referral on (prepared → sent → received → accepted/declined → closed).

        A closed referral needs its outcome (`referral_status.CLOSE_OUTCOMES`).
        The next follow-up date is `due_on`, else the follow-up setting's days
        from `today`; none once declined or closed. Audited (status and
        outcome, not the note, which stays in the referral's history).
        """
        referral = self.get(referral_id)
        target = flow.check_status(str(status))
        outcome = flow.check_outcome(outcome) if outcome else ""
        flow.check_move(ReferralStatus(referral.status), target, outcome)
        note = " ".join(note.split())
        if len(note) > 500:
            raise UsageError(_("the note is longer than {limit} characters").format(limit=500))
        due = (
            None
            if target in flow.FINAL_STATUSES
            else due_on or flow.followup_date(target, today or date.today(), self._followup_days())
        )
        now = now_text()
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE referrals SET status = ?, status_at = ?, due_on = ?, outcome = ? "
                "WHERE id = ?",
                (target.value, now, due.isoformat() if due else None, outcome, referral.id),
            )
            self._add_event(referral.id, now, target, note, outcome, due)
            self._vault.audit.record(
                "referral.status",
                referral.id,
                {"from": referral.status, "status": target.value, "outcome": outcome},
            )
        return self._get(referral.id)

    def set_due(self, referral_id: int, due_on: date, *, note: str = "") -> Referral:
        """Set an open referral's next follow-up date; recorded in its history and audited."""
        referral = self.get(referral_id)
        status = ReferralStatus(referral.status)
        if status in flow.FINAL_STATUSES:
            raise UsageError(
                _("the referral is {status}: it needs no follow-up").format(
                    status=_(flow.STATUS_TITLES[status])
                )
            )
        now = now_text()
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE referrals SET due_on = ? WHERE id = ?", (due_on.isoformat(), referral.id)
            )
            self._add_event(referral.id, now, status, " ".join(note.split()), "", due_on)
            self._vault.audit.record("referral.due", referral.id, {"due": due_on.isoformat()})
        return self._get(referral.id)

    # -- lists and counts (desktop, command line, reports) --------------------

    def overview(
        self,
        *,
        due_only: bool = False,
        status: ReferralStatus | str | None = None,
        service_type: str | None = None,
        case_id: int | None = None,
        mine: bool = False,
        today: date | None = None,
    ) -> list[ReferralOverview]:
        """Referrals the acting user may see, with case and service, oldest follow-up first.

        `due_only`: open referrals whose follow-up date has come by `today`;
        `mine`: only those the acting user made. Not audited: references,
        services and statuses only, like the case list.
        """
        today = today or date.today()
        condition, params = self._visible()
        sql = (
            f"SELECT {_COLUMNS}, c.id, c.reference, v.name, v.type {_FROM} "
            f"LEFT JOIN services v ON v.id = r.service_id WHERE {condition}"
        )
        if due_only:
            sql += f" AND r.status IN {_OPEN} AND r.due_on <= ?"
            params.append(today.isoformat())
        if status is not None:
            sql += " AND r.status = ?"
            params.append(flow.check_status(str(status)).value)
        if service_type is not None:
            sql += " AND v.type = ?"
            params.append(service_type)
        if case_id is not None:
            sql += " AND c.id = ?"
            params.append(int(case_id))
        if mine:
            sql += " AND r.created_by = ?"
            params.append(self._vault.user.name)
        sql += " ORDER BY r.due_on IS NULL, r.due_on, r.id"
        result = []
        for row in self._conn.execute(sql, params):
            referral = _referral(row)
            result.append(
                ReferralOverview(
                    referral=referral,
                    case_id=row[_WIDTH],
                    case_reference=row[_WIDTH + 1],
                    service_name=row[_WIDTH + 2] or "",
                    service_type=row[_WIDTH + 3] or "",
                    due=flow.is_due(ReferralStatus(referral.status), referral.due_on, today),
                )
            )
        return result

    def due_count(self, *, mine: bool = True, today: date | None = None) -> int:
        """How many open referrals are past their follow-up date (by default: the user's own).

        The user's own are counted on one index (shown after every unlock); they
        are on cases the user may see, since only those can be referred.
        """
        due = (today or date.today()).isoformat()
        if mine:
            sql = (
                f"SELECT count(*) FROM referrals WHERE created_by = ? AND status IN {_OPEN} "
                "AND due_on <= ?"
            )
            return int(self._conn.execute(sql, (self._vault.user.name, due)).fetchone()[0])
        condition, params = self._visible()
        sql = f"SELECT count(*) {_FROM} WHERE {condition} AND r.status IN {_OPEN} AND r.due_on <= ?"
        return int(self._conn.execute(sql, (*params, due)).fetchone()[0])

    def counts(self, *, today: date | None = None) -> dict[str, Counter]:
        """Counts for reports, over the referrals the acting user may see.

        Keys: "by_type_and_status" (Counter of (service type, status); type ""
        when the service was removed), "overdue_by_type" (Counter of service
        type), "by_outcome" (Counter of closing outcome).
        """
        condition, params = self._visible()
        today_text = (today or date.today()).isoformat()
        rows = self._conn.execute(
            f"SELECT COALESCE(v.type, ''), r.status, r.outcome, "
            f"r.status IN {_OPEN} AND r.due_on <= ? {_FROM} "
            f"LEFT JOIN services v ON v.id = r.service_id WHERE {condition}",
            (today_text, *params),
        )
        by_type_status: Counter = Counter()
        overdue: Counter = Counter()
        outcomes: Counter = Counter()
        for kind, status, outcome, due in rows:
            by_type_status[(kind, status)] += 1
            if due:
                overdue[kind] += 1
            if outcome:
                outcomes[outcome] += 1
        return {
            "by_type_and_status": by_type_status,
            "overdue_by_type": overdue,
            "by_outcome": outcomes,
        }
