"""Inline text of a brief to a small tree, and that tree to escaped ReportLab markup.

The inline language is `**bold**`, `*italic*`, `[label](url)` and `[^key]`;
everything else prints as typed. Parsing is done by markdown-it with every rule
off except emphasis and links, plus one rule for footnote references: no HTML,
no entities, no escapes, no autolinks, and `_` is an ordinary character. The
markup side escapes every character of text, so nothing in a brief can become
ReportLab markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape as _html_escape

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

FOOTNOTE_REF = re.compile(r"\[\^([A-Za-z0-9_-]+)\]")
_LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Link:
    """`[label](url)`; `source` is the text as written, for finding it in the file."""

    url: str
    children: tuple[Node, ...]
    source: str


@dataclass(frozen=True)
class FootnoteRef:
    key: str

    @property
    def source(self) -> str:
        return f"[^{self.key}]"


Node = Text | Strong | Emphasis | Link | FootnoteRef


def _footnote_rule(state: StateInline, silent: bool) -> bool:
    match = FOOTNOTE_REF.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"key": match.group(1)}
    state.pos = match.end()
    return True


def _underscore_rule(state: StateInline, silent: bool) -> bool:
    """`_` is text: only `*` marks emphasis in a brief."""
    if state.src[state.pos] != "_":
        return False
    if not silent:
        state.pending += "_"
    state.pos += 1
    return True


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("zero").enable(["emphasis", "link"])
    link_rule = md.inline.ruler.__rules__[md.inline.ruler.__find__("link")].fn

    def link_with_source(state: StateInline, silent: bool) -> bool:
        start = state.pos
        count = len(state.tokens)
        if not link_rule(state, silent):
            return False
        if not silent:
            opening = next(t for t in state.tokens[count:] if t.type == "link_open")
            opening.meta = {"source": state.src[start : state.pos]}
        return True

    md.inline.ruler.at("link", link_with_source)
    md.inline.ruler.before("link", "footnote_ref", _footnote_rule)
    md.inline.ruler.before("emphasis", "underscore", _underscore_rule)
    # Every scheme parses as a link; validation refuses all but http(s) and mailto
    # with a positioned error, rather than letting a bad link print as text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


_MD = _make_parser()


#: How many texts' trees are kept. Checking a brief's citations and links and
#: rendering it read each of its texts in turn, in the same order, so a cache
#: smaller than the brief keeps none of them: it drops each tree before it is
#: read again. The benchmark's long brief has 6,769 texts.
PARSED_TEXTS = 65_536


@lru_cache(maxsize=PARSED_TEXTS)
def parse_inline(text: str) -> tuple[Node, ...]:
    """The inline tree of one text field."""
    tokens: list[Token] = _MD.parseInline(text)
    children = (tokens[0].children or []) if tokens else []
    nodes, _ = _build(children, 0, "")
    return tuple(nodes)


def _build(tokens: list[Token], start: int, closing: str) -> tuple[list[Node], int]:
    nodes: list[Node] = []
    i = start
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == closing:
            return nodes, i + 1
        if kind in ("strong_open", "em_open", "link_open"):
            children, i = _build(tokens, i + 1, kind.replace("_open", "_close"))
            if kind == "strong_open":
                nodes.append(Strong(tuple(children)))
            elif kind == "em_open":
                nodes.append(Emphasis(tuple(children)))
            else:
                url = str(token.attrs.get("href", ""))
                nodes.append(Link(url, tuple(children), str(token.meta.get("source", ""))))
            continue
        if kind == "footnote_ref":
            nodes.append(FootnoteRef(token.meta["key"]))
        elif kind in ("softbreak", "hardbreak"):
            _append_text(nodes, " ")
        else:
            _append_text(nodes, _LINE_BREAK.sub(" ", token.content))
        i += 1
    return nodes, i


def _append_text(nodes: list[Node], text: str) -> None:
    if nodes and isinstance(nodes[-1], Text):
        nodes[-1] = Text(nodes[-1].text + text)
    elif text:
        nodes.append(Text(text))


def walk(nodes: Sequence[Node]) -> Iterator[Node]:
    """Every node, depth first, in reading order."""
    for node in nodes:
        yield node
        if isinstance(node, (Strong, Emphasis, Link)):
            yield from walk(node.children)


def footnote_refs(nodes: Sequence[Node]) -> list[FootnoteRef]:
    return [node for node in walk(nodes) if isinstance(node, FootnoteRef)]


def links(nodes: Sequence[Node]) -> list[Link]:
    return [node for node in walk(nodes) if isinstance(node, Link)]


def plain_text(nodes: Sequence[Node]) -> str:
    """The words alone: no emphasis, link labels without their URLs, no markers."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Strong, Emphasis, Link)):
            out.append(plain_text(node.children))
    return "".join(out)


def plain_words(text: str) -> str:
    """Inline text as plain words (markup and footnote markers dropped, spaces folded)."""
    return " ".join(plain_text(parse_inline(text)).split())


def escape_text(text: str) -> str:
    """Plain text as paragraph markup: `&`, `<` and `>` escaped, nothing else."""
    # What xml.sax.saxutils.escape does; that module imports urllib.request (~8 ms).
    return _html_escape(text, quote=False)


def quote_attribute(value: str) -> str:
    """An escaped and quoted attribute value, as xml.sax.saxutils.quoteattr writes it."""
    value = escape_text(value).replace("\n", "&#10;").replace("\r", "&#13;")
    value = value.replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def to_markup(
    nodes: Sequence[Node],
    footnote: Callable[[str], str],
    link_color: str | None = None,
    upper: bool = False,
) -> str:
    """ReportLab paragraph markup; `footnote(key)` gives the marker of a reference.
    `upper` capitalises the text and keeps the markers, links and emphasis."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(escape_text(node.text.upper() if upper else node.text))
        elif isinstance(node, Strong):
            out.append(f"<b>{to_markup(node.children, footnote, link_color, upper)}</b>")
        elif isinstance(node, Emphasis):
            out.append(f"<i>{to_markup(node.children, footnote, link_color, upper)}</i>")
        elif isinstance(node, Link):
            colour = f" color={quote_attribute(link_color)}" if link_color else ""
            label = to_markup(node.children, footnote, link_color, upper)
            out.append(f"<a href={quote_attribute(node.url)}{colour}>{label}</a>")
        else:
            out.append(footnote(node.key))
    return "".join(out)
