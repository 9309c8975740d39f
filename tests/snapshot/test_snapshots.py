"""Rendered pages against the stored snapshots in tests/snapshots/.

Every example in briefs/ in every shipped layout, and the briefs built to exercise
the edges. After a change in look: `briefpack snapshot ... --report` to see it,
then `pytest tests/snapshot/test_snapshots.py --snapshot-update` to accept it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpack.snapshot.pytest_plugin import BriefSnapshot
from conftest import BRIEFS, LAYOUTS, ROOT

EXAMPLES = [(path, layout) for path in sorted(BRIEFS.glob("*.yaml")) for layout in LAYOUTS]
EDGES = [
    # A timeline across pages, figures of every colour mode, long words, markup.
    (ROOT / "tests" / "briefs" / "edges.yaml", "standard"),
    # Many notes cited at once, at the foot of a column.
    (ROOT / "tests" / "briefs" / "crowded-footnotes.yaml", "compact"),
]
# One page in each shipped language (and an English brief quoting French and German):
# labels, dates, quote marks, hyphenation, Greek script, in two columns.
LANGUAGES = [
    (path, "compact") for path in sorted((ROOT / "tests" / "briefs" / "lang").glob("*.yaml"))
]


@pytest.mark.parametrize(
    ("path", "layout"),
    EXAMPLES + EDGES + LANGUAGES,
    ids=lambda value: getattr(value, "stem", value),
)
def test_pages_match_their_snapshot(brief_snapshot: BriefSnapshot, path: Path, layout: str) -> None:
    brief_snapshot(path.relative_to(ROOT), layout)


def test_no_snapshot_is_left_without_its_brief() -> None:
    """A snapshot folder whose brief and layout are no longer tested is stale."""
    tested = {f"{path.stem}/{layout}" for path, layout in EXAMPLES + EDGES + LANGUAGES}
    stored = {
        f"{meta.parent.parent.name}/{meta.parent.name}"
        for meta in (ROOT / "tests" / "snapshots").glob("*/*/snapshot.json")
    }
    assert stored == tested
