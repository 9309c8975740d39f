"""The snapshot machinery: compare, update, tolerance, report, command and pytest plugin.

Each test renders a small brief written to its tmp_path (two pages: a long first
section, then a second section with a line of its own that says "The budget was
4,123 pounds"), stores its snapshot, changes the brief, and checks what is reported.
Where a change is, is worked out independently of the diff (from the text
positions pypdf reads).
"""

from __future__ import annotations

import base64
import json
import math
import os
import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from briefpack.pipeline import Assets, package_assets, render_brief
from briefpack.snapshot.compare import (
    RED,
    SnapshotResult,
    Tolerance,
    compare,
    summary_lines,
    update,
)
from briefpack.snapshot.raster import DEFAULT_DPI, page_text, rasterizer_info, render_pages
from briefpack.snapshot.report import write_report
from conftest import BRIEFS, page_runs, page_texts
from conftest import run_cli as run

pytest_plugins = ["pytester"]

NAME = "weekly/standard"
FILLER = (
    "Council inquiry committee minister figures housing court budget witness "
    "evidence review district schools appeal report statement hearing officer. "
)
A4_HEIGHT = 841.89  # points


def brief_text(number: str = "4,123", second_section: bool = True) -> str:
    first = "\n\n".join([FILLER * 6] * 4)
    text = (
        "title: Test material for snapshot checks\n"
        "date: 2024-05-06\n"
        "summary:\n"
        "  text: A brief made by the test suite.\n"
        "sections:\n"
        "  - heading: First section\n"
        "    body: |\n" + "".join(f"      {line}\n" for line in first.splitlines())
    )
    if second_section:
        text += (
            "  - heading: Second section\n"
            "    body: |\n"
            f"      {FILLER * 2}\n\n"
            f"      The budget was {number} pounds.\n\n"
            f"      {FILLER * 2}\n"
        )
    return text


def write_brief(folder: Path, **changes: str | bool) -> Path:
    path = folder / "weekly.yaml"
    path.write_text(brief_text(**changes), encoding="utf-8")  # type: ignore[arg-type]
    return path


def render(path: Path, layout: str = "standard", assets: Assets | None = None) -> bytes:
    return render_brief(path, assets or package_assets(), layout).pdf


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A snapshot folder holding the two-page brief's snapshot; returns the folder."""
    snapshots = tmp_path / "snapshots"
    update(render(write_brief(tmp_path)), snapshots, NAME)
    return snapshots


def changed_result(tmp_path: Path, stored: Path) -> SnapshotResult:
    """The comparison after one number in the second section changed."""
    return compare(render(write_brief(tmp_path, number="4,128")), stored, NAME)


# -- storing and comparing ----------------------------------------------------------


def test_update_stores_pages_text_and_what_drew_them(tmp_path: Path) -> None:
    pdf = render(write_brief(tmp_path))
    folder = tmp_path / "snapshots" / "weekly" / "standard"
    written = update(pdf, tmp_path / "snapshots", NAME)
    names = ["page-001.png", "page-001.txt", "page-002.png", "page-002.txt", "snapshot.json"]
    assert written == [folder / name for name in names]
    meta = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
    assert meta["dpi"] == DEFAULT_DPI == 50
    assert meta["pages"] == 2
    assert meta["pdfium"] == rasterizer_info()["pdfium"]
    assert "The budget was 4,123 pounds." in (folder / "page-002.txt").read_text(encoding="utf-8")
    with Image.open(folder / "page-001.png") as image:
        # pdfium rounds up: a partly covered pixel is drawn.
        assert image.size == (math.ceil(595.28 * 50 / 72), math.ceil(A4_HEIGHT * 50 / 72))
    assert compare(pdf, tmp_path / "snapshots", NAME).ok
    assert update(pdf, tmp_path / "snapshots", NAME) == []  # nothing rewritten


def test_a_missing_snapshot_fails(tmp_path: Path) -> None:
    result = compare(render(write_brief(tmp_path)), tmp_path / "snapshots", NAME)
    assert not result.ok and result.missing
    [line] = summary_lines(result)
    assert line == (
        f"{NAME}: no snapshot in {tmp_path / 'snapshots' / 'weekly' / 'standard'} "
        "(run with --update to create it)"
    )


def test_a_changed_number_fails_on_its_page_in_a_box_around_it(
    tmp_path: Path, stored: Path
) -> None:
    changed_pdf = render(write_brief(tmp_path, number="4,128"))
    # Where the number is, from pypdf: its page, and its line's baseline and size.
    [page_index] = [i for i, text in enumerate(page_texts(changed_pdf)) if "4,128" in text]
    [run] = [run for run in page_runs(changed_pdf)[page_index] if "4,128" in run.text]
    scale = DEFAULT_DPI / 72
    line_top = (A4_HEIGHT - run.y - run.size) * scale
    line_bottom = (A4_HEIGHT - run.y + 0.3 * run.size) * scale

    result = compare(changed_pdf, stored, NAME)

    assert not result.ok
    [problem] = result.problems
    assert (problem.page, problem.kind) == (page_index + 1, "changed") == (2, "changed")
    assert problem.box is not None
    left, top, right, bottom = problem.box
    assert line_top <= top < bottom <= line_bottom, (problem.box, line_top, line_bottom)
    assert run.x * scale - 1 <= left < right <= (595.28 - run.x) * scale + 1
    assert right - left <= run.size * scale  # one digit changed, not the whole line
    assert 0 < problem.changed_pixels <= (right - left) * (bottom - top)
    folder = stored / "weekly" / "standard"
    assert problem.actual_image == folder / "failures" / "page-002.actual.png"
    assert problem.diff_image == folder / "failures" / "page-002.diff.png"
    assert "-The budget was 4,123 pounds." in "\n".join(problem.text_diff)
    assert "+The budget was 4,128 pounds." in "\n".join(problem.text_diff)
    lines = summary_lines(result)
    assert lines[0] == (
        f"{NAME} page 2: {problem.changed_pixels:,} pixels changed "
        f"({problem.changed_pixels / problem.total_pixels:.2%}) in box "
        f"({left}, {top})-({right}, {bottom}); wrote {problem.actual_image} and "
        f"{problem.diff_image}"
    )
    assert lines[1] == f"{NAME} page 2: text changed:"
    assert lines[-1] == (
        f"{NAME}: 1 of 2 pages differs; the actual and diff images are in "
        f"{folder / 'failures'}; if the change is intended, run with --update"
    )


def test_the_diff_image_marks_exactly_the_changed_pixels(tmp_path: Path, stored: Path) -> None:
    [problem] = changed_result(tmp_path, stored).problems
    assert problem.diff_image and problem.actual_image and problem.box
    with Image.open(problem.diff_image) as diff:
        diff = diff.convert("RGB")
    r, g, b = ImageChops.difference(diff, Image.new("RGB", diff.size, RED)).split()
    away_from_red = ImageChops.lighter(ImageChops.lighter(r, g), b)
    red = away_from_red.point([255] + [0] * 255)  # 255 where the pixel is exactly RED
    assert red.getbbox() == problem.box
    assert red.histogram()[255] == problem.changed_pixels
    # Elsewhere the expected page shows through, faded: no ink darker than light grey.
    expected = Image.open(stored / "weekly" / "standard" / "page-002.png").convert("L")
    assert expected.getextrema()[0] < 60
    outside = diff.convert("L").crop((0, 0, diff.width, problem.box[1] - 4))
    assert outside.getextrema()[0] >= 150


def test_a_page_the_brief_lost_fails_and_update_removes_it(tmp_path: Path, stored: Path) -> None:
    shorter = render(write_brief(tmp_path, second_section=False))
    result = compare(shorter, stored, NAME)
    assert not result.ok
    assert (result.expected_pages, result.actual_pages) == (2, 1)
    removed = [problem for problem in result.problems if problem.kind == "removed"]
    assert [problem.page for problem in removed] == [2]
    assert (
        f"{NAME} page 2: in the snapshot but not in the render, which has 1 page "
        "(the snapshot has 2)"
    ) in summary_lines(result)

    folder = stored / "weekly" / "standard"
    touched = update(shorter, stored, NAME)
    for gone in ("page-002.png", "page-002.txt", "failures"):
        assert folder / gone in touched
        assert not (folder / gone).exists()
    assert compare(shorter, stored, NAME).ok


def test_a_new_page_fails_naming_it(tmp_path: Path) -> None:
    snapshots = tmp_path / "snapshots"
    update(render(write_brief(tmp_path, second_section=False)), snapshots, NAME)
    result = compare(render(write_brief(tmp_path)), snapshots, NAME)
    added = [problem for problem in result.problems if problem.kind == "added"]
    assert [problem.page for problem in added] == [2]
    actual = snapshots / "weekly" / "standard" / "failures" / "page-002.actual.png"
    assert added[0].actual_image == actual and actual.exists()
    assert (
        f"{NAME} page 2: new page, not in the snapshot, which has 1 page; wrote {actual}"
        in summary_lines(result)
    )


def test_a_new_page_size_is_reported(tmp_path: Path, stored: Path) -> None:
    compact = render(write_brief(tmp_path), "compact")
    result = compare(compact, stored, NAME)
    first = result.problems[0]
    assert first.size_change == ((414, 585), (425, 550))
    assert f"{NAME} page 1: page size changed from 414x585 to 425x550 pixels" in (
        summary_lines(result)
    )


def test_a_different_pdfium_is_named_as_the_likely_cause(tmp_path: Path, stored: Path) -> None:
    meta_file = stored / "weekly" / "standard" / "snapshot.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta["pdfium"] = "120.0.6000.0@pdfium-binaries"
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    assert compare(render(write_brief(tmp_path)), stored, NAME).ok  # no difference, no note
    result = changed_result(tmp_path, stored)
    assert summary_lines(result)[-1] == (
        f"{NAME}: the snapshot was drawn by pdfium 120.0.6000.0@pdfium-binaries and this is "
        f"pdfium {rasterizer_info()['pdfium']}: the likeliest reason for the differences"
    )


def test_a_passing_comparison_clears_old_failures(tmp_path: Path, stored: Path) -> None:
    failures = stored / "weekly" / "standard" / "failures"
    changed_result(tmp_path, stored)
    assert (failures / "page-002.diff.png").exists()
    assert (failures / ".gitignore").read_text(encoding="utf-8") == "*\n"
    assert compare(render(write_brief(tmp_path)), stored, NAME).ok
    assert not failures.exists()


@pytest.mark.parametrize("name", ["../weekly", "/tmp/weekly", "", "weekly/../../x"])
def test_a_snapshot_name_stays_inside_its_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="must be a relative path"):
        compare(b"", tmp_path, name)


# -- tolerance -----------------------------------------------------------------------


def test_threshold_ignores_small_colour_differences(tmp_path: Path, stored: Path) -> None:
    """A layout whose summary box is one step bluer differs by 1 in one channel."""
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "bluer.yaml").write_text(
        'extends: standard\ndescription: Test material\ncolors:\n  box: "#edf1f7"\n',
        encoding="utf-8",
    )
    assets = package_assets((layouts,))
    bluer = render(write_brief(tmp_path), "bluer", assets)
    strict = compare(bluer, stored, NAME)
    assert [problem.page for problem in strict.problems] == [1]
    assert strict.problems[0].changed_pixels > 1000
    assert compare(bluer, stored, NAME, Tolerance(threshold=1)).ok


def test_max_fraction_allows_a_few_changed_pixels(tmp_path: Path, stored: Path) -> None:
    """A 4 by 4 blot on the stored page: 16 pixels of 242,190."""
    png = stored / "weekly" / "standard" / "page-001.png"
    with Image.open(png) as image:
        blotted = image.convert("RGB")
    blotted.paste((0, 0, 0), (200, 300, 204, 304))
    blotted.save(png)
    pdf = render(write_brief(tmp_path))
    [problem] = compare(pdf, stored, NAME).problems
    assert (problem.page, problem.box) == (1, (200, 300, 204, 304))
    assert problem.changed_pixels <= 16
    assert not problem.text_diff
    assert not compare(pdf, stored, NAME, Tolerance(max_fraction=0.00001)).ok
    assert compare(pdf, stored, NAME, Tolerance(max_fraction=0.0001)).ok
    # The text must match whatever the tolerance.
    assert not changed_result_with(tmp_path, stored, Tolerance(threshold=255, max_fraction=1)).ok


def changed_result_with(tmp_path: Path, stored: Path, tolerance: Tolerance) -> SnapshotResult:
    return compare(render(write_brief(tmp_path, number="4,128")), stored, NAME, tolerance)


# -- the report ----------------------------------------------------------------------


def test_the_report_shows_expected_actual_and_diff_inline(tmp_path: Path, stored: Path) -> None:
    changed = changed_result(tmp_path, stored)
    matching = compare(render(BRIEFS / "clapham.yaml", "compact"), tmp_path / "other", "c/c")
    report = tmp_path / "out" / "report.html"
    write_report([changed, matching], report)
    html = report.read_text(encoding="utf-8")
    [problem] = changed.problems
    assert html.startswith("<!doctype html>")
    assert "<script" not in html and "<link" not in html and "http" not in html
    assert "<h2 id='s-weekly-standard'>weekly/standard</h2>" in html
    assert f"Page 2: {problem.changed_pixels:,} pixels changed" in html
    assert "in box ({}, {})-({}, {})".format(*problem.box or ()) in html
    assert "<span class='add'>+The budget was 4,128 pounds." in html
    images = re.findall(r"<img alt='(\w+) page 2' src='data:image/png;base64,([^']+)'>", html)
    assert [alt for alt, _ in images] == ["Expected", "Actual", "Diff"]
    folder = stored / "weekly" / "standard"
    files = [folder / "page-002.png", problem.actual_image, problem.diff_image]
    for (_, data), file in zip(images, files, strict=True):
        assert file is not None and base64.b64decode(data) == file.read_bytes()
        with Image.open(BytesIO(base64.b64decode(data))) as image:
            assert image.size == (414, 585)
    # The change is 5 pixels wide: a close-up of each, enlarged, shows it.
    close_ups = re.findall(r"<img alt='(\w+) page 2, close-up' src='data:image/png", html)
    assert close_ups == ["Expected", "Actual", "Diff"]
    assert "no snapshot" in html  # the other one, in the table


# -- the command ---------------------------------------------------------------------


def test_command_compares_updates_and_reports(tmp_path: Path) -> None:
    write_brief(tmp_path)
    missing = run(["snapshot", "weekly.yaml", "--dir", "snaps"], tmp_path)
    assert missing.returncode == 1
    assert "weekly/standard: no snapshot in snaps/weekly/standard (run again with --update" in (
        missing.stderr
    )

    stored = run(["snapshot", "weekly.yaml", "--dir", "snaps", "--update"], tmp_path)
    assert stored.returncode == 0, stored.stderr
    folder = "snaps/weekly/standard"
    assert stored.stdout.splitlines() == [
        f"{folder}/page-001.png",
        f"{folder}/page-001.txt",
        f"{folder}/page-002.png",
        f"{folder}/page-002.txt",
        f"{folder}/snapshot.json",
    ]
    same = run(["snapshot", "weekly.yaml", "--dir", "snaps"], tmp_path)
    assert (same.returncode, same.stdout, same.stderr) == (
        0,
        "",
        "weekly/standard: 2 pages, all match\n",
    )

    write_brief(tmp_path, number="4,128")
    changed = run(["snapshot", "weekly.yaml", "--dir", "snaps", "--report", "r.html"], tmp_path)
    assert changed.returncode == 1
    assert changed.stdout == "r.html\n"
    assert re.search(
        r"^weekly/standard page 2: [\d,]+ pixels changed \([\d.]+%\) in box "
        rf"\(\d+, \d+\)-\(\d+, \d+\); wrote {folder}/failures/page-002.actual.png and "
        rf"{folder}/failures/page-002.diff.png$",
        changed.stderr,
        re.MULTILINE,
    ), changed.stderr
    # Expected, actual and diff, whole and close up.
    assert (tmp_path / "r.html").read_text(encoding="utf-8").count("data:image/png") == 6
    # Tolerance loosens the pixels, never the text.
    loose = ["--threshold", "255", "--max-fraction", "1"]
    assert run(["snapshot", "weekly.yaml", "--dir", "snaps", *loose], tmp_path).returncode == 1

    accepted = run(["snapshot", "weekly.yaml", "--dir", "snaps", "--update"], tmp_path)
    assert accepted.returncode == 0
    assert accepted.stdout.splitlines() == [f"{folder}/page-002.png", f"{folder}/page-002.txt"]
    assert f"weekly/standard: removed {folder}/failures" in accepted.stderr
    assert run(["snapshot", "weekly.yaml", "--dir", "snaps"], tmp_path).returncode == 0


def test_command_takes_several_layouts_and_refuses_bad_input(tmp_path: Path) -> None:
    write_brief(tmp_path)
    (tmp_path / "broken.yaml").write_text("title: No date\n", encoding="utf-8")
    both = ["--layout", "standard", "--layout", "compact"]
    stored = run(["snapshot", "weekly.yaml", "--dir", "s", "--update", *both], tmp_path)
    assert stored.returncode == 0
    assert {line.rsplit("/", 1)[0] for line in stored.stdout.splitlines()} == {
        "s/weekly/standard",
        "s/weekly/compact",
    }
    assert run(["snapshot", "weekly.yaml", "--dir", "s", *both], tmp_path).returncode == 0

    invalid = run(["snapshot", "broken.yaml", "weekly.yaml", "--dir", "s", *both], tmp_path)
    assert invalid.returncode == 1
    assert invalid.stderr.count("broken.yaml") == 2  # each problem once, not once per layout
    assert "weekly/compact: 1 page, all match" in invalid.stderr
    for usage in (
        ["snapshot", "weekly.yaml"],
        ["snapshot", "weekly.yaml", "--dir", "s", "--threshold", "256"],
        ["snapshot", "weekly.yaml", "--dir", "s", "--max-fraction", "-0.1"],
        ["snapshot", "absent.yaml", "--dir", "s"],
    ):
        assert run(usage, tmp_path).returncode == 2, usage


# -- the pytest plugin ---------------------------------------------------------------


def test_the_plugin_updates_passes_then_fails_with_the_page_summary(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini("[pytest]\n")
    write_brief(pytester.path)
    pytester.makepyfile(
        test_weekly="""
        def test_weekly(brief_snapshot):
            brief_snapshot("weekly.yaml", layout="standard")
        """
    )
    folder = pytester.path / "tests" / "snapshots" / "weekly" / "standard"
    first = pytester.runpytest("--snapshot-update")
    first.assert_outcomes(passed=1)
    first.stdout.fnmatch_lines(["*briefpack snapshots updated*", f"wrote {folder}/page-001.png"])
    assert (folder / "page-002.png").exists()

    pytester.runpytest().assert_outcomes(passed=1)

    write_brief(pytester.path, number="4,128")
    failed = pytester.runpytest("--snapshot-report", "report.html")
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(
        [
            "weekly/standard page 2: * pixels changed (*) in box (*)-(*); wrote "
            f"{folder}/failures/page-002.actual.png and {folder}/failures/page-002.diff.png",
            "weekly/standard page 2: text changed:",
            f"weekly/standard: 1 of 2 pages differs; the actual and diff images are in "
            f"{folder}/failures; if the change is intended, run pytest with --snapshot-update",
        ]
    )
    assert "Traceback" not in failed.stdout.str()
    assert (pytester.path / "report.html").read_text(encoding="utf-8").count("data:image") == 6


def test_the_plugin_reports_an_invalid_brief_and_a_missing_snapshot(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini("[pytest]\n")
    (pytester.path / "broken.yaml").write_text("title: No date\n", encoding="utf-8")
    write_brief(pytester.path)
    pytester.makepyfile(
        test_briefs="""
        def test_broken(brief_snapshot):
            brief_snapshot("broken.yaml")

        def test_missing(brief_snapshot):
            brief_snapshot("weekly.yaml", snapshot_dir="snaps")

        def test_no_brief(brief_snapshot):
            brief_snapshot("nosuch.yaml")
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(
        [
            "*broken.yaml:*: error: *date*",
            f"weekly/standard: no snapshot in {pytester.path / 'snaps'}/weekly/standard "
            "(run pytest with --snapshot-update to create it)",
            "*no such file: *nosuch.yaml",
        ]
    )
    # Each problem is reported once, not again as the cause of the test's failure.
    printed = result.stdout.str().partition("short test summary info")[0]
    assert "During handling of the above exception" not in printed
    assert printed.count("error: the required key 'date' is missing") == 1
    assert printed.count("no such file:") == 1


def test_the_plugin_is_cheap_to_load() -> None:
    """pytest loads the plugin in every session: it must not pull in the renderer."""
    code = (
        "import sys, briefpack.snapshot.pytest_plugin\n"
        "heavy = ['reportlab', 'PIL', 'pypdfium2', 'pydantic', 'briefpack.pipeline']\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert loaded.stdout == "[]\n"


# -- determinism ---------------------------------------------------------------------


def test_pages_draw_the_same_in_separate_processes() -> None:
    """The stored snapshots rely on this: same PDF, same pdfium, same pixels and text."""
    code = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from briefpack.pipeline import package_assets, render_brief\n"
        "from briefpack.snapshot.raster import page_text, render_pages\n"
        "pdf = render_brief(Path(sys.argv[1]), package_assets(), 'compact').pdf\n"
        "pages = [image.tobytes() for image in render_pages(pdf)]\n"
        "print(hashlib.sha256(b''.join(pages) + ''.join(page_text(pdf)).encode()).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2024"):
        done = subprocess.run(
            [sys.executable, "-c", code, str(BRIEFS / "clapham.yaml")],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        digests.add(done.stdout)
    assert len(digests) == 1
    pdf = render(BRIEFS / "clapham.yaml", "compact")
    first, second = render_pages(pdf), render_pages(pdf)
    assert [image.tobytes() for image in first] == [image.tobytes() for image in second]
    assert page_text(pdf) == page_text(pdf)


def test_the_plugin_refuses_two_briefs_sharing_a_snapshot(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\n")
    write_brief(pytester.path)
    (pytester.path / "other").mkdir()
    write_brief(pytester.path / "other", number="99")
    pytester.makepyfile(
        test_two="""
        def test_first(brief_snapshot):
            brief_snapshot("weekly.yaml", layout="standard")

        def test_second(brief_snapshot):
            brief_snapshot("other/weekly.yaml", layout="standard")
        """
    )
    result = pytester.runpytest("--snapshot-update")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*other/weekly.yaml and *weekly.yaml would share the snapshot*"])
