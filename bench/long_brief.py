"""A seed to the 'long' brief: thousands of timeline rows, hundreds of sections and sources.

The long brief shows how the cost of a render grows with its length: 5,000
timeline rows, 200 sections (each with three paragraphs) and 500 sources, cited
throughout from section bodies (`[^s001]`), findings, quotes and timeline rows'
`sources:` lists, so footnotes fall on almost every page. The text is made from a
fixed vocabulary with a seeded random generator: the same seed gives the same
brief, byte for byte. Timeline rows are written in chronological order.

    python bench/long_brief.py OUT_DIR            # OUT_DIR/long.yaml and OUT_DIR/long.typ
    python bench/long_brief.py OUT_DIR --scale 0.1  # a tenth of everything, for a smoke run

The YAML is checked with `briefpack validate` before it is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # noqa: TID251

_VOCABULARY = (
    "the council inspectors report officers minister public inquiry evidence statement "
    "committee police authority review funding hospital community residents members "
    "government decision agreement proposal commission budget investigation response "
    "spokesman witnesses hearing documents regulator contract schools transport housing "
    "planning application consultation emergency services confirmed announced described "
    "said found warned argued rejected approved criticised welcomed questioned published "
    "during after before within across despite following against between through "
    "significant unprecedented independent national regional local senior former acting "
    "interim financial operational statutory procedural substantial considerable "
    "following the meeting on the issue of a the an and for with that which while "
    "although because however nevertheless meanwhile subsequently"
)
WORDS = _VOCABULARY.split()

HEADINGS = (
    "What the documents show",
    "The council's response",
    "Questions for the minister",
    "How the money was spent",
    "What witnesses told the inquiry",
    "The regulator's view",
    "Background",
    "What happens next",
)


@dataclass(frozen=True)
class Size:
    """How long the brief is; `scaled` keeps the proportions for a smoke run."""

    timeline_rows: int = 5_000
    sections: int = 200
    sources: int = 500
    quotes: int = 20
    findings: int = 8

    def scaled(self, factor: float) -> Size:
        return Size(
            max(10, round(self.timeline_rows * factor)),
            max(4, round(self.sections * factor)),
            max(10, round(self.sources * factor)),
            max(2, round(self.quotes * factor)),
            self.findings,
        )


class Writer:
    """Seeded sentences, and the source keys to cite next."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def words(self, low: int, high: int) -> str:
        count = self.random.randint(low, high)
        words = [self.random.choice(WORDS) for _ in range(count)]
        if count > 6 and self.random.random() < 0.2:
            i = self.random.randrange(count - 2)
            words[i : i + 2] = [f"**{words[i]} {words[i + 1]}**"]
        elif count > 6 and self.random.random() < 0.2:
            i = self.random.randrange(count - 1)
            words[i] = f"*{words[i]}*"
        return " ".join(words)

    def sentence(self, low: int = 8, high: int = 22) -> str:
        text = self.words(low, high)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


def build_long_brief(seed: int = 6, size: Size | None = None) -> dict[str, Any]:
    """The long brief as plain data, every scalar a string."""
    size = size or Size()
    w = Writer(seed)
    keys = [f"s{n:03d}" for n in range(1, size.sources + 1)]
    # The first 80% of the sources are first cited in the sections, two per section
    # in order; the rest are first cited from the timeline. Other citations pick at
    # random among those already cited.
    in_sections = keys[: min(len(keys), 2 * size.sections, round(len(keys) * 0.8))]
    in_timeline = keys[len(in_sections) :]
    fresh = iter(in_sections)
    cited: list[str] = []

    def cite_new(pool: Any) -> str:
        key = next(pool, None)
        if key is None:
            return cite_old()
        cited.append(key)
        return key

    def cite_old() -> str:
        return w.random.choice(cited) if cited else cite_new(fresh)

    summary_points = [f"{w.sentence()}[^{cite_new(fresh)}]" for _ in range(3)]
    findings = [
        {
            "verdict": w.random.choice(["Finding", "Criticism", "Cleared", "Not upheld"]),
            "text": w.sentence(),
            "sources": [cite_old()],
        }
        for _ in range(size.findings)
    ]
    sections = []
    for i in range(size.sections):
        paragraphs = [
            f"{w.paragraph(3)}[^{cite_new(fresh)}] {w.sentence()}",
            f"{w.paragraph(2)}[^{cite_new(fresh)}] {w.paragraph(2)}",
            f"{w.paragraph(3)}[^{cite_old()}]",
        ]
        heading = f"{HEADINGS[i % len(HEADINGS)]} ({i + 1})"
        sections.append({"heading": heading, "body": "\n\n".join(paragraphs) + "\n"})
    quotes = [
        {
            "text": w.paragraph(2),
            "speaker": f"Witness {i + 1}",
            "role": w.words(3, 6),
            "sources": [cite_old()],
        }
        for i in range(size.quotes)
    ]
    timeline = []
    day = dt.date(1990, 1, 1)
    fresh_late = iter(in_timeline)
    step = max(1, size.timeline_rows // max(1, len(in_timeline)))
    for i in range(size.timeline_rows):
        day += dt.timedelta(days=w.random.randint(1, 3))
        row: dict[str, Any] = {"date": day.isoformat()}
        if w.random.random() < 0.2:
            row["time"] = f"{w.random.randint(0, 23):02d}:{w.random.choice([0, 15, 30, 45]):02d}"
        row["event"] = w.sentence(10, 30)
        sources = [cite_new(fresh_late) if i % step == 0 else cite_old()]
        if w.random.random() < 0.3:
            sources.append(cite_old())
        row["sources"] = list(dict.fromkeys(sources))
        timeline.append(row)
    sources = {}
    for n, key in enumerate(keys, start=1):
        source: dict[str, Any] = {
            "title": w.words(5, 12).replace("*", "").capitalize(),
            "publisher": w.random.choice(
                ["The Gazette", "Council minutes", "Inquiry transcript", "Agency wire", "Hansard"]
            ),
            "date": (dt.date(1990, 1, 1) + dt.timedelta(days=7 * n)).isoformat(),
        }
        if n % 3 == 0:
            source["url"] = f"https://example.org/documents/{key}"
        if n % 4 == 0:
            source["note"] = w.sentence(6, 14).replace("*", "")
        sources[key] = source
    return {
        "title": "Inquiry into the council's emergency housing programme: the full record",
        "subtitle": "Every document, hearing and statement, in order",
        "date": "2024-06-01",
        "desk": "Investigations",
        "author": "Briefings editor",
        "classification": "FOR EDITORS - NOT FOR PUBLICATION",
        "layout": "standard",
        "summary": {"title": "Summary", "text": w.paragraph(3), "points": summary_points},
        "findings": findings,
        "sections": sections,
        "quotes": quotes,
        "timeline": timeline,
        "sources": sources,
    }


def write_yaml(data: dict[str, Any], path: Path) -> Path:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")
    return path


def validate(briefpack: list[str], path: Path) -> None:
    """Run `briefpack validate` on a generated brief; raise with its messages on failure."""
    result = subprocess.run(
        [*briefpack, "validate", str(path)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or result.stderr.strip():
        raise RuntimeError(f"briefpack validate {path} failed:\n{result.stderr}")


def write_long_brief(folder: Path, scale: float = 1.0, seed: int = 6) -> tuple[Path, Path]:
    """long.yaml and long.typ (the same content for Typst) in `folder`."""
    from typst_peer import typst_source

    data = build_long_brief(seed, Size().scaled(scale))
    folder.mkdir(parents=True, exist_ok=True)
    brief = write_yaml(data, folder / "long.yaml")
    typ = folder / "long.typ"
    typ.write_text(typst_source(data, "the long brief of bench/long_brief.py"), encoding="utf-8")
    return brief, typ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    brief, typ = write_long_brief(args.folder, args.scale, args.seed)
    briefpack = [str(Path(sys.executable).with_name("briefpack"))]
    validate(briefpack, brief)
    print(brief)
    print(typ)
    return 0


if __name__ == "__main__":
    sys.exit(main())
