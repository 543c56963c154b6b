"""`waystation forms import FILE.xlsx --out forms/ID.yaml`, `forms export-xlsform FORM --out F`.

Added to the `forms` command group (docs/forms.md, "XLSForm").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import add_output_file, refuse_existing, say
from app.domain.atomic_files import write_atomic
from app.i18n import _
from app.resources import locales_dir


def add_commands(sub) -> None:
    """Add `import` and `export-xlsform` to the `forms` subcommands."""
    importing = sub.add_parser("import", help=_("read an XLSForm into a questionnaire file"))
    importing.add_argument("file", metavar="FILE.xlsx", help=_("the XLSForm to read"))
    add_output_file(importing, _("the questionnaire file to write"), metavar="FILE.yaml")
    importing.add_argument(
        "--locales",
        metavar="DIR",
        help=_("where the translations go (default: the app's locales folder)"),
    )
    importing.set_defaults(func=run_import)

    exporting = sub.add_parser("export-xlsform", help=_("write a questionnaire as an XLSForm"))
    exporting.add_argument("form", metavar="FORM", help=_("a questionnaire id or .yaml file"))
    add_output_file(exporting, _("the XLSForm to write"), metavar="FILE.xlsx")
    exporting.set_defaults(func=run_export)


def run_import(args: argparse.Namespace) -> int:
    """Write the questionnaire and its translations; the notices and what is still missing."""
    from app.interchange.catalog_entries import add_translations
    from app.interchange.xlsform_import import import_xlsform
    from app.screening.loader import parse_form_text

    out = refuse_existing(args.out, args.overwrite)
    result = import_xlsform(Path(args.file))
    write_atomic(out, result.yaml_text.encode("utf-8"), mode=0o644)
    locales = Path(args.locales) if args.locales else locales_dir()
    add_translations(locales, result.form_id, result.translations, Path(args.file).name)
    say(
        _("{path}: questionnaire {id} written, with translations in {count} languages").format(
            path=out, id=result.form_id, count=len(result.translations)
        )
    )
    for notice in result.notices:
        print(_("note: {message}").format(message=notice), file=sys.stderr)
    _form, problems = parse_form_text(result.yaml_text, str(out), out)
    if problems:
        print(_("Still missing before the questionnaire can be used:"), file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from app.interchange.xlsform_rows import workbook
    from app.interchange.xlsx import write_workbook
    from app.screening.loader import find_form, load_form

    out = refuse_existing(args.out, args.overwrite)
    path = Path(args.form)
    form = load_form(path) if path.suffix in (".yaml", ".yml") else find_form(args.form)
    write_workbook(workbook(form), out)
    say(_("{path}: XLSForm of {id} written").format(path=args.out, id=form.id))
    return 0
