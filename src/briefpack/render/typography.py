"""Inline text and a language to the spacing and quotation marks that language sets.

French puts a no-break space before ; : ! ? and inside « »: added here at render
time, on the text of the inline tree (never in a link's address), and never twice
where the author typed one. It is the word space U+00A0: ReportLab breaks lines at
the thin U+202F, so a thin space typed by the author becomes U+00A0 too. A sign
counts as punctuation when it ends a word (`14:30` and `https://` are left alone).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from briefpack.brief.inline import Emphasis, FootnoteRef, Link, Node, Strong, Text
from briefpack.layout.locales import Language

from .dates import upper_text

NO_BREAK = "\u00a0"

#: A space (or none) between a word and ; : ! ? that ends it; after another of the
#: signs, only a space typed between them (`?!` stays together).
_BEFORE_SIGN = re.compile(
    r"(?:(?<=[^\s;:!?])[ \u202f]?|(?<=[;:!?])[ \u202f])(?=[;:!?](?:$|[\s;:!?»)\]”’\"']))"
)
_AFTER_OPENING = re.compile(r"«[ \u202f]?(?=[^\s])")
_BEFORE_CLOSING = re.compile(r"(?<=[^\s])[ \u202f]?»")


def french_spacing(text: str) -> str:
    """`text` with French no-break spaces (see the module's docstring)."""
    text = _BEFORE_SIGN.sub(NO_BREAK, text)
    text = _AFTER_OPENING.sub("«" + NO_BREAK, text)
    return _BEFORE_CLOSING.sub(NO_BREAK + "»", text)


def respace(nodes: Sequence[Node], language: Language, upper: bool = False) -> tuple[Node, ...]:
    """The inline tree with its language's spacing (as it is, for most languages),
    and in its capitals if `upper` (Greek capitals drop their accents)."""
    if upper and language.tag.split("-")[0] == "el":
        nodes = _capitals(nodes, language.tag)
    if not language.french_spacing:
        return tuple(nodes)
    return _respace(nodes, [" "])


def _capitals(nodes: Sequence[Node], lang: str) -> tuple[Node, ...]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(Text(upper_text(node.text, lang)))
        elif isinstance(node, (Strong, Emphasis, Link)):
            out.append(replace(node, children=_capitals(node.children, lang)))
        else:
            out.append(node)
    return tuple(out)


def _respace(nodes: Sequence[Node], last: list[str]) -> tuple[Node, ...]:
    """Each text seen with the character before it (`last`, carried across nodes)."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text):
            spaced = french_spacing(last[0] + node.text)[1:]
            out.append(Text(spaced))
            last[0] = spaced[-1:] or last[0]
        elif isinstance(node, (Strong, Emphasis, Link)):
            out.append(replace(node, children=_respace(node.children, last)))
        elif isinstance(node, FootnoteRef):
            out.append(node)
            last[0] = "0"  # a marker: the sign after it belongs to the word before
    return tuple(out)


def quoted(markup: str, language: Language) -> str:
    """Markup inside its language's quotation marks (with French spacing inside)."""
    space = NO_BREAK if language.french_spacing else ""
    return f"{language.quote_start}{space}{markup}{space}{language.quote_end}"
