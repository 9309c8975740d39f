"""The `briefpack` command: arguments in, diagnostics on stderr, paths on stdout.

Exit codes: 0 success, 1 an invalid brief or layout (the valid briefs still
render), 2 a usage error. Only this module prints or exits. Rendering modules
are imported inside the commands, so `briefpack --help` starts fast.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from .batch import Outcome, RenderTask
    from .diagnostics import Diagnostic
    from .pipeline import Assets

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn YAML news briefs into print-quality PDF briefings.",
    rich_markup_mode=None,
)

BriefPaths = Annotated[
    list[Path],
    typer.Argument(
        help="Brief files (YAML).", exists=True, dir_okay=False, readable=True, show_default=False
    ),
]
LayoutOption = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at run time
    typer.Option("--layout", "-l", help="Layout name; overrides the brief's `layout` key."),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Treat warnings (uncited source, missing glyph) as errors.")
]
MaxBytesOption = Annotated[
    int, typer.Option("--max-bytes", help="Largest brief file accepted, in bytes.", min=1)
]
MaxNodesOption = Annotated[
    int,
    typer.Option("--max-nodes", help="Most values a brief may hold, aliases expanded.", min=1),
]
MaxPixelsOption = Annotated[
    int, typer.Option("--max-pixels", help="Largest figure accepted, in pixels.", min=1)
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefpack {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Turn YAML news briefs into print-quality PDF briefings."""


def _check_layout_option(layout: str | None, assets: Assets) -> None:
    """`--layout NAME` must name a layout: a usage error (exit 2) otherwise, said once."""
    if layout is None:
        return
    from .brief_validation import did_you_mean
    from .layouts import available_layouts

    known = available_layouts(assets.layout_dirs)
    if layout not in known:
        close = did_you_mean(layout, known)
        hint = (
            f"did you mean '{close}'?" if close else f"the layouts are {', '.join(sorted(known))}"
        )
        typer.echo(f"error: --layout: no layout named '{layout}' ({hint})", err=True)
        raise typer.Exit(2)


def _local_layouts() -> tuple[Path, ...]:
    """A `layouts/` folder in the current folder, searched before the shipped ones."""
    local = Path.cwd() / "layouts"
    return (local,) if local.is_dir() else ()


#: Whether `main` held off the garbage collector for start-up (see `_started`).
_collector_held = False


def _started() -> None:
    """The command has loaded the modules it needs: they and what importing them
    made (pydantic's validators, ReportLab's tables) live as long as the process, so
    they are set aside for good (`gc.freeze`) before the garbage collector starts
    again."""
    global _collector_held
    if _collector_held:
        _collector_held = False
        gc.freeze()
        gc.enable()


def _assets(
    max_bytes: int, max_pixels: int, max_nodes: int = 100_000, *, rendering: bool = False
) -> Assets:
    from .pipeline import package_assets
    from .yaml_source import Limits

    if rendering:
        # Loaded now rather than by the first render, to be set aside with the rest.
        from . import page_templates, pdf_writer, story  # noqa: F401
    _started()
    assets = package_assets(_local_layouts())
    limits = Limits(max_bytes=max_bytes, max_pixels=max_pixels, max_nodes=max_nodes)
    return type(assets)(assets.fonts_dir, assets.layout_dirs, limits)


def _report(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], strict: bool) -> bool:
    """Print diagnostics to stderr; True if any of them fails the brief."""
    failed = False
    for diagnostic in diagnostics:
        if strict and diagnostic.severity == "warning":
            diagnostic = replace(diagnostic, severity="error")
        failed = failed or diagnostic.severity == "error"
        typer.echo(diagnostic.format(), err=True)
    return failed


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _internal(path: Path, problem: BaseException | str) -> None:
    if isinstance(problem, BaseException):
        problem = f"{type(problem).__name__}: {problem}"
    typer.echo(
        f"{path}: error: briefpack failed on this brief ({problem}); "
        "please report it with the brief attached",
        err=True,
    )


@app.command()
def render(
    briefs: BriefPaths,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="PDF file (one brief) or folder (several)."),
    ] = None,
    layout: LayoutOption = None,
    strict: StrictOption = False,
    max_bytes: MaxBytesOption = 2 * 1024 * 1024,
    max_nodes: MaxNodesOption = 100_000,
    max_pixels: MaxPixelsOption = 50_000_000,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", help="Processes to render with (0: one per core).", min=0),
    ] = 0,
    watch: Annotated[
        bool,
        typer.Option("--watch", help="Render again on every save of the brief; Ctrl-C stops."),
    ] = False,
    recipient: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--recipient", help='Print "Prepared for NAME" on every page and in the metadata.'
        ),
    ] = None,
    recipients: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--recipients",
            help="CSV of name,desk,email: one PDF per recipient, in the -o folder.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ] = None,
) -> None:
    """Render briefs to PDF (default: out/<brief name>.pdf)."""
    from .batch import RenderTask, default_jobs
    from .output import OutputProblem, plan_outputs

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
        from . import pipeline  # noqa: F401 - loaded once here, shared by forked workers

    def report(outcome: Outcome) -> None:
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
            typer.echo(f"  {outcome.task.brief}: {_first_problem(outcome)}", err=True)
    if failures:
        raise typer.Exit(1)


def _watch(task: RenderTask) -> None:
    """Render one brief, then again on every save, until Ctrl-C (which exits 0)."""
    from .watch import Rendering, file_changes, render_once, watch

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
    tasks: list[RenderTask],
    recipient: str | None,
    recipients: Path | None,
    output: Path | None,
    report: Callable[[Outcome], None],
) -> list[Outcome]:
    """--recipient: each brief stamped for one person; --recipients: one PDF of each
    brief per person in the list, named <brief slug>-<date>-<recipient slug>.pdf."""
    from .diagnostics import BriefError
    from .recipients import Recipient, read_recipients, render_copies

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
    tasks: list[RenderTask], jobs: int, report: Callable[[Outcome], None]
) -> list[Outcome]:
    """Render every task; a progress bar on a terminal when there are several."""
    from .batch import render_all

    if len(tasks) < 2 or not sys.stderr.isatty():
        return render_all(tasks, jobs, report)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task("render", total=len(tasks))

        def advance(outcome: Outcome) -> None:
            report(outcome)
            progress.advance(bar)

        return render_all(tasks, jobs, advance)


def _first_problem(outcome: Outcome) -> str:
    errors = [d for d in outcome.diagnostics if d.severity == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return errors[0].format() + more
    return outcome.problem or outcome.internal or "failed"


@app.command()
def validate(
    briefs: BriefPaths,
    layout: LayoutOption = None,
    strict: StrictOption = False,
    max_bytes: MaxBytesOption = 2 * 1024 * 1024,
    max_nodes: MaxNodesOption = 100_000,
    max_pixels: MaxPixelsOption = 50_000_000,
) -> None:
    """Check briefs as render would, and write nothing."""
    from .diagnostics import BriefError
    from .pipeline import check_brief

    assets = _assets(max_bytes, max_pixels, max_nodes)
    _check_layout_option(layout, assets)
    failed = False
    for brief in briefs:
        try:
            failed = _report(check_brief(brief, assets, layout).warnings, strict) or failed
        except BriefError as invalid:
            failed = _report(invalid.diagnostics, strict) or failed
        except Exception as problem:
            _internal(brief, problem)
            failed = True
    if failed:
        raise typer.Exit(1)


@app.command()
def layouts() -> None:
    """List the layouts, one line each."""
    from .layouts import describe_layouts

    assets = _assets(2 * 1024 * 1024, 50_000_000)
    described = describe_layouts(assets.layout_dirs)
    width = max((len(name) for name, _ in described), default=0)
    for name, description in described:
        typer.echo(f"{name:<{width}}  {description}")


# The commands kept in modules of their own register themselves on `app`.
from . import cli_authoring, cli_pack, cli_snapshot  # noqa: E402, F401


def main() -> None:
    """The console script's entry point."""
    # Start-up makes tens of thousands of long-lived objects, and the cyclic garbage
    # collector would walk all of them again and again while they are made: a tenth
    # of a cold render. It waits until the command has loaded what it needs.
    global _collector_held
    _collector_held = gc.isenabled()
    gc.disable()
    # pydantic looks for plugins (an experimental feature, which briefpack does not
    # use) by reading the entry points of every installed package, the first time a
    # model is built: 10 ms or more of every start in a well-stocked environment.
    # The command is briefpack's alone; a user who wants plugins can set the variable.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
