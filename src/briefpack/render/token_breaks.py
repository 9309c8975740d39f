"""Where a line that ends inside a long token (a URL, a hash, a word too wide
for its line) breaks it: the places `breaking` puts its line breaks.

A paragraph's text is read as one string of characters, each with its fragment
and its place in it (`Flat`); a line is the indices of its printed characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import _wsc

from .word_items import URL_BREAKS_AFTER as BREAK_AFTER
from .word_items import URL_MIN_TAIL

__all__ = [
    "SPACES",
    "Char",
    "Flat",
    "break_point",
    "char_width",
    "hyphenation_point",
    "is_space",
    "last_fitting",
    "rest_of_token",
]

#: A line broken earlier than where ReportLab cut it stays at least this full
#: (a token that starts its line: a quarter, rather than cutting a word of it).
MIN_FILL = 0.5
MIN_FILL_ALONE = 0.25

#: The spaces ReportLab breaks lines at (not U+00A0, the no-break space).
SPACES = frozenset(_wsc)


class Char(NamedTuple):
    """A character of a paragraph, its fragment and its place in it."""

    char: str
    frag: int
    offset: int


def is_space(char: str) -> bool:
    return char in SPACES


class Flat:
    """A paragraph's text as one string, with each character's fragment and place
    in it (made for every paragraph that may need a break: kept cheap)."""

    def __init__(self, frags: Sequence[Any]) -> None:
        # A line break (`<br/>`, or one put in here) reads as a space: no token
        # goes on across it.
        texts = [
            getattr(frag, "text", "") or ("\n" if getattr(frag, "lineBreak", False) else "")
            for frag in frags
        ]
        self.text = "".join(texts)
        self.frags: list[int] = []
        self.offsets: list[int] = []
        for i, text in enumerate(texts):
            self.frags.extend([i] * len(text))
            self.offsets.extend(range(len(text)))

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, index: int) -> Char:
        return Char(self.text[index], self.frags[index], self.offsets[index])


def hyphenation_point(
    frags: Sequence[Any],
    flat: Flat,
    line: list[int],
    used: float,
    measure: float,
    hyphenate: Callable[[str], list[int]],
) -> tuple[int, bool] | None:
    """Where to break the last token of a line, if it is a word of letters (a
    compound may have hyphens, and punctuation may surround it) wider than the
    measure: after the last of its hyphenation points (adding a hyphen) or
    written hyphens at which the line fits and is at least half full (a
    quarter, if the word starts it)."""
    token = last_token(flat, line)
    first = token[0]
    end = first + len(token) + rest_of_token(flat, token[-1])
    while end > first and getattr(frags[flat[end - 1].frag], "rise", 0.0) > 0:
        end -= 1  # a note's marker after the word
    whole = flat.text[first:end]
    prefix, core = _word_core(whole)
    parts = core.split("-")  # (the last is empty if the word ends with its hyphen)
    if len(core) < 2 * URL_MIN_TAIL or not all(part.isalpha() for part in parts[:-1]):
        return None
    if parts[-1] and not parts[-1].isalpha():
        return None
    widths = [char_width(frags, flat[i]) for i in range(first, first + len(whole))]
    if sum(widths) <= measure:
        return None  # it fits a line of its own, with its punctuation
    points: dict[int, bool] = {}  # a place in `whole`: whether a hyphen is added there
    place = len(prefix)
    for part in parts:
        # A compound breaks at the hyphens it is written with; a part of it is
        # hyphenated only if it is itself too wide ("-No- / velle" reads badly).
        if part and (len(parts) == 1 or sum(widths[place : place + len(part)]) > measure):
            points.update((place + point, True) for point in hyphenate(part))
        place += len(part) + 1
        points[place] = False  # after a written hyphen (or past the word)
    hyphen = char_width(frags, Char("-", flat[first].frag, 0))
    fill = (MIN_FILL if len(token) < len(line) else MIN_FILL_ALONE) * measure
    width = used - sum(widths[: len(token)])  # the line up to the word
    best = None
    for k in range(len(whole) - 1):
        width += widths[k]
        if width > measure + 0.01:
            break
        added = points.get(k + 1)
        if added is not None and fill <= width + added * hyphen <= measure + 0.01:
            best = first + k, added
    return best


#: An elided article or pronoun before a word ("l’", "d’", "qu’", "dell’").
_ELISION = re.compile(r"\w{1,4}[\u2019']")


def _word_core(text: str) -> tuple[str, str]:
    """A word's opening punctuation (any quotation mark or bracket, and an elided
    article), and the word without it and its closing punctuation (a hyphen the
    word ends with stays: see `hyphenation_point`)."""
    start, end = 0, len(text)
    while start < end and _punctuation(text[start]):
        start += 1
    while end > start and _punctuation(text[end - 1]):
        end -= 1
    elided = _ELISION.match(text, start, end)
    if elided and text[elided.end() : elided.end() + 1].isalpha():
        start = elided.end()
    return text[:start], text[start:end]


def _punctuation(char: str) -> bool:
    """Punctuation around a word, or the no-break space French sets inside « »."""
    category = unicodedata.category(char)
    return char != "-" and (category.startswith("P") or category == "Zs")


def rest_of_token(flat: Flat, index: int) -> int:
    """How many characters of its token follow flat character `index`."""
    count = 0
    for later in range(index + 1, len(flat)):
        if is_space(flat[later].char):
            break
        count += 1
    return count


def break_point(
    frags: Sequence[Any], flat: Flat, line: list[int], used: float, measure: float
) -> int | None:
    """Where to break the last token of a line whose printed characters are `line`
    and which is `used` points wide: after a break character (the last of a run,
    so `://` stays whole) that keeps the line at least half full and inside the
    measure (a quarter full if the token starts the line); else before the token,
    if it does not start the line; else None."""
    token = last_token(flat, line)
    widths = [char_width(frags, flat[i]) for i in token]
    width = used - sum(widths)  # the line up to the token
    fill = (MIN_FILL if len(token) < len(line) else MIN_FILL_ALONE) * measure
    candidates = []
    for k, index in enumerate(token[:-1]):
        width += widths[k]
        if width > measure + 0.01:
            break
        run_ends = flat[index + 1].char not in BREAK_AFTER
        if flat[index].char in BREAK_AFTER and run_ends and width >= fill:
            candidates.append(index)
    if candidates:
        return candidates[-1]
    if len(token) < len(line):
        return token[0] - 1  # after the space before the token: it starts the next line
    return None


def last_fitting(
    frags: Sequence[Any], flat: Flat, line: list[int], used: float, measure: float
) -> int | None:
    """The last character of a line's last token that fits in the measure and
    leaves at least `URL_MIN_TAIL` of the token for the next line (else the last
    that fits)."""
    token = last_token(flat, line)
    widths = [char_width(frags, flat[i]) for i in token]
    width = used - sum(widths)
    fits: int | None = None
    leaves_a_tail: int | None = None
    for k, index in enumerate(token[:-1]):
        width += widths[k]
        if width > measure + 0.01:
            break
        fits = index
        if rest_of_token(flat, index) >= URL_MIN_TAIL:
            leaves_a_tail = index
    return leaves_a_tail if leaves_a_tail is not None else fits


def last_token(flat: Flat, line: list[int]) -> list[int]:
    """The printed characters of a line's last token (after its last space)."""
    start = len(line)
    while start > 0 and not _space_before(flat, line[start - 1], line, start):
        start -= 1
    return line[start:]


def _space_before(flat: Flat, index: int, line: list[int], position: int) -> bool:
    """Whether a space separates printed character `index` from the next one on the line."""
    following = line[position] if position < len(line) else index + 1
    return following != index + 1


def char_width(frags: Sequence[Any], char: Char) -> float:
    frag = frags[char.frag]
    return float(stringWidth(char.char, frag.fontName, frag.fontSize))
