"""`waystation report summary|pdf|stats`: the reports page's figures without the desktop.

The period is --from DATE --to DATE (YYYY-MM-DD, both included, UTC); without
them, the last whole month. Figures cover everyone's work for administrators
and supervisors and the acting screener's own cases otherwise. `stats` writes
k-anonymised HTCDS-coded tables for sharing (administrators and supervisors;
--k overrides the vault's k, never below 5). Every output is audited with
the period and the number of rows; files are written atomically, and an
existing --out file is replaced only with --overwrite.
"""

from __future__ import annotations

import argparse
import json

from app.cli.common import (
    add_output_file,
    add_vault_options,
    open_vault,
    refuse_existing,
    say,
)
from app.domain.errors import UsageError
from app.i18n import _, ngettext


def _add_period(parser: argparse.ArgumentParser) -> None:
    add_vault_options(parser)
    parser.add_argument("--from", dest="start", metavar="DATE", help=_("first day (YYYY-MM-DD)"))
    parser.add_argument("--to", dest="end", metavar="DATE", help=_("last day (YYYY-MM-DD)"))


def register(subparsers) -> None:
    """Add the `report` command group."""
    parser = subparsers.add_parser(
        "report", help=_("figures, the monthly PDF and shared statistics")
    )
    commands = parser.add_subparsers(dest="report_command", metavar="ACTION", required=True)

    summary = commands.add_parser("summary", help=_("print the figures of a period"))
    _add_period(summary)
    summary.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    summary.set_defaults(func=_summary)

    pdf = commands.add_parser("pdf", help=_("write the report of a period as PDF"))
    _add_period(pdf)
    pdf.add_argument(
        "--lang", dest="report_lang", metavar="LANG", default="en", help=_("language of the report")
    )
    add_output_file(pdf, _("the PDF file to write"))
    pdf.set_defaults(func=_pdf)

    stats = commands.add_parser("stats", help=_("write k-anonymised statistics for sharing (CSV)"))
    _add_period(stats)
    add_output_file(stats, _("the CSV file to write"))
    stats.add_argument("--k", type=int, metavar="K", help=_("smallest count shown (at least 5)"))
    stats.set_defaults(func=_stats)


def _period(args: argparse.Namespace):
    from app.reports.period import Period

    return Period.parse(args.start, args.end)


def _summary(args: argparse.Namespace) -> int:
    from app.reports.figures import summarise

    period = _period(args)
    with open_vault(args) as vault:
        summary = summarise(vault, period)
        vault.audit.record("report.summary", None, {**period.as_dict(), "rows": summary.screenings})
    if args.json:
        say(json.dumps(summary.to_json(), ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    from app.reports.titles import CAUTION, OVERDUE, Titles

    titles = Titles(_current())
    say(titles.period(summary))
    say(_("Screenings started: {count}").format(count=summary.screenings))
    for key, count in summary.by_category.items():
        say(f"  {titles.category(key)}: {count}")
    say(_("Referrals made: {count}").format(count=summary.referrals))
    for key, count in summary.referrals_by_status.items():
        say(f"  {titles.referral_status(key)}: {count}")
    if summary.overdue_on is not None:
        overdue = _(OVERDUE).format(day=titles.day(summary.overdue_on))
        say(_("{label}: {value}").format(label=overdue, value=summary.referrals_overdue))
    if summary.median_minutes is not None:
        say(_("Median interview length: {minutes} minutes").format(minutes=summary.median_minutes))
    say(_(CAUTION))
    return 0


def _current() -> str:
    from app.i18n import current_language

    return current_language()


def _pdf(args: argparse.Namespace) -> int:
    from app.export.report_pdf import export_report
    from app.i18n import is_offered
    from app.reports.figures import summarise

    if not is_offered(args.report_lang):
        raise UsageError(_("language not offered: {code}").format(code=args.report_lang))
    period = _period(args)
    out = refuse_existing(args.out, args.overwrite)
    with open_vault(args) as vault:
        pages = export_report(vault, summarise(vault, period), args.report_lang, out)
    say(
        ngettext("Wrote {count} page to {path}.", "Wrote {count} pages to {path}.", pages).format(
            count=pages, path=args.out
        )
    )
    return 0


def _stats(args: argparse.Namespace) -> int:
    from app.reports.shared import export_statistics

    period = _period(args)
    out = refuse_existing(args.out, args.overwrite)
    with open_vault(args) as vault:
        rows = export_statistics(vault, period, out, args.k)
    say(
        ngettext("Wrote {count} row to {path}.", "Wrote {count} rows to {path}.", rows).format(
            count=rows, path=args.out
        )
    )
    return 0
