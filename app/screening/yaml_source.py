"""YAML reading that keeps the line and column of every key and value.

Questionnaire authors need messages that point at the exact place of a problem,
so the document is composed into nodes (which carry marks) and turned into
``YMap``/``YList`` containers that remember where each child was written.
The resolver is YAML 1.2-like on purpose: ``yes``, ``no``, ``on`` and ``off``
stay strings (``on: [yes]`` is how indicators are written), dates stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
import yaml.reader
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from app.i18n import _

# A bomb of aliases or absurd nesting must end in a clean message, not a hang.
MAX_NODES = 50_000
MAX_DEPTH = 60


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int
    column: int


class YMap(dict):
    """A mapping that knows where it, each key and each value were written."""

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.key_positions: dict[str, Position] = {}
        self.value_positions: dict[str, Position] = {}
        self.value_styles: dict[str, str | None] = {}

    def key_at(self, key: str) -> Position:
        """Where `key` was written, or where the mapping starts."""
        return self.key_positions.get(key, self.position)

    def value_at(self, key: str) -> Position:
        """Where the value of `key` starts, or where the mapping starts."""
        return self.value_positions.get(key, self.position)


class YList(list):
    """A sequence that knows where it and each item were written."""

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.item_positions: list[Position] = []

    def item_at(self, index: int) -> Position:
        """Where item `index` was written, or where the list starts."""
        if 0 <= index < len(self.item_positions):
            return self.item_positions[index]
        return self.position


class YamlSourceError(Exception):
    """The text is not YAML this loader accepts; carries where and what."""

    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


class DuplicateKey:
    """A key written twice in one mapping (reported by the validator)."""

    def __init__(self, key: str, position: Position) -> None:
        self.key = key
        self.position = position


class _Loader(yaml.SafeLoader):
    """SafeLoader with only true/false as booleans and no timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.count = 0
        self.duplicates: list[DuplicateKey] = []

    def build(self, node: Node, depth: int = 0) -> object:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise YamlSourceError(
                _("the document is too large or too deeply nested"), _position(node)
            )
        if isinstance(node, ScalarNode):
            try:
                return self.loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError) as error:
                raise YamlSourceError(
                    _("unreadable value: {error}").format(error=error), _position(node)
                ) from None
        if isinstance(node, SequenceNode):
            items = YList(_position(node))
            for child in node.value:
                items.append(self.build(child, depth + 1))
                items.item_positions.append(_position(child))
            return items
        if isinstance(node, MappingNode):
            mapping = YMap(_position(node))
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise YamlSourceError(_("a key must be a plain name"), _position(key_node))
                # Keys are names, never numbers or booleans: take the text as written.
                key = str(key_node.value)
                if key in mapping:
                    self.duplicates.append(DuplicateKey(key, _position(key_node)))
                    continue
                mapping[key] = self.build(value_node, depth + 1)
                mapping.key_positions[key] = _position(key_node)
                mapping.value_positions[key] = _value_position(value_node)
                mapping.value_styles[key] = (
                    value_node.style if isinstance(value_node, ScalarNode) else None
                )
            return mapping
        raise YamlSourceError(_("unsupported YAML node"), _position(node))


def _value_position(node: Node) -> Position:
    position = _position(node)
    # Point inside quotes, so an offset into the text lands on the right column.
    if isinstance(node, ScalarNode) and node.style in ("'", '"'):
        return Position(position.line, position.column + 1)
    return position


@dataclass
class Document:
    """A parsed YAML document with its root and any duplicated keys."""

    root: object
    duplicates: list[DuplicateKey]


def _reader_position(text: str, error: yaml.reader.ReaderError) -> Position:
    before = text[: max(0, error.position)]
    return Position(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)


def _check_depth(text: str) -> None:
    # pyyaml composes recursively; walking the events first (which is not recursive)
    # stops absurd nesting early instead of in a slow, deep recursion.
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise YamlSourceError(
                    _("the document nests too deeply"), Position(mark.line + 1, mark.column + 1)
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_yaml(text: str) -> Document:
    """Parse one YAML document; raises YamlSourceError with a position."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        message = _("the file holds a character YAML does not allow ({code})").format(
            code=f"#x{error.character:04x}" if isinstance(error.character, int) else "?"
        )
        raise YamlSourceError(message, _reader_position(text, error)) from None
    try:
        try:
            _check_depth(text)
            node = loader.get_single_node()
        except yaml.reader.ReaderError as error:
            message = _("the file holds a character YAML does not allow ({code})").format(
                code=f"#x{error.character:04x}" if isinstance(error.character, int) else "?"
            )
            raise YamlSourceError(message, _reader_position(text, error)) from None
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            where = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
            problem = error.problem or error.context or "invalid YAML"
            message = _("YAML syntax error: {problem}").format(problem=problem)
            raise YamlSourceError(message, where) from None
        except yaml.YAMLError as error:
            message = _("YAML syntax error: {problem}").format(problem=error)
            raise YamlSourceError(message, Position(1, 1)) from None
        except RecursionError:
            raise YamlSourceError(_("the document nests too deeply"), Position(1, 1)) from None
        if node is None:
            return Document(None, [])
        builder = _Builder(loader)
        try:
            root = builder.build(node)
        except RecursionError:
            raise YamlSourceError(_("the document nests too deeply"), Position(1, 1)) from None
        return Document(root, builder.duplicates)
    finally:
        loader.dispose()
