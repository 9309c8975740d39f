"""Page 1 of the standard layout: how much of the example brief it carries."""

from __future__ import annotations

from pathlib import Path

from briefpack.brief.inline import parse_inline, plain_text
from conftest import BRIEFS, page_texts, render
from render.test_render import brief_of, flat

CLAPHAM = BRIEFS / "clapham.yaml"


def words(text: str) -> str:
    """The first words of a piece of brief text, as they print (markup undone)."""
    return " ".join(plain_text(parse_inline(text)).split()[:6])


def test_page_one_of_the_standard_layout_carries_every_finding_and_the_first_section() -> None:
    brief = brief_of(CLAPHAM)
    page_one = flat(page_texts(render(CLAPHAM, "standard"))[0])
    assert len(brief.findings) >= 5
    for finding in brief.findings:
        assert words(finding.text) in page_one
    section = brief.sections[0]
    assert section.heading in page_one
    # The heading comes with at least two lines of its first paragraph.
    opening = page_one.split(section.heading, 1)[1]
    assert words(section.paragraphs[0]) in opening
    assert len(opening.split()) >= 20


def test_a_summary_too_tall_to_span_the_columns_leaves_the_masthead_spanning() -> None:
    # In two columns a masthead and summary together taller than two thirds of the
    # page cannot both span it: the masthead still does, and the summary opens the
    # first column (the title is set across the page, not in a column).
    from conftest import TEST_BRIEFS

    page = page_texts(render(TEST_BRIEFS / "long-tokens.yaml", "compact"))[0]
    lines = page.splitlines()
    assert "Test material: long tokens, such as" in [line.strip() for line in lines]
    title = lines.index(next(line for line in lines if line.startswith("Test material")))
    summary = lines.index(next(line for line in lines if line.startswith("SUMMARY")))
    assert title < summary


def test_a_summary_whose_notes_do_not_fit_beside_it_splits_before_them() -> None:
    # The long-tokens summary cites three long notes. Split where its first part's
    # own notes fit at the foot of the first column, it fills that column, and the
    # findings still start on page 1 (split only where all of it fit, the whole
    # summary went to the second column and left a quarter of the first empty).
    from conftest import TEST_BRIEFS

    pages = page_texts(render(TEST_BRIEFS / "long-tokens.yaml", "compact"))
    assert "KEY FINDINGS" in [line.strip().upper() for line in pages[0].splitlines()]


def test_a_summary_continued_at_the_top_of_a_column_opens_with_the_box_padding() -> None:
    # Its rows carry no top padding of their own (the box's padding is on the
    # first row), so a continued part must be given it, or its first line touches
    # the box's edge: it starts no higher than the box's first line in the first column.
    from conftest import TEST_BRIEFS, page_runs

    runs = page_runs(render(TEST_BRIEFS / "long-tokens.yaml", "compact"))[0]
    title = next(run for run in runs if run.text.startswith("SUMMARY WITH A URL"))
    continued = next(run for run in runs if run.text.startswith("A point with a file name"))
    assert continued.x > title.x + 200  # the second column
    assert continued.y <= title.y + 1


def tall_summary(tmp_path: Path) -> Path:
    """A brief whose summary, twelve long points each citing a long note, is
    taller than a page."""
    import yaml

    sentence = "The council said the inquiry into housing figures would report to the committee."
    note = "Source with a long note text that takes room " * 4
    brief = {
        "title": "A summary taller than a page",
        "date": "2024-05-08",
        "summary": {
            "text": f"{sentence * 2} [^s0]",
            "points": [f"{sentence * 3} [^s{i}]" for i in range(12)],
        },
        "sources": {f"s{i}": {"title": f"{i}: {note}"} for i in range(12)},
    }
    path = tmp_path / "box.yaml"
    path.write_text(yaml.safe_dump(brief), encoding="utf-8")
    return path


def test_a_box_taller_than_a_page_is_one_piece_in_each_frame(tmp_path: Path) -> None:
    # Split beside its notes, the rest of the summary once left slivers of
    # padding in the same frame, each drawn with its own piece of the bar
    # (hairline seams down the bar).
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from briefpack.pipeline import package_assets, render_brief

    pdf = render_brief(tall_summary(tmp_path), package_assets(), "standard").pdf
    pieces = []
    for page in pdfium.PdfDocument(pdf):
        bounds = [
            item.get_bounds()
            for item in page.get_objects(max_depth=3)
            if item.type == pdfium_c.FPDF_PAGEOBJ_PATH
        ]
        # The bar: 3.5 pt wide, at the box's left edge.
        pieces.append(sum(1 for b in bounds if 3 < b[2] - b[0] < 4 and b[0] < 60))
    assert sum(pieces) >= 2  # the box split
    assert max(pieces) == 1, pieces


def test_a_summary_taller_than_a_page_starts_on_page_one(tmp_path: Path) -> None:
    # Kept whole, it would move to page 2 and leave page 1 with the masthead
    # alone; taller than page 2 too, it splits on page 1 as it would on page 2.
    from briefpack.pipeline import package_assets, render_brief

    pdf = render_brief(tall_summary(tmp_path), package_assets(), "standard").pdf
    first = page_texts(pdf)[0]
    assert "SUMMARY" in first
    assert first.count("The council said") >= 6
