"""Brief paths and the `-o` option to output paths; PDF bytes to files, atomically.

A PDF is written to a temporary file beside its destination and renamed into
place, so a failed or interrupted render leaves any earlier file exactly as it
was and never a partial one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


class OutputProblem(Exception):
    """An output path that cannot be used, in words for the user."""


def plan_outputs(briefs: Sequence[Path], output: Path | None, cwd: Path) -> list[Path]:
    """Where each brief's PDF goes: `out/<stem>.pdf` by default; `-o` names a file
    for one brief and a folder for several. Two briefs may not share a path."""
    if output is None:
        targets = [cwd / "out" / f"{brief.stem}.pdf" for brief in briefs]
    elif output.suffix.lower() == ".pdf" and not output.is_dir():
        if len(briefs) > 1:
            raise OutputProblem(
                f"-o {output} names a PDF file, but {len(briefs)} briefs make {len(briefs)} "
                "PDFs: -o must name a folder when rendering several briefs (e.g. -o out/)"
            )
        targets = [output]
    else:
        if output.exists() and not output.is_dir():
            raise OutputProblem(f"{output}: -o must name a folder when rendering several briefs")
        targets = [output / f"{brief.stem}.pdf" for brief in briefs]
    seen: dict[Path, Path] = {}
    for brief, target in zip(briefs, targets, strict=True):
        key = target.resolve()
        if key in seen:
            raise OutputProblem(
                f"{brief} and {seen[key]} would both be written to {target}: "
                "rename one of them or render them separately"
            )
        seen[key] = brief
    return targets


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, or the usual ones under the process's umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest of `folder` and the folders above it that exists, if it is not a
    folder: what stopped the folders of an output path being made."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return None if candidate.is_dir() else candidate
    return None


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename."""
    if target.is_dir():
        raise OutputProblem(f"{target} is a folder; give a file name ending in .pdf")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as problem:
        if blocking := _file_in_the_way(target.parent):
            raise OutputProblem(
                f"cannot write {target}: {blocking} is a file, not a folder"
            ) from None
        raise OutputProblem(f"cannot write to {target.parent}: {problem.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except OSError as problem:
        Path(temporary).unlink(missing_ok=True)
        raise OutputProblem(f"cannot write {target}: {problem.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
