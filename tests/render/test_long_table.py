"""Long tables: placed page by page as ReportLab's own split would, at each page's cost."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table

from briefpack.pipeline import package_assets, render_brief
from briefpack.render.long_table import LongTable
from conftest import page_texts

STYLE = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
HEADER: list[Any] = [Paragraph("DATE", STYLE), Paragraph("EVENT", STYLE)]
# Rows of one, two and three lines, so pages hold different numbers of rows.
ROWS: list[list[Any]] = [
    [Paragraph(f"Row {i}", STYLE), Paragraph(" ".join([f"event {i}"] * (6 + 12 * (i % 3))), STYLE)]
    for i in range(300)
]


def build(body: Sequence[list[Any]]) -> Table:
    table = Table([HEADER, *body], colWidths=[80, 200], repeatRows=1)
    table.setStyle([("ROWBACKGROUNDS", (0, 1), (-1, -1), ["white", "lightgrey"])])
    return table


def first_cells(table: Table) -> list[str]:
    """The text of each row's first cell (ReportLab keeps a cell's flowables in a list)."""
    cells = [row[0] for row in table._cellvalues]
    return [(cell[0] if isinstance(cell, (list, tuple)) else cell).text for cell in cells]


def pages_of(flowable: Any, heights: list[float]) -> list[list[str]]:
    """The rows of each part as frames of the given heights take them, in turn."""
    canvas = Canvas("unused.pdf")
    parts: list[list[str]] = []
    for height in heights:
        if flowable.wrapOn(canvas, 280, height)[1] <= height:
            table = flowable.part(280, height) if isinstance(flowable, LongTable) else flowable
            parts.append(first_cells(table))
            return parts
        pieces = flowable.splitOn(canvas, 280, height)
        if not pieces:
            parts.append([])  # not even one row fits: the next frame
            continue
        parts.append(first_cells(pieces[0]))
        flowable = pieces[1]
    raise AssertionError("the table did not end in the frames given")


@pytest.mark.parametrize("height", [60.0, 200.0, 555.5])
def test_parts_are_the_rows_reportlabs_own_split_places(height: float) -> None:
    heights = [height * (1 + (n % 4) / 3) for n in range(400)]  # frames of varying room
    expected = pages_of(build(ROWS), heights)
    assert len(expected) > 2
    assert pages_of(LongTable(build, ROWS), heights) == expected


def test_the_last_rows_are_not_split_to_leave_one_alone() -> None:
    canvas = Canvas("unused.pdf")
    height = build(ROWS[:3]).wrapOn(canvas, 280, 1000)[1]  # room for three rows, not four
    assert pages_of(build(ROWS[:4]), [height, 1000])[1] == ["DATE", "Row 3"]  # ReportLab's
    four = LongTable(build, ROWS[:4], least_rows=2)
    assert pages_of(four, [height, 1000]) == [
        ["DATE", "Row 0", "Row 1"],
        ["DATE", "Row 2", "Row 3"],
    ]
    # Three rows cannot be split without leaving one alone: they go on whole.
    three = LongTable(build, ROWS[:3], least_rows=2)
    height = build(ROWS[:2]).wrapOn(canvas, 280, 1000)[1]
    assert pages_of(three, [height, 1000]) == [[], ["DATE", "Row 0", "Row 1", "Row 2"]]


def test_a_frame_with_room_for_one_row_takes_none() -> None:
    canvas = Canvas("unused.pdf")
    height = build(ROWS[:1]).wrapOn(canvas, 280, 1000)[1]
    assert pages_of(build(ROWS[:5]), [height, 1000])[0] == ["DATE", "Row 0"]  # ReportLab's
    five = LongTable(build, ROWS[:5], least_rows=2)
    assert pages_of(five, [height, 1000]) == [[], ["DATE", *(f"Row {i}" for i in range(5))]]


def test_every_part_starts_with_the_header() -> None:
    parts = pages_of(LongTable(build, ROWS), [150.0] * 400)
    assert all(part[0] == "DATE" for part in parts)
    assert [cell for part in parts for cell in part[1:]] == [f"Row {i}" for i in range(300)]


def test_a_table_that_fits_is_drawn_whole() -> None:
    canvas = Canvas("unused.pdf")
    table = LongTable(build, ROWS[:3])
    width, height = table.wrapOn(canvas, 280, 1000)
    whole = build(ROWS[:3])
    assert (width, height) == whole.wrapOn(canvas, 280, 1000)
    assert table.splitOn(canvas, 280, 1000) == [table.part(280, 1000)]


def test_a_long_timeline_measures_each_row_a_few_times_not_once_per_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost of a timeline grows with its rows, not with rows times pages: the
    rows ReportLab measures over the whole render stay a small multiple of the rows."""
    measured = 0
    calc_height = Table._calc_height

    def counting(self: Table, *args: Any, **kwargs: Any) -> Any:
        nonlocal measured
        measured += len(self._cellvalues)
        return calc_height(self, *args, **kwargs)

    monkeypatch.setattr(Table, "_calc_height", counting)
    count = 1500
    rows = "".join(
        f"  - date: 2020-{i % 12 + 1:02d}-{i % 28 + 1:02d}\n    event: Row {i} of the timeline.\n"
        for i in range(count)
    )
    brief = tmp_path / "long.yaml"
    brief.write_text(f"title: Long\ndate: 2024-01-01\nsummary:\n  text: x\ntimeline:\n{rows}")
    pages = len(page_texts(render_brief(brief, package_assets()).pdf))
    assert pages > 25
    # Walking the rows left on every page would measure about count * pages / 2.
    assert measured < 8 * count


def test_a_page_that_holds_as_many_rows_as_the_last_builds_one_part() -> None:
    """After a page, the next part tried holds a little more than that page took:
    frames of one height are filled with one part each, not a part too short first."""
    rows = [[Paragraph(f"Row {i}", STYLE), Paragraph("One line.", STYLE)] for i in range(400)]
    built = []

    def counting(body: Sequence[list[Any]]) -> Table:
        built.append(len(body))
        return build(body)

    parts = pages_of(LongTable(counting, rows), [480.0] * 400)
    assert len(parts) > 10 and len(parts[1]) > 16 + 1  # more rows than the first try
    assert len(built) <= len(parts) + 2, built


def test_a_layout_error_names_the_rows_of_the_part_that_did_not_fit() -> None:
    canvas = Canvas("unused.pdf")
    table = LongTable(build, ROWS)
    table.wrapOn(canvas, 280, 100)
    named = table.identity()
    assert "LongTable" not in named and "rows x 2 cols" in named


@pytest.mark.parametrize("rows", [10, 300])
def test_the_rest_of_a_split_is_always_built_afresh(rows: int) -> None:
    """Every page's part comes from `build`: ReportLab's own remainder of a split
    table draws the body rule over the repeated header."""
    canvas = Canvas("unused.pdf")
    table = LongTable(build, ROWS[:rows])
    while True:
        pieces = table.splitOn(canvas, 280, 120)
        if len(pieces) < 2:
            break
        assert isinstance(pieces[1], LongTable)
        table = pieces[1]


@pytest.mark.parametrize("layout", ["standard", "compact"])
def test_the_rows_of_an_event_cut_for_its_height_read_as_one(tmp_path: Path, layout: str) -> None:
    """One fill for all the rows of one event, the next event in the other, and a
    rule under each event, not between its rows."""
    from briefpack.pipeline import check_brief
    from briefpack.render.page_templates import body_frame_geometry
    from briefpack.render.story import StoryBuilder

    event = " ".join(["a very long timeline event that goes on"] * 300)
    brief = tmp_path / "tall.yaml"
    brief.write_text(
        "title: Test material\ndate: 2024-01-01\nsummary:\n  text: x\ntimeline:\n"
        f"  - date: 2024-01-01\n    event: {event}\n"
        "  - date: 2024-01-02\n    event: The second event.\n"
        "  - date: 2024-01-03\n    event: The third event.\n"
    )
    checked = check_brief(brief, package_assets(), layout)
    _, _, width, height, column = body_frame_geometry(checked.theme)
    builder = StoryBuilder(checked.validated.brief, checked.theme, {}, column, height, width)
    timeline = next(f for f in builder.timeline() if isinstance(f, LongTable))
    table = timeline.build(timeline.rows)
    body = len(timeline.rows)
    assert body >= 4, "the first event must be cut into several rows"
    fills = {
        row: str(command[3])
        for command in table._bkgrndcmds
        for row in range(command[1][1], command[2][1] + 1)
        if command[0] == "BACKGROUND" and row > 0
    }
    cut = body - 2  # the rows of the first event
    assert len({fills[row] for row in range(1, cut + 1)}) == 1
    assert fills[cut + 1] != fills[1] and fills[cut + 2] == fills[1]
    rules = sorted(command[1][1] for command in table._linecmds if command[0] == "LINEBELOW")
    assert rules == [0, cut, cut + 1, cut + 2]


@pytest.mark.parametrize("layout", ["standard", "compact"])
def test_the_timeline_heading_keeps_the_rows_the_table_may_not_split_from(
    tmp_path: Path, layout: str
) -> None:
    """Whatever the room left under it, the heading Timeline is followed on its
    page or column by the first two rows (the table splits no lone row off)."""
    from conftest import WORDS, page_texts, render

    sentence = " ".join(WORDS[:12]).capitalize() + "."
    rows = "".join(
        f"  - date: 2023-09-{day:02d}\n    event: {' '.join([sentence] * 3)}\n"
        for day in range(1, 5)
    )
    checked = 0
    for sentences in range(30, 56, 3):  # (the heading reaches the foot at 33, 48)
        brief = tmp_path / f"timeline-{sentences}.yaml"
        brief.write_text(
            "title: Test material\ndate: 2024-05-06\nsummary:\n  text: Synthetic text.\n"
            f"sections:\n  - heading: Body\n    body: {' '.join([sentence] * sentences)}\n"
            f"timeline:\n{rows}",
            encoding="utf-8",
        )
        for text in page_texts(render(brief, layout)):
            if "timeline" in [line.strip().casefold() for line in text.splitlines()]:
                assert "1 September 2023" in text and "2 September 2023" in text, sentences
                checked += 1
    assert checked


@pytest.mark.parametrize("layout", ["standard", "compact"])
def test_an_event_taller_than_a_page_does_not_leave_its_heading_alone(
    tmp_path: Path, layout: str
) -> None:
    # Cut into parts for its height, the event splits as a paragraph does.
    from conftest import page_texts, render

    body = " ".join(["Some body text that fills a few lines of the page."] * 20)
    event = " ".join(["The council debated the matter late into the evening."] * 120)
    brief = tmp_path / "tall.yaml"
    brief.write_text(
        f"title: Tall events\ndate: 2024-03-30\nsummary:\n  text: Text.\n"
        f"sections:\n  - heading: Body\n    body: {body}\n"
        f"timeline:\n  - date: 2024-03-01\n    event: {event}\n"
        "  - date: 2024-03-02\n    event: A short event.\n"
        "  - date: 2024-03-03\n    event: Another short event.\n",
        encoding="utf-8",
    )
    for text in page_texts(render(brief, layout)):
        lines = [line.strip().casefold() for line in text.splitlines()]
        if "timeline" in lines:
            assert "1 march 2024" in lines[lines.index("timeline") :], text[:300]
