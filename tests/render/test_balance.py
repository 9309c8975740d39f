"""The last page of a multi-column layout: its columns end at about one height.

Column bottoms are read from the PDF (pdfium's character boxes on the last page,
inside the text area, split by each column's x range), and compared with the
same brief laid out with `balance_last_page: false`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from briefpack.distribute.pack import PackSpec, check_pack
from briefpack.pipeline import Assets, package_assets, render_brief
from briefpack.render.pack_writer import render_pack
from conftest import BRIEFS, TEST_BRIEFS, WORDS, internal_links, page_runs
from frame_check import overlaps

CLAPHAM = BRIEFS / "clapham.yaml"
EDGES = TEST_BRIEFS / "edges.yaml"
CROWDED = TEST_BRIEFS / "crowded-footnotes.yaml"
LANG = TEST_BRIEFS / "lang"

INCH = 72.0
#: The compact layout's page, as layouts/compact.yaml gives it: US Letter,
#: 0.6in side margins, 0.75in top, 0.7in bottom, 12pt body leading.
WIDTH, HEIGHT = 8.5 * INCH, 11 * INCH
SIDE, TOP, BOTTOM = 0.6 * INCH, 0.75 * INCH, 0.7 * INCH
LEADING = 12.0
#: About two lines of body leading: char boxes end at descenders, and a table's
#: last row at its padding, so two bottoms a line apart differ by a little more.
TOLERANCE = 2.5 * LEADING

LAYOUTS = {
    "compact-unbalanced": "extends: compact\ndescription: t\npage:\n  balance_last_page: false\n",
    "three": "extends: compact\ndescription: t\npage:\n  columns: 3\n  column_gap: 0.2in\n",
    "three-unbalanced": (
        "extends: compact\ndescription: t\npage:\n  columns: 3\n  column_gap: 0.2in\n"
        "  balance_last_page: false\n"
    ),
    "standard-balanced": "extends: standard\ndescription: t\npage:\n  balance_last_page: true\n",
}
GAPS = {2: 0.25 * INCH, 3: 0.2 * INCH}


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Assets:
    folder = tmp_path_factory.mktemp("balance") / "layouts"
    folder.mkdir()
    for name, text in LAYOUTS.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    shipped = package_assets()
    return Assets(shipped.fonts_dir, (folder, *shipped.layout_dirs))


_PDFS: dict[tuple[Path, str], bytes] = {}


def pdf_of(assets: Assets, brief: Path, layout: str) -> bytes:
    key = (brief, layout)
    if key not in _PDFS:
        _PDFS[key] = render_brief(brief, assets, layout).pdf
    return _PDFS[key]


@dataclass(frozen=True)
class Column:
    """The text of one column of a page: its lowest character box, and its characters."""

    bottom: float | None
    text: str


def columns_of(pdf: bytes, page_index: int, count: int) -> list[Column]:
    """The columns of a page, from the character boxes inside the text area."""
    document = pdfium.PdfDocument(pdf)
    page = document[page_index]
    text_page = page.get_textpage()
    width = (WIDTH - 2 * SIDE - GAPS[count] * (count - 1)) / count
    boxes: list[list[tuple[float, str]]] = [[] for _ in range(count)]
    for i in range(text_page.count_chars()):
        char = text_page.get_text_range(i, 1)
        if not char.strip():
            continue
        left, bottom, right, top = text_page.get_charbox(i)
        if bottom < BOTTOM - 1 or top > HEIGHT - TOP + 1:
            continue  # the running header and footer
        for k in range(count):
            x = SIDE + k * (width + GAPS[count])
            if left >= x - 1 and right <= x + width + 1:
                boxes[k].append((bottom, char))
    return [
        Column(min((b for b, _ in found), default=None), "".join(c for _, c in found))
        for found in boxes
    ]


def last_columns(pdf: bytes, count: int) -> list[Column]:
    return columns_of(pdf, len(pdfium.PdfDocument(pdf)) - 1, count)


def spread(columns: list[Column]) -> float:
    bottoms = [c.bottom for c in columns]
    assert None not in bottoms, f"an empty column: {bottoms}"
    found = [b for b in bottoms if b is not None]
    return max(found) - min(found)


def characters(pdf: bytes) -> Counter[str]:
    """Every character of the document but spaces, as a multiset (a hyphen that
    ends a line is a hyphen, whether pdfium takes the next line to go on or not)."""
    document = pdfium.PdfDocument(pdf)
    found: Counter[str] = Counter()
    for page in document:
        text = page.get_textpage().get_text_range().replace("\ufffe", "-")
        found.update(c for c in text if not c.isspace())
    return found


TWO_COLUMNS = [
    CLAPHAM,
    CROWDED,
    *(LANG / f"{lang}.yaml" for lang in ("de", "el", "en-US", "es", "fr", "it", "nl", "pt")),
]


@pytest.mark.parametrize("brief", TWO_COLUMNS, ids=lambda path: path.stem)
def test_the_columns_of_the_last_page_end_at_about_one_height(assets: Assets, brief: Path) -> None:
    # Clapham's last page ends column one with the heading 'How the vigil
    # unfolded' and the first two lines of its paragraph, which no line less
    # could keep together: the columns end as close as they can.
    columns = last_columns(pdf_of(assets, brief, "compact"), 2)
    assert spread(columns) <= TOLERANCE, [c.bottom for c in columns]


@pytest.mark.parametrize(
    "brief", [CLAPHAM, CROWDED, *(LANG / f"{lang}.yaml" for lang in ("el", "es", "it", "pt"))],
    ids=lambda path: path.stem,
)  # fmt: skip
def test_three_columns_end_at_about_one_height(assets: Assets, brief: Path) -> None:
    columns = last_columns(pdf_of(assets, brief, "three"), 3)
    assert spread(columns) <= TOLERANCE, [c.bottom for c in columns]


def test_without_balancing_a_one_page_brief_fills_the_left_column_first(assets: Assets) -> None:
    # What balancing fixes: the Greek brief leaves its right column far shorter.
    greek = LANG / "el.yaml"
    unbalanced = last_columns(pdf_of(assets, greek, "compact-unbalanced"), 2)
    balanced = last_columns(pdf_of(assets, greek, "compact"), 2)
    assert spread(unbalanced) > 10 * LEADING
    assert spread(balanced) < spread(unbalanced) / 10


@pytest.mark.parametrize(
    ("brief", "layout", "count"),
    [
        *((brief, "compact", 2) for brief in [*TWO_COLUMNS, EDGES, LANG / "mixed.yaml"]),
        *((brief, "three", 3) for brief in [CLAPHAM, CROWDED, EDGES, LANG / "fr.yaml"]),
    ],
    ids=lambda value: value.stem if isinstance(value, Path) else str(value),
)
def test_balancing_loses_nothing_and_moves_only_the_last_page(
    assets: Assets, brief: Path, layout: str, count: int
) -> None:
    balanced = pdf_of(assets, brief, layout)
    unbalanced = pdf_of(assets, brief, f"{layout}-unbalanced")
    # (A timeline's last rows are not split into a lone row under a header of its own.)
    assert characters(balanced) == characters(unbalanced)
    pages = len(pdfium.PdfDocument(balanced))
    assert pages == len(pdfium.PdfDocument(unbalanced))
    for page in range(pages - 1):
        assert columns_of(balanced, page, count) == columns_of(unbalanced, page, count)
    last = last_columns(balanced, count)
    assert "".join(c.text for c in last) != "" and last[0].bottom is not None


def one_row_last_page(folder: Path, assets: Assets) -> Path:
    """A brief whose last page in the compact layout is its timeline's one row (a
    few lines) under the repeated header: body paragraphs are added until the
    row no longer fits on page 1."""
    sentence = " ".join(WORDS[:12]).capitalize() + "."
    event = " ".join([sentence] * 5)
    for paragraphs in range(4, 40):
        body = "\n\n".join([" ".join([sentence] * 6)] * paragraphs)
        brief = folder / f"one-row-{paragraphs}.yaml"
        brief.write_text(
            "title: Test material, one row on the last page\ndate: 2024-05-06\n"
            "summary:\n  text: Synthetic text.\n"
            "sections:\n  - heading: Body\n    body: |\n"
            + "".join(f"      {line}\n" for line in body.splitlines())
            + f"timeline:\n  - date: 2023-09-28\n    event: {event}\n",
            encoding="utf-8",
        )
        pdf = pdf_of(assets, brief, "compact")
        last = columns_of(pdf, len(pdfium.PdfDocument(pdf)) - 1, 2)
        if len(pdfium.PdfDocument(pdf)) == 2 and last[0].text.startswith("TIMELINE"):
            return brief
    raise AssertionError("no brief ends with its timeline row alone")


def test_a_last_page_of_one_unsplittable_row_stays_in_the_first_column(
    assets: Assets, tmp_path: Path
) -> None:
    # A table splits only between rows: a last page of one row has nothing to
    # share with column two. Its heading, moved from page 1 to stay with the row,
    # stays with it (columns balanced to the heading's height once left the row
    # to column two).
    brief = one_row_last_page(tmp_path, assets)
    balanced = last_columns(pdf_of(assets, brief, "compact"), 2)
    assert balanced[0].text.startswith("TIMELINEDATEEVENT28September2023")
    assert balanced[1].bottom is None
    assert balanced == last_columns(pdf_of(assets, brief, "compact-unbalanced"), 2)


@pytest.mark.parametrize(
    "brief",
    [LANG / "el.yaml", LANG / "fr.yaml", LANG / "de.yaml", LANG / "mixed.yaml"],
    ids=lambda path: path.stem,
)
def test_notes_stay_on_the_page_of_their_first_citation_below_it(
    assets: Assets, brief: Path
) -> None:
    pdf = pdf_of(assets, brief, "compact")
    last = len(pdfium.PdfDocument(pdf)) - 1
    first_citations = {}
    for link in sorted(internal_links(pdf), key=lambda link: (link.page, -link.top)):
        first_citations.setdefault((link.dest_page, link.dest_y), link)
    cited_last = [link for link in first_citations.values() if link.page == last]
    assert cited_last
    for link in cited_last:
        assert link.dest_page == last
        assert link.dest_y < link.top  # below its marker, at the foot of its column


def test_balanced_output_is_deterministic(assets: Assets) -> None:
    brief = LANG / "el.yaml"
    first = render_brief(brief, assets, "compact").pdf
    assert render_brief(brief, assets, "compact").pdf == first


def test_one_column_layouts_are_not_balanced(assets: Assets) -> None:
    # The setting asks for it, but one column has nothing to balance with.
    asked = render_brief(CLAPHAM, assets, "standard-balanced").pdf
    assert page_runs(asked) == page_runs(render_brief(CLAPHAM, assets, "standard").pdf)


def test_each_brief_of_a_pack_ends_with_balanced_columns(assets: Assets) -> None:
    briefs = (LANG / "el.yaml", LANG / "es.yaml")
    spec = PackSpec("Test material: balanced packs", None, briefs, layout="compact")
    pdf = render_pack(check_pack(spec, assets))
    count = len(pdfium.PdfDocument(pdf))
    # The cover and contents, then one page for each brief.
    for page in (count - 2, count - 1):
        assert spread(columns_of(pdf, page, 2)) <= TOLERANCE


def lowest_line_sizes(pdf: bytes, count: int) -> list[set[float]]:
    """The font sizes on the lowest line of each column of the last page."""
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(pdf)
    text_page = document[len(document) - 1].get_textpage()
    width = (WIDTH - 2 * SIDE - GAPS[count] * (count - 1)) / count
    chars: list[list[tuple[float, float]]] = [[] for _ in range(count)]
    for i in range(text_page.count_chars()):
        if not text_page.get_text_range(i, 1).strip():
            continue
        left, bottom, right, top = text_page.get_charbox(i)
        if bottom < BOTTOM - 1 or top > HEIGHT - TOP + 1:
            continue
        size = round(pdfium_c.FPDFText_GetFontSize(text_page.raw, i), 1)
        for k in range(count):
            x = SIDE + k * (width + GAPS[count])
            if left >= x - 1 and right <= x + width + 1:
                chars[k].append((bottom, size))
    lowest = [min((b for b, _ in found), default=0.0) for found in chars]
    return [
        {size for b, size in found if b < low + 3} for found, low in zip(chars, lowest, strict=True)
    ]


@pytest.mark.parametrize(
    ("brief", "layout", "count"),
    [
        *((brief, "compact", 2) for brief in TWO_COLUMNS),
        *((brief, "three", 3) for brief in [CLAPHAM, CROWDED, LANG / "de.yaml"]),
    ],
    ids=lambda value: value.stem if isinstance(value, Path) else str(value),
)
def test_no_column_of_a_balanced_page_ends_with_a_heading(
    assets: Assets, brief: Path, layout: str, count: int
) -> None:
    heading = 9.5  # the compact layout's heading size; nothing else is set at it
    for sizes in lowest_line_sizes(pdf_of(assets, brief, layout), count):
        assert heading not in sizes


@pytest.mark.parametrize("repeats", [69, 70, 71, 72])
def test_a_note_cited_by_the_last_lines_is_not_drawn_over_them(
    tmp_path: Path, repeats: int
) -> None:
    # A long paragraph whose last line or two, with the note they cite, are all
    # of the last page: columns balanced at two lines' height left no room for
    # the note, which was carried on to a page that never came and then drawn
    # at the foot of the first column, over the text.
    phrase = "council inquiry committee minister figures housing court budget witness evidence "
    brief = tmp_path / "note.yaml"
    brief.write_text(
        "title: A note on the last page\ndate: 2024-05-06\nsummary:\n  text: Short.\n"
        f"sections:\n  - heading: One\n    body: {phrase * repeats}end.[^s0]\n"
        f"sources:\n  s0:\n    title: Source\n    note: {phrase * 3}\n",
        encoding="utf-8",
    )
    pdf = render_brief(brief, package_assets(), layout="compact").pdf
    assert not overlaps(pdf)
    document = pdfium.PdfDocument(pdf)
    last = document[len(document) - 1].get_textpage().get_text_range()
    assert "end." in last and "Source" in last  # the note on its marker's page
