"""The parts every block of a story is made of: paragraphs in the brief's
language with their structure elements, tables in the layout's cell font, headings
kept with what follows them, and the bands of the masthead.

`StoryParts` holds what the story of one brief shares while it is built: the
footnote numbering (`citations`), the structure tree (`structure`, and the block
being filled) and the languages. `story.StoryBuilder` adds the blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Paragraph, Table

from briefpack.brief.figures import FigureImage
from briefpack.brief.inline import parse_inline, plain_text, to_markup
from briefpack.brief.model import Brief
from briefpack.layout.locales import Language
from briefpack.layout.theme import Theme

from .box import Box
from .citations import Citations, join_markers
from .flowables import Para
from .keep_with import KeepWithFirstLines
from .languages import InLanguage, default_language, tagged
from .paragraphs import Heading
from .structure import Element
from .styles import cell_padding, colour, markup_colour, paragraph_styles
from .tagging import TaggedTable
from .typography import respace


class StoryParts(InLanguage):
    """The state of one brief's story while it is built, and its parts."""

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
        structure: Element | None = None,
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
        #: The element the brief's blocks go in, the current block's, and the
        #: notes (by key) of the citations made so far.
        self.structure = self.block = structure or Element("Document")
        self.note_elements: dict[int, Element] = {}
        self.heading_element = self.block

    def markup(self, text: str, style: str | None = None, lang: Language | None = None) -> str:
        upper = bool(style and self.theme.styles[style].upper)
        nodes = respace(parse_inline(text), lang or self.language, upper)
        return join_markers(
            to_markup(nodes, footnote=self.citations.marker, link_color=self.accent, upper=upper)
        )

    def para(
        self,
        text: str,
        style: str,
        suffix: str = "",
        tag: str | Element = "P",
        lang: Language | None = None,
        **kwargs: Any,
    ) -> Paragraph:
        """A paragraph of `text` (in `lang`, if not the brief's); its text belongs to
        the element `tag` (or to a new element of that role in the current block)."""
        markup = join_markers(self.markup(text, style, lang) + suffix)
        paragraph = Para(markup, self.style(style, lang), **kwargs)
        return self.tag(tagged(paragraph, lang), tag)

    def tag(self, paragraph: Paragraph, tag: str | Element, label: Element | None = None) -> Any:
        """Give a paragraph its element (with the paragraph's own language, if it has
        one), and the notes its markers are the first citations of (their markup is
        made: the notes follow its content)."""
        element = self.block.add(tag) if isinstance(tag, str) else tag
        paragraph.tag, paragraph.label = element, label
        lang = getattr(paragraph, "lang", None)
        if lang is not None and element.lang is None:
            element.lang = lang
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

    def table(
        self, rows: list[list[object]], kind: type[Table] = TaggedTable, **kwargs: object
    ) -> Table:
        """A Table (a `kind` of one) whose cell font is the body font (ReportLab's
        default is Helvetica, which would put an unembedded font reference on the page)."""
        table = kind(rows, **kwargs)
        body = self.styles["body"]
        table.setStyle([("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize, body.leading)])
        if self.theme.color_model == "cmyk":
            # ReportLab sets each cell's text colour (default: RGB black) before
            # drawing it, although the paragraphs inside set their own.
            table.setStyle([("TEXTCOLOR", (0, 0), (-1, -1), body.textColor)])
        return table

    def open_block(self) -> Element:
        """A block's heading element; its elements follow it (headings, not `Sect`s)."""
        self.block = self.structure
        self.heading_element = self.block.add("H2")
        return self.block

    def band(self, content: Flowable, fill: str) -> Table:
        edge = None
        if fill == "embargo_fill":
            edge = self.colour(self.theme.styles["masthead.embargo"].color or "")
        table = self.table(
            [[content]], Box, colWidths=[self.width], outline=0.75, outline_colour=edge
        )
        colour = self.colour(getattr(self.theme.masthead, fill))
        masthead = self.theme.masthead
        padding = cell_padding(masthead.band_padding, 6)
        table.setStyle(padding + [("BACKGROUND", (0, 0), (-1, -1), colour)])
        table.spaceAfter = masthead.band_gap
        return table

    def with_heading(
        self, title: str, key: str, content: list[Flowable], lang: Language | None = None
    ) -> list[Flowable]:
        heading = self.heading_para(title, "heading", key, lang)  # the block's first element
        first = content[0] if content else None
        return [KeepWithFirstLines(heading, first, 2, *content[1:2]), heading, *content]

    def heading_para(
        self, title: str, style: str, key: str, lang: Language | None = None
    ) -> Heading:
        outline = plain_text(parse_inline(title))
        heading = Heading(self.markup(title, style, lang), self.style(style, lang), outline, key)
        return self.tag(tagged(heading, lang), self.heading_element)  # type: ignore[no-any-return]

    def colour(self, name: str) -> Color:
        return colour(self.theme, name)
