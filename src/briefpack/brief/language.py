"""A `lang` value to a checked BCP 47 language tag, and a `labels:` mapping to `Labels`.

A tag is known when CLDR (through Babel) has data for it: `fr`, `fr-CA`, `de-CH`,
`en-US`, `el`, `sr-Latn`. It is written as CLDR writes it (`en-GB`, not `en_gb`, so
that the JSON Schema's list of tags accepts exactly what briefpack accepts), and an
unknown or malformed tag is refused with the closest known tag.

`Labels` names every word briefpack itself prints (headings, the footer, the
embargo line, the pack's cover). Each language's words live in `locales/<tag>.yaml`;
a layout or a brief may override any of them with a `labels:` mapping of the same
keys. A label may hold `{placeholders}`, and only the ones its key lists.
"""

import difflib
import re
from collections.abc import Mapping
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

from briefpack.common.templates import unknown_field

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
    "mail_embargo": (
        "The embargo at the end of an e-mail's subject (briefpack send).",
        ("time", "zone", "date"),
    ),
    "mail_copy_for": (
        "The end of an e-mail's text: whose copy is attached (briefpack send).",
        ("file", "recipient"),
    ),
}


def label_problem(key: str, text: str) -> str | None:
    """What is wrong with the text of label `key`, or None."""
    allowed = LABELS[key][1]
    try:
        written = unknown_field(text, allowed)
    except ValueError:
        return f"'{text}' has an unmatched {{ or }} (write {{{{ or }}}} for a brace)"
    if written is not None:
        can = ", ".join(f"{{{item}}}" for item in allowed) or "no placeholders"
        return f"'{{{written}}}' is not a placeholder of {key} (it takes {can})"
    return None


def label_pattern(key: str) -> str:
    """The JSON Schema pattern of label `key`: some text, braces doubled, and only
    its own placeholders."""
    names = "|".join(LABELS[key][1])
    placeholder = rf"|\{{({names})\}}" if names else ""
    return rf"^(?=[\s\S]*\S)([^{{}}]|\{{\{{|\}}\}}{placeholder})*$"


def _label(key: str) -> Any:
    """A label's field: its description, and its pattern for the JSON Schema."""
    pattern = label_pattern(key)
    return Field(None, description=LABELS[key][0], json_schema_extra={"pattern": pattern})


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

    summary_title: LabelText | None = _label("summary_title")
    findings_title: LabelText | None = _label("findings_title")
    quotes_title: LabelText | None = _label("quotes_title")
    timeline_title: LabelText | None = _label("timeline_title")
    timeline_date: LabelText | None = _label("timeline_date")
    timeline_event: LabelText | None = _label("timeline_event")
    sources_title: LabelText | None = _label("sources_title")
    desk: LabelText | None = _label("desk")
    prepared_by: LabelText | None = _label("prepared_by")
    embargo: LabelText | None = _label("embargo")
    page: LabelText | None = _label("page")
    prepared_for: LabelText | None = _label("prepared_for")
    picture: LabelText | None = _label("picture")
    pack_kicker: LabelText | None = _label("pack_kicker")
    pack_in_this_pack: LabelText | None = _label("pack_in_this_pack")
    pack_contents: LabelText | None = _label("pack_contents")
    pack_stories_one: LabelText | None = _label("pack_stories_one")
    pack_stories_other: LabelText | None = _label("pack_stories_other")
    pack_subject: LabelText | None = _label("pack_subject")
    mail_embargo: LabelText | None = _label("mail_embargo")
    mail_copy_for: LabelText | None = _label("mail_copy_for")

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

    identifiers = set(locale_identifiers()) - {"root"}
    tags = (identifier.replace("_", "-") for identifier in identifiers | _short_tags(identifiers))
    return {tag.lower(): tag for tag in sorted(tags)}


def _short_tags(identifiers: set[str]) -> set[str]:
    """The tags that leave out a script CLDR's likely subtags supply, for the locales
    that name one: `zh_TW` (`zh_Hant_TW`), `zh_CN` (`zh_Hans_CN`), `sr_RS` (`sr_Cyrl_RS`)."""
    from babel.core import get_global

    likely: Mapping[str, str] = get_global("likely_subtags")
    short = set()
    for identifier in identifiers:
        parts = identifier.split("_")
        if len(parts) != 3 or len(parts[1]) != 4:
            continue
        language, script, region = parts
        guess = likely.get(f"{language}_{region}") or likely.get(language, "")
        if guess.split("_")[1:2] == [script] and f"{language}_{region}" not in identifiers:
            short.add(f"{language}_{region}")
    return short


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """English names of languages to their tags: {'french': 'fr', ...}."""
    from babel import Locale

    names = Locale.parse("en").languages
    known = known_tags()
    return {name.lower(): code for code, name in names.items() if code.lower() in known}


def normal_tag(value: Any) -> str:
    """A known tag as written (`fr-CA`), or a PydanticCustomError naming the closest."""
    text = _label_text(value)
    known = known_tags()
    if re.fullmatch(TAG_PATTERN, text):
        tag = known.get(text.replace("_", "-").lower())
        if tag == text:
            return tag
        if tag:
            raise PydanticCustomError("language_tag", f"'{text}' is written '{tag}'")
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
    # An old code of a language (`iw` for Hebrew): the code that replaced it.
    alias = get_global("language_aliases").get(folded.replace("-", "_"), "")
    if alias.replace("_", "-").lower() in known:
        return known[alias.replace("_", "-").lower()]
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


def likely_script(tag: str) -> str | None:
    """The ISO 15924 code of the script a tag is written in: its own script subtag,
    else CLDR's likely one (`ja` -> `Jpan`, `sr` -> `Cyrl`, `sr-Latn` -> `Latn`)."""
    from babel.core import get_global

    parts = tag.split("-")
    written = [part for part in parts[1:] if len(part) == 4 and part.isalpha()]
    if written:
        return written[0].title()
    likely: Mapping[str, str] = get_global("likely_subtags")
    for key in ("_".join(parts), parts[0]):
        full = likely.get(key, "").split("_")
        if len(full) > 1 and len(full[1]) == 4:
            return full[1]
    return None


#: The tags CLDR knows are listed once in the JSON Schema: `brief.schema` puts a
#: reference to that list wherever this mark is.
TAG_MARK = "x-language-tag"
LanguageTag = Annotated[
    str,
    BeforeValidator(normal_tag),
    WithJsonSchema({TAG_MARK: True}),
]


def tag_schema() -> dict[str, Any]:
    """The JSON Schema of a language tag: one of CLDR's."""
    return {
        "type": "string",
        "enum": sorted(known_tags().values()),
        "description": "A BCP 47 language tag that CLDR has data for, such as fr, de-CH, "
        "en-US or el.",
    }
