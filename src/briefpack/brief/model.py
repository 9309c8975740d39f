"""The brief format as pydantic models: plain data in, a typed `Brief` out.

These models are the public contract of `brief-format.md`. Every scalar arrives
as the string the author typed (see `yaml_source`); the types below turn it into
dates, times and URLs, with messages an editor can act on.
"""

import datetime as dt
import re
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

from .language import Labels, LanguageTag
from .values import (
    PartialDate,
    as_text,
    aware_datetime,
    clock_time,
    fail,
    iso_date_text,
    pattern,
    url,
)

SOURCE_KEY_PATTERN = r"[A-Za-z0-9_-]+"
SLUG_PATTERN = r"[a-z0-9-]+"
INLINE_LINK_SCHEMES = ("http", "https", "mailto")


def _string_schema(pattern: str, message: str, **extra: Any) -> WithJsonSchema:
    """The JSON Schema of a typed scalar: the text the author writes, and its pattern.

    `patternErrorMessage` is the message editors built on VS Code's JSON support
    show instead of the bare pattern."""
    return WithJsonSchema(
        {"type": "string", "pattern": pattern, "patternErrorMessage": message, **extra}
    )


_DAY = r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_PARTIAL_DATE = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"

Text = Annotated[str, BeforeValidator(as_text), _string_schema(r"\S", "must not be empty")]
SourceKey = Annotated[
    str,
    BeforeValidator(pattern(SOURCE_KEY_PATTERN, "source key (use letters, digits, _ and -)")),
    _string_schema(f"^{SOURCE_KEY_PATTERN}$", "a source key uses letters, digits, _ and -"),
]
Slug = Annotated[
    str,
    BeforeValidator(pattern(SLUG_PATTERN, "slug (use a-z, 0-9 and -)")),
    _string_schema(f"^{SLUG_PATTERN}$", "use lowercase letters a-z, digits 0-9 and -"),
]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(iso_date_text),
    _string_schema(f"^{_DAY}$", "write the date as YYYY-MM-DD, e.g. 2021-03-30", format="date"),
]
AwareDateTime = Annotated[
    dt.datetime,
    BeforeValidator(aware_datetime),
    _string_schema(
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})$",
        "write a date and time with its offset from UTC, e.g. 2021-03-30T00:01+01:00",
    ),
]
ClockTime = Annotated[
    dt.time,
    BeforeValidator(clock_time),
    _string_schema(
        r"^([01][0-9]|2[0-3]):[0-5][0-9]$", "write HH:MM on the 24-hour clock, e.g. 14:30"
    ),
]
# A year alone (`date: 2019`) is a number to an editor reading YAML 1.2, and a
# year to briefpack, so the schema accepts it as either.
_PARTIAL_DATE_SCHEMA = WithJsonSchema(
    {
        "type": ["string", "integer"],
        "pattern": _PARTIAL_DATE,
        "minimum": 0,
        "maximum": 9999,
        "patternErrorMessage": "write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2021-03 or 2019",
    }
)
TimelineDate = Annotated[PartialDate, BeforeValidator(PartialDate.parse), _PARTIAL_DATE_SCHEMA]
Url = Annotated[
    str,
    BeforeValidator(url),
    _string_schema(
        r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]",
        "an address starting with http:// or https://",
    ),
]
SourceDate = Annotated[PartialDate, BeforeValidator(PartialDate.parse), _PARTIAL_DATE_SCHEMA]
LayoutName = Annotated[
    str,
    AfterValidator(pattern(SLUG_PATTERN, "layout name")),
    _string_schema(
        f"^{SLUG_PATTERN}$",
        "a layout name, such as standard or compact (briefpack layouts lists them)",
        examples=["standard", "compact"],
    ),
]


class Model(BaseModel):
    """Strict, frozen: unknown keys are errors, and nothing changes after validation."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Summary(Model):
    """The summary box on page 1: a paragraph (`text`), bullet points (`points`), or both."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["text"], "properties": {"text": {"type": "string"}}},
                {"required": ["points"], "properties": {"points": {"type": "array"}}},
            ]
        }
    )

    title: Text | None = Field(
        None, description="Heading of the summary box (default: Summary, in the brief's language)."
    )
    text: Text | None = Field(None, description="The summary as a paragraph.")
    points: list[Text] | None = Field(
        default=None, min_length=1, description="The summary as bullet points, one per item."
    )

    @model_validator(mode="after")
    def _has_content(self) -> Self:
        if self.text is None and not self.points:
            raise fail("summary_empty", "the summary needs 'text', 'points' or both")
        return self


_SOURCES_CITED = "Keys of the sources it comes from (each one defined under the top-level sources)."
_OWN_LANG = (
    "Its language, if not the brief's (a tag such as fr): hyphenation, quote marks follow it."
)


class Finding(Model):
    """One numbered key finding."""

    text: Text = Field(description="The finding, in a sentence or two.")
    verdict: Text | None = Field(
        None, description="A short label printed with it, e.g. Upheld, Not upheld, Criticism."
    )
    sources: list[SourceKey] = Field(default=[], description=_SOURCES_CITED)


class Figure(Model):
    """A picture printed in a section. Every picture is attributed."""

    path: Text = Field(
        description="The image file, relative to the brief's folder (and inside it), "
        "e.g. figures/map.png."
    )
    caption: Text | None = Field(None, description="Caption printed under the picture.")
    credit: Text = Field(description="Who made or owns the picture (required).")
    alt: Text | None = Field(
        None,
        description="What the picture shows, in words, for readers who cannot see it "
        "(a screen reader reads it in its place). Without it the caption stands in, "
        "with a warning.",
    )
    sources: list[SourceKey] = Field(default=[], description=_SOURCES_CITED)


class Section(Model):
    """One section of the story."""

    heading: Text = Field(description="The section's heading.")
    body: Text = Field(
        description="The section's text. A blank line starts a new paragraph; a single "
        "line break is a space."
    )
    figures: list[Figure] = Field(default=[], description="Pictures printed in this section.")
    lang: LanguageTag | None = Field(None, description=_OWN_LANG)

    @property
    def paragraphs(self) -> list[str]:
        """Paragraphs split at blank lines; a single line break is a space."""
        blocks = re.split(r"\n[ \t]*\n", self.body.strip())
        return [" ".join(block.split()) for block in blocks if block.strip()]


class Quote(Model):
    """A key quote, attributed to its speaker and to at least one source."""

    text: Text = Field(description="The words quoted, without quotation marks.")
    speaker: Text = Field(description="Who said it.")
    role: Text | None = Field(None, description="The speaker's job or title.")
    sources: Annotated[
        list[SourceKey],
        Field(
            min_length=1,
            description="Keys of the sources it comes from: at least one, as no quote "
            "goes unattributed.",
        ),
    ]
    lang: LanguageTag | None = Field(None, description=_OWN_LANG)


class TimelineEntry(Model):
    """One row of the timeline table. Rows print in date order."""

    date: TimelineDate = Field(
        description="When it happened: YYYY-MM-DD, YYYY-MM or YYYY (a less precise date "
        "prints before the more precise dates it contains)."
    )
    time: ClockTime | None = Field(
        None, description="The time of day, HH:MM on the 24-hour clock, e.g. 14:30."
    )
    event: Text = Field(description="What happened.")
    sources: list[SourceKey] = Field(default=[], description=_SOURCES_CITED)

    @property
    def sort_key(self) -> tuple[int, int, int, int, dt.time]:
        """Less precise first: a year before its months, a day before its times."""
        has_time = 0 if self.time is None else 1
        return (self.date.year, self.date.month, self.date.day, has_time, self.time or dt.time())


class Source(Model):
    """Where a claim comes from; printed as a numbered footnote where it is first cited."""

    title: Text = Field(description="Title of the document, article, dataset or interview.")
    publisher: Text | None = Field(None, description="Who published it.")
    url: Url | None = Field(None, description="Its web address (http or https only).")
    date: SourceDate | None = Field(
        None, description="When it was published: YYYY-MM-DD, YYYY-MM or YYYY."
    )
    note: Text | None = Field(None, description="Anything else the footnote should say.")
    lang: LanguageTag | None = Field(None, description=_OWN_LANG)


class Brief(Model):
    """A news brief: one YAML file, rendered to a PDF by briefpack."""

    title: Text = Field(description="Headline of the brief.")
    subtitle: Text | None = Field(None, description="Standfirst printed under the headline.")
    date: IsoDate = Field(
        description="The date the brief is for, as YYYY-MM-DD; also the PDF's date."
    )
    slug: Slug | None = Field(
        None,
        description="Short id of lowercase letters, digits and -; defaults to the file name.",
    )
    desk: Text | None = Field(None, description="The desk it comes from, e.g. Home affairs.")
    author: Text | None = Field(None, description="Who prepared the brief.")
    classification: Text | None = Field(
        None,
        description="Banner printed on every page, e.g. FOR EDITORS - NOT FOR PUBLICATION.",
    )
    embargo: AwareDateTime | None = Field(
        None,
        description="Date and time with its offset from UTC, e.g. 2021-03-30T00:01+01:00; "
        "prints EMBARGOED UNTIL ... on page 1 and in every header.",
    )
    layout: LayoutName | None = Field(
        None,
        description="The layout that decides how the brief looks (default: standard); "
        "`briefpack layouts` lists them, and `--layout` overrides this.",
    )
    lang: LanguageTag | None = Field(
        None,
        description="The brief's language, a BCP 47 tag such as fr, de-CH, en-US or el "
        "(default: en-GB): labels, dates, hyphenation, quote marks and the PDF's /Lang.",
    )
    labels: Labels | None = Field(
        None, description="Words briefpack prints, changed for this brief (see locales/)."
    )
    summary: Summary = Field(description="The summary box on page 1.")
    findings: list[Finding] = Field(default=[], description="Numbered key findings.")
    sections: list[Section] = Field(default=[], description="The story, section by section.")
    quotes: list[Quote] = Field(default=[], description="Key quotes, each attributed.")
    timeline: list[TimelineEntry] = Field(
        default=[], description="Rows of the timeline table, printed in date order."
    )
    sources: dict[SourceKey, Source] = Field(
        default={},
        description="Where every claim comes from, by key. Cite one with [^key] in any text, "
        "or list its key under an item's sources. Needed as soon as anything cites a key.",
    )

    @property
    def timeline_in_order(self) -> list[TimelineEntry]:
        """Chronological; `sorted` is stable, so equal keys keep the brief's order."""
        return sorted(self.timeline, key=lambda entry: entry.sort_key)
