"""Floating blocks: a figure, pull quote or box that does not fit the space left in
its frame waits for the top of the next frame, while the text after it goes on
filling this one.

A `Float` is a `KeepTogether` that may move. The doc template (with
`FloatingDocument` mixed in) holds a float that does not fit the rest of a frame
that already has something in it, and every float of its kind after it (figures
keep their order, and so do quotes, but a quote that fits is not held behind a
figure), and puts them back at the front of the story when the next frame begins,
before anything else. A float that does not fit after the floats put back before
it (two tall figures of short sections) waits again while the text fills the
frame: it is first in the next one either way, and the text leaves no hole. A
held float taller than a fresh frame is split there as it would have been.
Floats move only forward; the structure tree follows the story, so a moved
figure keeps its place in the reading order. Before a page break, before what
begins the next brief of a pack (a flowable with `ends_brief`: its running head,
its right-hand page) and at the end of the story, the floats still held are
placed first. On a brief's balanced last page floats do not wait (see `floating`).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import KeepTogether, NextPageTemplate, PageBreak

from .flowables import FootnoteFrame

__all__ = ["Float", "FloatingDocument"]

#: ReportLab's tolerance when it checks that a flowable fits.
_FUZZ = 1e-6


class Float(KeepTogether):  # type: ignore[misc]
    """Flowables kept together that may move to the top of the next frame; a
    `kind` of float ("figure", "quote", "box") keeps its order."""

    def __init__(self, flowables: list[Any], kind: str) -> None:
        super().__init__(flowables)
        self.kind = kind


class FloatingDocument:
    """Doc template hooks that hold floats for the next frame (mixed in before
    `BaseDocTemplate`)."""

    frame: Any
    canv: Any
    pagesize: tuple[float, float]
    _hanging: list[Any]

    #: The floats waiting for the next frame, in story order.
    held: list[Float]
    #: Whether floats may wait: not on a brief's balanced last page, whose
    #: columns end at one height anyway (a float there would only pull a table
    #: or a section apart across the columns).
    floating = True

    def handle_documentBegin(self) -> None:
        self.held = []
        #: The story being laid out (the list ReportLab takes flowables from).
        self.story: list[Any] = []
        super().handle_documentBegin()  # type: ignore[misc]

    def handle_frameBegin(self, resume: int = 0, pageTopFlowables: Any = None) -> None:  # noqa: N803
        super().handle_frameBegin(resume, pageTopFlowables)  # type: ignore[misc]
        if self.held:
            # First in the frame: at the front of the story, where a float that
            # does not fit a fresh frame is split, or moves on, as any flowable.
            self.story[0:0] = self.held
            self.held = []

    def handle_flowable(self, flowables: list[Any]) -> None:
        if flowables is self._hanging:  # a page's beginning
            super().handle_flowable(flowables)  # type: ignore[misc]
            return
        self.story = flowables
        first = flowables[0]
        if self.held and (
            isinstance(first, (PageBreak, NextPageTemplate)) or getattr(first, "ends_brief", False)
        ):
            self.place_held()  # on this brief's pages, before the break
            return
        if (
            isinstance(first, Float)
            and self.floating
            and (self.behind_held(first) or not self._fits(first))
        ):
            del flowables[0]
            self.held.append(first)
        else:
            if hasattr(first, "_postponed") and not self.frame._atTop:
                # Moved on from the last frame, it found something there first
                # (held floats, or the rest of one split over the frames): it has
                # not yet had a frame's room (ReportLab would give up on it).
                del first._postponed
            super().handle_flowable(flowables)  # type: ignore[misc]
        if not flowables and self.held:
            self.place_held()  # the story goes on with them

    def behind_held(self, flowable: Any) -> bool:
        """Whether a float waits behind one held: floats of a kind keep their
        order, but a pull quote that fits here does not wait for a figure."""
        kind = getattr(flowable, "kind", None)
        return any(held.kind == kind for held in self.held)

    def place_held(self) -> None:
        """End the frame: the next one begins with the held floats."""
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
