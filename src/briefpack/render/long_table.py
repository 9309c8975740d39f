"""Rows of a long table to the Tables placed page by page, at the cost of each page.

ReportLab's Table measures every one of its rows whenever it is sized or split,
and builds the part after a split from all the rows after it: a timeline of
thousands of rows is walked again on every page, so its cost grows with the
square of its length. A `LongTable` holds the rows and gives ReportLab a Table of
only the rows that can matter where it is asked to fit: more rows than the frame
holds (so the split falls where it would in the whole table), or all that are
left. Each part placed on a page is the Table ReportLab's own split would have
placed: `build(rows)` makes a table of the header and the given body rows, with
the styles the whole table would have.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.platypus import Flowable, Table

Row = list[Any]


class LongTable(Flowable):  # type: ignore[misc]
    """Body rows after `start`, built into Tables of `build` a page at a time; a
    part split off holds at least `least_rows` of them, and so does the rest,
    unless a frame cannot take that many (ReportLab's own split: 1)."""

    def __init__(
        self,
        build: Callable[[Sequence[Row]], Table],
        rows: Sequence[Row],
        start: int = 0,
        first_try: int = 16,
        least_rows: int = 1,
    ) -> None:
        super().__init__()
        self.build = build
        self.rows = rows
        self.start = start
        #: How many body rows the first part built holds (see `split`).
        self.first_try = first_try
        self.least_rows = least_rows
        self._part: Table | None = None
        self._part_rows = 0
        self._part_width = self._part_height = 0.0
        self._header_only: Table | None = None

    def rows_left(self) -> Sequence[Row]:
        """The rows still to place (where footnotes look for what a table cites)."""
        return self.rows[self.start :]

    def part(self, avail_width: float, avail_height: float) -> Table:
        """A Table of the next rows: taller than `avail_height`, or all that are left."""
        left = len(self.rows) - self.start
        part = self._part
        if (
            part is not None
            and self._part_width == avail_width
            and (self._part_rows == left or self._part_height > avail_height)
        ):
            return part
        count = min(left, max(self._part_rows, self.first_try))
        while True:
            part = self.build(self.rows[self.start : self.start + count])
            height = part.wrapOn(self.canv, avail_width, avail_height)[1]
            if count == left or height > avail_height:
                break
            count = min(left, count * 2)
        self._part, self._part_rows = part, count
        self._part_width, self._part_height = avail_width, height
        return part

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # The part was measured at this width when it was made; a table's size
        # does not depend on the height offered. Where the rows left do not fit,
        # the height is the part's: more than the room, not the whole table's.
        self.width = self.part(avail_width, avail_height)._width
        self.height = self._part_height
        return self.width, self.height

    def identity(self, maxLen: int | None = None) -> str:  # noqa: N803
        """What ReportLab names in a layout error: the table part that did not fit."""
        part = self._part if self._part is not None else self._header()
        return str(part.identity(maxLen))

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        part = self.part(avail_width, avail_height)
        pieces: list[Any] = part.splitOn(self.canv, avail_width, avail_height)
        if len(pieces) < 2:
            return pieces
        # The rest is built afresh (not ReportLab's remainder, which draws the body
        # rule over the repeated header), so every page's table looks the same.
        placed = len(pieces[0]._cellvalues) - len(part._cellvalues) + self._part_rows
        kept = self._kept(placed)
        if kept == 0:
            return []  # whole, or as much as it can, in the next frame
        head = (
            pieces[0] if kept == placed else self.build(self.rows[self.start : self.start + kept])
        )
        # The next page most often holds about as many rows: a first part of two more
        # is then tall enough, and no part too short is built and measured first.
        first_try = max(16, kept + 2)
        rest = LongTable(self.build, self.rows, self.start + kept, first_try, self.least_rows)
        return [head, rest]

    def first_rows(self, frame_height: float) -> int:
        """How many body rows a frame `frame_height` tall (when empty) must take
        with the header, if any: the least a part holds, or all that are left if
        they cannot be split; one, if that many are taller than the frame (the
        part last made, by `part`, measures them)."""
        left = len(self.rows) - self.start
        wanted = self.least_rows if left >= 2 * self.least_rows else left
        return wanted if self._fit(wanted, frame_height) else 1

    def _fit(self, rows: int, height: float) -> bool:
        """Whether the header and the next `rows` rows fit `height`, as measured
        in the part last made (which holds them: at least `first_try`, or all)."""
        assert self._part is not None
        return rows <= 1 or sum(self._part._rowHeights[: 1 + rows]) <= height

    def _kept(self, placed: int) -> int:
        """How many of the `placed` rows that fit this frame the part here takes:
        fewer, to leave `least_rows` for the next, and none (the next frame) if
        that leaves fewer than `least_rows` here; unless this frame is empty, or
        `least_rows` rows would not fit it empty (in a trial's shortened columns,
        see `balance`, never)."""
        least, left = self.least_rows, len(self.rows) - self.start
        kept = min(placed, left - least)
        if kept >= least:
            return kept
        frame = self._doctemplateAttr("frame")
        if frame is None or self._doctemplateAttr("shortened"):
            return 0
        if frame._atTop:
            return placed
        # Rows too tall (a long event cut into parts) for `least` of them to fit
        # an empty frame: split as ReportLab would.
        return 0 if self._fit(least, frame._aH) else placed

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        # Placed whole: the part is the table, drawn exactly as a Table would be.
        assert self._part is not None
        self._part.drawOn(canvas, x, y, _sW)

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self._header().getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self._header().getSpaceAfter())

    def _header(self) -> Table:
        if self._header_only is None:
            self._header_only = self.build(())
        return self._header_only
