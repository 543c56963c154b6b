"""What a referral packet says, as plain data (no reportlab here).

The core builds a `PacketContent` from a screening, its answers, its outcome,
the person's profile and the sections the person agreed to share;
`app.export.packet.render_packet` turns it into PDF bytes. Texts are kept in
the source language and translated when the packet is drawn, in the packet's
language (and, for a bilingual packet, again in the person's): the app's own
labels through the UI catalog, questionnaire texts (dimension titles,
questions, options, outcomes) through the forms catalog. Names, contacts,
notes and next steps are the worker's words, printed as given and marked
when they are in another language than the packet's (`text_lang`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.domain.person import PersonProfile


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
class Words:
    """A piece of text to put in the packet's language.

    `kind`: "ui" (an app label, through the UI catalog), "form" (a
    questionnaire text, a FormText, through the forms catalog) or "as_is"
    (a number or date, printed as it is).
    """

    text: str
    kind: str = "ui"


@dataclass(frozen=True)
class Indicator:
    """One indicator found: the question (form source text), its answer and its strength."""

    ref: str
    question: str
    strength: str
    answer: tuple[Words, ...] = ()


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
class Consent:
    """Who agreed to the referral, when, and on what ground.

    `given_by`: who gave the consent answers (a models.ConsentGiver value:
    the person, a child alone, or a parent or guardian together with the
    child; None: recorded before this was asked). `duty_ground`: set for a
    referral made under the child-protection duty without the child's
    agreement (an id of child_protection.GROUNDS); `at` is then when the
    screening's consent was recorded, if it was.
    """

    at: datetime | None
    given_by: str | None = None
    duty_ground: str | None = None

    @property
    def under_duty(self) -> bool:
        """Made under the child-protection duty, not with the person's agreement."""
        return self.duty_ground is not None


@dataclass(frozen=True)
class ReceiverTerms:
    """What the receiving service may do with the packet (the organisation's setting)."""

    share_further: str = "no"
    keep_days: int = 90


@dataclass(frozen=True)
class PacketContent:
    """Everything a referral packet shows.

    `sections` names the optional parts the packet carries (see
    `app.domain.referral_rules.SECTIONS`); a part not named there is not
    drawn even if its data is filled in. `person` holds only what the
    sections allow. `child`: whether the person is a child (None: not
    known), always shown. `second_lang`: the packet is drawn again in this
    language after the first, for the person's own copy.
    """

    lang: str
    reference: str
    created: datetime
    urgency: str
    organisation: str
    worker: ContactInfo
    recipient: Recipient
    consent: Consent
    interpreter: str
    sections: frozenset[str]
    child: bool | None = None
    person: PersonProfile = field(default_factory=PersonProfile)
    needs: tuple[str, ...] = ()
    other_need: str = ""
    outcome_title: str = ""
    outcome_description: str = ""
    outcome_decision: str = ""  # a domain.models.Decision value; "" when unknown
    outcome_version: str = ""  # the questionnaire version the outcome was scored with
    findings: tuple[Finding, ...] = ()
    declined: tuple[DeclinedQuestion, ...] = ()
    note: str = ""
    contacts: tuple[ContactInfo, ...] = ()
    next_steps: tuple[str, ...] = ()
    terms: ReceiverTerms = field(default_factory=ReceiverTerms)
    text_lang: str = ""
    second_lang: str = ""
