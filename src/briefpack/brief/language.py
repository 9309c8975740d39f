"""A `lang` value to a checked BCP 47 language tag, and a `labels:` mapping to `Labels`.

A tag is known when CLDR (through Babel) has data for it: `fr`, `fr-CA`, `de-CH`,
`en-US`, `el`, `sr-Latn`. It is written back in its usual case (`EN-gb` is `en-GB`),
and an unknown or malformed tag is refused with the closest known tag.

`Labels` names every word briefpack itself prints (headings, the footer, the
embargo line, the pack's cover). Each language's words live in `locales/<tag>.yaml`;
a layout or a brief may override any of them with a `labels:` mapping of the same
keys. A label may hold `{placeholders}`, and only the ones its key lists.
"""

from __future__ import annotations

import difflib
import re
import string
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

#: What a tag looks like: a language, then an optional script and region.
TAG_PATTERN = r"[A-Za-z]{2,3}([-_][A-Za-z]{4})?([-_]([A-Za-z]{2}|[0-9]{3}))?"

#: Every label, what it is, and the placeholders it may use.
LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "summary_title": ("Heading of the summary box (when the brief gives no title).", ()),
    "findings_title": ("Heading of the key findings.", ()),
    "quotes_title": ("Heading of the key quotes, when a layout sets them together.", ()),
    "timeline_title": ("Heading of the timeline.", ()),
    "timeline_date": ("Header of the timeline's date column.", ()),
    "timeline_event": ("Header of the timeline's event column.", ()),
    "sources_title": ("Heading of the sources list, when a layout collects the notes.", ()),
    "desk": ("The desk in the line under the headline.", ("desk",)),
    "prepared_by": ("The author in the line under the headline.", ("author",)),
    "embargo": (
        "The embargo line; {date} is printed in capitals.",
        ("time", "zone", "date"),
    ),
    "page": ("The page number in the footer.", ("page", "pages")),
    "prepared_for": ("A recipient's copy, in the footer.", ("recipient",)),
    "picture": ("Before a picture's credit.", ("credit",)),
    "pack_kicker": ("Above a pack's title on its cover.", ()),
    "pack_in_this_pack": ("Heading of the list of stories on a pack's cover.", ()),
    "pack_contents": ("Heading of a pack's contents page.", ()),
    "pack_stories_one": ("The count of stories on a pack's cover, for one.", ("count",)),
    "pack_stories_other": ("The count of stories on a pack's cover, for more.", ("count",)),
    "pack_subject": ("The subject in a pack's PDF metadata.", ("titles",)),
}


def label_problem(key: str, text: str) -> str | None:
    """What is wrong with the text of label `key`, or None."""
    allowed = LABELS[key][1]
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return f"'{text}' has an unmatched {{ or }} (write {{{{ or }}}} for a brace)"
    for name in fields:
        if name not in allowed:
            can = ", ".join(f"{{{item}}}" for item in allowed) or "no placeholders"
            return f"'{{{name}}}' is not a placeholder of {key} (it takes {can})"
    return None


def _label_text(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("text_type", "expected text here, not a list or mapping")
    if not value.strip():
        raise PydanticCustomError("text_empty", "must not be empty")
    return value


LabelText = Annotated[str, BeforeValidator(_label_text)]


class Labels(BaseModel):
    """Words briefpack prints, each replacing the language's own (see locales/)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    summary_title: LabelText | None = Field(None, description=LABELS["summary_title"][0])
    findings_title: LabelText | None = Field(None, description=LABELS["findings_title"][0])
    quotes_title: LabelText | None = Field(None, description=LABELS["quotes_title"][0])
    timeline_title: LabelText | None = Field(None, description=LABELS["timeline_title"][0])
    timeline_date: LabelText | None = Field(None, description=LABELS["timeline_date"][0])
    timeline_event: LabelText | None = Field(None, description=LABELS["timeline_event"][0])
    sources_title: LabelText | None = Field(None, description=LABELS["sources_title"][0])
    desk: LabelText | None = Field(None, description=LABELS["desk"][0])
    prepared_by: LabelText | None = Field(None, description=LABELS["prepared_by"][0])
    embargo: LabelText | None = Field(None, description=LABELS["embargo"][0])
    page: LabelText | None = Field(None, description=LABELS["page"][0])
    prepared_for: LabelText | None = Field(None, description=LABELS["prepared_for"][0])
    picture: LabelText | None = Field(None, description=LABELS["picture"][0])
    pack_kicker: LabelText | None = Field(None, description=LABELS["pack_kicker"][0])
    pack_in_this_pack: LabelText | None = Field(None, description=LABELS["pack_in_this_pack"][0])
    pack_contents: LabelText | None = Field(None, description=LABELS["pack_contents"][0])
    pack_stories_one: LabelText | None = Field(None, description=LABELS["pack_stories_one"][0])
    pack_stories_other: LabelText | None = Field(None, description=LABELS["pack_stories_other"][0])
    pack_subject: LabelText | None = Field(None, description=LABELS["pack_subject"][0])

    @field_validator("*")
    @classmethod
    def _placeholders(cls, text: str | None, info: ValidationInfo) -> str | None:
        problem = label_problem(str(info.field_name), text) if text is not None else None
        if problem:
            raise PydanticCustomError("label_placeholder", problem)
        return text

    def given(self) -> dict[str, str]:
        """The labels this mapping sets."""
        return {key: value for key in LABELS if (value := getattr(self, key)) is not None}


# -- language tags ---------------------------------------------------------------


@lru_cache(maxsize=1)
def known_tags() -> dict[str, str]:
    """Every tag CLDR has data for, by its lowercase form: {'fr-ca': 'fr-CA', ...}."""
    from babel.localedata import locale_identifiers

    tags = (identifier.replace("_", "-") for identifier in locale_identifiers())
    return {tag.lower(): tag for tag in tags if tag != "root"}


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """English names of languages to their tags: {'french': 'fr', ...}."""
    from babel import Locale

    names = Locale.parse("en").languages
    known = known_tags()
    return {name.lower(): code for code, name in names.items() if code.lower() in known}


def normal_tag(value: Any) -> str:
    """The tag in its usual case (`fr-CA`), or a PydanticCustomError naming the closest."""
    text = _label_text(value).strip()
    known = known_tags()
    if re.fullmatch(TAG_PATTERN, text):
        tag = known.get(text.replace("_", "-").lower())
        if tag:
            return tag
    close = closest_tag(text)
    hint = f" (did you mean '{close}'?)" if close else " (write a tag such as fr, de-CH or en-US)"
    what = "an unknown" if re.fullmatch(TAG_PATTERN, text) else "not a"
    raise PydanticCustomError("language_tag", f"'{text}' is {what} language tag{hint}")


def closest_tag(text: str) -> str | None:
    """The known tag closest to `text`: by spelling, or by the language's English name."""
    folded = text.strip().replace("_", "-").lower()
    by_name = _language_names().get(folded)
    if by_name:
        return known_tags()[by_name.lower()]
    from babel.core import get_global

    known = known_tags()
    language, _, region = folded.partition("-")
    if region:  # an old or informal region code: en-UK is en-GB
        for alias in get_global("territory_aliases").get(region.upper(), ()):
            if f"{language}-{alias}".lower() in known:
                return known[f"{language}-{alias}".lower()]
    if "-" in folded and language in known:
        return known[language]  # `fr-XX`: the language itself
    # A tag without a region is compared with the languages alone.
    candidates = [tag for tag in known if "-" in folded or "-" not in tag]
    close = difflib.get_close_matches(folded, candidates, n=8, cutoff=0.5)
    # A slip of one letter keeps the first one: `fe` is more likely `fr` than `ee`.
    same_start = [tag for tag in close if tag[:1] == folded[:1]]
    best = (same_start or close)[:1]
    return known[best[0]] if best else None


LanguageTag = Annotated[
    str,
    BeforeValidator(normal_tag),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"^{TAG_PATTERN}$",
            "patternErrorMessage": "a language tag such as fr, de-CH, en-US or el",
            "examples": ["fr", "de", "en-US", "es", "el"],
        }
    ),
]
