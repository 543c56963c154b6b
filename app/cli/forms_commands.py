"""`waystation forms list`, `forms validate [PATH...]`, `forms score FORM --answers FILE`
and `forms test [PATH...]` (vignettes: answer sets with the decision they must reach)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.domain.errors import NotFound, UsageError
from app.i18n import _, current_language, form_text, ngettext
from app.screening.explanation import decision_title
from app.screening.loader import (
    check_file,
    duplicate_id_problems,
    find_form,
    form_paths,
    load_form,
    load_forms,
)
from app.screening.model import Form
from app.screening.scoring import score
from app.screening.validation import Problem
from app.screening.vignettes import answers_from_mapping, run_file, vignette_paths


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

    scoring = sub.add_parser(
        "score", help=_("score a set of answers with a questionnaire and explain the decision")
    )
    scoring.add_argument("form", metavar="FORM", help=_("a questionnaire id or file"))
    scoring.add_argument(
        "--answers",
        required=True,
        metavar="FILE",
        help=_("JSON object: question id -> stored value (null: prefer not to say)"),
    )
    scoring.add_argument("--json", action="store_true", help=_("print one JSON object"))
    scoring.set_defaults(func=run_score)

    testing = sub.add_parser(
        "test", help=_("run form tests (vignettes); one line per failure with file and line")
    )
    testing.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=_("vignette files or folders (default: every file under forms/tests/)"),
    )
    testing.set_defaults(func=run_test)

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


def _form_for(spec: str) -> Form:
    path = Path(spec)
    if spec.endswith((".yaml", ".yml")) or path.is_file():
        if not path.is_file():
            raise NotFound(_("no such file: {file}").format(file=spec))
        return load_form(path)
    return find_form(spec)


def _read_answers(file: str) -> dict:
    try:
        text = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise UsageError(
            _("cannot read the answers file {file}: {reason}").format(file=file, reason=reason)
        ) from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise UsageError(
            _("{file} is not JSON: {problem}").format(file=file, problem=str(error))
        ) from None
    if not isinstance(data, dict):
        raise UsageError(
            _("{file} must hold one JSON object: question id -> answer").format(file=file)
        )
    return data


def run_score(args: argparse.Namespace) -> int:
    """Print the outcome of the answers in `--answers` scored with FORM."""
    form = _form_for(args.form)
    answers, unknown = answers_from_mapping(form, _read_answers(args.answers))
    for question_id in unknown:
        print(
            _("warning: {form} has no question {id}; its answer is ignored").format(
                form=form.id, id=question_id
            ),
            file=sys.stderr,
        )
    lang = current_language()
    outcome = score(form, answers, lang)
    if args.json:
        record = {
            "form": form.id,
            "form_version": form.version,
            "level": outcome.level,
            "decision": outcome.decision.value,
            "title": form_text(lang, outcome.title),
            "explanation": list(outcome.explanation),
            "declined": list(outcome.declined),
            "unsure": list(outcome.unsure),
            "not_answered": list(outcome.skipped),
        }
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return 0
    print(_("Decision: {decision}").format(decision=decision_title(outcome.decision)))
    for line in outcome.explanation[1:]:
        print(line)
    print(outcome.caution)
    return 0


def _vignette_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = vignette_paths(path)
            if not found:
                problems.append(f"{raw}:1: " + _("no .yaml vignettes in this folder"))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{raw}:1: " + _("no such file"))
    return files, problems


def run_test(args: argparse.Namespace) -> int:
    """Print `file:line: name: what failed` per failing vignette; exit 1 when any fails."""
    if args.paths:
        files, problems = _vignette_files(args.paths)
    else:
        from app.resources import forms_dir

        folder = forms_dir() / "tests"
        files, problems = vignette_paths(folder), []
        if not files:
            problems.append(f"{folder}:1: " + _("no .yaml vignettes in this folder"))
    forms = {form.id: form for form in load_forms()}
    total = 0
    for path in files:
        for result in run_file(path, forms, str(_relative(path))):
            total += 1
            if not result.passed:
                problems.append(str(result))
    for problem in problems:
        print(problem)
    failed = len(problems)
    summary = ngettext(
        "{count} vignette, {failed} failed", "{count} vignettes, {failed} failed", total
    ).format(count=total, failed=failed)
    print(summary, file=sys.stderr)
    return 1 if problems or total == 0 else 0
