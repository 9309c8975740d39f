"""A justified paragraph's words to lines broken for the whole paragraph at once.

`linebreak` chooses the breaks from the paragraph's boxes (words and pieces of
words), glue (spaces) and penalties (hyphenation points, the slashes of a URL,
and every character of a word wider than the measure). ReportLab then makes the
lines itself, asked to break at those places: each line's width is set to the
width of the words chosen for it, so its own line breaking fills each line with
exactly those words (splitting a word at the chosen hyphenation point, slash or
character). Its lines then get back their real width, so they are justified,
drawn, split between frames and tagged as ReportLab's own lines are. If
ReportLab makes other lines than asked (a case not foreseen here), or no
breaking fits, the paragraph gets ReportLab's greedy lines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import pyphen
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl

from .linebreak import Box, Glue, Item, Line, Penalty, Settings, break_paragraph, paragraph_end

#: How far a space stretches and shrinks, in units of its width (TeX's ratios).
STRETCH = 1 / 2
SHRINK = 1 / 3
#: The cost of breaking a URL after a slash, and a long word between two characters.
URL_PENALTY = 30.0
CHARACTER_PENALTY = 1000.0
#: How much wider than its words ReportLab is told each line is.
_SLACK = 0.01
_UNDERCOUNT = 1.0

BreakLines = Callable[[list[float]], Any]


def break_justified(
    paragraph: rl.Paragraph,
    widths: list[float],
    break_greedy: BreakLines,
    settings: Settings,
    hyphen_costs: Mapping[int, float] | None = None,
) -> Any:
    """The lines (ReportLab's `blPara`) of a justified paragraph `widths` wide (the
    first line's, then the others'), broken for the whole paragraph;
    `break_greedy` is ReportLab's `breakLines`."""
    style = paragraph.style
    real = list(widths)
    rl._handleBulletWidth(paragraph.bulletText, style, real)
    words = _words(paragraph, widths[0])
    planned = None if words is None else _plan(words, style, real, settings, hyphen_costs)
    if planned is None:
        return break_greedy(widths)
    asked = [natural + _SLACK for natural in planned]
    asked[0] += widths[0] - real[0]  # ReportLab takes the bullet off the first line again
    paragraph.style = _realising_style(style)
    try:
        lines = break_greedy(asked)
    finally:
        paragraph.style = style
    if _matches(lines, planned, asked):
        return _widen(lines, real, planned)
    return break_greedy(widths)


def _words(paragraph: rl.Paragraph, width: float) -> list[list[Any]] | None:
    """The paragraph's words as ReportLab's frag words ([width, (frag, text), ...]),
    or None where ReportLab breaks lines in ways not modelled here."""
    style = paragraph.style
    if style.endDots or (style.wordWrap or "").upper() in ("CJK", "RTL", "LTR"):
        return None
    frags = paragraph.frags
    if not frags:
        return None
    if len(frags) == 1 and not (
        hasattr(frags[0], "cbDefn") or hasattr(frags[0], "backColor") or rl._processed_frags(frags)
    ):
        frag = frags[0]
        texts = rl.split(rl.strip(frag.text)) if hasattr(frag, "text") else list(frag.words)
        if not texts or any(type(text) is not str or rl._shy in text for text in texts):
            return None
        words: list[list[Any]] = []
        for i, text in enumerate(texts):
            word = [stringWidth(text, frag.fontName, frag.fontSize), (frag, text)]
            words.append(rl._HSFrag(word) if i < len(texts) - 1 else word)
        return words
    words = rl._getFragWords(frags, width)
    for word in words:
        for frag, text in word[1:]:
            if frag._fkind != rl._FK_TEXT or hasattr(frag, "cbDefn") or rl._shy in text:
                return None
    return words


def _plan(
    words: list[list[Any]],
    style: ParagraphStyle,
    widths: list[float],
    settings: Settings,
    hyphen_costs: Mapping[int, float] | None,
) -> list[float] | None:
    """The natural width of each line of the best breaking, or None."""
    hyphenate = _hyphenator(style.hyphenationLang or "")
    minimum = min(widths)
    items: list[Item] = []
    for i, word in enumerate(words):
        items.extend(_word_items(word, hyphenate, minimum, settings))
        if isinstance(word, rl._HSFrag) and i < len(words) - 1:
            frag = word[-1][0]
            space = stringWidth(" ", frag.fontName, frag.fontSize)
            items.append(Glue(space, space * STRETCH, space * SHRINK))
    items.extend(paragraph_end())
    lines: list[Line] | None = break_paragraph(items, widths, settings, hyphen_costs)
    return None if lines is None else [line.natural for line in lines]


def _word_items(
    word: list[Any],
    hyphenate: Callable[[str], list[int]] | None,
    minimum: float,
    settings: Settings,
) -> list[Item]:
    width = word[0]
    if len(word) != 2 or getattr(word[1][0], "nobr", False):
        return [Box(width)]
    frag, text = word[1]
    breaks = _breaks(text, frag.fontName, frag.fontSize, width, hyphenate, minimum, settings)
    items: list[Item] = []
    done = 0.0
    for head, after in breaks:
        items.append(Box(head - done))
        items.append(after)
        done = head
    items.append(Box(width - done))
    return items


def _breaks(
    text: str,
    font: str,
    size: float,
    width: float,
    hyphenate: Callable[[str], list[int]] | None,
    minimum: float,
    settings: Settings,
) -> list[tuple[float, Penalty]]:
    """Where a word may break, as (width of the part before, penalty), left to right:
    where ReportLab's own hyphenation (`_hyGenPair`) would split it."""
    found: dict[float, Penalty] = {}
    prefix_match = rl._hy_pfx_pat.match(text)
    prefix = prefix_match.group(0) if prefix_match else ""
    core = text[len(prefix) :]
    suffix_match = rl._hy_sfx_pat.search(core)
    if suffix_match:
        core = core[: -len(suffix_match.group(0))]
    if len(core) >= rl.hyphenationMinWordLength:
        pairs = rl._uri_split_pairs(core)
        if pairs is not None:
            for head, _tail in pairs:
                found[stringWidth(prefix + head, font, size)] = Penalty(0.0, URL_PENALTY)
        elif hyphenate is not None and rl._hy_letters_pat.match(core):
            hyphen = stringWidth("-", font, size)
            for position in hyphenate(core):
                head = stringWidth(prefix + core[:position], font, size)
                found[head] = Penalty(hyphen, settings.hyphen_penalty, True)
    if width > minimum and len(text) > 1:  # a word wider than the measure breaks where it must
        head = 0.0
        for character in text[:-1]:
            head += stringWidth(character, font, size)
            found.setdefault(head, Penalty(0.0, CHARACTER_PENALTY))
    return sorted(found.items(), key=lambda pair: pair[0])


@lru_cache(maxsize=64)
def _hyphenator(language: str) -> Callable[[str], list[int]] | None:
    """The hyphenation points ReportLab's hyphenator offers in a word (those that
    change no letters), from pyphen's patterns for `language`."""
    if not language.strip():
        return None
    dictionary = pyphen.Pyphen(lang=language.strip())

    def positions(word: str) -> list[int]:
        return [int(point) for point in dictionary.positions(word) if not point.data]

    return positions


@lru_cache(maxsize=256)
def _realising_style(style: ParagraphStyle) -> ParagraphStyle:
    """The style ReportLab breaks the chosen lines with: spaces never shrink (each
    line is given just its words' width) and a URL may break at any of its slashes."""
    return style.clone(style.name, spaceShrinkage=0, uriWasteReduce=-1e9)


def _matches(lines: Any, planned: list[float], asked: list[float]) -> bool:
    """Whether ReportLab made the lines asked for: as many, each as wide as
    planned. It may measure a line up to `_UNDERCOUNT` narrower: it measures the
    space after a word of several fragments in the size of the word's first
    fragment (a footnote marker's, a verdict label's)."""
    if len(lines.lines) != len(planned):
        return False
    for i, line in enumerate(lines.lines):
        extra = line[0] if lines.kind == 0 else line.extraSpace
        if not -_UNDERCOUNT <= asked[i] - extra - planned[i] <= _SLACK / 2:
            return False
    return True


def _widen(lines: Any, widths: list[float], planned: list[float]) -> Any:
    """ReportLab's lines with their real widths, so their spaces fill the measure
    (measured here, where ReportLab may have undercounted a space)."""
    last = len(widths) - 1
    if lines.kind == 0:
        lines.lines = [
            (widths[min(i, last)] - planned[i], words)
            for i, (_extra, words) in enumerate(lines.lines)
        ]
        return lines
    for i, line in enumerate(lines.lines):
        width = widths[min(i, last)]
        line.extraSpace = width - planned[i]
        line.maxWidth = width
    return lines
