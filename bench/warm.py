"""A tool and a repeat count to the times of warm renders of one brief, in this process.

    python bench/warm.py briefpack BRIEF.yaml REPEATS
    python bench/warm.py floor BRIEF.yaml REPEATS
    python bench/warm.py typst FILE.typ REPEATS           # typst.compile() each time
    python bench/warm.py typst-compiler FILE.typ REPEATS  # one typst.Compiler reused

Each render runs once untimed (fonts, hyphenation data, Typst's library and
caches are then loaded), then REPEATS timed renders follow. Prints a JSON object
with the samples in seconds. Each tool runs in a process of its own, so none
inherits another's warm caches or garbage.

- briefpack: `render_brief(path, package_assets())`: read, validate, lay out, PDF bytes.
- floor: the hand-written ReportLab script: read the YAML, lay out, PDF bytes.
- typst: `typst.compile(path)` with a new compiler each time (Typst's in-process
  memo cache is shared, so unchanged parts are not laid out again).
- typst-compiler: `Compiler.compile()` on one compiler: everything cached.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _renderer(tool: str, path: Path) -> Callable[[], bytes]:
    if tool == "briefpack":
        from briefpack.pipeline import package_assets, render_brief

        assets = package_assets()
        return lambda: render_brief(path, assets).pdf
    if tool == "floor":
        from reportlab_floor import read_brief, render

        return lambda: render(read_brief(path))
    if tool in ("typst", "typst-compiler"):
        from typst_peer import compile_file, compiler

        if tool == "typst":
            return lambda: compile_file(path)
        one = compiler(path.parent)
        source = str(path)
        return lambda: bytes(one.compile(input=source))
    raise SystemExit(f"unknown tool {tool!r}")


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    tool, path, repeats = argv[0], Path(argv[1]), int(argv[2])
    render = _renderer(tool, path)
    pdf = render()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        render()
        samples.append(time.perf_counter() - start)
    print(json.dumps({"tool": tool, "samples": samples, "bytes": len(pdf)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
