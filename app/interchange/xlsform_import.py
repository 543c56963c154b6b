"""`forms import FILE.xlsx`: an XLSForm as a Waystation questionnaire (YAML) and catalog entries.

The subset read: the survey, choices and settings sheets; note, text,
integer, decimal, date, select_one, select_multiple, begin_group/end_group (one
level: each group is a section); `label` and `hint` in every language
(`label::Arabic (ar)`), `relevant` and limit-only `constraint` expressions.
Anything else is an error naming the sheet, row and column. `required`,
`appearance` and `constraint_message` are read past with a notice (every
question can be declined in Waystation, and it words its own messages).
Scoring is not part of XLSForm: the questionnaire written has no dimensions,
outcomes, consent or closing script, and `forms validate` lists what is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from app.domain.errors import FormError
from app.i18n import SOURCE_LANGUAGE, _, is_offered, offered_languages
from app.interchange.xlsform_rows import GUIDANCE_SUFFIX, YES_NO_LIST
from app.interchange.xlsx import Cell, SheetRow, read_sheets
from app.interchange.xpath import XPathError, constraint_bounds, from_xpath
from app.screening.problems import FORM_ID_RE, ID_RE

TYPES = {"text": "text", "integer": "number", "decimal": "number", "date": "date"}
IGNORED = ("required", "required_message", "appearance", "constraint_message")
_LANG_RE = re.compile(
    r"^(?P<column>label|hint|constraint_message|required_message)"
    r"(?:::(?P<language>.+))?$"
)
_CODE_RE = re.compile(r"\((?P<code>[A-Za-z-]{2,8})\)\s*$")


@dataclass(frozen=True)
class SheetProblem:
    """One mistake in an XLSForm, with its sheet, row and column."""

    file: str
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("{file}: sheet {sheet}, row {row}, column {column}: {message}").format(
            file=self.file, sheet=self.sheet, row=self.row, column=self.column, message=self.message
        )


@dataclass
class ImportResult:
    """The questionnaire as YAML text, its translations by language, and notices."""

    form_id: str
    yaml_text: str
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


class _Importer:
    def __init__(self, path: Path) -> None:
        self.file = path.name
        self.problems: list[SheetProblem] = []
        self.notices: list[str] = []
        self.translations: dict[str, dict[str, str]] = {}
        self.languages: dict[str, str | None] = {}  # column language name -> code (None: skip)
        self.default_language = ""

    def problem(self, cell: Cell | None, message: str, *, sheet="", row=0, column="") -> None:
        if cell is not None:
            sheet, row, column = cell.sheet, cell.row, f"{cell.column} ({cell.header})"
        self.problems.append(SheetProblem(self.file, sheet, row, column, message))

    # -- languages and texts ------------------------------------------------------

    def language_code(self, name: str | None, cell: Cell) -> str | None:
        """The offered language a column's language name means; None to skip it."""
        if not name:
            return (
                self.language_code(self.default_language, cell)
                if self.default_language
                else (SOURCE_LANGUAGE)
            )
        if name in self.languages:
            return self.languages[name]
        match = _CODE_RE.search(name)
        code = match.group("code").lower() if match else None
        if code is None:
            by_name = {
                lang.display_name(SOURCE_LANGUAGE).lower(): lang.code
                for lang in offered_languages()
            }
            code = by_name.get(name.strip().lower())
        if code is None or not is_offered(code):
            self.notices.append(
                _("column {header}: Waystation does not offer this language; not imported").format(
                    header=cell.header
                )
            )
            code = None
        self.languages[name] = code
        return code

    def texts(self, row: SheetRow, column: str) -> tuple[str, dict[str, str]]:
        """(English text, translations by code) of `column` in a row."""
        english = ""
        others: dict[str, str] = {}
        for header, cell in row.cells.items():
            match = _LANG_RE.match(header)
            if not match or match.group("column") != column:
                continue
            code = self.language_code(match.group("language"), cell)
            if code == SOURCE_LANGUAGE:
                english = cell.text
            elif code:
                others[code] = cell.text
        return english, others

    def text(
        self, row: SheetRow, column: str, *, required: bool, where: Cell, keep: bool = True
    ) -> str:
        """The English text of `column`; its translations are kept (unless `keep` is False)."""
        english, others = self.texts(row, column)
        if not english:
            if required:
                self.problem(
                    where,
                    _(
                        "no English {column}: Waystation writes every text in English first "
                        "(add a column {column}::English (en))"
                    ).format(column=column),
                )
            return ""
        if keep:
            self.keep(english, others)
        return english

    def keep(self, english: str, others: dict[str, str]) -> None:
        for code, text in others.items():
            self.translations.setdefault(code, {})[english] = text

    # -- checks ---------------------------------------------------------------------

    def identifier(self, cell: Cell | None, what: str, pattern: re.Pattern = ID_RE) -> str:
        if cell is None:
            return ""
        if not pattern.match(cell.text):
            self.problem(
                cell,
                _("{what} {value} may hold only a-z, 0-9 and _ (lower case)").format(
                    what=what, value=cell.text
                ),
            )
        return cell.text

    def columns(self, row: SheetRow, allowed: tuple[str, ...]) -> None:
        for header, cell in row.cells.items():
            base = header.split("::", 1)[0].strip()
            if base in allowed or base in ("label", "hint"):
                continue
            if base in IGNORED:
                note = _(
                    "column {header} is not imported: every question can be declined, and "
                    "Waystation words its own messages"
                ).format(header=header)
                if note not in self.notices:
                    self.notices.append(note)
                continue
            self.problem(
                cell, _("the column {header} is not supported by Waystation").format(header=header)
            )


def _choices(importer: _Importer, rows: list[SheetRow]) -> dict[str, list[dict]]:
    lists: dict[str, list[dict]] = {}
    for row in rows:
        importer.columns(row, ("list_name", "list name", "name"))
        list_name = row.text("list_name") or row.text("list name")
        name_cell = row.cells.get("name")
        if not list_name or name_cell is None:
            first = next(iter(row.cells.values()))
            importer.problem(first, _("a choice needs a list_name and a name"))
            continue
        option_id = importer.identifier(name_cell, _("the choice name"))
        text = importer.text(row, "label", required=True, where=name_cell, keep=False)
        others = importer.texts(row, "label")[1]
        # Translations are kept when a question uses the list (yes/no lists use the app's own).
        lists.setdefault(list_name, []).append({"id": option_id, "text": text, "_": others})
    return lists


def _is_yes_no(options: list[dict]) -> bool:
    ids = {o["id"] for o in options}
    return {"yes", "no"} <= ids <= {"yes", "no", "unsure"}


def _question(importer: _Importer, row: SheetRow, kind: str, lists: dict) -> dict | None:
    type_cell = row.cells["type"]
    name_cell = row.cells.get("name")
    if name_cell is None:
        importer.problem(type_cell, _("a question needs a name"))
        return None
    question: dict = {"id": importer.identifier(name_cell, _("the question name"))}
    question["text"] = importer.text(row, "label", required=True, where=name_cell)
    words = kind.split()
    if words[0] in ("select_one", "select_multiple"):
        if len(words) != 2 or words[1] not in lists:
            importer.problem(
                type_cell,
                _("{type}: no choice list of that name on the choices sheet").format(type=kind),
            )
            return None
        options = lists[words[1]]
        if words[0] == "select_one" and (words[1] == YES_NO_LIST or _is_yes_no(options)):
            question["type"] = "yes_no"
        else:
            question["type"] = "single" if words[0] == "select_one" else "multiple"
            question["options"] = [{"id": o["id"], "text": o["text"]} for o in options]
            for option in options:
                importer.keep(option["text"], option["_"])
    elif words[0] in TYPES and len(words) == 1:
        question["type"] = TYPES[words[0]]
    else:
        importer.problem(
            type_cell, _("the type {type} is not supported by Waystation").format(type=kind)
        )
        return None
    hint = importer.text(row, "hint", required=False, where=name_cell)
    if hint:
        question["help"] = hint
    relevant = row.cells.get("relevant")
    if relevant is not None:
        try:
            question["show_if"] = from_xpath(relevant.text)
        except XPathError as error:
            importer.problem(
                relevant,
                _("{message} (at character {at})").format(
                    message=error.message, at=error.offset + 1
                ),
            )
    constraint = row.cells.get("constraint")
    if constraint is not None:
        _constraint(importer, constraint, question, whole=words[0] == "integer")
    return question


def _constraint(importer: _Importer, cell: Cell, question: dict, *, whole: bool) -> None:
    if question.get("type") != "number":
        importer.problem(cell, _("a constraint is only supported on integer and decimal questions"))
        return
    try:
        low, high = constraint_bounds(cell.text, whole=whole)
    except XPathError as error:
        importer.problem(cell, error.message)
        return
    for key, value in (("min", low), ("max", high)):
        if value is not None:
            question[key] = int(value) if float(value).is_integer() else value


def _settings(importer: _Importer, rows: list[SheetRow]) -> dict[str, str]:
    if not rows:
        importer.problem(
            None,
            _("the settings sheet needs form_id and form_title"),
            sheet="settings",
            row=2,
            column="A",
        )
        return {}
    row = rows[0]
    importer.default_language = row.text("default_language")
    form_id = row.cells.get("form_id")
    if form_id is None:
        importer.problem(
            None,
            _("the settings sheet needs a form_id"),
            sheet="settings",
            row=row.number,
            column="form_id",
        )
    else:
        importer.identifier(form_id, _("the form_id"), FORM_ID_RE)
    version = row.cells.get("version")
    if version is not None and not version.text.isdigit():
        importer.problem(version, _("the version must be a whole number"))
    return {
        "id": form_id.text if form_id else "",
        "version": int(version.text) if version is not None and version.text.isdigit() else 1,
        "title": row.text("form_title") or (form_id.text if form_id else ""),
    }


def import_xlsform(path: Path | str) -> ImportResult:
    """Read an XLSForm; FormError listing every problem with sheet, row and column."""
    path = Path(path)
    importer = _Importer(path)
    sheets = read_sheets(path)
    for needed in ("survey", "settings"):
        if needed not in sheets:
            importer.problem(
                None,
                _("the sheet {sheet} is missing").format(sheet=needed),
                sheet=needed,
                row=1,
                column="A",
            )
    settings = _settings(importer, sheets.get("settings", []))
    lists = _choices(importer, sheets.get("choices", []))
    sections: list[dict] = []
    current: dict | None = None
    loose: dict | None = None

    def section() -> dict:
        """The open group's section; rows outside any group go to one section `questions`."""
        nonlocal loose
        if current is not None:
            return current
        if loose is None:
            loose = {"id": "questions", "title": settings.get("title", ""), "questions": []}
            sections.append(loose)
        return loose

    for row in sheets.get("survey", []):
        type_cell = row.cells.get("type")
        if type_cell is None:
            importer.problem(next(iter(row.cells.values())), _("this row has no type"))
            continue
        importer.columns(row, ("type", "name", "relevant", "constraint"))
        kind = (
            re.sub(r"\s+", " ", type_cell.text.strip().lower())
            .replace("begin group", "begin_group")
            .replace("end group", "end_group")
        )
        if kind == "begin_group":
            if current is not None:
                importer.problem(
                    type_cell, _("groups inside groups are not supported: each group is a section")
                )
                continue
            name = row.cells.get("name")
            current = {
                "id": importer.identifier(name, _("the group name")) if name else "",
                "title": importer.text(row, "label", required=True, where=name or type_cell),
                "questions": [],
            }
            sections.append(current)
        elif kind == "end_group":
            current = None
        elif kind == "note":
            holder = section()
            text = importer.text(
                row, "label", required=True, where=row.cells.get("name") or type_cell
            )
            name = row.text("name")
            if holder["questions"] and not name.endswith(GUIDANCE_SUFFIX):
                importer.notices.append(
                    _(
                        "row {row}: the note is shown as guidance before the section's questions"
                    ).format(row=row.number)
                )
            holder["guidance"] = (holder.get("guidance", "") + "\n" + text).strip()
        else:
            question = _question(importer, row, kind, lists)
            if question is None:
                continue
            section()["questions"].append(question)
    if importer.problems:
        raise FormError(
            _("{file} cannot be imported:\n{problems}").format(
                file=path, problems="\n".join(str(p) for p in importer.problems)
            ),
            importer.problems,
        )
    importer.notices.append(
        _(
            "scoring is not part of XLSForm: add dimensions, indicators, outcomes and the consent "
            "and closing scripts, then run forms validate (it lists what is missing)"
        )
    )
    document = {
        "id": settings["id"],
        "version": settings["version"],
        "title": settings["title"],
        "audience": "adult",
        "source_language": SOURCE_LANGUAGE,
        "sections": [{k: v for k, v in s.items() if v != "" or k == "questions"} for s in sections],
    }
    # The form file is English source text, like every questionnaire.
    header = (
        f"# Imported from {path.name}. Still to write: consent_script, closing_script,\n"
        "# dimensions, indicators and scoring (waystation forms validate lists them).\n"
    )
    text = header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10_000)
    return ImportResult(settings["id"], text, importer.translations, importer.notices)
