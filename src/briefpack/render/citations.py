"""Sources to footnote numbers and the text of the notes.

A source gets its number when it is first cited, so the numbers follow the
reading order of the story exactly. A marker links to its note (`#fn-N` at the
foot of the page, `#src-N` in a Sources list); adjacent markers read 1,2.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefpack.brief.inline import escape_text, parse_inline, to_markup
from briefpack.brief.model import Source

from .dates import format_partial_date


class Citations:
    """Footnote numbers by source key, handed out in order of first citation, and the
    markup of the markers and notes."""

    def __init__(
        self, sources: dict[str, Source], href_prefix: str, offset: int, accent: str
    ) -> None:
        self.sources = sources
        self.numbers: dict[str, int] = {}
        self.href_prefix = href_prefix
        #: Added to each note's number in links and note keys (not in the number
        #: shown), so that the notes of several briefs in one PDF stay apart.
        self.offset = offset
        self.accent = accent

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
        return join_markers(
            to_markup(parse_inline(text), footnote=lambda key: "", link_color=self.accent)
        )

    def note_markup(self) -> dict[int, str]:
        return {
            n + self.offset: f"<super>{n}</super>&nbsp;{self.source_markup(s)}"
            for n, s in self.in_order()
        }


def join_markers(markup: str) -> str:
    """Adjacent footnote markers read 1,2 rather than 12."""
    return markup.replace("</a></super><super><a ", "</a>,<a ")
