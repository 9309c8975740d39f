"""A layout name to a validated `Theme`: find the file, apply `extends`, validate.

Layouts are YAML files named `<name>.yaml` in the layout folders (a project's
own `layouts/` first, then the ones shipped with briefpack). A layout may start
with `extends: <name>` and give only what differs; mappings merge key by key.
Layout files are read with the same rules as briefs and their errors carry the
same FILE:LINE:COL positions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from briefpack.brief.schema_errors import COMMENT, commented_out_hint, format_loc, name_hint
from briefpack.brief.validation import label_problems
from briefpack.brief.yaml_source import Loc, SourceDocument, read_yaml_file
from briefpack.common.diagnostics import BriefError, Diagnostic, error

from .geometry import geometry_problems
from .theme import Theme, resolve_styles, theme_problems

if TYPE_CHECKING:
    from .assets import Assets

NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def available_layouts(dirs: Sequence[Path]) -> dict[str, Path]:
    """Layout names and their files; an earlier folder wins over a later one."""
    found: dict[str, Path] = {}
    for folder in dirs:
        if folder.is_dir():
            for file in sorted(folder.glob("*.yaml")):
                if NAME.fullmatch(file.stem):
                    found.setdefault(file.stem, file)
    return found


def describe_layouts(dirs: Sequence[Path]) -> list[tuple[str, str]]:
    """(name, one-line description) of every layout, by name; a layout that cannot
    be used says why, with its first problem."""
    files = available_layouts(dirs)
    described = []
    for name, file in sorted(files.items()):
        try:
            data = read_yaml_file(file).data
        except BriefError as unreadable:
            described.append((name, f"(unreadable: {_short(unreadable)})"))
            continue
        description = data.get("description") if isinstance(data, dict) else None
        shown = description if isinstance(description, str) else "(no description)"
        try:
            _load(name, files)
        except BriefError as invalid:
            shown = f"{shown} (invalid: {_short(invalid)})"
        described.append((name, shown))
    return described


def _short(problem: BriefError) -> str:
    """The first problem of a layout, in a few words: `mine.yaml:12: message`."""
    first = problem.diagnostics[0]
    where = first.position
    return f"{Path(where.path).name}:{where.line}: {first.message}" if where else first.message


_THEMES: dict[tuple[str, tuple[Path, ...], int], Theme] = {}


def load_theme(name: str, assets: Assets) -> Theme:
    """The validated theme of a layout, kept per process and re-read if its file changes."""
    files = available_layouts(assets.layout_dirs)
    if name not in files:
        raise BriefError(
            [error(f"unknown layout '{name}'", None, name_hint(name, files, "layouts"))]
        )
    stamp = _stamp(name, files)
    key = (name, assets.layout_dirs, stamp)
    if key not in _THEMES:
        _THEMES[key] = _load(name, files)
    return _THEMES[key]


def _stamp(name: str, files: dict[str, Path]) -> int:
    """A number that changes when the layout or anything it extends changes (any
    layout file, as the chain of `extends` is only known once the files are read)."""
    stats = [file.stat() for file in files.values()]
    return hash(tuple((stat.st_mtime_ns, stat.st_size) for stat in stats))


def _load(name: str, files: dict[str, Path]) -> Theme:
    documents: list[SourceDocument] = []
    data: dict[str, Any] = {}
    current: str | None = name
    while current is not None:
        if current not in files:
            raise BriefError(
                [
                    error(
                        f"extends: no layout named '{current}'",
                        documents[-1].position_of(("extends",)),
                        name_hint(current, files, "layouts"),
                    )
                ]
            )
        if any(document.path == str(files[current]) for document in documents):
            raise BriefError(
                [
                    error(
                        "layouts extend each other in a loop",
                        documents[-1].position_of(("extends",)),
                    )
                ]
            )
        # Layouts keep the default limits: --max-bytes and friends are about briefs.
        document = read_yaml_file(files[current], str(files[current]))
        if not isinstance(document.data, dict):
            raise BriefError(
                [error("a layout must be a mapping of keys", document.position_of(()))]
            )
        documents.append(document)
        layer = dict(document.data)
        parent = layer.pop("extends", None)
        data = _merge(layer, data)
        current = parent if isinstance(parent, str) else None
    data["name"] = name
    child = _layered(documents, data)
    problems = _commented_out(data, child)
    try:
        theme = Theme.model_validate(data)
    except ValidationError as invalid:
        raise BriefError(
            _in_order([*problems, *_diagnostics(invalid, child)], child.path)
        ) from None
    problems += [error(message, child.position_of(loc)) for loc, message in theme_problems(theme)]
    problems += label_problems(data, child)
    if problems:
        raise BriefError(_in_order(problems, child.path))
    resolved = resolve_styles(theme)
    geometry = geometry_problems(resolved, theme.styles)
    if geometry:
        found = [error(message, child.position_of(loc), hint) for loc, message, hint in geometry]
        raise BriefError(_in_order(found, child.path))
    return resolved


def _commented_out(data: Any, document: SourceDocument, loc: Loc = ()) -> list[Diagnostic]:
    """Values YAML read as comments (`color: #1d3557`), which would be left out
    silently where a key is optional."""
    if isinstance(data, dict):
        return [
            problem
            for key, value in data.items()
            for problem in _commented_out(value, document, (*loc, key))
        ]
    hint = commented_out_hint(document, loc, strict=True) if data is None and loc else None
    if hint is None:
        return []
    position = document.position_of(loc, prefer_key=True)
    return [error(f"{format_loc(loc)}: is empty: {COMMENT}", position, hint)]


def _in_order(problems: list[Diagnostic], first: str) -> list[Diagnostic]:
    """Each problem once, by file (`first`, the layout named, before those it
    extends), line and column."""
    unique = {problem.format(): problem for problem in problems}.values()

    def place(problem: Diagnostic) -> tuple[bool, str, int, int]:
        where = problem.position
        if where is None:
            return (False, "", 0, 0)
        return (where.path != first, where.path, where.line, where.column)

    return sorted(unique, key=place)


def _layered(documents: list[SourceDocument], data: dict[str, Any]) -> SourceDocument:
    """The merged layout, each value positioned in the file that gave it."""
    values: dict[Any, Any] = {}
    keys: dict[Any, Any] = {}
    for document in reversed(documents):  # the base first, so a child overrides it
        values.update(document.value_positions)
        keys.update(document.key_positions)
    texts = {document.path: document.text for document in documents}
    return SourceDocument(documents[0].path, data, values, keys, texts=texts)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _diagnostics(invalid: ValidationError, document: SourceDocument) -> list[Diagnostic]:
    from briefpack.brief.schema_errors import pydantic_diagnostics

    return pydantic_diagnostics(invalid, document, Theme)
