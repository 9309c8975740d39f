"""Batch rendering: parallel processes give the same PDFs, and failures stay local."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefpack.distribute.batch import RenderTask, render_all, render_task
from conftest import BRIEFS, TEST_BRIEFS, briefpack_command


def make_briefs(folder: Path) -> list[Path]:
    paths = []
    for i in range(4):
        path = folder / f"brief-{i}.yaml"
        text = (TEST_BRIEFS / "minimal.yaml").read_text(encoding="utf-8")
        path.write_text(text.replace("the smallest brief", f"brief number {i}"), encoding="utf-8")
        paths.append(path)
    shutil.copy(BRIEFS / "clapham.yaml", folder / "clapham.yaml")
    paths.append(folder / "clapham.yaml")
    (folder / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    paths.insert(2, folder / "broken.yaml")
    return paths


@pytest.mark.parametrize("jobs", [1, 2])
def test_outcomes_come_back_in_order_and_failures_stay_local(tmp_path: Path, jobs: int) -> None:
    briefs = make_briefs(tmp_path)
    tasks = [RenderTask(b, tmp_path / "out" / f"{b.stem}.pdf") for b in briefs]
    heard = []
    outcomes = render_all(tasks, jobs, heard.append)
    assert [o.task for o in outcomes] == tasks
    assert sorted(map(id, heard)) == sorted(map(id, outcomes))
    failed = [o.task.brief.name for o in outcomes if o.failed]
    assert failed == ["broken.yaml"]
    assert outcomes[2].diagnostics and outcomes[2].diagnostics[0].position is not None
    for outcome in outcomes:
        if not outcome.failed:
            assert outcome.written is not None and outcome.written.read_bytes()[:5] == b"%PDF-"


def test_parallel_renders_are_byte_identical_to_serial_ones(tmp_path: Path) -> None:
    briefs = [b for b in make_briefs(tmp_path) if b.name != "broken.yaml"]
    serial = [RenderTask(b, tmp_path / "one" / f"{b.stem}.pdf") for b in briefs]
    parallel = [RenderTask(b, tmp_path / "two" / f"{b.stem}.pdf") for b in briefs]
    render_all(serial, 1)
    render_all(parallel, 2)
    for one, two in zip(serial, parallel, strict=True):
        assert one.target.read_bytes() == two.target.read_bytes()


def test_a_failure_inside_briefpack_is_an_outcome_not_an_exception(tmp_path: Path) -> None:
    brief = tmp_path / "fine.yaml"
    shutil.copy(TEST_BRIEFS / "minimal.yaml", brief)
    target = tmp_path / "folder.pdf"
    target.mkdir()
    outcome = render_task(RenderTask(brief, target))
    assert outcome.failed and outcome.problem and "folder" in outcome.problem


def test_cli_jobs_summarises_failures(tmp_path: Path) -> None:
    import subprocess

    make_briefs(tmp_path)
    names = sorted(p.name for p in tmp_path.glob("*.yaml"))
    result = subprocess.run(
        [*briefpack_command(), "render", *names, "-o", "out", "--jobs", "2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"out/{n[:-5]}.pdf" for n in names if n != "broken.yaml"]
    assert "5 of 6 briefs rendered; 1 failed:" in result.stderr
    assert "\n  broken.yaml:1:8: error: this [ is never closed" in result.stderr  # the name once
    assert "Traceback" not in result.stderr


def test_renders_run_as_tasks_on_a_distributed_engine(tmp_path: Path) -> None:
    """The README's Dask example, on the local process scheduler."""
    import dask.bag as bag

    briefs = [b for b in make_briefs(tmp_path) if b.name != "broken.yaml"]
    tasks = [RenderTask(b, tmp_path / "out" / f"{b.stem}.pdf") for b in briefs]
    outcomes = (
        bag.from_sequence(tasks, npartitions=2)
        .map(render_task)
        .compute(scheduler="processes", num_workers=2)
    )
    assert [o.written for o in outcomes] == [t.target for t in tasks]
    assert all(t.target.read_bytes()[:5] == b"%PDF-" for t in tasks)


def test_workers_fork_with_what_the_batch_loaded_frozen() -> None:
    """The collector in a worker leaves the forked objects (and their shared
    pages) alone; the batch's own process is unfrozen after."""
    import gc

    from briefpack.distribute.batch import _pool

    with _pool(2) as pool:
        frozen = pool.submit(gc.get_freeze_count).result()
    assert frozen > 0
    assert gc.get_freeze_count() == 0
