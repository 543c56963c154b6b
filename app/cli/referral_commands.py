"""`waystation referral export`: a referral packet from a completed screening.

    waystation referral export --vault DIR --user NAME --screening REF --service ID
        --out FILE|FOLDER [--lang LANG [--force-language]] [--second-lang LANG]
        [--overwrite] [--password-stdin] [--packet-password]
        [--urgency U] [--needs a,b] [--other-need TEXT] [--sections a,b]
        [--consented a,b] [--note TEXT] [--text-lang LANG] [--worker-phone P]
        [--worker-email E] [--next-step TEXT ...]
        [--duty GROUND --child-told [--duty-note TEXT] [--child-agrees-to-note]]

REF is a screening id, or a case reference (its latest completed screening).
An existing packet file is replaced only with --overwrite.
Without --sections the service type's defaults are shared; never more than
the person agreed to share, as recorded with their consent to refer.
--consented can narrow that record (the person has since said less), never
widen it. Without --lang the packet is in the service's first working
language; a language the service does not list is refused unless
--force-language. Without --needs and --urgency, the screening's own needs
questions set them. An existing folder as --out gets a file named with the
packet reference, the service's short name and the date.

`waystation referral list` and `waystation referral status` (follow-up) are
in app/cli/referral_followup.py.

The packet password is never an argument (it would show in the process list
and the shell history). With --packet-password it is asked twice on the
terminal, or, with --password-stdin, read as the line after the vault
password. Without --packet-password the packet is written unprotected and a
warning says so.

--duty: a child who did not agree to be referred is referred to a service of
the child-protection type under the duty to protect the child (never an
adult); the worker confirms the child was told (--child-told). The packet
says so and shares only who the child is, where they are and a safe way to
reach them (never the address), the needs, the result and the indicators
(the note only with --child-agrees-to-note).
"""

from __future__ import annotations

import argparse
import sys

from app.cli.common import (
    PasswordReader,
    add_output_file,
    add_vault_options,
    open_vault,
    refuse_existing,
    say,
)
from app.cli.referral_followup import add_followup_commands
from app.domain import child_protection
from app.domain import referral_rules as rules
from app.domain.errors import NotFound, UsageError
from app.domain.models import ScreeningStatus
from app.domain.screening_states import ENDED
from app.export.referrals import (
    PacketSource,
    ReferralRequest,
    build_packet,
    export_referral,
    packet_file_name,
)
from app.i18n import _, current_language


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
        help=_("the packet's language code (default: the service's first working language)"),
    )
    export.add_argument(
        "--force-language",
        action="store_true",
        help=_("make the packet in --lang even though the service does not list that language"),
    )
    export.add_argument(
        "--second-lang",
        metavar="LANG",
        default="",
        help=_("repeat the packet in this language, for the person's own copy"),
    )
    add_output_file(export, _("the PDF file to write, or a folder to write it into"))
    export.add_argument(
        "--packet-password",
        action="store_true",
        help=_("protect the packet with a password (asked, or the next line of stdin)"),
    )
    export.add_argument(
        "--urgency",
        choices=list(rules.URGENCIES),
        help=_("how urgent the referral is (default: as the screening's answers say)"),
    )
    export.add_argument(
        "--needs",
        metavar="LIST",
        help=_("needs, comma-separated: {needs} (default: as the screening's answers say)").format(
            needs=", ".join(rules.NEEDS)
        ),
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
    export.add_argument(
        "--text-lang",
        metavar="LANG",
        default="",
        help=_("the language the note and next steps are written in (default: yours)"),
    )
    export.add_argument("--worker-phone", metavar="PHONE", default="")
    export.add_argument("--worker-email", metavar="EMAIL", default="")
    export.add_argument(
        "--next-step", metavar="TEXT", action="append", default=[], help=_("a next step")
    )
    duty = export.add_argument_group(
        _("child-protection duty"),
        _(
            "For a child who did not agree to be referred: a referral to a child-protection "
            "service under the duty to protect the child. Never for an adult."
        ),
    )
    duty.add_argument(
        "--duty",
        metavar="GROUND",
        choices=list(child_protection.GROUNDS),
        help=_("refer under the child-protection duty, on this ground: {grounds}").format(
            grounds=", ".join(child_protection.GROUNDS)
        ),
    )
    duty.add_argument(
        "--child-told",
        action="store_true",
        help=_("confirm that the child was told that child protection will be told"),
    )
    duty.add_argument(
        "--duty-note",
        metavar="TEXT",
        default="",
        help=_("a short note on the duty, kept on the case (not in the packet)"),
    )
    duty.add_argument(
        "--child-agrees-to-note",
        action="store_true",
        help=_("the child agreed that --note may go into the packet"),
    )
    export.set_defaults(func=_export)
    add_followup_commands(commands)


def _screening_id(vault, ref: str, *, duty: bool = False) -> int:
    """The screening REF names; for a case, its latest completed screening (under the
    duty, its latest ended one: a child who stopped or refused is protected too)."""
    ref = ref.strip()
    if ref.isdigit():
        return int(ref)
    case = vault.cases.check_access(vault.cases.by_reference(ref).id)
    wanted = ENDED if duty else {ScreeningStatus.COMPLETED}
    found = [s for s in vault.screenings.list_for_case(case.id) if s.status in wanted]
    if not found:
        if duty:
            raise NotFound(_("case {ref} has no ended screening").format(ref=ref))
        raise NotFound(_("case {ref} has no completed screening").format(ref=ref))
    return found[-1].id


def _export(args: argparse.Namespace) -> int:
    out = refuse_existing(args.out, args.overwrite)
    needs = rules.parse_needs(args.needs) if args.needs is not None else None
    sections = rules.parse_sections(args.sections) if args.sections is not None else None
    consented = rules.parse_sections(args.consented) if args.consented is not None else None
    duty = None
    if args.duty is not None:
        duty = child_protection.check_duty(
            child_protection.Duty(
                args.duty, args.child_told, args.duty_note, args.child_agrees_to_note
            )
        )
    elif args.child_told or args.duty_note or args.child_agrees_to_note:
        raise UsageError(_("--child-told, --duty-note and --child-agrees-to-note need --duty"))
    reader = PasswordReader(args)
    with open_vault(args, reader) as vault:
        request = ReferralRequest(
            screening_id=_screening_id(vault, args.screening, duty=duty is not None),
            service_id=args.service,
            lang=args.packet_lang,
            force_language=args.force_language,
            second_lang=args.second_lang,
            text_lang=args.text_lang or current_language(),
            urgency=args.urgency,
            needs=needs,
            other_need=args.other_need,
            sections=sections,
            consented_sections=consented,
            note=args.note,
            worker_phone=args.worker_phone,
            worker_email=args.worker_email,
            next_steps=tuple(args.next_step),
            duty=duty,
        )
        # The rules first (language, consent...), so nobody types a packet password in vain.
        source = PacketSource.read(vault, request.screening_id)
        content = build_packet(vault, request, source=source)
        if out.is_dir():
            out = refuse_existing(
                out / packet_file_name(vault, content, request.service_id), args.overwrite
            )
        password = None
        if args.packet_password:
            password = reader.new_password(_("Password for the packet: "), _("the packet password"))
            if not password:
                raise UsageError(_("the packet password is empty"))
        referral = export_referral(vault, request, out, password=password, source=source)
    if password is None:
        print(
            _("warning: {path} is not protected by a password; send it only by a safe way").format(
                path=out
            ),
            file=sys.stderr,
        )
    say(
        _(
            "Wrote {path} (packet {reference}, SHA-256 {sha}); the referral is recorded on the "
            "case, prepared, follow-up on {due}."
        ).format(
            path=out,
            reference=referral.reference,
            sha=referral.packet_sha256,
            due=referral.due_on.isoformat() if referral.due_on else "—",
        )
    )
    return 0
