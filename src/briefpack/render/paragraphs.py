"""Markup to paragraphs: parsed once per process, broken into lines once per width,
and drawn as tagged text (see `tagging`)."""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import pyphen
from reportlab.lib import rl_accel
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import _processed_frags

from . import long_words as long_words  # (gives ReportLab its long-word splitters)
from .balanced import BIND, balance, line_text, pieces_of, tie_short_words, unbind
from .breaking import break_lines
from .justify import SHRINK, Hyphenation, break_justified
from .linebreak import Settings
from .structure import Element
from .tagging import tagger_of

#: The costs of breaking justified paragraphs (see `linebreak`).
JUSTIFY_SETTINGS = Settings()
#: The demerits of a hyphen at the end of a column or page: a penalty of 320, squared
#: (TeX's brokenpenalty is 100; at 100 the example's page 1 ended "dis-", since
#: moving the hyphen cost one line stretched a little more).
PAGE_END_HYPHEN_DEMERITS = 320.0**2

#: What ReportLab compares to tell whether two fragments draw alike (`sameFrag`).
_DRAWN_ALIKE = (
    "fontName",
    "fontSize",
    "textColor",
    "rise",
    "us_lines",
    "link",
    "backColor",
    "nobr",
)
_ABSENT = object()


def _same_frag(f: Any, g: Any) -> bool:
    """ReportLab's `sameFrag`, which its line breaking asks of each piece of each
    word: whether two fragments are alike but for their text. Its compiled version
    looks for attributes most fragments lack (a callback, a line break, a
    background) and makes and drops an AttributeError for each, 4 µs a call and a
    tenth of a warm render; `getattr` with a default makes none."""
    if hasattr(f, "cbDefn") or hasattr(g, "cbDefn") or hasattr(f, "lineBreak"):
        return False
    if hasattr(g, "lineBreak"):
        return False
    for name in _DRAWN_ALIKE:
        a, b = getattr(f, name, _ABSENT), getattr(g, name, _ABSENT)
        if a is not b and a != b:
            return False
    return True


if rl_paragraph.sameFrag is rl_accel.sameFrag:  # (not if something else replaced it)
    rl_paragraph.sameFrag = _same_frag

#: ReportLab hyphenates only words made of the letters it lists (Latin, and basic
#: Cyrillic), so Greek was never hyphenated, with pyphen's Greek patterns or any
#: others. Its hyphenation (and so briefpack's, which asks the same question) is
#: given every letter Unicode has, with the hyphens it allows between them.
_LETTER = r"[^\W\d_]"
if rl_paragraph._hy_letters_pat.pattern == f"^[{rl_paragraph._hy_letters}]+$":
    rl_paragraph._hy_letters_pat = re.compile(f"^{_LETTER}+$")
    rl_paragraph._hy_shy_letters_pat = re.compile(f"^(?:{_LETTER}|[{rl_paragraph._hy_shy}])+$")

#: ReportLab's hyphenation of ragged text leaves and takes the letters justified
#: text does (`justify.HYPHEN_MIN_BEFORE`): it makes `pyphen.Pyphen(lang=...)`.
if rl_paragraph.pyphen is pyphen:
    rl_paragraph.pyphen = SimpleNamespace(Pyphen=Hyphenation)

#: ReportLab's line breaking measures every word of a paragraph, and the space after
#: each, and looks up the font's ascent and descent for each word, each time it breaks
#: one: half a million measures for a long brief, mostly of the same few thousand
#: words (and for a TrueType font each ascent lookup makes and drops an
#: AttributeError). Both depend on the font's name and the size (and a width on the
#: text) alone: ReportLab keeps the first TrueType font registered under a name
#: (briefpack's fonts are all TrueType), and the standard fonts' metrics are fixed.
#: ReportLab's paragraphs are given the same functions, remembered.
MEASURES_KEPT = 32_768
_remembered_width = lru_cache(maxsize=MEASURES_KEPT)(pdfmetrics.stringWidth)
_remembered_extent = lru_cache(maxsize=1024)(pdfmetrics.getAscentDescent)
if rl_paragraph.stringWidth is pdfmetrics.stringWidth:
    rl_paragraph.stringWidth = _remembered_width
if rl_paragraph.getAscentDescent is pdfmetrics.getAscentDescent:
    rl_paragraph.getAscentDescent = _remembered_extent


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that parses its markup once per process and breaks its lines
    once per width.

    Parsing markup into fragments is a third of the cost of making a paragraph
    and depends on the text and the style alone: a process that renders again
    and again (`--watch`, a batch, a pack) parses each paragraph it has seen once,
    and each paragraph gets copies of the fragments, which ReportLab annotates.
    ReportLab also asks a paragraph for its size several times at the same width
    (to fit it in a frame, to keep a heading with it, to size a table cell), and
    each time breaks and measures every line again. The lines depend on the
    width alone, so they are kept for the last width asked.
    """

    _wrapped_width: float | None = None
    #: The structure element its text belongs to (see `tagging`), and the element
    #: of its label: its bullet, or (`inline_label`) the raised number it starts with.
    tag: Element | None = None
    label: Element | None = None
    inline_label = False
    #: Its text as written (before line breaking puts in any hyphens).
    plain = ""
    #: Demerits for a hyphen at the end of given lines (see `split`).
    _hyphen_costs: dict[int, float] | None = None
    #: The fragments it was made with (ReportLab's `frags` change as it breaks lines).
    _given_frags: list[Any]
    #: A split's first part: the widths it was split at, and the lines it got there.
    _kept_lines: tuple[tuple[float, ...], Any] | None = None
    #: What its words are made from (its markup and style), unless it is a part.
    _source: tuple[str | None, ParagraphStyle] | None = None
    #: Whether its short words are bound to the next while it breaks (`balanced`).
    _bound = False
    #: Its fragments before the ties, for a width at which a tie splits a word.
    _untied: list[Any] | None = None

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        tag: Element | None = None,
        label: Element | None = None,
        **kwargs: Any,
    ) -> None:
        self.tag, self.label = tag, label
        if kwargs.get("frags") is not None:  # a part made by `split`
            self._given_frags = kwargs["frags"]
            super().__init__(text, style, **kwargs)
            return
        parsed = _parse(text, style)
        self._source = (text, style)
        kwargs["frags"] = self._given_frags = [frag.clone() for frag in parsed.frags]
        self.plain = "".join(getattr(frag, "text", "") for frag in parsed.frags)
        balanced = getattr(style, "balance", False) and style.alignment != TA_JUSTIFY
        if balanced and BIND not in self.plain:
            self._untied = self._given_frags
            kwargs["frags"] = self._given_frags = tie_short_words(self._untied)
            self._bound = True
        super().__init__(parsed.text, parsed.style, **kwargs)

    def split(self, avail_width: float, avail_height: float) -> list[Paragraph]:
        """Split as ReportLab does, leaving the paragraph itself as it was: a
        layout that tries a split and then lays the paragraph out otherwise (a
        frame that keeps room for notes, a trial of `balance`) gets the same
        lines as one that never tried it."""
        kept = dict(self.__dict__)
        parts: list[Paragraph] = []
        try:
            if self.style.alignment == TA_JUSTIFY:
                self._keep_hyphen_off_the_last_line(avail_width, avail_height)
            words = self.frags
            kinds = [type(word) for word in words] if _processed_frags(words) else []
            parts = super().split(avail_width, avail_height)
            _unshare_last_word(words, kinds, parts)
            _keep_lines(self, parts)
        finally:
            if parts != [self]:  # (a paragraph that fits is as it was wrapped)
                self.__dict__.clear()
                self.__dict__.update(kept)
        for part in parts:  # the parts' text belongs to the same element
            part.tag, part.label, part.inline_label = self.tag, self.label, self.inline_label
            part.plain, part._bound = self.plain, self._bound
        return parts

    def _keep_hyphen_off_the_last_line(self, avail_width: float, avail_height: float) -> None:
        """Break the lines again, with a hyphen at the end of the last line that
        fits (the last of a column or page) made costly, if that line ends with one;
        the new lines are used for this split if there are as many."""
        self.wrap(avail_width, avail_height)
        before: Any = self.__dict__.get("blPara")  # made by wrap, unless it cannot fit
        if before is None:
            return
        lines = before.lines
        last = int(avail_height / self.style.leading) - 1
        if len(lines) == last + 2:  # ReportLab leaves no widow: one line fewer fits
            last -= 1
        if not 0 < last < len(lines) - 1 or not _ends_with_hyphen(before, last):
            return
        # breakLines sets both: the words must stay those `before` was made from.
        frags: list[Any] = self.frags  # type: ignore[has-type]
        height: float = self.height  # type: ignore[has-type]
        self._hyphen_costs = {last: PAGE_END_HYPHEN_DEMERITS}
        try:
            again = self.breakLines(self._wrapWidths)
        finally:
            self._hyphen_costs = None
        if len(again.lines) == len(lines):
            self.blPara = again  # with the words (frags) it was made from
        else:
            self.frags = frags
        self.height = height

    def draw(self) -> None:
        tagger = tagger_of(self.canv)
        if tagger is None:
            super().draw()
            return
        tagger.current = None if self.inline_label else self.label  # for the bullet
        try:
            super().draw()
        finally:
            tagger.current = None

    def beginText(self, x: float, y: float) -> Any:  # noqa: N802 - ReportLab's name
        tagger = tagger_of(self.canv)
        if tagger is None:
            return super().beginText(x, y)
        element = self.tag
        links = getattr(self.blPara, "link", None) if self.blPara.kind == 0 else None
        if element is not None and links:  # all one link: ReportLab reports no link ends
            element = element.add("Link", address=links[0][1])
        label = self.label if self.inline_label else None
        text = tagger.text_object(self.canv, x, y, element, label, self.plain)
        if links:
            text.whole_link = element
        return text

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - ReportLab's name
        """Justified lines are broken for the whole paragraph at once (`justify`);
        others are ReportLab's, with long tokens broken inside the measure (`breaking`)."""
        # ReportLab leaves the words of the last breaking in `frags` (and `split`
        # needs them): each breaking starts from the fragments the paragraph was
        # made with, so its lines depend on the width alone, not on the widths,
        # heights and splits tried before.
        kept = self._kept_lines
        if kept is not None and kept[0] == tuple(width):
            return kept[1]
        self.frags = given = self._given_frags
        greedy = super().breakLines
        if self._bound:
            tied = unbind(break_lines(self, width, greedy))
            if self._untied is None or pieces_of(tied) <= len(self.plain.split()):
                return tied
            # A tied pair too wide for the line splits a word the line could hold.
            self.frags = self._untied
            untied = break_lines(self, width, greedy)
            return tied if pieces_of(tied) <= pieces_of(untied) else untied
        if self.style.alignment != TA_JUSTIFY:
            return break_lines(self, width, greedy)
        costs = self._hyphen_costs

        def justified(width: Any) -> Any:
            widths = list(width) if isinstance(width, list | tuple) else [width]
            # Plans are kept by the markup: not for its fragments with breaks put in.
            source = self._source if self.frags is given else None
            return break_justified(self, widths, greedy, JUSTIFY_SETTINGS, costs, source)

        # A URL the total-fit lines break at the wrong place gets its breaks put in.
        return break_lines(self, width, justified, SHRINK)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # ReportLab drops the lines (blPara) when it splits or draws in some paths.
        if self._wrapped_width == avail_width and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        if getattr(self.style, "balance", False) and self.style.alignment != TA_JUSTIFY:
            size = balance(self, super().wrap, avail_width, avail_height, size)
        self._wrapped_width = avail_width
        return size


def _unshare_last_word(words: list[Any], kinds: list[type], parts: list[Paragraph]) -> None:
    """ReportLab's split marks the last word of its first part as ending the part
    (changing its class) in the word list the part shares with the paragraph:
    that word gets a copy of its own, and the paragraph's word its class back,
    or its hyphen would stay in the word when the paragraph is broken again."""
    if not kinds or not parts:
        return
    first = parts[0].frags
    for word, kind in zip(words, kinds, strict=True):
        if type(word) is not kind:
            changed = copy.copy(word)
            word.__class__ = kind
            first[:] = [changed if part is word else part for part in first]


def _keep_lines(paragraph: Para, parts: list[Paragraph]) -> None:
    """A justified paragraph's first part keeps the lines it was split with:
    broken again on its own, its words could make other lines (the total-fit
    breaking sets its last line ragged), and one more than the room it was cut for."""
    whole = paragraph.__dict__.get("blPara")
    if paragraph.style.alignment != TA_JUSTIFY or len(parts) != 2 or whole is None:
        return
    first = parts[0]
    lines = getattr(first.__dict__.get("blPara"), "lines", None)
    if isinstance(first, Para) and lines is not None:
        made = copy.copy(whole)
        made.lines = lines
        first._kept_lines = (tuple(paragraph._wrapWidths), made)


def _ends_with_hyphen(lines: Any, index: int) -> bool:
    return line_text(lines.kind, lines.lines[index]).rstrip().endswith("-")


@lru_cache(maxsize=8192)
def _parse(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph's markup parsed by ReportLab, kept for `Para` to copy."""
    return Paragraph(text, style)


class Heading(Para):
    """A heading that adds itself to the PDF outline when drawn."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        outline_title: str = "",
        key: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(text, style, **kwargs)
        self.outline_title = outline_title
        self.outline_key = key

    def split(self, avail_width: float, avail_height: float) -> list[Paragraph]:
        """A heading too tall for a page splits; only its first part is in the outline."""
        parts: list[Paragraph] = super().split(avail_width, avail_height)
        for i, part in enumerate(parts):
            part.outline_title = self.outline_title if i == 0 else ""
            part.outline_key = self.outline_key if i == 0 else ""
        return parts
