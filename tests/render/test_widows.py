"""No line alone at the top or foot of a page or column, and headings with what
follows them: read back from the PDF, each line mapped to its paragraph through
the structure tree (the marked content of every text object names its element)."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefpack.pipeline import package_assets, render_brief
from conftest import LAYOUTS, ROOT, TEST_BRIEFS, WORDS, render

ALL_BRIEFS = [
    ROOT / "briefs" / "clapham.yaml",
    *sorted(TEST_BRIEFS.glob("*.yaml")),
    *sorted((TEST_BRIEFS / "lang").glob("*.yaml")),
]
#: Baselines closer than this are one line (a footnote marker is raised less).
SAME_LINE = 6.5
#: Runs of one line are at most a stretched space apart; compact's columns are a
#: gutter (18 pt) apart.
NEAR = 15.0
#: Roles whose text belongs to the element around them.
INLINE = {"/Link", "/Span"}


@dataclass
class Element:
    """A structure element with text or a picture: its role, its place in the
    reading order, and its lines (baselines, from the top) in each frame it is
    drawn in: (page, column)."""

    role: str
    order: int
    lines: dict[tuple[int, int], list[float]] = field(default_factory=dict)

    def parts(self) -> list[tuple[int, int]]:
        return sorted(self.lines)


def _walk(node: Any, order: dict[tuple[int, int], tuple[str, int]]) -> None:
    if isinstance(node, pikepdf.Array):
        for kid in node:
            _walk(kid, order)
        return
    if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
        return
    order[node.objgen] = (str(node.S), len(order))
    _walk(node.get("/K", pikepdf.Array()), order)


def _owner(element: Any) -> Any:
    while str(element.S) in INLINE and "/P" in element:
        element = element.P
    return element


def read_elements(pdf: bytes) -> list[Element]:
    """The elements that draw something, in reading order, with their lines."""
    with pikepdf.open(BytesIO(pdf)) as document:
        root = document.Root.StructTreeRoot
        order: dict[tuple[int, int], tuple[str, int]] = {}
        _walk(root.K, order)
        nums = list(root.ParentTree.get("/Nums", []))
        for kid in root.ParentTree.get("/Kids", []):
            nums += list(kid.get("/Nums", []))
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        owners: dict[tuple[int, int], tuple[int, int]] = {}
        for number, page in enumerate(document.pages):
            key = page.obj.get("/StructParents")
            if key is None or int(key) not in parents:
                continue
            for mcid, element in enumerate(parents[int(key)]):
                if isinstance(element, pikepdf.Dictionary):
                    owners[number, mcid] = _owner(element).objgen
    elements: dict[tuple[int, int], Element] = {}
    #: What each element draws: (page, baseline from the top, left and right edges).
    drawn: dict[tuple[int, int], list[tuple[int, float, float, float]]] = defaultdict(list)
    middles = []
    document = pdfium.PdfDocument(pdf)
    for number in range(len(document)):
        page = document[number]
        height = page.get_height()
        middles.append(page.get_width() / 2)
        for item in page.get_objects(max_depth=3):
            mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(item.raw)
            if mcid < 0 or (number, mcid) not in owners:
                continue
            left, bottom, right, top = item.get_bounds()
            if right <= left:
                continue
            objgen = owners[number, mcid]
            role, position = order[objgen]
            elements.setdefault(objgen, Element(role, position))
            if item.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                drawn[objgen].append((number, height - item.get_matrix().f, left, right))
            else:  # a picture: its top and its foot, as two lines
                drawn[objgen] += [
                    (number, height - top, left, right),
                    (number, height - bottom, left, right),
                ]
    for objgen, element in elements.items():
        for number, baseline, left in _lines(drawn[objgen], middles):
            column = int(left >= middles[number])
            element.lines.setdefault((number, column), []).append(baseline)
    return sorted(elements.values(), key=lambda element: element.order)


def _lines(
    drawn: list[tuple[int, float, float, float]], middles: list[float]
) -> list[tuple[int, float, float]]:
    """Runs of text on one baseline (give or take a raised marker) as one line,
    starting at its leftmost run, unless a gap wider than `NEAR` between them
    spans the page's middle: then they are lines of two columns (a paragraph that
    ends one column and starts the next under a figure has lines a few points
    apart there). Each line has the baseline of its highest run."""
    rows: list[list[tuple[int, float, float, float]]] = []
    for run in sorted(drawn):
        if rows and rows[-1][0][0] == run[0] and run[1] - rows[-1][0][1] <= SAME_LINE:
            rows[-1].append(run)
        else:
            rows.append([run])
    lines: list[tuple[int, float, float]] = []
    for row in rows:
        number, middle = row[0][0], middles[row[0][0]]
        pieces: list[list[float]] = []  # baseline, left, right
        for _, baseline, left, right in sorted(row, key=lambda run: run[2]):
            if pieces and not (left - pieces[-1][2] > NEAR and pieces[-1][2] < middle <= left):
                piece = pieces[-1]
                piece[0], piece[2] = min(piece[0], baseline), max(piece[2], right)
            else:
                pieces.append([baseline, left, right])
        lines += [(number, baseline, left) for baseline, left, _ in pieces]
    return lines


def test_the_reader_finds_paragraphs_lines_and_frames() -> None:
    elements = read_elements(render(TEST_BRIEFS / "edges.yaml", "compact"))
    roles = {element.role for element in elements}
    assert {"/H1", "/H2", "/P", "/LBody", "/TD", "/Figure", "/Note"} <= roles
    body = [element for element in elements if element.role == "/P"]
    assert any(len(element.parts()) == 2 for element in body), "a paragraph across frames"
    assert any(part[1] == 1 for element in body for part in element.parts())
    assert max(len(lines) for element in body for lines in element.lines.values()) >= 5


def assert_no_line_alone(elements: list[Element]) -> None:
    for element in elements:
        parts = element.parts()
        if len(parts) < 2:
            continue
        for part in parts:
            lines = element.lines[part]
            assert len(lines) >= 2, (
                f"{element.role} #{element.order}: one line alone on page {part[0] + 1}, "
                f"column {part[1] + 1} (lines per frame: "
                f"{[len(element.lines[p]) for p in parts]})"
            )


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", ALL_BRIEFS, ids=lambda path: path.stem)
def test_no_paragraph_leaves_a_line_alone(path: Path, layout: str) -> None:
    assert_no_line_alone(read_elements(render(path, layout)))


def _count_lines(baselines: set[tuple[tuple[int, int], float]]) -> int:
    """Lines among baselines of several elements (cells of one row are one line)."""
    lines = 0
    last: tuple[tuple[int, int], float] | None = None
    for frame, baseline in sorted(baselines):
        if last is None or frame != last[0] or baseline - last[1] > SAME_LINE:
            lines += 1
            last = (frame, baseline)
    return lines


def assert_headings_kept(elements: list[Element]) -> None:
    for i, heading in enumerate(elements):
        if heading.role != "/H2":
            continue
        (frame,) = heading.parts()
        following: set[tuple[tuple[int, int], float]] = set()
        for element in elements[i + 1 :]:
            if element.role in ("/H1", "/H2"):
                break  # a one-line block: all of it is with its heading
            if element.role in ("/Note", "/Lbl"):
                continue  # notes sit at the foot; a label shares its item's line
            following |= {(part, line) for part, lines in element.lines.items() for line in lines}
            if _count_lines(following) >= 2:
                break
        with_it = {(part, line) for part, line in following if part == frame}
        assert _count_lines(with_it) >= min(2, _count_lines(following)), (
            f"heading #{heading.order} on page {frame[0] + 1}: "
            f"{_count_lines(with_it)} line(s) of what follows"
        )


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", ALL_BRIEFS, ids=lambda path: path.stem)
def test_a_heading_keeps_two_lines_of_what_follows(path: Path, layout: str) -> None:
    assert_headings_kept(read_elements(render(path, layout)))


# -- generated briefs ----------------------------------------------------------------

FIGURES = ["alpha.png", "cmyk.jpg", "exif-rotated.jpg", "palette.png"]


@st.composite
def long_briefs(draw: st.DrawFn) -> dict[str, Any]:
    """Briefs of a few pages: sections of paragraphs of one to nine lines, with
    figures, findings, summary points and quotes, citing three sources."""

    def text(least: int, most: int) -> str:
        size = draw(st.integers(least, most))
        words = [WORDS[draw(st.integers(0, len(WORDS) - 1))] for _ in range(size)]
        cite = draw(st.sampled_from(["", "", "[^a]", "[^b]", "[^c]"]))
        return " ".join(words).capitalize() + "." + cite

    sections = []
    for i in range(draw(st.integers(2, 6))):
        paragraphs = [text(6, 120) for _ in range(draw(st.integers(1, 5)))]
        figures = [
            {
                "path": f"figures/{draw(st.sampled_from(FIGURES))}",
                "caption": text(2, 30),
                "credit": "Generated by tests/briefs/figures/make_figures.py",
                "alt": "A test picture",
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
        sections.append({"heading": f"Section {i + 1}", "body": "\n\n".join(paragraphs)})
        if figures:
            sections[-1]["figures"] = figures
    sources = {
        name: {"title": f"Source {name}", "url": f"https://example.org/{name}"} for name in "abc"
    }
    points = [text(5, 40) for _ in range(draw(st.integers(0, 4)))]
    findings = [{"text": text(5, 60)} for _ in range(draw(st.integers(0, 6)))]
    quotes = [
        {"text": text(5, 40), "speaker": "A speaker", "sources": ["a"]}
        for _ in range(draw(st.integers(0, 3)))
    ]
    brief: dict[str, Any] = {
        "title": "Test material: a generated brief",
        "date": "2024-05-10",
        "summary": {"text": text(5, 60), **({"points": points} if points else {})},
        "sections": sections,
        "sources": sources,
    }
    if findings:
        brief["findings"] = findings
    if quotes:
        brief["quotes"] = quotes
    return brief


@settings(max_examples=int(__import__("os").environ.get("N", "12")))
@given(brief=long_briefs(), layout=st.sampled_from(LAYOUTS))
def test_generated_briefs_keep_lines_and_headings_together(
    brief: dict[str, Any], layout: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brief.yaml"
        path.write_text(json.dumps(brief), encoding="utf-8")  # JSON is YAML
        shutil.copytree(TEST_BRIEFS / "figures", Path(folder) / "figures")
        pdf = render_brief(path, package_assets(), layout).pdf
    elements = read_elements(pdf)
    assert_no_line_alone(elements)
    assert_headings_kept(elements)


@pytest.mark.parametrize("layout", ["standard", "print"])
def test_no_page_of_the_example_ends_in_the_middle_of_a_word(layout: str) -> None:
    # A hyphen on a page's last line costs as much as a line stretched almost to
    # its limit elsewhere: at TeX's brokenpenalty (100) page 1 ended "dis-".
    from collections import Counter

    from conftest import BRIEFS, page_runs, render

    pages = page_runs(render(BRIEFS / "clapham.yaml", layout))
    for number, runs in enumerate(pages[:-1], start=1):
        body_size = Counter(round(run.size, 1) for run in runs).most_common(1)[0][0]
        body = [run for run in runs if round(run.size, 1) == body_size]
        lowest = min(run.y for run in body)
        last = "".join(run.text for run in body if abs(run.y - lowest) < 1).strip()
        assert not last.endswith("-"), (number, last)
