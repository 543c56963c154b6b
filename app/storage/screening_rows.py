"""How a screening row is read, and the values its columns may take.

`vault.screenings` (screenings.py) builds its queries from COLUMNS and reads
rows with `screening_from_row`; the `check_*` functions turn a value the
caller gave into what is stored, or a UsageError naming what is wrong.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from enum import Enum

from app.domain import referral_rules
from app.domain.errors import UsageError
from app.domain.models import (
    Consent,
    ConsentGiver,
    Decision,
    InterpreterMode,
    Screening,
    ScreeningStatus,
)
from app.i18n import _
from app.storage.database import parse_time

COLUMNS = (
    "id, case_id, form_id, form_version, interviewer, interviewer_lang, respondent_lang, "
    "interpreter_mode, interpreter_id, interpreter_briefed, consent_screen, consent_store, "
    "consent_refer, consent_at, status, stop_reason, current_question, section_seconds, "
    "started, updated, consent_refer_sections, consent_by"
)
# Positions in a row of COLUMNS read by the rules here.
SCREEN, STORE, AT, STATUS, BY = 10, 11, 13, 14, 21


def screening_from_row(row) -> Screening:
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
            refer_sections_from(row[20]) if row[12] else frozenset(),
            giver_from(row[21]),
        ),
        status=ScreeningStatus(row[14]),
        stop_reason=row[15],
        current_question=row[16],
        section_seconds=seconds if isinstance(seconds, dict) else {},
        started=parse_time(row[18]),
        updated=parse_time(row[19]),
    )


def refer_sections_from(text: str | None) -> frozenset[str]:
    # Unknown ids (a damaged or hand-edited row) grant nothing.
    try:
        stored = json.loads(text or "[]")
    except ValueError:
        return frozenset()
    if not isinstance(stored, list):
        return frozenset()
    return frozenset(s for s in stored if isinstance(s, str) and s in referral_rules.SECTIONS)


def giver_from(text: str | None) -> ConsentGiver | None:
    try:
        return ConsentGiver(text) if text else None
    except ValueError:
        return None


def activity(screening: Screening) -> datetime:
    return screening.updated or screening.started or datetime.min.replace(tzinfo=UTC)


def jsonable(value: object) -> object:
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


def _member(kind, value, message: str, field: str):
    """`kind(value)`, or a UsageError: `message` naming the value (as `field`) and the others."""
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise UsageError(message.format(**{field: value, "known": known})) from None


def check_decision(value: Decision | str) -> Decision:
    message = _("unknown decision '{decision}'; use one of {known}")
    return _member(Decision, value, message, "decision")


def stored_decision(value: str | None) -> Decision | None:
    # NULL: a level no shipped form knew when the vault was upgraded (migration 6).
    try:
        return Decision(value) if value is not None else None
    except ValueError:
        return None


def check_status(value: ScreeningStatus | str) -> ScreeningStatus:
    message = _("unknown screening status '{status}'; use one of {known}")
    return _member(ScreeningStatus, value, message, "status")


def check_interpreter(
    interpreter_mode: InterpreterMode | str, interpreter_id: str | None, briefed: bool
) -> InterpreterMode:
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
        if not briefed:
            raise UsageError(_("interpreter: confirm they were briefed on confidentiality first"))
    return mode
