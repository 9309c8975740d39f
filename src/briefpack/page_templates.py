"""A theme to page templates: frames, running header and footer, notes, outline.

Page 1 carries the masthead and summary across the full width (its `lead`
frame), then the body frames; later pages have only body frames. The footer's
`Page N of M` is drawn when the document is saved, once M is known, so the
layout runs in one pass (a second pass would undo keep-with-next decisions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, PageTemplate, Paragraph

from .flowables import FootnoteFrame, FootnoteLedger, Para, draw_page_notes
from .story import Heading, paragraph_styles
from .theme import Theme


@dataclass(frozen=True)
class RunningText:
    """What the running header and footer say."""

    short_title: str
    classification: str
    embargo: str
    date: str


def body_frame_geometry(theme: Theme) -> tuple[float, float, float, float, float]:
    """(left, bottom, width, height, column width) of the text area."""
    page = theme.page
    width, height = page.width_height
    text_width = width - page.margin_left - page.margin_right
    text_height = height - page.margin_top - page.margin_bottom
    column = (text_width - page.column_gap * (page.columns - 1)) / page.columns
    return page.margin_left, page.margin_bottom, text_width, text_height, column


class BriefDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """One brief's document: footnote-aware frames, page furniture, outline."""

    def __init__(
        self,
        file: Any,
        theme: Theme,
        ledger: FootnoteLedger,
        running: RunningText,
        notes: dict[int, str],
        lead_height: float,
        **metadata: Any,
    ) -> None:
        self.theme = theme
        self.ledger = ledger
        self.running = running
        self.notes = notes
        self.styles = paragraph_styles(theme)
        super().__init__(
            file,
            pagesize=theme.page.width_height,
            leftMargin=theme.page.margin_left,
            rightMargin=theme.page.margin_right,
            topMargin=theme.page.margin_top,
            bottomMargin=theme.page.margin_bottom,
            # The canvas starts every page with this font selected: a bundled one,
            # so no page carries an unused reference to Helvetica.
            initialFontName=self.styles["body"].fontName,
            initialFontSize=self.styles["body"].fontSize,
            initialLeading=self.styles["body"].leading,
            **metadata,
        )
        first_header = self._draw_header if theme.running.first_page_header else _nothing
        self.addPageTemplates(
            [
                PageTemplate(
                    "first",
                    self._frames(lead_height),
                    onPage=first_header,
                    onPageEnd=self._draw_notes,
                    autoNextPageTemplate="later",
                ),
                PageTemplate(
                    "later", self._frames(0.0), onPage=self._draw_header, onPageEnd=self._draw_notes
                ),
            ]
        )

    def _frames(self, lead_height: float) -> list[FootnoteFrame]:
        left, bottom, width, height, column = body_frame_geometry(self.theme)
        frames = []
        if lead_height and self.theme.page.columns > 1:
            lead_height = min(lead_height, height)
            frames.append(
                self._frame("lead", left, bottom + height - lead_height, width, lead_height, True)
            )
            height -= lead_height
        for i in range(self.theme.page.columns):
            x = left + i * (column + self.theme.page.column_gap)
            frames.append(self._frame(f"column-{i + 1}", x, bottom, column, height, False))
        return frames

    def _frame(
        self, name: str, x: float, y: float, w: float, h: float, lead: bool
    ) -> FootnoteFrame:
        return FootnoteFrame(
            x, y, w, h, ledger=self.ledger, defer_notes=lead, id=name,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )  # fmt: skip

    def handle_pageBegin(self) -> None:
        self.ledger.start_page()
        super().handle_pageBegin()

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Heading) and flowable.outline_title:
            frame = self.frame
            top = frame._y + flowable.height
            self.canv.bookmarkPage(flowable.outline_key, fit="XYZ", left=frame._x1, top=top)
            self.canv.addOutlineEntry(flowable.outline_title, flowable.outline_key, level=0)

    def _draw_notes(self, canvas: Canvas, doc: Any) -> None:
        area = self.theme.footnote_area
        style = self.styles["footnote"]

        def note(number: int) -> Paragraph:
            return Para(self.notes[number], style)

        def rule(canv: Canvas, x: float, y: float, width: float) -> None:
            canv.saveState()
            canv.setStrokeColor(HexColor(self.theme.colour(area.rule)))
            canv.setLineWidth(area.rule_width)
            canv.line(x, y, x + min(area.rule_length, width), y)
            canv.restoreState()

        draw_page_notes(canvas, self.ledger, note, rule)

    def _draw_header(self, canvas: Canvas, doc: Any) -> None:
        theme, text = self.theme, self.running
        left, bottom, width, height, _ = body_frame_geometry(theme)
        style = self.styles["header"]
        y = bottom + height + theme.page.header_gap
        right = " · ".join(part for part in (text.embargo, text.classification) if part)
        right_width = stringWidth(right, style.fontName, style.fontSize)
        room = width - right_width - 3 * style.fontSize
        title = _fit(text.short_title, style.fontName, style.fontSize, room)
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawString(left, y, title)
        if text.embargo:
            alert = self.styles["masthead.embargo"]
            canvas.setFillColor(alert.textColor)
        canvas.drawRightString(left + width, y, right)
        canvas.setStrokeColor(HexColor(theme.colour(theme.running.rule)))
        canvas.setLineWidth(theme.running.rule_width)
        canvas.line(left, y - style.fontSize * 0.6, left + width, y - style.fontSize * 0.6)
        canvas.restoreState()

    def draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        left, bottom, width, _, _ = body_frame_geometry(self.theme)
        style = self.styles["footer"]
        y = bottom - self.theme.page.footer_gap
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawString(left, y, self.running.date)
        canvas.drawRightString(left + width, y, f"Page {page} of {pages}")
        canvas.restoreState()


def _nothing(canvas: Canvas, doc: Any) -> None:
    pass


def _fit(text: str, font: str, size: float, room: float) -> str:
    """`text` shortened with an ellipsis to fit `room` points."""
    if stringWidth(text, font, size) <= room:
        return text
    words = text.split()
    while words and stringWidth(" ".join(words) + "…", font, size) > room:
        words.pop()
    return " ".join(words) + "…" if words else ""


def numbered_canvas(
    footer: Callable[[Canvas, int, int], None], setup: Callable[[Canvas], None]
) -> type:
    """A canvas class that holds its pages back until save, then draws `Page N of M`."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            setup(self)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            # Page references made from now on (links, bookmarks) must name the
            # next page, although the pages reach the document only at save.
            self._doc.pageCounter += 1
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            self._doc.pageCounter = 1
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas
