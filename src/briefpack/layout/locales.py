"""A language tag, a theme and a brief's label overrides to a resolved `Language`.

The words of each language are data: `locales/<tag>.yaml` (`fr.yaml`, `de.yaml`,
...), read with the same rules and positioned errors as layouts. A tag finds the
file of its own name first, then its language's (`fr-CA` -> `fr-CA.yaml`, then
`fr.yaml`). A language without a file prints the English labels and marks, and
says so once. Labels are applied in this order, each over the one before: the
language's file, a layout's `findings_title`-style keys it sets, the layout's
`labels:`, the brief's `labels:`. Each file is read once per process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, ValidationError

from briefpack.brief.language import LABELS, Labels
from briefpack.brief.model import Brief
from briefpack.brief.schema_errors import pydantic_diagnostics
from briefpack.brief.validation import ValidatedBrief
from briefpack.brief.yaml_source import Loc, read_yaml_file
from briefpack.common.diagnostics import BriefError, Diagnostic, Position, error, warning

from .theme import Flag, Theme

if TYPE_CHECKING:
    from .assets import Assets

#: Without `lang`, a brief is British English.
DEFAULT_TAG = "en-GB"
#: The language whose labels stand in for a language without a file.
FALLBACK = "en"


class LocaleFile(BaseModel):
    """One `locales/<tag>.yaml`: the language's name, quote marks and every label."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    quote_start: str
    quote_end: str
    french_spacing: Flag = False
    labels: Labels


@dataclass(frozen=True)
class Language:
    """What a render needs to know about the language of a brief or of one element."""

    tag: str
    #: Every label, filled from the language's file and the overrides.
    labels: Mapping[str, str] = field(compare=False)
    quote_start: str
    quote_end: str
    #: No-break spaces before ; : ! ? and inside « » (French).
    french_spacing: bool = False
    #: pyphen's dictionary for the language ("" none); None: the layout's `hyphenation`.
    hyphenation: str | None = None
    #: Whether `locales/` has a file for the language (else: English labels).
    has_labels: bool = True

    @property
    def babel_id(self) -> str:
        """The tag as Babel names locales: `fr_CA`."""
        return self.tag.replace("-", "_")

    def label(self, key: str, **values: str) -> str:
        """A label with its placeholders filled in (`{{` printed as `{`). A label that
        takes placeholders, asked for without values, is its template, for the caller
        to fill in (the footer's `Page {page} of {pages}`)."""
        if values or not LABELS[key][1]:
            return self.labels[key].format(**values)
        return self.labels[key]


def locale_files(folder: Path) -> dict[str, Path]:
    """The locale files in a folder, by lowercase tag."""
    if not folder.is_dir():
        return {}
    return {file.stem.lower(): file for file in sorted(folder.glob("*.yaml"))}


_LOCALES: dict[tuple[Path, int], LocaleFile] = {}


def load_locale(path: Path) -> LocaleFile:
    """One locale file, validated, kept per process (re-read if it changes)."""
    stat = path.stat()
    key = (path, hash((stat.st_mtime_ns, stat.st_size)))
    if key not in _LOCALES:
        document = read_yaml_file(path, str(path))
        try:
            locale = LocaleFile.model_validate(document.data)
        except ValidationError as invalid:
            raise BriefError(pydantic_diagnostics(invalid, document, LocaleFile)) from None
        missing = [key for key in LABELS if getattr(locale.labels, key) is None]
        if missing:
            raise BriefError(
                [
                    error(
                        f"labels: missing {', '.join(missing)} (every label must be given)",
                        document.position_of(("labels",), prefer_key=True),
                    )
                ]
            )
        _LOCALES[key] = locale
    return _LOCALES[key]


def find_locale(tag: str, folder: Path) -> LocaleFile | None:
    """The file for `tag`, or for its language, or None."""
    files = locale_files(folder)
    language = tag.split("-")[0].lower()
    for name in (tag.lower(), language):
        if name in files:
            return load_locale(files[name])
    return None


def resolve_language(
    tag: str | None,
    theme: Theme,
    assets: Assets,
    overrides: Labels | None = None,
) -> Language:
    """The language of a brief (or element) tagged `tag` (None: en-GB, the layout's
    hyphenation), in a theme, with the brief's label overrides."""
    folder = assets.locales_dir
    own = find_locale(tag or DEFAULT_TAG, folder)
    locale = own or find_locale(FALLBACK, folder)
    if locale is None:
        raise BriefError([error(f"no locale file for English ({FALLBACK}.yaml) in {folder}")])
    labels = dict(locale.labels.given())
    labels.update(_layout_titles(theme))
    if theme.labels is not None:
        labels.update(theme.labels.given())
    if overrides is not None:
        labels.update(overrides.given())
    return Language(
        tag=tag or DEFAULT_TAG,
        labels=MappingProxyType(labels),
        quote_start=locale.quote_start,
        quote_end=locale.quote_end,
        french_spacing=locale.french_spacing,
        hyphenation=None if tag is None else hyphenation_for(tag),
        has_labels=own is not None,
    )


def hyphenation_for(tag: str) -> str:
    """pyphen's dictionary name for a language tag, or "" if it has none."""
    import pyphen

    return pyphen.language_fallback(tag.replace("-", "_")) or ""


def _layout_titles(theme: Theme) -> dict[str, str]:
    """The headings a layout sets with its own keys (`findings_title: ...`)."""
    titles: dict[str, str] = {
        key: getattr(theme, key)
        for key in ("findings_title", "quotes_title", "sources_title")
        if key in theme.model_fields_set
    }
    if "title" in theme.timeline.model_fields_set:
        titles["timeline_title"] = theme.timeline.title
    return titles


def element_tags(brief: Brief) -> list[tuple[Loc, str]]:
    """The `lang` of each section, quote and source that has one, with its place."""
    found: list[tuple[Loc, str]] = []
    for block in ("sections", "quotes"):
        for i, element in enumerate(getattr(brief, block)):
            if element.lang:
                found.append(((block, i, "lang"), element.lang))
    for key, source in brief.sources.items():
        if source.lang:
            found.append((("sources", key, "lang"), source.lang))
    return found


def no_labels_warning(
    tag: str,
    position: Position | None,
    printed: str = "headings, footer, embargo",
    given: str = "under 'labels:'",
) -> Diagnostic:
    """The warning for a language `locales/` has no file for: English words. Without
    a position, the tag came from the command line's `--lang`."""
    return warning(
        f"{'' if position else '--lang: '}no labels for '{tag}' in locales/: the words "
        f"briefpack prints ({printed}) will be in English",
        position,
        f"give them {given}, or add locales/{tag}.yaml",
    )


def language_warnings(
    validated: ValidatedBrief, language: Language, others: Mapping[str, Language]
) -> list[Diagnostic]:
    """Once per language: no labels for the brief's language, no hyphenation patterns."""
    document = validated.document
    warned: list[Diagnostic] = []
    if validated.brief.lang and not language.has_labels:
        warned.append(no_labels_warning(language.tag, document.position_of(("lang",))))
    places = [(("lang",), language.tag)] if validated.brief.lang else []
    seen: set[str] = set()
    for loc, tag in [*places, *element_tags(validated.brief)]:
        spoken = language if tag == language.tag else others.get(tag)
        if spoken is None or spoken.hyphenation != "" or tag in seen:
            continue
        seen.add(tag)
        warned.append(
            warning(
                f"no hyphenation patterns for '{tag}': text in it is not hyphenated",
                document.position_of(loc),
            )
        )
    return warned
