"""What a referral packet says, as plain data (no reportlab here).

The core builds a `PacketContent` from a screening, its outcome and the
sections the person agreed to share; `app.export.packet.render_packet` turns
it into PDF bytes. Texts are kept in the source language and translated when
the packet is drawn, in the recipient's language: the app's own labels
through the UI catalog, questionnaire texts (dimension titles, questions,
outcome titles) through the forms catalog. Names, contacts, notes and next
steps are the worker's words and are printed as given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ContactInfo:
    """A person or service to contact; empty fields are left out."""

    name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class Recipient:
    """The service the packet is for."""

    name: str
    service_type: str
    phone: str = ""
    email: str = ""
    address: str = ""
    intake: str = ""


@dataclass(frozen=True)
class Indicator:
    """One indicator found: the question (form source text) and its strength."""

    ref: str
    question: str
    strength: str


@dataclass(frozen=True)
class Finding:
    """One dimension of the screen: its title (form source text) and what was found."""

    title: str
    positive: bool
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True)
class DeclinedQuestion:
    """A question the person chose not to answer."""

    ref: str
    question: str


@dataclass(frozen=True)
class PacketContent:
    """Everything a referral packet shows.

    `sections` names the optional parts the packet carries (see
    `app.domain.referral_rules.SECTIONS`); a part not named there is not
    drawn even if its data is filled in.
    """

    lang: str
    reference: str
    created: datetime
    urgency: str
    organisation: str
    worker: ContactInfo
    recipient: Recipient
    consent_at: datetime | None
    interpreter: str
    sections: frozenset[str]
    needs: tuple[str, ...] = ()
    other_need: str = ""
    outcome_title: str = ""
    outcome_decision: str = ""  # a domain.models.Decision value; "" when unknown
    outcome_version: str = ""  # the questionnaire version the outcome was scored with
    findings: tuple[Finding, ...] = ()
    declined: tuple[DeclinedQuestion, ...] = ()
    note: str = ""
    contacts: tuple[ContactInfo, ...] = ()
    next_steps: tuple[str, ...] = field(default_factory=tuple)
    # Who gave the consent (a models.ConsentGiver value; None: not recorded), and for a
    # referral under the child-protection duty, its ground (a child_protection.GROUNDS id).
    consent_by: str | None = None
    duty_ground: str | None = None
