"""The child-protection duty: referring a child who did not agree to be referred.

An adult decides for themselves whether to be referred. For a child the duty
to protect does not wait for the child's agreement: a referral to a service
of the child-protection type may be made without it, under a recorded duty.
The worker names the ground (GROUNDS), confirms that the child was told, and
may keep a short note on the case about it. Such a packet says that it was
made under a child-protection duty without the child's agreement and shares
only what the duty needs (DUTY_SECTIONS): who the child is (age, languages,
who is with them) and where they are now with a safe way to reach them, so
that child protection can find the child and speak with them; the needs, the
screening result and the indicators found. Never the address (only the kind
of place), never the questions the child chose not to answer, and the
worker's note only when the child agreed to that.

A person counts as a child when the questionnaire is the child questionnaire,
when the consent was given by or for a child, or when an age under 18 is
recorded for the person, or about the person says so (an age band under 18,
the worker's "child", an uncertain age presumed a child's: app/domain/person.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.domain import person
from app.domain import referral_rules as rules
from app.domain.consent import CHILD_GIVERS
from app.domain.errors import UsageError
from app.domain.models import ConsentGiver, ScreeningStatus
from app.domain.person import PersonProfile
from app.i18n import N_, _

DUTY_SERVICE_TYPE = "child_protection"
ADULT_AGE = 18
MAX_NOTE_LENGTH = 300

GROUNDS: dict[str, str] = {
    "risk_of_harm": N_("the child is at risk of harm"),
    "alone_or_separated": N_("the child is alone or separated from their family"),
    "legal_duty": N_("a legal duty to report"),
}

# The screening's caution ends "Decide on a referral together with the person, and respect
# their choice". For a child who said no, the child's no is not the last word where the
# duty applies: the summary and a duty packet say what the duty asks instead.
CAUTION_CHILD_SAID_NO = N_(
    "A screen is not an identification of trafficking: the indicators found here neither "
    "prove nor rule it out. The child did not agree to a referral: listen to why, and tell "
    "them what happens next. Where the child must be protected, the duty comes before "
    "their agreement."
)
CAUTION_UNDER_DUTY = N_(
    "A screen is not an identification of trafficking: the indicators found here neither "
    "prove nor rule it out. The child did not agree to this referral; it is made under the "
    "child-protection duty. Keep the child informed of what happens next, and take their "
    "views into account."
)

# What a duty referral may share. Declined questions and the address never; the note only
# with the child's say.
DUTY_SECTIONS = frozenset(
    {
        rules.PERSON_SECTION,
        rules.CONTACT_SECTION,
        rules.NEEDS_SECTION,
        rules.OUTCOME_SECTION,
        rules.INDICATORS_SECTION,
    }
)


@dataclass(frozen=True)
class Duty:
    """A referral made under the child-protection duty, as the worker records it.

    `note_agreed`: the child agreed that the worker's note for the service
    may go into the packet. `note` is the worker's short note on the duty
    itself, kept on the case.
    """

    ground: str
    child_told: bool
    note: str = ""
    note_agreed: bool = False


def is_child(
    *, audience: str | None, given_by: ConsentGiver | str | None, age: int | None = None
) -> bool:
    """True when the person screened is a child (see the module text)."""
    if audience == "child":
        return True
    if given_by is not None and ConsentGiver(given_by) in CHILD_GIVERS:
        return True
    return age is not None and age < ADULT_AGE


def check_duty(duty: Duty) -> Duty:
    """The duty with a clean note, or UsageError saying what is missing."""
    if duty.ground not in GROUNDS:
        raise UsageError(
            _("unknown child-protection ground '{ground}'; use one of {known}").format(
                ground=duty.ground, known=", ".join(GROUNDS)
            )
        )
    if not duty.child_told:
        raise UsageError(
            _(
                "tell the child that child protection will be told, and confirm that you did, "
                "before a referral under the duty"
            )
        )
    note = " ".join(duty.note.split())
    if len(note) > MAX_NOTE_LENGTH:
        raise UsageError(
            _("the note on the duty is too long: keep it under {limit} characters").format(
                limit=MAX_NOTE_LENGTH
            )
        )
    return Duty(duty.ground, True, note, bool(duty.note_agreed))


def allowed_sections(duty: Duty) -> frozenset[str]:
    """The packet sections a referral under `duty` may share (the note only if the child agreed)."""
    return DUTY_SECTIONS | ({rules.NOTE_SECTION} if duty.note_agreed else frozenset())


def duty_refusal(
    *, child: bool, consent_to_refer: bool, status: ScreeningStatus | str
) -> str | None:
    """Why no duty referral can be made from this screening, or None when one can."""
    if not child:
        return _(
            "a referral under the child-protection duty is only for a child; an adult decides "
            "for themselves whether to be referred"
        )
    if consent_to_refer:
        return _(
            "the child agreed to be referred: make the referral with their agreement, "
            "within what they agreed to share"
        )
    if ScreeningStatus(status) not in (ScreeningStatus.COMPLETED, ScreeningStatus.STOPPED):
        return _("end the interview first (complete or stop it), then refer under the duty")
    return None


def duty_sections(
    *,
    child: bool,
    consent_to_refer: bool,
    status: ScreeningStatus | str,
    service_type: str,
    duty: Duty,
    requested: Iterable[str] | None = None,
) -> frozenset[str]:
    """What a referral under the duty may share, or UsageError saying why it may not be made.

    `requested` is the worker's choice (None: everything the duty allows);
    asking for more than the duty allows is refused, naming the sections.
    """
    reason = duty_refusal(child=child, consent_to_refer=consent_to_refer, status=status)
    if reason is not None:
        raise UsageError(reason)
    if service_type != DUTY_SERVICE_TYPE:
        raise UsageError(
            _(
                "a referral under the child-protection duty goes only to a service of the "
                "type {type}"
            ).format(type=_(rules.SERVICE_TYPES[DUTY_SERVICE_TYPE]))
        )
    allowed = allowed_sections(check_duty(duty))
    if requested is None:
        return allowed
    wanted = frozenset(requested)
    beyond = sorted(wanted - allowed)
    if beyond:
        raise UsageError(
            _("a referral under the child-protection duty may not share: {sections}").format(
                sections=", ".join(_(rules.SECTIONS.get(s, s)) for s in beyond)
            )
        )
    return wanted


def person_is_child(
    profile: PersonProfile, *, audience: str | None, given_by: ConsentGiver | str | None
) -> bool | None:
    """Whether the person is a child, as a packet says it: as about the person and the
    questionnaire say (app/domain/person.py), else a consent given by or for a child
    says so. None: nothing says."""
    said = person.is_child(profile, audience)
    if said is None and given_by is not None and ConsentGiver(given_by) in CHILD_GIVERS:
        return True
    return said


def counts_as_child(
    profile: PersonProfile, *, audience: str | None, given_by: ConsentGiver | str | None
) -> bool:
    """A child for the duty: as a packet says it, or by this module's own rule (a child
    questionnaire, a consent by or for a child, an age under 18)."""
    return person_is_child(profile, audience=audience, given_by=given_by) is True or is_child(
        audience=audience, given_by=given_by, age=profile.age
    )


def duty_possible(
    screening: Any, *, audience: str | None, profile: PersonProfile | None = None
) -> bool:
    """True when this screening allows a referral under the duty (to a child-protection
    service): a child, by `counts_as_child`, who did not agree to be referred, the
    interview ended."""
    child = counts_as_child(
        profile or PersonProfile(), audience=audience, given_by=screening.consent.given_by
    )
    return (
        duty_refusal(child=child, consent_to_refer=screening.consent.refer, status=screening.status)
        is None
    )
