"""Figures, pull quotes and boxes that do not fit the rest of a page wait for the
top of the next page or column, and the text goes on filling the page: read back
from the PDF (pdfium's boxes of what each page draws)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from test_widows import read_elements

from briefpack.pipeline import check_brief, package_assets, render_brief
from conftest import LAYOUTS, ROOT, TEST_BRIEFS, internal_links, render

FLOATS = TEST_BRIEFS / "figures-float.yaml"
EDGES = TEST_BRIEFS / "edges.yaml"
CLAPHAM = ROOT / "briefs" / "clapham.yaml"
ALL_BRIEFS = [
    CLAPHAM,
    *sorted(TEST_BRIEFS.glob("*.yaml")),
    *sorted((TEST_BRIEFS / "lang").glob("*.yaml")),
]
#: The tallest empty band allowed between the first and the last thing drawn on a
#: page (but the last), as a share of the page's height.
MOST_EMPTY = 0.15
#: Pages where keeping each note on its marker's page leaves a taller band: the
#: crowded brief's third paragraph cites seven two-line notes in its last two
#: lines. Its first two lines stay on page 1; with their notes, the last two
#: would not fit there, and one of them alone would be a widow.
CROWDED_NOTES = {("crowded-footnotes", layout, 1): 0.18 for layout in ("standard", "print")}


def drawn_bands(page: pdfium.PdfPage) -> list[tuple[float, float]]:
    """The vertical extent (bottom, top) of every character and every path or
    image a page draws, in points from the foot of the sheet."""
    bands = []
    text = page.get_textpage()
    for i in range(text.count_chars()):
        left, bottom, right, top = text.get_charbox(i)
        if right > left and top > bottom:
            bands.append((bottom, top))
    for item in page.get_objects(max_depth=3):
        if item.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        left, bottom, right, top = item.get_bounds()
        if top - bottom < page.get_height() * 0.9:  # not a background or the bleed
            bands.append((bottom, top))
    return bands


def largest_gap(bands: list[tuple[float, float]]) -> float:
    """The tallest band with nothing drawn between the lowest and highest things."""
    gap, reach = 0.0, None
    for bottom, top in sorted(bands):
        if reach is not None and bottom > reach:
            gap = max(gap, bottom - reach)
        reach = top if reach is None else max(reach, top)
    return gap


def test_the_gap_measure_sees_an_empty_band() -> None:
    assert largest_gap([(0, 10), (50, 60), (55, 100)]) == 40
    assert largest_gap([(0, 10), (5, 60), (55, 100)]) == 0


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", ALL_BRIEFS, ids=lambda path: path.stem)
def test_no_page_but_the_last_has_a_hole(path: Path, layout: str) -> None:
    document = pdfium.PdfDocument(render(path, layout))
    for number in range(len(document) - 1):
        page = document[number]
        gap = largest_gap(drawn_bands(page)) / page.get_height()
        most = CROWDED_NOTES.get((path.stem, layout, number + 1), MOST_EMPTY)
        assert gap <= most, f"page {number + 1}: an empty band {gap:.0%} of the page"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_text_fills_the_page_under_floats_that_wait_again(layout: str) -> None:
    """Page 7 of the floats brief (standard) takes two figures of one page before;
    the third waits for page 8. The text fills the rest of page 7 meanwhile: its
    emptiest band is the gap above the footer (about 5% of the page), where
    sending the text on with the waiting figure left 11%."""
    document = pdfium.PdfDocument(render(FLOATS, layout))
    for number in range(len(document) - 1):
        page = document[number]
        gap = largest_gap(drawn_bands(page)) / page.get_height()
        assert gap <= 0.08, f"page {number + 1}: an empty band {gap:.0%} of the page"


@dataclass(frozen=True)
class Placed:
    """Where a line of text is: page, column (left to right), top (down the page)."""

    page: int
    column: int
    top: float


def find_lines(pdf: bytes) -> list[tuple[Placed, str]]:
    """Every line of text with where it starts, in the order the page draws them
    (pdfium's text, one character for each box, with the line ends it infers)."""
    document = pdfium.PdfDocument(pdf)
    lines = []
    for number in range(len(document)):
        page = document[number]
        text = page.get_textpage()
        every = text.get_text_range()
        middle = page.get_width() / 2
        start, tops = 0, []
        for i, char in enumerate([*every, "\n"]):
            if char not in "\r\n":
                left, bottom, right, top = text.get_charbox(i)
                if right > left:
                    tops.append((left, top))
                continue
            words = every[start:i].strip()
            if words and tops:
                column = 0 if tops[0][0] < middle else 1
                lines.append((Placed(number, column, page.get_height() - max(tops)[1]), words))
            start, tops = i + 1, []
    return lines


def _plain(words: str) -> str:
    """Case aside, and without the footnote numbers a line ends with."""
    return re.sub(r"[\d,\s]+$", "", words).casefold()


def first_place(lines: list[tuple[Placed, str]], start: str, nth: int = 0) -> Placed:
    found = [place for place, words in lines if _plain(words).startswith(_plain(start))]
    assert len(found) > nth, f"no line starts with {start!r}"
    return sorted(found, key=reading_key)[nth]


def reading_key(place: Placed) -> tuple[int, int, float]:
    return (place.page, place.column, place.top)


def section_end(lines: list[tuple[Placed, str]], heading: Placed, paragraph: str) -> Placed:
    """The last line of a section's last paragraph: the first line after its heading
    that the paragraph ends with."""
    text = re.sub(r"\W+", "", _plain(re.sub(r"\[\^\w+\]", "", paragraph)))
    found = sorted(
        (
            place
            for place, words in lines
            if len(words) > 3 and text.endswith(re.sub(r"\W+", "", _plain(words)))
        ),
        key=reading_key,
    )
    after = [place for place in found if reading_key(place) > reading_key(heading)]
    assert after, f"no line ends {paragraph[-30:]!r}"
    return after[0]


def figure_places(path: Path, layout: str) -> list[tuple[Placed, Placed, Placed]]:
    """Each figure's caption, its section's heading, and the end of its section's
    text, in the brief's order."""
    brief = check_brief(path, package_assets(), layout).validated.brief
    lines = find_lines(render(path, layout))
    seen: dict[str, int] = {}
    places = []
    for section in brief.sections:
        heading = first_place(lines, section.heading)
        anchor = section_end(lines, heading, section.paragraphs[-1])
        for figure in section.figures:
            assert figure.caption is not None
            start = figure.caption[:30]
            caption = first_place(lines, start, seen.get(start, 0))
            seen[start] = seen.get(start, 0) + 1
            places.append((caption, heading, anchor))
    return places


@pytest.mark.parametrize("layout", LAYOUTS)
def test_figures_keep_their_order_and_follow_their_section(layout: str) -> None:
    places = figure_places(FLOATS, layout)
    for caption, heading, anchor in places:
        assert reading_key(caption) > reading_key(heading)
        # The next page or column; two pages when the floats before it (figures
        # and quotes) fill the next one.
        assert caption.page - anchor.page <= (1 if layout == "compact" else 2)
    captions = [caption for caption, _, _ in places]
    assert captions == sorted(captions, key=reading_key)
    headings = sorted({heading for _, heading, _ in places}, key=reading_key)
    moved = [
        caption
        for caption, heading, _ in places
        if any(
            reading_key(heading) < reading_key(other) < reading_key(caption) for other in headings
        )
    ]
    assert moved, "some figure must have floated past the next section's heading"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_pull_quote_does_not_wait_behind_a_figure(layout: str) -> None:
    """The layouts interleave: quote N follows section N. A quote that fits where
    it comes is printed there, even when its section's figure waits for the next
    page; so it comes before the heading of the section after next."""
    brief = check_brief(FLOATS, package_assets(), layout).validated.brief
    lines = find_lines(render(FLOATS, layout))
    headings = [first_place(lines, section.heading) for section in brief.sections]
    for number, quote in enumerate(brief.quotes):
        place = first_place(lines, "\u201c" + quote.text[:15])
        before, after = reading_key(headings[number]), reading_key(headings[number + 2])
        assert before < reading_key(place) < after, quote.speaker


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", [CLAPHAM, EDGES], ids=lambda path: path.stem)
def test_a_figure_floats_to_the_next_page_at_most(path: Path, layout: str) -> None:
    for caption, heading, anchor in figure_places(path, layout):
        assert reading_key(caption) > reading_key(heading)
        assert 0 <= caption.page - anchor.page <= 1


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", ALL_BRIEFS, ids=lambda path: path.stem)
def test_each_note_sits_on_the_page_of_its_first_marker(path: Path, layout: str) -> None:
    """Floats move captions (and their markers) to later pages: a note goes to
    the page of the first marker drawn, whichever comes first in the brief."""
    links = internal_links(render(path, layout))
    notes = {(link.dest_page, link.dest_y) for link in links}
    for note in notes:
        first_marker = min(link.page for link in links if (link.dest_page, link.dest_y) == note)
        assert note[0] == first_marker
    if path == FLOATS:
        assert len(notes) >= 4


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_moved_figure_keeps_its_element_and_place_in_the_tree(layout: str) -> None:
    """The structure tree follows the brief: a figure drawn pages later is still
    read after its section's text and before the next heading, and its picture and
    caption are marked content of its own elements, where they are drawn."""
    elements = [  # the notes follow their first citation in the tree
        element
        for element in read_elements(render(FLOATS, layout))
        if element.role not in ("/Note", "/Lbl")
    ]
    figures = [element for element in elements if element.role == "/Figure"]
    captions = [element for element in elements if element.role == "/Caption"]
    assert len(figures) == len(captions) == 9
    for figure, caption in zip(figures, captions, strict=True):
        ((page, _),) = figure.parts()
        assert {part[0] for part in caption.parts()} == {page}
        before = [element for element in elements if element.order < figure.order]
        after = [element for element in elements if element.order > caption.order]
        # Its section's last paragraph (or the figure before it), then the next
        # figure, quote or section.
        assert before[-1].role in ("/P", "/Caption")
        assert not after or after[0].role in ("/H2", "/P", "/Figure")
        headings = [element for element in before if element.role == "/H2"]
        assert (headings[-1].parts()[0][0]) <= page


def test_a_pull_quote_taller_than_a_page_is_split_and_loses_nothing(tmp_path: Path) -> None:
    """A float that does not fit even a fresh frame is split there, as any box
    kept whole but taller than a page is, and the text after it follows it."""
    words = ["council", "inquiry", "committee", "minister", "figures", "housing", "court"]
    quote = " ".join(words[i % len(words)] for i in range(900)) + " zebra."
    body = "\n\n      ".join(" ".join(words * 6) for _ in range(3))  # three paragraphs
    sections = "".join(
        f"  - heading: Section {n}\n    body: |\n      {body}\n" for n in range(1, 4)
    )
    brief = tmp_path / "huge-quote.yaml"
    brief.write_text(
        "title: 'Test material: a pull quote taller than a page'\ndate: 2024-05-10\n"
        "summary:\n  text: A synthetic brief.\n"
        f"sections:\n{sections}"
        f"quotes:\n  - text: {quote}\n    speaker: A speaker\n    sources: [a]\n"
        "  - text: A short quote after the long one.\n    speaker: Another\n    sources: [a]\n"
        "sources:\n  a:\n    title: A source\n    url: https://example.org/a\n",
        encoding="utf-8",
    )
    for layout in LAYOUTS:
        document = pdfium.PdfDocument(render_brief(brief, package_assets(), layout).pdf)
        text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
        assert len(document) >= 3
        assert text.count("zebra.") == 1
        assert text.index("zebra.") < text.index("A short quote after the long one.")


def test_a_credit_on_a_line_of_its_own_starts_at_the_caption_s_edge() -> None:
    # Caption and credit are one paragraph, with a wide gap between them; where the
    # line breaks in the gap, the credit's line starts flush, not a space in.
    document = pdfium.PdfDocument(render(FLOATS, "compact"))
    found = 0
    for page in document:
        text = page.get_textpage()
        every = text.get_text_range()
        starts = [0] + [i + 1 for i, char in enumerate(every) if char == "\n"]
        lefts: list[tuple[str, float]] = []
        for start in starts:
            line = every[start:].split("\r")[0].split("\n")[0]
            boxes = [text.get_charbox(start + i) for i in range(len(line))]
            inked = [box[0] for box in boxes if box[2] > box[0]]
            if inked:
                lefts.append((line.strip(), inked[0]))
        for (above, left_above), (line, left) in zip(lefts, lefts[1:], strict=False):
            if line.startswith("Picture:") and not above.startswith("Picture:"):
                found += 1
                assert left == pytest.approx(left_above, abs=0.5), (above, line)
    assert found


WORDS_10 = "council inquiry committee minister figures housing court budget witness evidence "


@pytest.mark.parametrize("points", [20, 22, 24])
def test_a_summary_box_too_tall_for_the_rest_of_page_one_splits_there(
    tmp_path: Path, points: int
) -> None:
    # The summary box begins the brief, kept whole: one just taller than what
    # the masthead leaves of page 1 moved whole to page 2, leaving page 1 a
    # masthead over an empty page (a band of 84% at 22 points).
    items = "".join(f"    - {WORDS_10 * 2}point {n}.\n" for n in range(points))
    brief = tmp_path / "box.yaml"
    brief.write_text(
        f"title: A summary that fills a page\ndate: 2024-05-06\nsummary:\n  text: {WORDS_10}\n"
        f"  points:\n{items}sections:\n  - heading: Next\n    body: {WORDS_10 * 30}\n",
        encoding="utf-8",
    )
    page = pdfium.PdfDocument(render_brief(brief, package_assets(), "standard").pdf)[0]
    assert largest_gap(drawn_bands(page)) / page.get_height() <= MOST_EMPTY
