"""`waystation referral list` and `waystation referral status`: following referrals up.

    waystation referral list [--due] [--status S] [--case REF] [--mine]
    waystation referral status REF STATUS [--note TEXT] [--outcome O] [--due DATE]

REF is a packet reference (as printed on the packet, e.g. WS-7K3M-9Q-R1) or
a referral's number. STATUS is one of prepared, sent, received, accepted,
declined, closed; a closed referral needs --outcome. A referral only moves
forward. --due sets the next follow-up date (YYYY-MM-DD) instead of the
default (the follow-up setting's days from today). Every change is in the
referral's history and the audit trail; a screener sees and changes only the
referrals of their own cases.
"""

from __future__ import annotations

import argparse
from datetime import date

from app.cli.common import add_vault_options, open_vault, say
from app.domain import referral_status as flow
from app.domain.errors import UsageError
from app.i18n import _, format_day, ngettext


def add_followup_commands(commands) -> None:
    """Add `list` and `status` to the `referral` command group."""
    listing = commands.add_parser("list", help=_("list referrals and their follow-up"))
    add_vault_options(listing)
    listing.add_argument(
        "--due", action="store_true", help=_("only referrals whose follow-up date has come")
    )
    listing.add_argument(
        "--status",
        choices=[status.value for status in flow.ReferralStatus],
        help=_("only referrals in this status"),
    )
    listing.add_argument("--case", metavar="REF", help=_("only the referrals of this case"))
    listing.add_argument(
        "--mine", action="store_true", help=_("only the referrals you made yourself")
    )
    listing.set_defaults(func=_list)

    status = commands.add_parser("status", help=_("record where a referral stands now"))
    add_vault_options(status)
    status.add_argument("reference", metavar="REF", help=_("the packet reference"))
    status.add_argument(
        "status",
        metavar="STATUS",
        help=_("one of {statuses}").format(
            statuses=", ".join(s.value for s in flow.ReferralStatus)
        ),
    )
    status.add_argument(
        "--note", metavar="TEXT", default="", help=_("a short note for the referral's history")
    )
    status.add_argument(
        "--outcome",
        metavar="OUTCOME",
        help=_("how a closed referral ended: {outcomes}").format(
            outcomes=", ".join(flow.CLOSE_OUTCOMES)
        ),
    )
    status.add_argument("--due", metavar="DATE", help=_("the next follow-up date (YYYY-MM-DD)"))
    status.set_defaults(func=_status)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            _("--due: {value!r} is not a date written as YYYY-MM-DD").format(value=text)
        ) from None


def _list(args: argparse.Namespace) -> int:
    today = date.today()
    with open_vault(args) as vault:
        case_id = vault.cases.by_reference(args.case).id if args.case else None
        rows = vault.referrals.overview(
            due_only=args.due,
            status=args.status,
            case_id=case_id,
            mine=args.mine,
            today=today,
        )
    for row in rows:
        referral = row.referral
        follow_up = referral.due_on.isoformat() if referral.due_on else "-"
        say(
            "\t".join(
                (
                    referral.reference,
                    row.case_reference,
                    row.service_name or _("(service removed)"),
                    referral.status,
                    referral.status_at.date().isoformat() if referral.status_at else "-",
                    follow_up,
                    _("DUE") if row.due else "",
                )
            ).rstrip()
        )
    if args.due:
        say(
            ngettext(
                "{count} referral is due for follow-up.",
                "{count} referrals are due for follow-up.",
                len(rows),
            ).format(count=len(rows))
        )
    elif not rows:
        say(_("No referrals."))
    return 0


def _status(args: argparse.Namespace) -> int:
    due = _date(args.due) if args.due else None
    with open_vault(args) as vault:
        referral = vault.referrals.find(args.reference)
        referral = vault.referrals.set_status(
            referral.id, args.status, note=args.note, outcome=args.outcome, due_on=due
        )
    if referral.due_on:
        follow_up = _("next follow-up on {date}").format(date=format_day(referral.due_on))
    else:
        follow_up = _("no follow-up needed")
    say(
        _("Referral {reference} is now {status}; {follow_up}.").format(
            reference=referral.reference,
            status=_(flow.STATUS_TITLES[flow.ReferralStatus(referral.status)]),
            follow_up=follow_up,
        )
    )
    return 0
