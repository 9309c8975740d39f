"""A recipients list (CSV) to `Recipient`s, and a brief to one stamped PDF per recipient.

The list is a UTF-8 CSV file (a byte-order mark is fine) whose first row names
the columns; `name`, `desk` and `email` must be among them, in any order, and
other columns are ignored. Every problem is reported with its line and column,
in one pass. Each copy is named `<brief slug>-<date>-<recipient slug>.pdf`, so
the names are stable from one run to the next; two recipients whose names give
the same file name are refused. Nothing here prints: outcomes go to the caller.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.common.diagnostics import BriefError, Diagnostic, Position, error

from .batch import Outcome, RenderTask

if TYPE_CHECKING:
    from briefpack.pipeline import CheckedBrief

COLUMNS = ("name", "desk", "email")


@dataclass(frozen=True)
class Recipient:
    """Who a copy is for. `stamp` is what the pages and the metadata say."""

    name: str
    desk: str = ""
    email: str = ""
    position: Position | None = None

    @property
    def stamp(self) -> str:
        return f"{self.name}, {self.desk}" if self.desk else self.name

    @property
    def slug(self) -> str:
        return recipient_slug(self.name)


@dataclass(frozen=True)
class _Cell:
    value: str
    line: int
    column: int


def recipient_slug(name: str) -> str:
    """'José Núñez' -> 'jose-nunez': accents dropped, lowercase letters and digits
    joined by '-'. A name in another script keeps its letters ('γιώργος')."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug or re.sub(r"[\W_]+", "-", name.lower()).strip("-")


def copy_name(brief_slug: str, date: dt.date, recipient: Recipient) -> str:
    """The file name of a recipient's copy: `<brief slug>-<date>-<recipient slug>.pdf`."""
    return f"{brief_slug}-{date.isoformat()}-{recipient.slug}.pdf"


def read_recipients(path: Path, shown: str | None = None) -> list[Recipient]:
    """The recipients of a CSV file, in its order. Raises BriefError with every problem."""
    where = shown or str(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        line = data.count(b"\n", 0, bad.start) + 1
        column = bad.start - (data.rfind(b"\n", 0, bad.start) + 1) + 1
        raise BriefError(
            [error("this is not UTF-8 text", Position(where, line, column), "save it as UTF-8")]
        ) from None
    rows = _rows(text)
    if not rows:
        raise BriefError([error("the file is empty", Position(where, 1, 1), _header_hint())])
    header, body = rows[0], rows[1:]
    problems: list[Diagnostic] = []
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = cell.value.strip().lower()
        if key in columns and key in COLUMNS:
            problems.append(error(f"the column '{key}' is named twice", _at(where, cell)))
        columns.setdefault(key, index)
    missing = [name for name in COLUMNS if name not in columns]
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        problems.append(
            error(
                f"the header row has no {'column' if len(missing) == 1 else 'columns'} {names}",
                _at(where, header[0]),
                _header_hint(),
            )
        )
        raise BriefError(problems)
    if not body:
        problems.append(
            error("the list has no recipients, only its header row", _at(where, header[0]))
        )
    recipients: list[Recipient] = []
    by_slug: dict[str, Recipient] = {}
    for row in body:
        if len(row) != len(header):
            problems.append(
                error(
                    f"this row has {len(row)} cells and the header row {len(header)}",
                    _at(where, row[0]),
                    "a comma inside a value needs the value in double quotes",
                )
            )
            continue
        name, desk, email = (row[columns[key]] for key in COLUMNS)
        recipient = Recipient(
            " ".join(name.value.split()),
            " ".join(desk.value.split()),
            email.value.strip(),
            _at(where, name),
        )
        if not recipient.name:
            problems.append(
                error("the name is empty", _at(where, name), "every copy names its recipient")
            )
            continue
        wrong = address_problem(recipient.email) if recipient.email else None
        if wrong:
            problems.append(error(wrong[0], _at(where, email), wrong[1]))
        if not recipient.slug:
            problems.append(
                error(
                    f"'{recipient.name}' has no letter or digit to name a file with",
                    _at(where, name),
                )
            )
            continue
        other = by_slug.setdefault(recipient.slug, recipient)
        if other is not recipient:
            line = other.position.line if other.position else 0
            problems.append(
                error(
                    f"'{recipient.name}' and '{other.name}' (line {line}) would get the same "
                    f"file name (...-{recipient.slug}.pdf)",
                    recipient.position,
                    "make the names differ, e.g. with an initial",
                )
            )
            continue
        recipients.append(recipient)
    if problems:
        raise BriefError(problems)
    return recipients


def address_problem(text: str) -> tuple[str, str] | None:
    """What is wrong with an e-mail address, and how to fix it; None if it is one
    address (`local@domain`) that can go in a To: header as it is.

    The standard library's parser decides (`email.headerregistry.Address`).
    Letters outside ASCII are allowed (RFC 6532), so each is checked as if it
    were an ASCII letter: the parser would refuse them in the local part."""
    shown = text.replace("\r", "\\r").replace("\n", "\\n")
    if "\r" in text or "\n" in text:
        return (
            f"the e-mail address '{shown}' has a line break in it",
            "write one address on one line, with nothing after it",
        )
    if any(mark in text for mark in ",;"):
        return (
            f"'{text}' is more than one e-mail address",
            "give each address a row of its own, with its name",
        )
    if "<" in text or ">" in text:
        alone = parseaddr(text)[1] or "jane@example.org"
        return (
            f"'{text}' is not an e-mail address alone",
            f"write only the address, {alone}; the name goes in the name column",
        )
    try:
        parsed = Address(addr_spec=re.sub(r"[^\x00-\x7f]", "a", text))
    except (ValueError, IndexError, HeaderParseError):
        parsed = None
    if parsed is None or not parsed.username or not parsed.domain or '"' in text:
        return (
            f"'{text}' is not an e-mail address",
            "write it as name@domain, e.g. jane@example.org",
        )
    return None


def _header_hint() -> str:
    return "the first row names the columns: name,desk,email"


def _at(where: str, cell: _Cell) -> Position:
    return Position(where, cell.line, cell.column)


def _rows(text: str) -> list[list[_Cell]]:
    """CSV rows of cells, each with the line and column it starts at. Values may be
    in double quotes (then commas, line breaks and doubled quotes may be inside).
    Blank lines are skipped."""
    rows: list[list[_Cell]] = []
    row: list[_Cell] = []
    i, line, column, end = 0, 1, 1, len(text)
    while True:
        start = (line, column)
        value: list[str] = []
        if i < end and text[i] == '"':
            i, column = i + 1, column + 1
            while i < end and not (text[i] == '"' and text[i + 1 : i + 2] != '"'):
                step = 2 if text[i] == '"' else 1  # a doubled quote is one quote
                value.append(text[i])
                line, column = (line + 1, 1) if text[i] == "\n" else (line, column + step)
                i += step
            i, column = i + 1, column + 1  # the closing quote (or the end of the file)
        while i < end and text[i] not in ",\r\n":
            value.append(text[i])
            i, column = i + 1, column + 1
        row.append(_Cell("".join(value), *start))
        if i < end and text[i] == ",":
            i, column = i + 1, column + 1
            continue
        if any(cell.value.strip() for cell in row) or len(row) > 1:
            rows.append(row)
        row = []
        if i >= end:
            return rows
        i += 2 if text[i : i + 2] == "\r\n" else 1
        line, column = line + 1, 1


def render_copies(
    tasks: Sequence[RenderTask],
    recipients: Sequence[Recipient],
    folder: Path | None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Each brief checked once, then rendered once per recipient: into `folder`
    named by `copy_name`, or (no folder) to the task's own target. A brief that
    fails gives one failed outcome; its warnings come with its first copy."""
    from briefpack.common.output import OutputProblem
    from briefpack.pipeline import check_brief, package_assets

    outcomes: list[Outcome] = []
    written: dict[Path, Path] = {}

    def done(outcome: Outcome) -> bool:
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)
        return not outcome.failed

    for task in tasks:
        assets = replace(package_assets(task.layout_dirs), limits=task.limits)
        try:
            checked = check_brief(task.brief, assets, task.layout)
        except BriefError as invalid:
            done(Outcome(task, None, invalid.diagnostics))
            continue
        except Exception as problem:  # a bug in briefpack must not stop the other briefs
            done(Outcome(task, None, internal=f"{type(problem).__name__}: {problem}"))
            continue
        warnings = checked.warnings
        if task.strict and warnings:
            done(Outcome(task, None, tuple(replace(d, severity="error") for d in warnings)))
            continue
        for recipient in recipients:
            target = task.target if folder is None else copy_path(checked, recipient, folder)
            copy = replace(task, target=target)
            owner = written.setdefault(target.resolve(), task.brief)
            try:
                if owner != task.brief:
                    raise OutputProblem(f"{owner} has the same slug and date and wrote this file")
                pdf = write_copy(checked, recipient, target)
                outcome = Outcome(copy, target, warnings, size=len(pdf))
            except OutputProblem as problem:
                outcome = Outcome(copy, None, warnings, problem=str(problem))
            except Exception as problem:
                outcome = Outcome(
                    copy, None, warnings, internal=f"{type(problem).__name__}: {problem}"
                )
            warnings = ()
            if not done(outcome):
                break  # the next copies of this brief would fail the same way
    return outcomes


def copy_path(checked: CheckedBrief, recipient: Recipient, folder: Path) -> Path:
    """Where a recipient's copy of a checked brief goes in `folder` (see `copy_name`)."""
    return folder / copy_name(checked.validated.slug, checked.validated.brief.date, recipient)


def write_copy(checked: CheckedBrief, recipient: Recipient, target: Path) -> bytes:
    """Render the recipient's stamped copy, write it to `target` atomically, and
    return its bytes. Raises OutputProblem if it cannot be written."""
    from briefpack.common.output import write_atomically
    from briefpack.pipeline import render_checked

    pdf = render_checked(checked, recipient.stamp)
    write_atomically(target, pdf)
    return pdf
