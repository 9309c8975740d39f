"""Layouts whose values each pass but leave no room together, and the wording of
layout errors: every mistake is found when the layout is loaded and reported at
its value in the layout file, never as a failure of the brief rendered with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefpack.layout.loader import load_theme
from briefpack.pipeline import package_assets
from conftest import BRIEFS, ROOT, TEST_BRIEFS
from conftest import invoke_cli as invoke

STANDARD = (ROOT / "layouts" / "standard.yaml").read_text(encoding="utf-8")
MINE = "layouts/mine.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with the example brief and a layouts/ folder."""
    shutil.copy(BRIEFS / "clapham.yaml", tmp_path / "clapham.yaml")
    shutil.copy(TEST_BRIEFS / "minimal.yaml", tmp_path / "minimal.yaml")
    (tmp_path / "layouts").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def copy_of_standard(project: Path, old: str, new: str) -> str:
    """layouts/mine.yaml, standard with `old` replaced by `new`; `LINE:COL` of `new`."""
    assert old in STANDARD, old
    text = STANDARD.replace(old, new, 1)
    (project / MINE).write_text(text, encoding="utf-8")
    before = text[: text.index(new)]
    value = new.split(": ", 1)[-1] if ": " in new else new
    column = len(before) - before.rfind("\n") + len(new) - len(value)
    return f"{before.count(chr(10)) + 1}:{column}"


def errors(brief: str = "clapham.yaml") -> list[str]:
    result = invoke(["render", brief, "--layout", "mine", "-o", "out.pdf"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr and "briefpack failed" not in result.stderr
    assert not Path("out.pdf").exists()
    return result.stderr.splitlines()


GEOMETRY = [
    pytest.param(
        "margin_left: 19mm", "margin_left: 190mm",
        "page.margin_left: the margins leave too little room for text: the page is 210 mm wide "
        "and the left and right margins take 209 mm, leaving 1 mm where text needs at least "
        "30 mm (make margin_left or margin_right smaller)",
        id="margin-left",
    ),
    pytest.param(
        "margin_top: 19mm", "margin_top: 280mm",
        "page.margin_top: the margins leave no room for text: the page is 297 mm tall and the "
        "top and bottom margins take 299 mm (make margin_top or margin_bottom smaller)",
        id="margin-top",
    ),
    pytest.param(
        "size: A4", "size: [50mm, 50mm]",
        "page.size: the margins leave too little room for text: the page is 50 mm wide and the "
        "left and right margins take 38 mm, leaving 12 mm where text needs at least 30 mm "
        "(make the page wider, or its margins smaller)",
        id="page-size",
    ),
    pytest.param(
        "columns: 1", "column_gap: 150mm\n  columns: 3",
        "page.column_gap: 3 columns with 150 mm between them do not fit in the 172 mm between "
        "the margins; a column needs at least 30 mm (make column_gap smaller)",
        id="column-gap",
    ),
    pytest.param(
        "indent: 14mm", "indent: 180mm",
        "pull_quote.indent: an indent of 180 mm and a padding of 4.2 mm leave no room for a "
        "pull quote's text in a column 172 mm wide",
        id="pull-quote-indent",
    ),
    pytest.param(
        "padding: 5\n", "padding: 5cm\n",
        "timeline.padding: a padding of 50 mm on each side of a cell leaves no room for the "
        "dates in a date column 34 mm wide (make padding smaller)",
        id="timeline-padding",
    ),
    pytest.param(
        "space_after: 10\n  band_padding", "space_after: 900\n  band_padding",
        "masthead.space_after: 317.5 mm is more than a page can spare: the text area is 259 mm "
        "tall (make it at most 64.8 mm, a quarter of that)",
        id="masthead-space-after",
    ),
    pytest.param(
        "    left_indent: 17\n", "    left_indent: 190mm\n",
        "styles.finding.text.left_indent: indents of 190 mm leave no room for the text",
        id="style-indent",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "message"), GEOMETRY)
def test_impossible_geometry_is_reported_at_its_value(
    project: Path, old: str, new: str, message: str
) -> None:
    where = copy_of_standard(project, old, new)
    line = errors()[0]  # a page too small is too narrow and too low: two problems
    assert line.startswith(f"{MINE}:{where}: error: {message}"), (where, line)


VALUES = [
    pytest.param(
        "    size: 10\n", "    size: 0\n",
        "styles.body.size: 0 is not a type size: a size is a number of points more than 0",
        id="size-zero",
    ),
    pytest.param(
        "    size: 10\n", "    size: -3\n",
        "styles.body.size: -3 is not a type size",
        id="size-negative",
    ),
    pytest.param(
        "    size: 10\n", "    size: 0.5\n",
        "styles.body.size: 0.5 points is too small to read: write at least 4",
        id="size-tiny",
    ),
    pytest.param(
        "    size: 10\n", "    size: 400\n",
        "styles.body.size: 400 points is larger than a page holds: write at most 144",
        id="size-huge",
    ),
    pytest.param(
        "    leading: 13.8\n", "    leading: 0\n",
        "styles.body.leading: 0 is not a leading",
        id="leading-zero",
    ),
    pytest.param(
        "    leading: 13.8\n", "    leading: 8\n",
        "styles.body: the leading (8 pt) is smaller than the size (10 pt), so the lines would "
        "overlap (make leading at least 10;",
        id="leading-below-size",
    ),
    pytest.param(
        "margin_bottom: 19mm", "margin_bottom: -19mm",
        "page.margin_bottom: '-19mm' is less than nothing: a length is 0 or more",
        id="negative-length",
    ),
    pytest.param(
        "size: A4", "size: A3",
        "page.size: 'A3' is not a page size: use one of A4, A5, Letter, Legal, or "
        "[width, height]",
        id="page-size-name",
    ),
    pytest.param(
        "columns: 1", "columns: two",
        "page.columns: 'two' is not a number of columns: write 1, 2 or 3",
        id="columns-word",
    ),
    pytest.param(
        "columns: 1", "columns: 0",
        "page.columns: '0' is not a number of columns: write 1, 2 or 3",
        id="columns-zero",
    ),
    pytest.param(
        "footnotes: page", "footnotes: foot",
        "footnotes: 'foot' is not one of the choices: write page or end",
        id="footnotes-choice",
    ),
    pytest.param(
        'accent: "#1d3557"', "accent: #1d3557",
        "colors.accent: is empty: '#' starts a comment in YAML, so the value after it is not "
        'read (put the colour in quotes: "#1d3557")',
        id="unquoted-colour",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "message"), VALUES)
def test_a_wrong_value_is_reported_in_plain_words_at_its_value(
    project: Path, old: str, new: str, message: str
) -> None:
    where = copy_of_standard(project, old, new)
    if new.startswith("accent"):
        where = where.split(":")[0] + ":3"  # an empty value is reported at its key
    found = errors("minimal.yaml")
    assert any(line.startswith(f"{MINE}:{where}: error: {message}") for line in found), (
        where,
        found,
    )
    assert not any("Input should" in line for line in found), found


def test_an_optional_colour_read_as_a_comment_is_an_error(project: Path) -> None:
    """A style's `color:` may be left out, so YAML's empty value would pass unseen."""
    where = copy_of_standard(project, "    color: ink\n    align", "    color: #1b1f24\n    align")
    line = where.split(":")[0]
    found = errors("minimal.yaml")
    assert (
        f"{MINE}:{line}:5: error: styles.body.color: is empty: '#' starts a comment in YAML, so "
        'the value after it is not read (put the colour in quotes: "#1b1f24")'
    ) in found


def test_a_comment_after_an_empty_optional_key_is_no_error(project: Path) -> None:
    (project / MINE).write_text(
        "extends: standard\ndescription: Mine\nhyphenation: # the brief's language\n",
        encoding="utf-8",
    )
    assert load_theme("mine", package_assets((project / "layouts",))).hyphenation is None


def test_layout_errors_come_in_line_order(project: Path) -> None:
    (project / MINE).write_text(
        "extends: standard\ndescription: Mine\nstyles:\n  body:\n    size: 0\n"
        "page:\n  columns: 9\n",
        encoding="utf-8",
    )
    found = errors("minimal.yaml")
    assert [line.split(": error: ")[0] for line in found] == [f"{MINE}:5:11", f"{MINE}:7:12"]


def test_a_misspelt_extends_names_the_closest_layout_and_all_of_them(project: Path) -> None:
    (project / MINE).write_text("extends: standrd\ndescription: Mine\n", encoding="utf-8")
    assert errors("minimal.yaml") == [
        f"{MINE}:1:10: error: extends: no layout named 'standrd' (did you mean 'standard'? "
        "the layouts are compact, mine, print, standard)"
    ]


@pytest.mark.parametrize("layout", ["standard", "compact", "print"])
def test_the_shipped_layouts_leave_room_for_everything(layout: str) -> None:
    assert load_theme(layout, package_assets()).name == layout
