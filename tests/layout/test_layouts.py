"""Layouts: finding them, `extends`, the resolved `Theme`, and positioned layout errors."""

from __future__ import annotations

import os
import re
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from pydantic import ValidationError
from pypdf import PdfReader
from typer.testing import Result

from briefpack.common.diagnostics import BriefError
from briefpack.layout.loader import available_layouts, describe_layouts, load_theme
from briefpack.layout.theme import PAGE_SIZES, STYLE_NAMES
from briefpack.pipeline import package_assets
from conftest import BRIEFS, ROOT, TEST_BRIEFS, run_cli
from conftest import invoke_cli as invoke

SHIPPED = ROOT / "layouts"
STANDARD = SHIPPED / "standard.yaml"
CLAPHAM = BRIEFS / "clapham.yaml"
MINIMAL = TEST_BRIEFS / "minimal.yaml"
MM = 72 / 25.4


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with minimal.yaml and an empty layouts/ folder."""
    shutil.copy(MINIMAL, tmp_path / "minimal.yaml")
    (tmp_path / "layouts").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_layout(folder: Path, name: str, text: str) -> Path:
    """The layout written, named as errors name it: from the current folder if inside it."""
    path = folder / "layouts" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def errors_of(result: Result) -> list[str]:
    """The `error:` lines of a failed CLI run that wrote nothing."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    found = result.stderr.splitlines()
    assert found and all(": error: " in line for line in found), result.stderr
    return found


def position_of(path: Path, needle: str) -> str:
    """`FILE:LINE:COL` of the first occurrence of `needle` in a file (1-based)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return f"{path}:{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} is not in {path}")


def colours_drawn(pdf: bytes) -> set[tuple[float, float, float]]:
    """Every RGB fill and stroke colour set on the pages, rounded to 3 places."""
    found = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        content = page.get_contents()
        data = content.get_data() if content is not None else b""
        for match in re.finditer(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", data):
            r, g, b = (round(float(v), 3) for v in match.groups())
            found.add((r, g, b))
    return found


def rgb(hex_colour: str) -> tuple[float, float, float]:
    r, g, b = (round(int(hex_colour[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))
    return r, g, b


# Finding layouts


def test_the_shipped_layouts_are_found() -> None:
    found = available_layouts(package_assets().layout_dirs)
    assert set(found) == {"standard", "compact", "print"}
    assert all(path.is_file() for path in found.values())


def test_an_earlier_folder_wins_and_odd_names_are_ignored(tmp_path: Path) -> None:
    shutil.copy(STANDARD, tmp_path / "standard.yaml")
    shutil.copy(STANDARD, tmp_path / "mine.yaml")
    for ignored in ("Upper.yaml", "_private.yaml", "notes.txt", "with space.yaml"):
        (tmp_path / ignored).write_text("description: no\n", encoding="utf-8")
    found = available_layouts(package_assets((tmp_path,)).layout_dirs)
    assert set(found) == {"standard", "compact", "print", "mine"}
    assert found["standard"] == tmp_path / "standard.yaml"
    assert found["compact"] == SHIPPED / "compact.yaml"


def test_a_missing_folder_is_skipped(tmp_path: Path) -> None:
    found = available_layouts((tmp_path / "nowhere", SHIPPED))
    assert set(found) == {"standard", "compact", "print"}


def test_describe_layouts_gives_each_name_its_description() -> None:
    assert describe_layouts(package_assets().layout_dirs) == [
        ("compact", "US Letter, two-column sans body, tighter spacing"),
        ("print", "A4 for print, CMYK colours, 3 mm bleed, crop marks, facing pages"),
        ("standard", "A4, one column, serif body, footnotes at the foot of each page"),
    ]


def test_describe_layouts_marks_an_unreadable_layout_with_its_first_problem(
    tmp_path: Path,
) -> None:
    (tmp_path / "broken.yaml").write_text("description: [unclosed\n", encoding="utf-8")
    described = dict(describe_layouts(package_assets((tmp_path,)).layout_dirs))
    assert described["broken"] == (
        "(unreadable: broken.yaml:1: this [ is never closed: end it with ] on the same line)"
    )
    assert described["standard"].startswith("A4")


def test_describe_layouts_marks_an_invalid_layout_with_its_first_problem(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(
        "extends: standard\ndescription: Tiny\npage:\n  size: [50mm, 50mm]\n", encoding="utf-8"
    )
    described = dict(describe_layouts(package_assets((tmp_path,)).layout_dirs))
    assert described["tiny"].startswith(
        "Tiny (invalid: tiny.yaml:4: page.size: the margins leave too little room for text"
    )


# The shipped themes


def test_standard_is_a4_one_column() -> None:
    theme = load_theme("standard", package_assets())
    assert theme.name == "standard"
    assert theme.page.size == "A4"
    assert theme.page.width_height == pytest.approx(PAGE_SIZES["A4"])
    assert theme.page.columns == 1
    assert theme.page.margin_left == pytest.approx(19 * MM)
    assert theme.footnotes == "page"


def test_compact_is_letter_two_columns() -> None:
    theme = load_theme("compact", package_assets())
    assert theme.name == "compact"
    assert theme.page.size == "Letter"
    assert theme.page.width_height == pytest.approx((612.0, 792.0))
    assert theme.page.columns == 2
    assert theme.page.column_gap == pytest.approx(0.25 * 72)


def test_compact_takes_what_it_does_not_change_from_standard() -> None:
    standard = load_theme("standard", package_assets())
    compact = load_theme("compact", package_assets())
    assert compact.fonts == standard.fonts
    assert compact.styles["masthead.banner"] == standard.styles["masthead.banner"]
    assert compact.styles["body"].font == "sans" and standard.styles["body"].font == "serif"
    assert compact.styles["body"].align == "justify"  # merged key by key, not replaced
    assert compact.colors["paper"] == standard.colors["paper"]
    assert compact.colors["accent"] == "#0b5563"


@pytest.mark.parametrize("name", ["standard", "compact", "print"])
def test_every_style_is_resolved(name: str) -> None:
    theme = load_theme(name, package_assets())
    assert set(STYLE_NAMES) <= set(theme.styles)
    for style_name, style in theme.styles.items():
        assert style.parent is None, style_name
        for field in ("font", "size", "leading", "color"):
            assert getattr(style, field) is not None, (style_name, field)
    # summary.point < summary.text < body: inherited, then overridden
    point = theme.styles["summary.point"]
    assert point.font == theme.styles["body"].font
    assert point.size == theme.styles["summary.text"].size


def test_a_theme_is_frozen() -> None:
    theme = load_theme("standard", package_assets())
    with pytest.raises(ValidationError):
        theme.page.columns = 3  # type: ignore[misc]


def test_unknown_layout_lists_the_layouts() -> None:
    with pytest.raises(BriefError) as problem:
        load_theme("nosuch", package_assets())
    assert str(problem.value) == (
        "error: unknown layout 'nosuch' (the layouts are compact, print, standard)"
    )


# Making a layout of one's own


def test_a_designer_copies_standard_changes_it_and_renders_with_it(tmp_path: Path) -> None:
    shutil.copy(CLAPHAM, tmp_path / "clapham.yaml")
    (tmp_path / "layouts").mkdir()
    text = STANDARD.read_text(encoding="utf-8")
    assert "  size: A4\n" in text and 'accent: "#1d3557"' in text
    text = text.replace("  size: A4\n", "  size: [150mm, 200mm]\n")
    text = text.replace('accent: "#1d3557"', 'accent: "#aa0000"')
    (tmp_path / "layouts" / "mine.yaml").write_text(text, encoding="utf-8")

    result = run_cli(["render", "clapham.yaml", "--layout", "mine", "-o", "mine.pdf"], tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout == "mine.pdf\n"
    pdf = (tmp_path / "mine.pdf").read_bytes()
    box = PdfReader(BytesIO(pdf)).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((150 * MM, 200 * MM), abs=0.01)
    drawn = colours_drawn(pdf)
    assert rgb("#aa0000") in drawn
    assert rgb("#1d3557") not in drawn


def test_extends_standard_and_change_one_key(project: Path) -> None:
    write_layout(project, "small", "extends: standard\ndescription: Small\npage:\n  size: A5\n")
    theme = load_theme("small", package_assets((project / "layouts",)))
    standard = load_theme("standard", package_assets())
    assert theme.description == "Small"
    assert theme.page.size == "A5"
    assert theme.page.margin_top == standard.page.margin_top  # the rest of page: kept
    assert theme.styles == standard.styles

    result = invoke(["render", "minimal.yaml", "--layout", "small", "-o", "small.pdf"])
    assert result.exit_code == 0, result.stderr
    box = PdfReader(project / "small.pdf").pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(PAGE_SIZES["A5"])


def test_the_brief_layout_key_finds_a_project_layout(project: Path) -> None:
    write_layout(project, "small", "extends: standard\ndescription: Small\npage:\n  size: A5\n")
    brief = project / "wants-small.yaml"
    brief.write_text(MINIMAL.read_text(encoding="utf-8") + "layout: small\n", encoding="utf-8")
    result = invoke(["render", "wants-small.yaml", "-o", "w.pdf"])
    assert result.exit_code == 0, result.stderr
    box = PdfReader(project / "w.pdf").pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(PAGE_SIZES["A5"])


def test_load_theme_sees_a_change_to_the_layout_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("extends: standard\ndescription: One\n", encoding="utf-8")
    assets = package_assets((tmp_path,))
    assert load_theme("mine", assets).description == "One"
    path.write_text("extends: standard\ndescription: Two, longer\n", encoding="utf-8")
    os.utime(path, ns=(2_000_000_000 * 10**9, 2_000_000_000 * 10**9))
    assert load_theme("mine", assets).description == "Two, longer"


def test_load_theme_sees_a_change_to_the_layout_it_extends(tmp_path: Path) -> None:
    """load_theme's cache must notice an edit to a parent layout, not only to the child."""
    base = tmp_path / "base.yaml"
    shutil.copy(STANDARD, base)
    (tmp_path / "child.yaml").write_text("extends: base\ndescription: Child\n", encoding="utf-8")
    assets = package_assets((tmp_path,))
    assert load_theme("child", assets).page.size == "A4"
    base.write_text(base.read_text(encoding="utf-8").replace("size: A4", "size: A5"), "utf-8")
    os.utime(base, ns=(2_000_000_000 * 10**9, 2_000_000_000 * 10**9))
    assert load_theme("base", assets).page.size == "A5"
    assert load_theme("child", assets).page.size == "A5"


# Errors in extends


def test_extends_a_missing_layout(project: Path) -> None:
    path = write_layout(project, "broken", "extends: standrad\ndescription: typo\n")
    [line] = errors_of(invoke(["render", "minimal.yaml", "--layout", "broken"]))
    assert line.startswith(f"{position_of(path, 'standrad')}: error: ")
    assert "no layout named 'standrad'" in line
    assert not (project / "out").exists()


def test_extends_itself_is_a_loop(project: Path) -> None:
    path = write_layout(project, "broken", "extends: broken\ndescription: loop\n")
    [line] = errors_of(invoke(["render", "minimal.yaml", "--layout", "broken"]))
    assert line == f"{position_of(path, 'broken')}: error: layouts extend each other in a loop"


def test_two_layouts_extending_each_other_are_a_loop(project: Path) -> None:
    write_layout(project, "broken", "extends: other\ndescription: one\n")
    other = write_layout(project, "other", "extends: broken\ndescription: two\n")
    [line] = errors_of(invoke(["validate", "minimal.yaml", "--layout", "broken"]))
    assert line == f"{position_of(other, 'broken')}: error: layouts extend each other in a loop"


def test_a_missing_layout_further_up_the_chain(project: Path) -> None:
    write_layout(project, "broken", "extends: middle\ndescription: one\n")
    middle = write_layout(project, "middle", "extends: nowhere\ndescription: two\n")
    [line] = errors_of(invoke(["validate", "minimal.yaml", "--layout", "broken"]))
    assert line.startswith(f"{position_of(middle, 'nowhere')}: error: ")
    assert "no layout named 'nowhere'" in line


# Errors in a layout, positioned like a brief's

HEAD = "extends: standard\ndescription: Broken on purpose\n"

LAYOUT_ERRORS = [
    pytest.param(
        HEAD + 'colours:\n  ink: "#000000"\n',
        3, 1, "unknown key 'colours' (did you mean 'colors'?)",
        id="unknown-top-level-key",
    ),
    pytest.param(
        HEAD + "styles:\n  body:\n    sise: 10\n",
        5, 5, "styles.body: unknown key 'sise' (did you mean 'size'?)",
        id="unknown-key-in-style",
    ),
    pytest.param(
        HEAD + "styles:\n  body:\n    size: big\n",
        5, 11, "styles.body.size: 'big' is not a number",
        id="size-not-a-number",
    ),
    pytest.param(
        HEAD + "styles:\n  heading:\n    color: purple\n",
        5, 12, "no colour named 'purple' in colors:",
        id="style-unknown-colour",
    ),
    pytest.param(
        HEAD + "summary_box:\n  fill: nosuch\n",
        4, 9, "no colour named 'nosuch' in colors:",
        id="box-unknown-colour",
    ),
    pytest.param(
        HEAD + "colors:\n  accent: blue\n",
        4, 11, "colors.accent: 'blue' is not a colour: write it as #RRGGBB",
        id="colour-not-hex",
    ),
    pytest.param(
        HEAD + "styles:\n  body:\n    size: 10\n    size: 11\n",
        6, 5, "'size' appears twice in this mapping (first at line 5)",
        id="duplicate-key",
    ),
    pytest.param(
        HEAD + "page:\n  size: A5\n margin_top: 10mm\n",
        5, 2, "this line's indentation does not match the lines around it",
        id="yaml-syntax",
    ),
    pytest.param(
        HEAD + "page:\n  margin_top: wide\n",
        4, 15, "page.margin_top: 'wide' is not a length",
        id="length-not-a-length",
    ),
    pytest.param(
        HEAD + "page:\n  size: A3\n",
        4, 9, "page.size: 'A3' is not a page size: use one of A4, A5, Letter, Legal",
        id="unknown-page-size",
    ),
    pytest.param(
        HEAD + "styles:\n  heading:\n    parent: nosuch\n",
        5, 13, "'nosuch' is not a style",
        id="unknown-parent-style",
    ),
    pytest.param(
        HEAD + "footnotes: bottom\n",
        3, 12, "footnotes: 'bottom' is not one of the choices: write page or end",
        id="footnotes-choice",
    ),
    pytest.param(
        HEAD + "fonts:\n  serif: Comic Sans\n",
        4, 10, "'Comic Sans' is not a bundled family",
        id="unknown-font-family",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "column", "message"), LAYOUT_ERRORS)
def test_layout_errors_name_file_line_and_column(
    project: Path, text: str, line: int, column: int, message: str
) -> None:
    path = write_layout(project, "broken", text)
    found = errors_of(invoke(["render", "minimal.yaml", "--layout", "broken"]))
    expected = f"{path}:{line}:{column}: error: "
    assert any(e.startswith(expected) and message in e for e in found), (expected, found)
    assert not (project / "out").exists()


def test_every_problem_in_a_layout_is_reported_in_one_run(project: Path) -> None:
    path = write_layout(
        project, "broken", HEAD + "styles:\n  body:\n    sise: 10\n    bold: maybe\n"
    )
    found = errors_of(invoke(["validate", "minimal.yaml", "--layout", "broken"]))
    assert sorted(found) == [
        f"{path}:5:5: error: styles.body: unknown key 'sise' (did you mean 'size'?)",
        f"{path}:6:11: error: styles.body.bold: 'maybe' is not true or false",
    ]


def test_an_unknown_colour_in_a_parent_style_is_reported_once(project: Path) -> None:
    """`body` is the parent of other styles: its bad colour is one mistake, said once."""
    path = write_layout(project, "broken", HEAD + "styles:\n  body:\n    color: purple\n")
    found = errors_of(invoke(["render", "minimal.yaml", "--layout", "broken"]))
    assert found == [f"{path}:5:12: error: no colour named 'purple' in colors:"]


def test_errors_in_an_extended_layout_point_into_that_file(project: Path) -> None:
    """A mistake in the parent layout is reported where it is, not at the child's 1:1."""
    base = write_layout(
        project,
        "base",
        STANDARD.read_text(encoding="utf-8").replace('ink: "#1b1f24"', 'ink: "#1b1f2"'),
    )
    write_layout(project, "child", "extends: base\ndescription: Child\n")
    where = position_of(base, '"#1b1f2"')
    direct = errors_of(invoke(["validate", "minimal.yaml", "--layout", "base"]))
    assert direct == [
        f"{where}: error: colors.ink: '#1b1f2' is not a colour: write it as #RRGGBB, e.g. #1f3a5f"
    ]
    through_child = errors_of(invoke(["validate", "minimal.yaml", "--layout", "child"]))
    assert through_child == direct


def test_an_unknown_hyphenation_language_is_a_positioned_layout_error(tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "odd.yaml").write_text(
        "extends: standard\ndescription: Odd\nhyphenation: xx_XX\n", encoding="utf-8"
    )
    with pytest.raises(BriefError) as raised:
        load_theme("odd", package_assets((layouts,)))
    (problem,) = raised.value.diagnostics
    assert "no hyphenation dictionary for 'xx_XX'" in problem.message
    assert problem.position is not None and problem.position.line == 3


@pytest.mark.parametrize("layout", ["standard", "compact", "print"])
def test_markup_colours_are_read_by_reportlabs_css_parser_as_the_layout_colours(
    layout: str,
) -> None:
    """Colours in paragraph markup (links, note markers, verdicts) are written in the
    CSS form ReportLab reads first; any other form goes through slow literal parsers."""
    from reportlab.lib.colors import cssParse

    from briefpack.render.styles import colour, markup_colour

    theme = load_theme(layout, package_assets())
    for name in theme.colors:
        parsed = cssParse(markup_colour(theme, name))
        assert parsed is not None, name
        assert parsed == colour(theme, name), name
        assert type(parsed) is type(colour(theme, name)), name
