"""YAML text to a positioned tree: plain dicts, lists and strings, with the
file:line:col of every key and value.

The reading rules of the brief format live here. Every scalar stays the string
the author typed (no YAML 1.1 typing: `No` is "No", `14:30` is "14:30"); an
empty plain value is None, which validation treats as absent. Tags are refused,
a key repeated in one mapping is an error, and anchors and aliases work but are
bounded: the size and depth of the expanded tree are computed on the alias graph
before anything is expanded. The events are read one at a time and nesting is
checked as they come, so no input can exhaust the stack or memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefpack.common.diagnostics import BriefError, Diagnostic, Position, error

from .source_text import Limits as Limits
from .source_text import decode_source, read_source
from .yaml_errors import SyntaxProblem, describe_syntax_error, undefined_alias

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - pure-Python PyYAML
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)


Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class SourceDocument:
    """The data of one YAML file and where each part of it was written."""

    path: str
    data: Any
    value_positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)
    text: str = ""
    value_ends: dict[Loc, Position] = field(default_factory=dict)
    #: The text of the other files a merged document's values come from, by path.
    texts: dict[str, str] = field(default_factory=dict)

    def source_line(self, position: Position) -> str:
        """The line `position` is on, as written ('' if the file's text is not kept)."""
        own = self.text if position.path == self.path else ""
        text = self.texts.get(position.path, own)
        lines = text.split("\n")
        return lines[position.line - 1] if 0 < position.line <= len(lines) else ""

    def position_within(self, loc: Loc, needle: str, nth: int = 0, offset: int = 0) -> Position:
        """Where `needle` (its nth time, plus `offset` characters) is written inside
        the value at `loc`; the value's own position if it cannot be found there."""
        start = self.position_of(loc)
        if not needle or not self.text:
            return start
        index = self._offset(start) - 1
        end_position = self.value_ends.get(tuple(loc))
        end = self._offset(end_position) if end_position else None
        for _ in range(nth + 1):
            index = self.text.find(needle, index + 1)
            if index < 0 or (end is not None and index + len(needle) > end):
                return start
        index += offset
        return self._position(index)

    def _offset(self, position: Position) -> int:
        lines = self.text.split("\n")
        return sum(len(line) + 1 for line in lines[: position.line - 1]) + position.column - 1

    def _position(self, index: int) -> Position:
        line = self.text.count("\n", 0, index) + 1
        column = index - (self.text.rfind("\n", 0, index) + 1) + 1
        return Position(self.path, line, column)

    def position_of(self, loc: Loc, prefer_key: bool = False) -> Position:
        """The closest recorded place for `loc`: the value, or its key, or a parent's."""
        loc = tuple(loc)
        while True:
            first, second = (
                (self.key_positions, self.value_positions)
                if prefer_key
                else (self.value_positions, self.key_positions)
            )
            for table in (first, second):
                if loc in table:
                    return table[loc]
            if not loc:
                return Position(self.path, 1, 1)
            loc = loc[:-1]
            prefer_key = True


def read_yaml_file(
    path: Path, shown: str | None = None, limits: Limits | None = None
) -> SourceDocument:
    """Read and parse one file. Raises BriefError with positions."""
    shown = shown or str(path)
    limits = limits or Limits()
    return load_yaml(read_source(path, shown, limits), shown, limits)


def load_yaml(data: bytes, path: str, limits: Limits | None = None) -> SourceDocument:
    """Parse the bytes of one YAML file into a positioned tree."""
    limits = limits or Limits()
    text = decode_source(data, path)
    nodes, aliased = _compose(text, path, limits)
    if aliased:  # without aliases, the reading already bounded size and depth
        _check_expansion(nodes, path, limits)
    builder = _Builder(path)
    value = builder.build(nodes, ())
    if builder.problems:
        raise BriefError(builder.problems)
    return SourceDocument(path, value, builder.values, builder.keys, text, builder.ends)


def _position(path: str, mark: Any) -> Position:
    return Position(path, mark.line + 1, mark.column + 1)


def _events(text: str, path: str, limits: Limits) -> Iterator[events.Event]:
    parser = _Parser(text)
    try:
        while parser.check_event():
            event: Any = parser.get_event()
            yield event
    except yaml.MarkedYAMLError as problem:
        if "nesting depth" in (problem.problem or ""):
            # libyaml's scanner reads ahead and stops deep flow collections ([[[...)
            # before their events reach the depth check below.
            raise BriefError(
                [_too_deep(_flow_depth_position(text, path, limits), limits)]
            ) from None
        found = SyntaxProblem(
            problem.problem or "",
            problem.context or "",
            _place(problem.problem_mark),
            _place(problem.context_mark),
        )
        raise BriefError([describe_syntax_error(text, path, found)]) from None
    except yaml.YAMLError as problem:
        raise BriefError([error(f"YAML syntax: {problem}", Position(path, 1, 1))]) from None


def _place(mark: Any) -> tuple[int, int] | None:
    return (mark.line, mark.column) if mark is not None else None


def _compose(text: str, path: str, limits: Limits) -> tuple[Node, bool]:
    """Build the node graph from the event stream, without recursion; and whether
    any alias was used."""
    anchors: dict[str, Node] = {}
    stack: list[tuple[Node, str | None]] = []
    root: Node | None = None
    documents = 0
    count = 0
    aliased = False

    def attach(node: Node) -> None:
        nonlocal root
        if stack:
            stack[-1][0].value.append(node)
        else:
            root = node

    for event in _events(text, path, limits):
        if isinstance(event, events.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise BriefError(
                    [
                        error(
                            "a second YAML document starts here; a file holds one brief",
                            _position(path, event.start_mark),
                            "remove the '---' line and what follows, or move it to its own file",
                        )
                    ]
                )
            continue
        if not isinstance(event, events.NodeEvent):
            if isinstance(event, events.CollectionEndEvent):
                node, anchor = stack.pop()
                if isinstance(node, MappingNode):
                    items = node.value
                    node.value = list(zip(items[::2], items[1::2], strict=True))
                if anchor is not None:
                    anchors[anchor] = node
                attach(node)
            continue
        count += 1
        if count > limits.max_nodes:
            raise BriefError([_too_many(path, event.start_mark, limits)])
        if isinstance(event, events.AliasEvent):
            if any(anchor == event.anchor for _, anchor in stack):
                raise BriefError(
                    [
                        error(
                            f"the alias *{event.anchor} is inside the value it refers to",
                            _position(path, event.start_mark),
                            "an alias can only repeat a value that is complete",
                        )
                    ]
                )
            if event.anchor not in anchors:
                mark: Any = event.start_mark
                name = str(event.anchor)
                raise BriefError([undefined_alias(text, path, mark.line, mark.column, name)])
            attach(anchors[event.anchor])
            aliased = True
            continue
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise BriefError(
                [
                    error(
                        f"YAML tags such as '{tag}' are not allowed",
                        _position(path, event.start_mark),
                        "remove the tag: every value is read as text;"
                        " a text that starts with ! must be put in quotes",
                    )
                ]
            )
        if isinstance(event, events.ScalarEvent):
            value: str | None = event.value
            if not event.style and event.value == "":
                value = None
            marks: Any = (event.start_mark, event.end_mark)
            node = ScalarNode("str", value, marks[0], marks[1], event.style)
            if event.anchor is not None:
                anchors[event.anchor] = node
            attach(node)
            continue
        if len(stack) >= limits.max_depth:
            raise BriefError([_too_deep(_position(path, event.start_mark), limits)])
        kind = MappingNode if isinstance(event, events.MappingStartEvent) else SequenceNode
        marks = (event.start_mark, event.end_mark)
        stack.append((kind("", [], *marks), event.anchor))
    if root is None or (isinstance(root, ScalarNode) and root.value is None):
        raise BriefError([error("the file is empty", Position(path, 1, 1))])
    return root, aliased


def _too_deep(position: Position, limits: Limits) -> Diagnostic:
    return error(
        f"nested more than {limits.max_depth} levels deep",
        position,
        "a brief never needs this much nesting: check the indentation",
    )


def _flow_depth_position(text: str, path: str, limits: Limits) -> Position:
    """Where brackets first open more than `max_depth` flow collections."""
    depth = 0
    for index, char in enumerate(text):
        depth += 1 if char in "[{" else -1 if char in "]}" else 0
        if depth > limits.max_depth:
            line = text.count("\n", 0, index) + 1
            return Position(path, line, index - (text.rfind("\n", 0, index) + 1) + 1)
    return Position(path, 1, 1)


def _too_many(path: str, mark: Any, limits: Limits) -> Diagnostic:
    return error(
        f"more than {limits.max_nodes:,} values (counting what aliases repeat)",
        _position(path, mark),
        "shorten the file, or raise the limit with --max-nodes",
    )


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(root: Node, path: str, limits: Limits) -> None:
    """Size and depth of the tree once aliases are expanded, from the graph alone."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            size[key] = 1 + sum(size[id(child)] for child in children)
            below = max((depth[id(child)] for child in children), default=0)
            depth[key] = below + (0 if isinstance(node, ScalarNode) else 1)
            open_nodes.discard(key)
            if size[key] > limits.max_nodes:
                raise BriefError([_too_many(path, node.start_mark, limits)])
            if depth[key] > limits.max_depth:
                raise BriefError(
                    [
                        error(
                            f"aliases nest the data more than {limits.max_depth} levels deep",
                            _position(path, node.start_mark),
                        )
                    ]
                )
            continue
        if key in size:
            continue
        if key in open_nodes:
            raise BriefError(
                [
                    error(
                        "an alias refers to the value that contains it",
                        _position(path, node.start_mark),
                    )
                ]
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)


class _Builder:
    """Nodes to plain data, recording positions; depth is already bounded."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.values: dict[Loc, Position] = {}
        self.keys: dict[Loc, Position] = {}
        self.ends: dict[Loc, Position] = {}
        self.problems: list[Diagnostic] = []

    def build(self, node: Node, loc: Loc) -> Any:
        if isinstance(node, ScalarNode) and node.value is None:
            return None  # an empty value: its key is the place to point at
        self.values.setdefault(loc, _position(self.path, node.start_mark))
        self.ends.setdefault(loc, _position(self.path, node.end_mark))
        if isinstance(node, ScalarNode):
            return node.value
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            where = _position(self.path, key_node.start_mark)
            if not isinstance(key_node, ScalarNode) or key_node.value is None:
                self.problems.append(error("a key must be a plain word before ':'", where))
                continue
            key = key_node.value
            if key in mapping:
                first = self.keys[(*loc, key)]
                self.problems.append(
                    error(
                        f"'{key}' appears twice in this mapping (first at line {first.line})",
                        where,
                        "keep one of them: YAML would silently drop the first",
                    )
                )
                continue
            self.keys[(*loc, key)] = where
            mapping[key] = self.build(value_node, (*loc, key))
        return mapping
