"""The scalars an author writes to typed values: dates, times with their offset,
timeline dates of any precision, patterns and web addresses.

Every scalar arrives as the text the author typed (see `yaml_source`); each
function here turns it into a value or raises a pydantic error whose message an
editor can act on. `model` puts them on the fields of the brief.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pydantic_core import PydanticCustomError

LINK_SCHEMES = ("http", "https")


def fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def as_text(value: Any) -> str:
    if not isinstance(value, str):
        raise fail("text_type", "expected text here, not a list or mapping")
    if not value.strip():
        raise fail("text_empty", "must not be empty")
    return value


def iso_date(value: str) -> dt.date:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise fail("date_format", f"'{value}' is not a date: write YYYY-MM-DD, e.g. 2021-03-30")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail("date_value", f"'{value}' is not a real calendar date") from None


def iso_date_text(value: Any) -> dt.date:
    return iso_date(as_text(value))


def aware_datetime(value: Any) -> dt.datetime:
    text = as_text(value)
    pattern = (
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?"
        r"(Z|[+-][0-9]{2}:[0-9]{2})"
    )
    if not re.fullmatch(pattern, text):
        raise fail(
            "datetime_format",
            f"'{text}' is not a date and time with its offset from UTC: write e.g. "
            "2021-03-30T00:01+01:00 (+01:00 is British Summer Time; Z is UTC)",
        )
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise fail("datetime_value", f"'{text}' is not a real date and time") from None


def clock_time(value: Any) -> dt.time:
    text = as_text(value)
    if not re.fullmatch(r"[0-9]{2}:[0-9]{2}", text):
        raise fail(
            "time_format", f"'{text}' is not a time: write HH:MM on the 24-hour clock, e.g. 14:30"
        )
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise fail("time_value", f"'{text}' is not a time of day (00:00 to 23:59)") from None


def pattern(regex: str, what: str) -> Any:
    def check(value: Any) -> str:
        text = as_text(value)
        if not re.fullmatch(regex, text):
            raise fail("pattern", f"'{text}' is not a valid {what}")
        return text

    return check


def url(value: Any) -> str:
    text = as_text(value).strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in LINK_SCHEMES:
        raise fail(
            "url_scheme",
            f"'{text}' is not an http or https address; other schemes are never linked",
        )
    if not parts.netloc:
        raise fail("url_host", f"'{text}' has no host name")
    return text


@dataclass(frozen=True, order=True)
class PartialDate:
    """A timeline date: a year, a month or a day. Sorts less precise first."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        text = as_text(value)
        match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", text)
        if not match:
            raise fail(
                "partial_date_format",
                f"'{text}' is not a timeline date: write YYYY-MM-DD, YYYY-MM or YYYY",
            )
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if match.group(2) and not 1 <= month <= 12:
            raise fail("partial_date_value", f"'{text}' has no month {month}")
        if match.group(3):
            try:
                dt.date(year, month, day)
            except ValueError:
                raise fail("partial_date_value", f"'{text}' is not a real calendar date") from None
        return cls(year, month, day)
