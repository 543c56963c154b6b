"""`waystation referral export`: a referral packet from a completed screening.

    waystation referral export --vault DIR --user NAME --screening REF --service ID
        --lang LANG --out FILE [--overwrite] [--password-stdin] [--packet-password]
        [--urgency U] [--needs a,b] [--other-need TEXT] [--sections a,b]
        [--consented a,b] [--note TEXT] [--worker-phone P] [--worker-email E]
        [--next-step TEXT ...]

REF is a screening id, or a case reference (its latest completed screening).
An existing --out file is replaced only with --overwrite.
Without --sections the service type's defaults are shared; never more than
the person agreed to share, as recorded with their consent to refer.
--consented can narrow that record (the person has since said less), never
widen it.

The packet password is never an argument (it would show in the process list
and the shell history). With --packet-password it is asked twice on the
terminal, or, with --password-stdin, read as the line after the vault
password. Without --packet-password the packet is written unprotected and a
warning says so.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import PasswordReader, add_vault_options, open_vault, say
from app.domain import referral_rules as rules
from app.domain.errors import NotFound, UsageError
from app.domain.models import ScreeningStatus
from app.export.referrals import ReferralRequest, export_referral
from app.i18n import _


def register(subparsers) -> None:
    """Add the `referral` command group."""
    parser = subparsers.add_parser("referral", help=_("make referral packets"))
    commands = parser.add_subparsers(dest="referral_command", metavar="ACTION", required=True)
    export = commands.add_parser(
        "export", help=_("write a referral packet (PDF) for a completed screening")
    )
    add_vault_options(export)
    export.add_argument(
        "--screening",
        metavar="REF",
        required=True,
        help=_("screening id, or case reference (its latest completed screening)"),
    )
    export.add_argument(
        "--service", metavar="ID", type=int, required=True, help=_("the service's id")
    )
    export.add_argument(
        "--lang",
        metavar="LANG",
        dest="packet_lang",
        required=True,
        help=_("the packet's language code"),
    )
    export.add_argument("--out", metavar="FILE", required=True, help=_("the PDF file to write"))
    export.add_argument(
        "--overwrite", action="store_true", help=_("replace the file --out names if it exists")
    )
    export.add_argument(
        "--packet-password",
        action="store_true",
        help=_("protect the packet with a password (asked, or the next line of stdin)"),
    )
    export.add_argument(
        "--urgency",
        default="routine",
        choices=list(rules.URGENCIES),
        help=_("how urgent the referral is"),
    )
    export.add_argument(
        "--needs",
        metavar="LIST",
        default="",
        help=_("needs, comma-separated: {needs}").format(needs=", ".join(rules.NEEDS)),
    )
    export.add_argument("--other-need", metavar="TEXT", default="", help=_("the other need"))
    export.add_argument(
        "--sections",
        metavar="LIST",
        help=_("sections to share, comma-separated: {sections}").format(
            sections=", ".join(rules.SECTIONS)
        ),
    )
    export.add_argument(
        "--consented",
        metavar="LIST",
        help=_("narrow what the person agreed to share (default: as recorded with their consent)"),
    )
    export.add_argument(
        "--note",
        metavar="TEXT",
        default="",
        help=_("a short note for the service; never a verbatim account"),
    )
    export.add_argument("--worker-phone", metavar="PHONE", default="")
    export.add_argument("--worker-email", metavar="EMAIL", default="")
    export.add_argument(
        "--next-step", metavar="TEXT", action="append", default=[], help=_("a next step")
    )
    export.set_defaults(func=_export)


def _screening_id(vault, ref: str) -> int:
    ref = ref.strip()
    if ref.isdigit():
        return int(ref)
    case = vault.cases.check_access(vault.cases.by_reference(ref).id)
    completed = [
        s for s in vault.screenings.list_for_case(case.id) if s.status is ScreeningStatus.COMPLETED
    ]
    if not completed:
        raise NotFound(_("case {ref} has no completed screening").format(ref=ref))
    return completed[-1].id


def _export(args: argparse.Namespace) -> int:
    if Path(args.out).exists() and not args.overwrite:
        raise UsageError(
            _(
                "{path} already exists; choose another file name, or add --overwrite to replace it"
            ).format(path=args.out)
        )
    needs = rules.parse_needs(args.needs)
    sections = rules.parse_sections(args.sections) if args.sections is not None else None
    consented = rules.parse_sections(args.consented) if args.consented is not None else None
    reader = PasswordReader(args)
    with open_vault(args, reader) as vault:
        request = ReferralRequest(
            screening_id=_screening_id(vault, args.screening),
            service_id=args.service,
            lang=args.packet_lang,
            urgency=args.urgency,
            needs=needs,
            other_need=args.other_need,
            sections=sections,
            consented_sections=consented,
            note=args.note,
            worker_phone=args.worker_phone,
            worker_email=args.worker_email,
            next_steps=tuple(args.next_step),
        )
        password = None
        if args.packet_password:
            password = reader.new_password(_("Password for the packet: "), _("the packet password"))
            if not password:
                raise UsageError(_("the packet password is empty"))
        referral = export_referral(vault, request, args.out, password=password)
    if password is None:
        print(
            _("warning: {path} is not protected by a password; send it only by a safe way").format(
                path=args.out
            ),
            file=sys.stderr,
        )
    say(
        _("Wrote {path} (SHA-256 {sha}); the referral is recorded on the case.").format(
            path=args.out, sha=referral.packet_sha256
        )
    )
    return 0
