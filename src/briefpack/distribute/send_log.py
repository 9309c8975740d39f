"""The log of messages a mail server accepted: a JSON-lines file, to the set of
(address, PDF digest) pairs already sent, and one new line per accepted message.

Each line is one JSON object:

    {"time": "2026-12-04T15:02:11Z", "recipient": "Jane Doe, Politics",
     "address": "jane@example.org", "file": "out/clapham-2021-03-30-jane-doe.pdf",
     "sha256": "...", "document_id": "...", "reply": "250 2.0.0 Ok: queued as 4F2A",
     "message_id": "<...@example.org>"}

A line is written only once the server has accepted the message, and it is
flushed to the disk before the next message goes, so the log never claims a
send that did not happen. A line that cannot be read is an error at its line:
guessing could send a copy twice, or not at all.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from briefpack.common.diagnostics import BriefError, Diagnostic, Position, error

#: What a line must hold for a later run to know what was sent.
REQUIRED_KEYS = ("address", "sha256")


@dataclass(frozen=True)
class SentEntry:
    """One message the server accepted."""

    time: str
    recipient: str
    address: str
    file: str
    sha256: str
    document_id: str
    reply: str
    message_id: str


def sent_key(address: str, sha256: str) -> tuple[str, str]:
    """What makes two sends the same: the address (in any case) and the PDF's bytes."""
    return address.strip().lower(), sha256.lower()


def read_sent(path: Path, shown: str | None = None) -> set[tuple[str, str]]:
    """The (address, sha256) of every accepted send in the log; an empty set if
    there is no log yet. Raises BriefError with every unreadable line."""
    where = shown or str(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return set()
    except UnicodeDecodeError:
        raise BriefError(
            [error("the log is not UTF-8 text", Position(where, 1, 1), "is this the right file?")]
        ) from None
    except OSError as problem:
        raise BriefError([error(f"cannot read the log: {problem.strerror}")]) from None
    sent: set[tuple[str, str]] = set()
    problems: list[Diagnostic] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as bad:
            problems.append(
                error(
                    f"this line is not JSON ({bad.msg})",
                    Position(where, number, bad.colno),
                    "each line of a send log is one JSON object; fix or remove the line",
                )
            )
            continue
        fields = entry if isinstance(entry, dict) else {}
        missing = [key for key in REQUIRED_KEYS if not isinstance(fields.get(key), str)]
        if missing:
            problems.append(
                error(
                    f"this line has no {' or '.join(missing)}",
                    Position(where, number, 1),
                    "each line of a send log names the address and the PDF's sha256",
                )
            )
            continue
        sent.add(sent_key(fields["address"], fields["sha256"]))
    if problems:
        raise BriefError(problems)
    return sent


def entry_line(entry: SentEntry) -> str:
    """The entry as one line of the log (without its line break)."""
    return json.dumps(asdict(entry), ensure_ascii=False)


def append_sent(path: Path, entry: SentEntry) -> None:
    """Add one line to the log and flush it to the disk before returning."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = entry_line(entry) + "\n"
    with path.open("a+b") as log:
        if log.tell():  # a last line without its line break (edited by hand) stays whole
            log.seek(-1, os.SEEK_END)
            line = line if log.read(1) == b"\n" else "\n" + line
        log.write(line.encode())
        log.flush()
        os.fsync(log.fileno())
