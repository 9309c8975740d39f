"""What every command of the `briefpack` command line shares: the typer app, the
options several commands take, the assets, and how problems are printed.

Exit codes: 0 success, 1 an invalid brief or layout (the valid briefs still
render), 2 a usage error. Only the `cli` modules print or exit. Rendering modules
are imported inside the commands, so `briefpack --help` starts fast.
"""

import gc
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from briefpack import __version__

if TYPE_CHECKING:
    from briefpack.common.diagnostics import Diagnostic
    from briefpack.pipeline import Assets


class Command(typer.core.TyperCommand):
    """A command whose help names its arguments as they are typed: `BRIEF...` in the
    usage line and the list of arguments, where typer writes `{briefs}...` and
    `briefs... <list[Path]>`. Options name their values with `metavar`.

    The context and formatter are click's, which typer vendors in some versions and
    imports in others: they are typed `Any` so that both type-check."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, typer.core.TyperArgument):
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            if isinstance(param, typer.core.TyperArgument):
                if not param.hidden:
                    arguments.append((_argument_name(param), param.help or ""))
            elif (record := param.get_help_record(ctx)) is not None:
                options.append(record)
        for title, records in (("Arguments", arguments), ("Options", options)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


def _argument_name(argument: "typer.core.TyperArgument") -> str:
    """`BRIEF...`: the metavar (else the name in capitals), and `...` when it repeats."""
    name = argument.metavar or (argument.name or "").upper()
    return f"{name}..." if argument.nargs != 1 else name


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn YAML news briefs into print-quality PDF briefings.",
    rich_markup_mode=None,
)

BriefPaths = Annotated[
    list[Path],
    typer.Argument(
        metavar="BRIEF",
        help="Brief files (YAML).",
        exists=True,
        dir_okay=False,
        readable=True,
        show_default=False,
    ),
]
LayoutOption = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at run time
    typer.Option(
        "--layout", "-l", metavar="LAYOUT", help="Layout name; overrides the brief's `layout` key."
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Treat warnings (uncited source, missing glyph) as errors.")
]
MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes", metavar="BYTES", help="Largest brief file accepted, in bytes.", min=1
    ),
]
MaxNodesOption = Annotated[
    int,
    typer.Option(
        "--max-nodes", metavar="N", help="Most values a brief may hold, aliases expanded.", min=1
    ),
]
MaxPixelsOption = Annotated[
    int,
    typer.Option(
        "--max-pixels", metavar="PIXELS", help="Largest figure accepted, in pixels.", min=1
    ),
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


def _check_layout_option(layout: str | None, assets: "Assets") -> None:
    """`--layout NAME` must name a layout: a usage error (exit 2) otherwise, said once,
    as for a brief file that does not exist: the command line, not a file, is wrong."""
    if layout is None:
        return
    from briefpack.brief.schema_errors import name_hint
    from briefpack.layout.loader import available_layouts

    known = available_layouts(assets.layout_dirs)
    if layout not in known:
        hint = name_hint(layout, known, "layouts")
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
) -> "Assets":
    from briefpack.brief.yaml_source import Limits
    from briefpack.pipeline import package_assets

    if rendering:
        # Loaded now rather than by the first render, to be set aside with the rest.
        from briefpack.render.precompiled import import_paragraph_module

        import_paragraph_module()  # before anything imports ReportLab's paragraphs
        from briefpack.render import page_templates, pdf_writer, story  # noqa: F401
    _started()
    assets = package_assets(_local_layouts())
    limits = Limits(max_bytes=max_bytes, max_pixels=max_pixels, max_nodes=max_nodes)
    return type(assets)(assets.fonts_dir, assets.layout_dirs, limits)


def _report(diagnostics: "tuple[Diagnostic, ...] | list[Diagnostic]", strict: bool) -> bool:
    """Print diagnostics to stderr; True if any of them fails the brief."""
    failed = False
    for diagnostic in diagnostics:
        if strict and diagnostic.severity == "warning":
            diagnostic = replace(diagnostic, severity="error")
        failed = failed or diagnostic.severity == "error"
        typer.echo(_located(diagnostic).format(), err=True)
    return failed


def _located(diagnostic: "Diagnostic") -> "Diagnostic":
    """A diagnostic whose file is named as the user would type it: a layout found in
    `layouts/` is `layouts/mine.yaml`, as a brief is named as it was given."""
    where = diagnostic.position
    if where is None or not Path(where.path).is_absolute():
        return diagnostic
    return replace(diagnostic, position=replace(where, path=_shown(Path(where.path))))


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


def hold_collector() -> None:
    """Keep the cyclic garbage collector off while the command starts (see `_started`).

    Start-up makes tens of thousands of long-lived objects, and the collector would
    walk all of them again and again while they are made: a tenth of a cold render.
    It waits until the command has loaded what it needs."""
    global _collector_held
    _collector_held = gc.isenabled()
    gc.disable()
