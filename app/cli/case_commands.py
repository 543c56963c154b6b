"""`waystation case list|show|close|reopen|withdraw`: cases, as the acting user may see them.

    waystation case list [--status open|closed]
    waystation case show REF
    waystation case close REF
    waystation case reopen REF
    waystation case withdraw REF [--yes]

REF is a case reference such as WS-7K3M-9Q. A screener sees and acts on
their own cases only: another screener's case is "not found" (exit code 1),
as if it did not exist. Closing says when the case will be deleted under the
retention setting. Withdrawing consent deletes the case and everything in it
at once, for good; it asks for the reference to be typed again unless --yes
is given (required when there is no terminal to ask on, e.g. with
--password-stdin).
"""

from __future__ import annotations

import argparse
import sys

from app.cli.common import add_vault_options, open_vault, say, stdin_is_terminal
from app.domain import referral_rules as rules
from app.domain.child_protection import GROUNDS
from app.domain.consent import giver_title
from app.domain.errors import NotFound, UsageError
from app.domain.models import CaseStatus
from app.domain.screening_states import shown_status
from app.i18n import _, current_language, format_date, format_datetime_zone, ngettext
from app.reports.titles import Titles
from app.screening.explanation import decision_title
from app.storage.case_overview import STATUS_TITLES
from app.workflows.case_details import CASE_STATUS_TITLES, CaseDetails, case_by_reference

EXIT_FAILED = 1


def register(subparsers) -> None:
    """Add the `case` command group."""
    parser = subparsers.add_parser("case", help=_("list, show, close, reopen or withdraw cases"))
    commands = parser.add_subparsers(dest="case_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help=_("list the cases you may see"))
    add_vault_options(listing)
    listing.add_argument(
        "--status", choices=[s.value for s in CaseStatus], help=_("only open or closed cases")
    )
    listing.set_defaults(func=_list)

    for name, help_text, func in (
        ("show", _("what a case holds: screenings, consent, outcome, referrals"), _show),
        ("close", _("close a case; it is deleted after the retention period"), _close),
        ("reopen", _("open a closed case again"), _reopen),
        ("withdraw", _("the person withdrew consent: delete the case now, for good"), _withdraw),
    ):
        command = commands.add_parser(name, help=help_text)
        add_vault_options(command)
        command.add_argument("reference", metavar="REF", help=_("the case reference"))
        if name == "withdraw":
            command.add_argument(
                "--yes", action="store_true", help=_("do not ask to confirm the deletion")
            )
        command.set_defaults(func=func)


def _date(moment) -> str:
    return format_date(moment) if moment is not None else "-"


def _list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        cases = vault.cases.list(status=args.status)
        latest = vault.screenings.latest_by_case()
        due = {case.id: vault.cases.deletion_due(case) for case in cases}
    for case in cases:
        screening = latest.get(case.id)
        shown = shown_status(screening[0]) if screening is not None else "none"
        line = [
            case.reference,
            _(CASE_STATUS_TITLES[case.status]),
            _(STATUS_TITLES[shown]),
            case.created_by,
            _date(case.created),
        ]
        if due[case.id] is not None:
            line.append(_("deleted on {date}").format(date=_date(due[case.id])))
        say("\t".join(line))
    if not cases:
        say(_("No cases."))
    return 0


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _describe(vault, details: CaseDetails) -> list[str]:
    case = details.case
    lines = [
        _("Case {ref} ({status}), opened on {date} by {user}").format(
            ref=case.reference,
            status=_(CASE_STATUS_TITLES[case.status]),
            date=_date(case.created),
            user=case.created_by,
        )
    ]
    if details.deletion_due is not None:
        lines.append(
            _("Closed on {closed}; it will be deleted for good on {due}.").format(
                closed=_date(case.closed_at), due=_date(details.deletion_due)
            )
        )
    for item in details.screenings:
        screening = item.screening
        lines.append(
            _("Screening {id}: {form}, {status}, begun {date} by {user}").format(
                id=screening.id,
                form=screening.form_id,
                status=_(STATUS_TITLES[item.status]),
                date=_date(screening.started),
                user=screening.interviewer,
            )
        )
        consent = screening.consent
        if consent.at is None:
            lines.append("  " + _("consent: not recorded (the screening opens at the consent)"))
        else:
            refer = _yes_no(consent.refer)
            if consent.refer:
                shared = [
                    _(rules.SECTIONS[s]) for s in rules.SECTIONS if s in consent.refer_sections
                ]
                refer += " (" + (", ".join(shared) or _("the cover page only")) + ")"
            lines.append(
                "  "
                + _(
                    "consent on {date}: to the screening {screen}, to keeping the answers "
                    "{store}, to a referral {refer}; given by {giver}"
                ).format(
                    date=format_datetime_zone(consent.at),
                    screen=_yes_no(consent.screen),
                    store=_yes_no(consent.store),
                    refer=refer,
                    giver=giver_title(consent.given_by),
                )
            )
        if item.outcome_level is not None:
            lines.append(
                "  "
                + _("outcome: {level}; decision: {decision}").format(
                    level=Titles(current_language()).level(screening.form_id, item.outcome_level),
                    decision=decision_title(item.decision) or _("unknown"),
                )
            )
        if item.answers_forgotten:
            lines.append(
                "  " + _("answers: not kept, as the person asked; deleted when the screening ended")
            )
        else:
            lines.append(
                "  "
                + ngettext("{n} answer kept", "{n} answers kept", item.answers).format(
                    n=item.answers
                )
            )
        for referral in item.referrals:
            lines.append("  " + _referral_line(vault, referral))
    if not details.screenings:
        lines.append(_("No screening yet."))
    return lines


def _referral_line(vault, referral) -> str:
    try:
        service = vault.services.get(referral.service_id).name
    except (NotFound, TypeError):
        service = _("a service since removed from the directory")
    line = _("referral {id} to {service} on {date}").format(
        id=referral.id, service=service, date=_date(referral.created_at)
    )
    if referral.duty_ground:
        line += "; " + _(
            "under the child-protection duty, without the child's agreement (ground: {ground})"
        ).format(ground=_(GROUNDS.get(referral.duty_ground, referral.duty_ground)))
    return line


def _show(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        for line in _describe(vault, case_by_reference(vault, args.reference)):
            say(line)
    return 0


def _close(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        case = vault.cases.by_reference(args.reference)
        closed = vault.cases.close(case.id)
        due = vault.cases.deletion_due(closed)
        days = int(vault.settings.get("retention_days"))
    say(
        ngettext(
            "Closed case {ref}. Under the retention setting ({days} day) it will be deleted "
            "for good on {date}, unless it is reopened before then.",
            "Closed case {ref}. Under the retention setting ({days} days) it will be deleted "
            "for good on {date}, unless it is reopened before then.",
            days,
        ).format(ref=closed.reference, days=days, date=_date(due))
    )
    return 0


def _reopen(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        case = vault.cases.by_reference(args.reference)
        opened = vault.cases.reopen(case.id)
    say(_("Reopened case {ref}; it is no longer due for deletion.").format(ref=opened.reference))
    return 0


def _confirmed(reference: str) -> bool:
    """Ask for the reference to be typed again; refuse to guess without a terminal."""
    if not stdin_is_terminal():
        raise UsageError(
            _(
                "withdrawing consent deletes case {ref} at once, for good; there is no terminal "
                "to ask on, so confirm with --yes"
            ).format(ref=reference)
        )
    try:
        typed = input(
            _("Type the reference {ref} to delete the case for good: ").format(ref=reference)
        )
    except EOFError:
        return False
    return typed.strip().upper() == reference.upper()


def _withdraw(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        details = case_by_reference(vault, args.reference)
        reference = details.case.reference
        say(
            _(
                "Withdrawing consent deletes case {ref} now, for good, with everything in it "
                "(screenings: {screenings}, answers: {answers}, referral records: {referrals})."
            ).format(
                ref=reference,
                screenings=len(details.screenings),
                answers=details.answers,
                referrals=details.referrals,
            )
        )
        if not args.yes and not _confirmed(reference):
            print(_("Nothing was deleted."), file=sys.stderr)
            return EXIT_FAILED
        counts = vault.cases.withdraw_consent(details.case.id)
    say(_("Case {ref} and everything in it were deleted.").format(ref=reference))
    if counts.get("referrals"):
        say(
            ngettext(
                "{n} referral packet was sent before: deleting the case does not recall it. "
                "Tell that service that the person withdrew consent.",
                "{n} referral packets were sent before: deleting the case does not recall them. "
                "Tell those services that the person withdrew consent.",
                counts["referrals"],
            ).format(n=counts["referrals"])
        )
    return 0
