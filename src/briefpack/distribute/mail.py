"""A checked brief, a recipient and their copy's bytes to one e-mail message.

The message is built by the standard library's `email` package (an
`EmailMessage` under the SMTP policy): a subject from a template, a short
plain-text body (title, subtitle, summary, embargo, who the copy is for) and the
PDF attached under its file name. Dates, the embargo and the words briefpack
adds are in the brief's language, from its labels (`mail_embargo`,
`mail_copy_for`, and `embargo` as the PDF prints it). Names and subjects outside ASCII are encoded
as the standards say (`=?utf-8?...?=`), never by hand.

The `Date` and `Message-ID` headers come in as arguments: the date is the time
the messages are made, just before sending, which only the caller reads, and the
Message-ID is unique per message (`email.utils.make_msgid`), so a copy sent
again with `--resend` is a new message that mail clients do not fold into the
first. Each message is made once: a try again sends the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import textwrap
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime, make_msgid, parseaddr

from briefpack.brief.inline import plain_words
from briefpack.brief.model import Brief
from briefpack.common.templates import unknown_field
from briefpack.layout.locales import Language
from briefpack.render.dates import format_date, format_embargo, format_time

from .recipients import Recipient

#: The fields a `--subject` template may use, with what each holds.
SUBJECT_FIELDS = {
    "title": "the brief's title",
    "date": "the brief's date, e.g. 8 May 2024",
    "classification": "the classification, or nothing",
    "embargo": "when the embargo ends, e.g. 00:01 UTC+01:00, 30 March 2021, or nothing",
    "name": "the recipient's name",
    "desk": "the recipient's desk, or nothing",
    "recipient": "who the copy is for: Name, Desk",
    "slug": "the brief's slug",
    "file": "the attachment's file name",
}


#: The longest line of a message's body.
BODY_WIDTH = 72


class SubjectProblem(ValueError):
    """A `--subject` template that cannot be filled, in words for the user."""


@dataclass(frozen=True)
class Sender:
    """Who the messages are from: an address, and an optional display name."""

    address: str
    name: str = ""

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


def parse_sender(text: str) -> Sender:
    """'Newsdesk <desk@example.org>' or 'desk@example.org'; ValueError if neither."""
    name, address = parseaddr(text)
    local, _, domain = address.rpartition("@")
    if not local or not domain or any(char.isspace() for char in address):
        raise ValueError(f"'{text}' is not an e-mail address (e.g. desk@example.org)")
    return Sender(address, name)


def check_subject(template: str) -> None:
    """Raise SubjectProblem unless every `{field}` of the template is known."""
    try:
        written = unknown_field(template, SUBJECT_FIELDS)
    except ValueError as problem:
        raise SubjectProblem(f"{problem} (write a literal brace as {{{{ or }}}})") from None
    if written is not None:
        known = ", ".join(f"{{{name}}}" for name in SUBJECT_FIELDS)
        raise SubjectProblem(f"'{{{written}}}' is not a field; the fields are {known}")


def embargo_parts(when: dt.datetime, language: Language) -> dict[str, str]:
    """The embargo's time, zone and date, as the language writes them."""
    tag = language.tag
    return {
        "time": format_time(when.time(), tag),
        "zone": format_embargo(when, tag, "{zone}"),
        "date": format_date(when.date(), tag),
    }


def embargo_words(when: dt.datetime, language: Language) -> str:
    """'00:01 UTC+01:00, 30 March 2021': the `{embargo}` of a subject template."""
    parts = embargo_parts(when, language)
    return f"{parts['time']} {parts['zone']}, {parts['date']}"


def subject_fields(
    brief: Brief, slug: str, recipient: Recipient, file_name: str, language: Language
) -> dict[str, str]:
    return {
        "title": plain_words(brief.title),
        "date": format_date(brief.date, language.tag),
        "classification": plain_words(brief.classification or ""),
        "embargo": embargo_words(brief.embargo, language) if brief.embargo else "",
        "name": recipient.name,
        "desk": recipient.desk,
        "recipient": recipient.stamp,
        "slug": slug,
        "file": file_name,
    }


def build_subject(
    brief: Brief, fields: dict[str, str], template: str | None, language: Language
) -> str:
    """The template filled in; by default `[CLASSIFICATION] Title, date, embargoed
    until ...` (the language's `mail_embargo`), each part left out when the brief
    has none."""
    if template is not None:
        return " ".join(template.format_map(fields).split())
    subject = f"{fields['title']}, {fields['date']}"
    if fields["classification"]:
        subject = f"[{fields['classification']}] {subject}"
    if brief.embargo:
        subject += ", " + language.label("mail_embargo", **embargo_parts(brief.embargo, language))
    return subject


def build_body(brief: Brief, recipient: Recipient, file_name: str, language: Language) -> str:
    """The plain-text body, in lines of at most 72 characters: the title and
    subtitle, the embargo as the PDF prints it, the summary, and whose copy it is."""
    paragraphs = [plain_words(brief.title)]
    if brief.subtitle:
        paragraphs.append(plain_words(brief.subtitle))
    if brief.embargo:
        paragraphs.append(format_embargo(brief.embargo, language.tag, language.label("embargo")))
    if brief.summary.text:
        paragraphs.append(plain_words(brief.summary.text))
    points = [plain_words(point) for point in brief.summary.points or []]
    paragraphs.append(language.label("mail_copy_for", file=file_name, recipient=recipient.stamp))
    wrapped = [textwrap.fill(text, BODY_WIDTH, break_on_hyphens=False) for text in paragraphs]
    if points:
        listed = "\n".join(
            textwrap.fill(point, BODY_WIDTH, initial_indent="- ", subsequent_indent="  ")
            for point in points
        )
        wrapped.insert(len(wrapped) - 1, listed)
    return "\n\n".join(wrapped) + "\n"


@dataclass(frozen=True)
class Letter:
    """What one message says and carries, before it is dated and numbered."""

    sender: Sender
    recipient: Recipient
    subject: str
    body: str
    file_name: str
    pdf: bytes


def build_message(letter: Letter, sent_at: dt.datetime, message_id: str) -> EmailMessage:
    """The message, ready for SMTP: headers, the body, the PDF attached."""
    message = EmailMessage(policy=SMTP)
    local, _, domain = letter.sender.address.rpartition("@")
    message["From"] = Address(letter.sender.name, local, domain)
    local, _, domain = letter.recipient.email.rpartition("@")
    message["To"] = Address(letter.recipient.name, local, domain)
    message["Subject"] = letter.subject
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = message_id
    # Quoted-printable: readable, and safe through servers that take only 7-bit text.
    message.set_content(letter.body, cte="quoted-printable")
    message.add_attachment(
        letter.pdf, maintype="application", subtype="pdf", filename=letter.file_name
    )
    return message


def needs_smtputf8(letter: Letter) -> bool:
    """Whether an address has characters outside ASCII, which only a server that
    takes SMTPUTF8 can carry (names and subjects never need it: they are encoded)."""
    return not (letter.recipient.email.isascii() and letter.sender.address.isascii())


def message_bytes(letter: Letter, message: EmailMessage) -> bytes:
    """The message as it goes over the wire (and into an `.eml` file)."""
    return message.as_bytes(policy=SMTPUTF8 if needs_smtputf8(letter) else SMTP)


def new_message_id(sender: Sender) -> str:
    """A Message-ID unique to one message, in the sender's domain (never the
    machine's own name)."""
    return make_msgid("briefpack", domain=sender.domain)


def pdf_digest(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>")


def document_id(pdf: bytes) -> str:
    """The first half of the PDF's /ID (as hex), read from its trailer; '' if none."""
    found = _PDF_ID.search(pdf, max(0, len(pdf) - 4096))
    return found.group(1).decode().lower() if found else ""
