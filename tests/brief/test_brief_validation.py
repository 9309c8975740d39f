"""Validation of briefs: the case files in tests/cases, and the rules around them.

`tests/cases/invalid/*.yaml` holds one mistake per file, with the expected
diagnostic in a comment:

    # error@COL: substring         on the line just above the faulty line
    # error: substring             the same, without asserting the column
    # error@LINE:COL: substring    anywhere in the file (missing keys, `|` blocks)

and `# warning...` alike. Comments stacked above one line all refer to it. The
substring is looked for in the message and its hint, as the command line prints
them: `message (hint)`. Every diagnostic must be expected and every expectation
met, so a file with one mistake reports it exactly once.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from briefpack.brief.model import Brief
from briefpack.brief.validation import ValidatedBrief, text_fields, validate_brief
from briefpack.brief.values import PartialDate
from briefpack.brief.yaml_source import load_yaml, read_yaml_file
from briefpack.common.diagnostics import BriefError, Diagnostic, Position, error, warning
from briefpack.pipeline import default_slug
from conftest import ROOT, briefpack_command

CASES = ROOT / "tests" / "cases"
INVALID = sorted((CASES / "invalid").glob("*.yaml"))
VALID = sorted((CASES / "valid").glob("*.yaml"))
KNOWN_LAYOUTS: dict[str, object] = {"standard": None, "compact": None}

EXPECTATION = re.compile(
    r"#\s*(?P<severity>error|warning)"
    r"(?:@(?:(?P<line>\d+):)?(?P<column>\d+))?"
    r":\s*(?P<text>.+?)\s*$"
)


# -- reading the case files -------------------------------------------------------


@dataclass(frozen=True)
class Expectation:
    severity: str
    line: int
    column: int | None
    text: str
    written_at: int

    def matches(self, diagnostic: Diagnostic) -> bool:
        position = diagnostic.position
        return (
            diagnostic.severity == self.severity
            and position is not None
            and position.line == self.line
            and (self.column is None or position.column == self.column)
            and self.text in shown(diagnostic)
        )

    def __str__(self) -> str:
        column = "" if self.column is None else f":{self.column}"
        return f"{self.severity} at {self.line}{column} containing {self.text!r}"


def shown(diagnostic: Diagnostic) -> str:
    """The message and hint, as `format()` prints them after the position."""
    return diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")


def read_expectations(text: str) -> list[Expectation]:
    """The `# error...` / `# warning...` comments of a case file."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            continue
        match = EXPECTATION.fullmatch(stripped)
        if not match:
            continue
        if match["line"]:
            target = int(match["line"])
        else:
            target = number + 1
            while target <= len(lines) and lines[target - 1].strip().startswith("#"):
                target += 1
            assert target <= len(lines), f"line {number}: no line below the expectation"
        column = int(match["column"]) if match["column"] else None
        found.append(Expectation(match["severity"], target, column, match["text"], number))
    return found


def display(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def check_file(path: Path, shown_as: str) -> tuple[ValidatedBrief | None, list[Diagnostic]]:
    """Read and validate like the CLI does: the result (if valid) and every diagnostic."""
    try:
        document = read_yaml_file(path, shown_as)
        validated = validate_brief(document, default_slug="x", known_layouts=KNOWN_LAYOUTS)
    except BriefError as invalid:
        return None, list(invalid.diagnostics)
    return validated, list(validated.warnings)


def assert_expected(path: Path, shown_as: str, expected: list[Expectation]) -> None:
    validated, diagnostics = check_file(path, shown_as)
    if any(e.severity == "error" for e in expected):
        assert validated is None, f"{shown_as} validated, but errors were expected"
    for diagnostic in diagnostics:
        assert diagnostic.position is not None, f"no position: {diagnostic.format()}"
        assert diagnostic.position.path == shown_as, diagnostic.format()
    unmet = list(expected)
    unexpected = []
    for diagnostic in diagnostics:
        match = next((e for e in unmet if e.matches(diagnostic)), None)
        if match is None:
            unexpected.append(diagnostic)
        else:
            unmet.remove(match)
    report = "\n".join(
        [f"expected (comment on line {e.written_at}): {e}" for e in unmet]
        + [f"unexpected: {d.format()}" for d in unexpected]
        + ["all diagnostics:"]
        + [f"  {d.format()}" for d in diagnostics]
    )
    assert not unmet and not unexpected, report


# -- the case files ---------------------------------------------------------------


def test_case_files_exist() -> None:
    assert len(INVALID) >= 40
    assert len(VALID) >= 6


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case(path: Path) -> None:
    expected = read_expectations(path.read_text(encoding="utf-8-sig"))
    assert expected, f"{path.name} has no '# error...' or '# warning...' comment"
    assert_expected(path, display(path), expected)


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case_as_bom_and_crlf(path: Path, tmp_path: Path) -> None:
    """A byte-order mark and CRLF line endings move no diagnostic."""
    text = path.read_text(encoding="utf-8")
    copy = tmp_path / path.name
    copy.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert_expected(copy, path.name, read_expectations(text))


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_case(path: Path) -> None:
    validated, diagnostics = check_file(path, display(path))
    assert validated is not None, "\n".join(d.format() for d in diagnostics)
    assert diagnostics == [], "\n".join(d.format() for d in diagnostics)


def test_example_briefs_are_valid() -> None:
    briefs = sorted((ROOT / "briefs").glob("*.yaml"))
    assert briefs
    for path in briefs:
        validated, diagnostics = check_file(path, display(path))
        assert validated is not None, "\n".join(d.format() for d in diagnostics)
        assert diagnostics == [], "\n".join(d.format() for d in diagnostics)


def test_every_expectation_names_its_column() -> None:
    """The cases pin columns: a diagnostic on the right line but wrong column fails."""
    for path in INVALID:
        for expectation in read_expectations(path.read_text(encoding="utf-8")):
            assert expectation.column is not None, f"{path.name}:{expectation.written_at}"


def test_several_mistakes_are_reported_at_once() -> None:
    path = CASES / "invalid" / "several-mistakes.yaml"
    expected = read_expectations(path.read_text(encoding="utf-8"))
    assert len(expected) == 3
    assert len({e.line for e in expected}) == 3
    with pytest.raises(BriefError) as raised:
        validate_brief(read_yaml_file(path, "several-mistakes.yaml"), default_slug="x")
    diagnostics = raised.value.diagnostics
    assert [d.severity for d in diagnostics] == ["error"] * 3
    assert [(d.position.line, d.position.column) for d in diagnostics if d.position] == [
        (e.line, e.column) for e in expected
    ]


def test_uncited_source_is_a_warning_not_an_error() -> None:
    path = CASES / "invalid" / "uncited-source.yaml"
    validated = validate_brief(read_yaml_file(path, "uncited.yaml"), default_slug="x")
    assert [d.severity for d in validated.warnings] == ["warning"]
    assert validated.warnings[0].position == Position("uncited.yaml", 9, 3)
    assert validated.brief.sources.keys() == {"minutes", "agenda"}


def test_expectation_comments_are_read_as_described() -> None:
    text = "a: 1\n# error@3: first\n# warning: second\nb: 2\n# error@1:1: third\n"
    assert read_expectations(text) == [
        Expectation("error", 4, 3, "first", 2),
        Expectation("warning", 4, None, "second", 3),
        Expectation("error", 1, 1, "third", 5),
    ]


# -- what the valid cases read as -------------------------------------------------


def validated_case(name: str) -> ValidatedBrief:
    path = CASES / "valid" / name
    return validate_brief(read_yaml_file(path, name), default_slug="x")


def test_text_stays_text() -> None:
    brief = validated_case("verdict-no.yaml").brief
    assert brief.findings[0].verdict == "No"
    assert brief.summary.title == "Yes"
    assert brief.desk == "off"


def test_timeline_dates_and_times() -> None:
    brief = validated_case("timeline-dates.yaml").brief
    assert [row.date for row in brief.timeline] == [
        PartialDate(2019, 3, 5),
        PartialDate(2019, 3),
        PartialDate(2019),
    ]
    assert brief.timeline[0].time == dt.time(14, 30)
    assert brief.timeline[1].time is None
    assert brief.sources["minutes"].date == PartialDate(2021, 3)


def test_optional_keys_left_empty_count_as_absent() -> None:
    validated = validated_case("optional-keys-empty.yaml")
    brief = validated.brief
    assert brief.subtitle is None and brief.embargo is None and brief.layout is None
    # No title: the render prints the language's own ("Summary" in English).
    assert brief.summary.title is None and brief.summary.points is None
    assert brief.findings == [] and brief.sources == {} and brief.timeline == []
    assert validated.slug == "x"


def test_anchors_and_aliases_reuse_a_source_list() -> None:
    brief = validated_case("anchors-aliases.yaml").brief
    assert brief.findings[0].sources == ["minutes", "agenda"]
    assert brief.findings[1].sources == ["minutes", "agenda"]
    assert brief.quotes[0].sources == ["minutes", "agenda"]


def test_bom_and_crlf_case_keeps_its_bytes() -> None:
    """Guard against an editor or git normalising the file this case is about."""
    data = (CASES / "valid" / "bom-crlf.yaml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")
    brief = validated_case("bom-crlf.yaml").brief
    assert brief.title == "Council approves new cycle lanes"
    assert brief.summary.text == "The council approved three new cycle lanes.[^minutes]"


def test_inline_text_case() -> None:
    validated = validated_case("inline-text.yaml")
    brief = validated.brief
    assert validated.slug == "cycle-lanes-2021"
    assert brief.layout == "compact"
    assert brief.embargo == dt.datetime(
        2021, 3, 30, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert brief.sections[0].paragraphs == [
        "The lanes run north, east and west from the centre.[^minutes]",
        "A map shows all three.",
    ]


# -- timeline order ---------------------------------------------------------------


def brief_from(text: str, name: str = "brief.yaml", slug: str = "x") -> ValidatedBrief:
    return validate_brief(load_yaml(text.encode("utf-8"), name), default_slug=slug)


MINIMAL = "title: T\ndate: 2024-01-01\nsummary:\n  text: S\n"


def test_timeline_in_order() -> None:
    rows = [
        ("2024-03-05", "14:30", "A"),
        ("2024", None, "B"),
        ("2024-03-05", None, "C"),
        ("2024-03", None, "D"),
        ("2024-03-05", "09:00", "E"),
        ("2024-03-05", None, "F"),
        ("2023-12-31", None, "G"),
        ("2024-03-05", "09:00", "H"),
        ("2024-03", None, "I"),
        ("2024-04", None, "J"),
        ("2024-03-31", None, "K"),
    ]
    text = MINIMAL + "timeline:\n"
    for date, time, event in rows:
        text += f"  - date: {date}\n"
        if time:
            text += f"    time: {time}\n"
        text += f"    event: {event}\n"
    brief: Brief = brief_from(text).brief
    assert [row.event for row in brief.timeline] == [event for _, _, event in rows]
    assert [row.event for row in brief.timeline_in_order] == list("GBDICFEHAKJ")


def test_timeline_in_order_is_stable_for_equal_keys() -> None:
    events = [f"event {i}" for i in range(12)]
    text = MINIMAL + "timeline:\n"
    for event in events:
        text += f"  - date: 2024-03\n    event: {event}\n"
    assert [row.event for row in brief_from(text).brief.timeline_in_order] == events


# -- slug -------------------------------------------------------------------------


def test_slug_defaults_to_the_given_default() -> None:
    assert brief_from(MINIMAL, slug="clapham-vigil").slug == "clapham-vigil"


def test_slug_in_the_brief_wins() -> None:
    assert brief_from(MINIMAL + "slug: my-brief\n", slug="clapham-vigil").slug == "my-brief"


def test_empty_slug_uses_the_default() -> None:
    assert brief_from(MINIMAL + "slug:\n", slug="clapham-vigil").slug == "clapham-vigil"


@pytest.mark.parametrize(
    ("file_name", "slug"),
    [
        ("clapham.yaml", "clapham"),
        ("Clapham Vigil 2021.yaml", "clapham-vigil-2021"),
        ("__.yaml", "brief"),
    ],
)
def test_default_slug_from_the_file_name(file_name: str, slug: str) -> None:
    assert default_slug(Path(file_name)) == slug


# -- text_fields ------------------------------------------------------------------

EVERY_FIELD = """\
title: Title
subtitle: Subtitle
date: 2021-03-30
slug: a-slug
desk: Desk
author: Author
classification: Classification
embargo: 2021-03-30T00:01+01:00
layout: standard
summary:
  title: Summary title
  text: Summary text[^m]
  points: [Point one, Point two]
findings:
  - text: Finding text
    verdict: Verdict
    sources: [m]
sections:
  - heading: Heading
    body: Body
    figures:
      - path: figure.png
        caption: Caption
        credit: Credit
        sources: [m]
quotes:
  - text: Quote text
    speaker: Speaker
    role: Role
    sources: [m]
timeline:
  - date: 2021-03-29
    time: "14:30"
    event: Event
    sources: [m]
sources:
  m:
    title: Source title
    publisher: Publisher
    url: https://example.org/
    date: 2021-03
    note: Note
"""


def test_text_fields_yields_every_inline_text_field_in_file_order() -> None:
    document = load_yaml(EVERY_FIELD.encode(), "brief.yaml")
    fields: list[tuple[Any, str]] = list(text_fields(document.data))
    assert fields == [
        (("title",), "Title"),
        (("subtitle",), "Subtitle"),
        (("desk",), "Desk"),
        (("author",), "Author"),
        (("classification",), "Classification"),
        (("summary", "title"), "Summary title"),
        (("summary", "text"), "Summary text[^m]"),
        (("summary", "points", 0), "Point one"),
        (("summary", "points", 1), "Point two"),
        (("findings", 0, "text"), "Finding text"),
        (("findings", 0, "verdict"), "Verdict"),
        (("sections", 0, "heading"), "Heading"),
        (("sections", 0, "body"), "Body"),
        (("sections", 0, "figures", 0, "caption"), "Caption"),
        (("sections", 0, "figures", 0, "credit"), "Credit"),
        (("quotes", 0, "text"), "Quote text"),
        (("quotes", 0, "speaker"), "Speaker"),
        (("quotes", 0, "role"), "Role"),
        (("timeline", 0, "event"), "Event"),
        (("sources", "m", "title"), "Source title"),
        (("sources", "m", "publisher"), "Publisher"),
        (("sources", "m", "note"), "Note"),
    ]
    # Every loc names a place in the file.
    for loc, _ in fields:
        assert loc in document.value_positions
    # The brief is valid, so the fields are those of a real brief.
    brief_from(EVERY_FIELD)


# -- diagnostics as editors read them ---------------------------------------------


def test_format_with_position_and_hint() -> None:
    diagnostic = error(
        "unknown key 'titel'", Position("brief.yaml", 12, 5), "did you mean 'title'?"
    )
    assert (
        diagnostic.format() == "brief.yaml:12:5: error: unknown key 'titel' (did you mean 'title'?)"
    )


def test_format_without_hint_or_position() -> None:
    assert warning("w", Position("b.yaml", 1, 2)).format() == "b.yaml:1:2: warning: w"
    assert error("no such file: b.yaml").format() == "error: no such file: b.yaml"


def test_format_of_a_real_diagnostic() -> None:
    path = CASES / "invalid" / "unknown-key-top-level-optional.yaml"
    _, diagnostics = check_file(path, display(path))
    assert [d.format() for d in diagnostics] == [
        "tests/cases/invalid/unknown-key-top-level-optional.yaml:3:1: error: "
        "unknown key 'subtitel' (did you mean 'subtitle'?)"
    ]


# -- the command line -------------------------------------------------------------


def test_cli_validate_reports_invalid_case_files() -> None:
    names = ["several-mistakes.yaml", "inline-link-javascript.yaml"]
    paths = [f"tests/cases/invalid/{name}" for name in names]
    result = subprocess.run(
        [*briefpack_command(), "validate", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    form = re.compile(r"(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): error: .+")
    found = set()
    for line in lines:
        match = form.fullmatch(line)
        assert match, f"not FILE:LINE:COL: error: message: {line!r}"
        assert match["path"] in paths
        found.add((match["path"], int(match["line"]), int(match["column"])))
    expected = {
        (shown_as, e.line, e.column)
        for shown_as in paths
        for e in read_expectations((ROOT / shown_as).read_text(encoding="utf-8"))
    }
    assert found == expected
    assert len(lines) == len(expected)
