"""One brief to a PDF in a fresh process, with the time of the render alone.

    python bench/timed_render.py BRIEF.yaml OUT.pdf [--warm-up OTHER.yaml]

Prints `{"seconds": ..., "pages": ..., "warnings": ...}` on success, or
`{"error": "..."}` and exits 1. `seconds` is `render_brief` alone: the
interpreter's start-up and the imports are not in it, and with `--warm-up` the
fonts and hyphenation data are already loaded by a render of another brief, as
they are in a batch or `--watch` process. The benchmark runner reads the
process's peak memory from outside.
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--warm-up"):
        print("usage: python bench/timed_render.py BRIEF OUT [--warm-up BRIEF]", file=sys.stderr)
        return 2
    from briefpack.pipeline import package_assets, render_brief

    assets = package_assets()
    if len(argv) == 4:
        render_brief(Path(argv[3]), assets)
    start = time.perf_counter()
    try:
        rendered = render_brief(Path(argv[0]), assets)
    except Exception as problem:  # reported to the runner, which prints it beside the figure
        seconds = time.perf_counter() - start
        message = " ".join(str(problem).split())
        print(json.dumps({"error": f"{type(problem).__name__}: {message}", "seconds": seconds}))
        return 1
    seconds = time.perf_counter() - start
    Path(argv[1]).write_bytes(rendered.pdf)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(rendered.pdf)).pages)
    print(json.dumps({"seconds": seconds, "pages": pages, "warnings": len(rendered.warnings)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
