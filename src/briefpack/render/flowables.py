"""Footnote-aware frames and the few custom flowables a briefing needs.

Footnotes at the foot of the page are what ReportLab does not do by itself. The
design: every footnote marker is a link to `#fn-N`, so the note numbers a
flowable cites can be read off its text fragments (after any split, too). A
`FootnoteFrame` reserves room at its own foot for the notes first cited by each
flowable it places, by raising its bottom edge before placing it; a flowable
that does not fit together with its new notes is split with that room taken off.
The notes themselves are drawn at the page's end, stacked up from the frame's
foot, so they always sit on the page (and in the column) of their first citation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Frame, KeepTogether, Paragraph, Table
from reportlab.platypus.frames import _FUZZ as _FRAME_FUZZ

from .box import Box
from .long_table import LongTable
from .paragraphs import Para

__all__ = ["FootnoteFrame", "FootnoteLedger", "Para", "cited_notes"]

NOTE_HREF = "#fn-"


def cited_notes(flowable: Any) -> tuple[int, ...]:
    """The footnote numbers a flowable's text links to, in order, once each (kept on
    the flowable: its text does not change, and frames ask again and again)."""
    if not isinstance(flowable, (Flowable, list, tuple)):
        return ()  # a table cell holding plain text, or nothing
    known: tuple[int, ...] | None = getattr(flowable, "_cited_notes", None)
    if known is not None:
        return known
    found = _cited_notes(flowable)
    if isinstance(flowable, Flowable):
        flowable._cited_notes = found
    return found


def _cited_notes(flowable: Any) -> tuple[int, ...]:
    if isinstance(flowable, Paragraph):
        # A paragraph's fragments as it was made, not the words its line breaking
        # left in `frags` (the same text, a list of pieces per word).
        frags = flowable.__dict__.get("_given_frags") or flowable.frags
        numbers = (
            int(href[len(NOTE_HREF) :]) for href in _frag_hrefs(frags) if href.startswith(NOTE_HREF)
        )
        return tuple(dict.fromkeys(numbers))
    # Containers ask their parts, whose answers are kept: the rows of a table
    # split page after page are walked once each, not once per page.
    if isinstance(flowable, (list, tuple)):
        parts: Any = flowable
    elif hasattr(flowable, "_cellvalues"):
        parts = flowable._cellvalues
    elif isinstance(flowable, LongTable):
        parts = flowable.rows_left()
    else:
        parts = getattr(flowable, "_content", ())
    return tuple(dict.fromkeys(n for part in parts for n in cited_notes(part)))


def _frag_hrefs(frags: Any) -> Iterator[str]:
    for frag in frags:
        if isinstance(frag, (list, tuple)):
            yield from _frag_hrefs(frag)
            continue
        for link in getattr(frag, "link", None) or ():
            href = link[1] if isinstance(link, tuple) else link
            if isinstance(href, str):
                yield href


@dataclass
class FrameNotes:
    """The notes placed in one frame on the current page."""

    frame: Frame
    numbers: list[int] = field(default_factory=list)
    height: float = 0.0


class FootnoteLedger:
    """Which notes have been placed, and which belong at the foot of which frame.

    `note(number)` makes a note's paragraph, `space` is the room under each note
    and `separator` the room the rule above the notes takes. Notes that cannot fit
    on the page of their first citation (a page with more notes than room) carry
    over to the next page.
    """

    def __init__(self, note: Callable[[int], Paragraph], space: float, separator: float) -> None:
        self.note = note
        self.space = space
        self.separator = separator
        self._wrapped: dict[tuple[int, float], tuple[Paragraph, float]] = {}
        self.placed: set[int] = set()
        self.page: dict[int, FrameNotes] = {}
        self.carried: list[int] = []

    def __deepcopy__(self, memo: dict[int, Any]) -> FootnoteLedger:
        return self  # frames are deep-copied to measure; they must share one ledger

    def paragraph(self, number: int, width: float) -> tuple[Paragraph, float]:
        """A note's paragraph wrapped to `width` and its height with the space under
        it: measured once, and drawn as it was measured."""
        key = (number, width)
        if key not in self._wrapped:
            paragraph = self.note(number)
            self._wrapped[key] = (paragraph, paragraph.wrap(width, 1e9)[1] + self.space)
        return self._wrapped[key]

    def measure(self, number: int, width: float) -> float:
        return self.paragraph(number, width)[1]

    def new_notes(self, flowable: Any) -> list[int]:
        return [n for n in cited_notes(flowable) if n not in self.placed]

    def room_for(self, frame: Frame, numbers: Iterable[int]) -> float:
        notes = list(numbers)
        if not notes:
            return 0.0
        width = frame._aW
        first = 0.0 if self._notes(frame).numbers else self.separator
        return first + sum(self.measure(n, width) for n in notes)

    def place(self, frame: Frame, numbers: Iterable[int], force: bool = False) -> float:
        notes = [n for n in numbers if force or n not in self.placed]
        room = self.room_for(frame, notes)
        entry = self._notes(frame)
        entry.numbers.extend(notes)
        entry.height += room
        self.placed.update(notes)
        return room

    def numbers_in(self, frame: Frame) -> list[int]:
        """The notes placed at the foot of `frame` on this page."""
        entry = self.page.get(id(frame))
        return entry.numbers if entry else []

    def start_page(self) -> None:
        self.page = {}

    def _notes(self, frame: Frame) -> FrameNotes:
        return self.page.setdefault(id(frame), FrameNotes(frame))


#: A table of at most this many rows is a box (a summary, a pull quote), split
#: beside room for its own notes in steps of a line of this height.
BOX_ROWS = 12
BOX_LINE = 12.0


class FootnoteFrame(Frame):  # type: ignore[misc]
    """A frame that keeps room at its foot for the notes its flowables cite first."""

    def __init__(
        self, *args: Any, ledger: FootnoteLedger, defer_notes: bool = False, **kwargs: Any
    ) -> None:
        self.ledger = ledger
        self.defer_notes = defer_notes  # a full-width lead frame: its notes go to the next frame
        super().__init__(*args, **kwargs)

    def _reset(self) -> None:
        super()._reset()
        self._geom()  # drop the previous page's reserved room

    def _absorb_carried(self) -> None:
        """Notes handed on by a lead frame or an overfull page go at this frame's
        foot: as many as it holds (the first at least, if it is empty), the rest
        to the next."""
        if self.ledger.carried and not self.defer_notes:
            carried = self.ledger.carried
            count = 1 if self._atTop and not self.ledger.numbers_in(self) else 0
            room = self._y - self._y1p
            while count < len(carried) and self.ledger.room_for(self, carried[: count + 1]) <= room:
                count += 1
            self.ledger.carried = carried[count:]
            self._y1p += self.ledger.place(self, carried[:count], force=True)

    def _add(self, flowable: Any, canv: Any, trySplit: int = 0) -> int:
        self._absorb_carried()
        if isinstance(flowable, Box) and self._atTop:
            flowable.open_at_top()
        if isinstance(flowable, (Table, LongTable)):
            # A table that does not fit even without notes is split (see `split`):
            # no need to walk all its remaining rows for their notes here.
            height = flowable.wrapOn(canv, self._aW, self._aH)[1]
            if height + self._space_before(flowable) > self._y - self._y1p + _FRAME_FUZZ:  # type: ignore[has-type]
                return int(super()._add(flowable, canv, trySplit))
        notes = self.ledger.new_notes(flowable)
        if not notes or getattr(flowable, "frameAction", None):
            return int(super()._add(flowable, canv, trySplit))
        if self.defer_notes:
            added = int(super()._add(flowable, canv, trySplit))
            if added:
                self.ledger.carried.extend(notes)
                self.ledger.placed.update(notes)
            return added
        room = self.ledger.room_for(self, notes)
        if self._last_chance(flowable, room, canv):
            # Carry notes over only for a flowable that fits this empty frame
            # alone; one taller than the frame is split, and `split` keeps room
            # for the notes of its first part alone.
            height = flowable.wrapOn(canv, self._aW, self._aH)[1]
            if height <= self._aH < height + room:
                notes, room = self._notes_that_fit(flowable, notes, canv)
        bottom: float = self._y1p  # type: ignore[has-type]
        self._y1p = bottom + room
        if super()._add(flowable, canv, trySplit):
            self.ledger.place(self, notes)
            return 1
        self._y1p = bottom
        return 0

    add = _add

    def _space_before(self, flowable: Any) -> float:
        """The space `Frame._add` leaves above `flowable` here: none at the frame's
        top, and only what the space after the flowable before does not already
        leave (`overlapAttachedSpace`). A table that fits with this space is drawn
        by `Frame._add`, so it must not be handed to it without its notes' room."""
        if self._atTop:
            return 0.0
        space = float(flowable.getSpaceBefore())
        if self._oASpace:
            if getattr(flowable, "_SPACETRANSFER", False) or getattr(flowable, "_ZEROSIZE", False):
                space = self._prevASpace
            space = max(space - self._prevASpace, 0.0)
        return space

    def split(self, flowable: Any, canv: Any) -> list[Any]:
        self._absorb_carried()
        if isinstance(flowable, Box) and self._atTop:
            flowable.open_at_top()
        elif isinstance(flowable, Box) and flowable.continued:
            # The rest of a box split in this frame: it goes on at the top of the
            # next (its pieces in one frame would show the seams between them).
            return []
        # Room for the notes of the part that will go here, not of the whole
        # flowable: a long table cites far more than one page can hold. The part
        # found without room holds at least the rows of the final part, so their
        # notes are enough.
        first = self._split_leaving(flowable, canv, 0.0)
        notes = self.ledger.new_notes(first[0]) if first and not self.defer_notes else []
        room = self.ledger.room_for(self, notes)
        moved_on = getattr(flowable, "_postponed", False)
        if isinstance(flowable, KeepTogether) and self._atTop and room and moved_on:
            # What it keeps together, out in turn: each is added beside the notes
            # it cites, and carries those it has no room for (`_last_chance`).
            return first
        if self._last_chance(flowable, room, canv):
            room = self._notes_that_fit(flowable, notes, canv)[1]
        if not room:
            return first
        if isinstance(flowable, Table) and len(flowable._cellvalues) <= BOX_ROWS:
            # A box (the summary): the most of it that fits beside its own notes
            # (the room for the notes of `first` may be more than that part needs,
            # and two pieces of a box in one frame leave a seam between them), or
            # none of it here rather than a first part of only its padding.
            return self._split_before_notes(flowable, canv, BOX_LINE)
        parts = self._split_leaving(flowable, canv, room)
        if isinstance(flowable, Paragraph) and not parts:
            return self._split_before_notes(flowable, canv, flowable.style.leading)
        return parts

    def _last_chance(self, flowable: Any, room: float, canv: Any) -> bool:
        """Whether a flowable with notes (`room` for them) is at the top of an empty
        frame for the last time: moved on once already, or with its notes taller
        than a whole frame, so that no later frame holds them all either."""
        if not (self._atTop and room) or isinstance(flowable, KeepTogether):
            return False  # (what it keeps together is split out, and asked in turn)
        if getattr(flowable, "_postponed", False):
            return True
        return bool(flowable.wrapOn(canv, self._aW, self._aH)[1] + room > self._height)

    def _too_short(self, part: Any) -> bool:
        """Whether a box's first part holds less than a line of its own."""
        return bool(part.wrap(self._aW, self._aH)[1] < BOX_LINE)

    def _split_before_notes(self, flowable: Any, canv: Any, step: float) -> list[Any]:
        """A paragraph or box whose notes do not fit beside what fits without
        them: the most of it (in steps of `step`) that fits beside its own notes
        (the lines before its markers, often), or none."""
        cut = step
        while cut < self._y - self._y1p:
            parts = self._split_leaving(flowable, canv, cut)
            if not parts or (isinstance(flowable, Table) and self._too_short(parts[0])):
                break
            if self.ledger.room_for(self, self.ledger.new_notes(parts[0])) <= cut:
                return parts
            cut += step
        return []

    def _split_leaving(self, flowable: Any, canv: Any, room: float) -> list[Any]:
        """Split `flowable` to fit this frame less `room` points at its foot."""
        bottom: float = self._y1p
        self._y1p = bottom + room
        try:
            return list(super().split(flowable, canv))
        finally:
            self._y1p = bottom

    def _notes_that_fit(
        self, flowable: Any, notes: list[int], canv: Any
    ) -> tuple[list[int], float]:
        """On an empty frame that cannot hold a flowable and all its notes: keep
        the notes that fit beside its first lines, carry the rest to the next page."""
        _, height = flowable.wrapOn(canv, self._aW, self._aH)
        first_lines = min(height, self._aH / 3)
        keep: list[int] = []
        for number in notes:
            if self.ledger.room_for(self, [*keep, number]) + first_lines > self._aH:
                break
            keep.append(number)
        self.ledger.carried.extend(n for n in notes if n not in keep)
        self.ledger.placed.update(self.ledger.carried)
        return keep, self.ledger.room_for(self, keep)


class NotesCarrier(Flowable):  # type: ignore[misc]
    """Nothing drawn: a frame it is added to takes the notes still carried on
    (see `FootnoteFrame._absorb_carried`)."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        pass


def draw_page_notes(
    canvas: Any,
    ledger: FootnoteLedger,
    rule: Callable[[Any, float, float, float], None],
) -> None:
    """Draw each frame's notes stacked up from its foot, under a short rule."""
    for entry in ledger.page.values():
        if not entry.numbers:
            continue
        frame = entry.frame
        width = frame._aW
        y = frame._y1 + frame._bottomPadding + entry.height
        # The rule sits a little below the middle of the gap: more air above it,
        # where the body text ends, than below it, where the notes start.
        rule(canvas, frame._x1 + frame._leftPadding, y - ledger.separator * 0.6, width)
        y -= ledger.separator
        for number in entry.numbers:
            paragraph, height = ledger.paragraph(number, width)
            paragraph.drawOn(canvas, frame._x1 + frame._leftPadding, y - height)
            canvas.bookmarkPage(f"fn-{number}", fit="XYZ", left=frame._x1, top=y)
            y -= height
