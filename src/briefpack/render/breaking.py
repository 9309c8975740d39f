"""A paragraph's lines to lines that stay inside their measure: long tokens (URLs,
hashes, file names) broken where a reader expects it, with no hyphen added.

ReportLab breaks a line only at a space, at a hyphenation point (adding a hyphen)
or, for a word wider than the whole line (`splitLongWords`), after whichever
character fills the line. Its URL rule (`uriWasteReduce`) splits a URL with a
scheme once, after a `/`, and leaves the rest as one piece that is never split
again: in a narrow column or a footnote that rest ran past the margin, off the
paper. A URL without a scheme was cut after any character, and so was a word
of letters too wide for the line ("…zuständigk / eitsübertragungsverordnung").

So after ReportLab has broken the lines, each line that ends inside a token, or
runs past its measure, is looked at: the token is broken after the last of
`/ - . _ ? & =` that keeps the line at least half full (a quarter, for a token
that starts the line), else before the token, else after the last
character that fits, by putting a line break (ReportLab's `<br/>`) there; the
lines are broken again, and so on down the paragraph. But a justified paragraph's
total-fit lines that cut a token with none of those characters (a hash) after
the character that fills a line keep that cut: moved whole to the next line, the
token would leave a short line in a justified block. No character is added, so
the extracted text and a link's address stay as written. A word of letters wider
than the measure, in a paragraph not justified, is hyphenated instead, at the
last of its language's hyphenation points that fits (whether or not its style
hyphenates), or broken after a hyphen it is written with: the hyphen
is drawn as a dictionary hyphen is, and copied text has the word whole (see
`tagging`). The breaks and hyphens put in are taken out again before the next
width is tried.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import (
    _HSFrag,
    _InjectedFrag,
    _processed_frags,
    _SplitFragHY,
    _wsc,
)

from .justify import hyphenator
from .token_breaks import (
    SPACES,
    Flat,
    break_point,
    char_width,
    hyphenation_point,
    is_space,
    last_fitting,
    last_token,
    rest_of_token,
)
from .word_items import URL_BREAKS_AFTER as BREAK_AFTER
from .word_items import URL_MIN_TAIL

_SPACES_SPLIT = re.compile(f"[{re.escape(_wsc)}]+").split

#: At most this many breaks put in one paragraph (each takes one more pass).
MAX_BREAKS = 200


def break_lines(
    paragraph: Any, width: Any, breaker: Callable[[Any], Any], shrinkage: float = 0.0
) -> Any:
    """`breaker(width)` (ReportLab's breakLines of `paragraph`), with long tokens
    broken inside the measure. A line's spaces may shrink by the style's
    `spaceShrinkage` or `shrinkage` of a space, whichever is more (the total-fit
    breaking of justified lines shrinks them further than ReportLab does)."""
    frags = paragraph.frags
    if _has_inserted(frags):  # breaks put in for another width
        frags = _plain_frags(frags)
    widths = list(width) if isinstance(width, (list, tuple)) else [width]
    paragraph.frags = frags
    result = breaker(width)
    # ReportLab's own form of a paragraph it has split is left alone unless a
    # break must be put in: read back as fragments, it may break differently.
    # A justified line may run past its measure by what its spaces can shrink.
    style = paragraph.style
    shrink = max(float(getattr(style, "spaceShrinkage", 0.0) or 0.0), shrinkage)
    shrink *= stringWidth(" ", style.fontName, style.fontSize)
    if not _may_break_inside(frags, result, min(widths), shrink):
        return result
    plain = _plain_frags(frags)
    # (A justified paragraph's lines are planned whole, words too wide included:
    # see `word_items`.)
    ragged = style.alignment != TA_JUSTIFY
    hyphenate = hyphenator(getattr(style, "long_words", "") or "") if ragged else None
    for _ in range(MAX_BREAKS):
        planned = getattr(result, "planned", False)
        found = _better_break(plain, result.lines, result.kind, widths, shrink, hyphenate, planned)
        if found is None:
            break
        plain = _with_break(plain, *found)
        paragraph.frags = plain
        result = breaker(width)
    return _trim_line_ends(result)


def _trim_line_ends(result: Any) -> Any:
    """`result` with no space at the end of a line that ends at a break put in: a
    break put in before a token follows the space before it (see `trim_line_end`)."""
    if result.kind == 0:
        return result
    for line in result.lines:
        if line.words and _inserted(line.words[-1]):
            trim_line_end(line)
    return result


def trim_line_end(line: Any) -> None:
    """Take the spaces off the end of the text of a line of fragments. ReportLab
    keeps the space before a line's break in its text (not in its width) when the
    paragraph has a no-break space (French text, a balanced headline's ties):
    copied, the line ended in a space."""
    words = line.words
    for index in range(len(words) - 1, -1, -1):
        frag = words[index]
        text = getattr(frag, "text", "") or ""
        kept = text.rstrip(_wsc)
        if kept != text:
            words[index] = frag.clone(text=kept)
        if kept:
            break


def _may_break_inside(frags: list[Any], result: Any, measure: float, shrink: float) -> bool:
    """Whether any line may end inside a token or run past its measure: ReportLab
    breaks inside a token only to hyphenate (adding a hyphen, left alone here), at
    a URL's slash, or when the token is wider than a whole line (at least the
    measure over the largest font size, in characters: no character is wider
    than an em). A quick test, so that most paragraphs cost nothing more."""
    for line in result.lines:
        extra = line[0] if result.kind == 0 else line.extraSpace
        if extra < -0.01 and extra < -(0.01 + shrink * (_line_text(line, result.kind)[2] + 1)):
            return True
    if _processed_frags(frags):  # ReportLab's words: [width, (frag, text), ...]
        pieces = [piece for word in frags for piece in word[1:]]
        text = " ".join(piece[1] for piece in pieces)
        sizes = [piece[0].fontSize for piece in pieces]
    else:
        text = "".join(getattr(frag, "text", "") or "" for frag in frags)
        sizes = [getattr(frag, "fontSize", 0) for frag in frags]
    if "://" in text:
        return True
    size = max((float(size or 0) for size in sizes), default=0.0)
    longest = max((len(part) for part in _split_spaces(text)), default=0)
    return size > 0 and longest * size >= measure


def _has_inserted(frags: list[Any]) -> bool:
    if not _processed_frags(frags):
        return any(_inserted(frag) or _hyphenated(frag) for frag in frags)
    return any(_inserted(p[0]) or _hyphenated(p[0]) for word in frags for p in word[1:])


def _inserted(frag: Any) -> bool:
    # (The fragment's own attributes: a missing one costs ReportLab's fragments an
    # exception, and there are thousands of calls per render.)
    return "inserted_break" in getattr(frag, "__dict__", ())


def _hyphenated(frag: Any) -> bool:
    """Whether a fragment ends with a hyphen put in here (see `_with_break`)."""
    return "inserted_hyphen" in getattr(frag, "__dict__", ())


def _unhyphenated(frag: Any) -> Any:
    """A fragment without the hyphen put in at its end, if any."""
    return _unmarked(frag, frag.text[:-1]) if _hyphenated(frag) else frag


def _final(frag: Any) -> Any:
    """A paragraph's last fragment: a hyphen put in at its end stays, for good."""
    return _unmarked(frag, frag.text) if _hyphenated(frag) else frag


def _unmarked(frag: Any, text: str) -> Any:
    """A copy of a fragment with a hyphen put in (`_with_break`), with `text`."""
    plain = frag.clone(text=text)
    del plain.inserted_hyphen
    return plain


def _plain_frags(frags: list[Any]) -> list[Any]:
    """A paragraph's fragments without the breaks put in for another width. ReportLab
    keeps a broken paragraph's text as words (`[width, (frag, text), ...]`, see
    `_getFragWords`) rather than fragments: those are turned back into fragments,
    a space after each word that had one, and hyphens it added taken out (but the
    one that ends the paragraph: the first part of a paragraph split inside a
    word, whose rest is in the part after it)."""
    if not _processed_frags(frags):
        kept = [frag for frag in frags if not _inserted(frag)]
        return [_unhyphenated(frag) for frag in kept[:-1]] + [_final(frag) for frag in kept[-1:]]
    out: list[Any] = []
    for number, word in enumerate(frags):
        if isinstance(word, _InjectedFrag):
            continue
        pieces = [(frag, text) for frag, text in word[1:] if not _inserted(frag)]
        if isinstance(word, _SplitFragHY) and pieces and pieces[-1][1].endswith("-"):
            pieces[-1] = (pieces[-1][0], pieces[-1][1][:-1])
        last = number == len(frags) - 1
        for index, (frag, text) in enumerate(pieces):
            if not _hyphenated(frag):
                out.append(frag.clone(text=text))
            elif last and index == len(pieces) - 1:
                out.append(_unmarked(frag, text))
            else:
                out.append(_unmarked(frag, text[:-1] if text.endswith("-") else text))
        if isinstance(word, _HSFrag) and out:
            out[-1].text += " "
    return out


def _line_text(line: Any, kind: int) -> tuple[str, float, int]:
    """A line's printed characters (no spaces), its extra space (negative: it runs
    past its measure), and the number of spaces between its words."""
    if kind == 0:
        extra, words = line
        text = "".join(words)
        gaps = len(words) - 1
    else:
        extra, words = line.extraSpace, line.words
        text = "".join(getattr(word, "text", "") or "" for word in words)
        gaps = len([part for part in _split_spaces(text) if part]) - 1
    return "".join(_split_spaces(text)), float(extra), max(gaps, 0)


def _split_spaces(text: str) -> list[str]:
    return _SPACES_SPLIT(text)


def _better_break(
    frags: Sequence[Any],
    lines: Sequence[Any],
    kind: int,
    widths: list[float],
    shrink: float,
    hyphenate: Callable[[str], list[int]] | None = None,
    planned: bool = False,
) -> tuple[int, bool] | None:
    """The index in the flattened text after which a break should go, and whether
    a hyphen goes with it, or None. `shrink`: how far each space of a line may
    shrink; `hyphenate`: the hyphenation points of a word, for one too wide;
    `planned`: whether the lines are those total-fit breaking planned."""
    flat = Flat(frags)
    printed = [i for i, char in enumerate(flat.text) if char not in SPACES]
    printed_text = "".join(_split_spaces(flat.text))
    done = 0  # printed characters on the lines so far
    for number, line in enumerate(lines):
        text, extra, gaps = _line_text(line, kind)
        if not text:
            continue
        end = done + len(text)
        added = False
        if printed_text[done:end] != text:
            # A hyphen added where a word was hyphenated from the dictionary.
            added, text, end = True, text[:-1], end - 1
            if not text or printed_text[done:end] != text:
                return None  # lines that do not match the text: leave them as they are
        start, done = done, end
        last = printed[end - 1]
        ends_inside = last + 1 < len(flat) and not is_space(flat[last + 1].char)
        measure = widths[min(number, len(widths) - 1)]
        # What ReportLab lets the spaces of a justified line shrink by.
        overflows = extra < -(0.01 + shrink * (gaps + 1))
        if not (ends_inside or overflows) or added:
            continue
        if ends_inside and _inserted_after(frags, flat, last):
            continue
        after = flat[last + 1] if ends_inside else None
        # A line that ends after a break character already (`annex-` + `b/`) stays,
        # unless it leaves the next line a scrap of the token (`source/` + `3`).
        ends_at_break = flat[last].char in BREAK_AFTER and after and after.char not in BREAK_AFTER
        if ends_at_break and not overflows and rest_of_token(flat, last) >= URL_MIN_TAIL:
            continue
        # `example.org` + `/path`: the `/` fits at the end of the line.
        if after and after.char in BREAK_AFTER and 0 <= char_width(frags, after) <= extra:
            return last + 1, False
        line_chars, used = printed[start:end], measure - extra
        if planned and not overflows and not _has_break_character(flat, line_chars):
            # Total-fit lines split a token with nowhere better to break (a hash)
            # after the character that fills the line: moved whole to the next
            # line, it would leave this one short in a justified paragraph.
            continue
        if hyphenate is not None:
            point = hyphenation_point(frags, flat, line_chars, used, measure, hyphenate)
            if point is not None:
                return point
        at = break_point(frags, flat, line_chars, used, measure)
        if at is None and overflows:
            at = last_fitting(frags, flat, line_chars, used, measure)
        if at is not None and at != last:
            return at, False
    return None


def _has_break_character(flat: Flat, line: list[int]) -> bool:
    """Whether the part of a line's last token on the line has a character to break after."""
    return any(flat[index].char in BREAK_AFTER for index in last_token(flat, line))


def _inserted_after(frags: Sequence[Any], flat: Flat, index: int) -> bool:
    """Whether a break was put in right after flat character `index`."""
    frag = flat[index].frag
    return (
        flat[index].offset == len(frags[frag].text) - 1
        and frag + 1 < len(frags)
        and _inserted(frags[frag + 1])
    )


def _with_break(frags: list[Any], index: int, hyphen: bool = False) -> list[Any]:
    """`frags` with a line break after flattened character `index`, and a hyphen
    before it if `hyphen`."""
    flat = Flat(frags)
    where = flat[index]
    frag = frags[where.frag]
    if not frag.text:  # a line break already: the break goes after it
        return frags
    heads = [frag.clone(text=frag.text[: where.offset + 1])]
    if hyphen:
        # The broken word in a fragment of its own, with its hyphen: ReportLab's
        # words of a split paragraph all point at their fragment (`_plain_frags`),
        # and the word is drawn in one piece (its /ActualText, see `tagging`).
        start = where.offset
        while start > 0 and not is_space(frag.text[start - 1]):
            start -= 1
        word = frag.clone(text=frag.text[start : where.offset + 1] + "-", inserted_hyphen=True)
        heads = [frag.clone(text=frag.text[:start]), word] if start else [word]
    tail = frag.clone(text=frag.text[where.offset + 1 :])
    line_break = frag.clone(text="", lineBreak=True, inserted_break=True)
    parts = [*heads, line_break] + ([tail] if tail.text else [])
    return [*frags[: where.frag], *parts, *frags[where.frag + 1 :]]
