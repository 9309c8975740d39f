"""A balanced paragraph's lines (a headline, a pull quote): ragged lines of about
one length, as CSS's `text-wrap: balance` sets them, none but the last ending on
a word of one or two letters ("de", "of", "a").

A headline reads in phrases: "Met officers of / heavy-handed policing" splits
one, and the short word left at the end of a line leads the eye on to a break
that is not there. So, as Czech and Polish typesetters do by rule and headline
setters by habit, a short word is bound to the word after it: the space between
them is a no-break space while the lines are broken, and a plain space again in
the lines drawn, so the text reads (and copies) as written. Only letters make a
short word, and only a word that starts with a letter takes one: "5" or "UK."
ends a line as it likes, and "at" before a number or a hash is not tied to it.
A paragraph that has a no-break space of its own is left as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from .breaking import trim_line_end

__all__ = ["BALANCE_STEP", "BIND", "balance", "line_text", "pieces_of", "tie_short_words", "unbind"]

#: How closely a balanced paragraph's measure is searched for, in points.
BALANCE_STEP = 1.0

#: The space that binds a short word to the next while lines are broken.
BIND = "\u00a0"

#: The space after a word of one or two letters that a word (a letter) follows.
_SHORT_THEN_WORD = re.compile(r"(?<!\S)[^\W\d_]{1,2}( )(?=[^\W\d_])")

Wrap = Callable[[float, float], Any]


def balance(
    paragraph: Any, wrap: Wrap, avail_width: float, avail_height: float, size: tuple[float, float]
) -> tuple[float, float]:
    """Break `paragraph`'s lines (wrapped `avail_width` wide by `wrap`) again at the
    narrowest measure (to a point, down to half the width) that needs no more
    lines, and splits or hyphenates no more words. Each line's room to spare is
    measured from the full width, where a centred or right-aligned line is placed;
    the paragraph keeps the full width (`size`, as wrapped) and gets its new height."""
    count, words = len(paragraph.blPara.lines), _pieces(paragraph.blPara)
    if count < 2:
        return size
    low, high = avail_width / 2, avail_width
    while high - low > BALANCE_STEP:
        middle = (low + high) / 2
        wrap(middle, avail_height)
        # No more lines, and no word split or hyphenated that was not.
        if len(paragraph.blPara.lines) <= count and _pieces(paragraph.blPara) == words:
            high = middle
        else:
            low = middle
    wrap(high, avail_height)
    wider, lines = avail_width - high, paragraph.blPara.lines
    for i, line in enumerate(lines):
        if isinstance(line, tuple):
            lines[i] = (line[0] + wider, *line[1:])
        else:
            line.extraSpace += wider
    paragraph.width = avail_width
    return avail_width, float(paragraph.height)


def tie_short_words(frags: list[Any]) -> list[Any]:
    """`frags` (a paragraph's fragments, not yet broken into words) with the space
    after each short word (`_SHORT_THEN_WORD`) made a `BIND`, a tie: the fragments
    that change are copies. (`dates.bind_short_words` ties a date's short word to
    its year, in the text itself.)"""
    texts = [getattr(frag, "text", "") or "" for frag in frags]
    joined = "".join(texts)
    places = [match.start(1) for match in _SHORT_THEN_WORD.finditer(joined)]
    if not places:
        return frags
    bound, start = [], 0
    for frag, text in zip(frags, texts, strict=True):
        here = [place - start for place in places if start <= place < start + len(text)]
        if here:
            chars = list(text)
            for place in here:
                chars[place] = BIND
            frag = frag.clone(text="".join(chars))
        bound.append(frag)
        start += len(text)
    return bound


def unbind(lines: Any) -> Any:
    """`lines` (ReportLab's, broken from tied fragments) with each `BIND` a space
    again, the room to spare of its line corrected for the difference in width,
    and no space left at a line's end (`breaking.trim_line_end`)."""
    for index, line in enumerate(lines.lines):
        if lines.kind == 0:
            extra, words = line[0], line[1]
            count = sum(word.count(BIND) for word in words)
            if count:
                extra += count * _difference(lines.fontName, lines.fontSize)
                words = [word.replace(BIND, " ") if BIND in word else word for word in words]
                lines.lines[index] = (extra, words, *line[2:])
            continue
        frags = []
        for frag in line.words:
            text = getattr(frag, "text", "") or ""
            if BIND in text:
                line.extraSpace += text.count(BIND) * _difference(frag.fontName, frag.fontSize)
                frag = frag.clone(text=text.replace(BIND, " "))
            frags.append(frag)
        line.words = frags
        trim_line_end(line)
    return lines


def _difference(font_name: str, font_size: float) -> float:
    return float(stringWidth(BIND, font_name, font_size) - stringWidth(" ", font_name, font_size))


def pieces_of(lines: Any) -> int:
    """How many words and pieces of split words a paragraph's lines hold."""
    return len(_pieces(lines).split())


def _pieces(lines: Any) -> str:
    """The words (and pieces of split words) a paragraph's lines hold, in order,
    one space between each: the same for two breakings only if they split and
    hyphenate the same words at the same places."""
    texts = (line_text(lines.kind, line) for line in lines.lines)
    return " ".join(" ".join(text.split()) for text in texts)


def line_text(kind: int, line: Any) -> str:
    """The text of one of ReportLab's lines: of words (`kind` 0) or of fragments."""
    if kind == 0:
        return " ".join(str(word) for word in line[1])
    return "".join(getattr(frag, "text", "") for frag in line.words)
