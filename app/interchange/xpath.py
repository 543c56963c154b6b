"""Waystation expressions as XLSForm (XPath) expressions, and back, for a small subset.

Written out: `${q}` for a question, `=` for `==`, `selected(${q}, 'v')` for an
option of a choice, `not(...)`, `and`, `or`, `${q} != ''` for `answered(q)`,
`selected(${q}, 'prefer_not_to_say')` for `declined(q)`. Read back: the same
forms, plus `.` (the question's own value) in constraints. Anything else is an
`XPathError` with the character where it is, so an import can name the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.i18n import _
from app.screening.expressions import Binary, Call, Expr, ListLiteral, Literal, Name, Not

# The choice every single and multiple choice question gets in an XForm for "prefer not to say".
DECLINED_CHOICE = "prefer_not_to_say"


class XPathError(Exception):
    """An expression outside the subset; `offset` is the 0-based character."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


# -- Waystation -> XLSForm ------------------------------------------------------


def _quote(value: str) -> str:
    return "'" + value + "'" if "'" not in value else '"' + value + '"'


def _literal(value: object) -> str:
    if value is None:
        return "''"
    if value is True:
        return "true()"
    if value is False:
        return "false()"
    if isinstance(value, str):
        return _quote(value)
    return str(value)


def to_xpath(expr: Expr) -> str:
    """`expr` (a show_if) as an XLSForm `relevant` expression."""
    if isinstance(expr, Literal):
        return _literal(expr.value)
    if isinstance(expr, Name):
        return "${" + expr.name + "}"
    if isinstance(expr, Not):
        return "not(" + to_xpath(expr.operand) + ")"
    if isinstance(expr, Call):
        return _call(expr)
    if isinstance(expr, Binary):
        if expr.op in ("and", "or"):
            return _group(expr.left, expr.op) + " " + expr.op + " " + _group(expr.right, expr.op)
        if expr.op in ("in", "not in"):
            written = _membership(expr.left, expr.right)
            return written if expr.op == "in" else "not(" + written + ")"
        op = "=" if expr.op == "==" else expr.op
        return to_xpath(expr.left) + " " + op + " " + to_xpath(expr.right)
    raise XPathError(_("this expression cannot be written as XLSForm"), 0)


def _group(expr: Expr, parent: str) -> str:
    text = to_xpath(expr)
    if isinstance(expr, Binary) and expr.op in ("and", "or") and expr.op != parent:
        return "(" + text + ")"
    return text


def _membership(left: Expr, right: Expr) -> str:
    if isinstance(right, ListLiteral):
        parts = [to_xpath(left) + " = " + _literal(item.value) for item in right.items]  # type: ignore[union-attr]
        return "(" + " or ".join(parts) + ")" if len(parts) != 1 else parts[0]
    if isinstance(right, Name) and isinstance(left, Literal):
        return "selected(${" + right.name + "}, " + _literal(left.value) + ")"
    raise XPathError(_("'in' needs a list of values or a multiple-choice question"), left.offset)


def _call(expr: Call) -> str:
    names = [arg.name for arg in expr.args if isinstance(arg, Name)]
    if expr.function == "answered":
        return "${" + names[0] + "} != ''"
    if expr.function == "declined":
        return "selected(${" + names[0] + "}, " + _quote(DECLINED_CHOICE) + ")"
    if expr.function == "selected":
        option = expr.args[1]
        return "selected(${" + names[0] + "}, " + _literal(option.value) + ")"  # type: ignore[union-attr]
    if expr.function == "count_yes":
        return "(" + " + ".join("if(${" + n + "} = 'yes', 1, 0)" for n in names) + ")"
    raise XPathError(
        _("{name}() cannot be written as XLSForm").format(name=expr.function), expr.offset
    )


# -- XLSForm -> Waystation -------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<ref>\$\{(?P<refname>[A-Za-z_][A-Za-z0-9_.-]*)\})
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<op>!=|<=|>=|=|<|>)
  | (?P<punct>[(),])
  | (?P<dot>\.(?![0-9]))
  | (?P<name>[A-Za-z_][A-Za-z0-9_:-]*)
  | (?P<string>'[^']*'|"[^"]*")
    """,
    re.VERBOSE,
)


_EQUALS_RE = re.compile(r"^([a-z0-9_]+) == ('[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?)$")


@dataclass(frozen=True)
class _Token:
    kind: str  # ref | number | op | punct | dot | name | string | end
    value: str
    offset: int


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            raise XPathError(_("'{char}' is not supported here").format(char=text[pos]), pos)
        kind = match.lastgroup or ""
        if kind == "refname":
            kind = "ref"
        if kind != "space":
            value = match.group("refname") if kind == "ref" else match.group(kind)
            tokens.append(_Token(kind, value, pos))
        pos = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Reader:
    """Reads the XPath subset and writes the Waystation expression text."""

    def __init__(self, text: str, *, allow_dot: bool) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.allow_dot = allow_dot

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.token
        if token.kind != "end":
            self.index += 1
        return token

    def expect(self, kind: str, value: str | None = None) -> _Token:
        token = self.token
        if token.kind != kind or (value is not None and token.value != value):
            raise XPathError(
                _("expected {expected} but found {found}").format(
                    expected=value or kind, found=token.value or _("the end")
                ),
                token.offset,
            )
        return self.take()

    def read(self) -> str:
        if self.token.kind == "end":
            raise XPathError(_("the expression is empty"), 0)
        text = self.read_or()
        if self.token.kind != "end":
            raise XPathError(
                _("unexpected {found}").format(found=self.token.value), self.token.offset
            )
        return text

    def read_or(self) -> str:
        parts = [self.read_and()]
        while self.token.kind == "name" and self.token.value == "or":
            self.take()
            parts.append(self.read_and())
        if len(parts) == 1:
            return parts[0]
        # `${q} = 'a' or ${q} = 'b'` (how `q in ['a', 'b']` is written) reads back as the list.
        equal = [_EQUALS_RE.match(part) for part in parts]
        if all(equal) and len({m.group(1) for m in equal if m}) == 1:
            values = ", ".join(m.group(2) for m in equal if m)
            return f"{equal[0].group(1)} in [{values}]"  # type: ignore[union-attr]
        return "(" + " or ".join(parts) + ")"

    def read_and(self) -> str:
        parts = [self.read_comparison()]
        while self.token.kind == "name" and self.token.value == "and":
            self.take()
            parts.append(self.read_comparison())
        return parts[0] if len(parts) == 1 else "(" + " and ".join(parts) + ")"

    def read_comparison(self) -> str:
        left = self.read_operand()
        if self.token.kind != "op":
            if left[0] != "value":
                return left[1]
            raise XPathError(_("a comparison is missing here"), self.token.offset)
        op = self.take().value
        right = self.read_operand()
        return _comparison(left, "==" if op == "=" else op, right)

    def read_operand(self) -> tuple[str, str]:
        """(kind, text): kind is 'ref' (a question), 'value', 'dot' or 'bool' (a condition)."""
        token = self.token
        if token.kind == "ref":
            self.take()
            return "ref", token.value
        if token.kind == "dot":
            if not self.allow_dot:
                raise XPathError(_("'.' is only allowed in a constraint"), token.offset)
            self.take()
            return "dot", "."
        if token.kind == "string":
            self.take()
            return "value", _quote(token.value[1:-1])
        if token.kind == "number":
            self.take()
            return "value", token.value
        if token.kind == "punct" and token.value == "(":
            self.take()
            inner = self.read_or()
            self.expect("punct", ")")
            return "bool", "(" + inner + ")" if not inner.startswith("(") else inner
        if token.kind == "name":
            return "bool", self.read_call()
        raise XPathError(
            _("expected a value but found {found}").format(found=token.value or _("the end")),
            token.offset,
        )

    def read_call(self) -> str:
        name = self.take()
        if name.value in ("true", "false"):
            self.expect("punct", "(")
            self.expect("punct", ")")
            return name.value
        if name.value == "not":
            self.expect("punct", "(")
            inner = self.read_or()
            self.expect("punct", ")")
            return "not (" + inner + ")"
        if name.value == "selected":
            self.expect("punct", "(")
            question = self.expect("ref").value
            self.expect("punct", ",")
            option = self.expect("string").value[1:-1]
            self.expect("punct", ")")
            if option == DECLINED_CHOICE:
                return f"declined({question})"
            return f"selected({question}, '{option}')"
        raise XPathError(
            _("the function {name}() is not supported by Waystation").format(name=name.value),
            name.offset,
        )


def _comparison(left: tuple[str, str], op: str, right: tuple[str, str]) -> str:
    if left[0] == "value" and right[0] in ("ref", "dot"):
        flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        return _comparison(right, flipped, left)
    if left[0] == "ref" and right == ("value", "''") and op in ("==", "!="):
        return ("not " if op == "==" else "") + f"answered({left[1]})"
    return f"{left[1]} {op} {right[1]}"


def from_xpath(text: str) -> str:
    """An XLSForm `relevant` as a Waystation show_if text; XPathError outside the subset."""
    return _Reader(text, allow_dot=False).read()


def constraint_bounds(text: str, *, whole: bool = True) -> tuple[float | None, float | None]:
    """(min, max) of a constraint like `. >= 0 and . <= 120`; XPathError for any other.

    `whole`: the question takes whole numbers, so a strict limit moves by one.
    """
    reader = _Reader(text, allow_dot=True)
    low: float | None = None
    high: float | None = None
    while True:
        left = reader.read_operand()
        op_token = reader.expect("op")
        right = reader.read_operand()
        op = op_token.value
        if left[0] == "value" and right[0] == "dot":
            left, right = right, left
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        if left[0] != "dot" or right[0] != "value" or op not in (">=", "<=", ">", "<"):
            raise XPathError(
                _("only limits like '. >= 0 and . <= 120' are supported as a constraint"),
                op_token.offset,
            )
        try:
            number = float(right[1])
        except ValueError:
            raise XPathError(_("a limit must be a number"), op_token.offset) from None
        if op in (">", "<") and not whole:
            raise XPathError(_("use >= or <= for a decimal question's limits"), op_token.offset)
        # A strict limit on a whole number moves by one: `. > 0` is `. >= 1`.
        if op == ">":
            number += 1
        elif op == "<":
            number -= 1
        if op in (">", ">="):
            low = number
        else:
            high = number
        if reader.token.kind == "end":
            return low, high
        if not (reader.token.kind == "name" and reader.token.value == "and"):
            raise XPathError(
                _("only limits joined with 'and' are supported as a constraint"),
                reader.token.offset,
            )
        reader.take()
