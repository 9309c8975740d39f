"""The brief format as pydantic models: plain data in, a typed `Brief` out.

These models are the public contract of `brief-format.md`. Every scalar arrives
as the string the author typed (see `yaml_source`); the types below turn it into
dates, times and URLs, with messages an editor can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

SOURCE_KEY_PATTERN = r"[A-Za-z0-9_-]+"
SLUG_PATTERN = r"[a-z0-9-]+"
LINK_SCHEMES = ("http", "https")
INLINE_LINK_SCHEMES = ("http", "https", "mailto")


def _fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _fail("text_type", "expected text here, not a list or mapping")
    if not value.strip():
        raise _fail("text_empty", "must not be empty")
    return value


def _iso_date(value: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise _fail("date_format", f"'{value}' is not a date: write YYYY-MM-DD, e.g. 2021-03-30")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail("date_value", f"'{value}' is not a real calendar date") from None


def _iso_date_text(value: Any) -> dt.date:
    return _iso_date(_text(value))


def _aware_datetime(value: Any) -> dt.datetime:
    text = _text(value)
    pattern = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})"
    if not re.fullmatch(pattern, text):
        raise _fail(
            "datetime_format",
            f"'{text}' is not a date and time with its offset from UTC: write e.g. "
            "2021-03-30T00:01+01:00 (+01:00 is British Summer Time; Z is UTC)",
        )
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _fail("datetime_value", f"'{text}' is not a real date and time") from None


def _clock_time(value: Any) -> dt.time:
    text = _text(value)
    if not re.fullmatch(r"\d{2}:\d{2}", text):
        raise _fail(
            "time_format", f"'{text}' is not a time: write HH:MM on the 24-hour clock, e.g. 14:30"
        )
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise _fail("time_value", f"'{text}' is not a time of day (00:00 to 23:59)") from None


def _pattern(regex: str, what: str) -> Any:
    def check(value: Any) -> str:
        text = _text(value)
        if not re.fullmatch(regex, text):
            raise _fail("pattern", f"'{text}' is not a valid {what}")
        return text

    return check


def _url(value: Any) -> str:
    text = _text(value).strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in LINK_SCHEMES:
        raise _fail(
            "url_scheme",
            f"'{text}' is not an http or https address; other schemes are never linked",
        )
    if not parts.netloc:
        raise _fail("url_host", f"'{text}' has no host name")
    return text


@dataclass(frozen=True, order=True)
class PartialDate:
    """A timeline date: a year, a month or a day. Sorts less precise first."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        text = _text(value)
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if not match:
            raise _fail(
                "partial_date_format",
                f"'{text}' is not a timeline date: write YYYY-MM-DD, YYYY-MM or YYYY",
            )
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if match.group(2) and not 1 <= month <= 12:
            raise _fail("partial_date_value", f"'{text}' has no month {month}")
        if match.group(3):
            try:
                dt.date(year, month, day)
            except ValueError:
                raise _fail("partial_date_value", f"'{text}' is not a real calendar date") from None
        return cls(year, month, day)


Text = Annotated[str, BeforeValidator(_text)]
SourceKey = Annotated[
    str,
    BeforeValidator(_pattern(SOURCE_KEY_PATTERN, "source key (use letters, digits, _ and -)")),
]
Slug = Annotated[str, BeforeValidator(_pattern(SLUG_PATTERN, "slug (use a-z, 0-9 and -)"))]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_text)]
AwareDateTime = Annotated[dt.datetime, BeforeValidator(_aware_datetime)]
ClockTime = Annotated[dt.time, BeforeValidator(_clock_time)]
TimelineDate = Annotated[PartialDate, BeforeValidator(PartialDate.parse)]
Url = Annotated[str, BeforeValidator(_url)]
SourceDate = Annotated[PartialDate, BeforeValidator(PartialDate.parse)]


class Model(BaseModel):
    """Strict, frozen: unknown keys are errors, and nothing changes after validation."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Summary(Model):
    title: Text = "Summary"
    text: Text | None = None
    points: list[Text] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _has_content(self) -> Summary:
        if self.text is None and not self.points:
            raise _fail("summary_empty", "the summary needs 'text', 'points' or both")
        return self


class Finding(Model):
    text: Text
    verdict: Text | None = None
    sources: list[SourceKey] = []


class Figure(Model):
    path: Text
    caption: Text | None = None
    credit: Text
    sources: list[SourceKey] = []


class Section(Model):
    heading: Text
    body: Text
    figures: list[Figure] = []

    @property
    def paragraphs(self) -> list[str]:
        """Paragraphs split at blank lines; a single line break is a space."""
        blocks = re.split(r"\n[ \t]*\n", self.body.strip())
        return [" ".join(block.split()) for block in blocks if block.strip()]


class Quote(Model):
    text: Text
    speaker: Text
    role: Text | None = None
    sources: Annotated[list[SourceKey], Field(min_length=1)]


class TimelineEntry(Model):
    date: TimelineDate
    time: ClockTime | None = None
    event: Text
    sources: list[SourceKey] = []

    @property
    def sort_key(self) -> tuple[int, int, int, int, dt.time]:
        """Less precise first: a year before its months, a day before its times."""
        has_time = 0 if self.time is None else 1
        return (self.date.year, self.date.month, self.date.day, has_time, self.time or dt.time())


class Source(Model):
    title: Text
    publisher: Text | None = None
    url: Url | None = None
    date: SourceDate | None = None
    note: Text | None = None


class Brief(Model):
    title: Text
    subtitle: Text | None = None
    date: IsoDate
    slug: Slug | None = None
    desk: Text | None = None
    author: Text | None = None
    classification: Text | None = None
    embargo: AwareDateTime | None = None
    layout: Annotated[str, AfterValidator(_pattern(SLUG_PATTERN, "layout name"))] | None = None
    summary: Summary
    findings: list[Finding] = []
    sections: list[Section] = []
    quotes: list[Quote] = []
    timeline: list[TimelineEntry] = []
    sources: dict[SourceKey, Source] = {}

    @property
    def timeline_in_order(self) -> list[TimelineEntry]:
        """Chronological; `sorted` is stable, so equal keys keep the brief's order."""
        return sorted(self.timeline, key=lambda entry: entry.sort_key)
