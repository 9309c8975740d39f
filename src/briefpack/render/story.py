"""A validated brief and a theme to ReportLab flowables, in reading order.

Footnote numbers are handed out here, as the story is built, so they follow the
reading order of the page exactly (the layout decides the order of the blocks).
Every piece of text an author wrote goes through `inline.to_markup`, which
escapes it: nothing in a brief can become ReportLab markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from briefpack.brief.figures import FigureImage, alt_text
from briefpack.brief.inline import escape_text, parse_inline, plain_text, to_markup
from briefpack.brief.model import Brief, Figure, Quote, Section, TimelineEntry
from briefpack.layout.theme import Theme

from .citations import Citations, join_markers
from .dates import format_date, format_embargo
from .flowables import KeepWithFirstLines, Para
from .paragraphs import Heading
from .structure import Element
from .styles import cell_padding, colour, markup_colour, paragraph_styles
from .tagging import TaggedImage, TaggedTable
from .timeline import timeline_table


@dataclass
class Story:
    """The flowables of a brief: `lead` spans the page width on page 1 (masthead,
    summary), `body` is the rest. `citations` numbers the sources."""

    lead: list[Flowable]
    body: list[Flowable]
    citations: Citations
    notes: dict[int, str] = field(default_factory=dict)
    #: In a layout with columns, whether the lead spans them on page 1.
    lead_spans: bool = True
    #: The brief's structure elements, in reading order (see `structure`).
    structure: Element = field(default_factory=lambda: Element("Document"))
    #: The `Note` element of each footnote, by its key in `notes`.
    note_elements: dict[int, Element] = field(default_factory=dict)


class StoryBuilder:
    """Builds the story of one brief in one theme; holds the footnote numbering."""

    def __init__(
        self,
        brief: Brief,
        theme: Theme,
        figures: dict[str, FigureImage],
        frame_width: float,
        frame_height: float,
        lead_width: float | None = None,
        note_offset: int = 0,
        structure: Element | None = None,
    ) -> None:
        self.brief = brief
        self.theme = theme
        self.figures = figures
        self.width = frame_width
        self.height = frame_height
        self.lead_width = lead_width or frame_width
        self.styles = paragraph_styles(theme)
        self.accent = markup_colour(theme, theme.styles["heading"].color or "")
        self.citations = Citations(
            dict(brief.sources),
            "#fn-" if theme.footnotes == "page" else "#src-",
            note_offset,
            self.accent,
        )
        #: The element the brief's blocks go in, the current block's, and the
        #: notes (by key) of the citations made so far.
        self.structure = self.block = structure or Element("Document")
        self.note_elements: dict[int, Element] = {}
        self.heading_element = self.block

    # -- text -----------------------------------------------------------------

    def markup(self, text: str, style: str | None = None) -> str:
        nodes = parse_inline(text)
        upper = bool(style and self.theme.styles[style].upper)
        return join_markers(
            to_markup(nodes, footnote=self.citations.marker, link_color=self.accent, upper=upper)
        )

    def para(
        self, text: str, style: str, suffix: str = "", tag: str | Element = "P", **kwargs: Any
    ) -> Paragraph:
        """A paragraph of `text`; its text belongs to the element `tag` (or to a new
        element of that role in the current block)."""
        paragraph = Para(self.markup(text, style) + suffix, self.styles[style], **kwargs)
        return self.tag(paragraph, tag)

    def tag(self, paragraph: Paragraph, tag: str | Element, label: Element | None = None) -> Any:
        """Give a paragraph its element, and the notes its markers are the first
        citations of (their markup is made: the notes follow its content)."""
        element = self.block.add(tag) if isinstance(tag, str) else tag
        paragraph.tag, paragraph.label = element, label
        if self.theme.footnotes == "page":
            for key in list(self.citations.numbers)[len(self.note_elements) :]:
                note = element.add_after("Note")
                note.add("Lbl")
                self.note_elements[self.citations.numbers[key] + self.citations.offset] = note
        return paragraph

    def list_item(self, parent: Element) -> tuple[Element, Element]:
        """A new item of a list: its label and its body."""
        item = parent.add("LI")
        return item.add("Lbl"), item.add("LBody")

    def table(self, rows: list[list[object]], **kwargs: object) -> Table:
        """A Table whose cell font is the body font (ReportLab's default is Helvetica,
        which would put an unembedded font reference on the page)."""
        table = TaggedTable(rows, **kwargs)
        body = self.styles["body"]
        table.setStyle([("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize, body.leading)])
        if self.theme.color_model == "cmyk":
            # ReportLab sets each cell's text colour (default: RGB black) before
            # drawing it, although the paragraphs inside set their own.
            table.setStyle([("TEXTCOLOR", (0, 0), (-1, -1), body.textColor)])
        return table

    # -- blocks ---------------------------------------------------------------

    def build(self) -> Story:
        body: list[Flowable] = []
        blocks = list(self.theme.blocks)
        column_width, self.width = self.width, self.lead_width
        lead = self.masthead()
        if blocks and blocks[0] == "summary":
            lead += self.summary()
            blocks.pop(0)
        self.width = column_width
        interleave = self.theme.quotes == "interleave" and self.brief.sections
        for block in blocks:
            if block == "summary":
                body += self.summary()
            elif block == "findings":
                body += self.findings()
            elif block == "sections":
                body += self.sections(self.brief.quotes if interleave else ())
            elif block == "quotes" and not interleave:
                body += self.quotes_block()
            elif block == "timeline":
                body += self.timeline()
        if self.theme.footnotes == "end":
            body += self.sources_list()
        story = Story(lead, body, self.citations, self.citations.note_markup())
        story.structure, story.note_elements = self.structure, self.note_elements
        return story

    def open_block(self) -> Element:
        """A block's heading element; its elements follow it (headings, not `Sect`s)."""
        self.block = self.structure
        self.heading_element = self.block.add("H2")
        return self.block

    def masthead(self) -> list[Flowable]:
        brief, theme, out = self.brief, self.theme, []
        if brief.classification:
            out.append(self.band(self.para(brief.classification, "masthead.banner"), "banner_fill"))
        if brief.embargo:
            text = f"EMBARGOED UNTIL {format_embargo(brief.embargo)}"
            embargo = Para(escape_text(text), self.styles["masthead.embargo"])
            out.append(self.band(self.tag(embargo, "P"), "embargo_fill"))
        if out:
            out.append(Spacer(0, theme.masthead.band_space_after))
        if brief.desk:
            out.append(self.para(brief.desk, "masthead.kicker"))
        out.append(self.para(brief.title, "masthead.title", tag="H1"))
        if brief.subtitle:
            out.append(self.para(brief.subtitle, "masthead.subtitle"))
        meta = [escape_text(format_date(brief.date))]
        if brief.desk:
            meta.append(self.markup(brief.desk) + " desk")
        if brief.author:
            meta.append("Prepared by " + self.markup(brief.author))
        out.append(self.tag(Para(" · ".join(meta), self.styles["masthead.meta"]), "P"))
        rule = self.table([[""]], colWidths=[self.width], rowHeights=[theme.masthead.rule_width])
        rule.setStyle(
            [
                (
                    "LINEBELOW",
                    (0, 0),
                    (-1, -1),
                    theme.masthead.rule_width,
                    self.colour(theme.masthead.rule),
                )
            ]
        )
        out += [
            Spacer(0, theme.masthead.rule_space_before),
            rule,
            Spacer(0, theme.masthead.space_after),
        ]
        return out

    def band(self, content: Flowable, fill: str) -> Table:
        table = self.table([[content]], colWidths=[self.width])
        colour = self.colour(getattr(self.theme.masthead, fill))
        table.setStyle(cell_padding(5, 6) + [("BACKGROUND", (0, 0), (-1, -1), colour)])
        if fill == "embargo_fill":
            edge = self.colour(self.theme.styles["masthead.embargo"].color or "")
            table.setStyle([("BOX", (0, 0), (-1, -1), 0.75, edge)])
        table.spaceAfter = 4
        return table

    def summary(self) -> list[Flowable]:
        summary, box = self.brief.summary, self.theme.summary_box
        block = self.open_block()
        content: list[Flowable] = [self.heading_para(summary.title, "summary.title", "summary")]
        if summary.text:
            content.append(self.para(summary.text, "summary.text"))
        points = block.add("L") if summary.points else block
        for point in summary.points or ():
            label, body = self.list_item(points)
            style = self.styles["summary.point"]
            text = Para(self.markup(point, "summary.point"), style, bulletText="•")
            content.append(self.tag(text, body, label))
        table = self.table([[item] for item in content], colWidths=[self.width], splitInRow=1)
        bar = box.bar_width
        last = len(content) - 1
        # One row per item, so that a box taller than a page can split; the rows
        # are spaced as the paragraphs would be in one cell.
        gaps = [
            ("BOTTOMPADDING", (0, i), (0, i), item.getSpaceAfter())
            for i, item in enumerate(content[:-1])
        ]
        table.setStyle(
            cell_padding(box.padding, box.padding)
            + [("TOPPADDING", (0, 1), (0, last), 0)]
            + gaps
            + [
                ("LEFTPADDING", (0, 0), (-1, -1), box.padding + bar),
                ("BACKGROUND", (0, 0), (-1, -1), self.colour(box.fill)),
                ("LINEBEFORE", (0, 0), (0, -1), bar, self.colour(box.rule)),
            ]
        )
        if box.rule_width:
            table.setStyle([("BOX", (0, 0), (-1, -1), box.rule_width, self.colour(box.rule))])
        table.spaceAfter = box.space_after
        # Kept whole (to the next page if need be); only a box taller than a whole
        # page is split, between or inside its rows, rather than failing.
        return [KeepTogether([table])]

    def findings(self) -> list[Flowable]:
        if not self.brief.findings:
            return []
        verdict_style = self.styles["finding.verdict"]
        verdict_colour = markup_colour(self.theme, self.theme.styles["finding.verdict"].color or "")
        style: ParagraphStyle = self.theme.derived("finding_style", self.finding_style)
        items: list[Flowable] = []
        numbered = self.open_block().add("L")
        for i, finding in enumerate(self.brief.findings, start=1):
            label = ""
            if finding.verdict:
                label = (
                    f'<font name="{verdict_style.fontName}" size="{verdict_style.fontSize}" '
                    f'color="{verdict_colour}">'
                    f"{self.markup(finding.verdict, 'finding.verdict')}</font>&nbsp;&nbsp;"
                )
            text = label + self.markup(finding.text) + self.citations.markers(finding.sources)
            number, body = self.list_item(numbered)
            items.append(self.tag(Para(text, style, bulletText=f"{i}."), body, number))
        return self.with_heading(self.theme.findings_title, "findings", items)

    def finding_style(self) -> ParagraphStyle:
        """The findings' text, numbered in the number style (made once per theme:
        paragraphs keep their parsed markup by style)."""
        number = self.styles["finding.number"]
        return ParagraphStyle(
            "finding",
            parent=self.styles["finding.text"],
            bulletFontName=number.fontName,
            bulletFontSize=number.fontSize,
            bulletColor=number.textColor,
            bulletIndent=0,
        )

    def sections(self, quotes: Sequence[Quote]) -> list[Flowable]:
        out: list[Flowable] = []
        sections = self.brief.sections
        for i, section in enumerate(sections):
            self.open_block()
            out += self.section(section, i)
            if i < len(quotes):
                out.append(self.pull_quote(quotes[i]))
            if i == len(sections) - 1:
                out += [self.pull_quote(quote) for quote in quotes[len(sections) :]]
        return out

    def section(self, section: Section, index: int) -> list[Flowable]:
        paragraphs: list[Flowable] = [self.para(text, "body") for text in section.paragraphs]
        for figure in section.figures:
            paragraphs.append(self.figure(figure))
        return self.with_heading(section.heading, f"section-{index + 1}", paragraphs)

    def with_heading(self, title: str, key: str, content: list[Flowable]) -> list[Flowable]:
        heading = self.heading_para(title, "heading", key)  # the block's first element
        first = content[0] if content else None
        return [KeepWithFirstLines(heading, first), heading, *content]

    def heading_para(self, title: str, style: str, key: str) -> Heading:
        outline = plain_text(parse_inline(title))
        heading = Heading(self.markup(title, style), self.styles[style], outline, key)
        return self.tag(heading, self.heading_element)  # type: ignore[no-any-return]

    def figure(self, figure: Figure) -> Flowable:
        image = self.figures[figure.path]
        max_height = self.height * 0.45
        width = self.width
        height = width * image.height / image.width
        if height > max_height:
            height, width = max_height, max_height * image.width / image.height
        picture = TaggedImage(BytesIO(image.data), width=width, height=height)
        picture.hAlign = "LEFT"
        caption = self.markup(figure.caption) + " &nbsp;" if figure.caption else ""
        credit = f"<i>Picture: {self.markup(figure.credit)}</i>" + self.citations.markers(
            figure.sources
        )
        # The caption beside its figure: a reader reads a Figure's /Alt, not its kids.
        picture.tag = self.block.add("Figure", alt=alt_text(figure))
        text = Para(caption + credit, self.styles["figure.caption"])
        return KeepTogether([picture, self.tag(text, "Caption")])

    def pull_quote(self, quote: Quote) -> Flowable:
        pq = self.theme.pull_quote
        element = self.block.add("BlockQuote")
        text = Para(f"“{self.markup(quote.text)}”", self.styles["quote.text"])
        self.tag(text, element.add("P"))
        who = f"<b>{self.markup(quote.speaker)}</b>"
        if quote.role:
            who += ", " + self.markup(quote.role)
        attribution = Para(
            "— " + who + self.citations.markers(quote.sources), self.styles["quote.attribution"]
        )
        self.tag(attribution, element.add("P"))
        table = self.table(
            [[text], [attribution]], colWidths=[self.width - pq.indent], splitInRow=1
        )
        table.setStyle(
            cell_padding(2, 0)
            + [
                ("LEFTPADDING", (0, 0), (-1, -1), pq.padding),
                ("BOTTOMPADDING", (0, 0), (0, 0), 0),
                ("TOPPADDING", (0, 1), (0, 1), text.getSpaceAfter()),
            ]
        )
        if pq.rule_width:
            table.setStyle([("LINEBEFORE", (0, 0), (0, -1), pq.rule_width, self.colour(pq.rule))])
        table.hAlign = "RIGHT"
        table.spaceBefore = table.spaceAfter = pq.space
        # Whole, or split only when taller than a page (see `summary`).
        return KeepTogether([table])

    def quotes_block(self) -> list[Flowable]:
        if self.brief.quotes:
            self.open_block()
        quotes = [self.pull_quote(quote) for quote in self.brief.quotes]
        return self.with_heading(self.theme.quotes_title, "quotes", quotes) if quotes else []

    def timeline(self) -> list[Flowable]:
        entries = self.brief.timeline_in_order
        if not entries:
            return []

        def event(entry: TimelineEntry, cell: Element) -> Paragraph:
            markers = self.citations.markers(entry.sources)
            return self.para(entry.event, "timeline.event", markers, tag=cell)

        element = self.open_block().add("Table")
        table = timeline_table(
            entries, event, self.table, self.theme, (self.width, self.height), element
        )
        return self.with_heading(self.theme.timeline.title, "timeline", [table])

    def sources_list(self) -> list[Flowable]:
        listed = self.open_block().add("L")
        entries = [
            Para(
                f'<a name="src-{n + self.citations.offset}"/>{n}.&nbsp;'
                f"{self.citations.source_markup(source)}",
                self.styles["sources.entry"],
                tag=listed.add("LI").add("LBody"),
            )
            for n, source in self.citations.in_order()
        ]
        return self.with_heading(self.theme.sources_title, "sources", entries) if entries else []

    def colour(self, name: str) -> Color:
        return colour(self.theme, name)
