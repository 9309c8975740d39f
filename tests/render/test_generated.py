"""Briefs made of random words that once stopped the render: each renders now, in
every layout, with nothing drawn over anything else (a marker whose note is never
drawn stops the render: its link has no destination)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpack.pipeline import package_assets, render_brief
from conftest import LAYOUTS, TEST_BRIEFS
from frame_check import overlaps

GENERATED = sorted((TEST_BRIEFS / "generated").glob("*.yaml"))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", GENERATED, ids=lambda path: path.stem)
def test_a_generated_brief_renders(path: Path, layout: str) -> None:
    # crash-8: a timeline part that fitted a balanced column only without the
    # space before it was drawn with its markers but without its notes ("undefined
    # destination target for 'fn-12'"). crash-9: a table moved on once found the
    # rest of a pull quote at the top of the next column and was given up as too
    # large, though it had never had an empty column.
    pdf = render_brief(path, package_assets(), layout).pdf
    assert pdf.startswith(b"%PDF") and not overlaps(pdf)
