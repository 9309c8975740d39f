"""A word wider than a whole line keeps a few characters on its last line.

ReportLab splits such a word (a hash, a pasted URL) after whichever character
fills each line (`splitLongWords`), so the last piece can be a lone character:
the closing quote of a pull quote, the full stop after a hash in a note, which
then starts a line of its own. Its two splitters are given the same functions
with a last step: the last piece takes characters from the one before it until
it has `MIN_TAIL` of them before its closing punctuation (and any note marker).
The pieces before it only get shorter, so every line still fits; the text is the
same characters in the same order.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl

#: The fewest characters of a split word on its last line, not counting the
#: punctuation that closes it (`5.”` is a scrap of the word, `d9.` is not).
MIN_TAIL = 3
_CLOSING = ".,;:!?)]}'\"\u2019\u201d\u00bb"


def short_tail(tail: str) -> bool:
    """Whether the last piece of a split word is a scrap: fewer than `MIN_TAIL`
    characters before its closing punctuation (a raised note marker counted as
    punctuation, see `counted`)."""
    return len(tail.rstrip(_CLOSING)) < MIN_TAIL


def _to_move(head: str, tail: str) -> int:
    """How many characters the last piece `tail` takes from the end of `head`, so
    that it has `MIN_TAIL` before its closing punctuation (0: none, or too few in
    `head` to spare)."""
    move = 0
    while short_tail(head[len(head) - move :] + tail):
        move += 1
        if move >= len(head):
            return 0
    return move


_split_word = rl._splitWord
_split_frag_word = rl._splitFragWord


def split_word(
    word: str,
    line_width: float,
    max_widths: list[float],
    line_number: int,
    font_name: str,
    font_size: float,
    encoding: str = "utf8",
) -> list[Any]:
    """ReportLab's `_splitWord` (a one-font word), with a last piece of `MIN_TAIL`."""
    args = (word, line_width, max_widths, line_number, font_name, font_size, encoding)
    pieces: list[Any] = _split_word(*args)
    if len(pieces) < 2:
        return pieces
    head, tail = pieces[-2], pieces[-1]
    move = _to_move(head, tail)
    plain = type(head) is rl._SplitWord and type(tail) is rl._SplitWordEnd  # (not bidi)
    if not move or not plain:
        return pieces
    pieces[-2:] = [rl._SplitWord(head[:-move]), rl._SplitWordEnd(head[-move:] + tail)]
    return pieces


def split_frag_word(
    word: list[Any], max_width: float, max_widths: list[float], line_number: int
) -> list[Any]:
    """ReportLab's `_splitFragWord` (a word of several fragments: `[width, (frag,
    text), ...]`), with a last piece of `MIN_TAIL` characters."""
    pieces: list[Any] = _split_frag_word(word, max_width, max_widths, line_number)
    if len(pieces) < 2:
        return pieces
    head, tail = _characters(pieces[-2]), _characters(pieces[-1])
    move = _to_move(*(counted(part) for part in (head, tail)))
    if not move:
        return pieces
    cut = len(head)
    while move:  # back over `move` characters (and any empty fragments among them)
        cut -= 1
        move -= bool(head[cut][1])
    pieces[-2] = type(pieces[-2])(_frag_word(head[:cut]))
    pieces[-1] = type(pieces[-1])(_frag_word(head[cut:] + tail))
    return pieces


def _characters(word: list[Any]) -> list[tuple[Any, str]]:
    """A frag word's characters, each with its fragment (an empty fragment, a
    callback's, as itself with "")."""
    out: list[tuple[Any, str]] = []
    for frag, text in word[1:]:
        out.extend([(frag, character) for character in text] if text else [(frag, "")])
    return out


def counted(characters: list[tuple[Any, str]]) -> str:
    """The characters as `_to_move` counts them: a raised one (a note's marker)
    closes the word, as punctuation does, and is none of its own."""
    return "".join("." if getattr(frag, "rise", 0) > 0 else c for frag, c in characters)


def _frag_word(characters: list[tuple[Any, str]]) -> list[Any]:
    """Characters back to a frag word, `[width, (frag, text), ...]`, one fragment
    for each run of characters of the same fragment."""
    parts: list[tuple[Any, str]] = []
    for frag, character in characters:
        if parts and parts[-1][0] is frag and character:
            parts[-1] = (frag, parts[-1][1] + character)
        else:
            parts.append((frag, character))
    word: list[Any] = [0.0]
    for frag, text in parts:
        piece = frag.clone()
        if hasattr(piece, "text"):
            piece.text = text
        word.append((piece, text))
        if text:
            word[0] += stringWidth(text, frag.fontName, frag.fontSize)
    return word


if rl._splitWord is _split_word:  # (ReportLab's own: not if something replaced them)
    rl._splitWord = split_word
if rl._splitFragWord is _split_frag_word:
    rl._splitFragWord = split_frag_word
