"""A theme to page templates: frames, running header and footer, notes, outline,
and the print boxes.

Page 1 carries the masthead and summary across the full width (its `lead`
frame), then the body frames; later pages have only body frames. On facing pages
later pages take the odd (right-hand) or even (left-hand) template by their
number. The footer's `Page N of M` is drawn when the document is saved, once M
is known, so the layout runs in one pass (a second pass would undo keep-with-next
decisions).

A layout with bleed or crop marks gets a larger sheet (the MediaBox) with the
finished page (the TrimBox) in its middle: ReportLab's crop-mark support moves
every page's drawing in and draws the marks; the boxes are set here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, FrameBreak, PageTemplate

from briefpack.layout.theme import UNITS, Page, Theme

from .balance import balanced_frames
from .floats import FloatingDocument
from .flowables import FootnoteFrame, FootnoteLedger, NotesCarrier, draw_page_notes
from .page_furniture import RunningText, body_frame_geometry, draw_footer, draw_header
from .paragraphs import Heading
from .styles import colour, paragraph_styles
from .tagging import Tagger, artifact, link_annotation, tag_annotation, tag_page

__all__ = [
    "BriefDocTemplate",
    "OutlineAnchor",
    "RunningText",
    "body_frame_geometry",
    "numbered_canvas",
]

#: Crop marks: hairlines this long, starting this far outside the bleed.
MARK_LENGTH = 5 * UNITS["mm"]
MARK_GAP = 2 * UNITS["mm"]
MARK_WIDTH = 0.25
#: The registration colour: the marks print on every plate.
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


@dataclass(frozen=True)
class CropMarks:
    """What ReportLab's `cropMarks` reads: the sheet's border around the finished
    page (bleed plus marks), and the marks drawn in it (none: `markLength` 0)."""

    borderWidth: float  # noqa: N815 - ReportLab's attribute names
    markLength: float  # noqa: N815
    markWidth: float = MARK_WIDTH  # noqa: N815
    markColor: Any = REGISTRATION  # noqa: N815
    markLast: int = 1  # noqa: N815
    bleedWidth: float = 0.0  # noqa: N815 - ReportLab would scale the page into the bleed


def print_boxes(page: Page) -> dict[str, Any]:
    """The doc template's cropMarks, trimBox and bleedBox for a layout (none without
    bleed or crop marks: the sheet is the page)."""
    if not page.bleed and not page.crop_marks:
        return {}
    border = page.bleed + (MARK_GAP + MARK_LENGTH if page.crop_marks else 0.0)
    width, height = page.width_height
    trim = (border, border, border + width, border + height)
    bleed = (trim[0] - page.bleed, trim[1] - page.bleed, trim[2] + page.bleed, trim[3] + page.bleed)
    if page.crop_marks:
        marks = CropMarks(border, MARK_LENGTH)
    else:  # ReportLab would fail to put marks it never drew last
        marks = CropMarks(border, 0.0, markLast=0)
    return {"cropMarks": marks, "trimBox": trim, "bleedBox": bleed}


class BriefDocTemplate(FloatingDocument, BaseDocTemplate):  # type: ignore[misc]
    """One brief's document (or a pack's): footnote-aware frames, floats (see
    `floats`), page furniture, outline."""

    pageTemplate: PageTemplate  # noqa: N815 - ReportLab's attribute

    def __init__(
        self,
        file: Any,
        theme: Theme,
        ledger: FootnoteLedger,
        running: RunningText,
        lead_height: float,
        **metadata: Any,
    ) -> None:
        self.theme = theme
        self.ledger = ledger
        self.running = running
        self.styles = paragraph_styles(theme)
        left, right = theme.page.side_margins()
        super().__init__(
            file,
            pagesize=theme.page.width_height,
            leftMargin=left,
            rightMargin=right,
            topMargin=theme.page.margin_top,
            bottomMargin=theme.page.margin_bottom,
            # The canvas starts every page with this font selected: a bundled one,
            # so no page carries an unused reference to Helvetica.
            initialFontName=self.styles["body"].fontName,
            initialFontSize=self.styles["body"].fontSize,
            initialLeading=self.styles["body"].leading,
            **print_boxes(theme.page),
            **metadata,
        )
        first_header = self._draw_header if theme.running.first_page_header else _nothing
        first = PageTemplate(
            "first",
            self._frames(lead_height, 1),
            onPage=first_header,
            onPageEnd=self._draw_notes,
            autoNextPageTemplate=None if theme.page.facing else "later",
        )
        if theme.page.facing:
            # Chosen by page number in handle_pageBegin: right-hand (odd), left-hand (even).
            self.facing = {
                side: PageTemplate(
                    side,
                    self._frames(0.0, page),
                    onPage=self._draw_header,
                    onPageEnd=self._draw_notes,
                )
                for side, page in (("odd", 1), ("even", 2))
            }
            self.addPageTemplates([first, *self.facing.values()])
        else:
            later = PageTemplate(
                "later", self._frames(0.0, 2), onPage=self._draw_header, onPageEnd=self._draw_notes
            )
            self.addPageTemplates([first, later])
        #: Outline entries of headings: keys prefixed, levels added (one brief of a
        #: pack sits below the pack's and the brief's own entries).
        self.outline_prefix = ""
        self.outline_level = 0
        #: The page on which each outline entry was placed, by key.
        self.outline_pages: dict[str, int] = {}

    def add_pack_templates(self, lead_heights: list[float]) -> None:
        """Templates for a pack: `pack` pages (cover, contents) with one full-width
        frame, and `first-N` for the first page of brief N, with its lead frame.
        Every page of a pack carries the running header."""
        facing = self.theme.page.facing
        pages = (("pack-odd", 1), ("pack-even", 2)) if facing else (("pack", 1),)
        templates = []
        for name, page in pages:
            left, bottom, width, height, _ = body_frame_geometry(self.theme, page)
            frame = self._frame(name, left, bottom, width, height, False)
            template = PageTemplate(
                name, [frame], onPage=self._draw_header, onPageEnd=self._draw_notes
            )
            templates.append(template)
            if facing:
                self.facing[name] = template
        for i, lead_height in enumerate(lead_heights):
            templates.append(
                PageTemplate(
                    f"first-{i}",
                    self._frames(lead_height, 1),
                    onPage=self._draw_header,
                    onPageEnd=self._draw_notes,
                    autoNextPageTemplate="odd" if facing else "later",
                )
            )
        # The pack's first page is a `pack` page.
        self.pageTemplates[:0] = templates[:1]
        self.addPageTemplates(templates[1:])

    def _frames(self, lead_height: float, page: int) -> list[FootnoteFrame]:
        left, bottom, width, height, column = body_frame_geometry(self.theme, page)
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

    def build(self, flowables: list[Any], *args: Any, **kwargs: Any) -> None:
        self._pending = flowables  # what is left to lay out, as the layout goes on
        super().build(flowables, *args, **kwargs)

    def handle_flowable(self, flowables: list[Any]) -> None:
        first = flowables[0] if flowables else None
        super().handle_flowable(flowables)
        if not flowables and self.ledger.carried and flowables is not self._hanging:
            # Notes still carried on at the end (a lead's, or more than the last
            # page holds): this frame takes what it holds, the next ones the rest.
            again = isinstance(first, NotesCarrier)
            flowables.extend([FrameBreak(), NotesCarrier()] if again else [NotesCarrier()])

    def handle_pageBegin(self) -> None:
        self.ledger.start_page()
        current = str(self.pageTemplate.id)
        if self.theme.page.facing and self.page >= 1 and not current.startswith("first-"):
            # self.page: the page just ended. A brief's first page keeps its template.
            side = "even" if self.page % 2 else "odd"
            self.pageTemplate = self.facing[f"pack-{side}" if current.startswith("pack") else side]
        self._balanced: tuple[PageTemplate, list[FootnoteFrame]] | None = None
        if self.theme.page.balances_last_page:  # a brief's last page: columns of one height
            template = self.pageTemplate
            size, line = self.theme.page.width_height, self.styles["body"].leading
            rest = [*self.held, *self._pending]  # the floats held for this page first
            frames = balanced_frames(template.frames, rest, self.ledger, size, line)
            if frames is not None:
                self._balanced, template.frames = (template, template.frames), frames
            self.floating = frames is None
        super().handle_pageBegin()

    def handle_pageEnd(self) -> None:
        balanced, self._balanced = getattr(self, "_balanced", None), None
        super().handle_pageEnd()
        if balanced is not None:  # the template's own frames, for later pages
            balanced[0].frames = balanced[1]

    def afterFlowable(self, flowable: Any) -> None:
        title = getattr(flowable, "outline_title", "")
        if isinstance(flowable, (Heading, OutlineAnchor)) and title:
            key, level = flowable.outline_key, getattr(flowable, "outline_level", None)
            if level is None:  # a heading of a brief: below the brief's entry in a pack
                key, level = self.outline_prefix + key, self.outline_level
            frame = self.frame
            top = frame._y + flowable.height
            self.canv.bookmarkPage(key, fit="XYZ", left=frame._x1, top=top)
            self.canv.addOutlineEntry(title, key, level=level)
            self.outline_pages[key] = self.page

    def _draw_notes(self, canvas: Canvas, doc: Any) -> None:
        area = self.theme.footnote_area

        def rule(canv: Canvas, x: float, y: float, width: float) -> None:
            with artifact(canv):
                _rule(canv, x, y, width)

        def _rule(canv: Canvas, x: float, y: float, width: float) -> None:
            canv.saveState()
            canv.setStrokeColor(colour(self.theme, area.rule))
            canv.setLineWidth(area.rule_width)
            canv.line(x, y, x + min(area.rule_length, width), y)
            canv.restoreState()

        draw_page_notes(canvas, self.ledger, rule)

    def _draw_header(self, canvas: Canvas, doc: Any) -> None:
        with artifact(canvas):
            draw_header(canvas, self.theme, self.styles, self.running, doc.page)

    def draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        draw_footer(canvas, self.theme, self.styles, self.running, page, pages)


class OutlineAnchor(Flowable):  # type: ignore[misc]
    """An empty flowable that puts an outline entry (and a link target) where it is."""

    def __init__(self, title: str, key: str, level: int) -> None:
        super().__init__()
        self.outline_title = title
        self.outline_key = key
        self.outline_level = level

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def _nothing(canvas: Canvas, doc: Any) -> None:
    pass


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def numbered_canvas(
    footer: Callable[[Canvas, int, int], None],
    setup: Callable[[Canvas], None],
    finish: Callable[[Canvas, int], None] = lambda canvas, pages: None,
) -> type:
    """A canvas class that holds its pages back until save, then draws `Page N of M`;
    it tags what is drawn (see `tagging`), and `finish` completes the document
    (structure tree, metadata) once the pages are known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.tagger = Tagger()
            self._href = ""
            self._closing_page = False
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            setup(self)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self.tagger.page = len(self._pages)
            # Page references made from now on (links, bookmarks) must name the
            # next page, although the pages reach the document only at save.
            self._doc.pageCounter += 1
            self._startPage()

        def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Any:
            return self.tagger.text_object(self, x, y, self.tagger.current)

        def lines(self, lines: Any) -> None:
            if self._closing_page:  # the crop marks ReportLab draws as it ends a page
                with self.tagger.artifact(self):
                    super().lines(lines)
            else:
                super().lines(lines)

        def linkRect(  # noqa: N802 - ReportLab's name
            self,
            contents: str,
            destination: str,
            Rect: Any = None,
            *args: Any,
            **kw: Any,  # noqa: N803
        ) -> Any:
            if args or kw.keys() - {"relative"}:  # not a paragraph's link: ReportLab's own way
                self._href = "#" + destination
                return super().linkRect(contents, destination, Rect, *args, **kw)
            # A paragraph's link, made straight as the dictionary ReportLab would make.
            rect = self._absRect(Rect, kw.get("relative", 1))
            annotation = link_annotation(rect, self._bookmarkReference(destination))
            self._href = "#" + destination
            return self._addAnnotation(annotation)

        def linkURL(self, url: str, *args: Any, **kw: Any) -> Any:
            self._href = url
            return super().linkURL(url, *args, **kw)

        def _addAnnotation(self, annotation: Any, name: str | None = None, add: int = 1) -> Any:
            name = name or f"NUMBER{self._annotationCount + 1}"
            annotation = tag_annotation(self, annotation, self._href, name)
            return super()._addAnnotation(annotation, name, add)

        def bookmarkPage(self, key: str, fit: str = "Fit", **place: Any) -> Any:
            shift = self._getCmShift()
            if shift:  # on a sheet larger than the page, the page is drawn moved in
                place = {
                    name: value + shift if name != "zoom" and _is_number(value) else value
                    for name, value in place.items()
                }
            return super().bookmarkPage(key, fit, **place)

        def save(self) -> None:
            total = len(self._pages)
            self._doc.pageCounter = 1
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                with self.tagger.artifact(self):
                    footer(self, number, total)
                self._closing_page = True
                super().showPage()
                self._closing_page = False
                tag_page(self._doc.Pages.pages[-1], number - 1)
            finish(self, total)
            super().save()

    return NumberedCanvas
