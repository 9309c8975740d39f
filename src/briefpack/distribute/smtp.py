"""Planned deliveries to a mail server over SMTP, one message at a time, each
accepted message added to the send log before the next goes.

The connection is made with the standard library (`smtplib`, `ssl`): STARTTLS
or TLS from the first byte (`ssl`), the server's certificate verified against
the system's CAs or a given CA file, its name checked against the host, and
AUTH only over an encrypted connection. What the server answers decides what
happens next:

- 2xx to the message: accepted; logged, then the next message.
- 5xx to the recipient or the message: that address is refused for good; the
  others are still sent.
- 4xx, or a dropped connection: tried again (a bounded number of times, with
  back-off), on a new connection if the old one is gone; the first time a
  connection is lost, a new one is made at once.
- a certificate that does not verify, a refused login, a refused sender
  address, a server that cannot be reached at the start of a run (or again,
  after the tries): nobody can be reached, so sending stops and every message
  not yet sent is reported as not sent.

Nothing here prints: each step is told to `on_event`, and the password never
appears in anything this module says.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .mail import needs_smtputf8
from .security import Security
from .send import Delivery
from .send_log import SentEntry, append_sent, entry_line

EventKind = Literal["sent", "unlogged", "skipped", "retry", "refused", "failed"]


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to connect. The password is never shown (not even by repr)."""

    host: str
    port: int
    security: Security = Security.starttls
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    cafile: Path | None = None
    timeout: float = 60.0
    #: Tries per message for temporary failures, and the waits between them (s).
    attempts: int = 4
    backoff: tuple[float, ...] = (2.0, 10.0, 30.0)


@dataclass(frozen=True)
class SendEvent:
    """One step of a run: a message sent, sent but not logged, skipped (the log
    has it), to be tried again after `wait` seconds, refused for good, or given up on."""

    kind: EventKind
    delivery: Delivery
    detail: str = ""
    wait: float = 0.0


@dataclass(frozen=True)
class SendReport:
    sent: tuple[Delivery, ...]
    skipped: tuple[Delivery, ...]
    not_reached: tuple[tuple[Delivery, str], ...]
    #: Why sending stopped before the end ("" if it did not).
    stopped: str = ""
    #: Messages the server accepted that the log could not take, each with the
    #: line the log is missing (a later run would send them again).
    unlogged: tuple[tuple[Delivery, str], ...] = ()


class _Temporary(Exception):
    def __init__(self, detail: str, disconnected: bool = False, connecting: bool = False):
        super().__init__(detail)
        self.detail, self.disconnected, self.connecting = detail, disconnected, connecting


class _Permanent(Exception):
    pass


class _Stop(Exception):
    pass


class _Unlogged(Exception):
    """The server accepted a message and the log cannot be written."""

    def __init__(self, detail: str, line: str):
        super().__init__(detail)
        self.line = line


def send_deliveries(
    deliveries: Sequence[Delivery],
    settings: SmtpSettings,
    log: Path,
    clock: Callable[[], dt.datetime],
    on_event: Callable[[SendEvent], None],
    pause: Callable[[float], None] = time.sleep,
    shown: Callable[[Path], str] = str,
) -> SendReport:
    """Send each delivery the log does not already have; log each accepted one."""
    sent: list[Delivery] = []
    skipped: list[Delivery] = []
    not_reached: list[tuple[Delivery, str]] = []
    unlogged: list[tuple[Delivery, str]] = []
    connection: smtplib.SMTP | None = None
    connected = False  # whether a connection was ever made in this run
    position = 0

    def tell(kind: EventKind, delivery: Delivery, detail: str = "", wait: float = 0.0) -> None:
        on_event(SendEvent(kind, delivery, _redact(detail, settings.password), wait))

    try:
        for position in range(len(deliveries)):
            delivery = deliveries[position]
            if delivery.already_sent:
                skipped.append(delivery)
                tell("skipped", delivery)
                continue
            international = needs_smtputf8(delivery.letter)
            payload = delivery.payload
            for attempt in range(1, settings.attempts + 1):
                try:
                    if connection is None:
                        connection = _connect(settings, first=not connected)
                        connected = True
                    reply = _transmit(connection, delivery, payload, international)
                except _Temporary as temporary:
                    if temporary.disconnected and connection is not None:
                        _close(connection)
                        connection = None
                    if attempt == settings.attempts:
                        if temporary.connecting:
                            raise _Stop(f"cannot reach the server: {temporary.detail}") from None
                        not_reached.append((delivery, _redact(temporary.detail, settings.password)))
                        tell("failed", delivery, temporary.detail)
                        break
                    wait = settings.backoff[min(attempt, len(settings.backoff)) - 1]
                    if attempt == 1 and temporary.disconnected and not temporary.connecting:
                        wait = 0.0  # a connection lost once: a new one, at once
                    tell("retry", delivery, temporary.detail, wait)
                    pause(wait)
                    continue
                except _Permanent as permanent:
                    not_reached.append((delivery, _redact(str(permanent), settings.password)))
                    tell("refused", delivery, str(permanent))
                    break
                try:
                    _log(log, delivery, reply, clock, shown)
                except _Unlogged as failed:
                    unlogged.append((delivery, failed.line))
                    tell("unlogged", delivery, reply)
                    position += 1  # this one went: the stop is for those after it
                    raise _Stop(str(failed)) from None
                sent.append(delivery)
                tell("sent", delivery, reply)
                break
    except _Stop as stop:
        # The message at `position` and those after it were not sent.
        detail = _redact(str(stop), settings.password)
        rest = deliveries[position:]
        not_reached += [(delivery, detail) for delivery in rest if not delivery.already_sent]
        skipped += [delivery for delivery in rest if delivery.already_sent]
        report = SendReport(
            tuple(sent), tuple(skipped), tuple(not_reached), detail, tuple(unlogged)
        )
    except BaseException:  # Ctrl-C: hang up at once, without waiting for a goodbye
        if connection is not None:
            _close(connection)
        raise
    else:
        report = SendReport(tuple(sent), tuple(skipped), tuple(not_reached))
    if connection is not None:
        _quit(connection)
    return report


def _log(
    log: Path,
    delivery: Delivery,
    reply: str,
    clock: Callable[[], dt.datetime],
    shown: Callable[[Path], str],
) -> None:
    when = clock().astimezone(dt.UTC).replace(microsecond=0)
    entry = SentEntry(
        time=when.isoformat().replace("+00:00", "Z"),
        recipient=delivery.recipient.stamp,
        address=delivery.address,
        file=shown(delivery.copy),
        sha256=delivery.sha256,
        document_id=delivery.document_id,
        reply=reply,
        message_id=delivery.message_id,
    )
    try:
        append_sent(log, entry)
    except OSError as problem:
        raise _Unlogged(
            f"the log {shown(log)} cannot be written ({problem.strerror}); sending stopped, "
            "as nothing sent from now on could be logged",
            entry_line(entry),
        ) from None


def tls_context(cafile: Path | None) -> ssl.SSLContext:
    """Certificates verified, host names checked: against the system's CAs, or
    only against the CAs in `cafile` (a newsroom's own CA)."""
    return ssl.create_default_context(cafile=str(cafile) if cafile else None)


def _connect(settings: SmtpSettings, first: bool = False) -> smtplib.SMTP:
    """A connection ready to send: encrypted as asked, and logged in if asked. The
    `first` of a run stops the run if it fails: the server is not there, or not
    the one meant, and a new run can start over at no cost."""
    where = f"{settings.host}:{settings.port}"
    try:
        context = None if settings.security == Security.none else tls_context(settings.cafile)
        if settings.security == Security.ssl:
            assert context is not None
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        try:
            smtp.ehlo()
            if settings.security == Security.starttls:
                if not smtp.has_extn("starttls"):
                    raise _Stop(
                        f"{where} does not offer STARTTLS, so the mail would go unencrypted "
                        "(use --security ssl for a server on port 465; --security none only "
                        "for a server on a network you trust)"
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.user:
                _login(smtp, settings.user, settings.password or "", where)
        except BaseException:
            smtp.close()
            raise
    except ssl.SSLCertVerificationError as bad:
        raise _Stop(
            f"the certificate of {where} cannot be trusted: {bad.verify_message} "
            "(give your newsroom's CA with --cafile, or check the host name)"
        ) from None
    except ssl.SSLError as bad:
        raise _Stop(f"no secure connection with {where}: {bad.reason or bad}") from None
    except smtplib.SMTPAuthenticationError as bad:
        raise _Stop(
            f"{where} refused the user name or password: {bad.smtp_code} "
            f"{_words(bad.smtp_error)} "
            "(check --user and BRIEFPACK_SMTP_PASSWORD)"
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise _Stop(f"{where} offers no login (AUTH); leave out --user") from None
    except smtplib.SMTPResponseException as bad:
        detail = f"{where} answered {bad.smtp_code} {_words(bad.smtp_error)}"
        if bad.smtp_code >= 500:
            raise _Stop(detail) from None
        if first:
            raise _Stop(detail) from None
        raise _Temporary(detail, disconnected=True, connecting=True) from None
    except socket.gaierror:
        raise _Stop(f"there is no mail server named {settings.host}") from None
    except (OSError, smtplib.SMTPException) as bad:
        if first:
            raise _Stop(f"cannot reach {where}: {_reason(bad)}") from None
        raise _Temporary(f"{where}: {_reason(bad)}", disconnected=True, connecting=True) from None
    return smtp


def _login(smtp: smtplib.SMTP, user: str, password: str, where: str) -> None:
    """Log in. smtplib's `login` takes ASCII only, so a user name or password with
    other characters is sent as UTF-8, as AUTH PLAIN (RFC 4616) says, or with
    LOGIN. Raises SMTPAuthenticationError if the server refuses it."""
    if user.isascii() and password.isascii():
        smtp.login(user, password)
        return
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError
    offered = smtp.esmtp_features["auth"].upper().split()
    if "PLAIN" in offered:
        token = b"\0" + user.encode() + b"\0" + password.encode()
        code, reply = smtp.docmd("AUTH", "PLAIN " + base64.b64encode(token).decode())
    elif "LOGIN" in offered:
        code, reply = smtp.docmd("AUTH", "LOGIN " + base64.b64encode(user.encode()).decode())
        if code == 334:
            code, reply = smtp.docmd(base64.b64encode(password.encode()).decode())
    else:
        raise _Stop(
            f"{where} offers no login for a user name or password outside ASCII "
            "(it needs AUTH PLAIN or LOGIN); use an ASCII password"
        )
    if code not in (235, 503):  # 503: already logged in
        raise smtplib.SMTPAuthenticationError(code, reply)


def _transmit(smtp: smtplib.SMTP, delivery: Delivery, payload: bytes, international: bool) -> str:
    """Send one message (MAIL, RCPT, DATA); the server's reply to it if accepted."""
    sender = delivery.letter.sender.address
    try:
        options = ["SMTPUTF8", "BODY=8BITMIME"] if international else []
        if international and not smtp.has_extn("smtputf8"):
            raise _Permanent("the server cannot take an address with characters outside ASCII")
        code, reply = smtp.mail(sender, options)
        _check(smtp, code, reply, f"the sender address {sender}")
        code, reply = smtp.rcpt(delivery.address)
        _check(smtp, code, reply, "")
        code, reply = smtp.data(payload)
        _check(smtp, code, reply, "")
    except smtplib.SMTPResponseException as bad:  # `data` raises when DATA is refused
        _check(smtp, bad.smtp_code, bad.smtp_error, "")
        raise _Temporary(_words(bad.smtp_error)) from None  # pragma: no cover - 2xx raised
    except (OSError, smtplib.SMTPException) as bad:
        raise _Temporary(f"the connection was lost: {_reason(bad)}", disconnected=True) from None
    return f"{code} {_words(reply)}"


def _check(smtp: smtplib.SMTP, code: int, reply: bytes | str, refused_sender: str) -> None:
    """Nothing for a 2xx or 3xx reply; otherwise what that reply means for the run."""
    if code < 400:
        return
    words = f"{code} {_words(reply)}"
    if code == 421:  # the server is closing the connection
        raise _Temporary(words, disconnected=True)
    try:
        smtp.rset()
    except (OSError, smtplib.SMTPException):
        raise _Temporary(words, disconnected=True) from None
    if code < 500:
        raise _Temporary(words)
    if refused_sender:
        raise _Stop(f"the server refuses {refused_sender}: {words} (check --from)")
    raise _Permanent(words)


def _words(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


def _reason(problem: BaseException) -> str:
    if isinstance(problem, OSError) and problem.strerror:
        return problem.strerror
    return str(problem) or type(problem).__name__


def _redact(text: str, password: str | None) -> str:
    """The text, with the password (should a server ever echo it) blotted out."""
    return text.replace(password, "********") if password else text


def _close(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError):  # closing a socket that is gone
        smtp.close()


def _quit(smtp: smtplib.SMTP) -> None:
    """Say goodbye if the server still listens; close in any case."""
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        _close(smtp)
