"""A justified paragraph's words to lines broken for the whole paragraph at once.

`linebreak` chooses the breaks from the paragraph's boxes (words and pieces of
words), glue (spaces) and penalties (hyphenation points, the slashes of a URL,
and every character of a word wider than the measure). ReportLab then makes the
lines itself, asked to break at those places: each line's width is set to the
width of the words chosen for it, so its own line breaking fills each line with
exactly those words (splitting a word at the chosen hyphenation point, slash or
character). Its lines then get back their real width, so they are justified,
drawn, split and tagged as ReportLab's own lines are. If ReportLab makes other
lines than asked (not foreseen here), or no breaking fits, it gets greedy lines.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from functools import lru_cache
from typing import Any

import pyphen
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl

from .linebreak import Glue, Item, Penalty, Settings, break_paragraph, paragraph_end
from .word_items import word_core, word_items

#: How far a space stretches and shrinks, in units of its width (TeX's ratios).
STRETCH = 1 / 2
SHRINK = 1 / 3
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
    source: Hashable | None = None,
) -> Any:
    """The lines (ReportLab's `blPara`) of a justified paragraph `widths` wide (the
    first line's, then the others'), broken for the whole paragraph;
    `break_greedy` is ReportLab's `breakLines`, and `source` what the paragraph's
    words are made from (its markup and style), if known."""
    style, frags = paragraph.style, paragraph.frags
    real = list(widths)
    rl._handleBulletWidth(paragraph.bulletText, style, real)
    # Hyphenated; then, if ReportLab made other lines (a URL across three lines),
    # with words split only where wider than the measure.
    costs = tuple(sorted((hyphen_costs or {}).items()))
    for simple in (False, True):
        key = None if source is None else (source, tuple(real), settings, costs, simple)
        paragraph.frags = frags  # breakLines leaves its words there: each try starts anew
        if key is not None and key in _PLANS:
            plan = _PLANS[key]
        else:
            words = _words(paragraph, widths[0])
            plan = None
            if words is not None:
                plan = _cached_plan(words, style, real, settings, hyphen_costs, simple)
            if key is not None:
                _PLANS[key] = plan
        if plan is None:
            continue
        planned, splits, url_splits = plan
        asked = [natural + _SLACK for natural in planned]
        asked[0] += widths[0] - real[0]  # ReportLab takes the bullet off the first line again
        paragraph.style = _realising_style(style, simple)
        _PLANNED.pairs, _PLANNED.urls = splits, None if simple else url_splits
        try:
            lines = break_greedy(asked)
        finally:
            paragraph.style = style
            _PLANNED.pairs, _PLANNED.urls = {}, None
        if _matches(lines, planned, asked):
            lines.planned = not simple
            return _widen(lines, real, planned)
    paragraph.frags = frags
    return break_greedy(widths)


class _PlannedHyphenation:
    """The hyphenator ReportLab is given while it makes the planned lines: the one
    hyphenation chosen for each (rest of a) word, so it breaks words nowhere else."""

    def __init__(self) -> None:
        self._local = threading.local()  # each thread lays out its own paragraph

    @property
    def pairs(self) -> dict[str, tuple[str, str]]:
        pairs: dict[str, tuple[str, str]] = getattr(self._local, "pairs", {})
        return pairs

    @pairs.setter
    def pairs(self, pairs: dict[str, tuple[str, str]]) -> None:
        self._local.pairs = pairs

    @property
    def urls(self) -> dict[str, tuple[str, str]] | None:
        """Where each (rest of a) URL breaks, if the URLs of the paragraph being
        made break only where planned; None: where ReportLab breaks them."""
        urls: dict[str, tuple[str, str]] | None = getattr(self._local, "urls", None)
        return urls

    @urls.setter
    def urls(self, pairs: dict[str, tuple[str, str]] | None) -> None:
        self._local.urls = pairs

    def __call__(self, word: str) -> list[tuple[str, str]]:
        pair = self.pairs.get(word)
        return [pair] if pair else []


_PLANNED = _PlannedHyphenation()
_uri_split_pairs = rl._uri_split_pairs


def _planned_uri_split_pairs(uri: str) -> list[tuple[str, str]] | None:
    """ReportLab's places to split a URL (after a slash, longest head first), or,
    while planned lines are made, the one planned place (any of `url_breaks`),
    also in the rest of a URL already split (which no longer starts `https://`)."""
    pairs: list[tuple[str, str]] | None
    planned = _PLANNED.urls
    if planned is not None and uri in planned:
        return [planned[uri]]
    pairs = _uri_split_pairs(uri)
    return pairs if planned is None or pairs is None else []


if rl._uri_split_pairs is _uri_split_pairs:  # (ReportLab's own: not if something replaced it)
    rl._uri_split_pairs = _planned_uri_split_pairs


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


#: The natural width of each line, and where words are hyphenated and URLs broken.
Plan = tuple[list[float], dict[str, tuple[str, str]], dict[str, tuple[str, str]]]
#: Plans already made, by the paragraph's words, style, widths and costs: a
#: process that renders again (`--watch`, a batch) or wraps a paragraph at the
#: same width again (a split part) breaks each paragraph once.
_PLANS: dict[tuple[Any, ...], Plan | None] = {}
_MOST_PLANS = 4096


def _cached_plan(
    words: list[list[Any]],
    style: ParagraphStyle,
    widths: list[float],
    settings: Settings,
    hyphen_costs: Mapping[int, float] | None,
    simple: bool,
) -> Plan | None:
    key = (
        style,
        tuple(widths),
        settings,
        tuple(sorted((hyphen_costs or {}).items())),
        simple,
        tuple(
            (
                isinstance(word, rl._HSFrag),
                tuple(
                    (
                        frag.fontName,
                        frag.fontSize,
                        getattr(frag, "rise", 0),
                        getattr(frag, "nobr", False),
                        text,
                    )
                    for frag, text in word[1:]
                ),
            )
            for word in words
        ),
    )
    if key in _PLANS:
        return _PLANS[key]
    if len(_PLANS) >= _MOST_PLANS:
        _PLANS.clear()
    plan = _PLANS[key] = _plan(words, style, widths, settings, hyphen_costs, simple)
    return plan


def _plan(
    words: list[list[Any]],
    style: ParagraphStyle,
    widths: list[float],
    settings: Settings,
    hyphen_costs: Mapping[int, float] | None,
    simple: bool,
) -> Plan | None:
    """The natural width of each line of the best breaking, and its hyphenations
    as ReportLab's hyphenator gives them (a word's core to its head and tail).
    As TeX does, a paragraph whose lines can all be set within `pretolerance`
    without hyphenation is not hyphenated (nor are its words looked up), unless
    a word is wider than the measure: it is hyphenated rather than cut anywhere."""
    hyphenate = None if simple else hyphenator(style.hyphenationLang or "")
    measure = min(widths)
    if hyphenate is not None and all(word[0] <= measure for word in words):
        unhyphenated = _best_lines(words, widths, settings, hyphen_costs, None, simple)
        if unhyphenated is not None:
            return unhyphenated
    return _best_lines(words, widths, settings, hyphen_costs, hyphenate, simple)


def _best_lines(
    words: list[list[Any]],
    widths: list[float],
    settings: Settings,
    hyphen_costs: Mapping[int, float] | None,
    hyphenate: Callable[[str], list[int]] | None,
    simple: bool,
) -> Plan | None:
    """The plan of `_plan`, hyphenated with `hyphenate` (or, if None, not hyphenated
    and with no line looser than `pretolerance`)."""
    minimum = min(widths)
    items: list[Item] = []
    places: dict[int, tuple[str, int]] = {}  # a hyphenation penalty to its word and place
    spaces: dict[tuple[str, float], Glue] = {}  # a space in each font and size
    last = len(words) - 1
    for i, word in enumerate(words):
        for item, text, place in word_items(word, hyphenate, minimum, settings, simple):
            if place:
                places[len(items)] = (text, place)
            items.append(item)
        if i < last and isinstance(word, rl._HSFrag):
            frag = word[-1][0]
            face = (frag.fontName, frag.fontSize)
            glue = spaces.get(face)
            if glue is None:
                space = stringWidth(" ", *face)
                glue = spaces[face] = Glue(space, space * STRETCH, space * SHRINK)
            items.append(glue)
    items.extend(paragraph_end())
    tolerances = None if hyphenate is not None or simple else [settings.pretolerance]
    lines = break_paragraph(items, widths, settings, hyphen_costs, tolerances)
    if lines is None:
        return None
    cuts: dict[str, list[tuple[int, bool]]] = {}
    for line in lines:
        if line.end in places:
            text, place = places[line.end]
            hyphenated = items[line.end]
            assert isinstance(hyphenated, Penalty)
            cuts.setdefault(text, []).append((place, hyphenated.flagged))
    splits: dict[str, tuple[str, str]] = {}
    url_splits: dict[str, tuple[str, str]] = {}
    for text, places_in_word in cuts.items():
        done = 0
        for place, flagged in places_in_word:
            if place <= done:
                done = 0  # the same word again, further on: its cuts from its start
            prefix, core = word_core(text[done:])
            head = place - done - len(prefix)
            pair = (core[:head], core[head:])
            table = splits if flagged else url_splits
            if head <= 0 or table.setdefault(core, pair) != pair:
                # ReportLab is told one split a word: two of the same word cut in
                # different places (or before its first letter) cannot be made.
                return None
            done = place
    return [line.natural for line in lines], splits, url_splits


#: The fewest letters a hyphen leaves on its line and takes to the next (Bringhurst:
#: "leave at least two characters behind and take at least three forward"); pyphen's
#: own are two and two ("hospit-al"). Ragged text is given the same (`paragraphs`).
HYPHEN_MIN_BEFORE, HYPHEN_MIN_AFTER = 2, 3


class Hyphenation(pyphen.Pyphen):  # type: ignore[misc]
    """pyphen's hyphenation, leaving and taking at least the letters above."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(left=HYPHEN_MIN_BEFORE, right=HYPHEN_MIN_AFTER, **kwargs)


@lru_cache(maxsize=64)
def hyphenator(language: str) -> Callable[[str], list[int]] | None:
    """The hyphenation points ReportLab's hyphenator offers in a word (those that
    change no letters), from pyphen's patterns for `language`."""
    if not language.strip():
        return None
    dictionary = Hyphenation(lang=language.strip())

    def positions(word: str) -> list[int]:
        return [int(point) for point in dictionary.positions(word) if not point.data]

    return positions


@lru_cache(maxsize=256)
def _realising_style(style: ParagraphStyle, simple: bool) -> ParagraphStyle:
    """The style ReportLab makes the planned lines with: spaces never shrink (each
    line is given just its words' width); a URL may break at any of its slashes,
    and words are hyphenated only where planned (unless `simple`: neither)."""
    if simple:
        return style.clone(style.name, spaceShrinkage=0, uriWasteReduce=0, hyphenationLang="")
    return style.clone(style.name, spaceShrinkage=0, uriWasteReduce=-1e9, hyphenationLang=_PLANNED)


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
