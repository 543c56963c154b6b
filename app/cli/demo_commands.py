"""`waystation demo --out DIR`: a demo vault with synthetic cases, made headless.

The vault is created in DIR with the administrator `demo`. Its password is one
line of standard input with --password-stdin; otherwise a random one is made
and printed once. Afterwards `waystation --vault DIR ... --user demo` opens it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import PasswordReader, say
from app.demo import DEFAULT_CASES, DEMO_USER, build_demo_vault, demo_password
from app.demo.builder import check_case_count, check_language
from app.domain.errors import UsageError
from app.i18n import _, set_language
from app.storage.users import check_password


def register(subparsers) -> None:
    """Add the `demo` command."""
    parser = subparsers.add_parser(
        "demo", help=_("create a demo vault with synthetic cases in a new folder")
    )
    parser.add_argument(
        "--out", metavar="DIR", required=True, help=_("the new (or empty) folder to create")
    )
    parser.add_argument(
        "--cases",
        metavar="N",
        type=int,
        default=DEFAULT_CASES,
        help=_("how many synthetic cases to make (default {n})").format(n=DEFAULT_CASES),
    )
    # Its own dest: the same option before the subcommand must not be overwritten.
    parser.add_argument(
        "--lang",
        dest="demo_lang",
        metavar="LANG",
        help=_("the interviewer's language in the demo screenings (default: English)"),
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the password of the account demo from standard input"),
    )
    parser.set_defaults(func=_demo)


def _demo(args: argparse.Namespace) -> int:
    folder = Path(args.out).expanduser()
    cases = check_case_count(args.cases)
    lang = check_language(args.demo_lang or getattr(args, "lang", None) or "en")
    if args.demo_lang:
        set_language(lang)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(
            _("{path} is not an empty folder; choose a new folder for the demo").format(path=folder)
        )
    if args.password_stdin:
        password = check_password(
            PasswordReader(args).password("", _("the password of {name}").format(name=DEMO_USER))
        )
        printed = False
    else:
        password, printed = demo_password(), True
    say(_("Creating the demo vault (key derivation takes a moment)..."))
    demo = build_demo_vault(
        folder, cases=cases, interviewer_lang=lang, password=password, packets_into=folder
    )
    summary = demo.summary
    say(
        _("Created the demo vault {path} with the administrator {name}.").format(
            path=demo.path, name=demo.user
        )
    )
    if printed:
        say(
            _("Password of {name} (shown only now): {password}").format(
                name=demo.user, password=password
            )
        )
    say(
        _("{cases} synthetic cases, {answers} answers, {services} demo services.").format(
            cases=summary.cases, answers=summary.answers, services=summary.services
        )
    )
    _counts(_("questionnaires"), summary.forms)
    _counts(_("respondent languages"), summary.languages)
    _counts(_("screening status"), summary.statuses)
    _counts(_("outcomes"), summary.outcomes)
    for packet in demo.packets:
        if packet.password:
            say(
                _("Referral packet {path} ({lang}, for {service}), password: {password}").format(
                    path=packet.path,
                    lang=packet.lang,
                    service=packet.service,
                    password=packet.password,
                )
            )
        else:
            say(
                _("Referral packet {path} ({lang}, for {service})").format(
                    path=packet.path, lang=packet.lang, service=packet.service
                )
            )
    say(
        _(
            "Open it: waystation --vault {path} (desktop), or waystation vault info "
            "--vault {path} --user {name}"
        ).format(path=demo.path, name=demo.user)
    )
    return 0


def _counts(title: str, counter) -> None:
    items = ", ".join(f"{key} {count}" for key, count in sorted(counter.items()))
    say(f"  {title}: {items or '-'}")
