"""Checked briefs and a recipients list to one message per brief per editor,
each carrying that editor's stamped copy; and those messages to `.eml` files.

`expand_packs` opens pack files into their briefs. `check_briefs` checks every
brief before anything goes out, with the problems of all of them together.
`plan_deliveries` then warns about each row without an e-mail address, writes
each copy exactly as `render --recipients` does (same file name, same bytes)
and builds its message. `write_drafts` saves the messages as `.eml` files for
a dry run; the sending itself is `smtp.send_deliveries`. Nothing here prints:
problems are raised as located errors, and warnings come back beside the plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from briefpack.common.diagnostics import BriefError, Diagnostic, Position, error, warning
from briefpack.common.output import write_atomically
from briefpack.render.languages import default_language

from .batch import RenderTask
from .mail import (
    Letter,
    Sender,
    build_body,
    build_message,
    build_subject,
    document_id,
    message_bytes,
    new_message_id,
    pdf_digest,
    subject_fields,
)
from .recipients import Recipient, copy_path, write_copy
from .send_log import sent_key

if TYPE_CHECKING:
    from briefpack.pipeline import CheckedBrief

#: Messages larger than this are refused by many mail servers (10 MB).
DEFAULT_WARN_BYTES = 10_000_000


@dataclass(frozen=True)
class Delivery:
    """One message to send: whose, which copy, what it says, and whether the log
    says the same bytes already reached the same address."""

    recipient: Recipient
    brief: Path
    copy: Path
    letter: Letter
    sha256: str
    document_id: str
    #: The message's Message-ID, and the message as it goes over the wire.
    message_id: str
    payload: bytes = field(repr=False)
    already_sent: bool = False

    @property
    def address(self) -> str:
        return self.recipient.email

    @property
    def size(self) -> int:
        return len(self.payload)


class CheckedCopy(NamedTuple):
    """A brief file and the brief checked, ready for its recipients' copies."""

    brief: Path
    checked: CheckedBrief


@dataclass(frozen=True)
class Plan:
    deliveries: tuple[Delivery, ...]
    warnings: tuple[Diagnostic, ...]


def expand_packs(tasks: Sequence[RenderTask], shown: Callable[[Path], str]) -> list[RenderTask]:
    """Each pack file replaced by its briefs (in the pack's layout unless the task
    names one); a brief stays as it is. Raises BriefError for a broken pack file."""
    from briefpack.brief.yaml_source import read_yaml_file
    from briefpack.pipeline import package_assets

    from .pack import DEFAULT_LAYOUT, read_pack_file

    expanded: list[RenderTask] = []
    problems: list[Diagnostic] = []
    for task in tasks:
        assets = replace(package_assets(task.layout_dirs), limits=task.limits)
        try:
            data = read_yaml_file(task.brief, shown(task.brief), task.limits).data
        except BriefError:
            data = None  # a brief that cannot be read: its check says why
        if not (isinstance(data, dict) and "briefs" in data and "summary" not in data):
            expanded.append(task)
            continue
        try:
            spec = read_pack_file(task.brief, shown(task.brief), assets)
        except BriefError as invalid:
            problems += invalid.diagnostics
            continue
        layout = task.layout or spec.layout or DEFAULT_LAYOUT
        expanded += [replace(task, brief=brief, layout=layout) for brief in spec.briefs]
    if problems:
        raise BriefError(problems)
    return expanded


def check_briefs(
    tasks: Sequence[RenderTask], shown: Callable[[Path], str] = str
) -> tuple[list[CheckedCopy], list[Diagnostic]]:
    """Every brief checked once, and its warnings; one BriefError with the problems
    of all of them. Two briefs whose copies would share file names are refused."""
    from briefpack.pipeline import check_brief, package_assets

    problems: list[Diagnostic] = []
    found: list[Diagnostic] = []
    checked_briefs: list[CheckedCopy] = []
    for task in tasks:
        assets = replace(package_assets(task.layout_dirs), limits=task.limits)
        try:
            checked = check_brief(task.brief, assets, task.layout, shown(task.brief))
        except BriefError as invalid:
            problems += invalid.diagnostics
            continue
        if task.strict:
            problems += [replace(d, severity="error") for d in checked.warnings]
        else:
            found += checked.warnings
        checked_briefs.append(CheckedCopy(task.brief, checked))
    owners: dict[tuple[str, dt.date], Path] = {}
    for one in checked_briefs:
        validated = one.checked.validated
        owner = owners.setdefault((validated.slug, validated.brief.date), one.brief)
        if owner != one.brief:
            problems.append(
                error(
                    f"this brief has the slug and date of {shown(owner)}, so their copies "
                    "would have the same file names",
                    Position(shown(one.brief), 1, 1),
                    "give one of them another slug: key",
                )
            )
    if problems:
        raise BriefError(problems)
    return checked_briefs, found


def plan_deliveries(
    briefs: Sequence[CheckedCopy],
    recipients: Sequence[Recipient],
    folder: Path,
    sender: Sender,
    subject: str | None,
    sent: set[tuple[str, str]],
    made_at: dt.datetime,
    shown: Callable[[Path], str] = str,
    warn_bytes: int = DEFAULT_WARN_BYTES,
) -> Plan:
    """Write every copy and build every message once, dated `made_at`, in the
    order brief by brief, then recipient by recipient: each delivery carries the
    bytes that are sent (or written as a draft), tried again as they are. A row
    without an address gets a warning and no copy. Raises OutputProblem if a copy
    cannot be written."""
    found: list[Diagnostic] = []
    for recipient in recipients:
        if not recipient.email:
            found.append(
                warning(
                    f"{recipient.name} has no e-mail address, so no copy is sent to them",
                    recipient.position,
                    "add the address in the email column",
                )
            )
    deliveries: list[Delivery] = []
    for brief_path, checked in briefs:
        for recipient in recipients:
            if not recipient.email:
                continue
            target = copy_path(checked, recipient, folder)
            pdf = write_copy(checked, recipient, target)
            brief = checked.validated.brief
            language = checked.language or default_language(checked.theme)
            fields = subject_fields(brief, checked.validated.slug, recipient, target.name, language)
            letter = Letter(
                sender,
                recipient,
                build_subject(brief, fields, subject, language),
                build_body(brief, recipient, target.name, language),
                target.name,
                pdf,
            )
            digest = pdf_digest(pdf)
            message_id = new_message_id(sender)
            payload = message_bytes(letter, build_message(letter, made_at, message_id))
            size = len(payload)
            if size > warn_bytes:
                found.append(
                    warning(
                        f"the message with {shown(target)} is {size / 1e6:.1f} MB, and many "
                        f"mail servers refuse messages over {warn_bytes / 1e6:g} MB",
                        hint="check that it arrives, or share the file another way",
                    )
                )
            deliveries.append(
                Delivery(
                    recipient,
                    brief_path,
                    target,
                    letter,
                    digest,
                    document_id(pdf),
                    message_id,
                    payload,
                    sent_key(recipient.email, digest) in sent,
                )
            )
    return Plan(tuple(deliveries), tuple(found))


def write_drafts(deliveries: Sequence[Delivery], folder: Path) -> list[Path]:
    """Each message as it would go out, as `<copy name>.eml` in `folder`; nothing
    is sent. Raises OutputProblem if a file cannot be written."""
    written: list[Path] = []
    for delivery in deliveries:
        target = folder / f"{delivery.copy.stem}.eml"
        write_atomically(target, delivery.payload)
        written.append(target)
    return written
