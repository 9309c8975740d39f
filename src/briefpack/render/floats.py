"""Floating blocks: a figure, pull quote or box that does not fit the space left in
its frame waits for the top of the next frame, while the text after it goes on
filling this one.

A `Float` is a `KeepTogether` that may move. The doc template (with
`FloatingDocument` mixed in) holds a float that does not fit the rest of a frame
that already has something in it, and every float after it (floats keep their
order), and hands them on at the start of the next frame, before anything else
(ReportLab's `_hanging` list: what a frame begins with). A held float that does
not fit even a fresh frame is split there as it would have been. Floats move
only forward, never more than one frame; the structure tree follows the story,
so a moved figure keeps its place in the reading order. Before a page break (the
next brief of a pack) and at the end of the story, the floats still held are
placed first.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import KeepTogether, NextPageTemplate, PageBreak

from .flowables import FootnoteFrame

__all__ = ["Float", "FloatingDocument"]

#: ReportLab's tolerance when it checks that a flowable fits.
_FUZZ = 1e-6


class Float(KeepTogether):  # type: ignore[misc]
    """Flowables kept together that may move to the top of the next frame."""


class FloatingDocument:
    """Doc template hooks that hold floats for the next frame (mixed in before
    `BaseDocTemplate`)."""

    frame: Any
    canv: Any
    _hanging: list[Any]

    #: The floats waiting for the next frame, in story order.
    held: list[Float]

    def handle_documentBegin(self) -> None:
        self.held = []
        #: The frame that began with held floats (the last one to).
        self.float_frame: Any = None
        super().handle_documentBegin()  # type: ignore[misc]

    def handle_frameBegin(self, resume: int = 0, pageTopFlowables: Any = None) -> None:  # noqa: N803
        super().handle_frameBegin(resume, pageTopFlowables)  # type: ignore[misc]
        if self.held:
            self._hanging.extend(self.held)
            self.held = []
            self.float_frame = self.frame

    def handle_flowable(self, flowables: list[Any]) -> None:
        story = flowables is not self._hanging
        first = flowables[0] if flowables else None
        if story and isinstance(first, (PageBreak, NextPageTemplate)):
            self.place_held()
        self._handle(flowables, first, story)
        if story and not flowables:
            self.place_held()

    def _handle(self, flowables: list[Any], first: Any, story: bool) -> None:
        if isinstance(first, Float) and (self.held or not self._fits(first)):
            del flowables[0]
            self.held.append(first)
            return
        if story and self.frame is self.float_frame and hasattr(first, "_postponed"):
            # Moved on from the last frame, it found the floats there first: it has
            # not yet had a frame's worth of room (ReportLab would give up on it).
            del first._postponed
        super().handle_flowable(flowables)  # type: ignore[misc]

    def place_held(self) -> None:
        """Place the held floats now, from the top of the next frame."""
        while self.held:
            self.handle_frameEnd()  # type: ignore[attr-defined]
            self.clean_hanging()  # type: ignore[attr-defined]

    def _fits(self, flowable: Float) -> bool:
        """Whether the float fits what is left of the current frame (an empty frame
        takes it whatever its size), with room for the notes it cites first."""
        frame = self.frame
        if frame is None or frame._atTop:
            return True
        flowable.wrapOn(self.canv, frame._aW, frame._aH)
        height: float = flowable._H
        room = 0.0
        if isinstance(frame, FootnoteFrame):
            frame._absorb_carried()
            if not frame.defer_notes:
                room = frame.ledger.room_for(frame, frame.ledger.new_notes(flowable))
        space: float = frame._y - frame._y1p - flowable.getSpaceBefore()
        return height + room <= space + _FUZZ
