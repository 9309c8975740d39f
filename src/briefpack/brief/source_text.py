"""A brief or layout file's bytes to its text, within the input limits.

The file must be UTF-8 (a byte-order mark is fine), not UTF-16, not binary, not
empty, and free of the control characters YAML forbids; the problems say where
and how to fix it. `Limits` are the bounds on input that the options of the
command line raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from briefpack.common.diagnostics import BriefError, Diagnostic, Position, error

#: Characters YAML does not allow in a file (C0 and C1 controls but tab and
#: line breaks, surrogates, U+FFFE/U+FFFF).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Limits:
    """Bounds on input. Each has a command-line option to raise it."""

    max_bytes: int = 2 * 1024 * 1024
    max_nodes: int = 100_000
    max_depth: int = 64
    max_pixels: int = 50_000_000


def read_source(path: Path, shown: str, limits: Limits) -> bytes:
    """The bytes of one brief or layout file, refused past the size limit (without
    reading more than one byte past it). Raises BriefError."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise BriefError([_too_big(shown, size, limits)])
        with path.open("rb") as stream:
            data = stream.read(limits.max_bytes + 1)
    except IsADirectoryError:
        raise BriefError([error("is a folder, not a YAML file", Position(shown, 1, 1))]) from None
    except FileNotFoundError:
        raise BriefError([error(f"no such file: {shown}")]) from None
    except OSError as problem:
        raise BriefError([error(f"cannot read {shown}: {problem.strerror}")]) from None
    if len(data) > limits.max_bytes:
        raise BriefError([_too_big(shown, len(data), limits)])
    return data


def _too_big(path: str, size: int, limits: Limits) -> Diagnostic:
    return error(
        f"the file is {size:,} bytes, over the limit of {limits.max_bytes:,}",
        Position(path, 1, 1),
        "split it, or raise the limit with --max-bytes",
    )


def _utf16(data: bytes) -> bool:
    """Saved as UTF-16 ('Unicode' in some editors): a byte-order mark, or ASCII text
    with a zero byte beside every character."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:200]
    return len(head) >= 4 and (
        head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3
    )


def decode_source(data: bytes, path: str) -> str:
    """The text of a file's bytes: UTF-8 (a byte-order mark is fine), not empty, and
    free of what YAML forbids. Raises BriefError at the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if _utf16(data):
        raise BriefError(
            [
                error(
                    "the file is saved as UTF-16, not UTF-8",
                    Position(path, 1, 1),
                    "save it again choosing the UTF-8 encoding",
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as bad:
        if b"\0" in data[:1024]:
            message = "this is a binary file, not a YAML text file"
            raise BriefError([error(message, Position(path, 1, 1))]) from None
        line = data.count(b"\n", 0, bad.start) + 1
        start = data.rfind(b"\n", 0, bad.start) + 1
        column = len(data[start : bad.start].decode("utf-8", "replace")) + 1
        raise BriefError(
            [
                error(
                    f"the file is not UTF-8: byte 0x{data[bad.start]:02X} cannot be read",
                    Position(path, line, column),
                    "save the file as UTF-8 text",
                )
            ]
        ) from None
    forbidden = _FORBIDDEN.search(text)
    if forbidden:
        line = text.count("\n", 0, forbidden.start()) + 1
        column = forbidden.start() - (text.rfind("\n", 0, forbidden.start()) + 1) + 1
        char = forbidden.group()
        if char == "\0":
            message = "this is a binary file, not a YAML text file"
            raise BriefError([error(message, Position(path, line, column))])
        else:
            message = f"the control character U+{ord(char):04X} is not allowed in a YAML file"
        raise BriefError([error(message, Position(path, line, column), "delete it")])
    if not text.strip():
        raise BriefError([error("the file is empty", Position(path, 1, 1))])
    return text
