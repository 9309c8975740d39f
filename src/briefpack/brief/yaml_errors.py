"""A YAML syntax error to one diagnostic in plain words, at the place to fix.

PyYAML (libyaml, or its pure-Python twin) stops with words about its own
machinery ("did not find expected key") at the place where it gave up, which is
often lines after the mistake. This module takes those words, the two places the
error names (where the parser stopped, and where the construct it was reading
began) and the text around them, and says what the author wrote, where, and how
to write it instead: a quote never closed, a colon inside a text, a text starting
with a character YAML reserves, a line indented out of step, a tab. What it does
not recognise keeps the parser's words, with a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefpack.common.diagnostics import Diagnostic, Position, error

#: Characters that mean something to YAML at the start of a value.
RESERVED_STARTS = "*&!|>@`%[{"

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
#: `key:` at the start of a line (after its indentation and any `- `).
_KEY = re.compile(r"[^\s'\"#:\-?,\[\]{}][^#]*?:(?=\s|$) *")
#: A line that starts a key or a list item: the lines whose columns count.
_STRUCTURE = re.compile(r"( *)(-(?= |$)|[\w.-]+:(?= |$))")
_LONG = 48


@dataclass(frozen=True)
class SyntaxProblem:
    """What PyYAML said: its words, and 0-based (line, column) places."""

    problem: str
    context: str
    stopped: tuple[int, int] | None
    started: tuple[int, int] | None


def describe_syntax_error(text: str, path: str, found: SyntaxProblem) -> Diagnostic:
    """The diagnostic for one syntax error in `text`, the file shown as `path`."""
    lines = _LINE_BREAK.split(text)
    reading = _Reading(lines, path, found)
    for rule in (
        reading.tab,
        reading.unclosed_quote,
        reading.quote_run_on,
        reading.text_after_quote,
        reading.unknown_escape,
        reading.unclosed_brackets,
        reading.reserved_start,
        reading.colon,
        reading.missing_colon,
        reading.list_item,
        reading.indentation,
    ):
        diagnostic = rule()
        if diagnostic is not None:
            return diagnostic
    message = found.problem or "this is not valid YAML"
    if found.context:
        message = f"{message} ({found.context})"
    where = found.stopped or found.started
    return error(
        f"YAML syntax: {message}",
        Position(path, where[0] + 1, where[1] + 1) if where else None,
        "check the indentation and the quotes on this line or the one above",
    )


def quoted(value: str) -> str:
    """`value` as one quoted YAML text: double quotes, or single ones when it holds
    a double quote or a backslash."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def reserved_start(path: str, line: str, row: int, column: int) -> Diagnostic:
    """A text starting at `column` of `line` with a character YAML reserves."""
    char = line[column]
    what = " (such as Markdown *italic* or **bold** at its start)" if char == "*" else ""
    return error(
        f"a text that starts with {char} must be put in quotes{what}",
        Position(path, row + 1, column + 1),
        f"write {_rewrite(line, column)}",
    )


def undefined_alias(text: str, path: str, row: int, column: int, name: str) -> Diagnostic:
    """`*name` with no `&name` above: most often a text that starts with `*`."""
    lines = _LINE_BREAK.split(text)
    line = lines[row] if row < len(lines) else ""
    rest = line[column + 1 + len(name) :].strip()
    if rest and not rest.startswith("#") and value_column(line) == column:
        return reserved_start(path, line, row, column)
    return error(
        f"the alias *{name} has no anchor &{name} above it",
        Position(path, row + 1, column + 1),
        f"if it is text, put it in quotes: {_rewrite(line, column)}",
    )


def value_column(line: str) -> int:
    """Where the value of a `key: value` or `- value` line begins (0-based)."""
    index = _indent(line)
    while line.startswith("- ", index) or line[index:] == "-":
        index += 1 + _indent(line[index + 1 :])
    key = _KEY.match(line, index)
    return key.end() if key else index


def _rewrite(line: str, column: int) -> str:
    """The line from its key on, with its value quoted (shortened when long)."""
    value = line[column:].rstrip()
    shown = quoted(value)
    if len(shown) > _LONG:
        shown = f"{shown[: _LONG - 14]} ... {shown[-10:]}"
    return f"{line[_indent(line) : column]}{shown}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _quote_end(lines: list[str], row: int, column: int) -> tuple[int, int] | None:
    """Where the quoted text opening at (row, column) closes; None if never."""
    mark = lines[row][column]
    column += 1
    while row < len(lines):
        line = lines[row]
        while column < len(line):
            char = line[column]
            if mark == '"' and char == "\\":
                column += 2
                continue
            if char == mark:
                if mark == "'" and line.startswith("''", column):
                    column += 2
                    continue
                return row, column
            column += 1
        row, column = row + 1, 0
    return None


class _Reading:
    """The rules, each returning a diagnostic when it recognises the mistake."""

    def __init__(self, lines: list[str], path: str, found: SyntaxProblem) -> None:
        self.lines = lines
        self.path = path
        self.words = f"{found.problem} {found.context}"
        self.stopped = found.stopped or found.started or (0, 0)
        self.started = found.started

    def _line(self, row: int) -> str:
        return self.lines[row] if 0 <= row < len(self.lines) else ""

    def _at(self, row: int, column: int) -> Position:
        return Position(self.path, row + 1, column + 1)

    def tab(self) -> Diagnostic | None:
        row, column = self.stopped
        line = self._line(row)
        lead = line[: _indent(line.replace("\t", " "))]
        if "\t" in lead:
            return error(
                "a tab is not allowed here",
                self._at(row, lead.index("\t")),
                "indent with spaces, not tabs",
            )
        if line[column : column + 1] == "\t":
            return error("a tab is not allowed here", self._at(row, column), "use a space instead")
        return None

    def _unclosed(self, row: int, column: int) -> Diagnostic:
        mark = self._line(row)[column]
        other, belongs = (
            ("single", "a quotation mark") if mark == '"' else ("double", "an apostrophe")
        )
        return error(
            f"this quote is never closed: end it with {mark} on the same line",
            self._at(row, column),
            f"or, if the {mark} is {belongs} in the text, put the whole text in {other} quotes",
        )

    def unclosed_quote(self) -> Diagnostic | None:
        if "end of stream" not in self.words or "quoted scalar" not in self.words:
            return None
        if self.started and self._line(self.started[0])[self.started[1] :][:1] in "'\"":
            return self._unclosed(*self.started)
        return None

    def quote_run_on(self) -> Diagnostic | None:
        """A quote left open runs on to the next quote mark, lines below, and the
        parser stops just after it: blame the line where the quote opened."""
        row = self.stopped[0]
        for above in range(row - 1, -1, -1):
            line = self._line(above)
            column = value_column(line)
            if line[column : column + 1] not in ("'", '"'):
                continue
            end = _quote_end(self.lines, above, column)
            if end is None or end[0] == above:
                continue
            swallowed = any(_STRUCTURE.match(self._line(r)) for r in range(above + 1, end[0] + 1))
            return self._unclosed(above, column) if end[0] == row and swallowed else None
        return None

    def text_after_quote(self) -> Diagnostic | None:
        row, column = self.stopped
        line = self._line(row)
        start = value_column(line)
        mark = line[start : start + 1]
        end = _quote_end(self.lines, row, start) if mark in ("'", '"') else None
        if end is None or end[0] != row or column <= end[1]:
            return None
        value = line[start:].rstrip()
        if mark == "'" and line[end[1] + 1 : end[1] + 2].isalpha():
            inner = value[1:-1] if value.endswith("'") and len(value) > 1 else value[1:]
            return error(
                f"the apostrophe in column {end[1] + 1} ends the text in single quotes",
                self._at(row, end[1]),
                f"put the whole text in double quotes: {_rewrite(line[:start] + inner, start)}; "
                "or write the apostrophe twice: ''",
            )
        return error(
            f"the text goes on after its closing quote in column {end[1] + 1}",
            self._at(row, start),
            f"a text that starts with a quote must end with it: write {_rewrite(line, start)}",
        )

    def unknown_escape(self) -> Diagnostic | None:
        if "escape" not in self.words:
            return None
        row, column = self.stopped
        line = self._line(row)
        if line[column : column + 1] != "\\" and line[column - 1 : column] == "\\":
            column -= 1
        code = line[column : column + 2]
        return error(
            f"{code} is not allowed in double quotes: a backslash there starts a code such as \\n",
            self._at(row, column),
            "write \\\\ for a backslash, or put the text in single quotes",
        )

    def unclosed_brackets(self) -> Diagnostic | None:
        if "flow" not in self.words:
            return None
        row, column = self.started or self.stopped
        if self._line(row)[column : column + 1] not in ("[", "{"):  # libyaml, at the end
            row = self._content_above(self.stopped[0] + 1) or 0
            column = value_column(self._line(row))
        opening = self._line(row)[column : column + 1]
        closing = {"[": "]", "{": "}"}.get(opening)
        if closing is None:
            return None
        return error(
            f"this {opening} is never closed: end it with {closing} on the same line",
            self._at(row, column),
            f"or, if it is text, put the whole text in quotes: {_rewrite(self._line(row), column)}",
        )

    def reserved_start(self) -> Diagnostic | None:
        row, stopped = self.stopped
        line = self._line(row)
        column = value_column(line)
        char = line[column : column + 1]
        if not char or char not in RESERVED_STARTS or stopped < column:
            return None
        if char in "[{" and stopped == column:
            return None
        return reserved_start(self.path, line, row, column)

    def colon(self) -> Diagnostic | None:
        if "mapping values are not allowed" not in self.words:
            return None
        row, column = self.stopped
        line = self._line(row)
        key = _STRUCTURE.match(line)
        if key and key.group(2).endswith(":") and key.end() - 1 == column:
            above = self._content_above(row)
            if above is not None:
                previous = self._line(above)
                if _indent(previous) == _indent(line) and not _STRUCTURE.match(previous):
                    return self._no_colon(above, _indent(line))
            return self.indentation(row)  # a key the block above cannot take
        start = value_column(line)
        hint = "put the whole text in quotes"
        if start < column and line[start] not in "'\"":
            hint = f"{hint}: {_rewrite(line, start)}"
        return error(
            "a colon followed by a space inside a text must be quoted",
            self._at(row, column),
            hint,
        )

    def missing_colon(self) -> Diagnostic | None:
        if "expected ':'" not in self.words or self.started is None:
            return None
        return self._no_colon(*self.started)

    def _no_colon(self, row: int, column: int) -> Diagnostic:
        line = self._line(row)
        word, _, rest = line[column:].strip().partition(" ")
        if ":" in word.rstrip(":"):
            key, _, value = word.partition(":")
            word, rest = key, f"{value} {rest}".strip()
        hint = f"write it as '{word}: {rest}'" if rest else f"write it as '{word}:'"
        previous = self._line(self._content_above(row) or -1).rstrip()
        if previous and value_column(previous) < len(previous):
            hint += ", or, if it goes on with the text of the line above, indent it more"
        return error("this line has no ':' after its key", self._at(row, column), hint)

    def list_item(self) -> Diagnostic | None:
        row, column = self.stopped
        line = self._line(row)
        if column != _indent(line):
            return None
        in_list = re.search(r"'-' indicator|block collection", self.words)
        if in_list and self.started is not None and not line.startswith("-", column):
            outer = [c for c, _ in self._columns(row) if c < column]
            end = f", or start it in column {outer[0] + 1} to end the list" if outer else ""
            return error(
                f"this line is inside the list that starts on line {self.started[0] + 1}, "
                "but does not start with '- '",
                self._at(row, column),
                f"start it with '- ' to make it an item{end}",
            )
        if line.startswith("- ", column) or line[column:].rstrip() == "-":
            above = self._content_above(row)
            if above is not None and _indent(self._line(above)) == column:
                return error(
                    "a list item ('- ') cannot follow a key at the same indentation",
                    self._at(row, column),
                    "put the list under a key of its own, such as 'points:', "
                    "with nothing after that key's ':'",
                )
        return None

    def indentation(self, row: int | None = None) -> Diagnostic | None:
        if row is None:
            if not re.search(r"expected key|block end|'-' indicator", self.words):
                return self._first_line_indented() if "document start" in self.words else None
            row = self.stopped[0]
            if self.stopped[1] != _indent(self._line(row)):
                return None
        line = self._line(row)
        column = _indent(line)
        hint = None
        choices = [(c, r) for c, r in self._columns(row) if c != column]
        if choices:
            best, at_row = min(choices, key=lambda choice: (abs(choice[0] - column), -choice[0]))
            found = _STRUCTURE.match(self._line(at_row))
            name = found.group(2).rstrip(":") if found else ""
            like = "the '- '" if name == "-" else f"'{name}'"
            hint = f"start it in column {best + 1}, like {like} on line {at_row + 1}"
        return error(
            "this line's indentation does not match the lines around it",
            self._at(row, column),
            hint,
        )

    def _first_line_indented(self) -> Diagnostic | None:
        row = self.stopped[0]
        first = next((r for r, text in enumerate(self.lines) if _content(text)), row)
        if first < row and _indent(self.lines[first]) > _indent(self._line(row)) == 0:
            return error(
                "the first line is indented, so the lines below cannot start in column 1",
                self._at(first, 0),
                "start every top-level key in column 1",
            )
        return None

    def _content_above(self, row: int) -> int | None:
        return next((r for r in range(row - 1, -1, -1) if _content(self._line(r))), None)

    def _columns(self, row: int) -> list[tuple[int, int]]:
        """The columns of the keys and list items that hold line `row`, innermost
        first, each with the line that shows it."""
        found: list[tuple[int, int]] = []
        limit = 10**9
        for above in range(row - 1, -1, -1):
            match = _STRUCTURE.match(self._line(above))
            if match is None:
                continue
            column = len(match.group(1))
            if column < limit:
                found.append((column, above))
                limit = column
            if column == 0:
                break
        return found
