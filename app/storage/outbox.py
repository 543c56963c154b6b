"""`vault.outbox`: what is owed to the ODK Central server, and what became of it.

The outbox is a query, not a copy: completed screenings whose person agreed to
keep their answers (consent to store). The `sync_outbox` table adds only what
sending needs: a stable instanceID per screening (so a resend is recognised as
the same submission), its state, and the encrypted submission while it waits
(dropped once sent). Withdrawal notices (`sync_withdrawals`) hold instance ids
only. Reading a screening here serves sending, whatever the acting role: the
content goes encrypted to the server and is never shown to the user.
"""

# SQL text is built only from fixed column lists and `?` placeholders, never from input.
# ruff: noqa: S608

from __future__ import annotations

import uuid
from collections.abc import Iterable

from app.domain.answers import decode_value
from app.domain.errors import NotFound
from app.domain.models import AnswerRecord, Consent
from app.domain.sync_records import OutboxCounts, Pending, ScreeningRecord, SendState
from app.i18n import _
from app.storage.database import Connection, now_text, parse_time, transaction

# Completed screenings with consent to keep the answers: what may be sent.
_QUALIFIES = "s.status = 'completed' AND s.consent_store = 1"
_TABLES = {
    "screening": ("sync_outbox", "screening_id"),
    "withdrawal": ("sync_withdrawals", "instance_id"),
}


def new_instance_id() -> str:
    """A fresh OpenRosa instanceID (random: it says nothing about the person or the case)."""
    return "uuid:" + str(uuid.uuid4())


def queue_withdrawal_notices(conn: Connection, case_ids: list[int]) -> dict[str, int]:
    """Within the caller's transaction: owe the server a withdrawal notice for each
    screening of these cases that may have reached it (sent, in a bundle, or tried).

    Called by `cases.withdraw_consent` before the case is deleted; the notice
    holds the instance id only. Returns counts for the deletion's audit entry.
    """
    if not case_ids:
        return {}
    marks = ",".join("?" * len(case_ids))
    rows = conn.execute(
        f"SELECT o.instance_id, o.form_id FROM sync_outbox o JOIN screenings s "
        f"ON s.id = o.screening_id WHERE s.case_id IN ({marks}) "
        f"AND (o.state IN ('sent', 'bundled') OR o.attempts > 0)",
        case_ids,
    ).fetchall()
    now = now_text()
    for instance_id, form_id in rows:
        conn.execute(
            "INSERT OR IGNORE INTO sync_withdrawals (instance_id, form_id, queued_at) "
            "VALUES (?, ?, ?)",
            (instance_id, form_id, now),
        )
    return {"withdrawal_notices": len(rows)} if rows else {}


class Outbox:
    """refresh, pending, record, store_built, mark, counts, sent_instances."""

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    def batch(self):
        """One transaction around several changes (they join it): one disk sync, not many."""
        return transaction(self._conn)

    def refresh(self) -> None:
        """Give each screening that may be sent its instanceID; drop payloads no longer owed."""
        with transaction(self._conn):
            rows = self._conn.execute(
                f"SELECT s.id, s.form_id FROM screenings s LEFT JOIN sync_outbox o "
                f"ON o.screening_id = s.id WHERE {_QUALIFIES} AND o.screening_id IS NULL"
            ).fetchall()
            for screening_id, form_id in rows:
                self._conn.execute(
                    "INSERT INTO sync_outbox (screening_id, instance_id, form_id) VALUES (?, ?, ?)",
                    (screening_id, new_instance_id(), form_id),
                )
            # A screening reopened, or whose consent to keep was taken back: its
            # encrypted copy is not kept for sending.
            self._conn.execute(
                "UPDATE sync_outbox SET payload = NULL, built_for = NULL WHERE payload IS NOT NULL "
                "AND screening_id IN (SELECT id FROM screenings s WHERE NOT "
                f"({_QUALIFIES}))"
            )

    def pending(self, *, include_bundled: bool = True) -> list[Pending]:
        """Every submission owed to the server, screenings first (oldest first), then notices."""
        states = ["waiting", "failed"] + (["bundled"] if include_bundled else [])
        marks = ",".join("?" * len(states))
        found: list[Pending] = []
        rows = self._conn.execute(
            f"SELECT o.screening_id, o.instance_id, o.form_id, o.state, o.built_for, o.payload, "
            f"o.attempts FROM sync_outbox o JOIN screenings s ON s.id = o.screening_id "
            f"WHERE {_QUALIFIES} AND o.state IN ({marks}) ORDER BY s.updated, s.id",
            states,
        )
        for row in rows:
            found.append(
                Pending("screening", str(row[0]), row[1], row[2], SendState(row[3]), *row[4:7])
            )
        rows = self._conn.execute(
            f"SELECT instance_id, instance_id, form_id, state, built_for, payload, attempts "
            f"FROM sync_withdrawals WHERE state IN ({marks}) ORDER BY queued_at, instance_id",
            states,
        )
        for row in rows:
            found.append(
                Pending("withdrawal", row[0], row[1], row[2], SendState(row[3]), *row[4:7])
            )
        return found

    def record(self, screening_id: int) -> ScreeningRecord:
        """What sending needs of one screening in the outbox (NotFound if it is not there)."""
        row = self._conn.execute(
            f"SELECT s.id, o.instance_id, c.reference, s.form_id, s.form_version, s.interviewer, "
            f"s.consent_screen, s.consent_store, s.consent_refer, s.consent_at, s.started, "
            f"s.updated, r.level, r.saved_at, r.decision FROM screenings s "
            f"JOIN cases c ON c.id = s.case_id JOIN sync_outbox o ON o.screening_id = s.id "
            f"LEFT JOIN outcomes r ON r.screening_id = s.id WHERE s.id = ? AND {_QUALIFIES}",
            (int(screening_id),),
        ).fetchone()
        if row is None:
            raise NotFound(_("no screening with id {id} waits to be sent").format(id=screening_id))
        answers = {
            qid: AnswerRecord(qid, decode_value(value), bool(declined), parse_time(at))
            for qid, value, declined, at in self._conn.execute(
                "SELECT question_id, value, declined, answered_at FROM answers "
                "WHERE screening_id = ?",
                (int(screening_id),),
            )
        }
        return ScreeningRecord(
            screening_id=row[0],
            instance_id=row[1],
            case_reference=row[2],
            form_id=row[3],
            form_version=row[4],
            interviewer=row[5],
            consent=Consent(bool(row[6]), bool(row[7]), bool(row[8]), parse_time(row[9])),
            started=parse_time(row[10]),
            ended=parse_time(row[13]) or parse_time(row[11]),
            outcome_level=row[12],
            decision=row[14],
            answers=answers,
        )

    def store_built(self, item: Pending, built_for: str, payload: bytes) -> None:
        """Keep the encrypted submission built for `built_for`, to send these very bytes."""
        table, key = _TABLES[item.kind]
        with transaction(self._conn):
            self._conn.execute(
                f"UPDATE {table} SET built_for = ?, payload = ? WHERE {key} = ?",
                (built_for, payload, item.key),
            )

    def mark(
        self,
        item: Pending,
        state: SendState,
        *,
        error: str | None = None,
        bundle_id: str | None = None,
    ) -> None:
        """Record what became of a submission; a sent one drops its encrypted copy."""
        table, key = _TABLES[item.kind]
        now = now_text()
        with transaction(self._conn):
            if state is SendState.BUNDLED:
                self._conn.execute(
                    f"UPDATE {table} SET state = 'bundled', bundle_id = ? "
                    f"WHERE {key} = ? AND state != 'sent'",
                    (bundle_id, item.key),
                )
                return
            tried = "attempts = attempts + 1, last_attempt = ?"
            if state is SendState.SENT:
                self._conn.execute(
                    f"UPDATE {table} SET state = 'sent', {tried}, sent_at = ?, last_error = NULL, "
                    f"payload = NULL WHERE {key} = ?",
                    (now, now, item.key),
                )
            else:
                # A submission once in a bundle may have arrived: it stays marked so.
                self._conn.execute(
                    f"UPDATE {table} SET state = CASE WHEN state = 'bundled' THEN 'bundled' "
                    f"ELSE ? END, {tried}, last_error = ? WHERE {key} = ?",
                    (state.value, now, error, item.key),
                )

    def counts(self) -> OutboxCounts:
        """How many wait, are in a bundle, were sent or failed; notices owed; last times."""
        by_state = dict.fromkeys(("waiting", "bundled", "sent", "failed"), 0)
        for state, count in self._conn.execute(
            f"SELECT COALESCE(o.state, 'waiting'), count(*) FROM screenings s "
            f"LEFT JOIN sync_outbox o ON o.screening_id = s.id WHERE {_QUALIFIES} "
            f"GROUP BY COALESCE(o.state, 'waiting')"
        ):
            by_state[state] = count
        notices = self._conn.execute(
            "SELECT count(*) FROM sync_withdrawals WHERE state != 'sent'"
        ).fetchone()[0]
        last_attempt, last_sent = self._conn.execute(
            "SELECT max(last_attempt), max(sent_at) FROM (SELECT last_attempt, sent_at FROM "
            "sync_outbox UNION ALL SELECT last_attempt, sent_at FROM sync_withdrawals)"
        ).fetchone()
        return OutboxCounts(
            waiting=by_state["waiting"],
            bundled=by_state["bundled"],
            sent=by_state["sent"],
            failed=by_state["failed"],
            withdrawals=notices,
            last_attempt=parse_time(last_attempt),
            last_sent=parse_time(last_sent),
        )

    def errors(self, limit: int = 20) -> list[tuple[str, str]]:
        """(instance id, last error) of failed submissions, newest first."""
        return [
            (row[0], row[1] or "")
            for row in self._conn.execute(
                "SELECT instance_id, last_error FROM sync_outbox WHERE state = 'failed' "
                "ORDER BY last_attempt DESC LIMIT ?",
                (int(limit),),
            )
        ]

    def instance_ids(self, screening_ids: Iterable[int]) -> dict[int, str]:
        """The instanceID given to each of these screenings (those that have one)."""
        ids = [int(i) for i in screening_ids]
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return dict(
            self._conn.execute(
                "SELECT screening_id, instance_id FROM sync_outbox "
                f"WHERE screening_id IN ({marks})",
                ids,
            ).fetchall()
        )
