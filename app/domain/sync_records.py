"""What the vault hands the sync package about a screening to send, and the outbox's states.

Plain data: app/storage builds these, app/sync turns them into submissions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from app.domain.models import AnswerRecord, Consent


class SendState(StrEnum):
    """Where a submission stands: waiting, written into a bundle, sent, or failed (retried)."""

    WAITING = "waiting"
    BUNDLED = "bundled"
    SENT = "sent"
    FAILED = "failed"


class SendPolicy(StrEnum):
    """What an organisation sends: the outcome and decision only, or the answers too."""

    OUTCOME = "outcome"
    ANSWERS = "answers"


@dataclass(frozen=True)
class ScreeningRecord:
    """A completed screening as the sync package needs it (no name, no note, no free text)."""

    screening_id: int
    instance_id: str
    case_reference: str
    form_id: str
    form_version: str
    interviewer: str
    consent: Consent
    started: datetime | None
    ended: datetime | None
    outcome_level: str | None
    decision: str | None
    answers: dict[str, AnswerRecord] = field(default_factory=dict)


@dataclass(frozen=True)
class Pending:
    """One submission owed to the server: a screening or a withdrawal notice.

    `payload` is the encrypted submission as built (None until built) and
    `built_for` what it was built for, so a changed form, key or policy rebuilds it.
    """

    kind: str  # "screening" | "withdrawal"
    key: str  # screening id, or the withdrawn instance id
    instance_id: str
    form_id: str
    state: SendState
    built_for: str | None
    payload: bytes | None
    attempts: int


@dataclass(frozen=True)
class OutboxCounts:
    """How many submissions wait, sit in a bundle, were sent or failed; notices owed."""

    waiting: int
    bundled: int
    sent: int
    failed: int
    withdrawals: int
    last_attempt: datetime | None
    last_sent: datetime | None
