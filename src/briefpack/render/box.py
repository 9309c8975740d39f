"""A box of rows, such as the summary, that may split across frames."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import KeepTogether
from reportlab.platypus.doctemplate import FrameBreak

from .tagging import TaggedTable, tagger_of

__all__ = ["Box", "KeepWhole"]


#: The most of a frame a box kept whole leaves empty when it moves on (a band
#: taller than this is a hole in the page): with more room than this left, it
#: is split here instead.
MOST_LEFT = 0.15


class KeepWhole(KeepTogether):  # type: ignore[misc]
    """Kept whole: to the next frame if it does not fit the rest of this one, as
    ReportLab's `KeepTogether`, unless it and the notes it cites first are taller
    than that frame too, or moving it would leave more than `MOST_LEFT` of this
    frame empty (it is used for the summary box that begins a brief: nothing
    comes before it to fill that room). Then it
    is split here, as it would be there, rather than after an empty rest of the page."""

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        parts: list[Any] = super().split(availWidth, availHeight)
        if parts and isinstance(parts[0], type(FrameBreak)):
            peek = self._doctemplateAttr("_peekNextFrame")
            following = peek() if peek else None
            frame = getattr(self, "_frame", None)
            leaves = frame is not None and availHeight > MOST_LEFT * frame._height
            if leaves or (following is not None and following._height < self._H + self._notes()):
                parts[0] = self.NullActionFlowable()
        return parts

    def _notes(self) -> float:
        """The height of the notes its content cites first, in this frame's width."""
        frame = getattr(self, "_frame", None)
        ledger = getattr(frame, "ledger", None)
        if ledger is None:
            return 0.0
        numbers = [n for flowable in self._content for n in ledger.new_notes(flowable)]
        return float(ledger.room_for(frame, numbers))


class Box(TaggedTable):
    """A box of rows (the summary) whose part continued at the top of a frame
    opens with the box's padding, as the box itself does: only its first row has
    top padding, so a continued part's first line would touch the box's edge.

    Its bar (`bar` points wide, in `bar_colour`) is painted inside its left edge,
    which is the frame's, and so is its outline (`outline` points wide, in
    `outline_colour`) inside all four edges: a table's rules (`LINEBEFORE`,
    `BOX`) are centred on the edges, so half of each stood out past the margin
    and the banners above."""

    def __init__(
        self,
        *args: Any,
        padding: float = 0.0,
        bar: float = 0.0,
        bar_colour: Color | None = None,
        outline: float = 0.0,
        outline_colour: Color | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.padding = padding
        self.bar, self.bar_colour = bar, bar_colour
        self.outline, self.outline_colour = outline, outline_colour
        self.continued = False

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        parts: list[Any] = super().split(availWidth, availHeight)
        for number, part in enumerate(parts):
            part.padding, part.bar, part.bar_colour = self.padding, self.bar, self.bar_colour
            part.outline, part.outline_colour = self.outline, self.outline_colour
            part.continued = self.continued if number == 0 else True
        return parts

    def _drawBkgrnd(self) -> None:  # noqa: N802 - ReportLab's name
        super()._drawBkgrnd()
        bar = self.bar if self.bar_colour is not None else 0.0
        outline = self.outline if self.outline_colour is not None else 0.0
        if not bar and not outline:
            return
        tagger = tagger_of(self.canv)
        if tagger is not None:
            tagger.begin_artifact(self.canv)
        canvas = self.canv
        canvas.saveState()
        if bar:
            canvas.setFillColor(self.bar_colour)
            canvas.rect(0, 0, bar, self._height, stroke=0, fill=1)
        if outline:
            canvas.setStrokeColor(self.outline_colour)
            canvas.setLineWidth(outline)
            half = outline / 2
            canvas.rect(half, half, self._width - outline, self._height - outline, stroke=1, fill=0)
        canvas.restoreState()
        if tagger is not None:
            tagger.end_artifact(self.canv)

    def open_at_top(self) -> None:
        """Give a continued part its top padding (once), before it is measured."""
        if not self.continued:
            return
        self.continued = False
        styles = [style.copy() for style in self._cellStyles[0]]
        grow = max(0.0, self.padding - max(style.topPadding for style in styles))
        for style in styles:
            style.topPadding = max(style.topPadding, self.padding)
        self._cellStyles[0] = styles
        heights: list[float | None] = list(self._argH)  # type: ignore[has-type]
        if heights[0] is not None:
            heights[0] += grow
        self._argH = self._rowHeights = heights
