"""The `briefpack render` command: briefs in, PDFs out (one per brief, or one per
recipient), or a watch that renders again on every save."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    BriefPaths,
    Command,
    LayoutOption,
    MaxBytesOption,
    MaxNodesOption,
    MaxPixelsOption,
    StrictOption,
    _assets,
    _check_layout_option,
    _internal,
    _local_layouts,
    _located,
    _report,
    _shown,
    app,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from briefpack.distribute.batch import Outcome, RenderTask


@app.command(cls=Command)
def render(
    briefs: BriefPaths,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output", "-o", metavar="PATH", help="PDF file (one brief) or folder (several)."
        ),
    ] = None,
    layout: LayoutOption = None,
    strict: StrictOption = False,
    max_bytes: MaxBytesOption = 2 * 1024 * 1024,
    max_nodes: MaxNodesOption = 100_000,
    max_pixels: MaxPixelsOption = 50_000_000,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", metavar="N", help="Processes to render with (0: one per core).", min=0
        ),
    ] = 0,
    watch: Annotated[
        bool,
        typer.Option("--watch", help="Render again on every save of the brief; Ctrl-C stops."),
    ] = False,
    recipient: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--recipient",
            metavar="NAME",
            help='Print "Prepared for NAME" on every page and in the metadata.',
        ),
    ] = None,
    recipients: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--recipients",
            metavar="FILE.csv",
            help="CSV of name,desk,email: one PDF per recipient, in the -o folder.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ] = None,
) -> None:
    """Render briefs to PDF (default: out/<brief name>.pdf)."""
    from briefpack.common.output import OutputProblem, plan_outputs
    from briefpack.distribute.batch import RenderTask, default_jobs

    if watch and len(briefs) > 1:
        typer.echo("error: --watch takes one brief; start one watch per brief", err=True)
        raise typer.Exit(2)
    if watch and (recipient is not None or recipients is not None):
        message = "--watch renders the editing copy; render the recipients' copies after"
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(2)
    assets = _assets(max_bytes, max_pixels, max_nodes, rendering=True)
    _check_layout_option(layout, assets)
    try:
        targets = plan_outputs(briefs, output, Path.cwd())
    except OutputProblem as problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(2) from None
    tasks = [
        RenderTask(brief, target, layout, strict, assets.limits, _local_layouts())
        for brief, target in zip(briefs, targets, strict=True)
    ]
    if watch:
        _watch(tasks[0])
        return
    if len(tasks) > 1 and jobs != 1:
        from briefpack import pipeline  # noqa: F401 - loaded once here, shared by forked workers

    def report(outcome: "Outcome") -> None:
        _report(outcome.diagnostics, strict=False)
        if outcome.problem:
            typer.echo(f"{_shown(outcome.task.target)}: error: {outcome.problem}", err=True)
        if outcome.internal:
            _internal(outcome.task.brief, outcome.internal)

    # Problems are told as they happen; the paths written, in the order given.
    copies = recipient is not None or recipients is not None
    if copies:
        outcomes = _render_copies(tasks, recipient, recipients, output, report)
    else:
        outcomes = _with_progress(tasks, jobs or default_jobs(), report)
    for outcome in outcomes:
        if outcome.written:
            typer.echo(_shown(outcome.written))
            if copies:  # sizes on stderr: stdout carries only paths
                kilobytes = max(1, round(outcome.size / 1024))
                typer.echo(f"wrote {_shown(outcome.written)} ({kilobytes} KB)", err=True)
    failures = [outcome for outcome in outcomes if outcome.failed]
    if len(tasks) > 1 and failures:
        written = len(tasks) - len(failures)
        typer.echo(f"{written} of {len(tasks)} briefs rendered; {len(failures)} failed:", err=True)
        for outcome in failures:
            typer.echo(f"  {_first_problem(outcome)}", err=True)
    if failures:
        raise typer.Exit(1)


def _watch(task: "RenderTask") -> None:
    """Render one brief, then again on every save, until Ctrl-C (which exits 0)."""
    from briefpack.distribute.watch import Rendering, file_changes, render_once, watch

    def report(rendering: Rendering) -> None:
        outcome = rendering.outcome
        _report(outcome.diagnostics, strict=False)
        if outcome.problem:
            typer.echo(f"{_shown(task.target)}: error: {outcome.problem}", err=True)
        if outcome.internal:
            _internal(task.brief, outcome.internal)
        if outcome.written:
            pages = f"{rendering.pages} page{'' if rendering.pages == 1 else 's'}"
            size = f"{max(1, round(outcome.size / 1024))} KB"
            typer.echo(_shown(outcome.written))  # stdout carries only the paths written
            typer.echo(f"rendered {_shown(outcome.written)} ({pages}, {size})", err=True)
        else:
            kept = "keeps the last good version" if task.target.exists() else "is not written"
            typer.echo(
                f"{task.brief}: not rendered, so {_shown(task.target)} {kept}; "
                "fix the brief and save it again",
                err=True,
            )

    typer.echo(f"watching {task.brief}, its layout and figures; Ctrl-C stops", err=True)
    try:
        watch(task, render_once, file_changes, report)
    except KeyboardInterrupt:
        typer.echo("stopped watching", err=True)
    except OSError as problem:
        typer.echo(f"{task.brief}: error: cannot watch its files: {problem}", err=True)
        raise typer.Exit(1) from None


def _render_copies(
    tasks: "list[RenderTask]",
    recipient: str | None,
    recipients: Path | None,
    output: Path | None,
    report: "Callable[[Outcome], None]",
) -> "list[Outcome]":
    """--recipient: each brief stamped for one person; --recipients: one PDF of each
    brief per person in the list, named <brief slug>-<date>-<recipient slug>.pdf."""
    from briefpack.common.diagnostics import BriefError
    from briefpack.distribute.recipients import Recipient, read_recipients, render_copies

    if recipient is not None and recipients is not None:
        typer.echo("error: give --recipient or --recipients, not both", err=True)
        raise typer.Exit(2)
    if recipients is None:
        if not (recipient or "").strip():
            typer.echo(
                "error: --recipient needs a name, e.g. --recipient 'Jo Bloggs, News'", err=True
            )
            raise typer.Exit(2)
        return render_copies(tasks, [Recipient(recipient or "")], None, report)
    if output is not None and output.suffix.lower() == ".pdf" and not output.is_dir():
        typer.echo("error: with --recipients, -o names a folder (default: out/)", err=True)
        raise typer.Exit(2)
    try:
        listed = read_recipients(recipients, str(recipients))
    except BriefError as invalid:
        _report(invalid.diagnostics, strict=False)
        raise typer.Exit(1) from None
    return render_copies(tasks, listed, output or Path.cwd() / "out", report)


def _with_progress(
    tasks: "list[RenderTask]", jobs: int, report: "Callable[[Outcome], None]"
) -> "list[Outcome]":
    """Render every task; a progress bar on a terminal when there are several."""
    from briefpack.distribute.batch import render_all

    if len(tasks) < 2 or not sys.stderr.isatty():
        return render_all(tasks, jobs, report)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task("render", total=len(tasks))

        def advance(outcome: "Outcome") -> None:
            report(outcome)
            progress.advance(bar)

        return render_all(tasks, jobs, advance)


def _first_problem(outcome: "Outcome") -> str:
    """The failed brief's first error, named once: a diagnostic names its own file."""
    errors = [d for d in outcome.diagnostics if d.severity == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        first = _located(errors[0]).format() + more
        return first if errors[0].position else f"{outcome.task.brief}: {first}"
    return f"{outcome.task.brief}: {outcome.problem or outcome.internal or 'failed'}"
