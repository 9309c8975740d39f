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

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from briefpack.brief.figures import alt_text
from briefpack.brief.inline import escape_text, parse_inline, plain_text
from briefpack.brief.model import Figure, Quote, Section, TimelineEntry
from briefpack.layout.locales import Language

from .box import Box, KeepWhole
from .citations import Citations, join_markers
from .dates import format_date, format_embargo
from .floats import Float
from .flowables import Para
from .languages import tagged
from .story_parts import StoryParts
from .structure import Element
from .styles import cell_padding, markup_colour
from .tagging import TaggedImage
from .timeline import timeline_table
from .typography import quoted


def desk_template(template: str, desk: str) -> str:
    """The desk label's template less the words around `{desk}` that the desk's
    name already has: "Test desk", not "Test desk desk"; "Sección de deportes"."""
    if "{desk}" not in template:  # a label that names no desk
        return template
    before, _, after = template.partition("{desk}")
    words = plain_text(parse_inline(desk)).casefold().split()
    own_before = before.strip(" :·,").casefold().split()
    own_after = after.strip(" :·,").casefold().split()
    if own_before and words[: len(own_before)] == own_before:
        before = ""
    if own_after and words[-len(own_after) :] == own_after:
        after = ""
    return before + "{desk}" + after


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
    #: The brief's structure elements, in reading order (see `structure`).
    structure: Element = field(default_factory=lambda: Element("Document"))
    #: The `Note` element of each footnote, by its key in `notes`.
    note_elements: dict[int, Element] = field(default_factory=dict)


class StoryBuilder(StoryParts):
    """Builds the story of one brief in one theme: its blocks, in the layout's order."""

    #: Whether a summary that is the layout's first block goes in the lead (else
    #: it opens the body, and floats as a later summary does).
    summary_in_lead = True

    def build(self) -> Story:
        body: list[Flowable] = []
        blocks = list(self.theme.blocks)
        column_width, self.width = self.width, self.lead_width
        lead = self.masthead()
        if blocks and blocks[0] == "summary" and self.summary_in_lead:
            lead += self.summary()
            blocks.pop(0)
        self.width = column_width
        interleave = self.theme.quotes == "interleave" and self.brief.sections
        for block in blocks:
            if block == "summary":
                body += self.summary(floats=True)
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
        note_languages = self.citations.languages()
        for key, note in self.note_elements.items():
            note.lang = note_languages.get(key)
        story = Story(lead, body, self.citations, self.citations.note_markup(), note_languages)
        story.structure, story.note_elements = self.structure, self.note_elements
        return story

    def masthead(self) -> list[Flowable]:
        brief, theme, out = self.brief, self.theme, []
        if brief.classification:
            out.append(self.band(self.para(brief.classification, "masthead.banner"), "banner_fill"))
        if brief.embargo:
            language = self.language
            text = format_embargo(brief.embargo, language.tag, language.label("embargo"))
            embargo = Para(escape_text(text), self.styles["masthead.embargo"])
            out.append(self.band(self.tag(embargo, "P"), "embargo_fill"))
        if out:
            out.append(Spacer(0, theme.masthead.band_space_after))
        if brief.desk:
            out.append(self.para(brief.desk, "masthead.kicker"))
        out.append(self.para(brief.title, "masthead.title", tag="H1"))
        if brief.subtitle:
            out.append(self.para(brief.subtitle, "masthead.subtitle"))
        meta = [escape_text(format_date(brief.date, self.language.tag))]
        if brief.desk:
            template = desk_template(self.label("desk"), brief.desk)
            meta.append(escape_text(template).format(desk=self.markup(brief.desk)))
        if brief.author:
            by = escape_text(self.label("prepared_by"))
            meta.append(by.format(author=self.markup(brief.author)))
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
                    "butt",  # flush with the text's edges
                )
            ]
        )
        out += [
            Spacer(0, theme.masthead.rule_space_before),
            rule,
            Spacer(0, theme.masthead.space_after),
        ]
        return out

    def summary(self, floats: bool = False) -> list[Flowable]:
        summary, box = self.brief.summary, self.theme.summary_box
        block = self.open_block()
        title = summary.title or self.label("summary_title")
        content: list[Flowable] = [self.heading_para(title, "summary.title", "summary")]
        if summary.text:
            content.append(self.para(summary.text, "summary.text"))
        points = block.add("L") if summary.points else block
        for point in summary.points or ():
            label, body = self.list_item(points)
            style = self.styles["summary.point"]
            text = Para(self.markup(point, "summary.point"), style, bulletText="•")
            content.append(self.tag(text, body, label))
        bar = box.bar_width
        table = self.table(
            [[item] for item in content],
            Box,
            colWidths=[self.width],
            splitInRow=1,
            padding=box.padding,
            bar=bar,
            bar_colour=self.colour(box.rule),
            outline=box.rule_width,
            outline_colour=self.colour(box.rule),
        )
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
            ]
        )
        table.spaceAfter = box.space_after
        # Kept whole (to the next page if need be: in the body, the text after it
        # goes on filling this one); only a box taller than a whole page (with
        # its notes) is split, where it starts, between or inside its rows.
        return [Float([table], "box") if floats else KeepWhole([table])]

    def findings(self) -> list[Flowable]:
        if not self.brief.findings:
            return []
        verdict_style = self.styles["finding.verdict"]
        verdict_colour = markup_colour(self.theme, self.theme.styles["finding.verdict"].color or "")
        hyphenation = self.language.hyphenation
        key = "finding_style" if hyphenation is None else f"finding_style:{hyphenation}"
        style: ParagraphStyle = self.theme.derived(key, self.finding_style)
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
            text = join_markers(
                label + self.markup(finding.text) + self.citations.markers(finding.sources)
            )
            number, body = self.list_item(numbered)
            items.append(self.tag(Para(text, style, bulletText=f"{i}."), body, number))
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
            self.open_block()
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

    def figure(self, figure: Figure, lang: Language | None = None) -> Flowable:
        image = self.figures[figure.path]
        max_height = self.height * 0.45
        width = self.width
        height = width * image.height / image.width
        if height > max_height:
            height, width = max_height, max_height * image.width / image.height
        picture = TaggedImage(BytesIO(image.data), width=width, height=height)
        picture.hAlign = "LEFT"
        # A wide gap before the credit; where the line breaks there, the no-break
        # space stays at the end of the caption, not at the start of the credit's line.
        caption = self.markup(figure.caption, lang=lang) + "&nbsp; " if figure.caption else ""
        picture_label = escape_text(self.label("picture"))
        credit = picture_label.format(credit=self.markup(figure.credit, lang=lang))
        credit = join_markers(f"<i>{credit}</i>" + self.citations.markers(figure.sources))
        # The caption beside its figure: a reader reads a Figure's /Alt, not its kids.
        picture.tag = self.block.add("Figure", alt=alt_text(figure), lang=lang and lang.tag)
        text = tagged(Para(caption + credit, self.style("figure.caption", lang)), lang)
        return Float([picture, self.tag(text, "Caption")], "figure")

    def pull_quote(self, quote: Quote) -> Flowable:
        pq = self.theme.pull_quote
        lang = self.language_of(quote.lang)
        element = self.block.add("BlockQuote", lang=lang and lang.tag)
        words = quoted(self.markup(quote.text, lang=lang), lang or self.language)
        text = Para(words, self.style("quote.text", lang))
        self.tag(text, element.add("P"))
        who = f"<b>{self.markup(quote.speaker, lang=lang)}</b>"
        if quote.role:
            who += ", " + self.markup(quote.role, lang=lang)
        attribution = Para(
            join_markers("— " + who + self.citations.markers(quote.sources)),
            self.style("quote.attribution", lang),
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
            rule = ("LINEBEFORE", (0, 0), (0, -1), pq.rule_width, self.colour(pq.rule), "butt")
            table.setStyle([rule])
        tagged(table, lang)
        table.hAlign = "RIGHT"
        table.spaceBefore = table.spaceAfter = pq.space
        # Whole (at the top of the next frame if need be: the text goes on
        # here), or split only when taller than a page (see `summary`).
        return Float([table], "quote")

    def quotes_block(self) -> list[Flowable]:
        if self.brief.quotes:
            self.open_block()
        quotes = [self.pull_quote(quote) for quote in self.brief.quotes]
        return self.with_heading(self.label("quotes_title"), "quotes", quotes) if quotes else []

    def timeline(self) -> list[Flowable]:
        entries = self.brief.timeline_in_order
        if not entries:
            return []

        def event(entry: TimelineEntry, cell: Element) -> Paragraph:
            markers = self.citations.markers(entry.sources)
            return self.para(entry.event, "timeline.event", markers, tag=cell)

        element = self.open_block().add("Table")
        table = timeline_table(
            entries,
            event,
            self.table,
            self.theme,
            (self.width, self.height),
            element,
            self.language,
        )
        return self.with_heading(self.label("timeline_title"), "timeline", [table])

    def sources_list(self) -> list[Flowable]:
        listed = self.open_block().add("L")
        entries = []
        for n, source in self.citations.in_order():
            lang = self.language_of(source.lang)
            body = listed.add("LI").add("LBody", lang=lang and lang.tag)
            entry = Para(
                f'<a name="src-{n + self.citations.offset}"/>{n}.&nbsp;'
                f"{self.citations.source_markup(source)}",
                self.styles["sources.entry"],
                tag=body,
            )
            entries.append(tagged(entry, lang))
        title = self.label("sources_title")
        return self.with_heading(title, "sources", entries) if entries else []
