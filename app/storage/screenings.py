"""`vault.screenings`: screenings, their answers and outcomes.

Every answer is committed in its own transaction before `save_answer` returns
(WAL, synchronous=FULL), so an answer the engine reported saved survives a
crash or a power cut. Access goes through the case: no case, no screening.
"""

# SQL text is built only from fixed column lists and `?` placeholders, never from input.
# ruff: noqa: S608

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import UTC, datetime

from app.domain.answers import decode_value, encode_value
from app.domain.consent import ConsentAnswers, check_giver, ordered_sections
from app.domain.errors import ConsentRequired, NotFound, UsageError
from app.domain.models import (
    AnswerRecord,
    ConsentGiver,
    Decision,
    InterpreterMode,
    Screening,
    ScreeningStatus,
    StoredOutcome,
)
from app.domain.roles import Permission, can
from app.domain.screening_states import ENDED, NO_CONSENT, check_stop_reason
from app.i18n import _
from app.storage.answers_not_kept import forget_values, kept_outcome, wipe_deleted
from app.storage.database import Connection, now_text, parse_time, transaction
from app.storage.screening_rows import (
    AT,
    BY,
    COLUMNS,
    SCREEN,
    STATUS,
    STORE,
    activity,
    check_decision,
    check_interpreter,
    check_status,
    jsonable,
    screening_from_row,
    stored_decision,
)


class VaultAnswerSink:
    """The engine's AnswerSink for one screening: each call commits before returning."""

    def __init__(self, screenings: Screenings, screening_id: int) -> None:
        self._screenings = screenings
        self.screening_id = screening_id

    def save_answer(self, question_id: str, value: object, declined: bool) -> None:
        self._screenings.save_answer(self.screening_id, question_id, value, declined)

    def save_progress(
        self, *, current_question: str | None, status: str, section_seconds: dict[str, float]
    ) -> None:
        self._screenings.save_progress(
            self.screening_id,
            current_question=current_question,
            status=status,
            section_seconds=section_seconds,
        )


class Screenings:
    """begin, get, list_for_case, record_consent, answers, answer_sink, pause, finish, outcome.

    A screening takes answers only with consent to the screening recorded
    (begun with it, or recorded later for one begun without), while it goes
    on and while its case is open.
    """

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault
        # Answers not kept, held for the rest of the conversation after `finish` deleted them.
        self._conversation: dict[int, tuple[dict[str, AnswerRecord], StoredOutcome | None]] = {}

    def _row(self, screening_id: int):
        row = self._conn.execute(
            f"SELECT {COLUMNS} FROM screenings WHERE id = ?",
            (int(screening_id),),
        ).fetchone()
        if row is None:
            raise NotFound(_("no screening with id {id}").format(id=screening_id))
        try:
            self._vault.cases.check_access(row[1])
        except NotFound:
            raise NotFound(_("no screening with id {id}").format(id=screening_id)) from None
        return row

    def get(self, screening_id: int) -> Screening:
        return screening_from_row(self._row(screening_id))

    def list_for_case(self, case_id: int) -> list[Screening]:
        self._vault.cases.check_access(case_id)
        rows = self._conn.execute(
            f"SELECT {COLUMNS} FROM screenings WHERE case_id = ? ORDER BY started, id",
            (int(case_id),),
        )
        return [screening_from_row(row) for row in rows]

    def latest_by_case(self) -> dict[int, tuple[Screening, str | None]]:
        """The latest screening of each case the acting user may see, with its outcome level.

        One query for the whole case list instead of several per case (20,000
        cases took seconds). Not audited, like `cases.list()`: statuses and
        levels only, never answers.
        """
        columns = ", ".join("s." + name.strip() for name in COLUMNS.split(","))
        sql = (
            f"SELECT {columns}, o.level FROM screenings s JOIN cases c ON c.id = s.case_id "
            "LEFT JOIN outcomes o ON o.screening_id = s.id"
        )
        params: list[object] = []
        if not can(self._vault.user.role, Permission.VIEW_ALL_CASES):
            sql += " WHERE c.created_by = ?"
            params.append(self._vault.user.name)
        sql += " ORDER BY s.started, s.id"
        latest: dict[int, tuple[Screening, str | None]] = {}
        for row in self._conn.execute(sql, params):
            screening = screening_from_row(row)
            known = latest.get(screening.case_id)
            # The same choice as max() over list_for_case: the first of equal times wins.
            if known is None or activity(screening) > activity(known[0]):
                latest[screening.case_id] = (screening, row[-1])
        return latest

    def begin(
        self,
        case_id: int | None,
        *,
        form_id: str,
        form_version: str,
        interviewer_lang: str,
        respondent_lang: str,
        consent: ConsentAnswers,
        interpreter_mode: InterpreterMode | str = InterpreterMode.NONE,
        interpreter_id: str | None = None,
        interpreter_briefed: bool = False,
    ) -> Screening:
        """A new screening with its consent answers, in one transaction; audited.

        `case_id` None: a new case owned by the acting user, in the same
        transaction. With consent to screen the screening is a draft that takes
        answers; without it, it is stopped at once (NO_CONSENT) and nothing else
        is kept. A crash leaves either all of it or nothing: never a screening
        without its consent.
        """
        if case_id is not None:
            self._vault.cases.check_open(case_id)
        mode = check_interpreter(interpreter_mode, interpreter_id, interpreter_briefed)
        giver = check_giver(consent.given_by)
        sections = ordered_sections(consent.sections())
        now = now_text()
        status, reason = (
            (ScreeningStatus.DRAFT, None)
            if consent.screen
            else (ScreeningStatus.STOPPED, NO_CONSENT)
        )
        with transaction(self._conn):
            case = self._vault.cases.create() if case_id is None else None
            case_id = case.id if case is not None else int(case_id)
            cursor = self._conn.execute(
                "INSERT INTO screenings (case_id, form_id, form_version, interviewer, "
                "interviewer_lang, respondent_lang, interpreter_mode, interpreter_id, "
                "interpreter_briefed, consent_screen, consent_store, consent_refer, "
                "consent_refer_sections, consent_by, consent_at, status, stop_reason, "
                "started, updated) VALUES (" + ", ".join("?" * 19) + ")",
                (
                    case_id,
                    form_id,
                    str(form_version),
                    self._vault.user.name,
                    interviewer_lang,
                    respondent_lang,
                    mode.value,
                    interpreter_id or None,
                    int(bool(interpreter_briefed)),
                    int(bool(consent.screen)),
                    int(bool(consent.screen and consent.store)),
                    int(bool(consent.screen and consent.refer)),
                    json.dumps(sections),
                    giver.value,
                    now,
                    status.value,
                    reason,
                    now,
                    now,
                ),
            )
            screening_id = cursor.lastrowid
            self._conn.execute("UPDATE cases SET updated = ? WHERE id = ?", (now, case_id))
            self._vault.audit.record(
                "screening.start", screening_id, {"case": case_id, "form": form_id}
            )
            self._audit_consent(screening_id, self._row(screening_id))
            if not consent.screen:
                self._vault.audit.record(
                    "screening.status", screening_id, {"case": case_id, "status": status.value}
                )
        return self.get(screening_id)

    def record_consent(
        self,
        screening_id: int,
        *,
        screen: bool,
        store: bool,
        refer: bool,
        refer_sections: Iterable[str] | None = None,
        given_by: ConsentGiver | str | None = None,
    ) -> Screening:
        """Record (or record again) what the respondent agreed to, with the time; audited.

        For a screening begun before consent was part of beginning (it opens at
        the consent step), and when the person changes what they agree to.
        `refer_sections`: as `ConsentAnswers.refer_sections`. `given_by` None
        keeps who consented before. Without consent to screen the screening is
        stopped (NO_CONSENT); taking that consent back once answers exist is a
        withdrawal (`cases.withdraw_consent`), not this. A "no" to keeping the
        answers on an ended screening deletes the answer values at once.
        """
        row = self._row(screening_id)
        giver = check_giver(given_by if given_by is not None else row[BY])
        answers = ConsentAnswers(bool(screen), bool(store), bool(refer), giver)
        if refer_sections is not None:
            answers = dataclasses.replace(answers, refer_sections=frozenset(refer_sections))
        sections = ordered_sections(answers.sections())
        ended = ScreeningStatus(row[STATUS]) in ENDED
        if not screen and self.count_answers(screening_id):
            raise UsageError(
                _(
                    "screening {id} already has answers: to take back consent to the screening, "
                    "withdraw consent for the case (it deletes the case at once)"
                ).format(id=screening_id)
            )
        if ended and bool(row[SCREEN]) != bool(screen) and row[AT] is not None:
            raise UsageError(
                _(
                    "screening {id} has ended; consent to the screening cannot change now. "
                    "Begin a new screening"
                ).format(id=screening_id)
            )
        now = now_text()
        forgotten = 0
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE screenings SET consent_screen = ?, consent_store = ?, consent_refer = ?, "
                "consent_refer_sections = ?, consent_by = ?, consent_at = ?, updated = ? "
                "WHERE id = ?",
                (
                    int(answers.screen),
                    int(answers.screen and answers.store),
                    int(answers.screen and answers.refer),
                    json.dumps(sections),
                    giver.value,
                    now,
                    now,
                    int(screening_id),
                ),
            )
            if not screen and not ended:
                self._set_status(row, ScreeningStatus.STOPPED, NO_CONSENT)
            self._audit_consent(screening_id, self._row(screening_id))
            if ended and not (screen and store) and self.count_answers(screening_id):
                forgotten = forget_values(
                    self._conn, self._vault.audit, row, reason="consent_changed"
                )
        if forgotten:
            wipe_deleted(self._conn)
        return self.get(screening_id)

    def _audit_consent(self, screening_id: int, row) -> None:
        consent = screening_from_row(row).consent
        self._vault.audit.record(
            "screening.consent",
            screening_id,
            {
                "screen": consent.screen,
                "store": consent.store,
                "refer": consent.refer,
                "refer_sections": ordered_sections(consent.refer_sections),
                "given_by": consent.given_by.value if consent.given_by else None,
            },
        )

    def answers(self, screening_id: int) -> dict[str, AnswerRecord]:
        """Stored answers by question id (no row: the question was not asked).

        Reading answers is viewing case content, so it is audited.
        """
        row = self._row(screening_id)
        self._vault.audit.record("screening.view", screening_id, {"case": row[1]})
        held = self._conversation.get(int(screening_id))
        if held is not None:
            return dict(held[0])
        return self._read_answers(screening_id)

    def count_answers(self, screening_id: int) -> int:
        """How many answers (declines included) are stored; no content is read."""
        self._row(screening_id)
        return int(
            self._conn.execute(
                "SELECT count(*) FROM answers WHERE screening_id = ?", (int(screening_id),)
            ).fetchone()[0]
        )

    def answer_sink(self, screening_id: int) -> VaultAnswerSink:
        self._open_row(screening_id)
        return VaultAnswerSink(self, int(screening_id))

    def _open_row(self, screening_id: int):
        """The row of a screening that takes answers now; ConsentRequired or UsageError if not."""
        row = self._row(screening_id)
        if not row[SCREEN] or row[AT] is None:
            raise ConsentRequired(
                _(
                    "screening {id} has no consent to the screening recorded: nothing is asked "
                    "or saved until the person agrees"
                ).format(id=screening_id)
            )
        if ScreeningStatus(row[STATUS]) in ENDED:
            raise UsageError(
                _("screening {id} has ended ({status}); it takes no more answers").format(
                    id=screening_id, status=row[STATUS]
                )
            )
        self._vault.cases.check_open(row[1])
        return row

    def save_answer(
        self, screening_id: int, question_id: str, value: object, declined: bool
    ) -> None:
        """Store (or replace) one answer and commit it before returning.

        Refused, with nothing written, without consent to the screening, once
        the screening has ended, or while its case is closed.
        """
        self._open_row(screening_id)
        text = encode_value(value, bool(declined))
        now = now_text()
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO answers (screening_id, question_id, value, declined, answered_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(screening_id, question_id) DO UPDATE SET "
                "value = excluded.value, declined = excluded.declined, "
                "answered_at = excluded.answered_at",
                (int(screening_id), str(question_id), text, int(bool(declined)), now),
            )
            self._conn.execute(
                "UPDATE screenings SET updated = ? WHERE id = ?", (now, int(screening_id))
            )

    def save_progress(
        self,
        screening_id: int,
        *,
        current_question: str | None,
        status: str,
        section_seconds: dict[str, float],
    ) -> None:
        """Where the interview stands. Only `pause` and `finish` end or pause it for good:
        an engine that reports itself completed or stopped is stored as in progress, so
        a crash before `finish` resumes (and finishes) rather than leaving no outcome."""
        self._open_row(screening_id)
        status = check_status(status)
        if status is not ScreeningStatus.PAUSED:
            status = ScreeningStatus.DRAFT
        seconds = {str(k): float(v) for k, v in (section_seconds or {}).items()}
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE screenings SET current_question = ?, status = ?, section_seconds = ?, "
                "updated = ? WHERE id = ?",
                (
                    current_question,
                    status.value,
                    json.dumps(seconds),
                    now_text(),
                    int(screening_id),
                ),
            )

    def _set_status(self, row, status: ScreeningStatus, stop_reason: str | None) -> None:
        self._conn.execute(
            "UPDATE screenings SET status = ?, stop_reason = ?, updated = ? WHERE id = ?",
            (
                status.value,
                stop_reason if status is ScreeningStatus.STOPPED else None,
                now_text(),
                int(row[0]),
            ),
        )
        self._vault.audit.record(
            "screening.status", row[0], {"case": row[1], "status": status.value}
        )

    def pause(self, screening_id: int) -> Screening:
        """Pause an interview to resume later; audited."""
        row = self._open_row(screening_id)
        with transaction(self._conn):
            self._set_status(row, ScreeningStatus.PAUSED, None)
        return self.get(screening_id)

    def finish(
        self,
        screening_id: int,
        status: ScreeningStatus | str,
        *,
        stop_reason: str | None = None,
        level: str | None = None,
        result: dict | None = None,
        decision: Decision | str | None = None,
    ) -> Screening:
        """End a screening: completed with its outcome, or stopped with a reason; audited.

        One transaction: the outcome, the status and, when the person did not
        agree to keeping their answers, the deletion of every answer value
        (the outcome keeps only its level and decision). The deleted values
        are then wiped from the files (`answers_not_kept.wipe_deleted`). This process keeps them
        in memory for the rest of the conversation (the summary, a referral
        made now) until `end_conversation`.
        """
        row = self._open_row(screening_id)
        status = check_status(status)
        if status is ScreeningStatus.COMPLETED:
            if level is None or result is None or decision is None:
                raise UsageError(_("a completed screening needs its outcome and decision"))
            decision = check_decision(decision)
        elif status is ScreeningStatus.STOPPED:
            check_stop_reason(stop_reason or "")
        else:
            raise UsageError(
                _("a screening ends completed or stopped, not {status}").format(status=status)
            )
        keep = bool(row[STORE])
        forgotten = 0
        with transaction(self._conn):
            if status is ScreeningStatus.COMPLETED:
                self.save_outcome(
                    screening_id,
                    str(level),
                    result if keep else kept_outcome(result),
                    decision=decision,
                )
            self._set_status(row, status, stop_reason)
            if not keep:
                held = self._read_answers(screening_id)
                forgotten = forget_values(self._conn, self._vault.audit, row, reason="not_kept")
        if not keep:
            full = None
            if status is ScreeningStatus.COMPLETED:
                full = StoredOutcome(
                    int(screening_id), str(level), result, datetime.now(UTC), decision
                )
            self._conversation[int(screening_id)] = (held, full)
            if forgotten:
                wipe_deleted(self._conn)
        return self.get(screening_id)

    def _read_answers(self, screening_id: int) -> dict[str, AnswerRecord]:
        rows = self._conn.execute(
            "SELECT question_id, value, declined, answered_at FROM answers WHERE screening_id = ?",
            (int(screening_id),),
        )
        return {
            row[0]: AnswerRecord(row[0], decode_value(row[1]), bool(row[2]), parse_time(row[3]))
            for row in rows
        }

    def end_conversation(self, screening_id: int | None = None) -> None:
        """Drop what `finish` held in memory of answers not kept (None: of every screening)."""
        if screening_id is None:
            self._conversation.clear()
        else:
            self._conversation.pop(int(screening_id), None)

    def save_outcome(
        self, screening_id: int, level: str, result: dict, *, decision: Decision | str
    ) -> StoredOutcome:
        """Store the scored outcome and its decision (replacing an earlier one); audited."""
        row = self._row(screening_id)
        decided = check_decision(decision)
        now = now_text()
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO outcomes (screening_id, level, result, saved_at, decision) "
                "VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(screening_id) DO UPDATE SET level = excluded.level, "
                "result = excluded.result, saved_at = excluded.saved_at, "
                "decision = excluded.decision",
                (
                    int(screening_id),
                    str(level),
                    json.dumps(result, ensure_ascii=False, default=jsonable),
                    now,
                    decided.value,
                ),
            )
            self._vault.audit.record(
                "screening.outcome", screening_id, {"case": row[1], "decision": decided.value}
            )
        return StoredOutcome(int(screening_id), str(level), result, parse_time(now), decided)

    def outcome(self, screening_id: int) -> StoredOutcome | None:
        """The stored outcome; while the conversation lasts, the whole result even when
        the answers are not kept (see `finish`)."""
        self._row(screening_id)
        held = self._conversation.get(int(screening_id))
        if held is not None and held[1] is not None:
            return held[1]
        row = self._conn.execute(
            "SELECT level, result, saved_at, decision FROM outcomes WHERE screening_id = ?",
            (int(screening_id),),
        ).fetchone()
        if row is None:
            return None
        return StoredOutcome(
            int(screening_id),
            row[0],
            json.loads(row[1]),
            parse_time(row[2]),
            stored_decision(row[3]),
        )
