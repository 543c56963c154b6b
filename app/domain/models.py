"""Records the vault hands out: plain, immutable dataclasses with UTC times.

The repositories in app/storage build these; the UI, the CLI and the export
code read them. None of them holds a database handle.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum

from app.domain.roles import Role


class CaseStatus(StrEnum):
    """Whether a case is still being worked on."""

    OPEN = "open"
    CLOSED = "closed"


class ScreeningStatus(StrEnum):
    """Where a screening stands."""

    DRAFT = "draft"
    PAUSED = "paused"
    COMPLETED = "completed"
    STOPPED = "stopped"


class Decision(StrEnum):
    """What a screen decides: refer for a full assessment, not refer, or too little to tell.

    Every outcome level of a form declares one; the case list, the summary, the
    packet and statistics read it instead of guessing from level ids.
    """

    REFER = "refer"
    NO_REFERRAL = "no_referral"
    UNDETERMINED = "undetermined"


class ConsentGiver(StrEnum):
    """Who gave the consent answers: the person, or for a child, who agreed together.

    A child may agree alone when no parent or guardian can be asked (a child
    alone, or the adult present may be a cause of harm); otherwise a parent
    or guardian agrees together with the child's own agreement.
    """

    PERSON = "person"
    CHILD = "child"
    GUARDIAN_AND_CHILD = "guardian_and_child"


class InterpreterMode(StrEnum):
    """How an interpreter took part, if at all."""

    NONE = "none"
    IN_PERSON = "in_person"
    PHONE = "phone"


@dataclass(frozen=True)
class User:
    """An account of the vault."""

    name: str
    role: Role
    created: datetime


@dataclass(frozen=True)
class Case:
    """A person's case, known by a pseudonymous reference code."""

    id: int
    reference: str
    name: str | None
    created_by: str
    created: datetime
    updated: datetime
    status: CaseStatus
    closed_at: datetime | None


@dataclass(frozen=True)
class Consent:
    """What the respondent agreed to, and when (None: not yet asked).

    `refer_sections`: the packet sections (ids of referral_rules.SECTIONS)
    the person agreed a referral may share; empty without consent to refer.
    `given_by`: who gave these answers (None: recorded before this was asked).
    """

    screen: bool
    store: bool
    refer: bool
    at: datetime | None
    refer_sections: frozenset[str] = frozenset()
    given_by: ConsentGiver | None = None


@dataclass(frozen=True)
class Screening:
    """One screening interview within a case."""

    id: int
    case_id: int
    form_id: str
    form_version: str
    interviewer: str
    interviewer_lang: str
    respondent_lang: str
    interpreter_mode: InterpreterMode
    interpreter_id: str | None
    interpreter_briefed: bool
    consent: Consent
    status: ScreeningStatus
    stop_reason: str | None
    current_question: str | None
    section_seconds: dict[str, float] = field(default_factory=dict)
    started: datetime | None = None
    updated: datetime | None = None


@dataclass(frozen=True)
class AnswerRecord:
    """A stored answer: `declined` with value None means "prefer not to say"."""

    question_id: str
    value: object
    declined: bool
    answered_at: datetime


@dataclass(frozen=True)
class StoredOutcome:
    """A screening's scored result as saved (level id plus the result as JSON data).

    `decision` is the decision the level meant when it was scored; None only for
    a level no shipped form declared when the vault was upgraded (migration 6).
    """

    screening_id: int
    level: str
    result: dict
    saved_at: datetime
    decision: Decision | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail: who did what to which record, when."""

    id: int
    at: datetime
    actor: str
    action: str
    record: str | None
    detail: dict
    mac: str


@dataclass(frozen=True)
class ServiceFields:
    """A service's fields as entered, before it has an id in the vault."""

    name: str
    type: str
    languages: tuple[str, ...] = ()
    area: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    intake: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Service(ServiceFields):
    """An entry of the service directory (its fields plus its id): where people can be referred.

    The id is keyword-only: `Service(name, type, ..., id=7)`.
    """

    id: int = field(kw_only=True)

    @property
    def fields(self) -> ServiceFields:
        """The service's fields without the id (to edit and store them again)."""
        return ServiceFields(**{f.name: getattr(self, f.name) for f in fields(ServiceFields)})


@dataclass(frozen=True)
class Referral:
    """A referral made from a screening: to whom, when, what was shared, which packet."""

    id: int
    screening_id: int
    service_id: int | None
    created_at: datetime
    created_by: str
    sections: tuple[str, ...]
    urgency: str
    needs: tuple[str, ...]
    packet_sha256: str
    lang: str
    # Made under a child-protection duty without the child's agreement to be referred:
    # the ground (an id of child_protection.GROUNDS), whether the child was told, and
    # the worker's short note on it (kept on the case, never put in the packet).
    duty_ground: str | None = None
    duty_child_told: bool = False
    duty_note: str = ""
