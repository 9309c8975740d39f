"""The commands for the people who write briefs: `validate`, `layouts`, `new` and `schema`."""

import datetime as dt
import shlex
from pathlib import Path
from typing import Annotated, Optional

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
    _report,
    _shown,
    app,
)


@app.command(cls=Command)
def validate(
    briefs: BriefPaths,
    layout: LayoutOption = None,
    strict: StrictOption = False,
    max_bytes: MaxBytesOption = 2 * 1024 * 1024,
    max_nodes: MaxNodesOption = 100_000,
    max_pixels: MaxPixelsOption = 50_000_000,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Print nothing for a brief that passes, only problems."),
    ] = False,
) -> None:
    """Check briefs as render would, and write nothing; each brief that passes: `ok`."""
    from briefpack.common.diagnostics import BriefError
    from briefpack.pipeline import check_brief

    assets = _assets(max_bytes, max_pixels, max_nodes)
    _check_layout_option(layout, assets)
    failed = False
    for brief in briefs:
        try:
            warnings = check_brief(brief, assets, layout).warnings
        except BriefError as invalid:
            failed = _report(invalid.diagnostics, strict) or failed
            continue
        except Exception as problem:
            _internal(brief, problem)
            failed = True
            continue
        if _report(warnings, strict):
            failed = True
        elif not quiet:  # on stdout, as a render's paths are: problems go to stderr
            count = len(warnings)
            noted = f" ({count} warning{'' if count == 1 else 's'})" if count else ""
            typer.echo(f"{brief}: ok{noted}")
    if failed:
        raise typer.Exit(1)


@app.command(cls=Command)
def layouts() -> None:
    """List the layouts, one line each."""
    from briefpack.layout.loader import describe_layouts

    assets = _assets(2 * 1024 * 1024, 50_000_000)
    described = describe_layouts(assets.layout_dirs)
    width = max((len(name) for name, _ in described), default=0)
    for name, description in described:
        typer.echo(f"{name:<{width}}  {description}")


@app.command(cls=Command)
def new(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="Name of the new brief file (.yaml is added if missing).",
            show_default=False,
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    date: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="The brief's date, YYYY-MM-DD (default: today).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="The brief's language, e.g. fr or de-CH: its lang key, and the starter's "
            "comments and example words where briefpack has them in that language.",
        ),
    ] = "en-GB",
) -> None:
    """Write a starter brief with every part of the format, each key explained."""
    import re

    from pydantic_core import PydanticCustomError

    from briefpack.brief.language import normal_tag
    from briefpack.brief.starter import (
        brief_file,
        find_schema,
        schema_modeline,
        slugify,
        starter_template,
        starter_text,
    )

    try:
        lang = normal_tag(lang)
    except PydanticCustomError as wrong:
        raise typer.BadParameter(wrong.message(), param_hint="--lang") from None

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
    from briefpack.layout.assets import package_assets
    from briefpack.layout.locales import FALLBACK, find_locale

    locales = package_assets().locales_dir
    words = find_locale(lang, locales) or find_locale(FALLBACK, locales)
    example = words.labels.findings_title if words else None
    text = starter_text(
        shlex.quote(str(target)), slugify(target.name), day, modeline, lang, example or ""
    )
    from briefpack.common.output import OutputProblem, write_atomically

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
    if not lang.startswith("en") and starter_template(lang) is None:
        typer.echo(
            f"warning: there is no starter in '{lang}' yet, so its notes and example text "
            f"are in English (its lang: is {lang})",
            err=True,
        )
    typer.echo(
        f"next: fill it in, then run: briefpack render --watch {shlex.quote(str(target))}", err=True
    )


@app.command(cls=Command)
def schema(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the schema to this file instead of printing it.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the brief format, for editors' YAML tools."""
    from briefpack.brief.schema import schema_text

    text = schema_text()
    if output is None:
        typer.echo(text, nl=False)
        return
    from briefpack.common.output import OutputProblem, write_atomically

    try:
        write_atomically(output, text.encode("utf-8"))
    except OutputProblem as problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    typer.echo(_shown(output))
