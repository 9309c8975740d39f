"""Sources to footnote numbers and the text of the notes.

A source gets its number when it is first cited, so the numbers follow the
reading order of the story exactly. A marker links to its note (`#fn-N` at the
foot of the page, `#src-N` in a Sources list); adjacent markers read 1,2.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from briefpack.brief.inline import escape_text, parse_inline, to_markup
from briefpack.brief.model import Source
from briefpack.layout.locales import Language

from .dates import format_partial_date, unbroken
from .typography import respace


class Citations:
    """Footnote numbers by source key, handed out in order of first citation, and the
    markup of the markers and notes."""

    def __init__(
        self,
        sources: dict[str, Source],
        href_prefix: str,
        offset: int,
        accent: str,
        language: Language | None = None,
        element_languages: Mapping[str, Language] | None = None,
    ) -> None:
        self.sources = sources
        self.numbers: dict[str, int] = {}
        self.href_prefix = href_prefix
        #: Added to each note's number in links and note keys (not in the number
        #: shown), so that the notes of several briefs in one PDF stay apart.
        self.offset = offset
        self.accent = accent
        #: The brief's language (dates), and the sources' own (spacing, `/Lang`).
        self.language = language
        self.element_languages = element_languages or {}

    def number(self, key: str) -> int:
        return self.numbers.setdefault(key, len(self.numbers) + 1)

    def in_order(self) -> list[tuple[int, Source]]:
        return [(n, self.sources[key]) for key, n in self.numbers.items()]

    def marker(self, key: str) -> str:
        n = self.number(key)
        href = f"{self.href_prefix}{n + self.offset}"
        return f'<super><a href="{href}" color="{self.accent}">{n}</a></super>'

    def markers(self, keys: Sequence[str]) -> str:
        return join_markers("".join(self.marker(key) for key in keys))

    def source_markup(self, source: Source) -> str:
        own = self.element_languages.get(source.lang or "") or self.language
        parts = [f"<i>{self.plain(source.title, own)}</i>"]
        if source.publisher:
            parts.append(self.plain(source.publisher, own))
        if source.date:
            tag = self.language.tag if self.language else "en-GB"
            parts.append(escape_text(unbroken(format_partial_date(source.date, tag))))
        text = ", ".join(parts) + "."
        if source.url:
            url = escape_text(source.url).replace('"', "&quot;")
            text += f' <a href="{url}" color="{self.accent}">{escape_text(source.url)}</a>'
        if source.note:
            text += " " + self.plain(source.note, own)
        return text

    def plain(self, text: str, language: Language | None = None) -> str:
        """Inline text without footnote markers (used inside the notes themselves)."""
        nodes = parse_inline(text)
        if language is not None:
            nodes = respace(nodes, language)
        return join_markers(to_markup(nodes, footnote=lambda key: "", link_color=self.accent))

    def languages(self) -> dict[int, str]:
        """The tag of each note whose source has a language of its own."""
        return {
            n + self.offset: source.lang
            for n, source in self.in_order()
            if source.lang and self.language and source.lang != self.language.tag
        }

    def note_markup(self) -> dict[int, str]:
        return {
            n + self.offset: f"<super>{n}</super>&nbsp;{self.source_markup(s)}"
            for n, s in self.in_order()
        }


def join_markers(markup: str) -> str:
    """Adjacent footnote markers read 1,2 rather than 12, also where the first
    ends a bold or italic run (a speaker's name, a credit)."""
    markup = markup.replace("</a></super><super><a ", "</a>,<a ")
    return _MARKERS_ACROSS_TAGS.sub(r"</a>,</super>\1<super><a ", markup)


#: A marker, the end of a bold or italic run, and another marker.
_MARKERS_ACROSS_TAGS = re.compile(r"</a></super>((?:</[bi]>)+)<super><a ")
