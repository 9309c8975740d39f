"""The `briefpack` command: exit codes, what goes to stdout and stderr, what gets written.

End-to-end cases run the installed console script in a temporary working
directory; cheaper ones use Typer's runner on the same app.
"""

from __future__ import annotations

import gc
import re
import shutil
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from briefpack import __version__
from briefpack.layout.theme import PAGE_SIZES
from conftest import BRIEFS, TEST_BRIEFS
from conftest import invoke_cli as invoke
from conftest import run_cli as run

CLAPHAM = BRIEFS / "clapham.yaml"
MINIMAL = TEST_BRIEFS / "minimal.yaml"

UNCITED = """\
title: A source nobody cites
date: 2024-05-08
summary:
  text: Nothing here cites the source below.
sources:
  lonely:
    title: A lonely source
"""
GLYPHS = """\
title: Characters the fonts lack
date: 2024-05-08
summary:
  text: A smile 😀 and 漢字 here.
"""
ARABIC = """\
title: Right to left
date: 2024-05-08
summary:
  text: مرحبا بالعالم
"""
INVALID = """\
title: A typo
date: 2024-05-08
summary:
  text: Fine.
titel: oops
"""


# Running the command


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working directory holding minimal.yaml and clapham.yaml."""
    shutil.copy(MINIMAL, tmp_path / "minimal.yaml")
    shutil.copy(CLAPHAM, tmp_path / "clapham.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lines(text: str) -> list[str]:
    return text.splitlines()


def media_box(pdf: Path) -> tuple[float, float]:
    box = PdfReader(BytesIO(pdf.read_bytes())).pages[0].mediabox
    return float(box.width), float(box.height)


def is_pdf(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# render: where PDFs go, and what stdout says


def test_render_writes_out_stem_pdf_and_prints_only_its_path(tmp_path: Path) -> None:
    shutil.copy(CLAPHAM, tmp_path / "clapham.yaml")
    result = run(["render", "clapham.yaml"], tmp_path)
    target = tmp_path / "out" / "clapham.pdf"
    assert result.returncode == 0
    assert result.stdout == "out/clapham.pdf\n"  # as the user would type it
    assert result.stderr == ""
    assert is_pdf(target)
    assert files_in(tmp_path / "out") == ["clapham.pdf"]


def test_render_several_briefs_into_a_new_folder(tmp_path: Path) -> None:
    shutil.copy(MINIMAL, tmp_path / "minimal.yaml")
    shutil.copy(MINIMAL, tmp_path / "second.yaml")
    result = run(["render", "minimal.yaml", "second.yaml", "-o", "pack/today/"], tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "pack" / "today"
    assert lines(result.stdout) == ["pack/today/minimal.pdf", "pack/today/second.pdf"]
    assert files_in(folder) == ["minimal.pdf", "second.pdf"]
    assert all(is_pdf(folder / name) for name in files_in(folder))
    assert result.stderr == ""


def test_render_one_brief_to_a_named_file_in_the_compact_layout(tmp_path: Path) -> None:
    shutil.copy(CLAPHAM, tmp_path / "clapham.yaml")
    result = run(["render", "clapham.yaml", "-o", "desk.pdf", "--layout", "compact"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "desk.pdf\n"
    assert files_in(tmp_path) == ["clapham.yaml", "desk.pdf"]  # no out/ folder either
    width, height = media_box(tmp_path / "desk.pdf")
    assert (width, height) == pytest.approx(PAGE_SIZES["Letter"])


def test_layout_option_overrides_the_brief_layout_key(workdir: Path) -> None:
    (workdir / "wants-compact.yaml").write_text(
        MINIMAL.read_text(encoding="utf-8") + "layout: compact\n", encoding="utf-8"
    )
    result = invoke(["render", "wants-compact.yaml", "-o", "a.pdf"])
    assert result.exit_code == 0, result.stderr
    assert media_box(workdir / "a.pdf") == pytest.approx(PAGE_SIZES["Letter"])
    result = invoke(["render", "wants-compact.yaml", "-o", "b.pdf", "--layout", "standard"])
    assert result.exit_code == 0, result.stderr
    assert media_box(workdir / "b.pdf") == pytest.approx(PAGE_SIZES["A4"])


# validate


def test_validate_a_valid_brief_says_ok_and_writes_nothing(tmp_path: Path) -> None:
    shutil.copy(CLAPHAM, tmp_path / "clapham.yaml")
    result = run(["validate", "clapham.yaml"], tmp_path)
    assert result.returncode == 0
    assert result.stdout == "clapham.yaml: ok\n" and result.stderr == ""
    assert files_in(tmp_path) == ["clapham.yaml"]
    quiet = run(["validate", "--quiet", "clapham.yaml"], tmp_path)
    assert quiet.returncode == 0
    assert quiet.stdout == "" and quiet.stderr == ""


def test_validate_says_ok_for_each_brief_that_passes(workdir: Path) -> None:
    (workdir / "typo.yaml").write_text(INVALID, encoding="utf-8")
    (workdir / "uncited.yaml").write_text(UNCITED, encoding="utf-8")
    result = invoke(["validate", "minimal.yaml", "typo.yaml", "uncited.yaml"])
    assert result.exit_code == 1
    assert lines(result.stdout) == ["minimal.yaml: ok", "uncited.yaml: ok (1 warning)"]
    assert len(lines(result.stderr)) == 2  # the error and the warning
    strict = invoke(["validate", "-q", "minimal.yaml", "uncited.yaml", "--strict"])
    assert strict.exit_code == 1
    assert strict.stdout == ""


def test_validate_an_invalid_brief_reports_file_line_col(tmp_path: Path) -> None:
    (tmp_path / "typo.yaml").write_text(INVALID, encoding="utf-8")
    result = run(["validate", "typo.yaml"], tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert lines(result.stderr) == [
        "typo.yaml:5:1: error: unknown key 'titel' (did you mean 'title'?)"
    ]
    assert files_in(tmp_path) == ["typo.yaml"]


def test_validate_checks_the_layout_exists(workdir: Path) -> None:
    result = invoke(["validate", "minimal.yaml", "--layout", "nosuch"])
    assert result.exit_code == 2  # an option naming no layout is a usage error
    assert "no layout named 'nosuch'" in result.stderr
    assert not (workdir / "out").exists()


# failures leave earlier work alone


def test_failed_render_leaves_the_existing_pdf_untouched(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    shutil.copy(MINIMAL, brief)
    first = run(["render", "brief.yaml", "-o", "pack/brief.pdf"], tmp_path)
    assert first.returncode == 0, first.stderr
    target = tmp_path / "pack" / "brief.pdf"
    before = target.read_bytes()
    brief.write_text(INVALID, encoding="utf-8")
    second = run(["render", "brief.yaml", "-o", "pack/brief.pdf"], tmp_path)
    assert second.returncode == 1
    assert second.stdout == ""
    assert "brief.yaml:5:1: error: unknown key 'titel'" in second.stderr
    assert target.read_bytes() == before
    assert files_in(tmp_path / "pack") == ["brief.pdf"]  # no temporary file left behind


def test_an_invalid_brief_does_not_stop_the_valid_one(tmp_path: Path) -> None:
    shutil.copy(MINIMAL, tmp_path / "good.yaml")
    (tmp_path / "bad.yaml").write_text(INVALID, encoding="utf-8")
    result = run(["render", "bad.yaml", "good.yaml"], tmp_path)
    assert result.returncode == 1
    assert result.stdout == "out/good.pdf\n"
    message = "bad.yaml:5:1: error: unknown key 'titel' (did you mean 'title'?)"
    assert lines(result.stderr) == [
        message,
        "1 of 2 briefs rendered; 1 failed:",
        f"  {message}",  # the file named once
    ]
    assert files_in(tmp_path / "out") == ["good.pdf"]


# usage errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "--bogus", "minimal.yaml"], "No such option: --bogus"),
        (["render"], "Missing argument"),
        (["validate"], "Missing argument"),
        (["render", "minimal.yaml", "--layout"], "Option '--layout' requires an argument"),
        (["render", "minimal.yaml", "--max-bytes", "0"], "--max-bytes"),
        (["frobnicate", "minimal.yaml"], "No such command 'frobnicate'"),
    ],
    ids=["unknown-option", "render-no-briefs", "validate-no-briefs", "layout-no-value",
         "max-bytes-zero", "unknown-command"],
)  # fmt: skip
def test_usage_errors_exit_2(workdir: Path, args: list[str], message: str) -> None:
    result = invoke(args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert not (workdir / "out").exists()


def test_a_brief_that_does_not_exist_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    result = run(["render", "nosuch.yaml"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "'nosuch.yaml' does not exist" in result.stderr
    assert files_in(tmp_path) == []


def test_a_folder_given_as_brief_is_a_usage_error(workdir: Path) -> None:
    (workdir / "briefs").mkdir()
    result = invoke(["validate", "briefs"])
    assert result.exit_code == 2
    assert "'briefs' is a directory" in result.stderr


def test_unknown_layout_lists_the_layouts(workdir: Path) -> None:
    result = invoke(["render", "minimal.yaml", "--layout", "nosuch"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert lines(result.stderr) == [
        "error: --layout: no layout named 'nosuch' (the layouts are compact, print, standard)"
    ]
    assert not (workdir / "out").exists()


def test_a_misspelt_layout_option_suggests_the_closest(workdir: Path) -> None:
    result = invoke(["render", "minimal.yaml", "minimal.yaml", "--layout", "compcat"])
    assert result.exit_code == 2
    assert lines(result.stderr) == [
        "error: --layout: no layout named 'compcat' "
        "(did you mean 'compact'? the layouts are compact, print, standard)"
    ]


# warnings and --strict


def test_uncited_source_is_a_warning(workdir: Path) -> None:
    (workdir / "uncited.yaml").write_text(UNCITED, encoding="utf-8")
    result = invoke(["render", "uncited.yaml"])
    assert result.exit_code == 0
    assert result.stdout == "out/uncited.pdf\n"
    [line] = lines(result.stderr)
    assert line.startswith("uncited.yaml:6:3: warning: sources.lonely is never cited")
    assert is_pdf(workdir / "out" / "uncited.pdf")


def test_uncited_source_fails_with_strict_and_writes_nothing(workdir: Path) -> None:
    (workdir / "uncited.yaml").write_text(UNCITED, encoding="utf-8")
    result = invoke(["render", "uncited.yaml", "--strict"])
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = lines(result.stderr)
    assert line.startswith("uncited.yaml:6:3: error: sources.lonely is never cited")
    assert not (workdir / "out").exists()


def test_strict_validate_fails_on_a_warning(workdir: Path) -> None:
    (workdir / "uncited.yaml").write_text(UNCITED, encoding="utf-8")
    assert invoke(["validate", "uncited.yaml"]).exit_code == 0
    assert invoke(["validate", "uncited.yaml", "--strict"]).exit_code == 1


FIGURE_WITHOUT_ALT = """\
title: A map
date: 2024-05-06
summary:
  text: The lanes.
sections:
  - heading: Where
    body: Here.
    figures:
      - path: palette.png
        caption: The three lanes
        credit: City council
"""


def test_a_figure_without_alt_text_is_a_warning_and_its_caption_stands_in(workdir: Path) -> None:
    shutil.copy(TEST_BRIEFS / "figures" / "palette.png", workdir / "palette.png")
    (workdir / "map.yaml").write_text(FIGURE_WITHOUT_ALT, encoding="utf-8")
    result = invoke(["render", "map.yaml"])
    assert result.exit_code == 0
    assert lines(result.stderr) == [
        "map.yaml:9:9: warning: sections[0].figures[0] has no alt text, so readers who cannot"
        " see the picture get its caption instead (add 'alt:' saying in words what the"
        " picture shows)"
    ]
    with pikepdf.open(workdir / "out" / "map.pdf") as document:
        [figure] = [kid for kid in document.Root.StructTreeRoot.K.K if kid.get("/S") == "/Figure"]
        assert str(figure.Alt) == "The three lanes Picture: City council"
    strict = invoke(["render", "map.yaml", "--strict", "-o", "strict.pdf"])
    assert strict.exit_code == 1
    assert lines(strict.stderr)[0].startswith("map.yaml:9:9: error: sections[0].figures[0]")
    assert not (workdir / "strict.pdf").exists()
    (workdir / "map.yaml").write_text(
        FIGURE_WITHOUT_ALT + "        alt: Three coloured lines on a street map\n", encoding="utf-8"
    )
    assert invoke(["validate", "map.yaml", "--strict"]).exit_code == 0


def test_a_missing_figure_says_where_it_was_looked_for(workdir: Path) -> None:
    (workdir / "briefs").mkdir()
    (workdir / "briefs" / "map.yaml").write_text(FIGURE_WITHOUT_ALT, encoding="utf-8")
    result = invoke(["validate", "briefs/map.yaml"])
    assert result.exit_code == 1
    assert lines(result.stderr) == [
        "briefs/map.yaml:9:15: error: figure file 'palette.png' does not exist: looked for "
        "briefs/palette.png (a figure's path is relative to the brief's folder); copy the "
        "picture there or correct the path"
    ]


@pytest.mark.frames_unchecked(
    "the brief holds characters the fonts cannot draw: the warning is the point"
)
def test_emoji_and_cjk_render_with_a_warning_listing_them(workdir: Path) -> None:
    (workdir / "glyphs.yaml").write_text(GLYPHS, encoding="utf-8")
    result = invoke(["render", "glyphs.yaml"])
    assert result.exit_code == 0
    assert is_pdf(workdir / "out" / "glyphs.pdf")
    [line] = lines(result.stderr)
    assert re.match(r"glyphs\.yaml:4:\d+: warning: ", line), line
    for char, code in [("😀", "U+1F600"), ("漢", "U+6F22"), ("字", "U+5B57")]:
        assert f"{char} ({code})" in line
    assert "U+5B57), CJK script;" in line  # the script is named; an emoji has none


@pytest.mark.frames_unchecked(
    "the brief holds characters the fonts cannot draw: the warning is the point"
)
def test_a_script_the_fonts_cannot_draw_is_named_and_greek_and_cyrillic_are_drawn(
    workdir: Path,
) -> None:
    (workdir / "scripts.yaml").write_text(
        "title: Scripts\ndate: 2024-05-08\nsummary:\n"
        "  text: Ελληνικά, русский, українська, български, српски; नमस्ते.\n",
        encoding="utf-8",
    )
    result = invoke(["render", "scripts.yaml"])
    assert result.exit_code == 0
    [line] = lines(result.stderr)
    assert "Devanagari script" in line
    for cyrillic_or_greek in "ΕλрусукбгсЕ":
        assert cyrillic_or_greek not in line
    assert invoke(["render", "scripts.yaml", "--strict"]).exit_code == 1


def test_emoji_and_cjk_fail_with_strict(workdir: Path) -> None:
    (workdir / "glyphs.yaml").write_text(GLYPHS, encoding="utf-8")
    result = invoke(["render", "glyphs.yaml", "--strict"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert re.search(r"^glyphs\.yaml:4:\d+: error: .*😀", result.stderr, re.M)
    assert not (workdir / "out").exists()


@pytest.mark.frames_unchecked("Arabic is drawn unshaped, left to right: the warning is the point")
def test_arabic_gives_a_right_to_left_warning(workdir: Path) -> None:
    (workdir / "arabic.yaml").write_text(ARABIC, encoding="utf-8")
    result = invoke(["render", "arabic.yaml"])
    assert result.exit_code == 0
    assert re.search(r"^arabic\.yaml:4:\d+: warning: right-to-left text", result.stderr, re.M)
    assert (workdir / "out" / "arabic.pdf").exists()
    assert invoke(["render", "arabic.yaml", "--strict", "-o", "strict.pdf"]).exit_code == 1
    assert not (workdir / "strict.pdf").exists()


# version, help, layouts


def test_version(tmp_path: Path) -> None:
    result = run(["--version"], tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"briefpack {__version__}\n"
    assert result.stderr == ""


@pytest.mark.parametrize("args", [["--help"], ["render", "--help"], ["validate", "--help"]])
def test_help_exits_0(workdir: Path, args: list[str]) -> None:
    result = invoke(args)
    assert result.exit_code == 0
    assert "Usage: " in result.stdout


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("render", "render [OPTIONS] BRIEF..."),
        ("validate", "validate [OPTIONS] BRIEF..."),
        ("snapshot", "snapshot [OPTIONS] BRIEF..."),
        ("send", "send [OPTIONS] BRIEF..."),
        ("pack", "pack [OPTIONS] FILE..."),
        ("new", "new [OPTIONS] NAME"),
        ("schema", "schema [OPTIONS]"),
        ("layouts", "layouts [OPTIONS]"),
    ],
)
def test_help_names_arguments_and_values_as_they_are_typed(command: str, usage: str) -> None:
    """`BRIEF...` and `--layout LAYOUT`, not `{briefs}...`, `briefs... <list[Path]>` or
    `--layout <list[str]>`."""
    result = invoke([command, "--help"])
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("Usage: ") and first.endswith(f" {usage}"), first
    assert "{" not in first
    assert not re.search(
        r"<(list\[.*\]|str|path|file|dir|(int|float)( range)?)>(\s|$)", result.stdout
    ), result.stdout
    if "-l, --layout" in result.stdout:
        assert "-l, --layout LAYOUT " in result.stdout


def test_command_parameters_are_annotated_with_objects_not_strings() -> None:
    """Typer reads every command's parameters at each start, even for `--help`; an
    annotation kept as a string (`from __future__ import annotations`) would be
    compiled and evaluated twice there, at every start."""
    from briefpack.cli import app

    callbacks = [command.callback for command in app.registered_commands]
    assert len(callbacks) >= 8, callbacks
    assert app.registered_callback is not None  # the options before any command
    callbacks.append(app.registered_callback.callback)
    as_strings = {
        f"{callback.__name__}({name})"
        for callback in callbacks
        if callback is not None
        for name, annotation in callback.__annotations__.items()
        if isinstance(annotation, str)
    }
    assert as_strings == set()


def test_layouts_lists_each_layout_with_its_description(workdir: Path) -> None:
    result = invoke(["layouts"])
    assert result.exit_code == 0
    listed = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in lines(result.stdout))
    assert set(listed) == {"standard", "compact", "print"}
    assert listed["standard"].startswith("A4, one column")
    assert listed["compact"].startswith("US Letter, two-column")
    assert listed["print"].startswith("A4 for print")


def test_layouts_includes_the_working_directory_layouts(workdir: Path) -> None:
    (workdir / "layouts").mkdir()
    (workdir / "layouts" / "mine.yaml").write_text(
        "extends: standard\ndescription: My own layout\n", encoding="utf-8"
    )
    result = invoke(["layouts"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in lines(result.stdout)]
    assert listed == ["compact", "mine", "print", "standard"]
    assert "My own layout" in result.stdout


# limits


def test_max_bytes_names_the_limit_and_the_option(workdir: Path) -> None:
    result = invoke(["render", "clapham.yaml", "--max-bytes", "100"])
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = lines(result.stderr)
    assert line.startswith("clapham.yaml:1:1: error: ")
    assert "limit of 100" in line and "--max-bytes" in line
    assert not (workdir / "out").exists()


def test_max_nodes_names_the_limit_and_the_option(workdir: Path) -> None:
    result = invoke(["validate", "minimal.yaml", "--max-nodes", "3"])
    assert result.exit_code == 1
    [line] = lines(result.stderr)
    assert re.match(r"minimal\.yaml:\d+:\d+: error: more than 3 values", line), line
    assert "--max-nodes" in line


@pytest.mark.parametrize(
    ("option", "limit"),
    [
        ("--max-bytes", "1100"),  # minimal.yaml is ~100 bytes, layouts/standard.yaml ~4 kB
        ("--max-nodes", "400"),  # minimal.yaml holds a handful of values, standard.yaml more
    ],
)
def test_brief_limits_apply_to_the_brief_not_the_shipped_layout(
    tmp_path: Path, option: str, limit: str
) -> None:
    """`--max-bytes` is "Largest brief file accepted", `--max-nodes` "Most values a brief
    may hold": a brief well within them must render, whatever size the layout is.

    Run as a process: in-process, a layout already loaded by an earlier test is
    cached without regard to the limits, which hides the problem.
    """
    shutil.copy(MINIMAL, tmp_path / "minimal.yaml")
    result = run(["render", "minimal.yaml", option, limit], tmp_path)
    assert result.stderr == ""
    assert result.returncode == 0


# determinism


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    shutil.copy(CLAPHAM, tmp_path / "clapham.yaml")
    first = run(["render", "clapham.yaml", "-o", "one.pdf"], tmp_path, PYTHONHASHSEED="1")
    second = run(["render", "clapham.yaml", "-o", "two.pdf"], tmp_path, PYTHONHASHSEED="12345")
    assert first.returncode == second.returncode == 0
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()


# output paths that cannot be used


def test_same_stem_in_two_folders_is_refused(workdir: Path) -> None:
    for folder in ("north", "south"):
        (workdir / folder).mkdir()
        shutil.copy(MINIMAL, workdir / folder / "brief.yaml")
    result = invoke(["render", "north/brief.yaml", "south/brief.yaml", "-o", "out/"])
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = lines(result.stderr)
    assert line.startswith("error: ")
    assert "north/brief.yaml" in line and "south/brief.yaml" in line
    assert "would both be written to out/brief.pdf" in line
    assert not (workdir / "out").exists()  # refused before anything is written


def test_several_briefs_to_an_existing_file_are_refused(workdir: Path) -> None:
    (workdir / "desk.pdf").write_bytes(b"keep me")
    result = invoke(["render", "minimal.yaml", "clapham.yaml", "-o", "desk.pdf"])
    assert result.exit_code == 2
    assert "-o must name a folder" in result.stderr
    assert (workdir / "desk.pdf").read_bytes() == b"keep me"


def test_several_briefs_to_a_pdf_name_are_a_usage_error(workdir: Path) -> None:
    """`-o single.pdf` with two briefs: refused, not a folder named single.pdf."""
    result = invoke(["render", "minimal.yaml", "clapham.yaml", "-o", "single.pdf"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert lines(result.stderr) == [
        "error: -o single.pdf names a PDF file, but 2 briefs make 2 PDFs: "
        "-o must name a folder when rendering several briefs (e.g. -o out/)"
    ]
    assert not (workdir / "single.pdf").exists()
    assert not (workdir / "out").exists()


def test_o_inside_a_file_says_the_file_is_not_a_folder(workdir: Path) -> None:
    result = invoke(["render", "minimal.yaml", "-o", "clapham.yaml/x.pdf"])
    assert result.exit_code == 1
    assert lines(result.stderr) == [
        "clapham.yaml/x.pdf: error: cannot write clapham.yaml/x.pdf: "
        "clapham.yaml is a file, not a folder"
    ]


def test_o_existing_folder_named_like_a_pdf_is_written_into(workdir: Path) -> None:
    """`-o report.pdf` where report.pdf is a folder: the PDF goes inside it, as with cp."""
    (workdir / "report.pdf").mkdir()
    result = invoke(["render", "minimal.yaml", "-o", "report.pdf"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "report.pdf/minimal.pdf\n"
    assert is_pdf(workdir / "report.pdf" / "minimal.pdf")


def test_o_target_that_is_a_folder_is_a_clear_error(workdir: Path) -> None:
    (workdir / "report.pdf" / "minimal.pdf").mkdir(parents=True)
    result = invoke(["render", "minimal.yaml", "-o", "report.pdf"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert lines(result.stderr) == [
        "report.pdf/minimal.pdf: error: report.pdf/minimal.pdf is a folder; "
        "give a file name ending in .pdf"
    ]
    assert files_in(workdir / "report.pdf" / "minimal.pdf") == []


def test_the_console_script_holds_the_collector_only_while_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`main` holds off the garbage collector while a command loads; the render runs
    with it on again (a --watch or batch process must collect its garbage), and
    start-up's objects are set aside, not lost."""
    from briefpack import cli, pipeline

    collecting: list[bool] = []
    render_checked = pipeline.render_checked

    def watched(*args: object, **kwargs: object) -> bytes:
        collecting.append(gc.isenabled())
        return render_checked(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "render_checked", watched)
    # main() sets it; set first, so that the end of the test takes it away again.
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    target = tmp_path / "out.pdf"
    monkeypatch.setattr("sys.argv", ["briefpack", "render", str(MINIMAL), "-o", str(target)])
    frozen = gc.get_freeze_count()
    try:
        with pytest.raises(SystemExit) as ended:
            cli.main()
        assert ended.value.code == 0
        assert collecting == [True] and gc.isenabled()
        assert gc.get_freeze_count() > frozen
        assert is_pdf(target)
    finally:
        gc.unfreeze()
        gc.enable()


@pytest.mark.parametrize(
    ("given", "expected"), [(None, "__all__"), ("", ""), ("logfire", "logfire")]
)
def test_the_console_script_does_not_look_for_pydantic_plugins_unless_asked(
    monkeypatch: pytest.MonkeyPatch, given: str | None, expected: str
) -> None:
    import os

    from briefpack import cli

    # Set first, so that the end of the test removes what main() sets.
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", given or "")
    if given is None:
        monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS")
    monkeypatch.setattr("sys.argv", ["briefpack", "validate", str(MINIMAL)])
    try:
        with pytest.raises(SystemExit) as ended:
            cli.main()
    finally:
        gc.unfreeze()
        gc.enable()
    assert ended.value.code == 0
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == expected
