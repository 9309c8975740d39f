"""N warm renders of a brief to a profile: where the time of a warm render goes.

    python bench/profile_render.py                      # pyinstrument if installed, else cProfile
    python bench/profile_render.py --tool cprofile -n 50 --top 15
    python bench/profile_render.py --tool pyinstrument --html /tmp/profile.html

The brief (default briefs/clapham.yaml) is rendered once untimed, so that fonts
and hyphenation data are loaded, then N times under the profiler. With cProfile
the top entries by cumulative and by own time are printed, and the own time is
summed by package (briefpack, reportlab, pydantic, ...), which says how much of a
render is briefpack's code and how much is ReportLab's. cProfile's overhead
falls hardest on small functions called often, so its shares lean towards
ReportLab's paragraph wrapping; pyinstrument (a sampling profiler) does not.
(The file is not called profile.py: it would hide the standard library's
`profile` module, which cProfile imports.)
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PACKAGES = (
    "briefpack", "reportlab", "pydantic_core", "pydantic", "pyphen", "markdown_it",
    "yaml", "PIL", "typing_extensions",
)  # fmt: skip


def package_of(filename: str) -> str:
    """The package a profiled function belongs to, from its file name."""
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C)"
    path = filename.replace("\\", "/")
    for package in PACKAGES:
        if f"/{package}/" in path:
            return package
    if "/site-packages/" in path:
        return path.split("/site-packages/")[1].split("/")[0]
    return "python stdlib"


def main() -> int:
    parser = argparse.ArgumentParser(description="Profile warm renders of a brief.")
    parser.add_argument("brief", nargs="?", type=Path, default=ROOT / "briefs" / "clapham.yaml")
    parser.add_argument("-n", "--renders", type=int, default=30)
    parser.add_argument("--tool", choices=["pyinstrument", "cprofile"])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--html", type=Path, help="pyinstrument: also write an HTML report")
    args = parser.parse_args()
    tool = args.tool or ("pyinstrument" if importlib.util.find_spec("pyinstrument") else "cprofile")

    from briefpack.pipeline import package_assets, render_brief

    assets = package_assets()
    render_brief(args.brief, assets)  # warm-up: fonts, hyphenation, caches
    start = time.perf_counter()
    if tool == "pyinstrument":
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(args.renders):
            render_brief(args.brief, assets)
        profiler.stop()
        elapsed = time.perf_counter() - start
        print(profiler.output_text(unicode=False, color=False, show_all=False))
        if args.html:
            args.html.write_text(profiler.output_html(), encoding="utf-8")
    else:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.renders):
            render_brief(args.brief, assets)
        profile.disable()
        elapsed = time.perf_counter() - start
        for order, title in (("cumulative", "cumulative time"), ("tottime", "own time")):
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.strip_dirs().sort_stats(order).print_stats(args.top)
            print(f"== top {args.top} by {title} ==")
            print(out.getvalue().split("\n\n", 1)[-1].strip() + "\n")
        own: dict[str, float] = defaultdict(float)
        total = 0.0
        stats_data = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        for (filename, _, _), (_, _, tottime, _, _) in stats_data.items():
            own[package_of(filename)] += tottime
            total += tottime
        print("== own time by package ==")
        for package, seconds in sorted(own.items(), key=lambda item: -item[1]):
            print(f"  {package:<20} {seconds:8.3f} s  {seconds / total:6.1%}")
    print(
        f"\n{args.renders} warm renders of {args.brief.name} with {tool}: {elapsed:.2f} s, "
        f"{elapsed / args.renders * 1000:.1f} ms each (profiler overhead included)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
