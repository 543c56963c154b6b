"""`waystation services list|import FILE.csv|export FILE.csv`: the service directory.

An import is checked whole first: every problem is reported with its row and
column and, if there is any, nothing is imported (exit code 1). Importing is
for administrators; exporting the whole directory for administrators and
supervisors (exit code 3 for others; everyone may list it). The columns are
described in docs/referrals.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import (
    add_output_file,
    add_vault_options,
    open_vault,
    refuse_existing,
    say,
)
from app.domain.roles import Permission, require
from app.domain.service_csv import read_csv, read_file
from app.i18n import _, ngettext

EXIT_FAILED = 1


def register(subparsers) -> None:
    """Add the `services` command group."""
    parser = subparsers.add_parser("services", help=_("list, import and export the services"))
    commands = parser.add_subparsers(dest="services_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help=_("show the service directory"))
    add_vault_options(listing)
    listing.set_defaults(func=_list)

    importing = commands.add_parser(
        "import", help=_("add or update services from a CSV file (administrators only)")
    )
    add_vault_options(importing)
    importing.add_argument("file", metavar="FILE", help=_("the CSV file to read"))
    importing.set_defaults(func=_import)

    exporting = commands.add_parser("export", help=_("write the service directory as CSV"))
    add_vault_options(exporting)
    add_output_file(exporting, _("the CSV file to write"), positional=True)
    exporting.set_defaults(func=_export)


def _list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        services = vault.services.list()
    for service in services:
        say(
            "\t".join(
                (
                    str(service.id),
                    service.name,
                    service.type,
                    " ".join(service.languages),
                    service.country,
                )
            ).rstrip()
        )
    if not services:
        say(_("The service directory is empty."))
    return 0


def _import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    text = read_file(path)  # before unlocking: a file too large is refused at once
    with open_vault(args) as vault:
        require(vault.user.role, Permission.MANAGE_SERVICES)
        report = read_csv(text, vault.services.ids())
        if not report.ok:
            for problem in report.problems:
                print(f"{path}: {problem}", file=sys.stderr)
            print(
                ngettext(
                    "{count} problem; nothing was imported.",
                    "{count} problems; nothing was imported.",
                    len(report.problems),
                ).format(count=len(report.problems)),
                file=sys.stderr,
            )
            return EXIT_FAILED
        added, updated = vault.services.import_rows(report.rows)
    say(
        _("Imported {added} new and {updated} updated services.").format(
            added=added, updated=updated
        )
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.export.files import write_atomic

    out = refuse_existing(args.file, args.overwrite)
    with open_vault(args) as vault:
        text = vault.services.export_csv()
        count = len(vault.services.ids())
    write_atomic(out, text.encode("utf-8"))
    say(
        ngettext(
            "Wrote {count} service to {path}.", "Wrote {count} services to {path}.", count
        ).format(count=count, path=args.file)
    )
    return 0
