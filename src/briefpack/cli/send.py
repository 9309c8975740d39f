"""The `briefpack send` command: briefs and a recipients list in, one e-mail per
brief per editor out (through an SMTP server, or as `.eml` files for a dry run),
with a log of what the server accepted so that a run can be repeated safely."""

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from briefpack.distribute.security import DEFAULT_PORTS, Security

from .common import (
    Command,
    LayoutOption,
    StrictOption,
    _assets,
    _check_layout_option,
    _internal,
    _local_layouts,
    _report,
    _shown,
    app,
)

if TYPE_CHECKING:
    from briefpack.common.diagnostics import Diagnostic
    from briefpack.distribute.batch import RenderTask
    from briefpack.distribute.recipients import Recipient
    from briefpack.distribute.send import CheckedCopy, Delivery, Plan
    from briefpack.distribute.smtp import SendEvent, SmtpSettings

#: Where the password comes from when the server wants a login.
PASSWORD_VARIABLE = "BRIEFPACK_SMTP_PASSWORD"


def _usage(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.command(cls=Command)
def send(
    briefs: Annotated[
        list[Path],
        typer.Argument(
            metavar="BRIEF",
            help="Brief files, or pack files (each stands for its briefs).",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ],
    recipients: Annotated[
        Path,
        typer.Option(
            "--recipients",
            metavar="FILE.csv",
            help="CSV of name,desk,email: each editor gets their own copy.",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ],
    sender: Annotated[
        str,
        typer.Option(
            "--from",
            metavar="ADDRESS",
            help="The sender, e.g. 'Newsdesk <desk@example.org>'.",
            show_default=False,
        ),
    ],
    smtp: Annotated[
        Optional[str],  # noqa: UP045 - typer reads the annotation at run time
        typer.Option(
            "--smtp",
            metavar="HOST[:PORT]",
            help="The mail server, HOST or HOST:PORT (not needed for --dry-run).",
        ),
    ] = None,
    security: Annotated[
        Optional[Security],  # noqa: UP045
        typer.Option("--security", help="starttls (default), ssl (default for port 465), or none."),
    ] = None,
    user: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--user",
            metavar="NAME",
            help=f"Log in as NAME; the password comes from {PASSWORD_VARIABLE} (or a prompt).",
        ),
    ] = None,
    cafile: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--cafile",
            metavar="FILE",
            help="Trust the CAs in this PEM file instead of the system's.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output", "-o", metavar="FOLDER", help="Folder for the copies (default: out/)."
        ),
    ] = None,
    log: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--log",
            metavar="FILE",
            help="The send log, JSON lines (default: sent.jsonl in the -o folder).",
        ),
    ] = None,
    subject: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--subject",
            metavar="TEMPLATE",
            help="Subject template, e.g. '{title} ({date}) for {name}'.",
        ),
    ] = None,
    dry_run: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--dry-run",
            metavar="FOLDER",
            help="Write each message as an .eml file in FOLDER; send nothing.",
            file_okay=False,
        ),
    ] = None,
    resend: Annotated[
        bool, typer.Option("--resend", help="Send to everyone, even those the log says have it.")
    ] = False,
    layout: LayoutOption = None,
    strict: StrictOption = False,
    warn_size: Annotated[
        float,
        typer.Option(
            "--warn-size",
            metavar="MB",
            help="Warn about messages larger than this many MB.",
            min=0.001,
        ),
    ] = 10.0,
) -> None:
    """E-mail each editor in the list their own stamped copy of each brief."""
    from briefpack.common.output import OutputProblem
    from briefpack.distribute.batch import RenderTask
    from briefpack.distribute.mail import SubjectProblem, check_subject, parse_sender
    from briefpack.distribute.send import plan_deliveries

    settings = None if dry_run else _with_password(_smtp_settings(smtp, security, user, cafile))
    try:
        from_address = parse_sender(sender)
    except ValueError as problem:
        raise _usage(f"--from: {problem}") from None
    try:
        check_subject(subject or "")
    except SubjectProblem as problem:
        raise _usage(f"--subject: {problem}") from None
    if output is not None and output.suffix.lower() == ".pdf" and not output.is_dir():
        raise _usage("-o names the folder for the copies (default: out/)")
    folder = output or Path.cwd() / "out"
    log_path = log or folder / "sent.jsonl"
    assets = _assets(2 * 1024 * 1024, 50_000_000, rendering=True)
    _check_layout_option(layout, assets)
    tasks = [
        RenderTask(brief, brief, layout, strict, assets.limits, _local_layouts())
        for brief in briefs
    ]
    try:
        checked, listed, sent = _check_everything(tasks, recipients, log_path, resend)
        plan = plan_deliveries(
            checked,
            listed,
            folder,
            from_address,
            subject,
            sent,
            _now(),
            _shown,
            round(warn_size * 1e6),
        )
    except OutputProblem as problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    except typer.Exit:
        raise
    except Exception as problem:  # a bug must print a report, never a traceback
        _internal(briefs[0], problem)
        raise typer.Exit(1) from None
    _report(plan.warnings, strict=False)
    for copy in dict.fromkeys(delivery.copy for delivery in plan.deliveries):
        typer.echo(_shown(copy))
    if dry_run is not None:
        _write_drafts(plan, dry_run)
        return
    assert settings is not None
    _send(plan, settings, log_path)


def _check_everything(
    tasks: "list[RenderTask]", recipients: Path, log_path: Path, resend: bool
) -> "tuple[list[CheckedCopy], list[Recipient], set[tuple[str, str]]]":
    """The recipients list, the log and every brief (pack files opened), checked
    before anything is written or sent; the problems of all of them are told
    together (exit 1), and the briefs' warnings after."""
    from briefpack.common.diagnostics import BriefError
    from briefpack.distribute.recipients import read_recipients
    from briefpack.distribute.send import check_briefs, expand_packs
    from briefpack.distribute.send_log import read_sent

    problems: list[Diagnostic] = []
    listed: list[Recipient] = []
    sent: set[tuple[str, str]] = set()
    checked: list[CheckedCopy] = []
    warnings: list[Diagnostic] = []
    try:
        listed = read_recipients(recipients, str(recipients))
    except BriefError as invalid:
        problems += invalid.diagnostics
    try:
        sent = set() if resend else read_sent(log_path, _shown(log_path))
    except BriefError as invalid:
        problems += invalid.diagnostics
    try:
        checked, warnings = check_briefs(expand_packs(tasks, _shown), _shown)
    except BriefError as invalid:
        problems += invalid.diagnostics
    if problems:
        _report(problems, strict=False)
        raise typer.Exit(1)
    _report(warnings, strict=False)
    return checked, listed, sent


def _smtp_settings(
    smtp: str | None, security: Security | None, user: str | None, cafile: Path | None
) -> "SmtpSettings":
    """The server and how to reach it, from the options: usage errors (exit 2)
    for anything missing or unsafe. `_with_password` adds the password."""
    from briefpack.distribute.smtp import SmtpSettings

    if not smtp:
        raise _usage("give the mail server with --smtp HOST[:PORT], or write drafts with --dry-run")
    host, port_text = smtp, ""
    if smtp.startswith("["):  # [IPv6 address]:port
        host, _, rest = smtp[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif smtp.count(":") == 1:
        host, _, port_text = smtp.partition(":")
    if not host or (port_text and not (port_text.isdigit() and 0 < int(port_text) < 65536)):
        raise _usage(f"--smtp: '{smtp}' is not HOST or HOST:PORT (e.g. smtp.example.org:587)")
    port = int(port_text) if port_text else None
    mode = security or (Security.ssl if port == 465 else Security.starttls)
    if mode == Security.none and user:
        raise _usage(
            "--security none with --user would send the password unencrypted; "
            "use starttls or ssl to log in"
        )
    if mode == Security.none and cafile:
        raise _usage("--cafile verifies an encrypted connection, and --security none has none")
    return SmtpSettings(host, port or DEFAULT_PORTS[mode], mode, user, None, cafile)


def _with_password(settings: "SmtpSettings") -> "SmtpSettings":
    """The settings with the password: from the environment, or asked for on a
    terminal. Never from an argument, and never printed."""
    from dataclasses import replace

    if not settings.user:
        return settings
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None and sys.stdin.isatty():
        password = typer.prompt(f"password for {settings.user}", hide_input=True, err=True)
    if password is None:
        raise _usage(f"--user needs a password: set {PASSWORD_VARIABLE} (it is never an option)")
    return replace(settings, password=password)


def _write_drafts(plan: "Plan", folder: Path) -> None:
    from briefpack.common.output import OutputProblem
    from briefpack.distribute.send import write_drafts

    due = [delivery for delivery in plan.deliveries if not delivery.already_sent]
    for delivery in plan.deliveries:
        if delivery.already_sent:
            typer.echo(_skipped(delivery), err=True)
    try:
        written = write_drafts(due, folder)
    except OutputProblem as problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    for path in written:
        typer.echo(_shown(path))
    count = f"{len(written)} message{'' if len(written) == 1 else 's'}"
    typer.echo(f"dry run: wrote {count} to {_shown(folder)}; nothing was sent", err=True)


def _send(plan: "Plan", settings: "SmtpSettings", log_path: Path) -> None:
    from briefpack.distribute.smtp import send_deliveries

    tally = {"sent": 0, "skipped": 0, "refused": 0, "failed": 0}

    def told(event: "SendEvent") -> None:
        delivery = event.delivery
        who = _who(delivery)
        if event.kind in tally:
            tally[event.kind] += 1
        if event.kind in ("sent", "unlogged"):
            typer.echo(f"sent {_shown(delivery.copy)} to {who} ({event.detail})", err=True)
        elif event.kind == "skipped":
            typer.echo(_skipped(delivery), err=True)
        elif event.kind == "retry":
            typer.echo(
                f"{_shown(delivery.copy)} to {who}: {event.detail}; "
                f"trying again in {event.wait:g} s",
                err=True,
            )
        else:
            reason = "refused" if event.kind == "refused" else "did not take (gave up)"
            typer.echo(
                f"{_at(delivery)}error: the server {reason} {_shown(delivery.copy)} for "
                f"{who}: {event.detail}",
                err=True,
            )

    try:
        report = send_deliveries(plan.deliveries, settings, log_path, _now, told, shown=_shown)
    except KeyboardInterrupt:
        typer.echo(
            f"stopped (Ctrl-C): {tally['sent']} sent, each in {_shown(log_path)}; "
            "run the same command again to send the rest",
            err=True,
        )
        raise typer.Exit(130) from None
    if report.stopped:
        typer.echo(f"error: {report.stopped}", err=True)
    parts = [f"sent {len(report.sent)} of {len(plan.deliveries)} messages"]
    if report.unlogged:
        parts.append(f"{len(report.unlogged)} accepted by the server but not logged")
    if report.skipped:
        parts.append(f"{len(report.skipped)} already sent (in {_shown(log_path)}), skipped")
    if report.not_reached:
        parts.append(f"{len(report.not_reached)} not sent")
    typer.echo("; ".join(parts), err=True)
    for delivery, line in report.unlogged:
        typer.echo(
            f"  accepted by the server but not logged: {_shown(delivery.copy)} to "
            f"{_who(delivery)}; add this line to {_shown(log_path)}, or the next run "
            f"sends it again:\n{line}",
            err=True,
        )
    for delivery, why in report.not_reached:
        typer.echo(f"  not sent: {_shown(delivery.copy)} to {_who(delivery)}: {why}", err=True)
    if report.not_reached or report.unlogged:
        raise typer.Exit(1)


def _who(delivery: "Delivery") -> str:
    return f"{delivery.recipient.name} <{delivery.address}>"


def _at(delivery: "Delivery") -> str:
    position = delivery.recipient.position
    return f"{position}: " if position else ""


def _skipped(delivery: "Delivery") -> str:
    return (
        f"already sent {_shown(delivery.copy)} to {_who(delivery)} (the log has these bytes); "
        "skipped (--resend sends it again)"
    )


def _now() -> dt.datetime:
    """The time the messages are made (their Date header) and each is logged: the
    one place the clock is read."""
    return dt.datetime.now(dt.UTC).astimezone()
