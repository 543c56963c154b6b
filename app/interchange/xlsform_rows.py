"""A questionnaire as XLSForm rows: the survey, choices and settings sheets as lists of dicts.

The same rows are written to an .xlsx file (`forms export-xlsform`) and handed
to pyxform to build the XForm published to ODK Central. Languages are named the
ODK way, `English (en)`, `Arabic (ar)`; a text without a translation is left
empty rather than repeated in English, so a round trip keeps what was missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.i18n import SOURCE_LANGUAGE, form_text, offered_languages, translate
from app.interchange.xpath import DECLINED_CHOICE, to_xpath
from app.screening.model import Form, Question

YES_NO_LIST = "yes_no"
# The labels of the yes/no choices are the app's own (interface catalog), not the form's.
YES_NO_LABELS = (("yes", "Yes"), ("no", "No"), ("unsure", "Not sure"))
DECLINED_LABEL = "Prefer not to say"
GUIDANCE_SUFFIX = "_guidance"


def language_column_name(code: str) -> str:
    """The ODK name of a language: its English name and code, e.g. `Arabic (ar)`."""
    for lang in offered_languages():
        if lang.code == code:
            return f"{lang.display_name(SOURCE_LANGUAGE)} ({code})"
    return code


@dataclass
class Workbook:
    """The three sheets, each a list of rows (column name -> cell text)."""

    survey: list[dict[str, str]] = field(default_factory=list)
    choices: list[dict[str, str]] = field(default_factory=list)
    settings: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[dict[str, str]]]:
        return {"survey": self.survey, "choices": self.choices, "settings": self.settings}


def _texts(column: str, text: str, codes: list[str]) -> dict[str, str]:
    """`column::Language (code)` cells for `text` in every language that has it."""
    cells: dict[str, str] = {}
    if not text:
        return cells
    for code in codes:
        if code == SOURCE_LANGUAGE:
            value = str(text)
        else:
            value = form_text(code, text)
            if value == str(text):
                continue  # not translated: left empty
        cells[f"{column}::{language_column_name(code)}"] = value
    return cells


def _ui_texts(text: str, codes: list[str]) -> dict[str, str]:
    cells: dict[str, str] = {}
    for code in codes:
        value = text if code == SOURCE_LANGUAGE else translate(text, code)
        cells[f"label::{language_column_name(code)}"] = value
    return cells


def question_type(question: Question) -> str:
    """The XLSForm type of a question."""
    if question.type == "yes_no":
        return f"select_one {YES_NO_LIST}"
    if question.type == "single":
        return f"select_one {question.id}"
    if question.type == "multiple":
        return f"select_multiple {question.id}"
    if question.type == "number":
        bounds = [b for b in (question.min, question.max) if b is not None]
        return "decimal" if any(float(b) != int(b) for b in bounds) else "integer"
    return question.type  # date, text


def _number(value: float) -> str:
    return str(int(value)) if float(value) == int(value) else str(value)


def _constraint(question: Question) -> str:
    parts = []
    if question.min is not None:
        parts.append(". >= " + _number(question.min))
    if question.max is not None:
        parts.append(". <= " + _number(question.max))
    return " and ".join(parts)


def workbook(
    form: Form,
    *,
    languages: list[str] | None = None,
    for_server: bool = False,
    version: str | None = None,
) -> Workbook:
    """The XLSForm rows of `form`.

    `for_server`: the XForm sent to ODK Central. Every choice list then has a
    "prefer not to say" choice, free-text questions and guidance are left out
    (they are never sent), and `version` is the published version string.
    """
    codes = languages or [lang.code for lang in offered_languages()]
    book = Workbook()
    lists_done: set[str] = set()
    for section in form.sections:
        book.survey.append(
            {"type": "begin_group", "name": section.id, **_texts("label", section.title, codes)}
        )
        if section.guidance and not for_server:
            book.survey.append(
                {
                    "type": "note",
                    "name": section.id + GUIDANCE_SUFFIX,
                    **_texts("label", section.guidance, codes),
                }
            )
        for question in section.questions:
            if for_server and question.type == "text":
                continue
            row = {"type": question_type(question), "name": question.id}
            row.update(_texts("label", question.text, codes))
            row.update(_texts("hint", question.help, codes))
            if question.show_if_expr is not None:
                row["relevant"] = to_xpath(question.show_if_expr)
            constraint = _constraint(question) if question.type == "number" else ""
            if constraint:
                row["constraint"] = constraint
            book.survey.append(row)
            book.choices += _choices(question, codes, lists_done, for_server)
        book.survey.append({"type": "end_group", "name": section.id})
    book.settings.append(
        {
            "form_title": str(form.title),
            "form_id": form.id,
            "version": version or str(form.version),
            "default_language": language_column_name(SOURCE_LANGUAGE),
        }
    )
    return book


def _choices(
    question: Question, codes: list[str], done: set[str], for_server: bool
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    if question.type == "yes_no":
        if YES_NO_LIST in done:
            return rows
        done.add(YES_NO_LIST)
        for value, text in YES_NO_LABELS:
            rows.append({"list_name": YES_NO_LIST, "name": value, **_ui_texts(text, codes)})
        list_name = YES_NO_LIST
    elif question.type in ("single", "multiple"):
        list_name = question.id
        for option in question.options:
            rows.append(
                {"list_name": list_name, "name": option.id, **_texts("label", option.text, codes)}
            )
    else:
        return rows
    if for_server:
        rows.append(
            {"list_name": list_name, "name": DECLINED_CHOICE, **_ui_texts(DECLINED_LABEL, codes)}
        )
    return rows
