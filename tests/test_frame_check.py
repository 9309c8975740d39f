"""The frame check (tests/frame_check.py) that runs on every PDF the suite writes
finds what it is there to find: a glyph outside the margins, a lost character."""

from __future__ import annotations

from io import BytesIO

import pytest
from reportlab.pdfgen.canvas import Canvas

import frame_check
from briefpack.layout.theme import Theme
from briefpack.pipeline import check_brief, package_assets
from conftest import TEST_BRIEFS, frame_findings

A4 = (595.2756, 841.8898)


@pytest.fixture(scope="module")
def theme() -> Theme:
    return check_brief(TEST_BRIEFS / "minimal.yaml", package_assets(), "standard").theme


def canvas_pdf(*texts: tuple[float, float, str]) -> bytes:
    """A one-page A4 PDF drawn with a plain ReportLab canvas."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.setFont("Helvetica", 10)
    for x, y, text in texts:
        canvas.drawString(x, y, text)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_a_glyph_in_the_left_margin_is_reported(theme: Theme) -> None:
    left = theme.page.side_margins(1)[0]
    pdf = canvas_pdf((left + 10, 400, "inside"), (left - 20, 300, "Q"))
    strays = frame_check.strays(pdf, theme)
    assert [stray.char for stray in strays] == ["Q"]
    assert strays[0].page == 0
    assert strays[0].box[0] < left


def test_a_glyph_past_the_right_margin_and_one_below_the_footer_are_reported(
    theme: Theme,
) -> None:
    right = A4[0] - theme.page.side_margins(1)[1]
    pdf = canvas_pdf((right - 6, 400, "abZ"), (100, 5, "W"))
    assert [stray.char for stray in frame_check.strays(pdf, theme)] == ["b", "Z", "W"]


def test_text_inside_the_margins_passes(theme: Theme) -> None:
    left = theme.page.side_margins(1)[0]
    pdf = canvas_pdf((left, 400, "All inside the text area."))
    assert frame_check.strays(pdf, theme) == []
    # Without a layout only the page's edges count.
    assert frame_check.strays(canvas_pdf((2, 400, "near the edge")), None) == []
    assert [s.char for s in frame_check.strays(canvas_pdf((-4, 400, "Xy")), None)] == ["X"]


def test_characters_missing_from_the_text_are_reported() -> None:
    pdf = canvas_pdf((100, 400, "Hello"))
    lost = frame_check.missing(pdf, ["Hello world"])
    assert lost == {"w": 1, "o": 1, "r": 1, "l": 1, "d": 1}


def test_case_quotes_and_spaces_do_not_count_as_lost() -> None:
    pdf = canvas_pdf((100, 400, "IT\u2019S \u201cFINE\u201d"))
    assert frame_check.missing(pdf, ['It\'s "fine"']) == {}
    assert frame_check.missing(pdf, ["It's fine!"]) == {"!": 1}


def test_the_suite_wide_check_reports_both(theme: Theme) -> None:
    """What the fixture after each test asserts on (here for a PDF that no render
    recorded: the TrimBox bounds it)."""
    pdf = canvas_pdf((-30, 400, "Lost"))
    found = frame_findings(pdf)
    assert found and "'L'" in found[0]
    assert frame_findings(canvas_pdf((100, 400, "fine"))) == []


def test_lines_drawn_over_each_other_are_reported() -> None:
    # Two lines 4 points apart in 10-point type: the second is drawn over the first.
    pdf = canvas_pdf((100, 400, "The first line of a paragraph"), (100, 396, "drawn over it"))
    found = frame_check.overlaps(pdf)
    assert len(found) == 1
    assert found[0].page == 0
    assert all(390 < rect[1] < 402 for rect in (found[0].first, found[0].second))


def test_lines_a_leading_apart_and_a_superscript_beside_its_word_do_not_overlap() -> None:
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(100, 400, "A line with descenders: gypsy jig")
    canvas.drawString(100, 388, "The line below, twelve points down")
    width = canvas.stringWidth("A cited word", "Helvetica", 10)
    canvas.drawString(100, 376, "A cited word")
    canvas.setFont("Helvetica", 6)
    canvas.drawString(100 + width, 380, "12")
    canvas.showPage()
    canvas.save()
    assert frame_check.overlaps(out.getvalue()) == []
