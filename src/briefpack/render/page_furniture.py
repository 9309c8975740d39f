"""A theme, the running text and a page number to what every page carries around
its text: the running header, the footer (date, `Page N of M`, and the recipient's
line), and the geometry they share with the frames.

On facing pages an odd page is a right-hand page: its inside (binding) margin is
on the left. The text area, the header and the footer move with the margins, and
the footer's page number sits at the outside edge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from briefpack.layout.theme import Theme

from .styles import colour


@dataclass(frozen=True)
class RunningText:
    """What the running header and footer say."""

    short_title: str
    classification: str
    embargo: str
    date: str
    #: Who this copy is for ("Name, Desk"): printed on every page when given.
    recipient: str = ""
    #: The footer's words, in the brief's language (the `page` and `prepared_for`
    #: labels of locales/).
    page_label: str = "Page {page} of {pages}"
    recipient_label: str = "Prepared for {recipient}"


def body_frame_geometry(theme: Theme, page: int = 1) -> tuple[float, float, float, float, float]:
    """(left, bottom, width, height, column width) of the text area of page `page`."""
    layout = theme.page
    width, height = layout.width_height
    left, right = layout.side_margins(page)
    text_width = width - left - right
    text_height = height - layout.margin_top - layout.margin_bottom
    column = (text_width - layout.column_gap * (layout.columns - 1)) / layout.columns
    return left, layout.margin_bottom, text_width, text_height, column


def draw_header(
    canvas: Canvas, theme: Theme, styles: dict[str, ParagraphStyle], text: RunningText, page: int
) -> None:
    """The short title on the left, embargo and classification on the right (on
    facing pages, the title at the outside edge: on a right-hand page, the right);
    a rule."""
    left, bottom, width, height, _ = body_frame_geometry(theme, page)
    style = styles["header"]
    y = bottom + height + theme.page.header_gap
    right = " · ".join(part for part in (text.embargo, text.classification) if part)
    # The embargo and classification come first; a long pair keeps at most three
    # quarters of the line, so the title always shows.
    right = fit_text(right, style.fontName, style.fontSize, width * 0.75)
    right_width = stringWidth(right, style.fontName, style.fontSize)
    room = width - right_width - 3 * style.fontSize
    title = fit_text(text.short_title, style.fontName, style.fontSize, room)
    canvas.saveState()
    canvas.setFont(style.fontName, style.fontSize)
    canvas.setFillColor(style.textColor)
    mirrored = theme.page.facing and page % 2 == 1
    if mirrored:
        canvas.drawRightString(left + width, y, title)
    else:
        canvas.drawString(left, y, title)
    if text.embargo:
        alert = styles["masthead.embargo"]
        canvas.setFillColor(alert.textColor)
    if mirrored:
        canvas.drawString(left, y, right)
    else:
        canvas.drawRightString(left + width, y, right)
    canvas.setStrokeColor(colour(theme, theme.running.rule))
    canvas.setLineWidth(theme.running.rule_width)
    canvas.line(left, y - style.fontSize * 0.6, left + width, y - style.fontSize * 0.6)
    canvas.restoreState()


def draw_footer(
    canvas: Canvas,
    theme: Theme,
    styles: dict[str, ParagraphStyle],
    text: RunningText,
    page: int,
    pages: int,
) -> None:
    """The date and `Page N of M` (at the outside edge on facing pages), and the
    recipient's line between them."""
    left, bottom, width, _, _ = body_frame_geometry(theme, page)
    style = styles["footer"]
    y = bottom - theme.page.footer_gap
    number = text.page_label.format(page=page, pages=pages)
    outer, inner = text.date, number
    if theme.page.facing and page % 2 == 0:  # a left-hand page: the number on the left
        outer, inner = number, text.date
    canvas.saveState()
    canvas.setFont(style.fontName, style.fontSize)
    canvas.setFillColor(style.textColor)
    canvas.drawString(left, y, outer)
    canvas.drawRightString(left + width, y, inner)
    if text.recipient:
        stamp = text.recipient_label.format(recipient=text.recipient)
        _draw_recipient(canvas, style, stamp, (left, y, width), outer, inner)
    canvas.restoreState()


def _draw_recipient(
    canvas: Canvas,
    style: ParagraphStyle,
    line: str,
    place: tuple[float, float, float],
    *beside: str,
) -> None:
    """Centred on the footer's baseline if it fits between the footer's two ends
    (with room to spare), else centred on the line below, across the text width."""
    left, y, width = place
    font, size = style.fontName, style.fontSize
    ends = max(stringWidth(part, font, size) for part in beside)
    room = width - 2 * (ends + 2 * size)
    if stringWidth(line, font, size) > room:
        y -= style.leading
        line = fit_text(line, font, size, width)
    canvas.drawCentredString(left + width / 2, y, line)


def fit_text(text: str, font: str, size: float, room: float) -> str:
    """`text` shortened with an ellipsis to fit `room` points: at a space, or
    inside the first word if even that is too long (a hash, a URL)."""
    if stringWidth(text, font, size) <= room:
        return text
    words = text.split()
    while words and stringWidth(" ".join(words) + "…", font, size) > room:
        words.pop()
    if words:
        return _phrase_end(words) + "…"
    first = text.split()[0] if text.split() else ""
    while first and stringWidth(first + "…", font, size) > room:
        first = first[:-1]
    return first + "…" if first else ""


#: What a shortened text does not end with before its ellipsis.
_LOOSE_END = re.compile(r"[\s,;:(\[\-\u2013\u2014]+$")


def _phrase_end(words: list[str]) -> str:
    """The first `words` of a text, ended where a phrase may end: not inside a
    bracket it opens, nor on a word of one or two small letters ("officers of…"),
    nor on punctuation ("timeline,…")."""
    text = " ".join(words)
    opened = text.rfind("(")
    if opened > text.rfind(")") and _LOOSE_END.sub("", text[:opened]):
        words = text[:opened].split()
    while len(words) > 1 and _weak_end(words):
        words = words[:-1]
    return _LOOSE_END.sub("", " ".join(words)) or words[0]


def _weak_end(words: list[str]) -> bool:
    """Whether a shortened text's last word is one to drop: of one or two small
    letters ("of", "de", "à": not "UK", a name, or a word of Hangul)."""
    last = words[-1]
    return len(last) <= 2 and last.isalpha() and last.islower()
