"""A validated brief and a theme to ReportLab flowables, in reading order.

Footnote numbers are handed out here, as the story is built, so they follow the
reading order of the page exactly (the layout decides the order of the blocks).
Every piece of text an author wrote goes through `inline.to_markup`, which
escapes it: nothing in a brief can become ReportLab markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table

from briefpack.brief.figures import FigureImage
from briefpack.brief.inline import escape_text, parse_inline, plain_text, to_markup
from briefpack.brief.model import Brief, Figure, Quote, Section, TimelineEntry
from briefpack.layout.locales import Language
from briefpack.layout.theme import Theme

from .citations import Citations, join_markers
from .dates import format_date, format_embargo
from .flowables import KeepWithFirstLines, Para
from .languages import InLanguage, default_language, tagged
from .styles import cell_padding, colour, markup_colour, paragraph_styles
from .timeline import timeline_table
from .typography import quoted, respace


@dataclass
class Story:
    """The flowables of a brief: `lead` spans the page width on page 1 (masthead,
    summary), `body` is the rest. `citations` numbers the sources."""

    lead: list[Flowable]
    body: list[Flowable]
    citations: Citations
    notes: dict[int, str] = field(default_factory=dict)
    #: The language of each note whose source has its own `lang` (for `/Lang`).
    note_languages: dict[int, str] = field(default_factory=dict)
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


class StoryBuilder(InLanguage):
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
        language: Language | None = None,
        element_languages: Mapping[str, Language] | None = None,
    ) -> None:
        self.brief = brief
        self.theme = theme
        self.figures = figures
        self.width = frame_width
        self.height = frame_height
        self.lead_width = lead_width or frame_width
        self.language = language or default_language(theme)
        self.element_languages = element_languages or {}
        self.styles = paragraph_styles(theme, self.language.hyphenation)
        self.accent = markup_colour(theme, theme.styles["heading"].color or "")
        self.citations = Citations(
            dict(brief.sources),
            "#fn-" if theme.footnotes == "page" else "#src-",
            note_offset,
            self.accent,
            self.language,
            self.element_languages,
        )

    # -- text -----------------------------------------------------------------

    def markup(self, text: str, style: str | None = None, lang: Language | None = None) -> str:
        upper = bool(style and self.theme.styles[style].upper)
        nodes = respace(parse_inline(text), lang or self.language, upper)
        return join_markers(
            to_markup(nodes, footnote=self.citations.marker, link_color=self.accent, upper=upper)
        )

    def para(
        self, text: str, style: str, suffix: str = "", lang: Language | None = None, **kw: object
    ) -> Paragraph:
        paragraph = Para(self.markup(text, style, lang) + suffix, self.style(style, lang), **kw)
        return tagged(paragraph, lang)

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
        return Story(
            lead, body, self.citations, self.citations.note_markup(), self.citations.languages()
        )

    def masthead(self) -> list[Flowable]:
        brief, theme, out = self.brief, self.theme, []
        if brief.classification:
            out.append(self.band(self.para(brief.classification, "masthead.banner"), "banner_fill"))
        if brief.embargo:
            language = self.language
            text = format_embargo(brief.embargo, language.tag, language.label("embargo"))
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
        meta = [escape_text(format_date(brief.date, self.language.tag))]
        if brief.desk:
            meta.append(escape_text(self.label("desk")).format(desk=self.markup(brief.desk)))
        if brief.author:
            by = escape_text(self.label("prepared_by"))
            meta.append(by.format(author=self.markup(brief.author)))
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
        table.setStyle(cell_padding(5, 6) + [("BACKGROUND", (0, 0), (-1, -1), colour)])
        if fill == "embargo_fill":
            edge = self.colour(self.theme.styles["masthead.embargo"].color or "")
            table.setStyle([("BOX", (0, 0), (-1, -1), 0.75, edge)])
        table.spaceAfter = 4
        return table

    def summary(self) -> list[Flowable]:
        summary, box = self.brief.summary, self.theme.summary_box
        title = summary.title or self.label("summary_title")
        content: list[Flowable] = [self.heading_para(title, "summary.title", "summary")]
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
        hyphenation = self.language.hyphenation
        key = "finding_style" if hyphenation is None else f"finding_style:{hyphenation}"
        style: ParagraphStyle = self.theme.derived(key, self.finding_style)
        items: list[Flowable] = []
        for i, finding in enumerate(self.brief.findings, start=1):
            label = ""
            if finding.verdict:
                label = (
                    f'<font name="{verdict_style.fontName}" size="{verdict_style.fontSize}" '
                    f'color="{verdict_colour}">'
                    f"{self.markup(finding.verdict, 'finding.verdict')}</font>&nbsp;&nbsp;"
                )
            text = label + self.markup(finding.text) + self.citations.markers(finding.sources)
            items.append(Para(text, style, bulletText=f"{i}."))
        return self.with_heading(self.label("findings_title"), "findings", items)

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
        lang = self.language_of(section.lang)
        paragraphs: list[Flowable] = [
            self.para(text, "body", lang=lang) for text in section.paragraphs
        ]
        for figure in section.figures:
            paragraphs.append(self.figure(figure, lang))
        return self.with_heading(section.heading, f"section-{index + 1}", paragraphs, lang)

    def with_heading(
        self, title: str, key: str, content: list[Flowable], lang: Language | None = None
    ) -> list[Flowable]:
        heading = self.heading_para(title, "heading", key, lang)
        first = content[0] if content else None
        return [KeepWithFirstLines(heading, first), heading, *content]

    def heading_para(
        self, title: str, style: str, key: str, lang: Language | None = None
    ) -> Heading:
        outline = plain_text(parse_inline(title))
        heading = Heading(self.markup(title, style, lang), self.style(style, lang), outline, key)
        return tagged(heading, lang)

    def figure(self, figure: Figure, lang: Language | None = None) -> Flowable:
        image = self.figures[figure.path]
        max_height = self.height * 0.45
        width = self.width
        height = width * image.height / image.width
        if height > max_height:
            height, width = max_height, max_height * image.width / image.height
        picture = Image(BytesIO(image.data), width=width, height=height)
        picture.hAlign = "LEFT"
        caption = self.markup(figure.caption, lang=lang) + " &nbsp;" if figure.caption else ""
        picture_label = escape_text(self.label("picture"))
        credit = picture_label.format(credit=self.markup(figure.credit, lang=lang))
        credit = f"<i>{credit}</i>" + self.citations.markers(figure.sources)
        text = Para(caption + credit, self.style("figure.caption", lang))
        return KeepTogether([picture, tagged(text, lang)])

    def pull_quote(self, quote: Quote) -> Flowable:
        pq = self.theme.pull_quote
        lang = self.language_of(quote.lang)
        words = quoted(self.markup(quote.text, lang=lang), lang or self.language)
        text = tagged(Para(words, self.style("quote.text", lang)), lang)
        who = f"<b>{self.markup(quote.speaker, lang=lang)}</b>"
        if quote.role:
            who += ", " + self.markup(quote.role, lang=lang)
        attribution = Para(
            "— " + who + self.citations.markers(quote.sources),
            self.style("quote.attribution", lang),
        )
        tagged(attribution, lang)
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
        tagged(table, lang)
        table.hAlign = "RIGHT"
        table.spaceBefore = table.spaceAfter = pq.space
        # Whole, or split only when taller than a page (see `summary`).
        return KeepTogether([table])

    def quotes_block(self) -> list[Flowable]:
        quotes = [self.pull_quote(quote) for quote in self.brief.quotes]
        return self.with_heading(self.label("quotes_title"), "quotes", quotes) if quotes else []

    def timeline(self) -> list[Flowable]:
        entries = self.brief.timeline_in_order
        if not entries:
            return []

        def event(entry: TimelineEntry) -> Paragraph:
            return self.para(entry.event, "timeline.event", self.citations.markers(entry.sources))

        table = timeline_table(
            entries, event, self.table, self.theme, self.width, self.height, self.language
        )
        return self.with_heading(self.label("timeline_title"), "timeline", [table])

    def sources_list(self) -> list[Flowable]:
        entries = [
            tagged(
                Para(
                    f'<a name="src-{n + self.citations.offset}"/>{n}.&nbsp;'
                    f"{self.citations.source_markup(source)}",
                    self.styles["sources.entry"],
                ),
                self.language_of(source.lang),
            )
            for n, source in self.citations.in_order()
        ]
        title = self.label("sources_title")
        return self.with_heading(title, "sources", entries) if entries else []

    def colour(self, name: str) -> Color:
        return colour(self.theme, name)
