"""precompiled: ReportLab's slow patterns made from the disk cache are the patterns
`re.compile` makes, and a process that has them compiles none of them itself."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefpack.common.disk_cache import read_entry, write_entry
from briefpack.render import precompiled
from briefpack.render.precompiled import PATTERNS

#: In a new process: import ReportLab's paragraph module as a render does, and say
#: which of the kept patterns Python's compiler compiled on the way, and whether
#: each pattern ReportLab holds equals the one `re.compile` makes of its text.
PROBE = """
import importlib, json, re, sys
compiler = importlib.import_module("re._compiler")
compiled = []
original = compiler.compile
def spy(pattern, flags=0):
    compiled.append(pattern)
    return original(pattern, flags)
compiler.compile = spy
from briefpack.render.precompiled import PATTERNS, import_paragraph_module
import_paragraph_module()
held = [getattr(sys.modules[module], name) for module, name in PATTERNS]
re.purge()
compiler.compile = original
print(json.dumps({
    "compiled": [pattern.pattern in compiled for pattern in held],
    "equal": [pattern == re.compile(pattern.pattern, pattern.flags) for pattern in held],
}))
"""


def probe(cache: Path) -> dict[str, list[bool]]:
    environment = {**os.environ, "BRIEFPACK_CACHE_DIR": str(cache)}
    environment.pop("BRIEFPACK_NO_CACHE", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found: dict[str, list[bool]] = json.loads(result.stdout)
    return found


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("patterns-*.marshal"))


def held() -> list[re.Pattern[str]]:
    import reportlab.platypus.paragraph  # noqa: F401 - and the modules it imports

    return [getattr(sys.modules[module], name) for module, name in PATTERNS]


def test_a_pattern_made_from_its_kept_program_is_the_pattern_re_compiles() -> None:
    for pattern in held():
        program = precompiled._program(pattern)
        assert program is not None
        try:
            made = precompiled._seed([program])
        finally:
            re.purge()
        assert made and all(each is not pattern for each in made)
        fresh = re.compile(pattern.pattern, pattern.flags)
        assert all(each == fresh for each in made)  # the same flags and program
        assert made[0].groupindex == fresh.groupindex
        samples = ["https://www.gov.uk/a/b?c=d", "Constabulary", "例え", "HTTP://X.ORG"]
        for text in samples:
            ours, theirs = made[0].match(text), fresh.match(text)
            assert (ours and ours.group()) == (theirs and theirs.group())


def test_the_patterns_are_compiled_once_then_read_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = probe(cache)
    assert first == {"compiled": [True] * len(PATTERNS), "equal": [True] * len(PATTERNS)}
    assert len(entries(cache)) == 1
    kept = entries(cache)[0].read_bytes()
    again = probe(cache)
    assert again == {"compiled": [False] * len(PATTERNS), "equal": [True] * len(PATTERNS)}
    assert entries(cache)[0].read_bytes() == kept  # read, not written again


def test_a_broken_or_refused_entry_means_reportlab_compiles_and_the_entry_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    probe(cache)
    (file,) = entries(cache)
    good = file.read_bytes()
    file.write_bytes(good[:-10] + b"0123456789")  # fails its checksum
    assert probe(cache)["compiled"] == [True] * len(PATTERNS)
    assert file.read_bytes() == good
    # A checksummed entry whose program _sre refuses, as another Python might.
    monkeypatch.setenv("BRIEFPACK_CACHE_DIR", str(cache))
    entry = precompiled._entry()
    assert entry is not None
    kept: Any = read_entry(entry)
    refused = [(*program[:3], [0, 1, 2], *program[4:]) for program in kept]
    write_entry(entry, refused)
    assert probe(cache) == {"compiled": [True] * len(PATTERNS), "equal": [True] * len(PATTERNS)}
    assert file.read_bytes() == good


def test_without_the_cache_reportlab_compiles_its_own(tmp_path: Path) -> None:
    environment = {**os.environ, "BRIEFPACK_NO_CACHE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=tmp_path,
    )
    assert json.loads(result.stdout)["compiled"] == [True] * len(PATTERNS)
