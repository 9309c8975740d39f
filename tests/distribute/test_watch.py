"""`briefpack render --watch`: a render after every save, and the last good PDF kept.

The loop is driven by scripted change sets (each one saves a file, then reports
it); one test runs the real command, with watchfiles, in a subprocess.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefpack.cli import app
from briefpack.distribute import watch as watch_module
from briefpack.distribute.batch import RenderTask
from briefpack.distribute.watch import Rendering, count_pages, render_once, watch, watched_files
from briefpack.pipeline import package_assets
from conftest import BRIEFS, TEST_BRIEFS, briefpack_command, page_texts, render

FIRST = """\
title: The first version
date: 2024-05-08
summary:
  text: Only the required keys.
"""
BROKEN = """\
title: A version with a typo
date: 2024-05-08
summary:
  text: Only the required keys.
titel: oops
"""
FIXED = FIRST.replace("The first version", "The fixed version")
WITH_FIGURE = (
    FIRST
    + """\
sections:
  - heading: A picture
    body: Below.
    figures:
      - path: figures/picture.png
        credit: Test material
"""
)
SHIPPED_LAYOUTS = package_assets().layout_dirs[-1].resolve()


def pdf_text(path: Path) -> str:
    return page_texts(path.read_bytes())[0]


class Recorder:
    """The reporter: every rendering, and the PDF's bytes just after it."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.renderings: list[Rendering] = []
        self.pdfs: list[bytes | None] = []

    def __call__(self, rendering: Rendering) -> None:
        self.renderings.append(rendering)
        self.pdfs.append(self.target.read_bytes() if self.target.exists() else None)


# The loop


def test_a_broken_save_keeps_the_last_good_pdf_and_a_fixed_one_renders_again(
    tmp_path: Path,
) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(FIRST)
    target = tmp_path / "out" / "brief.pdf"
    watched: list[frozenset[Path]] = []

    def saves(folders: frozenset[Path]) -> Iterator[set[Path]]:
        watched.append(folders)
        brief.write_text(BROKEN)
        yield {brief}
        (tmp_path / "notes.txt").write_text("not part of the brief")
        yield {tmp_path / "notes.txt", target}  # nothing the brief uses: no render
        brief.write_text(FIXED)
        yield {brief}

    report = Recorder(target)
    watch(RenderTask(brief, target), render_once, saves, report)

    first, broken, fixed = report.renderings
    assert first.outcome.written == target
    assert first.pages == 1
    assert "The first version" in page_texts(report.pdfs[0] or b"")[0]
    assert broken.outcome.failed
    assert [d.message for d in broken.outcome.diagnostics if "titel" in d.message]
    assert report.pdfs[1] == report.pdfs[0]  # untouched: the last good PDF
    assert fixed.outcome.written == target
    assert "The fixed version" in pdf_text(target)
    assert watched == [frozenset({tmp_path.resolve(), SHIPPED_LAYOUTS})]


def test_a_saved_layout_renders_again(tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "mine.yaml").write_text("extends: standard\ndescription: Mine\n")
    (layouts / "other.yaml").write_text("extends: standard\ndescription: Other\n")
    brief = tmp_path / "brief.yaml"
    brief.write_text(FIRST + "layout: mine\n")
    target = tmp_path / "brief.pdf"
    task = RenderTask(brief, target, layout_dirs=(layouts,))
    assert watched_files(task, package_assets(task.layout_dirs)) == {
        brief.resolve(),
        (layouts / "mine.yaml").resolve(),
        SHIPPED_LAYOUTS / "standard.yaml",
    }

    def saves(folders: frozenset[Path]) -> Iterator[set[Path]]:
        assert folders == {tmp_path.resolve(), layouts.resolve(), SHIPPED_LAYOUTS}
        (layouts / "other.yaml").write_text("extends: compact\ndescription: Other\n")
        yield {layouts / "other.yaml"}  # not the brief's layout: no render
        (layouts / "mine.yaml").write_text("extends: standard\ncolors:\n  ink: '#ff0000'\n")
        yield {layouts / "mine.yaml"}

    report = Recorder(target)
    watch(task, render_once, saves, report)
    assert len(report.renderings) == 2
    assert not any(r.outcome.failed for r in report.renderings)
    assert report.pdfs[0] != report.pdfs[1]


def test_a_figure_in_a_new_folder_is_watched_from_then_on(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(FIRST)
    (tmp_path / "figures").mkdir()
    picture = tmp_path / "figures" / "picture.png"
    shutil.copy(TEST_BRIEFS / "figures" / "alpha.png", picture)
    target = tmp_path / "brief.pdf"
    watched: list[frozenset[Path]] = []

    def saves(folders: frozenset[Path]) -> Iterator[set[Path]]:
        watched.append(folders)
        if len(watched) == 1:
            brief.write_text(WITH_FIGURE)
            yield {brief}
            raise AssertionError("the watch goes on in the old folders")
        shutil.copy(TEST_BRIEFS / "figures" / "palette.png", picture)
        yield {picture}

    report = Recorder(target)
    watch(RenderTask(brief, target), render_once, saves, report)
    assert len(report.renderings) == 3
    assert picture.resolve() in report.renderings[1].inputs
    assert watched[1] == watched[0] | {picture.parent.resolve()}
    assert not any(r.outcome.failed for r in report.renderings)
    assert len(set(report.pdfs)) == 3


def test_a_brief_that_cannot_be_read_keeps_its_files_watched(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(FIRST + "layout: compact\n")
    target = tmp_path / "brief.pdf"

    def saves(folders: frozenset[Path]) -> Iterator[set[Path]]:
        brief.write_text("title: [unclosed\n")
        yield {brief}
        yield {SHIPPED_LAYOUTS / "compact.yaml"}  # still the layout in use

    report = Recorder(target)
    watch(RenderTask(brief, target), render_once, saves, report)
    assert len(report.renderings) == 3
    assert all(r.outcome.failed for r in report.renderings[1:])
    assert report.pdfs[0] == report.pdfs[1] == report.pdfs[2]


def test_count_pages_agrees_with_a_pdf_reader() -> None:
    for brief in (BRIEFS / "clapham.yaml", TEST_BRIEFS / "minimal.yaml"):
        pdf = render(brief)
        assert count_pages(pdf) == len(PdfReader(BytesIO(pdf)).pages)


# The command


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "brief.yaml").write_text(FIRST)
    return tmp_path


def test_the_command_reports_every_render(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    brief = workdir / "brief.yaml"

    def saves(folders: frozenset[Path]) -> Iterator[set[Path]]:
        brief.write_text(BROKEN)
        yield {brief}
        brief.write_text(FIXED)
        yield {brief}

    monkeypatch.setattr(watch_module, "file_changes", saves)
    result = CliRunner().invoke(app, ["render", "--watch", "brief.yaml"])
    assert result.exit_code == 0, result.output
    # stdout carries only the paths written; the details go to stderr.
    assert result.stdout == "out/brief.pdf\nout/brief.pdf\n"
    assert len(re.findall(r"rendered out/brief\.pdf \(1 page, \d+ KB\)", result.stderr)) == 2
    assert "brief.yaml:5:1: error: unknown key 'titel'" in result.stderr
    assert "brief.yaml: not rendered, so out/brief.pdf keeps the last good version" in (
        result.stderr
    )
    assert "The fixed version" in pdf_text(workdir / "out" / "brief.pdf")


def test_a_first_render_that_fails_says_nothing_was_written(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "brief.yaml").write_text(BROKEN)
    monkeypatch.setattr(watch_module, "file_changes", lambda folders: iter(()))
    result = CliRunner().invoke(app, ["render", "--watch", "brief.yaml", "-o", "x.pdf"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "not rendered, so x.pdf is not written" in result.stderr


def test_ctrl_c_stops_the_watch_cleanly(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(folders: frozenset[Path]) -> Iterator[set[Path]]:
        raise KeyboardInterrupt
        yield set()  # a generator, like the real one

    monkeypatch.setattr(watch_module, "file_changes", interrupted)
    result = CliRunner().invoke(app, ["render", "--watch", "brief.yaml"])
    assert result.exit_code == 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "stopped watching" in result.stderr
    assert (workdir / "out" / "brief.pdf").is_file()


def test_watch_takes_one_brief(workdir: Path) -> None:
    (workdir / "other.yaml").write_text(FIRST)
    result = CliRunner().invoke(app, ["render", "--watch", "brief.yaml", "other.yaml"])
    assert result.exit_code == 2
    assert "--watch takes one brief" in result.stderr
    assert not (workdir / "out").exists()


# The real thing: watchfiles noticing a save, in a subprocess


def test_the_command_renders_again_when_the_brief_is_saved(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(FIRST)
    target = tmp_path / "brief.pdf"
    process = subprocess.Popen(
        [*briefpack_command(), "render", "--watch", "brief.yaml", "-o", "brief.pdf"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None and process.stderr is not None
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    ).start()
    try:
        assert lines.get(timeout=30) == "brief.pdf\n"  # stdout: the path written
        assert "The first version" in pdf_text(target)
        # The watcher starts just after the first render: save until it notices.
        deadline = time.monotonic() + 20
        while True:
            brief.write_text(FIXED)
            try:
                assert lines.get(timeout=1.0) == "brief.pdf\n"
                break
            except queue.Empty:
                assert time.monotonic() < deadline, "the save was never noticed"
        assert "The fixed version" in pdf_text(target)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        stderr = process.stderr.read()
        assert "Traceback" not in stderr, stderr
        assert "stopped watching" in stderr
        assert "rendered brief.pdf (1 page, " in stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def test_watchfiles_is_imported_only_when_a_watch_starts() -> None:
    code = (
        "import sys, briefpack.cli, briefpack.distribute.watch;"
        " sys.exit('watchfiles' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60, check=False).returncode == 0


def test_watch_with_recipients_is_a_usage_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from briefpack.cli import app

    brief = tmp_path / "b.yaml"
    brief.write_text("title: T\ndate: 2024-01-01\nsummary:\n  text: x\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(brief), "--watch", "--recipient", "A, B"])
    assert result.exit_code == 2
    assert "--watch" in result.stderr
