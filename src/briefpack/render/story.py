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
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table

from briefpack.brief.figures import FigureImage
from briefpack.brief.inline import escape_text, parse_inline, plain_text, to_markup
from briefpack.brief.model import Brief, Figure, Quote, Section, Source
from briefpack.layout.theme import Theme

from .dates import format_date, format_embargo, format_partial_date
from .flowables import KeepWithFirstLines, Para
from .long_table import LongTable
from .styles import colour, markup_colour, paper_colour, paragraph_styles


class Citations:
    """Footnote numbers by source key, handed out in order of first citation."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources = sources
        self.numbers: dict[str, int] = {}

    def number(self, key: str) -> int:
        return self.numbers.setdefault(key, len(self.numbers) + 1)

    def in_order(self) -> list[tuple[int, Source]]:
        return [(n, self.sources[key]) for key, n in self.numbers.items()]


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


class Heading(Para):
    """A heading that adds itself to the PDF outline when drawn."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        outline_title: str = "",
        key: str = "",
        **kwargs: object,
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
    ) -> None:
        self.brief = brief
        self.theme = theme
        self.figures = figures
        self.width = frame_width
        self.height = frame_height
        self.lead_width = lead_width or frame_width
        self.styles = paragraph_styles(theme)
        self.citations = Citations(dict(brief.sources))
        self.note_prefix = "#fn-" if theme.footnotes == "page" else "#src-"
        #: Added to each note's number in links and note keys (not in the number
        #: shown), so that the notes of several briefs in one PDF stay apart.
        self.note_offset = note_offset
        self.accent = markup_colour(theme, theme.styles["heading"].color or "")

    # -- text -----------------------------------------------------------------

    def marker(self, key: str) -> str:
        n = self.citations.number(key)
        href = f"{self.note_prefix}{n + self.note_offset}"
        return f'<super><a href="{href}" color="{self.accent}">{n}</a></super>'

    def markers(self, keys: Sequence[str]) -> str:
        return _join_markers("".join(self.marker(key) for key in keys))

    def markup(self, text: str, style: str | None = None) -> str:
        nodes = parse_inline(text)
        upper = bool(style and self.theme.styles[style].upper)
        return _join_markers(
            to_markup(nodes, footnote=self.marker, link_color=self.accent, upper=upper)
        )

    def para(self, text: str, style: str, suffix: str = "", **kwargs: object) -> Paragraph:
        return Para(self.markup(text, style) + suffix, self.styles[style], **kwargs)

    def table(self, rows: list[list[object]], **kwargs: object) -> Table:
        """A Table whose cell font is the body font (ReportLab's default is Helvetica,
        which would put an unembedded font reference on the page)."""
        table = Table(rows, **kwargs)
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
        return Story(lead, body, self.citations, self.note_markup())

    def masthead(self) -> list[Flowable]:
        brief, theme, out = self.brief, self.theme, []
        if brief.classification:
            out.append(self.band(self.para(brief.classification, "masthead.banner"), "banner_fill"))
        if brief.embargo:
            text = f"EMBARGOED UNTIL {format_embargo(brief.embargo)}"
            out.append(
                self.band(Para(escape_text(text), self.styles["masthead.embargo"]), "embargo_fill")
            )
        if out:
            out.append(Spacer(0, theme.masthead.band_space_after))
        if brief.desk:
            out.append(self.para(brief.desk, "masthead.kicker"))
        out.append(self.para(brief.title, "masthead.title"))
        if brief.subtitle:
            out.append(self.para(brief.subtitle, "masthead.subtitle"))
        meta = [escape_text(format_date(brief.date))]
        if brief.desk:
            meta.append(self.markup(brief.desk) + " desk")
        if brief.author:
            meta.append("Prepared by " + self.markup(brief.author))
        out.append(Para(" · ".join(meta), self.styles["masthead.meta"]))
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
        table.setStyle(_padding(5, 6) + [("BACKGROUND", (0, 0), (-1, -1), colour)])
        if fill == "embargo_fill":
            edge = self.colour(self.theme.styles["masthead.embargo"].color or "")
            table.setStyle([("BOX", (0, 0), (-1, -1), 0.75, edge)])
        table.spaceAfter = 4
        return table

    def summary(self) -> list[Flowable]:
        summary, box = self.brief.summary, self.theme.summary_box
        content: list[Flowable] = [self.heading_para(summary.title, "summary.title", "summary")]
        if summary.text:
            content.append(self.para(summary.text, "summary.text"))
        for point in summary.points or ():
            content.append(self.para(point, "summary.point", bulletText="•"))
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
            _padding(box.padding, box.padding)
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
        for i, finding in enumerate(self.brief.findings, start=1):
            label = ""
            if finding.verdict:
                label = (
                    f'<font name="{verdict_style.fontName}" size="{verdict_style.fontSize}" '
                    f'color="{verdict_colour}">'
                    f"{self.markup(finding.verdict, 'finding.verdict')}</font>&nbsp;&nbsp;"
                )
            text = label + self.markup(finding.text) + self.markers(finding.sources)
            items.append(Para(text, style, bulletText=f"{i}."))
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
        heading = self.heading_para(title, "heading", key)
        first = content[0] if content else None
        return [KeepWithFirstLines(heading, first), heading, *content]

    def heading_para(self, title: str, style: str, key: str) -> Heading:
        outline = plain_text(parse_inline(title))
        return Heading(self.markup(title, style), self.styles[style], outline, key)

    def figure(self, figure: Figure) -> Flowable:
        image = self.figures[figure.path]
        max_height = self.height * 0.45
        width = self.width
        height = width * image.height / image.width
        if height > max_height:
            height, width = max_height, max_height * image.width / image.height
        picture = Image(BytesIO(image.data), width=width, height=height)
        picture.hAlign = "LEFT"
        caption = self.markup(figure.caption) + " &nbsp;" if figure.caption else ""
        credit = f"<i>Picture: {self.markup(figure.credit)}</i>" + self.markers(figure.sources)
        return KeepTogether([picture, Para(caption + credit, self.styles["figure.caption"])])

    def pull_quote(self, quote: Quote) -> Flowable:
        pq = self.theme.pull_quote
        text = Para(f"“{self.markup(quote.text)}”", self.styles["quote.text"])
        who = f"<b>{self.markup(quote.speaker)}</b>"
        if quote.role:
            who += ", " + self.markup(quote.role)
        attribution = Para(
            "— " + who + self.markers(quote.sources), self.styles["quote.attribution"]
        )
        table = self.table(
            [[text], [attribution]], colWidths=[self.width - pq.indent], splitInRow=1
        )
        table.setStyle(
            _padding(2, 0)
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
        quotes = [self.pull_quote(quote) for quote in self.brief.quotes]
        return self.with_heading(self.theme.quotes_title, "quotes", quotes) if quotes else []

    def timeline(self) -> list[Flowable]:
        entries = self.brief.timeline_in_order
        if not entries:
            return []
        t = self.theme.timeline
        head = self.styles["timeline.head"]
        header: list[object] = [Para("DATE", head), Para("EVENT", head)]
        rows: list[_EventRow] = []
        event_width = self.width - t.date_width - 2 * t.padding
        # A row taller than this is cut between lines: a part must fit, under the
        # header, in any frame the table can meet. In columns that is one on the
        # first page, under a full-width lead of up to two thirds of the page.
        shortest = self.height / 3 if self.theme.page.columns > 1 else self.height
        header_height = head.leading + 2 * t.padding
        limit = min(self.height * 0.8, shortest - 2 * header_height)  # a line to spare
        for number, entry in enumerate(entries):
            when = escape_text(format_partial_date(entry.date))
            if entry.time:
                when += f"<br/>{entry.time:%H:%M}"
            event = self.para(entry.event, "timeline.event", self.markers(entry.sources))
            chunks = _split_tall(event, event_width, limit)
            dates = [Para(when, self.styles["timeline.date"])]
            dates += [Para("", self.styles["timeline.date"]) for _ in chunks[1:]]
            for i, (date, chunk) in enumerate(zip(dates, chunks, strict=True)):
                rows.append(_EventRow([date, chunk], number, continued=i < len(chunks) - 1))
        widths = [t.date_width, self.width - t.date_width]
        fills = [paper_colour(self.theme), self.colour(t.zebra_fill)]
        rule = self.colour(t.rule)
        style = _padding(t.padding, t.padding) + [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), self.colour(t.header_fill)),
            ("LINEBELOW", (0, 0), (-1, 0), t.header_rule_width, self.colour(t.header_rule)),
        ]
        # Each row its own event (as nearly always): the same, said once per part.
        ranged = [
            *style,
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), fills),
            ("LINEBELOW", (0, 1), (-1, -1), t.rule_width, rule),
        ]

        def build(body: Sequence[Any]) -> Table:  # the _EventRows of one part
            # Zebra by event, counted from each page's first row, and a rule under
            # each event: the parts of an event cut for its height read as one.
            table = self.table([header, *body], colWidths=widths, repeatRows=1)
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

        return self.with_heading(t.title, "timeline", [LongTable(build, rows)])

    def sources_list(self) -> list[Flowable]:
        entries = [
            Para(
                f'<a name="src-{n + self.note_offset}"/>{n}.&nbsp;{self.source_markup(source)}',
                self.styles["sources.entry"],
            )
            for n, source in self.citations.in_order()
        ]
        return self.with_heading(self.theme.sources_title, "sources", entries) if entries else []

    # -- notes ----------------------------------------------------------------

    def source_markup(self, source: Source) -> str:
        parts = [f"<i>{self.plain(source.title)}</i>"]
        if source.publisher:
            parts.append(self.plain(source.publisher))
        if source.date:
            parts.append(escape_text(format_partial_date(source.date)))
        text = ", ".join(parts) + "."
        if source.url:
            url = escape_text(source.url).replace('"', "&quot;")
            text += f' <a href="{url}" color="{self.accent}">{escape_text(source.url)}</a>'
        if source.note:
            text += " " + self.plain(source.note)
        return text

    def plain(self, text: str) -> str:
        """Inline text without footnote markers (used inside the notes themselves)."""
        return _join_markers(
            to_markup(parse_inline(text), footnote=lambda key: "", link_color=self.accent)
        )

    def note_markup(self) -> dict[int, str]:
        return {
            n + self.note_offset: f"<super>{n}</super>&nbsp;{self.source_markup(s)}"
            for n, s in self.citations.in_order()
        }

    def colour(self, name: str) -> Color:
        return colour(self.theme, name)


class _EventRow(list[object]):
    """A timeline row: its cells, the number of its event, and whether the event
    goes on in the next row (an event too tall for a page is cut into rows)."""

    def __init__(self, cells: list[object], event: int, continued: bool) -> None:
        super().__init__(cells)
        self.event = event
        self.continued = continued


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


def _padding(vertical: float, horizontal: float) -> list[tuple[object, ...]]:
    return [
        ("TOPPADDING", (0, 0), (-1, -1), vertical),
        ("BOTTOMPADDING", (0, 0), (-1, -1), vertical),
        ("LEFTPADDING", (0, 0), (-1, -1), horizontal),
        ("RIGHTPADDING", (0, 0), (-1, -1), horizontal),
    ]


def _join_markers(markup: str) -> str:
    """Adjacent footnote markers read 1,2 rather than 12."""
    return markup.replace("</a></super><super><a ", "</a>,<a ")
