"""The `briefpack pack` command: briefs or a pack file in, one PDF out (see `pack`)."""

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import (
    Command,
    LayoutOption,
    _assets,
    _internal,
    _report,
    _shown,
    app,
)


@app.command(cls=Command)
def pack(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="Brief files with --title, or one pack file (YAML).",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", metavar="FILE", help="PDF file (default: out/<title>.pdf)."),
    ] = None,
    title: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--title", metavar="TITLE", help="The pack's title; without it, FILE is one pack file."
        ),
    ] = None,
    layout: LayoutOption = None,
    date: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="The pack's date, YYYY-MM-DD (default: the latest brief's).",
        ),
    ] = None,
    lang: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--lang",
            metavar="LANG",
            help="Language of the cover, contents, header and footer, e.g. fr "
            "(default: the first brief's). Each brief keeps its own.",
        ),
    ] = None,
) -> None:
    """Bind briefs into one PDF: a cover, a contents page, then each brief."""

    from briefpack.common.diagnostics import BriefError
    from briefpack.common.output import OutputProblem, write_atomically
    from briefpack.distribute.pack import PackSpec, check_pack, pack_slug, read_pack_file
    from briefpack.render.pack_writer import render_pack

    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        typer.echo(f"error: --date: '{date}' is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
    if title is None and len(files) > 1:
        typer.echo("error: give the pack a --title, or name one pack file", err=True)
        raise typer.Exit(2)
    assets = _assets(2 * 1024 * 1024, 50_000_000, rendering=True)
    try:
        spec = read_pack_file(files[0], _shown(files[0]), assets) if title is None else None
        spec = spec or PackSpec(title or "", None, tuple(files))
        if layout:
            spec = replace(spec, layout=layout, layout_position=None)
        spec = replace(spec, date=day or spec.date)
        if lang:
            spec = replace(spec, lang=lang, lang_position=None)
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
