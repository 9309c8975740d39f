"""A brief's timeline to one long table: a date column and an event column, a header
row repeated on every page, zebra rows by event.

An event too tall for any frame the table can meet is cut between its lines into
rows of its own, which read as one: one fill, and a rule only under the last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table

from briefpack.brief.inline import escape_text
from briefpack.brief.model import TimelineEntry
from briefpack.layout.locales import Language
from briefpack.layout.theme import Theme

from .dates import bind_short_words, format_partial_date, format_time
from .flowables import Para
from .long_table import LongTable
from .structure import Element
from .styles import cell_padding, colour, paper_colour, paragraph_styles


def timeline_table(
    entries: Sequence[TimelineEntry],
    event_para: Callable[[TimelineEntry, Element], Paragraph],
    new_table: Callable[..., Table],
    theme: Theme,
    frame: tuple[float, float],
    element: Element,
    language: Language,
) -> LongTable:
    """The table of `entries` (in the order to print), in a frame `width` wide and at
    most `height` tall, its headers and dates in `language`. `event_para` makes an
    entry's event cell for its `TD` (with its footnote markers, so it is called in
    reading order) and `new_table` a table in the layout's cell font. The rows are
    `element`'s (a `Table`): one `TR` per entry, whatever pages or parts it takes;
    the header row's `TH`s are tagged where first drawn and are artifacts where
    repeated."""
    width, height = frame
    styles = paragraph_styles(theme)
    t = theme.timeline
    head = styles["timeline.head"]
    header_row = element.add("THead").add("TR")
    labels = [language.label(name) for name in ("timeline_date", "timeline_event")]
    header: list[object] = [
        Para(escape_text(label), head, tag=header_row.add("TH", scope="Column", repeats=True))
        for label in labels
    ]
    body = element.add("TBody")
    rows: list[_EventRow] = []
    days = [bind_short_words(format_partial_date(entry.date, language.tag)) for entry in entries]
    printed = [(day, styles["timeline.date"]) for day in days] + [(labels[0], head)]
    date_width = _date_width(printed, t.date_width, t.padding, width)
    event_width = width - date_width - 2 * t.padding
    # A row taller than this is cut between lines: a part must fit, under the
    # header, in any frame the table can meet. In columns that is one on the
    # first page, under a full-width lead of up to two thirds of the page.
    shortest = height / 3 if theme.page.columns > 1 else height
    header_height = head.leading + 2 * t.padding
    limit = min(height * 0.8, shortest - 2 * header_height)  # a line to spare
    for number, (entry, day) in enumerate(zip(entries, days, strict=True)):
        when = escape_text(day)
        if entry.time:
            when += f"<br/>{escape_text(format_time(entry.time, language.tag))}"
        row = body.add("TR")
        date_cell = row.add("TD")
        event = event_para(entry, row.add("TD"))
        chunks = _split_tall(event, event_width, limit)
        dates = [Para(when, styles["timeline.date"], tag=date_cell)]
        dates += [Para("", styles["timeline.date"]) for _ in chunks[1:]]
        for i, (date, chunk) in enumerate(zip(dates, chunks, strict=True)):
            rows.append(_EventRow([date, chunk], number, continued=i < len(chunks) - 1))
    widths = [date_width, width - date_width]
    fills = [paper_colour(theme), colour(theme, t.zebra_fill)]
    rule = colour(theme, t.rule)
    style = cell_padding(t.padding, t.padding) + [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colour(theme, t.header_fill)),
        ("LINEBELOW", (0, 0), (-1, 0), t.header_rule_width, colour(theme, t.header_rule), "butt"),
    ]
    # Each row its own event (as nearly always): the same, said once per part.
    ranged = [
        *style,
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), fills),
        ("LINEBELOW", (0, 1), (-1, -1), t.rule_width, rule, "butt"),
    ]

    def build(body: Sequence[Any]) -> Table:  # the _EventRows of one part
        # Zebra by event, counted from each page's first row, and a rule under
        # each event: the parts of an event cut for its height read as one.
        table = new_table([header, *body], colWidths=widths, repeatRows=1)
        if not any(row.continued for row in body):
            table.setStyle(ranged)
            return table
        rows_style = list(style)
        first = body[0].event
        for i, row in enumerate(body, start=1):
            rows_style.append(("BACKGROUND", (0, i), (-1, i), fills[(row.event - first) % 2]))
            if not row.continued:
                rows_style.append(("LINEBELOW", (0, i), (-1, i), t.rule_width, rule))
        table.setStyle(rows_style)
        return table

    # No row alone at the foot or the top of a page or column, under its header
    # (parts of an event cut for its height, too tall for two to fit a frame,
    # split as they fall: see `LongTable`).
    return LongTable(build, rows, least_rows=2)


class _EventRow(list[object]):
    """A timeline row: its cells, the number of its event, and whether the event
    goes on in the next row (an event too tall for a page is cut into rows)."""

    def __init__(self, cells: list[object], event: int, continued: bool) -> None:
        super().__init__(cells)
        self.event = event
        self.continued = continued


#: The date column widens to hold the longest date on one line, up to this share
#: of the table's width.
MOST_DATE_SHARE = 1 / 3


def _date_width(
    printed: Sequence[tuple[str, ParagraphStyle]], least: float, padding: float, width: float
) -> float:
    """The date column's width: the layout's `date_width`, or more if a date (as
    printed, in the timeline's language, "30 Μαρτίου / 2021") or the column's
    label (a brief's own, "DATE AND TIME") would not fit on one line in it, up
    to `MOST_DATE_SHARE` of the table."""
    widest: float = max(
        stringWidth(text, style.fontName, style.fontSize) for text, style in printed
    )
    return max(least, min(widest + 2 * padding + 0.5, width * MOST_DATE_SHARE))


def _split_tall(paragraph: Paragraph, width: float, limit: float) -> list[Paragraph]:
    """A paragraph taller than `limit` cut into parts between lines (for table rows)."""
    parts: list[Paragraph] = []
    rest: Paragraph | None = paragraph
    while rest is not None:
        if rest.wrap(width, 1e9)[1] <= limit:
            parts.append(rest)
            break
        pieces = rest.split(width, limit)
        if len(pieces) < 2:
            parts.append(rest)
            break
        parts.append(pieces[0])
        rest = pieces[1]
    return parts
