"""The `briefpack snapshot` command: compare rendered pages with stored snapshots."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    BriefPaths,
    Command,
    MaxBytesOption,
    MaxNodesOption,
    MaxPixelsOption,
    _assets,
    _internal,
    _report,
    _shown,
    app,
)

if TYPE_CHECKING:
    from briefpack.common.diagnostics import Diagnostic


@app.command(cls=Command)
def snapshot(
    briefs: BriefPaths,
    snapshot_dir: Annotated[
        Path,
        typer.Option(
            "--dir",
            metavar="DIR",
            help="Folder of the snapshots: <dir>/<brief>/<layout>/page-001.png, ...",
            file_okay=False,
            show_default=False,
        ),
    ],
    layout_names: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--layout",
            "-l",
            metavar="LAYOUT",
            help="Layout to render in; repeat for several (default: the brief's).",
        ),
    ] = None,
    update: Annotated[
        bool, typer.Option("--update", help="Store the rendered pages, accepting every change.")
    ] = False,
    report: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--report",
            metavar="FILE",
            help="Write an HTML page of every page that differs.",
            dir_okay=False,
        ),
    ] = None,
    threshold: Annotated[
        int,
        typer.Option(
            "--threshold",
            metavar="N",
            min=0,
            max=255,
            help="Ignore channel differences up to this (0-255).",
        ),
    ] = 0,
    max_fraction: Annotated[
        float,
        typer.Option(
            "--max-fraction",
            metavar="F",
            min=0.0,
            max=1.0,
            help="Fraction of a page's pixels that may change (0-1).",
        ),
    ] = 0.0,
    max_bytes: MaxBytesOption = 2 * 1024 * 1024,
    max_nodes: MaxNodesOption = 100_000,
    max_pixels: MaxPixelsOption = 50_000_000,
) -> None:
    """Compare rendered pages with stored snapshots; --update stores them."""
    from briefpack.common.diagnostics import BriefError
    from briefpack.pipeline import check_brief, render_checked
    from briefpack.snapshot.compare import Tolerance, compare, snapshot_name, summary_lines
    from briefpack.snapshot.compare import update as update_snapshot
    from briefpack.snapshot.report import write_report

    assets = _assets(max_bytes, max_pixels, max_nodes, rendering=True)
    tolerance = Tolerance(threshold, max_fraction)
    printed: set[str] = set()  # a brief's problems, once however many layouts

    def report_once(diagnostics: "tuple[Diagnostic, ...]") -> bool:
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
