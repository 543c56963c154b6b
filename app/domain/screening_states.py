"""Where a screening can stand and why it stopped: the lifecycle's words, defined once.

The statuses are `models.ScreeningStatus` (the vault's words): `draft` (in
progress), `paused`, `completed`, `stopped`. A draft or paused screening can
go on; a completed or stopped one has ended and takes no more answers. A
screening stopped because consent to screen was refused carries NO_CONSENT
and shows as "refused". The interviewer's other stop reasons are STOP_REASONS.
"""

from __future__ import annotations

from typing import Any

from app.domain.errors import UsageError
from app.domain.models import ScreeningStatus
from app.i18n import N_, _

# Interviews that can go on, and those that have ended.
RESUMABLE = frozenset({ScreeningStatus.DRAFT, ScreeningStatus.PAUSED})
ENDED = frozenset({ScreeningStatus.COMPLETED, ScreeningStatus.STOPPED})

# The stop reason recorded when the person did not agree to the screening: no question asked.
NO_CONSENT = "no_consent"

# Why an interviewer ends an interview early, in the order they are offered.
STOP_REASONS: dict[str, str] = {
    "respondent_request": N_("The respondent asked to stop"),
    "distress": N_("The respondent is distressed"),
    "not_safe": N_("It is not safe to continue here"),
    "interpreter": N_("A problem with the interpreter"),
    "emergency": N_("An emergency"),
    "other": N_("Another reason"),
}


def check_stop_reason(reason: str) -> str:
    """`reason` if an interviewer may give it; UsageError naming the valid ones otherwise."""
    if reason not in STOP_REASONS:
        raise UsageError(
            _("unknown stop reason '{reason}'; use one of {known}").format(
                reason=reason, known=", ".join(STOP_REASONS)
            )
        )
    return reason


def is_ended(screening: Any) -> bool:
    """True when the screening was completed or stopped (refusals included)."""
    return ScreeningStatus(screening.status) in ENDED


def shown_status(screening: Any) -> str:
    """The status word to show: a refusal of consent shows as "refused"."""
    status = ScreeningStatus(screening.status).value
    if status == ScreeningStatus.STOPPED and screening.stop_reason == NO_CONSENT:
        return "refused"
    return status


def answers_forgotten(screening: Any) -> bool:
    """True when the person agreed to the screening but not to keeping the answers,
    and it has ended: the answer values were deleted when it ended."""
    consent = screening.consent
    return bool(consent.at and consent.screen and not consent.store and is_ended(screening))
