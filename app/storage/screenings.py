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
from datetime import UTC, date, datetime
from enum import Enum

from app.domain import referral_rules
from app.domain.answers import decode_value, encode_value
from app.domain.errors import NotFound, UsageError
from app.domain.models import (
    AnswerRecord,
    Consent,
    Decision,
    InterpreterMode,
    Screening,
    ScreeningStatus,
    StoredOutcome,
)
from app.domain.roles import Permission, can
from app.i18n import _
from app.storage.database import Connection, now_text, parse_time, transaction

_COLUMNS = (
    "id, case_id, form_id, form_version, interviewer, interviewer_lang, respondent_lang, "
    "interpreter_mode, interpreter_id, interpreter_briefed, consent_screen, consent_store, "
    "consent_refer, consent_at, status, stop_reason, current_question, section_seconds, "
    "started, updated, consent_refer_sections"
)


def _screening(row) -> Screening:
    try:
        seconds = json.loads(row[17])
    except (TypeError, ValueError):
        seconds = {}
    return Screening(
        id=row[0],
        case_id=row[1],
        form_id=row[2],
        form_version=row[3],
        interviewer=row[4],
        interviewer_lang=row[5],
        respondent_lang=row[6],
        interpreter_mode=InterpreterMode(row[7]),
        interpreter_id=row[8],
        interpreter_briefed=bool(row[9]),
        consent=Consent(
            bool(row[10]),
            bool(row[11]),
            bool(row[12]),
            parse_time(row[13]),
            _refer_sections(row[20]) if row[12] else frozenset(),
        ),
        status=ScreeningStatus(row[14]),
        stop_reason=row[15],
        current_question=row[16],
        section_seconds=seconds if isinstance(seconds, dict) else {},
        started=parse_time(row[18]),
        updated=parse_time(row[19]),
    )


def _refer_sections(text: str | None) -> frozenset[str]:
    # Unknown ids (a damaged or hand-edited row) grant nothing.
    try:
        stored = json.loads(text or "[]")
    except ValueError:
        return frozenset()
    if not isinstance(stored, list):
        return frozenset()
    return frozenset(s for s in stored if isinstance(s, str) and s in referral_rules.SECTIONS)


def _activity(screening: Screening) -> datetime:
    return screening.updated or screening.started or datetime.min.replace(tzinfo=UTC)


def _jsonable(value: object) -> object:
    # Outcomes arrive as dataclasses.asdict(...): allow the few non-JSON types they may hold.
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(type(value).__name__)


def _decision(value: Decision | str) -> Decision:
    try:
        return Decision(value)
    except ValueError:
        raise UsageError(
            _("unknown decision '{decision}'; use one of {known}").format(
                decision=value, known=", ".join(d.value for d in Decision)
            )
        ) from None


def _stored_decision(value: str | None) -> Decision | None:
    # NULL: a level no shipped form knew when the vault was upgraded (migration 6).
    try:
        return Decision(value) if value is not None else None
    except ValueError:
        return None


def _status(value: ScreeningStatus | str) -> ScreeningStatus:
    try:
        return ScreeningStatus(value)
    except ValueError:
        raise UsageError(
            _("unknown screening status '{status}'; use one of {known}").format(
                status=value, known=", ".join(s.value for s in ScreeningStatus)
            )
        ) from None


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
    """start, get, list_for_case, record_consent, answers, answer_sink, set_status, save_outcome."""

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    def _row(self, screening_id: int):
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM screenings WHERE id = ?",
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
        return _screening(self._row(screening_id))

    def list_for_case(self, case_id: int) -> list[Screening]:
        self._vault.cases.check_access(case_id)
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM screenings WHERE case_id = ? ORDER BY started, id",
            (int(case_id),),
        )
        return [_screening(row) for row in rows]

    def latest_by_case(self) -> dict[int, tuple[Screening, str | None]]:
        """The latest screening of each case the acting user may see, with its outcome level.

        One query for the whole case list instead of several per case (20,000
        cases took seconds). Not audited, like `cases.list()`: statuses and
        levels only, never answers.
        """
        columns = ", ".join("s." + name.strip() for name in _COLUMNS.split(","))
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
            screening = _screening(row)
            known = latest.get(screening.case_id)
            # The same choice as max() over list_for_case: the first of equal times wins.
            if known is None or _activity(screening) > _activity(known[0]):
                latest[screening.case_id] = (screening, row[-1])
        return latest

    def start(
        self,
        case_id: int,
        *,
        form_id: str,
        form_version: str,
        interviewer_lang: str,
        respondent_lang: str,
        interpreter_mode: InterpreterMode | str = InterpreterMode.NONE,
        interpreter_id: str | None = None,
        interpreter_briefed: bool = False,
    ) -> Screening:
        """A new draft screening in a case the acting user may see; audited."""
        case = self._vault.cases.check_access(case_id)
        try:
            mode = InterpreterMode(interpreter_mode)
        except ValueError:
            raise UsageError(
                _("unknown interpreter mode '{mode}'").format(mode=interpreter_mode)
            ) from None
        if mode is not InterpreterMode.NONE:
            # WHO: a vetted interpreter, briefed on confidentiality, with no tie to the
            # person's travel or employer. The record says who interpreted.
            if not (interpreter_id or "").strip():
                raise UsageError(_("interpreter: give the interpreter's identifier"))
            if not interpreter_briefed:
                raise UsageError(
                    _("interpreter: confirm they were briefed on confidentiality first")
                )
        now = now_text()
        with transaction(self._conn):
            cursor = self._conn.execute(
                "INSERT INTO screenings (case_id, form_id, form_version, interviewer, "
                "interviewer_lang, respondent_lang, interpreter_mode, interpreter_id, "
                "interpreter_briefed, status, started, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)",
                (
                    case.id,
                    form_id,
                    str(form_version),
                    self._vault.user.name,
                    interviewer_lang,
                    respondent_lang,
                    mode.value,
                    interpreter_id or None,
                    int(bool(interpreter_briefed)),
                    now,
                    now,
                ),
            )
            screening_id = cursor.lastrowid
            self._conn.execute("UPDATE cases SET updated = ? WHERE id = ?", (now, case.id))
            self._vault.audit.record(
                "screening.start", screening_id, {"case": case.id, "form": form_id}
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
    ) -> Screening:
        """Store what the respondent agreed to, with the time; audited.

        `refer_sections`: the packet sections the person agreed a referral may
        share. None with `refer`: only referral_rules.CONSENT_DEFAULT_SECTIONS
        (needs and screening result); ignored without `refer`.
        """
        self._row(screening_id)
        sections = referral_rules.consent_sections(refer=bool(refer), sections=refer_sections)
        ordered = [s for s in referral_rules.SECTIONS if s in sections]
        now = now_text()
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE screenings SET consent_screen = ?, consent_store = ?, consent_refer = ?, "
                "consent_refer_sections = ?, consent_at = ?, updated = ? WHERE id = ?",
                (
                    int(screen),
                    int(store),
                    int(refer),
                    json.dumps(ordered),
                    now,
                    now,
                    int(screening_id),
                ),
            )
            self._vault.audit.record(
                "screening.consent",
                screening_id,
                {
                    "screen": bool(screen),
                    "store": bool(store),
                    "refer": bool(refer),
                    "refer_sections": ordered,
                },
            )
        return self.get(screening_id)

    def answers(self, screening_id: int) -> dict[str, AnswerRecord]:
        """Stored answers by question id (no row: the question was not asked).

        Reading answers is viewing case content, so it is audited.
        """
        row = self._row(screening_id)
        self._vault.audit.record("screening.view", screening_id, {"case": row[1]})
        rows = self._conn.execute(
            "SELECT question_id, value, declined, answered_at FROM answers WHERE screening_id = ?",
            (int(screening_id),),
        )
        return {
            row[0]: AnswerRecord(row[0], decode_value(row[1]), bool(row[2]), parse_time(row[3]))
            for row in rows
        }

    def answer_sink(self, screening_id: int) -> VaultAnswerSink:
        self._row(screening_id)
        return VaultAnswerSink(self, int(screening_id))

    def save_answer(
        self, screening_id: int, question_id: str, value: object, declined: bool
    ) -> None:
        """Store (or replace) one answer and commit it before returning."""
        self._row(screening_id)
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
        self._row(screening_id)
        status = _status(status)
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

    def set_status(
        self, screening_id: int, status: ScreeningStatus | str, *, stop_reason: str | None = None
    ) -> Screening:
        """Pause, complete or stop a screening; audited (the reason id, not free text)."""
        row = self._row(screening_id)
        status = _status(status)
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE screenings SET status = ?, stop_reason = ?, updated = ? WHERE id = ?",
                (
                    status.value,
                    stop_reason if status is ScreeningStatus.STOPPED else None,
                    now_text(),
                    int(screening_id),
                ),
            )
            self._vault.audit.record(
                "screening.status", screening_id, {"case": row[1], "status": status.value}
            )
        return self.get(screening_id)

    def save_outcome(
        self, screening_id: int, level: str, result: dict, *, decision: Decision | str
    ) -> StoredOutcome:
        """Store the scored outcome and its decision (replacing an earlier one); audited."""
        row = self._row(screening_id)
        decided = _decision(decision)
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
                    json.dumps(result, ensure_ascii=False, default=_jsonable),
                    now,
                    decided.value,
                ),
            )
            self._vault.audit.record(
                "screening.outcome", screening_id, {"case": row[1], "decision": decided.value}
            )
        return StoredOutcome(int(screening_id), str(level), result, parse_time(now), decided)

    def outcome(self, screening_id: int) -> StoredOutcome | None:
        self._row(screening_id)
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
            _stored_decision(row[3]),
        )
