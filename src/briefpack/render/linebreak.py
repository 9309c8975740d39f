"""A paragraph as boxes, glue and penalties to its line breaks, chosen for the whole
paragraph at once (Knuth and Plass, "Breaking paragraphs into lines", 1981).

Pure: widths in, break positions out; nothing here knows ReportLab. A line's
*ratio* is how far its spaces stretch (positive, in units of their stretch) or
shrink (negative, in units of their shrink) to fill the measure; its badness is
100 |ratio|³, and the breaks chosen minimise the sum of the lines' demerits:

    (line_penalty + badness)² + penalty²     (for a break at a penalty ≥ 0)

plus `double_hyphen_demerits` for two hyphenated lines in a row,
`final_hyphen_demerits` for a hyphen on the last line but one,
`fitness_demerits` for a tight line next to a loose one, and
`short_last_line_demerits` for a paragraph of several lines whose last holds a
single word shorter than `short_last_line` of the measure (a "runt": "force."
alone under a full line). A line never shrinks
past its spaces' shrink, never more than `max_hyphens_in_a_row` lines end with a
hyphen, and a first pass accepts no line looser than `max_stretch`; if no
breaking passes, a second pass accepts any looseness (the emergency), and if a
word wider than the measure still leaves no breaking, `break_paragraph` returns
None for the caller to break greedily.

The emergency still minimises demerits, which grow as the sixth power of a
loose line's ratio: the loosest line is made as tight as it can be unless that
sets other lines loose. (Minimising the loosest line first would set, say,
three lines at ratios 3.2 to 3.5 where this sets one at 3.9 and the others
within `max_stretch`.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

#: A penalty this high forbids a break; this low forces one.
INFINITY = 10_000.0
#: The stretch of the glue that ends a paragraph: its last line is set ragged.
FILL = 1e6
#: The stretch given to a line without spaces, as a share of its width: one
#: that ends at a `ragged` break (after a URL's slash) is set flush left, as
#: ragged text is; any other (a piece of a word cut where it must be) is as bad
#: as it is short.
_RIGID = 0.01
_RAGGED = 1 / 6


@dataclass(frozen=True, slots=True)
class Box:
    """Something drawn: a word or a piece of one."""

    width: float


@dataclass(frozen=True, slots=True)
class Glue:
    """A space: its natural width, and how far it may stretch and shrink."""

    width: float
    stretch: float
    shrink: float


@dataclass(frozen=True, slots=True)
class Penalty:
    """A possible break inside a word: its cost, the width drawn if the line
    breaks here (a hyphen's), whether it is a hyphenated break, whether it
    is one in a word too wide for a line (`long`: as many of those may come in
    a row as the word needs), and whether a line of the word alone may end
    here short of the measure (`ragged`: a URL's break)."""

    width: float
    cost: float
    flagged: bool = False
    long: bool = False
    ragged: bool = False


Item = Box | Glue | Penalty


@dataclass(frozen=True, slots=True)
class Settings:
    """The costs of the breaking (TeX's defaults where it has one)."""

    max_stretch: float = 1.5
    #: The looseness accepted without trying to hyphenate (TeX's \pretolerance 100).
    pretolerance: float = 1.0
    line_penalty: float = 10.0
    hyphen_penalty: float = 50.0
    double_hyphen_demerits: float = 3000.0
    final_hyphen_demerits: float = 5000.0
    fitness_demerits: float = 3000.0
    max_hyphens_in_a_row: int = 2
    short_last_line_demerits: float = 5000.0
    #: A last line of one word narrower than this share of its measure is a runt.
    short_last_line: float = 1 / 3


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the result: its items are `items[start:end]` (the break item
    `end` is a penalty drawn at the line's end, or a glue not drawn)."""

    start: int
    end: int
    natural: float
    ratio: float
    hyphenated: bool


@dataclass(slots=True)
class _Node:
    """A feasible break: where it is, the best way found to reach it, and the sums
    of the items before the line that begins after it (to measure that line)."""

    position: int
    line: int
    fitness: int
    hyphens: int
    demerits: float
    ratio: float
    previous: _Node | None
    #: The width the next line is set to, and the sums of width, stretch and
    #: shrink of the items before it.
    measure: float
    width_before: float
    stretch_before: float
    shrink_before: float


def paragraph_end() -> list[Item]:
    """The items that end every paragraph: a glue that fills the last line, and a forced break."""
    return [Penalty(0.0, INFINITY), Glue(0.0, FILL, 0.0), Penalty(0.0, -INFINITY)]


def break_paragraph(
    items: Sequence[Item],
    widths: Sequence[float],
    settings: Settings = Settings(),
    hyphen_costs: Mapping[int, float] | None = None,
    tolerances: Sequence[float] | None = None,
) -> list[Line] | None:
    """The best lines for `items` (which end with `paragraph_end()`), the n-th line
    `widths[n]` wide (the last width repeats); `hyphen_costs` adds demerits to a
    hyphen at the end of a given line (0 is the first). None if no breaking keeps
    every line within its measure (and within the `tolerances` tried: by default
    `max_stretch`, then any)."""
    if not items or not widths:
        return None
    for tolerance in tolerances or (settings.max_stretch, math.inf):
        lines = _total_fit(items, widths, tolerance, settings, hyphen_costs or {})
        if lines is not None:
            return lines
    return None


Breaks = list[tuple[int, float, float, bool, bool, bool]]


def measured(
    items: Sequence[Item],
) -> tuple[list[float], list[float], list[float], Breaks, list[int]]:
    """What a search of the breaks of `items` works from: the sums of width, stretch
    and shrink of the items before each index; the places a line may end
    (position, cost, width drawn there, hyphenated, long, ragged); and where the line after a
    break at each position begins (`begins[position + 1]`: its next box, or forced
    break; the first line begins with the paragraph)."""
    count = len(items)
    sum_width = [0.0] * (count + 1)
    sum_stretch = [0.0] * (count + 1)
    sum_shrink = [0.0] * (count + 1)
    breaks: Breaks = []
    previous_box = False
    for i, item in enumerate(items):
        width = stretch = shrink = 0.0
        if isinstance(item, Box):
            width = item.width
        elif isinstance(item, Glue):
            width, stretch, shrink = item.width, item.stretch, item.shrink
            if previous_box:
                breaks.append((i, 0.0, 0.0, False, False, False))
        elif item.cost < INFINITY:
            breaks.append((i, item.cost, item.width, item.flagged, item.long, item.ragged))
        previous_box = isinstance(item, Box)
        sum_width[i + 1] = sum_width[i] + width
        sum_stretch[i + 1] = sum_stretch[i] + stretch
        sum_shrink[i + 1] = sum_shrink[i] + shrink
    begins = [count] * (count + 1)
    for i in range(count - 1, -1, -1):
        item = items[i]
        begins[i] = (
            i
            if isinstance(item, Box) or (isinstance(item, Penalty) and item.cost <= -INFINITY)
            else begins[i + 1]
        )

    begins[0] = 0
    return sum_width, sum_stretch, sum_shrink, breaks, begins


def _total_fit(
    items: Sequence[Item],
    widths: Sequence[float],
    tolerance: float,
    settings: Settings,
    hyphen_costs: Mapping[int, float],
) -> list[Line] | None:
    count = len(items)
    sum_width, sum_stretch, sum_shrink, breaks, begins = measured(items)

    def start_after(position: int) -> int:
        return begins[position + 1]

    last_width_line = len(widths) - 1
    # Lines past these are alike: the same width, and no cost for a hyphen of their own.
    distinct_lines = max(last_width_line, max(hyphen_costs, default=-1) + 1)
    line_penalty, most_hyphens = settings.line_penalty, settings.max_hyphens_in_a_row
    double_hyphen, final_hyphen = settings.double_hyphen_demerits, settings.final_hyphen_demerits
    fitness_demerits = settings.fitness_demerits
    runt, runt_share = settings.short_last_line_demerits, settings.short_last_line
    active = [_Node(-1, 0, 1, 0, 0.0, 0.0, None, widths[0], 0.0, 0.0, 0.0)]
    for b, cost, break_width, flagged, long, ragged in breaks:
        rigid = _RAGGED if ragged else _RIGID
        forced = cost <= -INFINITY
        # A line's demerits are (line_penalty + badness)^2 plus this, the square of
        # the break's own cost (less it, for a break that is wanted).
        extra = cost * cost if cost >= 0 else (-cost * cost if not forced else 0.0)
        best: dict[tuple[int, int, int], _Node] = {}
        survivors: list[_Node] = []
        at_width, at_stretch, at_shrink = sum_width[b] + break_width, sum_stretch[b], sum_shrink[b]
        # Nodes at one position (made at the same break) are next to each other and
        # begin a line of the same words: its ratio, fitness and demerits are worked
        # out once for them (once per measure, where their lines differ in width).
        group_position, group_width = -2, -1.0
        ratio = base = 0.0
        fitness = 1
        fits = True
        for node in active:
            width = node.measure
            if node.position != group_position or width != group_width:
                group_position, group_width = node.position, width
                natural = at_width - node.width_before
                fits = True
                if natural < width:
                    stretch = at_stretch - node.stretch_before
                    ratio = (width - natural) / (stretch if stretch > 0 else rigid * width)
                    fits = ratio <= tolerance
                elif natural > width:
                    shrink = at_shrink - node.shrink_before
                    ratio = (width - natural) / shrink if shrink > 0 else -math.inf
                    if ratio < -1:
                        fits = False
                        ratio = -math.inf  # the node can begin no later line
                else:
                    ratio = 0.0
                if fits:
                    badness = 100 * abs(ratio) ** 3 if ratio < math.inf else INFINITY
                    base = (line_penalty + badness) ** 2 + extra
                    fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1 else 3
            if not fits:
                if ratio > 0 and not forced:  # too short for now, not for a later break
                    survivors.append(node)
                continue
            if not forced:
                survivors.append(node)
            # (counted up to one past the limit: the pieces of a long word, which
            # may pass it, then make no more distinct nodes)
            hyphens = min(node.hyphens + 1, most_hyphens + 1) if flagged else 0
            if hyphens > most_hyphens and not long:
                continue
            demerits = base
            if flagged:
                demerits += hyphen_costs.get(node.line, 0.0)
                if node.hyphens:
                    demerits += double_hyphen
            elif forced and node.hyphens:
                demerits += final_hyphen
            if forced and node.line and at_width - node.width_before < runt_share * width:
                # One word: no space's stretch beside the glue that fills the line.
                last_stretch = at_stretch - node.stretch_before
                if abs(last_stretch - FILL if last_stretch > FILL / 2 else last_stretch) < 1e-3:
                    demerits += runt
            if abs(fitness - node.fitness) > 1:
                demerits += fitness_demerits
            total = node.demerits + demerits
            line = node.line + 1
            key = (fitness, hyphens, line if line < distinct_lines else distinct_lines)
            held = best.get(key)
            if held is None or total < held.demerits:
                start = begins[b + 1]
                best[key] = _Node(
                    b,
                    line,
                    fitness,
                    hyphens,
                    total,
                    ratio,
                    node,
                    widths[line if line < last_width_line else last_width_line],
                    sum_width[start],
                    sum_stretch[start],
                    sum_shrink[start],
                )
        active = survivors + [best[key] for key in sorted(best)] if best else survivors
        if not active:
            return None
    finals = [node for node in active if node.position == count - 1]
    if not finals:
        return None
    return _lines(items, min(finals, key=lambda node: node.demerits), sum_width, start_after)


def _lines(
    items: Sequence[Item],
    node: _Node,
    sum_width: list[float],
    start_after: Callable[[int], int],
) -> list[Line]:
    chain: list[_Node] = []
    walk: _Node | None = node
    while walk is not None and walk.previous is not None:
        chain.append(walk)
        walk = walk.previous
    lines = []
    for current in reversed(chain):
        assert current.previous is not None
        start = start_after(current.previous.position)
        end = current.position
        item = items[end]
        flagged = isinstance(item, Penalty) and item.flagged
        extra = item.width if isinstance(item, Penalty) else 0.0
        natural = sum_width[end] - sum_width[start] + extra
        lines.append(Line(start, end, natural, current.ratio, flagged))
    return lines
