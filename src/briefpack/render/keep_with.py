"""A heading kept with the first lines of what follows it, so no heading ends a
page or column."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Table

from .flowables import FootnoteFrame, cited_notes
from .long_table import LongTable

__all__ = ["KeepWithFirstLines"]


class KeepWithFirstLines(Flowable):  # type: ignore[misc]
    """A conditional frame break that keeps a heading with the first lines after it.

    It asks for the heading's height plus `lines` lines of what follows (a one-line
    paragraph and the first line of the next one; a table's header and first row;
    a whole figure or quote), plus the room for any notes they cite first, so a
    heading never ends a page.
    """

    def __init__(
        self, heading: Flowable, following: Flowable | None, lines: int = 2, *after: Flowable
    ) -> None:
        super().__init__()
        self.heading = heading
        heading.kept_by = self  # (for the trials of balanced columns: `balance`)
        self.following = following
        self.lines = lines
        #: What comes after `following`, for when it is shorter than `lines` lines.
        self.after = after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        heading = self.heading
        needed = (
            heading.getSpaceBefore()
            + heading.wrap(avail_width, avail_height)[1]
            + heading.getSpaceAfter()
        )
        wanted = self.lines
        frame = getattr(self, "_frame", None)
        followers = [self.following, *self.after] if self.following is not None else []
        for following in followers:
            height, lines, first_part = self._first_lines(
                following, wanted, avail_width, avail_height
            )
            needed += following.getSpaceBefore() + height
            if isinstance(frame, FootnoteFrame):
                new = [n for n in cited_notes(first_part) if n not in frame.ledger.placed]
                needed += frame.ledger.room_for(frame, new)
            wanted -= lines
            if wanted <= 0:
                break
        behind_held = self._doctemplateAttr("behind_held")
        if isinstance(self.following, KeepTogether) and behind_held and behind_held(self.following):
            # A float waits behind the floats held for the next frame: the
            # heading must go there too.
            needed = float("inf")
        if avail_height < needed:
            frame = self._doctemplateAttr("frame")
            if frame is not None and not frame._atTop:
                from reportlab.platypus.doctemplate import FrameBreak

                frame.add_generated_content(FrameBreak)
                if self._doctemplateAttr("held"):
                    # The next frame starts with the floats held for it: ask again
                    # there, below them.
                    frame.add_generated_content(self)
            elif (kept_apart := self._doctemplateAttr("heading_kept_apart")) is not None:
                kept_apart(needed - avail_height)  # a trial of balanced columns
        return 0, 0

    def _first_lines(
        self, following: Flowable, wanted: int, width: float, height: float
    ) -> tuple[float, int, Any]:
        """The height of what must come with the heading from `following`, the
        lines that counts for, and that part (for its notes)."""
        leading = getattr(getattr(following, "style", None), "leading", 0.0)
        if leading:
            # Without widows and orphans a paragraph splits only if each part keeps
            # two lines: a shorter one must come whole.
            total = round(following.wrapOn(self.canv, width, 1e9)[1] / leading)
            lines = total if total < wanted + 2 else max(wanted, 2)
            return leading * lines, lines, following
        if isinstance(following, (Table, LongTable)):
            # A table: its header row and the body rows it may not split from
            # (repeated headers carry the rest).
            following.wrapOn(self.canv, width, height)
            table, rows = following, 2
            if isinstance(following, LongTable):
                frame = getattr(self, "_frame", None)
                full = frame._aH if frame is not None else height
                table = following.part(width, height)
                rows = 1 + following.first_rows(full)
            return sum(table._rowHeights[:rows]), wanted, table._cellvalues[:rows]
        if isinstance(following, KeepTogether):
            # Kept whole: all of it.
            following.wrapOn(self.canv, width, 1e9)
            return following._H, wanted, following
        return following.wrapOn(self.canv, width, 1e9)[1], wanted, following

    def draw(self) -> None:
        pass
