"""Read a rendered PDF back with pypdfium2 and check that nothing is drawn outside
its frame and nothing is lost:

- every glyph (whitespace aside) lies between the page's left and right margins of
  the layout, and between the top of the running header and the foot of the
  footer (the page's header and footer bands), on the finished (trimmed) page;
- every character of the brief's text appears in the text extracted from the
  document, counted as a multiset (case, quote marks and spaces aside);
- no text is drawn over other text: pdfium's text rectangles (a run of glyphs on
  one line each) of two different lines never overlap by much of a line's height.

This is the tests' own reading of the file: the bounds come from the layout's
numbers and the PDF's TrimBox, the text from pdfium's extraction; nothing here
asks briefpack's rendering code where it meant to draw.
"""

from __future__ import annotations

import ctypes
import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium

from briefpack.brief.inline import footnote_refs, parse_inline, plain_text
from briefpack.brief.model import Brief
from briefpack.layout.theme import Theme

#: How far (points) a glyph's ink may reach past a bound: the overhang of a
#: letter such as "y" at the end of a justified line, italic overhangs and
#: the rounding of pdfium's boxes, well under the width of any character.
TOLERANCE = 1.5

#: Marks a typography pass may turn into one another ('"' to “ or «, and so on),
#: counted as one.
QUOTES = "'\"‘’‚‛“”„‟«»‹›"

#: What pdfium may report at a line break that the brief never had.
INSERTED = {"\u00ad", "\u0002", "\u200b", "\ufffe", "\uffff"}


@dataclass(frozen=True)
class Bounds:
    """Where text may be on one page, in PDF points of the sheet."""

    left: float
    right: float
    bottom: float
    top: float


@dataclass(frozen=True)
class Stray:
    """A glyph drawn outside its page's bounds."""

    page: int
    char: str
    box: tuple[float, float, float, float]
    bounds: Bounds

    def __str__(self) -> str:
        left, bottom, right, top = self.box
        return (
            f"page {self.page + 1}: {self.char!r} at x {left:.1f}..{right:.1f}, "
            f"y {bottom:.1f}..{top:.1f}, outside {self.bounds}"
        )


def page_bounds(theme: Theme, trim: Sequence[float], page: int) -> Bounds:
    """The bounds of page number `page` (1-based) of a PDF in `theme`'s layout whose
    TrimBox is `trim` (x0, y0, x1, y1)."""
    layout = theme.page
    left_margin, right_margin = layout.side_margins(page)
    header = theme.styles["header"]
    footer = theme.styles["footer"]
    x0, y0, x1, y1 = trim
    # The header's baseline is header_gap above the text; its capitals reach at
    # most one font size above it. The footer's baseline is footer_gap below the
    # text; a recipient's line may go one leading lower, and descenders below that.
    header_top = y1 - layout.margin_top + layout.header_gap + (header.size or 0.0)
    footer_size = footer.size or 0.0
    footer_bottom = y0 + layout.margin_bottom - layout.footer_gap
    footer_bottom -= (footer.leading or footer_size) + footer_size * 0.3
    return Bounds(x0 + left_margin, x1 - right_margin, max(y0, footer_bottom), min(y1, header_top))


def strays(pdf: bytes, theme: Theme | None, first_page: int = 1) -> list[Stray]:
    """Every glyph outside its page's bounds; with no theme, outside the TrimBox."""
    found: list[Stray] = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            trim = page.get_trimbox()
            if theme is None:
                bounds = Bounds(trim[0], trim[2], trim[1], trim[3])
            else:
                bounds = page_bounds(theme, trim, first_page + index)
            found.extend(_page_strays(page, index, bounds))
    finally:
        document.close()
    return found


def _page_strays(page: Any, index: int, bounds: Bounds) -> Iterable[Stray]:
    # pdfium's own calls, one per character: pypdfium2's helpers allocate a buffer
    # for each character's text, which made the check several times slower.
    text = page.get_textpage()
    raw = pdfium.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    low_x, high_x = bounds.left - TOLERANCE, bounds.right + TOLERANCE
    low_y, high_y = bounds.bottom - TOLERANCE, bounds.top + TOLERANCE
    try:
        # First the page's text rectangles (pdfium's unions of the same glyph boxes,
        # a line segment each): a page whose rectangles are all inside has no glyph
        # outside, and most pages are read no further.
        rects = raw.FPDFText_CountRects(text.raw, 0, -1)
        outside = False
        for i in range(rects):
            raw.FPDFText_GetRect(
                text.raw, i, ctypes.byref(left), ctypes.byref(top),
                ctypes.byref(right), ctypes.byref(bottom),
            )  # fmt: skip
            if (
                left.value < low_x
                or right.value > high_x
                or bottom.value < low_y
                or top.value > high_y
            ):
                outside = True
                break
        if not outside:
            return
        for i in range(raw.FPDFText_CountChars(text.raw)):
            char = chr(raw.FPDFText_GetUnicode(text.raw, i))
            if char.isspace() or char in INSERTED:
                continue
            raw.FPDFText_GetCharBox(
                text.raw, i, ctypes.byref(left), ctypes.byref(right),
                ctypes.byref(bottom), ctypes.byref(top),
            )  # fmt: skip
            box = (left.value, bottom.value, right.value, top.value)
            if box[2] - box[0] <= 0 and box[3] - box[1] <= 0:
                continue  # nothing drawn (a generated character)
            if box[0] < low_x or box[2] > high_x or box[1] < low_y or box[3] > high_y:
                yield Stray(index, char, box, bounds)
    finally:
        text.close()


@dataclass(frozen=True)
class Overlap:
    """Two runs of text drawn over each other on one page."""

    page: int
    first: tuple[float, float, float, float]
    second: tuple[float, float, float, float]

    def __str__(self) -> str:
        def box(rect: tuple[float, float, float, float]) -> str:
            return "({:.1f}, {:.1f})-({:.1f}, {:.1f})".format(*rect)

        return (
            f"page {self.page + 1}: text at {box(self.first)} overlaps text at {box(self.second)}"
        )


#: Two runs overlap when they share more than this much width (points) and this
#: fraction of the shorter one's height: a superscript marker touches its word, a
#: descender may touch the line below, neither overlaps by this much.
OVERLAP_WIDTH = 2.0
OVERLAP_HEIGHT = 0.4


def overlaps(pdf: bytes) -> list[Overlap]:
    """Every pair of text runs drawn over each other, page by page."""
    found: list[Overlap] = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            found.extend(_page_overlaps(document[index], index))
    finally:
        document.close()
    return found


def _page_overlaps(page: Any, index: int) -> Iterable[Overlap]:
    text = page.get_textpage()
    raw = pdfium.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    rects = []
    try:
        for i in range(raw.FPDFText_CountRects(text.raw, 0, -1)):
            raw.FPDFText_GetRect(
                text.raw, i, ctypes.byref(left), ctypes.byref(top),
                ctypes.byref(right), ctypes.byref(bottom),
            )  # fmt: skip
            if right.value - left.value > 0 and top.value - bottom.value > 0:
                rects.append((left.value, bottom.value, right.value, top.value))
    finally:
        text.close()
    rects.sort(key=lambda rect: rect[1])
    for i, first in enumerate(rects):
        for second in rects[i + 1 :]:
            if second[1] >= first[3]:
                break  # sorted by bottom: no later run reaches this one
            height = min(first[3], second[3]) - max(first[1], second[1])
            width = min(first[2], second[2]) - max(first[0], second[0])
            shorter = min(first[3] - first[1], second[3] - second[1])
            if width > OVERLAP_WIDTH and height > OVERLAP_HEIGHT * shorter:
                yield Overlap(index, first, second)


def extracted_text(pdf: bytes) -> str:
    """The text of every page, as pdfium extracts it."""
    document = pdfium.PdfDocument(pdf)
    try:
        parts = []
        for page in document:
            text = page.get_textpage()
            parts.append(text.get_text_range())
            text.close()
        return "\n".join(parts)
    finally:
        document.close()


def characters(text: str) -> Counter[str]:
    """The characters of `text` that must survive a render: no whitespace or
    inserted break marks, case folded (styles may set text in capitals), every
    quote mark counted as one."""
    folded = unicodedata.normalize("NFC", text).casefold()
    counted: Counter[str] = Counter()
    for char in folded:
        if char.isspace() or char in INSERTED or unicodedata.category(char) == "Cf":
            continue
        counted['"' if char in QUOTES else char] += 1
    return counted


def brief_texts(brief: Brief, blocks: Sequence[str] | None = None) -> list[str]:
    """Every piece of a brief's own text that its PDF prints (in a layout printing
    `blocks`, default all), markup removed."""
    shown = set(blocks) if blocks is not None else None

    def block(name: str) -> bool:
        return shown is None or name in shown

    inline: list[str | None] = [brief.title, brief.subtitle, brief.desk, brief.author]
    inline.append(brief.classification)
    cited: set[str] = set()
    if block("summary"):
        inline += [brief.summary.title, brief.summary.text, *(brief.summary.points or [])]
    if block("findings"):
        for finding in brief.findings:
            inline += [finding.text, finding.verdict]
            cited.update(finding.sources)
    if block("sections"):
        for section in brief.sections:
            inline += [section.heading, *section.paragraphs]
            for figure in section.figures:
                inline += [figure.caption, figure.credit]
                cited.update(figure.sources)
    if block("quotes"):
        for quote in brief.quotes:
            inline += [quote.text, quote.speaker, quote.role]
            cited.update(quote.sources)
    if block("timeline"):
        for entry in brief.timeline:
            inline.append(entry.event)
            cited.update(entry.sources)
    for text in list(inline):
        cited.update(ref.key for ref in footnote_refs(parse_inline(text or "")))
    sources = [source for key, source in brief.sources.items() if key in cited]
    for source in sources:
        inline += [source.title, source.publisher, source.note]
    texts = [plain_text(parse_inline(text)) for text in inline if text]
    # A URL is printed as it is, not as inline text.
    texts += [source.url for source in sources if source.url]
    return texts


def missing(pdf: bytes, texts: Iterable[str]) -> Counter[str]:
    """The characters of `texts` that the PDF's extracted text lacks (as a multiset)."""
    wanted: Counter[str] = Counter()
    for text in texts:
        wanted.update(characters(text))
    # pdfium reports a hyphen that ends a line as U+FFFE or U+0002 (it cannot tell
    # one put in by hyphenation from one written): count it as a hyphen.
    extracted = extracted_text(pdf)
    for mark in ("\ufffe", "\u0002", "\u00ad"):
        extracted = extracted.replace(mark, "-")
    return wanted - characters(extracted)


def digest(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()
