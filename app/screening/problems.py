"""Reading fields of a parsed questionnaire, and the Problem each mistake becomes.

``FieldChecker`` reads one value at a time (text, id, number, expression) and
records a placed, translated Problem when it is not what the format asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.i18n import FormText, _
from app.screening import expressions
from app.screening.expressions import Expr, ExpressionError
from app.screening.model import source_text
from app.screening.yaml_source import Position, YList, YMap

FORM_ID_RE = re.compile(r"^[a-z0-9-]+$")
ID_RE = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Problem:
    """One mistake in a questionnaire file, with where it is."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class FieldChecker:
    """Reads fields of one file and collects its problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        # The form id once read: texts then become FormText in that context.
        self.context = ""

    def add(self, position: Position, message: str) -> None:
        self.problems.append(Problem(self.file, position.line, position.column, message))

    def mapping(self, value: object, position: Position, what: str) -> YMap | None:
        if isinstance(value, YMap):
            return value
        self.add(position, _("{what} must be a mapping of keys and values").format(what=what))
        return None

    def items(self, mapping: YMap, key: str, what: str, required: bool = True) -> YList | None:
        if key not in mapping:
            if required:
                self.missing(mapping, key, what)
            return None
        value = mapping[key]
        if isinstance(value, YList) and (value or not required):
            return value
        if isinstance(value, YList):
            self.add(
                mapping.value_at(key), _("{key} in {what} is empty").format(key=key, what=what)
            )
        else:
            self.add(
                mapping.value_at(key),
                _("{key} in {what} must be a list").format(key=key, what=what),
            )
        return None

    def keys(self, mapping: YMap, allowed: dict[str, bool], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.add(
                    mapping.key_at(key),
                    _("unknown key {key} in {what} (allowed: {allowed})").format(
                        key=key, what=what, allowed=", ".join(allowed)
                    ),
                )
        for key, required in allowed.items():
            if required and key not in mapping and key not in LIST_KEYS:
                self.missing(mapping, key, what)

    def missing(self, mapping: YMap, key: str, what: str) -> None:
        self.add(mapping.position, _("{what} has no {key}").format(what=what, key=key))

    def text(self, mapping: YMap, key: str, what: str) -> str:
        if key not in mapping:
            return ""
        text = source_text(mapping[key])
        if text:
            return FormText(text, self.context) if self.context else text
        self.add(
            mapping.value_at(key), _("{key} in {what} must be text").format(key=key, what=what)
        )
        return ""

    def ident(self, mapping: YMap, key: str, what: str, pattern: re.Pattern[str]) -> str:
        if key not in mapping:
            return ""
        value = mapping[key]
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and pattern.match(value):
            return value
        self.add(
            mapping.value_at(key),
            _("{key} {value!s} in {what} is not a valid id (use {allowed})").format(
                key=key,
                value=show_value(value),
                what=what,
                allowed=_("a-z, 0-9 and -") if pattern is FORM_ID_RE else _("a-z, 0-9 and _"),
            ),
        )
        return ""

    def integer(self, mapping: YMap, key: str, what: str, minimum: int) -> int:
        if key not in mapping:
            return 0
        value = mapping[key]
        if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
            return value
        self.add(
            mapping.value_at(key),
            _("{key} in {what} must be a whole number of at least {minimum}").format(
                key=key, what=what, minimum=minimum
            ),
        )
        return 0

    def number(self, mapping: YMap, key: str, what: str) -> float | None:
        if key not in mapping:
            return None
        value = mapping[key]
        if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
            return value
        self.add(
            mapping.value_at(key), _("{key} in {what} must be a number").format(key=key, what=what)
        )
        return None

    def expression(self, mapping: YMap, key: str, what: str) -> tuple[str, Expr | None]:
        value = mapping.get(key)
        if isinstance(value, bool):
            value = "true" if value else "false"
        if not isinstance(value, str):
            self.add(
                mapping.value_at(key),
                _("{key} in {what} must be an expression in quotes").format(key=key, what=what),
            )
            return "", None
        try:
            return value, expressions.parse(value)
        except ExpressionError as error:
            self.add(
                self.inside(mapping, key, error.offset),
                _("malformed expression in {key}: {problem}").format(
                    key=key, problem=error.message
                ),
            )
            return value, None

    def inside(self, mapping: YMap, key: str, offset: int) -> Position:
        """The file position of character `offset` of a one-line scalar value."""
        start = mapping.value_at(key)
        value = mapping.get(key)
        style = mapping.value_styles.get(key)
        if isinstance(value, str) and "\n" not in value and style in (None, "'", '"'):
            return Position(start.line, start.column + offset)
        return start


# Lists are checked by `items`, which reports a missing one itself.
LIST_KEYS = {"sections", "questions", "outcomes"}


def show_value(value: object) -> str:
    """A value as written in a message: text quoted, others as they are."""
    return repr(value) if isinstance(value, str) else str(value)
