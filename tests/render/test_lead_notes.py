"""A brief whose only content is its lead, in a multi-column layout: the notes
the full-width lead hands on to the columns still reach the page."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from briefpack.pipeline import package_assets, render_brief

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
