"""The babel extractor for questionnaires: every human text of a form is a msgid.

Registered as the ``waystation_forms`` babel extractor, so ``pybabel extract``
with a mapping line ``[waystation_forms: forms/**.yaml]`` or
``python -m app.i18n.catalog_tools update`` puts form texts into forms.pot,
each with its line and a comment telling translators where it is shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from app.screening.model import source_text
from app.screening.yaml_source import Position, YamlSourceError, YList, YMap, parse_yaml

FORM_TEXT_KEYS = ("title", "description", "consent_script", "closing_script")
_NOTES = {
    "title": "questionnaire title",
    "description": "questionnaire description, shown when choosing a form",
    "consent_script": "consent script, read aloud before any question",
    "closing_script": "closing script, read at the end",
}


def _texts_of(
    mapping: object, keys: tuple[str, ...], note: str, found: list[tuple[Position, str, str]]
) -> None:
    if not isinstance(mapping, YMap):
        return
    for key in keys:
        text = source_text(mapping.get(key))
        if text:
            found.append((mapping.value_at(key), text, f"{note}: {key}"))


def _list(mapping: object, key: str) -> YList:
    value = mapping.get(key) if isinstance(mapping, YMap) else None
    return value if isinstance(value, YList) else YList(Position(1, 1))


def iter_texts(root: object) -> list[tuple[Position, str, str]]:
    """(position, text, translator note) for every translatable text, in file order."""
    found: list[tuple[Position, str, str]] = []
    if not isinstance(root, YMap):
        return found
    form_id = root.get("id", "")
    for key in FORM_TEXT_KEYS:
        _texts_of(root, (key,), f"form {form_id}, {_NOTES[key]}", found)
    for dimension in _list(root, "dimensions"):
        note = f"form {form_id}, indicator dimension {_id(dimension)}"
        _texts_of(dimension, ("title",), note, found)
    scoring = root.get("scoring")
    for outcome in _list(scoring, "outcomes"):
        note = f"form {form_id}, outcome {_id(outcome)}"
        _texts_of(outcome, ("title", "description", "rule"), note, found)
    for section in _list(root, "sections"):
        note = f"form {form_id}, section {_id(section)}"
        _texts_of(section, ("title",), note, found)
        _texts_of(section, ("guidance",), note + " (for the interviewer)", found)
        for question in _list(section, "questions"):
            note = f"form {form_id}, question {_id(question)}"
            _texts_of(question, ("text",), note, found)
            _texts_of(question, ("help",), note + " (help for the interviewer)", found)
            for option in _list(question, "options"):
                _texts_of(option, ("text",), f"{note}, answer option {_id(option)}", found)
    for question in _list(root, "retired_questions"):
        note = f"form {form_id}, retired question {_id(question)} (shown in old screenings)"
        _texts_of(question, ("text",), note, found)
        for option in _list(question, "options"):
            _texts_of(option, ("text",), f"{note}, answer option {_id(option)}", found)
    found.sort(key=lambda item: (item[0].line, item[0].column))
    return found


def _id(mapping: object) -> str:
    return str(mapping.get("id", "?")) if isinstance(mapping, YMap) else "?"


def extract_forms(
    fileobj: IO[bytes],
    keywords: Any,
    comment_tags: Any,
    options: dict[str, Any],
) -> Iterator[tuple[int, str | None, str | tuple[str, str], list[str]]]:
    """Babel extractor: yields (line, "pgettext", (form id, text), [note]) per form text.

    The form id is the gettext context, so each form's wording is translated on
    its own (a child form may address the person differently from an adult one).

    A file that is not valid YAML yields nothing; `waystation forms validate`
    is where authors learn what is wrong with it.
    """
    data = fileobj.read()
    encoding = options.get("encoding", "utf-8") if options else "utf-8"
    try:
        text = data.decode(encoding) if isinstance(data, bytes) else data
        root = parse_yaml(text).root
    except (UnicodeDecodeError, YamlSourceError, LookupError):
        return
    form_id = str(root.get("id", "")) if isinstance(root, YMap) else ""
    for position, message, note in iter_texts(root):
        if form_id:
            yield position.line, "pgettext", (form_id, message), [note]
        else:
            yield position.line, None, message, [note]
