"""A box of rows, such as the summary, that may split across frames."""

from __future__ import annotations

from typing import Any

from .tagging import TaggedTable

__all__ = ["Box"]


class Box(TaggedTable):
    """A box of rows (the summary) whose part continued at the top of a frame
    opens with the box's padding, as the box itself does: only its first row has
    top padding, so a continued part's first line would touch the box's edge."""

    def __init__(self, *args: Any, padding: float = 0.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.padding = padding
        self.continued = False

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        parts: list[Any] = super().split(availWidth, availHeight)
        for number, part in enumerate(parts):
            part.padding = self.padding
            part.continued = self.continued if number == 0 else True
        return parts

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
