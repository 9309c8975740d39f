"""ReportLab's paragraph module, imported with its slowest patterns compiled from the disk cache.

Importing `reportlab.platypus.paragraph` compiles `uri_pat`, a case-insensitive
pattern whose character classes span most of Unicode (about 26 ms, the largest
single cost of starting a render, paid again by every process), and the module
imports `reportlab.lib.textsplit`, which compiles another such class (3 ms).
`re.compile` looks in the `re` module's own cache (a dictionary keyed by the
pattern's type, text and flags) before it compiles anything.
`import_paragraph_module` puts the compiled patterns there just before ReportLab
asks for them, made from the programs Python's regular expression compiler wrote
for them the first time (kept by `disk_cache`, keyed by ReportLab's paragraph
module, ReportLab's version and Python's). A pattern made so is the one
`re.compile` makes: patterns compare equal when their programs do, and
`_sre.compile` checks a program before it takes it.

Anything unexpected (another Python, a cache entry that does not load, a pattern
ReportLab has changed) means that ReportLab compiles the pattern itself, as it
would without this module, and the entry is made again.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import Any

from briefpack.common.disk_cache import Entry, entry_for, read_entry, write_entry

#: The module whose import is sped up, and the patterns kept compiled (module, name).
MODULE = "reportlab.platypus.paragraph"
PATTERNS = ((MODULE, "uri_pat"), ("reportlab.lib.textsplit", "rx"))


def import_paragraph_module() -> None:
    """Import ReportLab's paragraph module (once per process), its slow patterns
    compiled from the disk cache when it has them, and kept there when it has not."""
    if MODULE in sys.modules:
        return
    entry = _entry()
    seeded = _seed(read_entry(entry) if entry else None)
    importlib.import_module(MODULE)
    patterns = [getattr(sys.modules.get(module), name, None) for module, name in PATTERNS]
    if entry and not all(any(pattern is made for made in seeded) for pattern in patterns):
        programs = [_program(pattern) for pattern in patterns]
        if all(programs):
            write_entry(entry, programs)


def _entry() -> Entry | None:
    import reportlab

    source = Path(reportlab.__file__).parent / "platypus" / "paragraph.py"
    versions = ("reportlab", reportlab.Version, "python", sys.version)
    return entry_for("patterns", source, versions)


def _seed(kept: Any) -> list[re.Pattern[str]]:
    """Put the kept patterns in `re`'s cache (under their flags with and without the
    `re.UNICODE` a text pattern implies), and return them."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict) or not isinstance(kept, list):
        return []
    made: dict[tuple[type, str, int], re.Pattern[str]] = {}
    try:
        sre = importlib.import_module("_sre")
        for text, key_flags, flags, code, groups, group_index, index_group in kept:
            pattern = sre.compile(text, flags, code, groups, group_index, index_group)
            made[(str, text, key_flags)] = made[(str, text, key_flags | re.UNICODE)] = pattern
    except Exception:  # noqa: BLE001 - a program this Python refuses: compile as usual
        return []
    cache.update(made)
    return list(made.values())


def _program(pattern: Any) -> tuple[Any, ...] | None:
    """What `_sre.compile` needs to make `pattern` again, as plain data (the steps of
    `re._compiler.compile`), and the flags its text was compiled with (the key in
    `re`'s cache: for a text pattern, without the implied `re.UNICODE`)."""
    if not isinstance(pattern, re.Pattern) or not isinstance(pattern.pattern, str):
        return None
    key_flags = int(pattern.flags & ~re.UNICODE)
    try:
        parser = importlib.import_module("re._parser")
        compiler = importlib.import_module("re._compiler")
        parsed = parser.parse(pattern.pattern, key_flags)
        code = [int(step) for step in compiler._code(parsed, key_flags)]
        state = parsed.state
        index_group: list[str | None] = [None] * state.groups
        for name, index in state.groupdict.items():
            index_group[index] = name
        return (
            pattern.pattern,
            key_flags,
            int(key_flags | state.flags),
            code,
            state.groups - 1,
            dict(state.groupdict),
            tuple(index_group),
        )
    except Exception:  # noqa: BLE001 - another Python's compiler: nothing is kept
        return None
