"""How `briefpack send` encrypts its connection to the mail server, and the port
each way uses by default. Apart from `smtp`, so that the command line can name
them without loading smtplib, ssl and the render."""

from __future__ import annotations

from enum import StrEnum


class Security(StrEnum):
    """STARTTLS after a plain greeting, TLS from the first byte, or none."""

    starttls = "starttls"
    ssl = "ssl"
    none = "none"


#: The port of each, when `--smtp` gives none.
DEFAULT_PORTS = {Security.starttls: 587, Security.ssl: 465, Security.none: 25}
