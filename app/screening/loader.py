"""Finding and loading questionnaires, and checking their translations.

``load_form(path)`` returns a Form or raises FormError listing every problem;
``check_file(path)`` returns the problems without raising (for `forms validate`).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

from app.domain.errors import FormError, NotFound
from app.i18n import SOURCE_LANGUAGE, _, offered_languages
from app.i18n.catalogs import FORMS_DOMAIN, placeholder_fields
from app.resources import forms_dir, locales_dir
from app.screening.extractor import iter_texts
from app.screening.model import Form
from app.screening.validation import Problem, build_form
from app.screening.yaml_source import Position, YamlSourceError, YMap, parse_yaml

MAX_FILE_BYTES = 2_000_000


def _read(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [Problem(file, 1, 1, _("the file is too large for a questionnaire"))]
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [
            Problem(file, 1, 1, _("cannot read the file: {reason}").format(reason=reason))
        ]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        return None, [
            Problem(
                file,
                1,
                1,
                _("the file is not UTF-8 text (byte {offset})").format(offset=error.start),
            )
        ]


def parse_form_text(
    text: str, file: str, path: Path | None = None
) -> tuple[Form | None, list[Problem]]:
    """The Form in YAML `text`, or None with the problems; never raises for bad input."""
    try:
        document = parse_yaml(text)
    except YamlSourceError as error:
        return None, [Problem(file, error.position.line, error.position.column, error.message)]
    return build_form(document, file, path)


def check_file(path: Path, *, translations: bool = True) -> tuple[Form | None, list[Problem]]:
    """Load `path` and list every problem, including missing translations."""
    file = str(path)
    text, problems = _read(path, file)
    if text is None:
        return None, problems
    form, problems = parse_form_text(text, file, path)
    if form is not None and translations:
        problems = translation_problems(text, file)
    return form, problems


def load_form(path: Path) -> Form:
    """The questionnaire at `path`; raises FormError naming every problem.

    A file read before and unchanged since (same size and modification time) gives
    the Form parsed then: forms are immutable, and parsing the three shipped ones
    takes about 0.3 s, which every packet export and command paid again.
    """
    try:
        stat = path.stat()
    except OSError:
        return _load_form(path)
    return _load_unchanged(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _load_unchanged(path: Path, mtime_ns: int, size: int) -> Form:
    # `mtime_ns` and `size` are part of the cache key, so an edited file is read again.
    return _load_form(path)


def _load_form(path: Path) -> Form:
    file = str(path)
    text, problems = _read(path, file)
    form = None
    if text is not None:
        form, problems = parse_form_text(text, file, path)
    if form is None:
        raise FormError(
            _("{file} is not a usable questionnaire:\n{problems}").format(
                file=file, problems="\n".join(str(p) for p in problems)
            ),
            problems,
        )
    return form


def form_paths(folder: Path | None = None) -> list[Path]:
    """The questionnaire files in `folder` (default: the app's forms folder)."""
    folder = folder or forms_dir()
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_forms(folder: Path | None = None) -> list[Form]:
    """Every questionnaire in `folder`; FormError on a bad file or repeated form id."""
    forms: list[Form] = []
    for path in form_paths(folder):
        form = load_form(path)
        for other in forms:
            if other.id == form.id:
                problem = Problem(
                    str(path),
                    1,
                    1,
                    _("form id {id} is also used by {other}").format(id=form.id, other=other.path),
                )
                raise FormError(str(problem), [problem])
        forms.append(form)
    return forms


def duplicate_id_problems(results: list[tuple[Path, Form]]) -> list[Problem]:
    """A problem for each form whose id an earlier file already uses."""
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path, form in results:
        if form.id in seen:
            problems.append(
                Problem(
                    str(path),
                    1,
                    1,
                    _("form id {id} is also used by {other}").format(
                        id=form.id, other=seen[form.id]
                    ),
                )
            )
        else:
            seen[form.id] = path
    return problems


def find_form(form_id: str, folder: Path | None = None) -> Form:
    """The questionnaire with this id; NotFound when there is none."""
    for form in load_forms(folder):
        if form.id == form_id:
            return form
    raise NotFound(_("no questionnaire with id {id}").format(id=form_id))


def _catalog_entries(lang: str, root: Path) -> dict[tuple[str | None, str], str] | None:
    """(context, msgid) -> msgstr of a language's forms catalog (fuzzy counts as missing)."""
    po = root / lang / "LC_MESSAGES" / f"{FORMS_DOMAIN}.po"
    try:
        stamp = po.stat().st_mtime_ns
    except OSError:
        return None
    return _read_catalog(po, stamp)


@cache
def _read_catalog(po: Path, stamp: int) -> dict[tuple[str | None, str], str] | None:
    # `stamp` is part of the cache key, so an edited catalog is read again.
    try:
        with po.open("rb") as handle:
            catalog = read_po(handle)
    except (OSError, ValueError):
        return None
    return {
        (m.context, str(m.id)): str(m.string)
        for m in catalog
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


def translation_problems(text: str, file: str, root: Path | None = None) -> list[Problem]:
    """A problem for each text of the form that an offered language lacks."""
    root = root or locales_dir()
    try:
        root_node = parse_yaml(text).root
    except YamlSourceError:
        return []
    found = iter_texts(root_node)
    form_id = str(root_node.get("id", "")) if isinstance(root_node, YMap) else ""
    context = form_id or None
    problems: list[Problem] = []
    for lang in offered_languages():
        if lang.code == SOURCE_LANGUAGE:
            continue
        entries = _catalog_entries(lang.code, root)
        if entries is None:
            problems.append(
                Problem(
                    file,
                    1,
                    1,
                    _("no {domain} catalog for {language} ({code})").format(
                        domain=FORMS_DOMAIN,
                        language=lang.display_name(SOURCE_LANGUAGE),
                        code=lang.code,
                    ),
                )
            )
            continue
        for position, source, _comment in found:
            translated = entries.get((context, source))
            if translated is None:
                problems.append(
                    _text_problem(
                        file,
                        position,
                        _("no {language} ({code}) translation of {text}"),
                        lang.code,
                        lang.display_name(SOURCE_LANGUAGE),
                        source,
                    )
                )
            elif placeholder_fields(translated) != placeholder_fields(source):
                problems.append(
                    _text_problem(
                        file,
                        position,
                        _("the {language} ({code}) translation of {text} has different {{fields}}"),
                        lang.code,
                        lang.display_name(SOURCE_LANGUAGE),
                        source,
                    )
                )
    return problems


def _text_problem(
    file: str, position: Position, message: str, code: str, name: str, source: str
) -> Problem:
    short = source if len(source) <= 50 else source[:47] + "..."
    text = '"' + short.replace("\n", " ") + '"'
    return Problem(
        file, position.line, position.column, message.format(language=name, code=code, text=text)
    )
