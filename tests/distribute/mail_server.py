"""A real SMTP server in the test process (aiosmtpd on 127.0.0.1, on a free port),
for the tests of `briefpack send`: it keeps every message it accepts, and can be
told to refuse an address, fail for a while, drop the connection, ask for a
password, or speak STARTTLS with a certificate made by a test CA (trustme)."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    """A message the server accepted: the envelope, and the message itself."""

    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def attachments(self) -> list[tuple[str, bytes]]:
        found = []
        for part in self.message.iter_attachments():
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            found.append((part.get_filename() or "", payload))
        return found


@dataclass
class Inbox:
    """The aiosmtpd handler: what the server accepts, refuses and drops."""

    received: list[Received] = field(default_factory=list)
    #: Addresses refused for good (550) at RCPT.
    refuse: set[str] = field(default_factory=set)
    #: Refuse every sender address (553 at MAIL).
    refuse_sender: bool = False
    #: Addresses refused for a while (451 at RCPT), and how many more times.
    defer: dict[str, int] = field(default_factory=dict)
    #: Close the connection after accepting this many messages (once).
    drop_after: int | None = None
    #: Close the connection instead of accepting message number N+1 (once).
    drop_before: int | None = None
    #: Keep message number N+1 waiting (not accepted) for this many seconds.
    hold_before: int | None = None
    hold_seconds: float = 20.0
    holding: bool = False
    #: EHLO greetings heard: one per connection (and one more after STARTTLS).
    greetings: int = 0

    async def handle_EHLO(  # noqa: N802 - aiosmtpd's hook names
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_MAIL(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.refuse_sender:
            return f"553 5.7.1 <{address}>: Sender address rejected: not owned by user"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 2.1.0 OK"

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if self.defer.get(address):
            self.defer[address] -= 1
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.drop_before is not None and len(self.received) == self.drop_before:
            self.drop_before = None
            server.transport.close()
            return "421 4.4.2 Connection dropped"
        if self.hold_before is not None and len(self.received) == self.hold_before:
            self.holding = True
            await asyncio.sleep(self.hold_seconds)
            return "451 4.3.0 Held too long"
        data = envelope.original_content or envelope.content
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), data))
        if self.drop_after is not None and len(self.received) == self.drop_after:
            self.drop_after = None
            asyncio.get_running_loop().call_soon(server.transport.close)
        return f"250 2.0.0 Ok: queued as Q{len(self.received):04d}"

    def to(self, address: str) -> list[Received]:
        return [one for one in self.received if address in one.recipients]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    inbox: Inbox
    port: int
    ca_file: Path | None = None
    stop: Callable[[], None] = lambda: None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@contextmanager
def mail_server(
    inbox: Inbox | None = None,
    *,
    tls: trustme.CA | None = None,
    tls_names: tuple[str, ...] = ("127.0.0.1", "localhost"),
    implicit_tls: bool = False,
    password: str | None = None,
    user: str = "newsdesk",
    folder: Path | None = None,
    smtputf8: bool = True,
    without_auth: tuple[str, ...] = (),
) -> Iterator[Server]:
    """A running server; with `tls`, it offers STARTTLS (or, `implicit_tls`, speaks
    TLS from the first byte, as on port 465) with a certificate for `tls_names`
    signed by that CA (written to `folder/ca.pem` for --cafile), and with
    `password`, it wants AUTH (over TLS only) as `user`, offering every mechanism
    aiosmtpd has but those `without_auth` names (e.g. PLAIN)."""
    inbox = inbox or Inbox()
    options: dict[str, Any] = {"enable_SMTPUTF8": smtputf8}
    ca_file = None
    if tls is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.issue_cert(*tls_names).configure_cert(context)
        if implicit_tls:
            options.update(ssl_context=context)
        else:
            options.update(tls_context=context, require_starttls=True)
        if folder is not None:
            ca_file = folder / "ca.pem"
            tls.cert_pem.write_to_path(str(ca_file))
    if password is not None:

        def authenticate(
            server: Any, session: Any, envelope: Any, mechanism: str, data: Any
        ) -> AuthResult:
            ok = isinstance(data, LoginPassword) and (
                data.login == user.encode() and data.password == password.encode()
            )
            return AuthResult(success=ok, handled=False)  # aiosmtpd answers 535

        options.update(authenticator=authenticate, auth_required=True, auth_require_tls=True)
        if without_auth:
            options.update(auth_exclude_mechanism=list(without_auth))
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    stopped = False

    def stop() -> None:
        nonlocal stopped
        if not stopped:
            stopped = True
            controller.stop()

    try:
        yield Server(inbox, port, ca_file, stop)
    finally:
        stop()
