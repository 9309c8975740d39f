"""yaml_source: YAML bytes to a positioned tree, under the format's reading rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from briefpack.brief import yaml_source
from briefpack.brief.yaml_source import Limits, SourceDocument, load_yaml, read_yaml_file
from briefpack.common.diagnostics import BriefError, Diagnostic, Position

FILE = "x.yaml"


def load(source: str | bytes, limits: Limits | None = None) -> SourceDocument:
    data = source.encode("utf-8") if isinstance(source, str) else source
    return load_yaml(data, FILE, limits or Limits())


def refused(source: str | bytes, limits: Limits | None = None) -> tuple[Diagnostic, ...]:
    """Every diagnostic raised for `source`; fails the test if it loads."""
    with pytest.raises(BriefError) as caught:
        load(source, limits)
    return caught.value.diagnostics


def single(source: str | bytes, limits: Limits | None = None) -> Diagnostic:
    diagnostics = refused(source, limits)
    assert len(diagnostics) == 1, [d.format() for d in diagnostics]
    assert diagnostics[0].severity == "error"
    return diagnostics[0]


def at(diagnostic: Diagnostic, path: str = FILE) -> tuple[int, int]:
    """(line, column) of a diagnostic, checking it names the file."""
    assert diagnostic.position is not None, diagnostic.format()
    assert diagnostic.position.path == path
    return diagnostic.position.line, diagnostic.position.column


def pos(line: int, column: int) -> Position:
    return Position(FILE, line, column)


# --- Text stays text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("verdict: No", "No", id="no-is-not-false"),
        pytest.param("verdict: yes", "yes", id="yes-is-not-true"),
        pytest.param("verdict: off", "off", id="off-is-not-false"),
        pytest.param("verdict: true", "true", id="true-is-not-bool"),
        pytest.param("time: 14:30", "14:30", id="sexagesimal-time"),
        pytest.param("date: 2019", "2019", id="year-is-not-int"),
        pytest.param("date: 2024-03-05", "2024-03-05", id="date-is-not-date"),
        pytest.param("x: 1.0", "1.0", id="float-keeps-its-zero"),
        pytest.param("x: 010", "010", id="octal-looking-number"),
        pytest.param("x: 1e3", "1e3", id="exponent"),
        pytest.param("y: null", "null", id="null-word"),
        pytest.param("y: Null", "Null", id="null-capitalised"),
        pytest.param("z: ~", "~", id="tilde"),
        pytest.param('subtitle: ""', "", id="double-quoted-empty"),
        pytest.param("subtitle: ''", "", id="single-quoted-empty"),
        pytest.param("subtitle: |\n", "", id="empty-literal-block"),
        pytest.param("subtitle:", None, id="empty-plain-is-absent"),
        pytest.param("subtitle:   # just a comment", None, id="empty-plain-with-comment"),
    ],
)
def test_scalars_stay_the_text_the_author_typed(source: str, expected: str | None) -> None:
    (value,) = load(source).data.values()
    assert value == expected


def test_scalars_inside_lists_and_keys_stay_text() -> None:
    document = load("points: [No, 14:30, 2019, ~]\n2024: year\nyes: word\n")
    assert document.data == {
        "points": ["No", "14:30", "2019", "~"],
        "2024": "year",
        "yes": "word",
    }


# --- Positions -----------------------------------------------------------------------------

NESTED = """\
title: T
summary:
  title: Box
  points:
    - first
    - second
"""


def test_value_and_key_positions_are_recorded() -> None:
    document = load(NESTED)
    assert document.path == FILE
    assert document.value_positions[()] == pos(1, 1)
    assert document.key_positions[("title",)] == pos(1, 1)
    assert document.value_positions[("title",)] == pos(1, 8)
    assert document.key_positions[("summary",)] == pos(2, 1)
    assert document.value_positions[("summary",)] == pos(3, 3)
    assert document.key_positions[("summary", "points")] == pos(4, 3)
    assert document.value_positions[("summary", "points")] == pos(5, 5)
    assert document.value_positions[("summary", "points", 0)] == pos(5, 7)
    assert document.value_positions[("summary", "points", 1)] == pos(6, 7)
    assert ("summary", "points", 1) not in document.key_positions


@pytest.mark.parametrize(
    ("loc", "prefer_key", "expected"),
    [
        pytest.param(("summary", "points", 1), False, (6, 7), id="list-item"),
        pytest.param(("summary", "title"), False, (3, 10), id="value"),
        pytest.param(("summary", "title"), True, (3, 3), id="prefer-key"),
        pytest.param(("summary", "points", 1), True, (6, 7), id="prefer-key-list-item-has-none"),
        pytest.param(
            ("summary", "points", 7), False, (4, 3), id="unknown-item-falls-to-parent-key"
        ),
        pytest.param(("summary", "nope"), False, (2, 1), id="unknown-key-falls-to-parent-key"),
        pytest.param(("summary", "nope", "deeper", 3), False, (2, 1), id="unknown-deep-loc"),
        pytest.param(("nope",), False, (1, 1), id="unknown-top-level-key-falls-to-root"),
        pytest.param((), False, (1, 1), id="root"),
    ],
)
def test_position_of(
    loc: tuple[str | int, ...], prefer_key: bool, expected: tuple[int, int]
) -> None:
    assert load(NESTED).position_of(loc, prefer_key=prefer_key) == pos(*expected)


BLOCKS = """\
title: T
sections:
  - heading: One
    body: |
      First line cites [^a] here.
      Second line cites [^a] again.
  - heading: Two
    body: >
      Folded text
      with needle here
      and needle there.
"""


@pytest.mark.parametrize(
    ("loc", "needle", "nth", "expected"),
    [
        pytest.param(("sections", 0, "body"), "[^a]", 0, (5, 24), id="literal-first"),
        pytest.param(("sections", 0, "body"), "[^a]", 1, (6, 25), id="literal-second"),
        pytest.param(("sections", 0, "body"), "First", 0, (5, 7), id="literal-line-start"),
        pytest.param(("sections", 1, "body"), "needle", 0, (10, 12), id="folded-first"),
        pytest.param(("sections", 1, "body"), "needle", 1, (11, 11), id="folded-second"),
        pytest.param(("sections", 1, "body"), "Folded", 0, (9, 7), id="folded-line-start"),
        pytest.param(("sections", 1, "heading"), "Two", 0, (7, 14), id="plain-scalar"),
        pytest.param(("sections", 0, "body"), "absent", 0, (4, 11), id="not-found-gives-value"),
        pytest.param(("sections", 0, "body"), "", 0, (4, 11), id="empty-needle-gives-value"),
    ],
)
def test_position_within(
    loc: tuple[str | int, ...], needle: str, nth: int, expected: tuple[int, int]
) -> None:
    assert load(BLOCKS).position_within(loc, needle, nth) == pos(*expected)


def test_position_within_stays_inside_the_value() -> None:
    # The value at ("a",) holds one "needle"; a second one is only in another value.
    document = load("a: needle\nb: needle\n")
    assert document.position_within(("a",), "needle", 0) == pos(1, 4)
    assert document.position_within(("a",), "needle", 1) == pos(1, 4)


# --- Encoding and characters ---------------------------------------------------------------


def test_utf8_bom_is_accepted_and_not_counted_as_a_column() -> None:
    document = load(b"\xef\xbb\xbftitle: A\ndesk: B\n")
    assert document.data == {"title": "A", "desk": "B"}
    assert document.key_positions[("title",)] == pos(1, 1)
    assert document.value_positions[("title",)] == pos(1, 8)
    assert document.key_positions[("desk",)] == pos(2, 1)


def test_position_after_bom_is_counted_from_the_first_real_character() -> None:
    assert at(single(b"\xef\xbb\xbfa: !foo x\n")) == (1, 4)


CRLF = b"title: A\r\nbody: |\r\n  one [^a]\r\n  two [^a]\r\ndesk: B\r\n"


def test_crlf_line_endings_are_accepted() -> None:
    document = load(CRLF)
    assert document.data == {"title": "A", "body": "one [^a]\ntwo [^a]\n", "desk": "B"}
    assert document.key_positions[("body",)] == pos(2, 1)
    assert document.key_positions[("desk",)] == pos(5, 1)
    assert document.value_positions[("desk",)] == pos(5, 7)
    assert document.position_within(("body",), "[^a]", 0) == pos(3, 7)
    assert document.position_within(("body",), "[^a]", 1) == pos(4, 7)


def test_crlf_diagnostics_have_correct_lines() -> None:
    diagnostic = single(b"a: 1\r\nb: 2\r\na: 3\r\n")
    assert at(diagnostic) == (3, 1)
    assert "first at line 1" in diagnostic.message


@pytest.mark.parametrize(
    ("data", "expected", "byte"),
    [
        pytest.param(b"title: a\ndesk: b\nauthor: caf\xe9\n", (3, 12), "0xE9", id="latin-1-byte"),
        pytest.param(
            b"title: a\ndesk: b\nauthor: \xc3\xa9t\xff\n", (3, 11), "0xFF", id="after-multibyte"
        ),
        pytest.param(b"title: a\r\ndesk: b\r\nauthor: caf\xe9\r\n", (3, 12), "0xE9", id="crlf"),
        pytest.param(
            b"title: a\ndesk: b\nauthor: \xe2\x82\n", (3, 9), "0xE2", id="truncated-sequence"
        ),
    ],
)
def test_invalid_utf8_names_line_and_column_of_first_bad_byte(
    data: bytes, expected: tuple[int, int], byte: str
) -> None:
    diagnostic = single(data)
    assert at(diagnostic) == expected
    assert "not UTF-8" in diagnostic.message
    assert byte in diagnostic.message
    assert diagnostic.hint is not None and "UTF-8" in diagnostic.hint


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"a: b\nc: d\x00e\n", (2, 5), id="nul-in-utf8-text"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", (1, 1), id="png-header"),
    ],
)
def test_binary_file_is_refused(data: bytes, expected: tuple[int, int]) -> None:
    diagnostic = single(data)
    assert at(diagnostic) == expected
    assert "binary" in diagnostic.message


@pytest.mark.parametrize(
    ("data", "codepoint"),
    [
        pytest.param(b"a: b\nc: d\x07e\n", "U+0007", id="bell"),
        pytest.param(b"a: b\nc: d\x1be\n", "U+001B", id="escape"),
        pytest.param(b"a: b\nc: d\x7fe\n", "U+007F", id="delete"),
        pytest.param(b"a: b\nc: d\xc2\x9be\n", "U+009B", id="c1-control"),
    ],
)
def test_control_character_is_refused(data: bytes, codepoint: str) -> None:
    diagnostic = single(data)
    assert at(diagnostic) == (2, 5)
    assert codepoint in diagnostic.message
    assert "control character" in diagnostic.message


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="zero-bytes"),
        pytest.param(b"\xef\xbb\xbf", id="bom-only"),
        pytest.param(b"   \n\n\t\n", id="whitespace"),
        pytest.param(b"\r\n\r\n", id="blank-crlf-lines"),
        pytest.param(b"# only a comment\n# and another\n", id="comments-only"),
    ],
)
def test_empty_file_is_refused(data: bytes) -> None:
    diagnostic = single(data)
    assert at(diagnostic) == (1, 1)
    assert "empty" in diagnostic.message


# --- One document, no duplicate keys -------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("a: 1\n---\nb: 2\n", (2, 1), id="implicit-first"),
        pytest.param("---\na: 1\n---\nb: 2\n", (3, 1), id="explicit-first"),
        pytest.param("a: 1\n...\n---\nb: 2\n", (3, 1), id="after-document-end"),
    ],
)
def test_second_document_is_refused_at_its_line(source: str, expected: tuple[int, int]) -> None:
    diagnostic = single(source)
    assert at(diagnostic) == expected
    assert "second YAML document" in diagnostic.message


def test_one_explicit_document_is_fine() -> None:
    assert load("---\na: 1\n...\n").data == {"a": "1"}


def test_duplicate_key_is_refused_at_its_second_occurrence() -> None:
    diagnostic = single("a: 1\nb: 2\na: 3\n")
    assert at(diagnostic) == (3, 1)
    assert "'a'" in diagnostic.message
    assert "first at line 1" in diagnostic.message


def test_duplicate_key_in_a_nested_mapping() -> None:
    diagnostic = single("title: T\nsummary:\n  text: x\n  title: S\n  text: y\n")
    assert at(diagnostic) == (5, 3)
    assert "'text'" in diagnostic.message
    assert "first at line 3" in diagnostic.message


def test_every_duplicate_in_a_file_is_reported_at_once() -> None:
    source = """\
title: A
findings:
  - text: one
    text: two
title: B
sections:
  - heading: H
    body: x
    heading: I
desk: D
desk: E
"""
    diagnostics = refused(source)
    assert [at(d) for d in diagnostics] == [(4, 5), (5, 1), (9, 5), (11, 1)]
    assert [d.message.split("'")[1] for d in diagnostics] == ["text", "title", "heading", "desk"]
    assert "first at line 3" in diagnostics[0].message
    assert "first at line 10" in diagnostics[3].message


def test_same_key_in_different_mappings_is_fine() -> None:
    document = load("a:\n  x: 1\nb:\n  x: 2\nc: [{x: 3}, {x: 4}]\n")
    assert document.data == {"a": {"x": "1"}, "b": {"x": "2"}, "c": [{"x": "3"}, {"x": "4"}]}


# --- Tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "tag"),
    [
        pytest.param("a: !!str x\n", "tag:yaml.org,2002:str", id="str"),
        pytest.param("a: !foo x\n", "!foo", id="custom-local"),
        pytest.param("a: !<tag:yaml.org,2002:str> x\n", "tag:yaml.org,2002:str", id="verbatim"),
        pytest.param("a: !!map {b: 1}\n", "tag:yaml.org,2002:map", id="on-mapping"),
        pytest.param("a: !!set\n  ? x\n", "tag:yaml.org,2002:set", id="set"),
        pytest.param("a: !!binary aGk=\n", "tag:yaml.org,2002:binary", id="binary"),
    ],
)
def test_tags_are_refused(source: str, tag: str) -> None:
    diagnostic = single(source)
    assert at(diagnostic) == (1, 4)
    assert f"'{tag}'" in diagnostic.message
    assert "tags" in diagnostic.message


def test_python_object_tag_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    source = f'title: T\nx: !!python/object/apply:os.system ["touch {marker}"]\n'
    diagnostic = single(source)
    assert at(diagnostic) == (2, 4)
    assert "python/object/apply:os.system" in diagnostic.message
    assert not marker.exists()


# --- Syntax ----------------------------------------------------------------------------------


def test_syntax_error_has_a_position() -> None:
    diagnostic = single("title: T\nb: c: d\n")
    assert at(diagnostic) == (2, 5)
    assert "colon" in diagnostic.message


class PureParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python parser, which yaml_source uses when libyaml is missing."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each syntax case under both parsers: their words for one mistake differ."""
    if request.param == "pure-python":
        monkeypatch.setattr(yaml_source, "_Parser", PureParser)


BRIEF_WITH_OPEN_QUOTE = (
    "title: Vote\n"
    "date: 2024-05-06\n"
    "summary:\n"
    "  text: The council voted.\n"
    "sections:\n"
    "  - heading: The vote\n"
    '    text: "The vote was 12 to 3.\n'
    "  - heading: After\n"
    "    body: Next steps.\n"
    "sources:\n"
    "  x:\n"
    "    title: T\n"
)


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    ("source", "expected", "message", "hint"),
    [
        pytest.param(
            BRIEF_WITH_OPEN_QUOTE,
            (7, 11),
            'this quote is never closed: end it with " on the same line',
            "single quotes",
            id="double-quote-never-closed",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: 'The vote was 12 to 3.\n  title: S\n",
            (3, 9),
            "this quote is never closed: end it with ' on the same line",
            "apostrophe",
            id="single-quote-never-closed",
        ),
        pytest.param(
            'title: T\nsummary:\n  text: "The vote\nsources:\n  x:\n    title: "Minutes"\n',
            (3, 9),
            'this quote is never closed: end it with " on the same line',
            "single quotes",
            id="open-quote-runs-on-to-a-later-quote",
        ),
        pytest.param(
            'title: T\nsummary:\n  text: "Yes," she said.\n',
            (3, 9),
            "goes on after its closing quote in column 14",
            """write text: '"Yes," she said.'""",
            id="text-after-closing-quote",
        ),
        pytest.param(
            "title: 'Mayor's vote'\n",
            (1, 14),
            "the apostrophe in column 14 ends the text in single quotes",
            'title: "Mayor\'s vote"',
            id="apostrophe-in-single-quotes",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: The vote: 12 to 3.\n",
            (3, 17),
            "a colon followed by a space inside a text must be quoted",
            'put the whole text in quotes: text: "The vote: 12 to 3."',
            id="colon-in-text",
        ),
        pytest.param(
            "title: T\nsummary:\n  title: S\n   text: x\n",
            (4, 4),
            "this line's indentation does not match the lines around it",
            "start it in column 3, like 'title' on line 3",
            id="key-indented-one-too-many",
        ),
        pytest.param(
            "title: T\nsummary:\n  title: S\n text: x\n",
            (4, 2),
            "this line's indentation does not match the lines around it",
            "start it in column 3, like 'title' on line 3",
            id="key-indented-one-too-few",
        ),
        pytest.param(
            "title: T\nsummary:\n  points:\n    - a\n   - b\n",
            (5, 4),
            "this line's indentation does not match the lines around it",
            "start it in column 5, like the '- ' on line 4",
            id="list-item-out-of-step",
        ),
        pytest.param(
            "title: T\n  date: 2024-05-06\n",
            (2, 3),
            "this line's indentation does not match the lines around it",
            "start it in column 1, like 'title' on line 1",
            id="key-indented-under-a-value",
        ),
        pytest.param(
            "  title: T\ndate: 2024-05-06\n",
            (1, 1),
            "the first line is indented",
            "start every top-level key in column 1",
            id="first-line-indented",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: *The vote* was close\n",
            (3, 9),
            "a text that starts with * must be put in quotes (such as Markdown *italic*",
            'write text: "*The vote* was close"',
            id="markdown-italic-at-the-start",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: **Breaking** news\n",
            (3, 9),
            "a text that starts with * must be put in quotes",
            'write text: "**Breaking** news"',
            id="markdown-bold-at-the-start",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: & more\n",
            (3, 9),
            "a text that starts with & must be put in quotes",
            'write text: "& more"',
            id="ampersand-at-the-start",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: | Breaking\n",
            (3, 9),
            "a text that starts with | must be put in quotes",
            'write text: "| Breaking"',
            id="bar-at-the-start",
        ),
        pytest.param(
            "title: T\nsummary:\n  points:\n    - > Breaking\n",
            (4, 7),
            "a text that starts with > must be put in quotes",
            'write - "> Breaking"',
            id="greater-than-at-the-start-of-an-item",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: @mayor said so\n",
            (3, 9),
            "a text that starts with @ must be put in quotes",
            'write text: "@mayor said so"',
            id="at-sign-at-the-start",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: `code` said\n",
            (3, 9),
            "a text that starts with ` must be put in quotes",
            'write text: "`code` said"',
            id="backtick-at-the-start",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: %50 said\n",
            (3, 9),
            "a text that starts with % must be put in quotes",
            'write text: "%50 said"',
            id="percent-at-the-start",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: [sic] the vote\n",
            (3, 9),
            "a text that starts with [ must be put in quotes",
            'write text: "[sic] the vote"',
            id="bracket-at-the-start",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: {sic} the vote\n",
            (3, 9),
            "a text that starts with { must be put in quotes",
            'write text: "{sic} the vote"',
            id="brace-at-the-start",
        ),
        pytest.param(
            "title: T\nsources: [a, b\ndate: 2024-05-06\n",
            (2, 10),
            "this [ is never closed: end it with ] on the same line",
            "put the whole text in quotes",
            id="bracket-never-closed",
        ),
        pytest.param(
            "title: T\nsources: [\n",
            (2, 10),
            "this [ is never closed: end it with ] on the same line",
            "put the whole text in quotes",
            id="bracket-never-closed-at-the-end",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: x\n  - b\n",
            (4, 3),
            "a list item ('- ') cannot follow a key at the same indentation",
            "points:",
            id="list-item-among-keys",
        ),
        pytest.param(
            "title: T\nsummary:\n  points:\n    - a\n    text: b\n",
            (5, 5),
            "inside the list that starts on line 4, but does not start with '- '",
            "or start it in column 3 to end the list",
            id="key-inside-a-list",
        ),
        pytest.param(
            "title: T\nsummary:\n  text: x\n  points\n  title: y\n",
            (4, 3),
            "this line has no ':' after its key",
            "write it as 'points:'",
            id="key-without-colon",
        ),
        pytest.param(
            "title: T\nsummary:\n  text x\n  title: y\n",
            (3, 3),
            "this line has no ':' after its key",
            "write it as 'text: x'",
            id="key-and-value-without-colon",
        ),
        pytest.param(
            'title: "C:\\new\\path"\n',
            (1, 15),
            "\\p is not allowed in double quotes",
            "write \\\\ for a backslash, or put the text in single quotes",
            id="unknown-escape",
        ),
    ],
)
def test_syntax_errors_say_what_to_write(
    source: str, expected: tuple[int, int], message: str, hint: str
) -> None:
    diagnostic = single(source)
    assert at(diagnostic) == expected, diagnostic.format()
    assert message in diagnostic.message, diagnostic.format()
    assert diagnostic.hint is not None and hint in diagnostic.hint, diagnostic.format()
    assert "YAML syntax" not in diagnostic.message


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    "source",
    [
        pytest.param("title: T\n...\nx: y\n", id="after-document-end"),
        pytest.param("%YAML 1.1\ntitle: T\n", id="directive-without-start"),
    ],
)
def test_syntax_errors_not_recognised_keep_the_parser_words(source: str) -> None:
    diagnostic = single(source)
    assert diagnostic.message.startswith("YAML syntax:")
    assert diagnostic.position is not None
    assert diagnostic.hint is not None and "indentation" in diagnostic.hint


def test_undefined_alias_alone_suggests_quotes() -> None:
    diagnostic = single("title: T\nb: *nope\n")
    assert diagnostic.hint == 'if it is text, put it in quotes: b: "*nope"'


def test_tag_hint_mentions_quotes_for_a_text_starting_with_a_bang() -> None:
    diagnostic = single("title: T\ntext: !Breaking news\n")
    assert at(diagnostic) == (2, 7)
    assert diagnostic.hint is not None and "starts with ! must be put in quotes" in diagnostic.hint


def test_a_long_text_is_shortened_in_the_hint() -> None:
    diagnostic = single("title: T\ntext: The vote: " + "very " * 40 + "close.\n")
    assert diagnostic.hint is not None
    assert " ... " in diagnostic.hint and diagnostic.hint.endswith('close."')
    assert len(diagnostic.hint) < 100


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("summary:\n\ttext: x\n", (2, 1), id="tab-indent"),
        pytest.param("a:\n  b: 1\n\tc: 2\n", (3, 1), id="tab-after-space-indent"),
        pytest.param("a:\n  \tb: 1\n", (2, 3), id="tab-after-spaces-on-one-line"),
    ],
)
def test_tab_indentation_gives_the_tabs_hint(source: str, expected: tuple[int, int]) -> None:
    diagnostic = single(source)
    assert at(diagnostic) == expected
    assert "tab" in diagnostic.message
    assert diagnostic.hint == "indent with spaces, not tabs"


# --- Aliases and limits ----------------------------------------------------------------------


def test_aliases_reuse_the_anchored_value() -> None:
    source = """\
sources:
  base: &base
    title: Report
    publisher: Office
  copy: *base
word: &w hello
again: *w
"""
    data = load(source).data
    assert (
        data["sources"]["copy"]
        == data["sources"]["base"]
        == {
            "title": "Report",
            "publisher": "Office",
        }
    )
    assert data["again"] == "hello"


def billion_laughs(levels: int = 9, fan_out: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * fan_out) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan_out) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_without_expanding() -> None:
    # Expanded, this is ~9**10 values; the check works on the alias graph, so it returns.
    diagnostic = single(billion_laughs())
    assert at(diagnostic) == (6, 5)  # a5 is the first anchor past 100,000 values
    assert "100,000" in diagnostic.message
    assert diagnostic.hint is not None and "--max-nodes" in diagnostic.hint


def test_billion_laughs_under_a_smaller_node_limit() -> None:
    diagnostic = single(billion_laughs(), Limits(max_nodes=1000))
    assert at(diagnostic) == (4, 5)  # a3 expands to 7,381 values
    assert "more than 1,000 values" in diagnostic.message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("a: &a [1, *a]\n", (1, 11), id="flow-sequence"),
        pytest.param("a: &a\n  b: *a\n", (2, 6), id="block-mapping"),
    ],
)
def test_self_referencing_alias_is_refused(source: str, expected: tuple[int, int]) -> None:
    diagnostic = single(source)
    assert at(diagnostic) == expected
    assert "*a" in diagnostic.message


def test_undefined_alias_is_refused() -> None:
    diagnostic = single("title: T\nb: *nope\n")
    assert at(diagnostic) == (2, 4)
    assert "*nope" in diagnostic.message


DEEP_BLOCK_MAPPING = "".join("  " * i + "a:\n" for i in range(200))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("[" * 10000, (1, 65), id="open-flow-sequences"),
        pytest.param("[" * 10000 + "]" * 10000, (1, 65), id="closed-flow-sequences"),
        pytest.param("{a: " * 10000, (1, 257), id="flow-mappings"),
        pytest.param(DEEP_BLOCK_MAPPING, (65, 129), id="block-mapping"),
    ],
)
def test_deep_nesting_is_refused_without_recursion(source: str, expected: tuple[int, int]) -> None:
    # A RecursionError would escape pytest.raises(BriefError) and fail the test.
    diagnostic = single(source)
    assert at(diagnostic) == expected
    assert "nested more than 64 levels deep" in diagnostic.message


@pytest.mark.parametrize(
    ("source", "limits"),
    [
        pytest.param("a: {b: {c: 1}}\n", Limits(max_depth=3), id="three-levels-max-3"),
        pytest.param("a: 1\n", Limits(max_depth=1), id="one-level-max-1"),
        pytest.param("[" * 64 + "x" + "]" * 64, Limits(), id="64-levels-default"),
    ],
)
def test_nesting_at_the_depth_limit_is_accepted(source: str, limits: Limits) -> None:
    load(source, limits)


def test_nesting_past_max_depth_is_refused() -> None:
    diagnostic = single("a: {b: {c: {d: 1}}}\n", Limits(max_depth=3))
    assert at(diagnostic) == (1, 12)
    assert "nested more than 3 levels deep" in diagnostic.message


def test_aliases_that_nest_past_max_depth_are_refused() -> None:
    # Each part is two levels deep as written; expanded, b.c holds x: five levels.
    source = "a: &x [[]]\nb:\n  c: [*x]\n"
    diagnostic = single(source, Limits(max_depth=3))
    assert at(diagnostic) == (3, 3)
    assert "aliases nest the data more than 3 levels deep" in diagnostic.message


def test_node_count_under_the_limit_is_accepted() -> None:
    # One sequence and 49 items: 50 values.
    assert load("- x\n" * 49, Limits(max_nodes=50)).data == ["x"] * 49


def test_node_count_past_the_limit_is_refused() -> None:
    diagnostic = single("- x\n" * 50, Limits(max_nodes=50))
    assert at(diagnostic) == (50, 3)
    assert "more than 50 values" in diagnostic.message
    assert diagnostic.hint is not None and "--max-nodes" in diagnostic.hint


def test_node_count_includes_what_aliases_repeat() -> None:
    source = "a: &x [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*x, *x, *x, *x, *x]\n"
    diagnostic = single(source, Limits(max_nodes=50))
    assert at(diagnostic) == (2, 4)
    assert "more than 50 values" in diagnostic.message
    assert len(load(source).data["b"]) == 5


# --- Keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("? [a, b]\n: c\n", (1, 3), id="explicit-list-key"),
        pytest.param("? {a: 1}\n: c\n", (1, 3), id="explicit-mapping-key"),
        pytest.param("[a, b]: c\n", (1, 1), id="flow-list-key"),
        pytest.param("title: T\n? \n: c\n", (2, 2), id="empty-key"),
    ],
)
def test_key_that_is_not_a_word_is_refused(source: str, expected: tuple[int, int]) -> None:
    diagnostic = single(source)
    assert at(diagnostic) == expected
    assert "a key must be a plain word" in diagnostic.message


def test_bad_keys_and_duplicates_are_reported_together() -> None:
    diagnostics = refused("a: 1\n[x]: 2\na: 3\n")
    assert [at(d) for d in diagnostics] == [(2, 1), (3, 1)]


# --- read_yaml_file --------------------------------------------------------------------------


def test_read_yaml_file_reads_and_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_bytes(b"title: T\ntime: 14:30\n")
    document = read_yaml_file(path, "brief.yaml")
    assert document.data == {"title": "T", "time": "14:30"}
    assert document.path == "brief.yaml"
    assert document.value_positions[("time",)] == Position("brief.yaml", 2, 7)


def test_read_yaml_file_diagnostics_use_the_shown_name(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_bytes(b"a: 1\na: 2\n")
    with pytest.raises(BriefError) as caught:
        read_yaml_file(path, "shown.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert at(diagnostic, "shown.yaml") == (2, 1)


def test_read_yaml_file_over_max_bytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"title: " + b"x" * 200 + b"\n")
    with pytest.raises(BriefError) as caught:
        read_yaml_file(path, "big.yaml", Limits(max_bytes=100))
    (diagnostic,) = caught.value.diagnostics
    assert at(diagnostic, "big.yaml") == (1, 1)
    assert "208 bytes" in diagnostic.message
    assert "limit of 100" in diagnostic.message
    assert diagnostic.hint is not None and "--max-bytes" in diagnostic.hint


def test_read_yaml_file_at_max_bytes_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "fits.yaml"
    path.write_bytes(b"title: " + b"x" * 92 + b"\n")
    assert path.stat().st_size == 100
    assert read_yaml_file(path, "fits.yaml", Limits(max_bytes=100)).data == {"title": "x" * 92}


def test_read_yaml_file_of_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BriefError) as caught:
        read_yaml_file(tmp_path, "folder")
    (diagnostic,) = caught.value.diagnostics
    assert at(diagnostic, "folder") == (1, 1)
    assert "folder" in diagnostic.message


def test_read_yaml_file_that_is_missing_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BriefError) as caught:
        read_yaml_file(tmp_path / "missing.yaml", "missing.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.severity == "error"
    assert diagnostic.message == "no such file: missing.yaml"
    assert diagnostic.position is None  # there is no line in a file that does not exist


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_named_as_such(encoding: str) -> None:
    data = "title: Test\ndate: 2024-01-01\n".encode(encoding)
    with pytest.raises(BriefError) as raised:
        load_yaml(data, "x.yaml")
    (problem,) = raised.value.diagnostics
    assert "UTF-16" in problem.message and "UTF-8" in (problem.hint or "")
