"""The rest of a brief and its last page's frames to balanced columns: the
shortest column height at which the rest fits on the page.

At the start of each page with two or more columns, the flowables still to be
laid out up to the brief's end (the next page break or page template change)
are laid out on a scratch page with the page's own frames. If they all fit,
this is the brief's last page, and the column height is searched for: each
trial lays the rest out again in columns of one shorter height, with the same
footnote frames and the same rules (splits at line boundaries, widows and
orphans, headings kept with their first lines, repeated table headers), and
the page is then laid out for real in columns of the shortest height that fits.

The trials use copies of the footnote ledger and of the frames and draw on a
canvas that is thrown away; what layout writes on the flowables themselves
(`_postponed`) is put back. A trial page costs about what laying the page out
costs, and a page whose rest is clearly taller than its columns is not tried.

ReportLab's `BalancedColumns` balances a list of flowables inside one frame of
its own: it cannot reserve room for the notes at the foot of each column, and
it needs to be told in advance which flowables make the last page.
"""

from __future__ import annotations

import copy
from io import BytesIO
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import ActionFlowable, BaseDocTemplate, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError, _FrameBreak

from .flowables import FootnoteFrame, FootnoteLedger
from .keep_with import KeepWithFirstLines

__all__ = ["balanced_frames"]

#: The column height is searched to within this many points.
PRECISION = 3.0
#: The most height offered to measure what is left (points).
MEASURE = 1e5
#: Steps up from the average height before trying the full height.
STEPS = 4
#: Room per frame for what the estimate counts and the layout drops (space at tops).
SLACK = 24.0


class _Overflow(Exception):
    """The flowables need another page."""


class _SilentText(PDFTextObject):  # type: ignore[misc]
    """A text object that keeps its place but writes no text: trials measure only."""

    def _formatText(self, text: str) -> str:  # noqa: N802 - ReportLab's name
        return ""


class _TrialCanvas(Canvas):  # type: ignore[misc]
    """A canvas for trial pages, which are never shown: text and images cost nothing."""

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Any:  # noqa: N802
        return _SilentText(self, x, y, direction=direction)

    def drawImage(self, *args: Any, **kwargs: Any) -> tuple[float, float]:  # noqa: N802
        return 0.0, 0.0


class _Trial(BaseDocTemplate):  # type: ignore[misc]
    """A document of one page that stops as soon as a second page would begin, or
    as soon as a heading must stay at the top of a column without the first lines
    after it (`KeepWithFirstLines`): columns that short do not fit."""

    short_by = 0.0
    #: Its columns may be shorter than the page's: a table part that leaves a
    #: lone row does not fit them even at a column's top (`LongTable`).
    shortened = True

    def handle_pageBegin(self) -> None:
        if self.page:
            raise _Overflow
        super().handle_pageBegin()

    def heading_kept_apart(self, by: float) -> None:
        """Called by a heading at a column's top that lacks `by` points for its lines."""
        self.short_by = by
        raise _Overflow


def balanced_frames(
    frames: list[FootnoteFrame],
    pending: list[Any],
    ledger: FootnoteLedger,
    pagesize: tuple[float, float],
    line: float,
) -> list[FootnoteFrame] | None:
    """Frames with shortened columns for a page on which all of `pending` (up to
    the brief's end) fits, searched in steps of at most `line` (the body's leading)
    to within `PRECISION`; None if it does not fit or the columns are full anyway."""
    columns = [frame for frame in frames if str(frame.id).startswith("column-")]
    if len(columns) < 2:
        return None
    rest = _brief_rest(pending)
    body = rest
    guard = getattr(rest[0], "kept_by", None) if rest else None
    if guard is not None and guard not in rest:
        # A heading moved here from the page before, with no condition left to
        # keep it with its first lines: the trials put it back.
        rest = [guard, *rest]
    if str(frames[0].id) == "lead":  # the lead has its own frame: measure what follows it
        breaks = [i for i, flowable in enumerate(rest) if isinstance(flowable, _FrameBreak)]
        body = rest[breaks[0] + 1 :] if breaks else []
    full = max(frame._aH for frame in columns)
    limit = (full + SLACK) * len(columns)
    estimate = _estimate(body, columns[0]._aW, limit)
    if estimate > limit or not body:
        return None
    # The columns cannot all end above the average: start there and step up, a
    # line at a time at most, until it all fits (after a few steps, try the full
    # height: this may not be the last page); then find the shortest height that
    # fits between the last two.
    low, height, steps = 0.0, min(estimate / len(columns), full), 0
    while (over := _lay_out(frames, rest, ledger, pagesize, height)) is not None:
        if height >= full:
            return None  # not the brief's last page
        steps += 1
        step = min(max(over / len(columns), PRECISION), line) if steps < STEPS else full
        low, height = height, min(full, height + step)
    high = height
    while low and high - low > PRECISION:
        middle = (low + high) / 2
        if _lay_out(frames, rest, ledger, pagesize, middle) is None:
            high = middle
        else:
            low = middle
    if high >= full - PRECISION:
        return None
    return _frames(frames, ledger, high)


def _brief_rest(pending: list[Any]) -> list[Any]:
    """The flowables up to the brief's end: a page break or any action other than
    a frame break (a page template change, a new brief's start)."""
    rest = []
    for flowable in pending:
        if isinstance(flowable, PageBreak) or (
            isinstance(flowable, ActionFlowable) and not isinstance(flowable, _FrameBreak)
        ):
            break
        rest.append(flowable)
    return rest


def _estimate(rest: list[Any], width: float, limit: float) -> float:
    """About the height of `rest` in a column `width` wide (before the space
    dropped at frame tops), measured until it passes `limit`."""
    canvas = Canvas(BytesIO())
    total = 0.0
    pending = list(rest)
    while pending and total <= limit:
        flowable = pending.pop(0)
        content = getattr(flowable, "_content", None)
        if isinstance(content, list):  # KeepTogether: what it holds
            pending[:0] = content
        elif not isinstance(flowable, (ActionFlowable, KeepWithFirstLines)):
            # Offered no more than the page's room: a long table measures only
            # the rows that pass it (see `LongTable.part`).
            total += flowable.wrapOn(canvas, width, min(limit, MEASURE))[1]
            total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _frames(
    frames: list[FootnoteFrame], ledger: FootnoteLedger, height: float | None
) -> list[FootnoteFrame]:
    """Copies of `frames` that use `ledger`, with columns `height` tall (top kept)."""
    made = []
    for frame in frames:
        copied = copy.copy(frame)
        copied.__dict__.pop("_savedGeom", None)
        copied.ledger = ledger
        if height is not None and str(frame.id).startswith("column-"):
            top = frame._y1 + frame._height
            copied.__dict__["_y1"] = top - height
            copied.__dict__["_height"] = height
        copied._reset()
        made.append(copied)
    return made


def _lay_out(
    frames: list[FootnoteFrame],
    rest: list[Any],
    ledger: FootnoteLedger,
    pagesize: tuple[float, float],
    height: float,
) -> float | None:
    """Lay `rest` out on one page of `frames` with columns `height` tall: None if
    it fits, else about the height of what is left over."""
    trial_ledger = copy.copy(ledger)
    trial_ledger.placed, trial_ledger.carried = set(ledger.placed), list(ledger.carried)
    trial_ledger.page = {}
    trial_frames = _frames(frames, trial_ledger, height)
    doc = _Trial(BytesIO(), pagesize=pagesize, invariant=1)
    doc.addPageTemplates([PageTemplate("trial", trial_frames)])
    doc._calc()
    doc.canv = _TrialCanvas(BytesIO(), pagesize=pagesize, invariant=1)
    doc.canv._doctemplate = doc
    doc.handle_documentBegin()
    postponed = {id(f) for f in rest if hasattr(f, "_postponed")}
    flowables = list(rest)
    current = None
    try:
        while flowables:
            doc.clean_hanging()
            current = flowables[0]
            doc.handle_flowable(flowables)
    except (_Overflow, LayoutError):
        if doc.short_by:
            return max(doc.short_by, PRECISION)
        if flowables[:1] != [current]:  # one too tall for a column is dropped as it fails
            flowables.insert(0, current)
        width = trial_frames[-1]._aW
        room = sum(frame._aH for frame in trial_frames)  # more than that is no more use
        return max(_estimate(flowables, width, room), PRECISION)
    finally:
        for flowable in rest:
            if id(flowable) not in postponed and hasattr(flowable, "_postponed"):
                del flowable._postponed
    if trial_ledger.carried:
        # Notes carried on from columns too short for them: no page follows to
        # take them, so the columns do not fit.
        width = trial_frames[-1]._aW
        return max(sum(trial_ledger.measure(n, width) for n in trial_ledger.carried), PRECISION)
    return None
