"""A brief whose only content is its lead, in a multi-column layout: the notes
the full-width lead hands on to the columns still reach the page."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from briefpack.pipeline import package_assets, render_brief
from conftest import TEST_BRIEFS
from frame_check import overlaps

#: The foot of the compact layout's text area (0.7in) and its body leading.
BOTTOM, LEADING = 0.7 * 72, 12.0


def test_a_brief_of_only_a_lead_keeps_its_notes_in_columns(tmp_path: Path) -> None:
    # Nothing follows the lead, so no column takes the notes it hands on: they
    # go at the foot of the first column instead of being lost.
    brief = tmp_path / "lead-only.yaml"
    brief.write_text(
        "title: 'Test material: a brief of only a summary'\ndate: 2021-03-30\n"
        "summary:\n  text: A summary that cites its source.[^story]\n"
        "sources:\n  story:\n    title: A source on example.org\n    note: Its note.\n",
        encoding="utf-8",
    )
    pdf = render_brief(brief, package_assets(), "compact").pdf
    (text,) = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]
    assert "Its note." in text and "A source on example.org" in text
    page = pdfium.PdfDocument(pdf)[0].get_textpage()
    start = page.get_text_range().index("Its note.")
    assert page.get_charbox(start)[1] < BOTTOM + 3 * LEADING  # at the foot of the column


def test_notes_the_lead_hands_on_fill_the_columns_in_turn(tmp_path: Path) -> None:
    # A long summary (the full-width lead) citing notes that, together, are
    # taller than the first column under it: that column takes those it holds
    # and the next column the rest. All went to the first column, drawn up
    # over the summary box from its foot.
    count = 8
    words = "council inquiry committee minister figures housing court budget witness "
    sources = "".join(
        f"  s{n}:\n    title: Source {n}\n    note: {words * 9}end {n}.\n" for n in range(count)
    )
    brief = tmp_path / "lead-notes.yaml"
    brief.write_text(
        "title: 'Test material: a lead with many notes'\ndate: 2021-03-30\n"
        f"summary:\n  text: {words * 12}{''.join(f'word[^s{n}] ' for n in range(count))}\n"
        f"sections:\n  - heading: Next\n    body: {words * 40}\nsources:\n{sources}",
        encoding="utf-8",
    )
    pdf = render_brief(brief, package_assets(), "compact").pdf
    assert not overlaps(pdf)
    first = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert all(f"end {n}." in first for n in range(count))  # on the page of their markers


@pytest.mark.parametrize("layout", ["standard", "compact", "print"])
@pytest.mark.parametrize("block", ["summary", "quote", "caption"])
def test_a_block_kept_whole_whose_notes_outgrow_a_page_still_renders(
    tmp_path: Path, layout: str, block: str
) -> None:
    # A summary box, pull quote or figure citing fourteen sources with long
    # notes: the block and its notes are taller than any page. It stopped the
    # render (ReportLab's "More than 10 pages generated without content", or a
    # splitting error); and notes carried on at the end of a brief were drawn
    # on its last page, over the text.
    words = "council inquiry committee minister figures housing court budget witness "
    count = 14
    markers = " ".join(f"word[^s{n}]" for n in range(count))
    sources = "".join(
        f"  s{n}:\n    title: Source {n}\n    note: {words * 6}end {n}.\n" for n in range(count)
    )
    parts = {
        "summary": f"summary:\n  text: Summary {markers}\n",
        "quote": f"summary:\n  text: Short.\nquotes:\n  - text: Quote {markers}\n    speaker: A\n"
        "    sources: [s0]\n",
        "caption": (
            "summary:\n  text: Short.\nsections:\n  - heading: One\n    body: Text.\n"
            f"    figures:\n      - path: chart.png\n        alt: A chart.\n"
            "        credit: Made for the test\n"
            f"        caption: Chart {markers}\n"
        ),
    }
    (tmp_path / "chart.png").write_bytes((TEST_BRIEFS / "figures" / "palette.png").read_bytes())
    brief = tmp_path / "notes.yaml"
    brief.write_text(
        f"title: 'Test material: many long notes'\ndate: 2024-05-06\n{parts[block]}"
        f"sources:\n{sources}",
        encoding="utf-8",
    )
    pdf = render_brief(brief, package_assets(), layout).pdf
    assert not overlaps(pdf)
    text = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))
    assert all(f"end {n}." in text for n in range(count))
