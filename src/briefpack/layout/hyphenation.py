"""A layout's hyphenation language to pyphen's parsed patterns, from the disk cache when it can.

ReportLab hyphenates with `pyphen.Pyphen(lang=...)`, and pyphen parses a language's
`.dic` file the first time a process asks for it (about 60 ms for en_GB), keeping
the result in `pyphen.hdcache`, keyed by the file's path. `load_hyphenation` fills
that entry before the first paragraph is laid out: from the patterns `disk_cache`
kept (a few ms), or by letting pyphen parse the file and keeping what it made.
Either way pyphen holds the same patterns, so lines break in the same places.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from briefpack.common.disk_cache import entry_for, read_entry, write_entry

if TYPE_CHECKING:
    from .theme import Theme


def load_hyphenation(theme: Theme) -> None:
    """Make the patterns of the theme's hyphenation language ready, if a style hyphenates."""
    if theme.hyphenation and any(style.hyphenate for style in theme.styles.values()):
        load_patterns(theme.hyphenation)


def load_patterns(language: str) -> None:
    """Put pyphen's parsed dictionary for `language` in `pyphen.hdcache`, once per process."""
    import pyphen

    name = pyphen.language_fallback(language)
    path = pyphen.LANGUAGES.get(name) if name else None
    if not isinstance(path, Path) or path in pyphen.hdcache:
        return  # an unknown language, a dictionary inside an archive, or loaded already
    entry = entry_for("hyphenation", path, ("pyphen", pyphen.__version__))
    cached = read_entry(entry) if entry else None
    if _is_patterns(cached):
        hyphenation = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hyphenation.patterns, hyphenation.maxlen = cached
        hyphenation.cache = {}
    else:
        hyphenation = pyphen.HyphDict(path)
        # Some languages' patterns carry nonstandard hyphenation (Hungarian "ssz" to
        # "sz-sz"), held in pyphen's DataInt: not plain data, so parsed each time.
        if entry and _plain_patterns(hyphenation.patterns):
            write_entry(entry, (hyphenation.patterns, hyphenation.maxlen))
    pyphen.hdcache[path] = hyphenation


def _is_patterns(cached: Any) -> TypeGuard[tuple[dict[str, Any], int]]:
    return (
        isinstance(cached, tuple)
        and len(cached) == 2
        and isinstance(cached[0], dict)
        and isinstance(cached[1], int)
    )


def _plain_patterns(patterns: dict[str, tuple[int, tuple[int, ...]]]) -> bool:
    return all(
        type(start) is int and all(type(value) is int for value in values)
        for start, values in patterns.values()
    )
