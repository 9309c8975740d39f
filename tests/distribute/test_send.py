"""`briefpack send` against a real SMTP server in the test process (aiosmtpd on
127.0.0.1): the right copy to the right address, refusals, dropped connections,
AUTH, STARTTLS with a test CA, the log that makes a run safe to repeat, dry runs,
and bad input stopped before any mail goes."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import signal
import subprocess
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import trustme
from mail_server import Inbox, Received, free_port, mail_server

from briefpack.common.diagnostics import BriefError
from briefpack.distribute.batch import RenderTask
from briefpack.distribute.mail import Sender, SubjectProblem, check_subject, parse_sender
from briefpack.distribute.recipients import read_recipients
from briefpack.distribute.security import Security
from briefpack.distribute.send import Plan, check_briefs, plan_deliveries
from briefpack.distribute.send_log import SentEntry, append_sent, read_sent
from briefpack.distribute.smtp import SendEvent, SmtpSettings, send_deliveries
from conftest import BRIEFS, TEST_BRIEFS, briefpack_command, page_texts
from conftest import invoke_cli as invoke

MINIMAL = TEST_BRIEFS / "minimal.yaml"
CLAPHAM = BRIEFS / "clapham.yaml"
JANE, JOSE, SAM = "jane@example.org", "jose@example.org", "sam@example.org"
LIST = (
    "name,desk,email\n"
    f"Jane Doe,Politics,{JANE}\n"
    f'"Núñez, José",Home affairs,{JOSE}\n'
    "No Address,Sport,\n"
    f"Sam Smith,,{SAM}\n"
)
FROM = "Newsdesk <desk@example.org>"
PASSWORD = "s3cret-Pa55-word"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "minimal.yaml").write_bytes(MINIMAL.read_bytes())
    (tmp_path / "editors.csv").write_text(LIST, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFPACK_SMTP_PASSWORD", raising=False)
    return tmp_path


def send(server: str, *more: str, brief: str = "minimal.yaml") -> list[str]:
    return ["send", brief, "--recipients", "editors.csv", "--smtp", server, "--from", FROM, *more]


def plain(server: str, *more: str, brief: str = "minimal.yaml") -> list[str]:
    """A send over an unencrypted connection (the test server speaks no TLS)."""
    return send(server, "--security", "none", *more, brief=brief)


def prepared_for(pdf: bytes) -> str:
    with pikepdf.open(BytesIO(pdf)) as document:
        return str(document.docinfo["/PreparedFor"])


def log_lines(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


# -- the right copy to the right address --------------------------------------------


def test_each_editor_gets_their_own_copy(workdir: Path) -> None:
    with mail_server() as server:
        result = invoke(plain(server.address))
    inbox = server.inbox
    assert result.exit_code == 0, result.stderr
    assert sorted(address for one in inbox.received for address in one.recipients) == sorted(
        [JANE, JOSE, SAM]
    )
    stamps = {JANE: "Jane Doe, Politics", JOSE: "Núñez, José, Home affairs", SAM: "Sam Smith"}
    for address, stamp in stamps.items():
        (received,) = inbox.to(address)
        assert received.sender == "desk@example.org"
        ((name, pdf),) = received.attachments()
        assert prepared_for(pdf) == stamp
        assert f"Prepared for {stamp}" in page_texts(pdf)[0]
        assert (workdir / "out" / name).read_bytes() == pdf  # the copy written to -o
    # The row without an address: a warning at its line, and no copy.
    assert "editors.csv:4:1: warning: No Address has no e-mail address" in result.stderr
    assert not list((workdir / "out").glob("*no-address*"))


def test_the_copies_are_those_render_writes(workdir: Path) -> None:
    rendered = invoke(["render", "minimal.yaml", "--recipients", "editors.csv", "-o", "rendered"])
    assert rendered.exit_code == 0, rendered.stderr
    with mail_server() as server:
        result = invoke(plain(server.address))
    assert result.exit_code == 0, result.stderr
    attachments = dict(a for one in server.inbox.received for a in one.attachments())
    assert len(attachments) == 3
    for name, pdf in attachments.items():
        assert (workdir / "rendered" / name).read_bytes() == pdf
    assert sorted(result.stdout.splitlines()) == sorted(f"out/{name}" for name in attachments)


def test_the_message_headers_and_body(workdir: Path) -> None:
    (workdir / "clapham.yaml").write_bytes(CLAPHAM.read_bytes())
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with mail_server() as server:
        result = invoke(plain(server.address, brief="clapham.yaml"))
    assert result.exit_code == 0, result.stderr
    (received,) = server.inbox.to(JOSE)
    raw = received.data.decode("ascii")  # non-ASCII goes in encoded words, never raw
    assert "Núñez" not in raw
    message = received.message
    assert message["To"].addresses[0].display_name == "Núñez, José"
    assert message["To"].addresses[0].addr_spec == JOSE
    assert str(message["From"]) == FROM
    assert message["Subject"] == (
        "[FOR EDITORS - NOT FOR PUBLICATION] Watchdog clears Met officers of heavy-handed "
        "policing at Clapham vigil, 30 March 2021, embargoed until 00:01 UTC+01:00, "
        "30 March 2021"
    )
    assert parsedate_to_datetime(message["Date"]) >= before
    ids = {one.message["Message-ID"] for one in server.inbox.received}
    assert len(ids) == 3 and all(str(i).endswith("@example.org>") for i in ids)
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert max(len(line) for line in text.splitlines()) <= 72
    words = " ".join(text.split())  # lines wrapped anywhere
    assert "EMBARGOED UNTIL 00:01 UTC+01:00 ON 30 MARCH 2021" in words  # as the PDF says it
    assert "prepared for Núñez, José, Home affairs" in words
    assert "Inspectors back the conduct of officers" in words  # the subtitle
    assert "officers were not heavy-handed when they" in words  # the summary, markup dropped
    assert "\n- Officers tried to disperse the crowd peacefully" in text  # its points
    assert "[^" not in text and "**" not in text


def test_a_brief_in_french_gets_a_message_in_french(workdir: Path) -> None:
    (workdir / "fr.yaml").write_bytes((TEST_BRIEFS / "lang" / "fr.yaml").read_bytes())
    with mail_server() as server:
        result = invoke(plain(server.address, brief="fr.yaml"))
    assert result.exit_code == 0, result.stderr
    (received,) = server.inbox.to(JANE)
    ((_, pdf),) = received.attachments()
    printed = " ".join(page_texts(pdf)[0].split())
    body = received.message.get_body(("plain",))
    assert body is not None
    paragraphs = [
        " ".join(text.split()) for text in body.get_content().replace("\r\n", "\n").split("\n\n")
    ]
    # The embargo line is the one the PDF prints, in French.
    (embargo,) = [text for text in paragraphs if "EMBARGO" in text]
    assert embargo.startswith("SOUS EMBARGO JUSQU’AU 30 MARS 2021")
    assert embargo in printed
    assert paragraphs[-1].startswith(
        "Cet exemplaire (fr-2021-03-30-jane-doe.pdf) a été préparé pour Jane Doe, Politics."
    )
    subject = received.message["Subject"]
    assert subject.startswith("[DOCUMENT DE TEST - NE PAS PUBLIER] Matériel de test")
    assert subject.endswith(", 30 mars 2021, sous embargo jusqu’au 30 mars 2021, 00:01 (UTC+01:00)")
    words = " ".join([subject, *paragraphs])
    for english in ["March", "MARCH", "EMBARGOED", "embargoed", " ON ", "This copy"]:
        assert english not in words
    fields = "{date} | {embargo}"
    with mail_server() as server:
        templated = invoke(plain(server.address, "--subject", fields, "--resend", brief="fr.yaml"))
    assert templated.exit_code == 0, templated.stderr
    assert (
        server.inbox.to(JANE)[0].message["Subject"]
        == "30 mars 2021 | 00:01 UTC+01:00, 30 mars 2021"
    )


def test_a_subject_template(workdir: Path) -> None:
    template = "Brief {slug}: {title} for {name} ({file})"
    with mail_server() as server:
        result = invoke(plain(server.address, "--subject", template))
    assert result.exit_code == 0, result.stderr
    (received,) = server.inbox.to(SAM)
    assert received.message["Subject"] == (
        "Brief minimal: Test material: the smallest brief for Sam Smith "
        "(minimal-2024-05-08-sam-smith.pdf)"
    )


def test_a_pack_file_sends_each_of_its_briefs(workdir: Path) -> None:
    (workdir / "clapham.yaml").write_bytes(CLAPHAM.read_bytes())
    (workdir / "morning.yaml").write_text(
        "title: Morning\nbriefs:\n  - minimal.yaml\n  - clapham.yaml\n", "utf-8"
    )
    with mail_server() as server:
        result = invoke(plain(server.address, brief="morning.yaml"))
    assert result.exit_code == 0, result.stderr
    names = sorted(name for one in server.inbox.to(JANE) for name, _ in one.attachments())
    assert names == ["clapham-2021-03-30-jane-doe.pdf", "minimal-2024-05-08-jane-doe.pdf"]
    assert len(server.inbox.received) == 6


# -- the log: safe to repeat --------------------------------------------------------


def test_the_log_has_one_line_per_accepted_message(workdir: Path) -> None:
    with mail_server() as server:
        result = invoke(plain(server.address))
    assert result.exit_code == 0, result.stderr
    lines = log_lines(workdir / "out" / "sent.jsonl")
    assert [line["address"] for line in lines] == [JANE, JOSE, SAM]
    by_id = {one.message["Message-ID"]: one for one in server.inbox.received}
    for line in lines:
        received = by_id[line["message_id"]]
        ((name, pdf),) = received.attachments()
        assert line["file"] == f"out/{name}"
        assert line["sha256"] == hashlib.sha256(pdf).hexdigest()
        with pikepdf.open(BytesIO(pdf)) as document:
            assert line["document_id"] == bytes(document.trailer.ID[0]).hex()
        assert line["reply"].startswith("250 2.0.0 Ok: queued as Q")
        assert line["recipient"] == prepared_for(pdf)
        assert dt.datetime.fromisoformat(line["time"]).tzinfo is not None


def test_running_again_sends_nothing_and_resend_sends_all(workdir: Path) -> None:
    with mail_server() as server:
        assert invoke(plain(server.address)).exit_code == 0
        again = invoke(plain(server.address))
        assert again.exit_code == 0, again.stderr
        assert len(server.inbox.received) == 3
        skipped = [line for line in again.stderr.splitlines() if line.startswith("already sent")]
        assert len(skipped) == 3
        assert "sent 0 of 3 messages; 3 already sent" in again.stderr
        resent = invoke(plain(server.address, "--resend"))
        assert resent.exit_code == 0, resent.stderr
    assert len(server.inbox.received) == 6
    assert len(log_lines(workdir / "out" / "sent.jsonl")) == 6


def test_a_changed_copy_is_sent_again(workdir: Path) -> None:
    log = workdir / "custom.jsonl"
    with mail_server() as server:
        assert invoke(plain(server.address, "--log", str(log))).exit_code == 0
        brief = workdir / "minimal.yaml"
        brief.write_text(brief.read_text("utf-8") + "subtitle: A correction\n", "utf-8")
        again = invoke(plain(server.address, "--log", str(log)))
    assert again.exit_code == 0, again.stderr
    assert len(server.inbox.received) == 6
    assert len(log_lines(log)) == 6


def test_a_damaged_log_stops_before_any_mail(workdir: Path) -> None:
    log = workdir / "out" / "sent.jsonl"
    log.parent.mkdir()
    log.write_text('{"address": "jane@example.org", "sha256": "ab"}\n{"address": \n', "utf-8")
    with mail_server() as server:
        result = invoke(plain(server.address))
    assert result.exit_code == 1
    assert result.stderr.startswith("out/sent.jsonl:2:13: error: this line is not JSON")
    assert server.inbox.received == []


# -- failures ------------------------------------------------------------------------


def test_a_refused_address_is_named_and_the_others_still_arrive(workdir: Path) -> None:
    with mail_server(Inbox(refuse={JOSE})) as server:
        result = invoke(plain(server.address))
    assert result.exit_code == 1
    assert sorted(r for one in server.inbox.received for r in one.recipients) == [JANE, SAM]
    refused = "editors.csv:3:1: error: the server refused out/minimal-2024-05-08-nunez-jose.pdf"
    assert f"{refused} for Núñez, José <{JOSE}>: 550 5.1.1 <{JOSE}>: Recipient" in result.stderr
    assert "sent 2 of 3 messages; 1 not sent" in result.stderr
    assert [line["address"] for line in log_lines(workdir / "out" / "sent.jsonl")] == [JANE, SAM]


def test_a_log_that_cannot_be_written_names_the_unlogged_send(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The disk fills up after the first line: the second message was accepted by
    # the server, and the log cannot say so.
    appended: list[SentEntry] = []

    def disk_full_after_one(path: Path, entry: SentEntry) -> None:
        if appended:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        appended.append(entry)
        append_sent(path, entry)

    monkeypatch.setattr("briefpack.distribute.smtp.append_sent", disk_full_after_one)
    with mail_server() as server:
        result = invoke(plain(server.address))
    assert result.exit_code == 1
    assert [one.recipients for one in server.inbox.received] == [[JANE], [JOSE]]
    stderr = result.stderr
    assert "error: the log out/sent.jsonl cannot be written (No space left on device)" in stderr
    summary = "sent 1 of 3 messages; 1 accepted by the server but not logged; 1 not sent"
    assert summary in stderr
    jose = "out/minimal-2024-05-08-nunez-jose.pdf to Núñez, José <jose@example.org>"
    assert f"  accepted by the server but not logged: {jose}; add this line" in stderr
    assert f"not sent: {jose}" not in stderr
    assert f"  not sent: out/minimal-2024-05-08-sam-smith.pdf to Sam Smith <{SAM}>: " in stderr
    assert JANE not in stderr.split(summary)[1]  # no one else's reason
    # The line printed is the one the log misses: added by hand, the next run
    # sends only Sam's copy.
    (line,) = [text for text in stderr.splitlines() if text.startswith("{")]
    entry = json.loads(line)
    ((_, pdf),) = server.inbox.to(JOSE)[0].attachments()
    assert (entry["address"], entry["sha256"]) == (JOSE, hashlib.sha256(pdf).hexdigest())
    assert entry["message_id"] == server.inbox.to(JOSE)[0].message["Message-ID"]
    monkeypatch.setattr("briefpack.distribute.smtp.append_sent", append_sent)
    log = workdir / "out" / "sent.jsonl"
    log.write_text(log.read_text("utf-8") + line + "\n", "utf-8")
    with mail_server() as server:
        again = invoke(plain(server.address))
    assert again.exit_code == 0, again.stderr
    assert [one.recipients for one in server.inbox.received] == [[SAM]]


@pytest.mark.parametrize("drop", ["after", "before"])
def test_a_dropped_connection_resumes_without_sending_twice(workdir: Path, drop: str) -> None:
    # after: the server accepts the first message, then hangs up; before: it hangs
    # up instead of accepting the second, which must then go again.
    inbox = Inbox(drop_after=1) if drop == "after" else Inbox(drop_before=1)
    with mail_server(inbox) as server:
        result = invoke(plain(server.address))
    assert result.exit_code == 0, result.stderr
    assert [one.recipients for one in inbox.received] == [[JANE], [JOSE], [SAM]]
    assert inbox.greetings == 2  # a second connection
    assert [line["address"] for line in log_lines(workdir / "out" / "sent.jsonl")] == [
        JANE,
        JOSE,
        SAM,
    ]


def test_each_message_is_made_once(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The bytes sent are the bytes measured: one serialisation per message, even
    # for the message sent again on a new connection.
    made: list[str] = []
    as_bytes = EmailMessage.as_bytes

    def counted(message: EmailMessage, *args: Any, **options: Any) -> bytes:
        made.append(str(message["To"]))
        return as_bytes(message, *args, **options)

    monkeypatch.setattr(EmailMessage, "as_bytes", counted)
    with mail_server(Inbox(drop_before=1)) as server:
        result = invoke(plain(server.address, "--warn-size", "0.01"))
    assert result.exit_code == 0, result.stderr
    assert "warning: the message with out/minimal-2024-05-08-jane-doe.pdf" in result.stderr
    assert [one.recipients for one in server.inbox.received] == [[JANE], [JOSE], [SAM]]
    assert len(made) == 3, made
    logged = [line["message_id"] for line in log_lines(workdir / "out" / "sent.jsonl")]
    assert logged == [one.message["Message-ID"] for one in server.inbox.received]


def plan_for(workdir: Path, sent: set[tuple[str, str]] | None = None) -> Plan:
    checked, _ = check_briefs([RenderTask(workdir / "minimal.yaml", workdir / "x.pdf")])
    recipients = read_recipients(workdir / "editors.csv")
    sender = Sender("desk@example.org", "Newsdesk")
    made_at = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    return plan_deliveries(
        checked, recipients, workdir / "out", sender, None, sent or set(), made_at
    )


def test_temporary_failures_are_tried_again_with_back_off(workdir: Path) -> None:
    events: list[SendEvent] = []
    waits: list[float] = []
    with mail_server(Inbox(defer={JOSE: 2, SAM: 10})) as server:
        report = send_deliveries(
            plan_for(workdir).deliveries,
            SmtpSettings("127.0.0.1", server.port, Security.none),
            workdir / "log.jsonl",
            lambda: dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
            events.append,
            pause=waits.append,
        )
    # Jose: greylisted twice, then accepted; Sam: still refused after 4 tries.
    assert [one.recipients for one in server.inbox.received] == [[JANE], [JOSE]]
    assert waits == [2.0, 10.0, 2.0, 10.0, 30.0]
    assert [(d.address, why.split(" ")[0]) for d, why in report.not_reached] == [(SAM, "451")]
    kinds = [(event.kind, event.delivery.address) for event in events]
    assert kinds == [
        ("sent", JANE),
        ("retry", JOSE),
        ("retry", JOSE),
        ("sent", JOSE),
        ("retry", SAM),
        ("retry", SAM),
        ("retry", SAM),
        ("failed", SAM),
    ]
    assert [line["time"] for line in log_lines(workdir / "log.jsonl")] == [
        "2026-01-02T03:04:05Z"
    ] * 2


def test_a_server_gone_for_good_stops_after_the_tries(workdir: Path) -> None:
    events: list[SendEvent] = []
    waits: list[float] = []
    with mail_server() as server:

        def stop_after_first(event: SendEvent) -> None:
            events.append(event)
            if event.kind == "sent":
                server.stop()

        report = send_deliveries(
            plan_for(workdir).deliveries,
            SmtpSettings("127.0.0.1", server.port, Security.none),
            workdir / "log.jsonl",
            lambda: dt.datetime.now(dt.UTC),
            stop_after_first,
            pause=waits.append,
        )
    assert [one.recipients for one in server.inbox.received] == [[JANE]]
    assert waits == [0.0, 10.0, 30.0]  # the lost connection at once, then back-off
    assert report.stopped.startswith(f"cannot reach the server: 127.0.0.1:{server.port}")
    assert [d.address for d, _ in report.not_reached] == [JOSE, SAM]


def test_a_refused_sender_stops_everything(workdir: Path) -> None:
    with mail_server(Inbox(refuse_sender=True)) as server:
        result = invoke(plain(server.address))
    assert result.exit_code == 1
    assert (
        "error: the server refuses the sender address desk@example.org: 553 5.7.1 "
        "<desk@example.org>: Sender address rejected: not owned by user (check --from)"
    ) in result.stderr
    assert "sent 0 of 3 messages; 3 not sent" in result.stderr


@pytest.mark.parametrize("smtputf8", [True, False])
def test_an_address_outside_ascii(workdir: Path, smtputf8: bool) -> None:
    (workdir / "editors.csv").write_text(
        f"name,desk,email\nJosé,,josé@exámple.org\nJane Doe,,{JANE}\n", "utf-8"
    )
    with mail_server(smtputf8=smtputf8) as server:
        result = invoke(plain(server.address))
        drafts = invoke(plain(server.address, "--dry-run", "drafts", "--resend"))
    assert drafts.exit_code == 0, drafts.stderr
    draft = (workdir / "drafts" / "minimal-2024-05-08-jose.eml").read_bytes()
    assert "\r\nTo: José <josé@exámple.org>\r\n".encode() in draft  # raw UTF-8 (RFC 6532)
    if not smtputf8:
        assert result.exit_code == 1
        assert "cannot take an address with characters outside ASCII" in result.stderr
        assert [one.recipients for one in server.inbox.received] == [[JANE]]
        return
    assert result.exit_code == 0, result.stderr
    received = server.inbox.received[0]
    assert received.recipients == ["josé@exámple.org"]
    assert "\r\nTo: José <josé@exámple.org>\r\n".encode() in received.data


def test_ctrl_c_leaves_the_log_true_to_what_was_accepted(workdir: Path) -> None:
    def interrupt_after_first(event: SendEvent) -> None:
        if event.kind == "sent":
            raise KeyboardInterrupt

    with mail_server() as server, pytest.raises(KeyboardInterrupt):
        send_deliveries(
            plan_for(workdir).deliveries,
            SmtpSettings("127.0.0.1", server.port, Security.none),
            workdir / "log.jsonl",
            lambda: dt.datetime.now(dt.UTC),
            interrupt_after_first,
        )
    assert [one.recipients for one in server.inbox.received] == [[JANE]]
    assert [line["address"] for line in log_lines(workdir / "log.jsonl")] == [JANE]


def test_ctrl_c_in_the_command_stops_cleanly(workdir: Path) -> None:
    inbox = Inbox(hold_before=1)  # the second message waits for an answer
    with mail_server(inbox) as server:
        command = [*briefpack_command(), *plain(server.address)]
        environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        process = subprocess.Popen(
            command, cwd=workdir, env=environment, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 30
        while not inbox.holding and time.monotonic() < deadline:
            time.sleep(0.05)
        assert inbox.holding, "the second message never reached the server"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "stopped (Ctrl-C): 1 sent, each in out/sent.jsonl; run the same command" in stderr
    assert [one.recipients for one in inbox.received] == [[JANE]]
    assert [line["address"] for line in log_lines(workdir / "out" / "sent.jsonl")] == [JANE]


def test_an_unreachable_server_stops_with_everyone_not_sent(workdir: Path) -> None:
    result = invoke(plain(f"127.0.0.1:{free_port()}"))
    assert result.exit_code == 1
    assert "error: cannot reach 127.0.0.1:" in result.stderr
    assert "sent 0 of 3 messages; 3 not sent" in result.stderr
    assert not (workdir / "out" / "sent.jsonl").exists()


# -- security: STARTTLS, certificates, AUTH, the password ---------------------------


def test_starttls_with_the_newsroom_ca_and_auth(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFPACK_SMTP_PASSWORD", PASSWORD)
    with mail_server(tls=trustme.CA(), password=PASSWORD, folder=workdir) as server:
        assert server.ca_file is not None
        args = ["--user", "newsdesk", "--cafile", str(server.ca_file)]
        result = invoke(send(server.address, *args))  # STARTTLS is the default
    assert result.exit_code == 0, result.stderr
    assert len(server.inbox.received) == 3


@pytest.mark.parametrize(
    ("given", "without"),
    [("pässwörd", ()), ("pässwörd-wrong", ()), ("pässwörd", ("PLAIN",))],
    ids=["plain", "wrong", "login"],
)
def test_a_password_outside_ascii(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, given: str, without: tuple[str, ...]
) -> None:
    # AUTH PLAIN carries UTF-8 (RFC 4616); smtplib's own login takes ASCII only.
    # A server without PLAIN gets the UTF-8 bytes through LOGIN.
    monkeypatch.setenv("BRIEFPACK_SMTP_PASSWORD", given)
    ca = trustme.CA()
    with mail_server(tls=ca, password="pässwörd", folder=workdir, without_auth=without) as server:
        args = ["--user", "newsdesk", "--cafile", str(server.ca_file)]
        result = invoke(send(server.address, *args))
    assert "pässwörd" not in result.stdout + result.stderr
    if given == "pässwörd":
        assert result.exit_code == 0, result.stderr
        assert len(server.inbox.received) == 3
        return
    assert result.exit_code == 1
    assert "refused the user name or password: 535 5.7.8" in result.stderr
    assert server.inbox.received == []


def test_tls_from_the_first_byte(workdir: Path) -> None:
    # (aiosmtpd offers AUTH only after its own STARTTLS, so no login here.)
    with mail_server(tls=trustme.CA(), implicit_tls=True, folder=workdir) as server:
        result = invoke(send(server.address, "--security", "ssl", "--cafile", str(server.ca_file)))
    assert result.exit_code == 0, result.stderr
    assert len(server.inbox.received) == 3


@pytest.mark.parametrize("case", ["wrong host name", "unknown CA"])
def test_a_certificate_that_does_not_verify_is_refused(workdir: Path, case: str) -> None:
    names = ("mail.example.org",) if case == "wrong host name" else ("127.0.0.1",)
    with mail_server(tls=trustme.CA(), tls_names=names, folder=workdir) as server:
        cafile = ["--cafile", str(server.ca_file)] if case == "wrong host name" else []
        result = invoke(send(server.address, *cafile))
    assert result.exit_code == 1
    assert f"error: the certificate of {server.address} cannot be trusted" in result.stderr
    assert "sent 0 of 3 messages; 3 not sent" in result.stderr
    assert server.inbox.received == []


def test_a_server_without_starttls_is_refused_unless_none_is_asked_for(workdir: Path) -> None:
    with mail_server() as server:
        result = invoke(send(server.address))
    assert result.exit_code == 1
    assert "does not offer STARTTLS, so the mail would go unencrypted" in result.stderr
    assert server.inbox.received == []


def test_the_password_never_shows(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFPACK_SMTP_PASSWORD", PASSWORD + "-wrong")
    with mail_server(tls=trustme.CA(), password=PASSWORD, folder=workdir) as server:
        args = ["--user", "newsdesk", "--cafile", str(server.ca_file)]
        result = invoke(send(server.address, *args))
        drafts = invoke(send(server.address, *args, "--dry-run", "drafts"))
    assert result.exit_code == 1
    assert "refused the user name or password: 535 5.7.8" in result.stderr
    assert server.inbox.received == []
    assert drafts.exit_code == 0, drafts.stderr
    written = [p.read_bytes() for p in workdir.rglob("*") if p.is_file()]
    for text in [result.stdout, result.stderr, drafts.stdout, drafts.stderr]:
        assert PASSWORD not in text
    assert not any(PASSWORD.encode() in data for data in written)


def test_a_password_is_never_sent_unencrypted(workdir: Path) -> None:
    result = invoke(send("127.0.0.1:25", "--security", "none", "--user", "newsdesk"))
    assert result.exit_code == 2
    assert "would send the password unencrypted" in result.stderr


def test_a_login_without_a_password_is_a_usage_error(workdir: Path) -> None:
    result = invoke(send("127.0.0.1:587", "--user", "newsdesk"))
    assert result.exit_code == 2
    assert "set BRIEFPACK_SMTP_PASSWORD" in result.stderr
    assert not (workdir / "out").exists()


# -- dry run, size warning, bad input ----------------------------------------------


def test_a_dry_run_writes_the_messages_and_connects_to_nothing(workdir: Path) -> None:
    closed = f"127.0.0.1:{free_port()}"  # nothing listens there
    result = invoke(plain(closed, "--dry-run", "drafts"))
    assert result.exit_code == 0, result.stderr
    drafts = sorted((workdir / "drafts").glob("*.eml"))
    assert [p.name for p in drafts] == [
        "minimal-2024-05-08-jane-doe.eml",
        "minimal-2024-05-08-nunez-jose.eml",
        "minimal-2024-05-08-sam-smith.eml",
    ]
    message = message_from_bytes(drafts[1].read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].addr_spec == JOSE
    ((name, pdf),) = Received("", [], drafts[1].read_bytes()).attachments()
    assert (workdir / "out" / name).read_bytes() == pdf
    assert "dry run: wrote 3 messages to drafts; nothing was sent" in result.stderr
    assert not (workdir / "out" / "sent.jsonl").exists()
    no_server = invoke(["send", "minimal.yaml", "--recipients", "editors.csv"])
    assert no_server.exit_code == 2  # --from is needed; --smtp only without --dry-run
    without_smtp = invoke(
        ["send", "minimal.yaml", "--recipients", "editors.csv", "--from", FROM, "--dry-run", "d"]
    )
    assert without_smtp.exit_code == 0, without_smtp.stderr


def test_a_large_copy_gets_a_warning(workdir: Path) -> None:
    with mail_server() as server:
        result = invoke(plain(server.address, "--warn-size", "0.01"))
    assert result.exit_code == 0, result.stderr
    warning = "warning: the message with out/minimal-2024-05-08-jane-doe.pdf is 0.1 MB"
    assert warning in result.stderr
    assert "many mail servers refuse messages over 0.01 MB" in result.stderr
    assert len(server.inbox.received) == 3


def test_bad_input_stops_everything_before_any_mail(workdir: Path) -> None:
    (workdir / "editors.csv").write_text("name,desk,email\n,Politics,jane@example.org\n")
    (workdir / "broken.yaml").write_text("title: Broken\ndate: 2024-13-01\nsummary:\n  text: x\n")
    log = workdir / "out" / "sent.jsonl"
    log.parent.mkdir()
    log.write_text("not json\n", "utf-8")
    with mail_server() as server:
        result = invoke(plain(server.address, brief="broken.yaml"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("editors.csv:2:1: error: the name is empty")
    assert lines[1].startswith("out/sent.jsonl:1:1: error: this line is not JSON")
    assert lines[2].startswith("broken.yaml:2:7: error:")
    assert server.inbox.received == []
    assert [p.name for p in (workdir / "out").iterdir()] == ["sent.jsonl"]  # no copy written


def test_an_address_with_a_line_break_stops_before_any_copy(workdir: Path) -> None:
    (workdir / "editors.csv").write_text(
        f'name,desk,email\nJane Doe,Politics,"{JANE}\nBcc: evil@x.org"\nSam,,{SAM}\n', "utf-8"
    )
    with mail_server() as server:
        result = invoke(plain(server.address))
    assert result.exit_code == 1
    assert result.stderr.startswith("editors.csv:2:19: error: the e-mail address")
    assert "has a line break in it" in result.stderr
    assert server.inbox.received == []
    assert not (workdir / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "not-an-address"], "--from: 'not-an-address' is not an e-mail address"),
        (["--subject", "{titel}"], "--subject: '{titel}' is not a field; the fields are {title}"),
        (["--smtp", "mail:99999"], "--smtp: 'mail:99999' is not HOST or HOST:PORT"),
        (["--smtp", "[::1]:0"], "--smtp: '[::1]:0' is not HOST or HOST:PORT"),
        (["--smtp", ":25"], "--smtp: ':25' is not HOST or HOST:PORT"),
        (["--security", "none", "--cafile", "editors.csv"], "--security none has none"),
        (["-o", "x.pdf"], "-o names the folder for the copies"),
    ],
)
def test_usage_errors(workdir: Path, args: list[str], message: str) -> None:
    result = invoke([*send("127.0.0.1:2525", "--security", "none"), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (workdir / "out").exists()


def test_two_briefs_whose_copies_would_share_names_are_refused(workdir: Path) -> None:
    (workdir / "other").mkdir()
    (workdir / "other" / "minimal.yaml").write_bytes(MINIMAL.read_bytes())
    with mail_server() as server:
        result = invoke([*plain(server.address), "other/minimal.yaml"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "other/minimal.yaml:1:1: error: this brief has the slug and date of minimal.yaml"
    )
    assert server.inbox.received == []


# -- the pieces ----------------------------------------------------------------------


def test_a_log_line_without_its_line_break_stays_whole(tmp_path: Path) -> None:
    log = tmp_path / "sent.jsonl"
    log.write_text('{"address": "Jane@Example.org", "sha256": "AB"}', "utf-8")  # edited by hand
    entry = SentEntry("t", "Sam Smith", SAM, "out/x.pdf", "cd", "", "250 OK", "<id@x>")
    append_sent(log, entry)
    assert read_sent(log) == {(JANE, "ab"), (SAM, "cd")}
    assert len(log_lines(log)) == 2


def test_a_log_line_without_address_or_digest_is_an_error(tmp_path: Path) -> None:
    log = tmp_path / "sent.jsonl"
    log.write_text('{"address": "jane@example.org"}\n[1]\n', "utf-8")
    with pytest.raises(BriefError) as raised:
        read_sent(log, "sent.jsonl")
    assert [d.format() for d in raised.value.diagnostics] == [
        "sent.jsonl:1:1: error: this line has no sha256 (each line of a send log names "
        "the address and the PDF's sha256)",
        "sent.jsonl:2:1: error: this line has no address or sha256 (each line of a send log "
        "names the address and the PDF's sha256)",
    ]


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        ("desk@example.org", Sender("desk@example.org")),
        ("Newsdesk <desk@example.org>", Sender("desk@example.org", "Newsdesk")),
        ('"Desk, News" <desk@example.org>', Sender("desk@example.org", "Desk, News")),
    ],
)
def test_the_sender(text: str, sender: Sender) -> None:
    assert parse_sender(text) == sender
    assert parse_sender(text).domain == "example.org"


@pytest.mark.parametrize("text", ["desk", "desk@", "@example.org", "", "a b@example.org"])
def test_a_sender_that_is_not_an_address(text: str) -> None:
    with pytest.raises(ValueError, match="is not an e-mail address"):
        parse_sender(text)


@pytest.mark.parametrize("template", ["{title}", "{{literal}} {name}", "no fields"])
def test_subject_templates_that_work(template: str) -> None:
    check_subject(template)


@pytest.mark.parametrize("template", ["{titel}", "{title.upper}", "{title!r}", "{0}", "{", "}"])
def test_subject_templates_refused(template: str) -> None:
    with pytest.raises(SubjectProblem):
        check_subject(template)
