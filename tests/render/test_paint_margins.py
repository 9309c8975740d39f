"""Nothing is painted past the page's side margins: the rules, bars and fills of
boxes and banners as well as the text (tests/frame_check.py reads the glyphs).
Read from the rendered pixels, within the layout's bounds (frame_check.page_bounds)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

import frame_check
from briefpack.pipeline import check_brief, package_assets
from conftest import LAYOUTS, ROOT, TEST_BRIEFS, render

#: Pixels per point, and how far past a margin paint may reach (antialiasing, and
#: the side bearings of a glyph that ends a justified line).
SCALE = 4
TOLERANCE = 1.0
#: Lighter than this (0-255 grey) counts as paper.
PAPER = 245

BRIEFS = [ROOT / "briefs" / "clapham.yaml", TEST_BRIEFS / "crowded-footnotes.yaml"]


def painted_past_margins(pdf: bytes, brief: Path, layout: str) -> list[str]:
    theme = check_brief(brief, package_assets(), layout).theme
    found = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            bounds = frame_check.page_bounds(theme, page.get_trimbox(), index + 1)
            x0, y0, x1, y1 = page.get_mediabox()
            image = page.render(scale=SCALE).to_pil().convert("L")
            pixels, (width, height) = image.load(), image.size
            rows = range(
                int((y1 - bounds.top) * SCALE), min(height, int((y1 - bounds.bottom) * SCALE))
            )
            left = int((bounds.left - TOLERANCE - x0) * SCALE)
            right = int((bounds.right + TOLERANCE - x0) * SCALE) + 1
            trim = page.get_trimbox()
            columns = [
                x
                for x in [*range(int((trim[0] - x0) * SCALE), left), *range(right, width)]
                if x < int((trim[2] - x0) * SCALE)
            ]
            for x in columns:
                if any(pixels[x, y] < PAPER for y in rows):
                    found.append(f"page {index + 1}: paint at x {x / SCALE + x0:.2f} pt")
                    break
    finally:
        document.close()
    return found


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("brief", BRIEFS, ids=lambda path: path.stem)
def test_nothing_is_painted_past_the_side_margins(brief: Path, layout: str) -> None:
    assert painted_past_margins(render(brief, layout), brief, layout) == []


def painted_columns(drawing: bytes) -> tuple[float, float]:
    """The leftmost and rightmost points with paint on a one-page PDF."""
    document = pdfium.PdfDocument(drawing)
    try:
        image = document[0].render(scale=SCALE).to_pil().convert("L")
    finally:
        document.close()
    pixels, (width, height) = image.load(), image.size
    painted = [x for x in range(width) if any(pixels[x, y] < PAPER for y in range(height))]
    return painted[0] / SCALE, (painted[-1] + 1) / SCALE


@pytest.mark.parametrize("outline, bar", [(3.0, 0.0), (0.0, 3.0), (3.0, 5.0)])
def test_a_box_paints_its_outline_and_bar_inside_its_edges(outline: float, bar: float) -> None:
    from io import BytesIO

    from reportlab.lib.colors import black
    from reportlab.pdfgen.canvas import Canvas

    from briefpack.render.box import Box

    out = BytesIO()
    canvas = Canvas(out, pagesize=(200, 60))
    box = Box([[""]], colWidths=[100], outline=outline, outline_colour=black, bar=bar)
    box.bar_colour = black
    box.wrapOn(canvas, 100, 60)
    box.drawOn(canvas, 50, 10)
    canvas.save()
    left, right = painted_columns(out.getvalue())
    assert (left, right) == (50, 150 if outline else 50 + bar)
