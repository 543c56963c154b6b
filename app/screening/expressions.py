"""The small expression language of ``show_if`` and outcome ``when``.

A tokenizer and a recursive-descent parser build a tree that an evaluator
walks; nothing is ever handed to Python's ``eval``. Grammar::

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := primary [("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") primary]
    primary    := literal | "[" [primary ("," primary)*] "]" | name | call | "(" expr ")"
    call       := name "(" [primary ("," primary)*] ")"

Evaluation never raises: a comparison between values of different kinds
(say a number and null) is simply false.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from app.i18n import _

MAX_LENGTH = 2000
MAX_DEPTH = 40

# name -> (minimum args, maximum args or None, argument kinds: "name" | "str" | "any")
FUNCTIONS: dict[str, tuple[int, int | None, str]] = {
    "answered": (1, 1, "name"),
    "declined": (1, 1, "name"),
    "selected": (2, 2, "name,str"),
    "count_yes": (1, None, "name"),
    "positive": (1, 1, "str"),
    "positive_group": (1, 1, "str"),
    "count_positive": (0, 0, ""),
    "count_indicators": (1, 1, "str"),
    "found": (1, 1, "str"),
    "unknown_share": (0, 0, ""),
}
# Only meaningful once the whole interview is scored: allowed in `when`, not `show_if`.
DIMENSION_FUNCTIONS = frozenset(
    {"positive", "positive_group", "count_positive", "count_indicators", "found", "unknown_share"}
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}
_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<punct>[()\[\],])
  | (?P<quote>['"])
    """,
    re.VERBOSE,
)


class ExpressionError(Exception):
    """A malformed expression; `offset` is the 0-based character where it went wrong."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Token:
    kind: str  # number | string | name | keyword | op | punct | end
    value: object
    offset: int


@dataclass(frozen=True)
class Literal:
    value: object
    offset: int


@dataclass(frozen=True)
class ListLiteral:
    items: tuple[Expr, ...]
    offset: int


@dataclass(frozen=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Expr, ...]
    offset: int


@dataclass(frozen=True)
class Not:
    operand: Expr
    offset: int


@dataclass(frozen=True)
class Binary:
    op: str
    left: Expr
    right: Expr
    offset: int


Expr = Literal | ListLiteral | Name | Call | Not | Binary


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, ending with an ``end`` token."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if not match:
            raise ExpressionError(_("unexpected character {char!r}").format(char=text[pos]), pos)
        kind = match.lastgroup
        if kind == "quote":
            value, end = _read_string(text, pos)
            tokens.append(Token("string", value, pos))
            pos = end
            continue
        lexeme = match.group()
        if kind == "number":
            value: object = float(lexeme) if "." in lexeme else int(lexeme)
            tokens.append(Token("number", value, pos))
        elif kind == "name":
            tokens.append(Token("keyword" if lexeme in _KEYWORDS else "name", lexeme, pos))
        elif kind in ("op", "punct"):
            tokens.append(Token(kind, lexeme, pos))
        pos = match.end()
    tokens.append(Token("end", None, len(text)))
    return tokens


def _read_string(text: str, start: int) -> tuple[str, int]:
    quote = text[start]
    chars: list[str] = []
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == "\\" and pos + 1 < len(text):
            chars.append(text[pos + 1])
            pos += 2
            continue
        if char == quote:
            return "".join(chars), pos + 1
        chars.append(char)
        pos += 1
    raise ExpressionError(
        _("text started here is never closed with {quote}").format(quote=quote), start
    )


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at(self, kind: str, value: object = None) -> bool:
        token = self.token
        return token.kind == kind and (value is None or token.value == value)

    def expect(self, kind: str, value: str) -> Token:
        if not self.at(kind, value):
            raise ExpressionError(
                _("expected {expected} but found {found}").format(
                    expected=repr(value), found=_describe(self.token)
                ),
                self.token.offset,
            )
        return self.advance()

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(_("the expression nests too deeply"), self.token.offset)

    def parse(self) -> Expr:
        if self.at("end"):
            raise ExpressionError(_("the expression is empty"), 0)
        expr = self.parse_or()
        if not self.at("end"):
            raise ExpressionError(
                _("unexpected {found}").format(found=_describe(self.token)), self.token.offset
            )
        return expr

    def parse_or(self) -> Expr:
        self.nest()
        left = self.parse_and()
        while self.at("keyword", "or"):
            offset = self.advance().offset
            left = Binary("or", left, self.parse_and(), offset)
        self.depth -= 1
        return left

    def parse_and(self) -> Expr:
        left = self.parse_not()
        while self.at("keyword", "and"):
            offset = self.advance().offset
            left = Binary("and", left, self.parse_not(), offset)
        return left

    def parse_not(self) -> Expr:
        if self.at("keyword", "not"):
            offset = self.advance().offset
            self.nest()
            operand = self.parse_not()
            self.depth -= 1
            return Not(operand, offset)
        return self.parse_comparison()

    def comparison_op(self) -> str | None:
        token = self.token
        if token.kind == "op":
            return str(token.value)
        if token.kind == "keyword" and token.value == "in":
            return "in"
        if token.kind == "keyword" and token.value == "not":
            following = self.tokens[self.index + 1]
            if following.kind == "keyword" and following.value == "in":
                return "not in"
        return None

    def parse_comparison(self) -> Expr:
        left = self.parse_primary()
        op = self.comparison_op()
        if op is None:
            return left
        offset = self.advance().offset
        if op == "not in":
            self.advance()
        right = self.parse_primary()
        if self.comparison_op() is not None:
            raise ExpressionError(
                _("comparisons cannot be chained; join them with 'and'"), self.token.offset
            )
        return Binary(op, left, right, offset)

    def parse_primary(self) -> Expr:
        token = self.token
        if token.kind in ("number", "string"):
            self.advance()
            return Literal(token.value, token.offset)
        if token.kind == "keyword" and token.value in ("true", "false", "null"):
            self.advance()
            return Literal({"true": True, "false": False, "null": None}[token.value], token.offset)
        if token.kind == "punct" and token.value == "(":
            self.advance()
            self.nest()
            inner = self.parse_or()
            self.depth -= 1
            self.expect("punct", ")")
            return inner
        if token.kind == "punct" and token.value == "[":
            self.advance()
            items = self.parse_items("]")
            for item in items:
                if not isinstance(item, Literal):
                    raise ExpressionError(_("a list may hold only fixed values"), item.offset)
            return ListLiteral(tuple(items), token.offset)
        if token.kind == "name":
            self.advance()
            if self.at("punct", "("):
                self.advance()
                return self.make_call(token, self.parse_items(")"))
            return Name(str(token.value), token.offset)
        raise ExpressionError(
            _("expected a value but found {found}").format(found=_describe(token)), token.offset
        )

    def parse_items(self, closing: str) -> list[Expr]:
        items: list[Expr] = []
        if self.at("punct", closing):
            self.advance()
            return items
        self.nest()
        while True:
            items.append(self.parse_primary())
            if self.at("punct", ","):
                self.advance()
                continue
            self.expect("punct", closing)
            break
        self.depth -= 1
        return items

    def make_call(self, token: Token, args: list[Expr]) -> Call:
        name = str(token.value)
        if name not in FUNCTIONS:
            raise ExpressionError(_("unknown function {name}()").format(name=name), token.offset)
        low, high, kinds = FUNCTIONS[name]
        if len(args) < low or (high is not None and len(args) > high):
            raise ExpressionError(
                _("{name}() takes {count} argument(s), not {given}").format(
                    name=name,
                    count=str(low) if low == high else _("at least {low}").format(low=low),
                    given=len(args),
                ),
                token.offset,
            )
        kind_list = kinds.split(",") if kinds else []
        for index, arg in enumerate(args):
            kind = kind_list[min(index, len(kind_list) - 1)]
            if kind == "name" and not isinstance(arg, Name):
                raise ExpressionError(
                    _("{name}() expects a question id here").format(name=name), arg.offset
                )
            if kind == "str" and not (isinstance(arg, Literal) and isinstance(arg.value, str)):
                raise ExpressionError(
                    _("{name}() expects a quoted id here").format(name=name), arg.offset
                )
        return Call(name, tuple(args), token.offset)


def _describe(token: Token) -> str:
    if token.kind == "end":
        return _("the end of the expression")
    if token.kind == "string":
        return repr(token.value)
    return str(token.value)


def parse(text: str) -> Expr:
    """Parse an expression; raises ExpressionError with the offset of the problem."""
    if not isinstance(text, str):
        raise ExpressionError(_("an expression must be text"), 0)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            _("the expression is longer than {limit} characters").format(limit=MAX_LENGTH), 0
        )
    return _Parser(text).parse()


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of the tree, parents before children."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ListLiteral):
            stack.extend(reversed(node.items))
        elif isinstance(node, Call):
            stack.extend(reversed(node.args))
        elif isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, Binary):
            stack.extend([node.right, node.left])


def referenced_questions(expr: Expr) -> list[Name]:
    """The question names an expression reads, in order of appearance."""
    return [node for node in walk(expr) if isinstance(node, Name)]


class Context(Protocol):
    """What an expression can see: answers and, for outcomes, dimension results."""

    def value(self, question_id: str) -> object: ...
    def is_answered(self, question_id: str) -> bool: ...
    def is_declined(self, question_id: str) -> bool: ...
    def positive(self, dimension_id: str) -> bool: ...
    def positive_group(self, group: str) -> bool: ...
    def count_positive(self) -> int: ...
    def count_indicators(self, strength: str) -> int: ...
    def found(self, dimension_id: str) -> bool: ...
    def unknown_share(self) -> float: ...


def evaluate(expr: Expr, context: Context) -> object:
    """The value of `expr`; never raises for mismatched kinds of values."""
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, ListLiteral):
        return [item.value for item in expr.items if isinstance(item, Literal)]
    if isinstance(expr, Name):
        return context.value(expr.name)
    if isinstance(expr, Not):
        return not truthy(evaluate(expr.operand, context))
    if isinstance(expr, Binary):
        if expr.op == "and":
            return truthy(evaluate(expr.left, context)) and truthy(evaluate(expr.right, context))
        if expr.op == "or":
            return truthy(evaluate(expr.left, context)) or truthy(evaluate(expr.right, context))
        return _compare(expr.op, evaluate(expr.left, context), evaluate(expr.right, context))
    if isinstance(expr, Call):
        return _call(expr, context)
    return None


def holds(expr: Expr, context: Context) -> bool:
    """True when `expr` evaluates to a true value."""
    return truthy(evaluate(expr, context))


def truthy(value: object) -> bool:
    """Truth of a value: null, false, 0, empty text and empty lists are false."""
    return bool(value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _compare(op: str, left: object, right: object) -> bool:
    if op == "==":
        return _equal(left, right)
    if op == "!=":
        return not _equal(left, right)
    if op in ("in", "not in"):
        found = isinstance(right, list) and any(_equal(left, item) for item in right)
        return found if op == "in" else not found
    comparable = (_is_number(left) and _is_number(right)) or (
        isinstance(left, str) and isinstance(right, str)
    )
    if not comparable:
        return False
    if op == "<":
        return left < right  # type: ignore[operator]
    if op == "<=":
        return left <= right  # type: ignore[operator]
    if op == ">":
        return left > right  # type: ignore[operator]
    if op == ">=":
        return left >= right  # type: ignore[operator]
    return False


def _equal(left: object, right: object) -> bool:
    # true must not equal 1: answers are never booleans, authors compare on purpose.
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    return left == right


def _call(expr: Call, context: Context) -> object:
    args = expr.args
    name = expr.function
    if name == "answered":
        return context.is_answered(_name(args[0]))
    if name == "declined":
        return context.is_declined(_name(args[0]))
    if name == "selected":
        value = context.value(_name(args[0]))
        option = _text(args[1])
        if isinstance(value, list):
            return option in value
        return value == option
    if name == "count_yes":
        return sum(1 for arg in args if context.value(_name(arg)) == "yes")
    if name == "positive":
        return context.positive(_text(args[0]))
    if name == "positive_group":
        return context.positive_group(_text(args[0]))
    if name == "count_positive":
        return context.count_positive()
    if name == "count_indicators":
        return context.count_indicators(_text(args[0]))
    if name == "found":
        return context.found(_text(args[0]))
    if name == "unknown_share":
        return context.unknown_share()
    return None


def _name(expr: Expr) -> str:
    return expr.name if isinstance(expr, Name) else ""


def _text(expr: Expr) -> str:
    return str(expr.value) if isinstance(expr, Literal) else ""
