"""Many briefs to many PDFs, in parallel processes; one brief's failure stops no other.

Each render is a pure function of (brief, layout, fonts): `render_task` takes
a `RenderTask` and returns an `Outcome` holding only plain data, so it runs the
same in this process, in a process pool, or as a task on a distributed engine.
Nothing here prints: the caller reports outcomes as they come.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.brief.yaml_source import Limits
from briefpack.common.diagnostics import BriefError, Diagnostic

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


@dataclass(frozen=True)
class RenderTask:
    """One brief to render: where it is, where its PDF goes, and how."""

    brief: Path
    target: Path
    layout: str | None = None
    strict: bool = False
    limits: Limits = field(default_factory=Limits)
    layout_dirs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What became of one task: the PDF written (if any), and every diagnostic."""

    task: RenderTask
    written: Path | None
    diagnostics: tuple[Diagnostic, ...] = ()
    problem: str | None = None  # the output could not be written
    internal: str | None = None  # a failure in briefpack itself, not the brief's fault
    size: int = 0

    @property
    def failed(self) -> bool:
        return self.written is None


def render_task(task: RenderTask) -> Outcome:
    """Check, render and write one brief. Never raises for anything in the brief."""
    from briefpack.common.output import OutputProblem, write_atomically
    from briefpack.pipeline import check_brief, package_assets, render_checked

    assets = package_assets(task.layout_dirs)
    assets = replace(assets, limits=task.limits)
    try:
        checked = check_brief(task.brief, assets, task.layout)
        warnings = checked.warnings
        if task.strict and warnings:
            strict = tuple(replace(d, severity="error") for d in warnings)
            return Outcome(task, None, strict)
        pdf = render_checked(checked)
        write_atomically(task.target, pdf)
        return Outcome(task, task.target, warnings, size=len(pdf))
    except BriefError as invalid:
        return Outcome(task, None, invalid.diagnostics)
    except OutputProblem as problem:
        return Outcome(task, None, problem=str(problem))
    except Exception as problem:  # a bug in briefpack must not stop the other briefs
        return Outcome(task, None, internal=f"{type(problem).__name__}: {problem}")


def render_all(
    tasks: Sequence[RenderTask], jobs: int = 1, on_done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Every task's outcome, in the order of `tasks`; `on_done` hears each as it ends."""
    outcomes: dict[int, Outcome] = {}
    for index, outcome in _run(tasks, jobs):
        outcomes[index] = outcome
        if on_done:
            on_done(outcome)
    return [outcomes[i] for i in range(len(tasks))]


def default_jobs() -> int:
    """One process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _warm_up(tasks: Sequence[RenderTask]) -> None:
    """Load what every render of these tasks needs, once, before the workers fork."""
    from briefpack.layout.hyphenation import load_hyphenation
    from briefpack.layout.loader import load_theme
    from briefpack.pipeline import package_assets
    from briefpack.render.fonts import register_family

    assets = package_assets(tasks[0].layout_dirs)
    for name in sorted({task.layout or "standard" for task in tasks}):
        try:
            theme = load_theme(name, assets)
        except Exception:  # noqa: BLE001 - reported by the task that names it
            continue
        for family in set(theme.fonts.values()):
            register_family(assets.fonts_dir, family)
        load_hyphenation(theme)


def _run(tasks: Sequence[RenderTask], jobs: int) -> Iterator[tuple[int, Outcome]]:
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        for index, task in enumerate(tasks):
            yield index, render_task(task)
        return
    # fork where there is one: the workers start with ReportLab, the fonts, the
    # layouts and the hyphenation patterns this process loads here, instead of
    # each loading them again.
    _warm_up(tasks)
    from concurrent.futures import as_completed

    with _pool(jobs) as pool:
        futures = {pool.submit(render_task, task): index for index, task in enumerate(tasks)}
        for future in as_completed(futures):
            yield futures[future], future.result()


@contextmanager
def _pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of `jobs` worker processes, forked where the system can fork.

    What this process holds is frozen for the collector while the workers fork:
    a collection in a worker then leaves those objects alone, and their pages
    stay shared with this process instead of being copied into each worker.
    """
    # Imported here, not at the top: a render of one brief never starts a process.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            yield pool
    finally:
        gc.unfreeze()
