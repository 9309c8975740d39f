"""A checked pack to PDF bytes: a cover, a contents page, then each brief from a
new page (a right-hand one, on facing pages), with one outline and `Page N of M`
across the whole pack.

The contents page needs the page on which each brief starts, which only the
layout knows: a first pass lays the pack out and records those pages, a second
prints them. The page numbers sit in a column of fixed width, so printing them
cannot change the contents page's height or anything after it; the passes are
repeated (at most three) until the pages agree.

Footnotes restart at 1 in each brief; their links and note keys use the number
plus the notes of the briefs before, so they stay unique in the one PDF.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from io import BytesIO
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    ActionFlowable,
    Flowable,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)

from briefpack.brief.inline import escape_text, plain_words
from briefpack.brief.model import Brief
from briefpack.common.collector import collecting_less
from briefpack.layout.hyphenation import load_hyphenation, load_patterns
from briefpack.layout.locales import Language
from briefpack.layout.theme import Theme
from briefpack.render.checked import CheckedBrief, CheckedPack

from .dates import format_date, format_embargo, save_dates, upper_text
from .flowables import Para
from .languages import default_language
from .page_templates import BriefDocTemplate, OutlineAnchor, RunningText, body_frame_geometry
from .pdf_writer import PdfInfo, build_document, lead_frame_height, new_document, widest_lead
from .story import Story, StoryBuilder
from .structure import Element
from .styles import colour, markup_colour
from .styles import paragraph_styles as theme_styles
from .tagging import TaggedTable

#: Most layout passes made to get the contents page's numbers right.
MAX_PASSES = 3


def render_pack(pack: CheckedPack) -> bytes:
    """The pack's PDF, its contents page giving the page each brief starts on."""
    with collecting_less():
        return _render_pack(pack)


def _render_pack(pack: CheckedPack) -> bytes:
    load_hyphenation(pack.briefs[0].theme)
    for checked in pack.briefs:
        for spoken in (checked.language, *checked.element_languages.values()):
            if spoken is not None and spoken.hyphenation:
                load_patterns(spoken.hyphenation)
    pages: list[int] | None = None
    pdf = b""
    for _ in range(MAX_PASSES):
        pdf, found = _lay_out(pack, pages)
        if found == pages:
            save_dates()
            return pdf
        pages = found
    # The contents page keeps its height between passes, so this means a bug.
    raise RuntimeError(f"the contents page numbers did not settle in {MAX_PASSES} passes")


def _story(
    checked: CheckedBrief,
    theme: Theme,
    offset: int,
    languages: tuple[Language | None, Mapping[str, Language]],
    parts: list[Element],
    document: Element,
    part_lang: str | None,
    spans: bool,
    summary_in_lead: bool,
) -> Story:
    """One brief's story in the pack, its notes numbered from `offset + 1`, in a
    new `Part` of `document` (added to `parts`); see `widest_lead`."""
    parts.append(Element("Part", document, lang=part_lang))
    _, _, width, height, column = body_frame_geometry(theme)
    brief, lead_width = checked.validated.brief, width if spans else None
    builder = StoryBuilder(
        brief, theme, checked.figures, column, height, lead_width, offset, *languages, parts[-1]
    )
    builder.summary_in_lead = summary_in_lead
    return builder.build()


def _lay_out(pack: CheckedPack, pages: list[int] | None) -> tuple[bytes, list[int]]:
    """One layout pass: the PDF, and the page on which each brief starts."""
    theme = pack.briefs[0].theme
    language = _language(pack)
    width = body_frame_geometry(theme)[2]
    stories: list[Story] = []
    offset = 0
    document = Element("Document")
    cover = cover_flowables(pack, theme, width, document.add("Sect"))
    contents = contents_flowables(pack, theme, width, pages, document.add("Sect"))
    for checked in pack.briefs:
        # Each brief in its own language.
        own = checked.language, checked.element_languages
        tag = checked.language.tag if checked.language else language.tag
        part_lang = None if tag == language.tag else tag
        parts: list[Element] = []
        build = partial(_story, checked, theme, offset, own, parts, document, part_lang)
        story = widest_lead(build, theme)
        document.kids.append(parts[-1])
        offset += len(story.citations.numbers)
        stories.append(story)
    notes = {number: text for story in stories for number, text in story.notes.items()}
    note_elements = {n: note for story in stories for n, note in story.note_elements.items()}
    titles = [plain_words(checked.validated.brief.title) for checked in pack.briefs]
    info = PdfInfo(
        title=pack.title,
        author="",
        subject=language.label("pack_subject", titles="; ".join(titles)),
        keywords=tuple(word for word in (pack.classification,) if word),
        date=pack.date,
        digest=pack.digest,
        lang=language.tag,
    )
    leads = [lead_frame_height(story, theme) if story.lead_spans else 0.0 for story in stories]
    buffer = BytesIO()
    running = _running(pack, pack.title)
    doc = new_document(buffer, theme, running, (notes, note_elements), info, 0.0)
    doc.add_pack_templates(leads)
    flowables: list[Flowable] = [*cover, PageBreak(), *contents]
    for i, (story, title) in enumerate(zip(stories, titles, strict=True)):
        flowables += [
            _ToRightHandPage(),
            _StartBrief(_running(pack, title), f"brief-{i + 1}-"),
            NextPageTemplate(f"first-{i}"),
            PageBreak(),
            OutlineAnchor(title, f"brief-{i + 1}", 1),
            *story.lead,
            *([FrameBreak()] if leads[i] else []),
            *story.body,
        ]
    build_document(doc, flowables, info, document)
    return buffer.getvalue(), [doc.outline_pages[f"brief-{i + 1}"] for i in range(len(stories))]


def _language(pack: CheckedPack) -> Language:
    """The language of the pack's own pages: its own, else its first brief's."""
    return pack.language or pack.briefs[0].language or default_language(pack.briefs[0].theme)


def _embargo(pack: CheckedPack, language: Language) -> str:
    if pack.embargo is None:
        return ""
    return format_embargo(pack.embargo, language.tag, language.label("embargo"))


def _running(pack: CheckedPack, title: str) -> RunningText:
    language = _language(pack)
    return RunningText(
        title,
        plain_words(pack.classification),
        _embargo(pack, language),
        format_date(pack.date, language.tag),
        "",
        language.label("page"),
        language.label("prepared_for"),
    )


class _StartBrief(ActionFlowable):  # type: ignore[misc]
    """Switches the running header to the next brief, and puts its headings
    below its own outline entry (applied just before its first page begins)."""

    #: The floats the brief before still holds are placed before this (`floats`).
    ends_brief = True

    def __init__(self, running: RunningText, outline_prefix: str) -> None:
        super().__init__(("startBrief",))
        self.running = running
        self.outline_prefix = outline_prefix

    def apply(self, doc: BriefDocTemplate) -> None:
        doc.running = self.running
        doc.outline_prefix = self.outline_prefix
        doc.outline_level = 2


class _ToRightHandPage(ActionFlowable):  # type: ignore[misc]
    """On facing pages, a blank page if the next page would be a left-hand one."""

    ends_brief = True

    def __init__(self) -> None:
        super().__init__(("toRightHandPage",))

    def apply(self, doc: BriefDocTemplate) -> None:
        if doc.theme.page.facing and doc.page % 2:
            doc.handle_pageBreak()


# -- cover and contents ---------------------------------------------------------


def cover_flowables(
    pack: CheckedPack, theme: Theme, width: float, structure: Element
) -> list[Flowable]:
    """The cover: classification and embargo, title, date, and each story with its
    one-line summary (its elements in `structure`)."""
    styles = theme_styles(theme)
    language = _language(pack)

    def para(text: str, style: str, role: str = "P", parent: Element = structure) -> Para:
        return Para(text, styles[style], tag=parent.add(role))

    out: list[Flowable] = [OutlineAnchor(pack.title, "pack", 0)]
    if pack.classification:
        text = _text(theme, plain_words(pack.classification), "masthead.banner")
        out.append(_band(theme, para(text, "masthead.banner"), "banner_fill", width))
    if pack.embargo:
        text = escape_text(_embargo(pack, language))
        out.append(_band(theme, para(text, "masthead.embargo"), "embargo_fill", width))
    if len(out) > 1:
        out.append(Spacer(0, 10))
    count = len(pack.briefs)
    stories = language.label(f"pack_stories_{_plural(count, language)}", count=str(count))
    meta = f"{format_date(pack.date, language.tag)} · {stories}"
    kicker = language.label("pack_kicker")
    out += [
        para(_text(theme, kicker, "masthead.kicker", language.tag), "masthead.kicker"),
        para(_text(theme, pack.title, "masthead.title"), "masthead.title", "H1"),
        para(escape_text(meta), "masthead.meta"),
        Spacer(0, 6),
        _rule(theme, width),
        Spacer(0, theme.masthead.space_after),
        para(
            _text(theme, language.label("pack_in_this_pack"), "heading", language.tag),
            "heading",
            "H2",
        ),
    ]
    listed = structure.add("L")
    for i, checked in enumerate(pack.briefs, start=1):
        brief = checked.validated.brief
        date = format_date(brief.date, language.tag)
        details = [date, *([plain_words(brief.desk)] if brief.desk else [])]
        body = listed.add("LI").add("LBody")
        entry: list[Flowable] = [
            Spacer(0, styles["body"].leading / 2),
            para(f"<b>{i}.&nbsp;{escape_text(plain_words(brief.title))}</b>", "body", "P", body),
            para(escape_text(" · ".join(details)), "masthead.meta", "P", body),
        ]
        summary = one_line_summary(brief)
        if summary:
            entry.append(para(escape_text(summary), "body", "P", body))
        out.append(KeepTogether(entry))
    return out


def contents_flowables(
    pack: CheckedPack, theme: Theme, width: float, pages: list[int] | None, structure: Element
) -> list[Flowable]:
    """The contents: each brief's title, linked to its first page, and that page's
    number (a dash until the first layout pass has found it). Its elements, in
    `structure`: a heading and a `TOC` with a `TOCI` per brief."""
    styles = theme_styles(theme)
    body = styles["body"]
    number_style: ParagraphStyle = theme.derived(
        "contents_page_style",
        lambda: ParagraphStyle("contents.page", parent=body, alignment=TA_RIGHT),
    )
    number_width = stringWidth("0000", body.fontName, body.fontSize) + 6
    accent = markup_colour(theme, theme.styles["heading"].color or "")
    rule = colour(theme, theme.timeline.rule)
    rows: list[list[Any]] = []
    heading = structure.add("H2")
    toc = structure.add("TOC")
    for i, checked in enumerate(pack.briefs):
        title = escape_text(plain_words(checked.validated.brief.title))
        link = f'<a href="#brief-{i + 1}" color="{accent}">{title}</a>'
        number = str(pages[i]) if pages else "–"
        item = toc.add("TOCI")
        rows.append(
            [
                Para(link, body, tag=item.add("Reference")),
                Para(number, number_style, tag=item.add("P")),
            ]
        )
    table = _table(theme, rows, colWidths=[width - number_width, number_width])
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -1), theme.timeline.rule_width, rule, "butt"),
        ]
    )
    language = _language(pack)
    contents = _text(theme, language.label("pack_contents"), "masthead.title", language.tag)
    title = Para(contents, styles["masthead.title"], tag=heading)
    return [title, Spacer(0, theme.masthead.space_after), table]


def _band(theme: Theme, content: Flowable, fill: str, width: float) -> Table:
    """A full-width coloured band, as on a brief's masthead."""
    table = _table(theme, [[content]], colWidths=[width])
    table.setStyle(
        [
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("BACKGROUND", (0, 0), (-1, -1), colour(theme, getattr(theme.masthead, fill))),
        ]
    )
    if fill == "embargo_fill":
        edge = colour(theme, theme.styles["masthead.embargo"].color or "")
        table.setStyle([("BOX", (0, 0), (-1, -1), 0.75, edge)])
    table.spaceAfter = 4
    return table


def _rule(theme: Theme, width: float) -> Table:
    rule_width = theme.masthead.rule_width
    table = _table(theme, [[""]], colWidths=[width], rowHeights=[rule_width])
    table.setStyle(
        [("LINEBELOW", (0, 0), (-1, -1), rule_width, colour(theme, theme.masthead.rule), "butt")]
    )
    return table


def _table(theme: Theme, rows: list[list[Any]], **kwargs: Any) -> Table:
    """A Table in the body font and colour (not ReportLab's Helvetica and RGB black)."""
    body = theme_styles(theme)["body"]
    table = TaggedTable(rows, **kwargs)
    table.setStyle([("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize, body.leading)])
    if theme.color_model == "cmyk":
        table.setStyle([("TEXTCOLOR", (0, 0), (-1, -1), body.textColor)])
    return table


def _plural(count: int, language: Language) -> str:
    """`one` or `other`: the form of the language's plural rules (CLDR) for `count`.
    The labels give these two forms; languages with more use `other` for the rest."""
    from babel import Locale

    # The rules of the language the labels are written in (English where it has none).
    form = Locale.parse(language.babel_id if language.has_labels else "en").plural_form(count)
    return "one" if form == "one" else "other"


def _text(theme: Theme, text: str, style: str, lang: str = "en-GB") -> str:
    """Plain text as markup for a style (in capitals if the style says so)."""
    return escape_text(upper_text(text, lang) if theme.styles[style].upper else text)


def one_line_summary(brief: Brief) -> str:
    """The brief's subtitle, else the first sentence of its summary, else its first point."""
    if brief.subtitle:
        return plain_words(brief.subtitle)
    if brief.summary.text:
        text = plain_words(brief.summary.text)
        return re.split(r"(?<=[.!?])\s+(?=[A-Z0-9“‘\"'(])", text, maxsplit=1)[0]
    points = brief.summary.points or ()
    return plain_words(points[0]) if points else ""
