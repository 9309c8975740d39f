"""Data parsed from a file to a cache file on disk, and back, so a new process skips the parse.

What is kept is plain data that a slow parser made from a file that rarely changes (a
language's hyphenation patterns). Each source file has one cache file, which records
what the data was made from: the kind of data, the versions of the code that made it,
and the source's path, size and modification time. Data made from anything else is
never returned, so a changed file or a new version is parsed again and the entry
rewritten.

Entries are `marshal` data (plain data only, never pickle) behind a SHA-256 checksum,
written to a temporary file in the same folder and renamed into place, so parallel
workers never read half a file. The cache can only save time: a missing, stale,
corrupt or unreadable entry, or a folder that cannot be written, means the caller parses
as it would without a cache, and nothing is printed.

The folder is `BRIEFPACK_CACHE_DIR` if set, else the user's cache folder
(`~/.cache/briefpack` on Linux); `BRIEFPACK_NO_CACHE=1` turns the cache off. This is
the one place that reads those variables: what is cached never changes a PDF's bytes.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .collector import paused

#: Part of every key: raise it when what an entry holds changes.
FORMAT = 2


@dataclass(frozen=True)
class Entry:
    """Where the cached data of one source file lives, and what it must have been made from."""

    file: Path
    key: tuple[Any, ...]


def cache_folder() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    if os.environ.get("BRIEFPACK_NO_CACHE", "") not in ("", "0"):
        return None
    configured = os.environ.get("BRIEFPACK_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir  # only when no folder is configured

    return Path(user_cache_dir("briefpack", appauthor=False))


def entry_for(kind: str, source: Path, versions: tuple[str, ...]) -> Entry | None:
    """The entry for data of `kind` made from `source` by code of `versions`
    (None when the cache is off or the source cannot be looked at)."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        stat = source.stat()
    except OSError:
        return None
    where = hashlib.sha256(str(source).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    key = (FORMAT, kind, versions, str(source), stat.st_size, stat.st_mtime_ns)
    return Entry(folder / f"{kind}-{source.stem}-{where}.marshal", key)


def read_entry(entry: Entry) -> Any:
    """The data cached for `entry`, or None if there is none that can be trusted."""
    try:
        stored = entry.file.read_bytes()
    except OSError:
        return None
    checksum, payload = stored[:32], stored[32:]
    if hashlib.sha256(payload).digest() != checksum:
        return None
    # marshal makes a great many containers at once, and each batch of them would
    # send the cyclic garbage collector through the whole heap, for nothing: plain
    # data holds no cycles. This more than halves the time a load takes.
    with paused():
        try:
            key, data = _loads(payload)
        except (ValueError, EOFError, TypeError):
            return None
    return data if key == entry.key else None


def _loads(payload: bytes) -> Any:
    """Plain data from marshal bytes; from Python 3.13, code objects are refused."""
    if sys.version_info >= (3, 13):
        return marshal.loads(payload, allow_code=False)
    return marshal.loads(payload)


def write_entry(entry: Entry, data: Any) -> None:
    """Keep `data` (plain data: dicts, tuples, lists, str, bytes, int, float) for `entry`,
    if the folder can be written; a reader sees the old file or the new one, never a part."""
    try:
        payload = marshal.dumps((entry.key, data))
    except ValueError:  # not plain data: nothing to keep
        return
    try:
        entry.file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{entry.file.name}.", dir=entry.file.parent)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, entry.file)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
