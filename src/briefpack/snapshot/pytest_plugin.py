"""A test's brief and layout to a snapshot comparison: the `brief_snapshot` fixture.

Registered through the `pytest11` entry point, so any suite that has briefpack
installed can write:

    def test_weekly(brief_snapshot):
        brief_snapshot("briefs/weekly.yaml", layout="standard")

Paths are relative to pytest's rootdir (the folder of `pyproject.toml`,
`pytest.ini` or `tox.ini`), whatever the current folder. Snapshots live in
`<rootdir>/tests/snapshots/<brief>/<layout>/` unless `snapshot_dir=` says otherwise:
the same layout as `briefpack snapshot --dir tests/snapshots`, so the command and
the fixture share one set of snapshots. A `layouts/` folder in the rootdir is
searched before the shipped layouts, as the command does in its current folder.

Options: `--snapshot-update` stores the rendered pages instead of comparing;
`--snapshot-report FILE` writes one HTML page of every page that differs.

Importing this module is cheap: briefpack's rendering stages, Pillow and pdfium
are imported when a test first calls the fixture, not when pytest starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest

if TYPE_CHECKING:
    from .compare import SnapshotResult

DEFAULT_SNAPSHOT_DIR = Path("tests") / "snapshots"
UPDATE_ADVICE = "run pytest with --snapshot-update"
_RESULTS = pytest.StashKey[list["SnapshotResult"]]()
_WRITTEN = pytest.StashKey[list[Path]]()
#: Which brief each snapshot name belongs to in this run: two briefs with the same
#: file name would otherwise overwrite each other's snapshots.
_OWNERS = pytest.StashKey[dict[tuple[Path, str], Path]]()


class BriefSnapshot(Protocol):
    def __call__(
        self,
        path: str | Path,
        layout: str | None = None,
        *,
        snapshot_dir: str | Path | None = None,
        threshold: int = 0,
        max_fraction: float = 0.0,
    ) -> None: ...


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("briefpack", "briefpack snapshots")
    group.addoption(
        "--snapshot-update",
        action="store_true",
        default=False,
        help="store the pages brief_snapshot renders as the new snapshots (accept every change)",
    )
    group.addoption(
        "--snapshot-report",
        metavar="FILE",
        default=None,
        help="write one HTML page showing every snapshot page that differs",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RESULTS] = []
    config.stash[_WRITTEN] = []
    config.stash[_OWNERS] = {}


@pytest.fixture
def brief_snapshot(request: pytest.FixtureRequest) -> BriefSnapshot:
    """Render a brief and compare its pages with the stored snapshot; fail on a difference.

    `brief_snapshot(path, layout=None, *, snapshot_dir=None, threshold=0,
    max_fraction=0.0)`: `layout` defaults to the brief's own `layout:` (or
    `standard`); `threshold` and `max_fraction` loosen the exact match (see
    `briefpack.snapshot.compare.Tolerance`).
    """
    config = request.config
    root = config.rootpath

    def check(
        path: str | Path,
        layout: str | None = None,
        *,
        snapshot_dir: str | Path | None = None,
        threshold: int = 0,
        max_fraction: float = 0.0,
    ) -> None:
        from briefpack.common.diagnostics import BriefError
        from briefpack.pipeline import check_brief, package_assets, render_checked

        from .compare import Tolerance, compare, snapshot_name, summary_lines, update

        brief = root / path
        folder = root / (snapshot_dir if snapshot_dir is not None else DEFAULT_SNAPSHOT_DIR)
        local = root / "layouts"
        assets = package_assets((local,) if local.is_dir() else ())
        try:
            checked = check_brief(brief, assets, layout)
        except BriefError as invalid:
            problems = "\n".join(d.format() for d in invalid.diagnostics)
        else:
            problems = ""
        if problems:  # failed outside the `except`, so the problems are reported once
            pytest.fail(problems, pytrace=False)
        pdf = render_checked(checked)
        name = snapshot_name(brief, checked.theme.name)
        owner = config.stash[_OWNERS].setdefault((folder.resolve(), name), brief.resolve())
        if owner != brief.resolve():
            pytest.fail(
                f"{path} and {owner} would share the snapshot {name} in {folder}: "
                "rename one, or give one of them another snapshot_dir",
                pytrace=False,
            )
        if config.getoption("--snapshot-update"):
            config.stash[_WRITTEN].extend(update(pdf, folder, name))
            return
        result = compare(pdf, folder, name, Tolerance(threshold, max_fraction))
        config.stash[_RESULTS].append(result)
        if not result.ok:
            pytest.fail("\n".join(summary_lines(result, UPDATE_ADVICE)), pytrace=False)

    return check


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    report = config.getoption("--snapshot-report")
    results = config.stash.get(_RESULTS, [])
    if report and results:
        from .report import write_report

        write_report(results, config.invocation_params.dir / report, UPDATE_ADVICE)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    written = terminalreporter.config.stash.get(_WRITTEN, [])
    if written:
        terminalreporter.section("briefpack snapshots updated")
        for path in written:
            terminalreporter.line(f"{'wrote' if path.exists() else 'removed'} {path}")
    report = terminalreporter.config.getoption("--snapshot-report")
    if report and terminalreporter.config.stash.get(_RESULTS, []):
        terminalreporter.line(f"briefpack snapshot report: {report}")
