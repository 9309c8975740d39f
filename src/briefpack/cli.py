"""The `briefpack` command: arguments in, diagnostics on stderr, paths on stdout.

Exit codes: 0 success, 1 an invalid brief or layout (the valid briefs still
render), 2 a usage error. Only this module prints or exits. Rendering modules
are imported inside the commands, so `briefpack --help` starts fast.
"""

from __future__ import annotations

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


def _assets(max_bytes: int, max_pixels: int, max_nodes: int = 100_000) -> Assets:
    from .pipeline import package_assets
    from .yaml_source import Limits

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
    assets = _assets(max_bytes, max_pixels, max_nodes)
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
def pack(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Brief files with --title, or one pack file (YAML).",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="PDF file (default: out/<title>.pdf)."),
    ] = None,
    title: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--title", help="The pack's title; without it, FILES is one pack file."),
    ] = None,
    layout: LayoutOption = None,
    date: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--date", help="The pack's date, YYYY-MM-DD (default: the latest brief's)."),
    ] = None,
) -> None:
    """Bind briefs into one PDF: a cover, a contents page, then each brief."""
    import datetime as dt

    from .diagnostics import BriefError
    from .output import OutputProblem, write_atomically
    from .pack import PackSpec, check_pack, pack_slug, read_pack_file
    from .pack_writer import render_pack

    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        typer.echo(f"error: --date: '{date}' is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
    if title is None and len(files) > 1:
        typer.echo("error: give the pack a --title, or name one pack file", err=True)
        raise typer.Exit(2)
    assets = _assets(2 * 1024 * 1024, 50_000_000)
    try:
        spec = read_pack_file(files[0], _shown(files[0]), assets) if title is None else None
        spec = spec or PackSpec(title or "", None, tuple(files))
        if layout:
            spec = replace(spec, layout=layout, layout_position=None)
        spec = replace(spec, date=day or spec.date)
        checked = check_pack(spec, assets, [_shown(path) for path in spec.briefs])
        _report(checked.warnings, strict=False)
        target = output or Path.cwd() / "out" / f"{pack_slug(spec.title)}.pdf"
        pdf = render_pack(checked)
        write_atomically(target, pdf)
    except BriefError as invalid:
        _report(invalid.diagnostics, strict=False)
        raise typer.Exit(1) from None
    except OutputProblem as problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    except Exception as problem:  # a bug must print a report, never a traceback
        _internal(files[0], problem)
        raise typer.Exit(1) from None
    typer.echo(_shown(target))
    typer.echo(f"wrote {_shown(target)} ({max(1, round(len(pdf) / 1024))} KB)", err=True)


@app.command()
def layouts() -> None:
    """List the layouts, one line each."""
    from .layouts import describe_layouts

    assets = _assets(2 * 1024 * 1024, 50_000_000)
    described = describe_layouts(assets.layout_dirs)
    width = max((len(name) for name, _ in described), default=0)
    for name, description in described:
        typer.echo(f"{name:<{width}}  {description}")


@app.command()
def new(
    name: Annotated[
        str,
        typer.Argument(
            help="Name of the new brief file (.yaml is added if missing).", show_default=False
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    date: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--date", help="The brief's date, YYYY-MM-DD (default: today).", show_default=False
        ),
    ] = None,
) -> None:
    """Write a starter brief with every part of the format, each key explained."""
    import datetime as dt
    import re
    import shlex

    from .starter import brief_file, find_schema, schema_modeline, slugify, starter_text

    try:
        if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise ValueError(date)
        day = dt.date.fromisoformat(date) if date is not None else dt.date.today()
    except ValueError:
        raise typer.BadParameter(
            f"'{date}' is not a date: write YYYY-MM-DD, e.g. 2024-05-06", param_hint="--date"
        ) from None
    target = brief_file(name)
    if target.is_dir():
        typer.echo(
            f"error: {target} is a folder; give a file name such as {target / 'brief.yaml'}",
            err=True,
        )
        raise typer.Exit(1)
    if target.exists() and not force:
        typer.echo(
            f"error: {target} already exists, so it was left as it was; "
            "choose another name, or add --force to replace it",
            err=True,
        )
        raise typer.Exit(1)
    modeline = schema_modeline(target, find_schema(target.parent.resolve()))
    text = starter_text(shlex.quote(str(target)), slugify(target.name), day, modeline)
    from .output import OutputProblem, write_atomically

    try:
        if force:  # replaced whole or not at all, like a PDF
            write_atomically(target, text.encode("utf-8"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as file:
                file.write(text.encode("utf-8"))
    except FileExistsError:
        typer.echo(f"error: {target} already exists; add --force to replace it", err=True)
        raise typer.Exit(1) from None
    except OutputProblem as problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    except OSError as problem:
        typer.echo(f"error: cannot write {target}: {problem.strerror}", err=True)
        raise typer.Exit(1) from None
    typer.echo(_shown(target))
    typer.echo(
        f"next: fill it in, then run: briefpack render --watch {shlex.quote(str(target))}", err=True
    )


@app.command()
def schema(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Write the schema to this file instead of printing it.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the brief format, for editors' YAML tools."""
    from .schema import schema_text

    text = schema_text()
    if output is None:
        typer.echo(text, nl=False)
        return
    from .output import OutputProblem, write_atomically

    try:
        write_atomically(output, text.encode("utf-8"))
    except OutputProblem as problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    typer.echo(_shown(output))


@app.command()
def snapshot(
    briefs: BriefPaths,
    snapshot_dir: Annotated[
        Path,
        typer.Option(
            "--dir",
            help="Folder of the snapshots: <dir>/<brief>/<layout>/page-001.png, ...",
            file_okay=False,
            show_default=False,
        ),
    ],
    layout_names: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--layout", "-l", help="Layout to render in; repeat for several (default: the brief's)."
        ),
    ] = None,
    update: Annotated[
        bool, typer.Option("--update", help="Store the rendered pages, accepting every change.")
    ] = False,
    report: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--report", help="Write an HTML page of every page that differs.", dir_okay=False
        ),
    ] = None,
    threshold: Annotated[
        int,
        typer.Option("--threshold", min=0, max=255, help="Ignore channel differences up to this."),
    ] = 0,
    max_fraction: Annotated[
        float,
        typer.Option(
            "--max-fraction", min=0.0, max=1.0, help="Fraction of a page's pixels that may change."
        ),
    ] = 0.0,
    max_bytes: MaxBytesOption = 2 * 1024 * 1024,
    max_nodes: MaxNodesOption = 100_000,
    max_pixels: MaxPixelsOption = 50_000_000,
) -> None:
    """Compare rendered pages with stored snapshots; --update stores them."""
    from .diagnostics import BriefError
    from .pipeline import check_brief, render_checked
    from .snapshot import Tolerance, compare, snapshot_name, summary_lines
    from .snapshot import update as update_snapshot
    from .snapshot_report import write_report

    assets = _assets(max_bytes, max_pixels, max_nodes)
    tolerance = Tolerance(threshold, max_fraction)
    printed: set[str] = set()  # a brief's problems, once however many layouts

    def report_once(diagnostics: tuple[Diagnostic, ...]) -> bool:
        fresh = [d for d in diagnostics if d.format() not in printed]
        printed.update(d.format() for d in fresh)
        return _report(fresh, strict=False) or any(d.severity == "error" for d in diagnostics)

    layouts_to_do: list[str | None] = list(layout_names) if layout_names else [None]
    owners: dict[str, Path] = {}
    results = []
    to_update: list[tuple[str, bytes]] = []
    failed = False
    for brief in briefs:
        for layout in layouts_to_do:
            try:
                checked = check_brief(brief, assets, layout)
                report_once(checked.warnings)
                name = snapshot_name(brief, checked.theme.name)
                owner = owners.setdefault(name, brief.resolve())
                if owner != brief.resolve():
                    typer.echo(
                        f"{brief}: error: its snapshot {name} is the one of {_shown(owner)}; "
                        "snapshot them from separate --dir folders",
                        err=True,
                    )
                    failed = True
                    continue
                pdf = render_checked(checked)
                if update:
                    to_update.append((name, pdf))
                if report is not None or not update:
                    result = compare(pdf, snapshot_dir, name, tolerance)
                    results.append(result)
                    if not update:
                        for line in summary_lines(result, "run again with --update"):
                            typer.echo(line, err=True)
                        failed = failed or not result.ok
            except BriefError as invalid:
                failed = report_once(invalid.diagnostics) or failed
            except (OSError, ValueError) as problem:
                typer.echo(f"{brief}: error: {problem}", err=True)
                failed = True
            except Exception as problem:
                _internal(brief, problem)
                failed = True
    if report is not None:
        write_report(results, report, "run again with --update")
        typer.echo(_shown(report))
    for name, pdf in to_update:
        try:
            touched = update_snapshot(pdf, snapshot_dir, name)
        except (OSError, ValueError) as problem:
            typer.echo(f"{snapshot_dir / name}: error: {problem}", err=True)
            failed = True
            continue
        for path in touched:
            if path.exists():
                typer.echo(_shown(path))
            else:
                typer.echo(f"{name}: removed {_shown(path)}", err=True)
        if not touched:
            typer.echo(f"{name}: unchanged", err=True)
    if failed:
        raise typer.Exit(1)


def main() -> None:
    """The console script's entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
