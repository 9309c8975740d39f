"""A word of a justified paragraph to the boxes and penalties of `linebreak`:
where it may break (its hyphenation points, the slashes of a URL, or, if it is
wider than the measure, between any two characters) and the width of each piece.
The items of a word depend on the word, its font and what the breaking allows,
so those of one-piece words are kept per process."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl

from .linebreak import Box, Item, Penalty, Settings
from .long_words import counted, short_tail

#: The cost of breaking a URL after a slash, and a long word between two characters.
URL_PENALTY = 30.0
CHARACTER_PENALTY = 1000.0


def word_core(text: str) -> tuple[str, str]:
    """A word's opening punctuation, and the word without it and its closing
    punctuation: the part ReportLab hyphenates (`_hyGenPair`)."""
    prefix_match = rl._hy_pfx_pat.match(text)
    prefix = prefix_match.group(0) if prefix_match else ""
    core = text[len(prefix) :]
    suffix_match = rl._hy_sfx_pat.search(core)
    if suffix_match:
        core = core[: -len(suffix_match.group(0))]
    return prefix, core


#: The items of words of one piece already made, by the word, its font and
#: what the breaking allows: the words of a brief repeat (and those of every
#: brief a process renders), and most of the cost of a word is looking for
#: where it may break.
_ITEMS: dict[tuple[Any, ...], list[tuple[Item, str, int]]] = {}
_MOST_ITEMS = 65_536


def word_items(
    word: list[Any],
    hyphenate: Callable[[str], list[int]] | None,
    minimum: float,
    settings: Settings,
    simple: bool,
) -> list[tuple[Item, str, int]]:
    """A word's boxes and penalties, each with the word's text and, for a
    hyphenation point, the number of characters before it (else 0)."""
    if len(word) != 2:
        return _new_word_items(word, hyphenate, minimum, settings, simple)
    width, (frag, text) = word
    if width <= minimum and (simple or len(text) < rl.hyphenationMinWordLength):
        return [(Box(width), text, 0)]  # most words: nowhere to break
    key = (
        text,
        width,
        frag.fontName,
        frag.fontSize,
        getattr(frag, "rise", 0),
        getattr(frag, "nobr", False),
        hyphenate,
        minimum,
        settings.hyphen_penalty,
        simple,
    )
    items = _ITEMS.get(key)
    if items is None:
        if len(_ITEMS) >= _MOST_ITEMS:
            _ITEMS.clear()
        items = _ITEMS[key] = _new_word_items(word, hyphenate, minimum, settings, simple)
    return items


def _new_word_items(
    word: list[Any],
    hyphenate: Callable[[str], list[int]] | None,
    minimum: float,
    settings: Settings,
    simple: bool,
) -> list[tuple[Item, str, int]]:
    width, pieces = word[0], word[1:]
    if any(getattr(frag, "nobr", False) for frag, _text in pieces):
        return [(Box(width), "", 0)]
    text = "".join(piece for _frag, piece in pieces)
    # ReportLab hyphenates no word with a raised part (`_fragWordSplitRep`).
    if any(getattr(frag, "rise", 0) for frag, _text in pieces):
        hyphenate, simple = None, True
    if width <= minimum and (simple or len(text) < rl.hyphenationMinWordLength):
        return [(Box(width), text, 0)]  # most words: nowhere to break
    characters = [(frag.fontName, frag.fontSize) for frag, piece in pieces for _ in piece]
    # As ReportLab cuts a word (`long_words`): a raised note marker closes it.
    closed = counted([(frag, character) for frag, piece in pieces for character in piece])
    breaks = _breaks(text, characters, width, hyphenate, minimum, settings, simple, closed)
    if len(pieces) == 1:
        font, size = characters[0]
        heads = {place: stringWidth(text[:place], font, size) for place, _penalty in breaks}
    else:
        heads, head = {}, 0.0
        for place, ((font, size), character) in enumerate(zip(characters, text, strict=True)):
            heads[place] = head
            head += stringWidth(character, font, size)
    items: list[tuple[Item, str, int]] = []
    done = 0.0
    for place, penalty in breaks:
        if not done < heads[place] < width:
            continue
        items.append((Box(heads[place] - done), text, 0))
        # ReportLab splits a word too wide for the measure between any characters
        # itself; a hyphenation or a URL's break is planned (see `justify`).
        items.append((penalty, text, place if penalty.cost != CHARACTER_PENALTY else 0))
        done = heads[place]
    items.append((Box(width - done), text, 0))
    return items


def _breaks(
    text: str,
    characters: list[tuple[str, float]],
    width: float,
    hyphenate: Callable[[str], list[int]] | None,
    minimum: float,
    settings: Settings,
    simple: bool,
    closed: str,
) -> list[tuple[int, Penalty]]:
    """Where a word may break, as (characters before, penalty), left to right:
    where ReportLab's hyphenation (`_hyGenPair`) or URL breaking can split it
    (unless `simple`); and, if the word is wider than the measure, between any two
    characters of a piece between those that is itself too wide (ReportLab's
    `_splitWord`), at a higher cost, but never just before a hyphen the word is
    written with, nor where it leaves its last line a scrap (`long_words`: `closed`
    is the word as counted there). A hyphenation point of a word too wide for the
    measure is `long`: as many may end lines in a row as the word needs."""
    found: dict[int, Penalty] = {}
    prefix, core = word_core(text)
    if len(core) >= rl.hyphenationMinWordLength and not simple:
        scheme = rl.uri_pat.match(core)
        if scheme is not None:
            for place in url_breaks(core, len(scheme.group(1))):
                found[len(prefix) + place] = Penalty(0.0, URL_PENALTY, ragged=True)
        elif _hyphenatable(core):
            for position in hyphenate(core) if hyphenate is not None else ():
                place = len(prefix) + position
                # the hyphen is set in the font of the part it is added to
                added = (
                    0.0
                    if core[position - 1] in rl._hy_shy
                    else stringWidth("-", *characters[place])
                )
                found[place] = Penalty(added, settings.hyphen_penalty, True, width > minimum)
            for position in _after_hyphens(core):
                found[len(prefix) + position] = Penalty(0.0, settings.hyphen_penalty, True)
    if width > minimum:  # too wide: it breaks where it must
        for place in _forced_breaks(text, characters, found, minimum):
            if not short_tail(closed[place:]):
                found[place] = Penalty(0.0, CHARACTER_PENALTY)
    return [(place, found[place]) for place in sorted(found)]


def _forced_breaks(
    text: str, characters: list[tuple[str, float]], found: dict[int, Penalty], measure: float
) -> list[int]:
    """Where a word too wide for the measure may break between any two characters:
    inside each of its pieces between the breaks `found` (its hyphenation points)
    that is itself wider than the measure, and never before a hyphen it is
    written with (a line would begin "-Novelle")."""
    places = [0, *sorted(found), len(text)]
    forced: list[int] = []
    for start, end in zip(places, places[1:], strict=False):
        piece = sum(stringWidth(text[i], *characters[i]) for i in range(start, end))
        if piece > measure:
            forced += [place for place in range(start + 1, end) if text[place] != "-"]
    return forced


#: The characters a URL (or another long token, see `breaking`) breaks after,
#: with no hyphen added.
URL_BREAKS_AFTER = frozenset("/-._?&=")


#: The fewest characters of a URL carried to the next line (`source/` + `3` would
#: read as a note's number).
URL_MIN_TAIL = 3


def url_breaks(url: str, scheme: int) -> list[int]:
    """Where a URL may break: after its scheme (`https://`), and after each run of
    `URL_BREAKS_AFTER` characters past it (so `//` stays whole), leaving at least
    `URL_MIN_TAIL` characters for the next line."""
    end = len(url) - URL_MIN_TAIL + 1
    places = [scheme] if 0 < scheme < end else []
    for place in range(scheme + 1, end):
        if url[place - 1] in URL_BREAKS_AFTER and url[place] not in URL_BREAKS_AFTER:
            places.append(place)
    return places


def _after_hyphens(word: str) -> list[int]:
    """The places just after the hyphens a word is written with ("heavy-|handed"),
    with two letters or more on each side: a line may end there, as in TeX and
    Typst, with no hyphen added, whether or not the paragraph is hyphenated."""
    places: list[int] = []
    start = 0
    for part in word.split("-")[:-1]:
        start += len(part) + 1
        if len(part) >= 2 and len(word) - start >= 2:
            places.append(start)
    return places


def _hyphenatable(word: str) -> bool:
    """Whether ReportLab hyphenates the word: letters, perhaps with hyphens between them."""
    if rl._hy_letters_pat.match(word):
        return True
    return bool(rl._hy_shy_letters_pat.match(word)) and "" not in rl._hy_shy_pat.split(word)
