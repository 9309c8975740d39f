"""The benchmarks of briefpack beside ReportLab alone and Typst: one command, one table.

    python bench/run.py            # the full run (a few minutes)
    python bench/run.py --quick    # a smoke run: few repeats, a long brief a tenth as long

Every figure is the median of repeated runs, with the min and max; each tool runs
in processes of its own. The table says which target of the performance brief
each figure is held to and whether it is met. The results, with the machine and
the package versions, are also written to `bench/results.json`. See
`bench/README.md` for what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CLAPHAM = ROOT / "briefs" / "clapham.yaml"
PYTHON = sys.executable
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

sys.path.insert(0, str(BENCH))
from long_brief import Size, build_long_brief, validate, write_yaml  # noqa: E402
from typst_peer import read_yaml, typst_source  # noqa: E402


@dataclass(frozen=True)
class Settings:
    warm_repeats: int = 30
    #: The warm samples are taken in this many rounds of one process per tool.
    warm_rounds: int = 10
    cold_repeats: int = 10
    long_scale: float = 1.0
    long_repeats: int = 3
    #: No further repeats of a long render once one run took longer than this.
    long_run_budget: float = 20.0
    long_timeout: float = 600.0
    typst_long_timeout: float = 90.0
    memory_cap_mib: int = 4096
    series_scales: tuple[float, ...] = (0.05, 0.1, 0.2)
    batch_size: int = 200
    batch_repeats: int = 3
    jobs: int = 0  # 0: the number of CPUs

    @classmethod
    def quick(cls) -> Settings:
        return cls(
            warm_repeats=6,
            warm_rounds=2,
            cold_repeats=3,
            long_scale=0.1,
            long_repeats=1,
            typst_long_timeout=30.0,
            series_scales=(),
            batch_size=20,
            batch_repeats=1,
        )


# -- figures -------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table: a measured figure (samples), or a ratio or count (value)."""

    label: str
    unit: str  # "s", "ms" (samples in seconds), "MiB", "x", "pages", "n/a"
    samples: list[float] = field(default_factory=list)
    value: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else self.value


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "pages":
        return f"{value:.0f}"
    return f"{value:g}"


def ratio(
    label: str, top: Row | float | None, bottom: Row | float | None, target: str = "", **kw: Any
) -> Row:
    """A row holding top / bottom (medians), checked against `target` ('<= 1.1', '>= 4')."""
    a = top.median if isinstance(top, Row) else top
    b = bottom.median if isinstance(bottom, Row) else bottom
    if a is None or b is None or b == 0:
        return Row(label, "n/a", target=target, met=False if target else None, note="no figure")
    value = a / b
    met = None
    if target:
        op, limit = target.split()
        bound = float(limit)
        met = {"<=": value <= bound, "<": value < bound, ">=": value >= bound}[op]
    return Row(label, "x", value=value, target=f"target {target}x" if target else "", met=met, **kw)


def print_table(sections: Sequence[Section]) -> None:
    width = max(len(row.label) for section in sections for row in section.rows) + 2
    columns = f"{'median':>12} {'min':>11} {'max':>11} {'n':>3}  {'target':<17} met"
    print(f"  {'figure':<{width}}{columns}")
    for section in sections:
        print(f"\n{section.title}")
        for row in section.rows:
            if row.unit == "n/a" and not row.samples and row.value is None:
                note = row.note if len(row.note) < 200 else row.note[:197] + "..."
                print(f"  {row.label:<{width}}{note}")
                continue
            low = _fmt(min(row.samples), row.unit) if len(row.samples) > 1 else ""
            high = _fmt(max(row.samples), row.unit) if len(row.samples) > 1 else ""
            n = str(len(row.samples)) if row.samples else ""
            met = {True: "yes", False: "NO", None: ""}[row.met]
            line = (
                f"  {row.label:<{width}}{_fmt(row.median, row.unit):>12} {low:>11} {high:>11} "
                f"{n:>3}  {row.target:<17} {met}"
            )
            print(line.rstrip() + (f"   ({row.note})" if row.note else ""))


# -- processes -------------------------------------------------------------------


@dataclass
class Run:
    """A finished process: wall time, exit code, peak memory, output."""

    seconds: float
    returncode: int
    max_rss_mib: float  # the kernel's figure: the largest of the process and its children
    tree_peak_mib: float | None  # sampled: all processes of the tree together
    stdout: str
    stderr: str
    stopped: str = ""  # why the runner stopped it (time or memory limit)

    def json(self) -> dict[str, Any]:
        for line in reversed(self.stdout.splitlines()):
            if line.startswith("{"):
                data: dict[str, Any] = json.loads(line)
                return data
        return {}

    def problem(self) -> str:
        if self.stopped:
            return f"stopped: {self.stopped}"
        if self.returncode:
            message = self.json().get("error") or (self.stderr.strip().splitlines() or [""])[-1]
            return f"exit {self.returncode}: {message}"
        return ""


class TreeSampler(threading.Thread):
    """Samples the resident memory of a process and its descendants; stops them past a limit."""

    def __init__(self, pid: int, start: float, timeout: float | None, cap_mib: float | None):
        super().__init__(daemon=True)
        self.pid, self.start_time, self.timeout, self.cap_mib = pid, start, timeout, cap_mib
        self.peak_mib = 0.0
        self.stopped = ""
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            total = sum(_rss_mib(pid) for pid in _tree(self.pid))
            self.peak_mib = max(self.peak_mib, total)
            elapsed = time.perf_counter() - self.start_time
            if self.timeout and elapsed > self.timeout:
                self.stopped = f"time limit {self.timeout:.0f} s"
            elif self.cap_mib and total > self.cap_mib:
                self.stopped = f"memory limit {self.cap_mib:.0f} MiB (at {elapsed:.0f} s)"
            if self.stopped:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.pid, signal.SIGKILL)  # the group of the process we started
                return


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
            except OSError:
                pass
    return found


def _rss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_SIZE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def run_process(
    command: Sequence[str | Path],
    env: dict[str, str],
    *,
    sample: bool = False,
    timeout: float | None = None,
    cap_mib: float | None = None,
) -> Run:
    """Run a command from the repository's root and wait for it (os.wait4: exact rusage)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(part) for part in command],
            stdout=out,
            stderr=err,
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        sampler = None
        if sample or timeout or cap_mib:
            sampler = TreeSampler(process.pid, start, timeout, cap_mib)
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.done.set()
            sampler.join()
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            process.returncode,
            usage.ru_maxrss / 1024,
            sampler.peak_mib if sampler and sample else None,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            sampler.stopped if sampler else "",
        )


def _pages(path: Path) -> int | None:
    from pypdf import PdfReader

    try:
        return len(PdfReader(path).pages)
    except Exception:
        return None


# -- the benchmark ---------------------------------------------------------------


class Bench:
    def __init__(self, settings: Settings, tmp: Path, briefpack: list[str]) -> None:
        self.settings = settings
        self.tmp = tmp
        self.briefpack = briefpack
        self.has_typst = importlib.util.find_spec("typst") is not None
        # Child processes run as after a normal install: bytecode is cached (here in a
        # folder of the run, not in the source tree), whatever PYTHONDONTWRITEBYTECODE says,
        # and so is what briefpack parses once (disk_cache), in a folder of the run too.
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        self.env["BRIEFPACK_CACHE_DIR"] = str(tmp / "briefpack-cache")
        self.env.pop("BRIEFPACK_NO_CACHE", None)
        self.clapham_typ = tmp / "clapham.typ"
        self.clapham_typ.write_text(typst_source(read_yaml(CLAPHAM), CLAPHAM.name), "utf-8")
        self.sections: list[Section] = []
        self.clapham_pages: dict[str, int | None] = {}
        self.warm_briefpack: Row | None = None
        #: Each tool's warm samples, round by round.
        self.warm_rounds: dict[str, list[list[float]]] = {}

    def log(self, message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def warm_samples(self, tools: dict[str, Path]) -> dict[str, tuple[list[float], str]]:
        """Each tool's `warm_repeats` warm samples, taken in turns: one process of each
        tool per round, `warm_rounds` rounds (each tool first in turn), so a slow
        moment of the machine falls on all of them."""
        repeats = max(1, self.settings.warm_repeats)
        rounds = max(1, min(self.settings.warm_rounds, repeats))
        samples: dict[str, list[float]] = {tool: [] for tool in tools}
        problems: dict[str, str] = {tool: "" for tool in tools}
        order = list(tools)
        for number in range(rounds):
            share = repeats // rounds + (number < repeats % rounds)
            for tool in order[number % len(order) :] + order[: number % len(order)]:
                if problems[tool]:
                    continue
                run = run_process(
                    [PYTHON, BENCH / "warm.py", tool, tools[tool], str(share)], self.env
                )
                if run.returncode:
                    problems[tool] = run.problem()
                else:
                    taken = run.json()["samples"]
                    samples[tool] += taken
                    self.warm_rounds.setdefault(tool, []).append(taken)
        return {tool: ([] if problems[tool] else samples[tool], problems[tool]) for tool in tools}

    # a. and b. ---------------------------------------------------------------------

    def clapham(self) -> None:
        s = self.settings
        rounds = max(1, min(s.warm_rounds, s.warm_repeats))
        self.log(f"a. warm renders of clapham ({s.warm_repeats} each, in {rounds} rounds)")
        warm = Section("a. Warm render of briefs/clapham.yaml in one process (after one warm-up)")
        tools = {"briefpack": CLAPHAM, "floor": CLAPHAM}
        if self.has_typst:
            tools |= {"typst": self.clapham_typ, "typst-compiler": self.clapham_typ}
        taken = self.warm_samples(tools)
        samples, problem = taken["briefpack"]
        ours = warm.add(Row("briefpack render_brief()", "ms", samples, note=problem))
        self.warm_briefpack = ours
        samples, problem = taken["floor"]
        floor = warm.add(Row("ReportLab floor (read YAML + render)", "ms", samples, note=problem))
        typst_rows: dict[str, Row] = {}
        if self.has_typst:
            for tool, label in (
                ("typst", "Typst, typst.compile() again (memo cache)"),
                ("typst-compiler", "Typst, one Compiler reused (all caches)"),
            ):
                samples, problem = taken[tool]
                typst_rows[tool] = Row(label, "ms", samples, note=problem)

        self.log(f"b. cold processes ({s.cold_repeats} rounds)")
        cold = Section("b. Cold processes (whole process, wall time; bytecode cached)")
        out = self.tmp / "cold"
        out.mkdir()
        commands: dict[str, list[str | Path]] = {
            "briefpack render briefs/clapham.yaml": [
                *self.briefpack, "render", CLAPHAM, "-o", out / "clapham.pdf"
            ],
            "python bench/reportlab_floor.py (floor)": [
                PYTHON, BENCH / "reportlab_floor.py", CLAPHAM, out / "floor.pdf"
            ],
            'python -c "import typer"': [PYTHON, "-c", "import typer"],
            "briefpack --help": [*self.briefpack, "--help"],
        }  # fmt: skip
        if self.has_typst:
            commands["python bench/typst_peer.py --time (Typst)"] = [
                PYTHON, BENCH / "typst_peer.py", "--time", self.clapham_typ, out / "typst.pdf"
            ]  # fmt: skip
        runs: dict[str, list[Run]] = {name: [] for name in commands}
        for command in commands.values():  # fills the bytecode cache
            run_process(command, self.env)
        for _ in range(s.cold_repeats):
            for name, command in commands.items():
                runs[name].append(run_process(command, self.env))
        rows = {}
        for name, done in runs.items():
            problems = {run.problem() for run in done if run.problem()}
            peak = max(run.max_rss_mib for run in done)
            rows[name] = cold.add(
                Row(
                    name,
                    "s",
                    [run.seconds for run in done if not run.problem()],
                    note="; ".join(sorted(problems)) or f"peak RSS {peak:.0f} MiB",
                )
            )
        names = list(commands)
        cold.add(ratio("cold render / cold floor", rows[names[0]], rows[names[1]], "<= 1.1"))
        cold.add(ratio("--help / import typer", rows[names[3]], rows[names[2]], "<= 1.2"))
        self.clapham_pages = {
            "briefpack": _pages(out / "clapham.pdf"),
            "floor": _pages(out / "floor.pdf"),
            "typst": _pages(out / "typst.pdf") if self.has_typst else None,
        }
        first = None
        if self.has_typst:
            name = names[4]
            first = Row(
                "Typst, first compile in a fresh process",
                "ms",
                [run.json()["seconds"] for run in runs[name] if not run.problem()],
                note="no caches; Python start-up and import not counted",
            )
            warm.rows += [first, *typst_rows.values()]
        else:
            warm.add(Row("Typst", "n/a", note="n/a (the typst package is not installed)"))
        pages = self.clapham_pages
        warm.add(
            Row(
                "pages (briefpack / floor / Typst)",
                "n/a",
                note=f"{pages['briefpack']} / {pages['floor']} / {pages['typst']}",
            )
        )
        per_round = self.warm_rounds
        pairs = zip(per_round.get("briefpack", []), per_round.get("floor", []), strict=False)
        paired = [statistics.median(a) / statistics.median(b) for a, b in pairs if a and b]
        if ours.samples and floor.samples:
            under = sum(value <= 1.0 for value in paired)
            warm.add(
                Row(
                    "briefpack / floor, round by round",
                    "x",
                    paired,
                    target="target <= 1.0x",
                    met=statistics.median(paired) <= 1.0,
                    note=f"each round's ratio of medians; {under} of {len(paired)} at or under 1.0",
                )
            )
        else:
            warm.add(ratio("briefpack / floor, round by round", None, None, "<= 1.0"))
        warm.add(ratio("briefpack / floor, all samples", ours, floor))
        if ours.samples and floor.samples:
            warm.add(
                ratio(
                    "briefpack / floor, fastest of each",
                    min(ours.samples),
                    min(floor.samples),
                    note="the renders no slow spell of the machine touched",
                )
            )
        if self.has_typst:
            warm.add(
                ratio(
                    "briefpack / Typst first compile",
                    ours,
                    first,
                    "< 1.0",
                    note="--watch and batch: aim below Typst",
                )
            )
            for row in typst_rows.values():
                warm.add(ratio(f"briefpack / {row.label.split(', ')[1]}", ours, row))
        self.sections += [warm, cold]

    # c. ----------------------------------------------------------------------------

    def long(self) -> list[Row]:
        s = self.settings
        section = Section(
            f"c. The long brief (scale {s.long_scale:g}: "
            f"{Size().scaled(s.long_scale).timeline_rows} timeline rows, "
            f"{Size().scaled(s.long_scale).sections} sections, "
            f"{Size().scaled(s.long_scale).sources} sources)"
        )
        self.sections.append(section)
        memory: list[Row] = []
        folder = self.tmp / "long"
        self.log("c. generating and validating the long brief")
        data = build_long_brief(size=Size().scaled(s.long_scale))
        folder.mkdir()
        brief = write_yaml(data, folder / "long.yaml")
        validate(self.briefpack, brief)
        typ = folder / "long.typ"
        typ.write_text(typst_source(data, "the long brief"), "utf-8")

        clapham_per_page = None
        if self.warm_briefpack and self.warm_briefpack.median and self.clapham_pages["briefpack"]:
            clapham_per_page = self.warm_briefpack.median / self.clapham_pages["briefpack"]
        ours = self.long_briefpack(section, memory, brief, "briefpack", clapham_per_page)
        theirs = self.long_typst(section, memory, typ, "Typst")
        if ours and theirs:
            section.add(ratio("Typst per page / briefpack per page", theirs, ours, ">= 4"))
        elif ours is None and s.long_scale == 1.0:
            # The figure above failed: the same brief with timeline rows citing nothing,
            # so that the cost of the rest can still be read.
            for row in data["timeline"]:
                row.pop("sources", None)
            variant = write_yaml(data, folder / "long-no-timeline-sources.yaml")
            self.long_briefpack(
                section, memory, variant, "briefpack (timeline rows citing nothing)",
                clapham_per_page, repeats=1,
            )  # fmt: skip
        if s.series_scales:
            self.log("c. the same content at smaller scales")
            series = Section("c. (cont.) Time per page against length: smaller long briefs")
            self.sections.append(series)
            for scale in s.series_scales:
                part = self.tmp / f"long-{scale:g}"
                part.mkdir()
                small = build_long_brief(size=Size().scaled(scale))
                path = write_yaml(small, part / "long.yaml")
                (part / "long.typ").write_text(typst_source(small, "the long brief"), "utf-8")
                ours = self.long_briefpack(
                    series, [], path, f"scale {scale:g}: briefpack", clapham_per_page, 1, False
                )
                theirs = self.long_typst(series, [], part / "long.typ", f"scale {scale:g}: Typst")
                if ours:
                    label = f"scale {scale:g}: briefpack per page / clapham per page"
                    series.add(ratio(label, ours, clapham_per_page))
                if ours and theirs:
                    series.add(ratio(f"scale {scale:g}: Typst / briefpack per page", theirs, ours))
        return memory

    def long_briefpack(
        self,
        section: Section,
        memory: list[Row],
        brief: Path,
        label: str,
        clapham_per_page: float | None,
        repeats: int | None = None,
        check: bool = True,
    ) -> Row | None:
        s = self.settings
        runs: list[Run] = []
        for i in range(repeats or s.long_repeats):
            self.log(f"c. {label}: run {i + 1}")
            run = run_process(
                [PYTHON, BENCH / "timed_render.py", brief, brief.with_suffix(".pdf"),
                 "--warm-up", CLAPHAM],
                self.env, sample=True, timeout=s.long_timeout, cap_mib=s.memory_cap_mib,
            )  # fmt: skip
            runs.append(run)
            if run.problem() or run.seconds > s.long_run_budget:
                break
        failed = runs[-1].problem()
        if failed:
            note = f"FAILED after {runs[-1].seconds:.1f} s: {failed}"
            section.add(Row(f"{label}: render", "n/a", note=note))
            if check:
                peak = [runs[-1].max_rss_mib]
                memory.append(Row(f"long brief, {label}: peak RSS", "MiB", peak, note="failed run"))
            return None
        results = [run.json() for run in runs]
        pages = results[0]["pages"]
        section.add(Row(f"{label}: render (in-process)", "s", [r["seconds"] for r in results]))
        section.add(Row(f"{label}: pages", "pages", value=pages))
        per_page = section.add(
            Row(f"{label}: time per page", "ms", [r["seconds"] / pages for r in results])
        )
        if check:
            section.add(Row(f"{label}: whole process", "s", [run.seconds for run in runs]))
            section.add(
                ratio(f"{label}: per page / clapham per page", per_page, clapham_per_page, "<= 1.5")
            )
            memory.append(
                Row(f"long brief, {label}: peak RSS", "MiB", [run.max_rss_mib for run in runs])
            )
        return per_page

    def long_typst(self, section: Section, memory: list[Row], typ: Path, label: str) -> Row | None:
        s = self.settings
        if not self.has_typst:
            section.add(Row(label, "n/a", note="n/a (the typst package is not installed)"))
            return None
        limits = f"{s.typst_long_timeout:.0f} s, {s.memory_cap_mib} MiB"
        self.log(f"c. {label}: one compile (limits {limits})")
        output = typ.with_name(typ.stem + "-typst.pdf")
        run = run_process(
            [PYTHON, BENCH / "typst_peer.py", "--time", typ, output],
            self.env, sample=True, timeout=s.typst_long_timeout, cap_mib=s.memory_cap_mib,
        )  # fmt: skip
        note = "when stopped" if run.stopped else ""
        memory.append(Row(f"long brief, {label}: peak RSS", "MiB", [run.max_rss_mib], note=note))
        if run.problem():
            section.add(Row(f"{label}: compile", "n/a", note=f"did not finish ({run.problem()})"))
            return None
        seconds = run.json()["seconds"]
        pages = _pages(output) or 0
        section.add(Row(f"{label}: compile (fresh process)", "s", [seconds]))
        section.add(Row(f"{label}: pages", "pages", value=pages))
        return section.add(Row(f"{label}: time per page", "ms", [seconds / max(pages, 1)]))

    # d. ----------------------------------------------------------------------------

    def batch(self) -> list[Row]:
        s = self.settings
        jobs = s.jobs or os.cpu_count() or 1
        section = Section(f"d. Batch: {s.batch_size} briefs, --jobs 1 and --jobs {jobs}")
        self.sections.append(section)
        help_text = run_process([*self.briefpack, "render", "--help"], self.env).stdout
        if "--jobs" not in help_text:
            section.add(Row("batch", "n/a", note="n/a (no --jobs)"))
            return []
        folder, out = self.tmp / "batch", self.tmp / "batch-out"
        folder.mkdir()
        lines = CLAPHAM.read_text(encoding="utf-8").splitlines()
        paths = []
        for n in range(1, s.batch_size + 1):
            copy = []
            for line in lines:
                if line.startswith("title: "):
                    copy += [f"{line} ({n})", f"slug: clapham-{n:03d}"]
                else:
                    copy.append(line)
            path = folder / f"clapham-{n:03d}.yaml"
            path.write_text("\n".join(copy) + "\n", encoding="utf-8")
            paths.append(path)
        runs: dict[int, list[Run]] = {1: [], jobs: []}
        for i in range(s.batch_repeats):
            for n in runs:
                self.log(f"d. batch --jobs {n}: run {i + 1}")
                shutil.rmtree(out, ignore_errors=True)
                run = run_process(
                    [*self.briefpack, "render", *paths, "-o", out, "--jobs", str(n)],
                    self.env, sample=True, cap_mib=s.memory_cap_mib,
                )  # fmt: skip
                written = len(list(out.glob("*.pdf"))) if out.is_dir() else 0
                if not run.problem() and written != len(paths):
                    run.stopped = f"wrote {written} of {len(paths)} PDFs"
                runs[n].append(run)
        rows: dict[int, Row] = {}
        for n, done in runs.items():
            problems = sorted({run.problem() for run in done if run.problem()})
            rows[n] = section.add(
                Row(
                    f"--jobs {n}: whole batch",
                    "s",
                    [run.seconds for run in done if not run.problem()],
                    note="; ".join(problems),
                )
            )
            section.add(
                Row(
                    f"--jobs {n}: per brief",
                    "ms",
                    [run.seconds / len(paths) for run in done if not run.problem()],
                )
            )
        section.add(ratio(f"speed-up --jobs {jobs} / --jobs 1", rows[1], rows[jobs], ">= 1.8"))
        memory = []
        for n, all_runs in runs.items():
            done = [run for run in all_runs if not run.problem()]
            if not done:
                continue
            largest = [run.max_rss_mib for run in done]
            memory.append(Row(f"batch --jobs {n}: peak RSS, largest process", "MiB", largest))
            memory.append(
                Row(
                    f"batch --jobs {n}: peak RSS, all processes",
                    "MiB",
                    [r.tree_peak_mib or 0.0 for r in done],
                    note="sampled every 20 ms",
                )
            )
        return memory


# -- the report ------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in (
        "briefpack", "reportlab", "typst", "pydantic", "pydantic-core", "pyphen",
        "markdown-it-py", "PyYAML", "typer", "rich", "pillow", "pypdf",
    ):  # fmt: skip
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "packages": versions,
        "load_average_at_start": os.getloadavg(),
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE"),
    }


def _busy_cpu_seconds() -> float:
    """CPU time all processes of the machine have used since boot (from /proc/stat)."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    """CPU time this process and the processes it started have used."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmarks of briefpack, ReportLab and Typst.")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run")
    parser.add_argument("--warm-repeats", type=int, help="samples of each tool (default 30)")
    parser.add_argument("--warm-rounds", type=int, help="processes of each tool, in turns (10)")
    parser.add_argument("--cold-repeats", type=int)
    parser.add_argument("--long-repeats", type=int)
    parser.add_argument("--long-scale", type=float, help="1 is the long brief of the brief")
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--batch-repeats", type=int)
    parser.add_argument("--jobs", type=int, help="the N of --jobs N (default: CPU count)")
    parser.add_argument("--long-timeout", type=float, help="seconds (briefpack, default 600)")
    parser.add_argument("--typst-long-timeout", type=float, help="seconds (default 90)")
    parser.add_argument("--memory-cap", type=int, dest="memory_cap_mib", help="MiB per run")
    parser.add_argument("--skip", action="append", default=[], choices=["clapham", "long", "batch"])
    parser.add_argument(
        "--briefpack",
        help="the briefpack command to run (default: the one installed beside this Python)",
    )
    parser.add_argument("--json", type=Path, default=BENCH / "results.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    settings = Settings.quick() if args.quick else Settings()
    chosen = {
        key: value
        for key, value in vars(args).items()
        if key in Settings.__dataclass_fields__ and value is not None
    }
    settings = replace(settings, **chosen)
    installed = Path(PYTHON).with_name("briefpack")
    briefpack = [args.briefpack] if args.briefpack else [str(installed)]
    if not args.briefpack and not installed.exists():
        briefpack = [PYTHON, "-m", "briefpack"]

    started = time.perf_counter()
    busy_at_start, own_at_start = _busy_cpu_seconds(), _own_cpu_seconds()
    info = machine()
    tmp = Path(tempfile.mkdtemp(prefix="briefpack-bench-"))
    try:
        bench = Bench(settings, tmp, briefpack)
        memory: list[Row] = []
        if "clapham" not in args.skip:
            bench.clapham()
        if "long" not in args.skip:
            memory += bench.long()
        if "batch" not in args.skip:
            memory += bench.batch()
        if memory:
            bench.sections.append(Section("e. Peak memory (resident set size)", memory))
    finally:
        if args.keep:
            print(f"temporary files kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    info["load_average_at_end"] = os.getloadavg()
    elapsed = time.perf_counter() - started

    print(
        f"\nbriefpack benchmarks{' (--quick)' if args.quick else ''}: {info['cpu_count']} CPUs, "
        f"Python {info['python']}, reportlab {info['packages']['reportlab']}, "
        f"typst {info['packages']['typst']}; load average at start "
        f"{info['load_average_at_start'][0]:.2f}, at end {info['load_average_at_end'][0]:.2f}"
    )
    others = (_busy_cpu_seconds() - busy_at_start) - (_own_cpu_seconds() - own_at_start)
    share = max(0.0, others) / (elapsed * (os.cpu_count() or 1))
    info["cpu_share_of_other_processes"] = share
    print(f"Other processes used {share:.0%} of the CPUs during the run.")
    if share > 0.1:
        print("note: the machine was busy; figures may be inflated and noisy. Run again.")
    print()
    print_table(bench.sections)
    print(f"\n{elapsed:.0f} s in all; results in {args.json}")

    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "seconds": elapsed,
        "briefpack_command": briefpack,
        "machine": info,
        "settings": asdict(settings),
        "warm_rounds": bench.warm_rounds,  # each tool's warm samples, round by round
        "sections": [
            {
                "title": section.title,
                "rows": [
                    {
                        **asdict(row),
                        "median": row.median,
                        "min": min(row.samples) if row.samples else None,
                        "max": max(row.samples) if row.samples else None,
                    }
                    for row in section.rows
                ],
            }
            for section in bench.sections
        ],
    }
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
