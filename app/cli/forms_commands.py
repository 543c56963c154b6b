"""`waystation forms list` and `waystation forms validate [PATH...]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.i18n import _, current_language, form_text, ngettext
from app.screening.loader import check_file, duplicate_id_problems, form_paths
from app.screening.model import Form
from app.screening.validation import Problem


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `forms` command group."""
    parser = subparsers.add_parser("forms", help=_("list and check questionnaires"))
    sub = parser.add_subparsers(dest="forms_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help=_("list the questionnaires the app offers"))
    listing.set_defaults(func=run_list)

    validate = sub.add_parser("validate", help=_("check questionnaire files; one line per problem"))
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=_("questionnaire files or folders (default: the app's questionnaires)"),
    )
    validate.add_argument(
        "--no-translations",
        action="store_true",
        help=_("do not check for missing translations (while drafting a new form)"),
    )
    validate.set_defaults(func=run_validate)

    from app.cli.xlsform_commands import add_commands

    add_commands(sub)


def run_list(args: argparse.Namespace) -> int:
    """Print id, version, audience, questions and title of each valid form."""
    status = 0
    for path in form_paths():
        form, problems = check_file(path, translations=False)
        if form is None:
            print(
                _("{file}: not usable ({count} problems; run forms validate)").format(
                    file=path.name, count=len(problems)
                ),
                file=sys.stderr,
            )
            status = 1
            continue
        print(
            _(
                "{id} v{version} ({audience}, {questions} questions, ~{minutes} min): {title}"
            ).format(
                id=form.id,
                version=form.version,
                audience=form.audience,
                questions=len(form.questions),
                minutes=form.estimated_minutes or "?",
                title=form_text(current_language(), form.title),
            )
        )
    return status


def _expand(paths: list[str]) -> tuple[list[Path], list[Problem]]:
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = form_paths(path)
            if not found:
                problems.append(Problem(raw, 1, 1, _("no .yaml questionnaires in this folder")))
            files += found
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(raw, 1, 1, _("no such file")))
    return files, problems


def _relative(path: Path) -> Path:
    # Shorter lines when run from the project folder; absolute otherwise.
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def run_validate(args: argparse.Namespace) -> int:
    """Print `file:line:column: message` per problem; exit 1 when there are any."""
    if args.paths:
        files, problems = _expand(args.paths)
    else:
        files, problems = [_relative(path) for path in form_paths()], []
    loaded: list[tuple[Path, Form]] = []
    for path in files:
        form, found = check_file(path, translations=not args.no_translations)
        problems += found
        if form is not None:
            loaded.append((path, form))
    problems += duplicate_id_problems(loaded)
    for problem in problems:
        print(problem)
    if problems:
        file_count = len({p.file for p in problems})
        # The file count is a phrase of its own, so each number gets its own plural form.
        in_files = ngettext("{count} file", "{count} files", file_count).format(count=file_count)
        print(
            ngettext(
                "{count} problem in {files}", "{count} problems in {files}", len(problems)
            ).format(count=len(problems), files=in_files),
            file=sys.stderr,
        )
        return 1
    print(
        ngettext("{count} questionnaire OK", "{count} questionnaires OK", len(files)).format(
            count=len(files)
        ),
        file=sys.stderr,
    )
    return 0
