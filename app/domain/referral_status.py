"""Where a referral stands, and how it may move: a small declared set for follow-up and reports.

A referral is *prepared* when its packet is written, *sent* when the worker
has sent it, *received* when the service confirms it has it, then *accepted*
or *declined* by the service, and finally *closed* with an outcome. It only
moves forward (a step may be skipped: a packet handed over in person is
received at once). While it is open (prepared, sent, received, accepted) it
has a follow-up date; a referral past that date is *due*: someone should
ask the service what happened. Each change sets the next follow-up date
again, `followup_days` after the change, unless the worker gives one.
Declined and closed referrals need no follow-up.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from app.domain.errors import UsageError
from app.i18n import N_, _


class ReferralStatus(StrEnum):
    """The states of a referral, in the order it moves through them."""

    PREPARED = "prepared"
    SENT = "sent"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CLOSED = "closed"


STATUS_TITLES: dict[str, str] = {
    ReferralStatus.PREPARED: N_("prepared, not yet sent"),
    ReferralStatus.SENT: N_("sent"),
    ReferralStatus.RECEIVED: N_("received by the service"),
    ReferralStatus.ACCEPTED: N_("accepted by the service"),
    ReferralStatus.DECLINED: N_("declined by the service"),
    ReferralStatus.CLOSED: N_("closed"),
}

# How far along each status is; a referral moves only to a later step.
_STEP = {
    ReferralStatus.PREPARED: 0,
    ReferralStatus.SENT: 1,
    ReferralStatus.RECEIVED: 2,
    ReferralStatus.ACCEPTED: 3,
    ReferralStatus.DECLINED: 3,
    ReferralStatus.CLOSED: 4,
}
OPEN_STATUSES: tuple[ReferralStatus, ...] = (
    ReferralStatus.PREPARED,
    ReferralStatus.SENT,
    ReferralStatus.RECEIVED,
    ReferralStatus.ACCEPTED,
)
FINAL_STATUSES: tuple[ReferralStatus, ...] = (ReferralStatus.DECLINED, ReferralStatus.CLOSED)

# How a closed referral ended.
CLOSE_OUTCOMES: dict[str, str] = {
    "support_given": N_("the service supported the person"),
    "person_declined": N_("the person chose not to go ahead"),
    "not_reached": N_("the service could not reach the person"),
    "referred_on": N_("the service referred the person on"),
    "not_eligible": N_("the person was not eligible"),
    "other": N_("other outcome"),
}

DEFAULT_FOLLOWUP_DAYS = 7


def check_status(value: str) -> ReferralStatus:
    """The status `value` names, or UsageError listing the statuses."""
    try:
        return ReferralStatus(str(value).strip().lower())
    except ValueError:
        raise UsageError(
            _("unknown referral status {value!r}; use one of {known}").format(
                value=value, known=", ".join(s.value for s in ReferralStatus)
            )
        ) from None


def check_outcome(value: str) -> str:
    """The closing outcome `value` names, or UsageError listing them."""
    key = str(value).strip().lower()
    if key not in CLOSE_OUTCOMES:
        raise UsageError(
            _("unknown referral outcome {value!r}; use one of {known}").format(
                value=value, known=", ".join(CLOSE_OUTCOMES)
            )
        )
    return key


def check_move(current: ReferralStatus, target: ReferralStatus, outcome: str | None) -> None:
    """UsageError saying why a referral cannot move from `current` to `target`, if it cannot."""
    if current in FINAL_STATUSES and not (
        current is ReferralStatus.DECLINED and target is ReferralStatus.CLOSED
    ):
        raise UsageError(
            _("the referral is {status} already; it cannot change any more").format(
                status=_(STATUS_TITLES[current])
            )
        )
    if _STEP[target] <= _STEP[current]:
        raise UsageError(
            _("a referral that is {current} cannot go back to {target}").format(
                current=_(STATUS_TITLES[current]), target=_(STATUS_TITLES[target])
            )
            if target is not current
            else _("the referral is {status} already").format(status=_(STATUS_TITLES[current]))
        )
    if target is ReferralStatus.CLOSED and not outcome:
        raise UsageError(
            _("closing a referral needs its outcome: one of {known}").format(
                known=", ".join(CLOSE_OUTCOMES)
            )
        )
    if target is not ReferralStatus.CLOSED and outcome:
        raise UsageError(_("only a closed referral has an outcome"))


def next_moves(current: ReferralStatus) -> list[ReferralStatus]:
    """The statuses a referral in `current` may move to, in order."""
    moves = []
    for target in ReferralStatus:
        try:
            check_move(current, target, "other" if target is ReferralStatus.CLOSED else None)
        except UsageError:
            continue
        moves.append(target)
    return moves


def followup_date(status: ReferralStatus, changed: date, days: int) -> date | None:
    """When to follow up a referral that reached `status` on `changed` (None: no need)."""
    if status in FINAL_STATUSES:
        return None
    return changed + timedelta(days=days)


def is_due(status: ReferralStatus, due: date | None, today: date) -> bool:
    """True when an open referral's follow-up date has come."""
    return status in OPEN_STATUSES and due is not None and due <= today
