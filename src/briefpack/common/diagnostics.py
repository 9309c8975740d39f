"""Problems found in a brief or layout, as positioned diagnostics.

The library never prints or exits: it gathers every problem it finds into
`Diagnostic` items, raises one `BriefError` for errors, and hands warnings back
beside its result. The command line decides what to print and the exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Position:
    """A place in a file: 1-based line and column."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: what is wrong, where, and how to fix it."""

    severity: Severity
    message: str
    position: Position | None = None
    hint: str | None = None

    def format(self) -> str:
        """`FILE:LINE:COL: severity: message (hint)`, the form editors read."""
        where = f"{self.position}: " if self.position else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.severity}: {self.message}{hint}"


class BriefError(Exception):
    """One or more errors in a brief or layout; holds every one found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def error(message: str, position: Position | None = None, hint: str | None = None) -> Diagnostic:
    return Diagnostic("error", message, position, hint)


def warning(message: str, position: Position | None = None, hint: str | None = None) -> Diagnostic:
    return Diagnostic("warning", message, position, hint)
