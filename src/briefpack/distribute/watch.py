"""A brief and a stream of saved files to a PDF rendered again after every save.

`watch` is the loop: render once, then render again whenever a change set touches
a file the brief uses (the brief, the layout and the layouts it extends, its
figures). It takes the renderer, the stream of changes and the reporter as
arguments, so tests drive it with a list of change sets; `file_changes` is the
real stream, from watchfiles, imported only when a watch starts. A render that
fails leaves the PDF as it was (see `output.write_atomically`): the last good one.
Nothing here prints: the caller's `report` hears each render.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefpack.brief.yaml_source import read_yaml_file
from briefpack.common.diagnostics import BriefError
from briefpack.layout.loader import available_layouts
from briefpack.pipeline import Assets, package_assets

from .batch import Outcome, RenderTask, render_task

#: A stream of change sets: given the folders to watch, the paths changed in them,
#: one set per burst of saves.
Changes = Callable[[frozenset[Path]], Iterable[set[Path]]]


@dataclass(frozen=True)
class Rendering:
    """One render of a watched brief: its outcome, its page count, and the files it uses."""

    outcome: Outcome
    pages: int = 0
    inputs: frozenset[Path] = frozenset()


def render_once(task: RenderTask) -> Rendering:
    """Render and write the brief as `briefpack render` does, and name the files it uses."""
    assets = replace(package_assets(task.layout_dirs), limits=task.limits)
    inputs = watched_files(task, assets)
    outcome = render_task(task)
    pages = 0
    if outcome.written is not None:
        try:
            pages = count_pages(outcome.written.read_bytes())
        except OSError:  # gone already: the count is only for the message
            pages = 0
    return Rendering(outcome, pages, inputs)


def watch(
    task: RenderTask,
    render: Callable[[RenderTask], Rendering],
    changes: Changes,
    report: Callable[[Rendering], None],
) -> None:
    """Render `task`, then again each time a change set touches a file it uses.

    The folders of those files are watched (not the files: an editor that saves
    by writing a new file and renaming it would end a watch on the old one). When
    a render names files in other folders (a new figure, another layout), the
    watch starts again on the new folders. Returns when `changes` runs out.
    """
    brief = task.brief.resolve()

    def render_and_report(previous: frozenset[Path]) -> frozenset[Path]:
        rendering = render(task)
        report(rendering)
        if rendering.outcome.failed:
            # A broken brief may not say what it uses: keep watching the old files too.
            return previous | rendering.inputs | {brief}
        return rendering.inputs | {brief}

    inputs = render_and_report(frozenset({brief}))
    while True:
        folders = watched_folders(inputs)
        for changed in changes(folders):
            if any(path.resolve() in inputs for path in changed):
                inputs = render_and_report(inputs)
                if watched_folders(inputs) != folders:
                    break  # watch the new set of folders
        else:
            return


def file_changes(folders: frozenset[Path]) -> Iterator[set[Path]]:
    """The paths saved in `folders` (not below them), one set per burst of changes,
    until Ctrl-C (KeyboardInterrupt)."""
    import watchfiles

    for changed in watchfiles.watch(*sorted(folders), recursive=False, watch_filter=None):
        yield {Path(path) for _, path in changed}


def watched_folders(inputs: frozenset[Path]) -> frozenset[Path]:
    return frozenset(path.parent for path in inputs if path.parent.is_dir())


def watched_files(task: RenderTask, assets: Assets) -> frozenset[Path]:
    """The brief, the files of its layout (and of the layouts that one extends) and
    its figures, as far as the brief can be read."""
    brief = task.brief.resolve()
    try:
        data: Any = read_yaml_file(task.brief, limits=task.limits).data
    except BriefError:
        data = None
    if not isinstance(data, dict):
        data = {}
    named = data.get("layout")
    layout = task.layout or (named if isinstance(named, str) else None) or "standard"
    files = available_layouts(assets.layout_dirs)
    return frozenset({brief, *_layout_chain(layout, files), *_figure_files(data, brief.parent)})


def count_pages(pdf: bytes) -> int:
    """The number of pages of a PDF briefpack wrote (ReportLab writes each page
    object's dictionary in plain text, ending in `/Type /Page`)."""
    return len(re.findall(rb"/Type /Page\s*>>\s*endobj", pdf))


def _layout_chain(name: str, files: dict[str, Path]) -> list[Path]:
    chain: list[Path] = []
    current: object = name
    while isinstance(current, str) and current in files:
        file = files[current].resolve()
        if file in chain:
            break  # a loop of `extends`: the render reports it
        chain.append(file)
        try:
            data = read_yaml_file(file).data
        except BriefError:
            break
        current = data.get("extends") if isinstance(data, dict) else None
    return chain


def _figure_files(data: dict[str, Any], folder: Path) -> list[Path]:
    found = []
    sections = data.get("sections")
    for section in sections if isinstance(sections, list) else ():
        figures = section.get("figures") if isinstance(section, dict) else None
        for figure in figures if isinstance(figures, list) else ():
            path = figure.get("path") if isinstance(figure, dict) else None
            if isinstance(path, str) and path.strip():
                file = (folder / path).resolve()
                if file.is_relative_to(folder):
                    found.append(file)
    return found
