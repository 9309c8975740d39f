"""Print production: page boxes, crop marks, CMYK colour and facing pages.

Every shipped layout's PDF is checked against the layout itself: its MediaBox,
and for a layout with bleed or crop marks its TrimBox and BleedBox too. The
`print` layout is also read operator by operator: every colour it sets is CMYK,
and its crop marks are hairlines outside the bleed on the trim lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from test_layouts import errors_of, invoke, position_of, write_layout

from briefpack.layout.colours import colour_components
from briefpack.layout.loader import available_layouts, load_theme
from briefpack.layout.theme import PAGE_SIZES
from briefpack.pipeline import package_assets, render_brief
from conftest import BRIEFS, TEST_BRIEFS, page_runs, page_texts, render

CLAPHAM = BRIEFS / "clapham.yaml"
EDGES = TEST_BRIEFS / "edges.yaml"
SHIPPED = sorted(available_layouts(package_assets().layout_dirs))
MM = 72 / 25.4
A4 = (595.28, 841.89)

Box = tuple[float, float, float, float]


def boxes(pdf: bytes) -> list[dict[str, Box]]:
    """Each page's boxes as written in the PDF (a box the page does not have is absent)."""
    found = []
    for page in PdfReader(BytesIO(pdf)).pages:
        found.append(
            {
                name: tuple(float(v) for v in page[f"/{name}"])  # type: ignore[misc]
                for name in ("MediaBox", "TrimBox", "BleedBox", "CropBox")
                if f"/{name}" in page
            }
        )
    return found


def size(box: Box) -> tuple[float, float]:
    return box[2] - box[0], box[3] - box[1]


def grown(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def contains(outer: Box, inner: Box, room: float = 0.0) -> bool:
    return (
        outer[0] + room <= inner[0] + 1e-6
        and outer[1] + room <= inner[1] + 1e-6
        and outer[2] - room >= inner[2] - 1e-6
        and outer[3] - room >= inner[3] - 1e-6
    )


# -- boxes ------------------------------------------------------------------------


@pytest.mark.parametrize("layout", SHIPPED)
def test_every_layout_s_boxes_match_the_layout(layout: str) -> None:
    theme = load_theme(layout, package_assets())
    width, height = theme.page.width_height
    pages = boxes(render(CLAPHAM, layout))
    assert len(pages) >= 2
    for page in pages:
        assert page == pages[0], "every page has the same boxes"
        if not theme.page.bleed and not theme.page.crop_marks:
            assert page["MediaBox"] == pytest.approx((0, 0, width, height), abs=0.01)
            assert set(page) == {"MediaBox"}  # trim = bleed = crop = media
            continue
        trim, bleed, media = page["TrimBox"], page["BleedBox"], page["MediaBox"]
        assert size(trim) == pytest.approx((width, height), abs=0.01)
        assert bleed == pytest.approx(grown(trim, theme.page.bleed), abs=0.01)
        assert media[:2] == (0, 0)
        marks = 5 * MM if theme.page.crop_marks else 0.0
        assert contains(media, bleed, room=marks)


def test_print_is_a4_with_3mm_bleed_and_room_for_marks() -> None:
    for page in boxes(render(CLAPHAM, "print")):
        trim, bleed, media = page["TrimBox"], page["BleedBox"], page["MediaBox"]
        assert size(trim) == pytest.approx(A4, abs=0.01)
        assert bleed == pytest.approx(grown(trim, 3 * MM), abs=0.01)
        # Centred on the sheet, with at least 5 mm for the marks beyond the bleed.
        assert (
            trim[0]
            == pytest.approx(trim[1], abs=0.01)
            == pytest.approx(media[2] - trim[2], abs=0.01)
        )
        assert contains(media, bleed, room=5 * MM)


def test_standard_and_compact_pages_are_the_paper_size() -> None:
    assert boxes(render(CLAPHAM, "standard"))[0]["MediaBox"] == pytest.approx(
        (0, 0, *PAGE_SIZES["A4"])
    )
    assert boxes(render(CLAPHAM, "compact"))[0]["MediaBox"] == pytest.approx((0, 0, 612, 792))


# -- crop marks -------------------------------------------------------------------


def stroked_segments(page: pikepdf.Page) -> Iterator[tuple[float, float, float, float]]:
    """Every straight segment the page strokes, in default user space (the CTM applied)."""
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[tuple[float, ...]] = []
    path: list[tuple[float, float, float, float]] = []
    start = (0.0, 0.0)

    def apply(x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = ctm
        return a * x + c * y + e, b * x + d * y + f

    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()  # type: ignore[assignment]
        elif op == "cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm  # noqa: N806
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                   e * A + f * C + E, e * B + f * D + F)  # fmt: skip
        elif op == "m":
            start = apply(*(float(v) for v in operands))
        elif op == "l":
            end = apply(*(float(v) for v in operands))
            path.append((*start, *end))
            start = end
        elif op in ("S", "s"):
            yield from path
            path = []
        elif op in ("n", "f", "f*", "B", "B*", "b", "b*"):
            path = []


def test_print_crop_marks_are_drawn_outside_the_bleed_on_the_trim_lines() -> None:
    pdf = render(CLAPHAM, "print")
    with pikepdf.open(BytesIO(pdf)) as document:
        for page in document.pages:
            trim = tuple(float(v) for v in page.TrimBox)
            bleed = grown(trim, 3 * MM)  # type: ignore[arg-type]
            outside = [
                segment
                for segment in stroked_segments(page)
                if not _touches(bleed, segment)  # nothing of it inside the bleed
            ]
            on_trim_lines = [
                s
                for s in outside
                if (s[0] == s[2] and min(abs(s[0] - trim[0]), abs(s[0] - trim[2])) < 0.01)
                or (s[1] == s[3] and min(abs(s[1] - trim[1]), abs(s[1] - trim[3])) < 0.01)
            ]
            assert len(on_trim_lines) == 8, outside  # two at each corner


def _touches(box: Box, segment: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = segment
    return not (
        max(x0, x1) < box[0] or min(x0, x1) > box[2] or max(y0, y1) < box[1] or min(y0, y1) > box[3]
    )


def test_standard_draws_nothing_outside_its_page() -> None:
    with pikepdf.open(BytesIO(render(CLAPHAM, "standard"))) as document:
        for page in document.pages:
            media = tuple(float(v) for v in page.MediaBox)
            assert all(_touches(media, s) for s in stroked_segments(page))  # type: ignore[arg-type]


# -- colour -------------------------------------------------------------------------

COLOUR_OPERATORS = {"rg", "RG", "g", "G", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN"}


def colour_operators(pdf: bytes) -> set[str]:
    """Every colour operator in the pages' content streams and their forms."""
    found: set[str] = set()
    with pikepdf.open(BytesIO(pdf)) as document:
        for page in document.pages:
            streams: list[pikepdf.Object] = [page]
            for xobject in (page.Resources.get("/XObject") or {}).values():
                if xobject.get("/Subtype") == "/Form":
                    streams.append(xobject)
            for stream in streams:
                for _, operator in pikepdf.parse_content_stream(stream):
                    if str(operator) in COLOUR_OPERATORS:
                        found.add(str(operator))
    return found


def colour_spaces(pdf: bytes) -> list[str]:
    """The colour spaces the pages name (for cs/CS), and those of their images."""
    found = []
    with pikepdf.open(BytesIO(pdf)) as document:
        for page in document.pages:
            for space in (page.Resources.get("/ColorSpace") or {}).values():
                found.append(f"{space[0]} {space[2]}")  # e.g. /Separation /DeviceCMYK
            for xobject in (page.Resources.get("/XObject") or {}).values():
                if xobject.get("/Subtype") == "/Image":
                    found.append(f"image {xobject.ColorSpace}")
    return found


@pytest.mark.parametrize("path", [CLAPHAM, EDGES], ids=lambda p: p.stem)
def test_print_sets_only_cmyk_colours(path: Path) -> None:
    pdf = render(path, "print")
    assert colour_operators(pdf) <= {"k", "K", "cs", "CS", "scn", "SCN"}
    assert {"k", "K"} <= colour_operators(pdf)
    spaces = colour_spaces(pdf)
    # The crop marks' registration colour; figures stay RGB images (edges has some).
    assert {s for s in spaces if not s.startswith("image")} == {"/Separation /DeviceCMYK"}
    assert all(s in ("image /DeviceRGB", "image /DeviceGray") for s in spaces if "image" in s)


def test_standard_sets_rgb_colours() -> None:
    assert colour_operators(render(CLAPHAM, "standard")) == {"rg", "RG"}


def test_print_colours_are_the_layout_s_cmyk_values() -> None:
    pdf = render(CLAPHAM, "print")
    theme = load_theme("print", package_assets())
    drawn = set()
    with pikepdf.open(BytesIO(pdf)) as document:
        for page in document.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("k", "K"):
                    drawn.add(tuple(round(float(v), 4) for v in operands))
    for name in ("ink", "accent", "alert", "box", "rule", "muted"):
        assert theme.colour_components(name) in drawn, name
    assert (0.0, 0.0, 0.0, 1.0) in drawn  # body text: black ink only


def test_a_cmyk_layout_of_hex_colours_converts_them(tmp_path: Path) -> None:
    (tmp_path / "cmyk.yaml").write_text(
        "extends: standard\ndescription: standard in CMYK\ncolor_model: cmyk\n", encoding="utf-8"
    )
    pdf = render_brief(CLAPHAM, package_assets((tmp_path,)), "cmyk").pdf
    assert colour_operators(pdf) == {"k", "K"}
    assert boxes(pdf)[0] == boxes(render(CLAPHAM, "standard"))[0]


def test_colour_notations_and_conversions() -> None:
    assert colour_components("#ff0000", "rgb") == (1.0, 0.0, 0.0)
    assert colour_components("#ff0000", "cmyk") == (0.0, 1.0, 1.0, 0.0)
    assert colour_components("#000000", "cmyk") == (0.0, 0.0, 0.0, 1.0)
    assert colour_components("#ffffff", "cmyk") == (0.0, 0.0, 0.0, 0.0)
    assert colour_components("cmyk(0, 0.6, 1, 0.1)", "cmyk") == (0.0, 0.6, 1.0, 0.1)
    assert colour_components("cmyk(0, 0, 0, 1)", "rgb") == (0.0, 0.0, 0.0)
    assert colour_components("cmyk(1, 0, 0, 0)", "rgb") == (0.0, 1.0, 1.0)


HEAD = "extends: standard\ndescription: Broken on purpose\n"


@pytest.mark.parametrize(
    ("text", "needle", "message"),
    [
        (HEAD + "colors:\n  ink: cmyk(0, 60, 100, 10)\n", "cmyk(",
         "each ink of a cmyk() colour is a fraction from 0 to 1 (write 60% as 0.6)"),
        (HEAD + "colors:\n  ink: cmyk(0, 0.6, 1)\n", "cmyk(",
         "'cmyk(0, 0.6, 1)' is not a colour: write it as cmyk(c, m, y, k)"),
        (HEAD + "color_model: cymk\n", "cymk",
         "color_model: 'cymk' is not one of the choices: write rgb or cmyk"),
        (HEAD + "page:\n  facing: true\n  margin_inside: 20mm\n", "true",
         "facing pages need 'margin_outside' (the outer margin)"),
        (HEAD + "page:\n  margin_outside: 20mm\n", "20mm",
         "'margin_outside' is for facing pages: add 'facing: true', or remove it"),
        (HEAD + "page:\n  bleed: lots\n", "lots", "page.bleed: 'lots' is not a length"),
        (HEAD + "page:\n  crop_marks: maybe\n", "maybe", "'maybe' is not true or false"),
    ],
    ids=["cmyk-percent", "cmyk-three-inks", "colour-model", "facing-without-outside",
         "outside-without-facing", "bleed-not-a-length", "crop-marks-not-a-flag"],
)  # fmt: skip
def test_print_settings_are_checked_where_they_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, needle: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "layouts").mkdir()
    (tmp_path / "brief.yaml").write_text(
        "title: T\ndate: 2024-01-01\nsummary:\n  text: x\n", encoding="utf-8"
    )
    path = write_layout(tmp_path, "broken", text)
    found = errors_of(invoke(["validate", "brief.yaml", "--layout", "broken"]))
    expected = f"{position_of(path, needle)}: error: "
    assert any(e.startswith(expected) and message in e for e in found), (expected, found)


def test_bleed_without_crop_marks_makes_the_sheet_the_bleed_box(tmp_path: Path) -> None:
    (tmp_path / "bleed.yaml").write_text(
        "extends: standard\ndescription: bleed only\npage:\n  bleed: 5mm\n", encoding="utf-8"
    )
    pdf = render_brief(CLAPHAM, package_assets((tmp_path,)), "bleed").pdf
    page = boxes(pdf)[0]
    assert page["BleedBox"] == pytest.approx(page["MediaBox"], abs=0.01)
    assert page["BleedBox"] == pytest.approx(grown(page["TrimBox"], 5 * MM), abs=0.01)
    with pikepdf.open(BytesIO(pdf)) as document:
        trim = tuple(float(v) for v in document.pages[0].TrimBox)
        assert all(_touches(trim, s) for s in stroked_segments(document.pages[0]))  # type: ignore[arg-type]


# -- facing pages --------------------------------------------------------------------


def test_facing_pages_move_the_text_block_by_inside_minus_outside() -> None:
    theme = load_theme("print", package_assets())
    inside, outside = theme.page.margin_inside, theme.page.margin_outside
    assert inside is not None and outside is not None and inside > outside
    pdf = render(CLAPHAM, "print")
    trim_left = boxes(pdf)[0]["TrimBox"][0]
    lefts = [min(run.x for run in runs) - trim_left for runs in page_runs(pdf)]
    assert len(lefts) == 3
    assert lefts[0] == pytest.approx(inside, abs=0.01)  # page 1: a right-hand page
    assert lefts[1] == pytest.approx(outside, abs=0.01)
    assert lefts[2] == pytest.approx(inside, abs=0.01)
    assert lefts[0] - lefts[1] == pytest.approx(inside - outside, abs=0.01)


def test_facing_pages_put_the_page_number_at_the_outside_edge() -> None:
    pdf = render(CLAPHAM, "print")
    for number, runs in enumerate(page_runs(pdf), start=1):
        page_number = next(run for run in runs if run.text.startswith("Page "))
        date = next(run for run in runs if run.text.strip() == "30 March 2021" and run.y < 100)
        assert (page_number.x < date.x) == (number % 2 == 0), number


def test_facing_pages_put_the_running_title_at_the_outside_edge() -> None:
    pdf = render(CLAPHAM, "print")
    pages = page_runs(pdf)
    assert len(pages) == 3
    for number, runs in enumerate(pages[1:], start=2):
        top = max(run.y for run in runs)
        title = next(run for run in runs if run.y == top and run.text.startswith("Watchdog"))
        embargo = next(run for run in runs if run.y == top and "EMBARGOED" in run.text)
        assert (title.x < embargo.x) == (number % 2 == 0), number


def test_links_and_bookmarks_follow_the_page_onto_the_larger_sheet() -> None:
    """Outline entries land on their headings, although the page is drawn moved in."""
    pdf = render(CLAPHAM, "print")
    reader = PdfReader(BytesIO(pdf))
    numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    runs = page_runs(pdf)
    assert reader.outline
    for item in reader.outline:
        page = numbers[item.page.idnum]
        heading = next(run for run in runs[page] if run.text.strip() == item.title)
        assert 0 <= float(item.top) - heading.y <= 20, item.title
        assert float(item.left) == pytest.approx(heading.x, abs=0.01)


def test_clapham_in_print_says_what_it_says_in_standard() -> None:
    def words(layout: str) -> list[str]:
        return " ".join(page_texts(render(CLAPHAM, layout))).split()

    assert sorted(words("print")) == sorted(words("standard"))
