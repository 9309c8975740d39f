"""A pack file (or a list of brief paths) to checked briefs in one layout, and the
facts a pack's cover states: the strictest classification, the latest embargo,
each story's one-line summary.

A pack file is YAML:

    title: Morning briefing        # required
    date: 2021-03-30               # optional: default, the latest brief's date
    layout: print                  # optional: default, standard
    lang: fr                       # optional: default, the first brief's language
    briefs:                        # paths relative to the pack file; at least one
      - ../briefs/clapham.yaml

Every brief is checked before anything is drawn, and the errors of all of them
are reported together, each at its own file:line:col.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from briefpack import __version__
from briefpack.brief.inline import plain_words
from briefpack.brief.language import normal_tag
from briefpack.brief.schema_errors import did_you_mean, pydantic_diagnostics
from briefpack.brief.yaml_source import read_yaml_file
from briefpack.common.diagnostics import BriefError, Diagnostic, Position, error
from briefpack.layout.loader import available_layouts
from briefpack.layout.locales import no_labels_warning, resolve_language
from briefpack.pipeline import Assets, CheckedBrief, check_brief, language_script_warnings
from briefpack.render.checked import CheckedPack

#: Keywords of a classification, strictest first: a classification ranks by the
#: strictest keyword it contains (as a whole word, in any case). One with none of
#: them ranks above no classification at all.
CLASSIFICATION_RANKS: tuple[tuple[str, int], ...] = (
    ("SECRET", 5),
    ("CONFIDENTIAL", 4),
    ("RESTRICTED", 4),
    ("NOT FOR PUBLICATION", 3),
    ("EMBARGOED", 3),
    ("FOR EDITORS", 2),
)
DEFAULT_LAYOUT = "standard"


class PackFile(BaseModel):
    """A briefing pack: several briefs bound into one PDF."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, description="The pack's title, on its cover.")
    date: dt.date | None = Field(None, description="The pack's date (default: the latest brief's).")
    briefs: list[str] = Field(min_length=1, description="Brief files, relative to the pack file.")
    layout: str | None = Field(None, description="Layout of the whole pack (default: standard).")
    lang: str | None = Field(
        None, description="Language of the cover and contents (default: the first brief's)."
    )


@dataclass(frozen=True)
class PackSpec:
    """What to bind: the title, the date (None: the latest brief's), the briefs
    (with where the pack file names each), and the layout (None: standard)."""

    title: str
    date: dt.date | None
    briefs: tuple[Path, ...]
    layout: str | None = None
    positions: tuple[Position | None, ...] = ()
    layout_position: Position | None = None
    #: The language of the pack's own pages (None: the first brief's).
    lang: str | None = None
    lang_position: Position | None = None


def read_pack_file(path: Path, shown: str, assets: Assets) -> PackSpec:
    """The pack a pack file describes. Raises BriefError, with positions."""
    document = read_yaml_file(path, shown, assets.limits)
    if not isinstance(document.data, dict):
        raise BriefError(
            [
                error(
                    "a pack file is a set of keys: title, date, briefs, layout",
                    Position(shown, 1, 1),
                )
            ]
        )
    if "briefs" not in document.data and "summary" in document.data:
        raise BriefError(
            [
                error(
                    "this is a brief, not a pack file",
                    Position(shown, 1, 1),
                    "give the pack a --title to bind briefs into it",
                )
            ]
        )
    try:
        pack = PackFile.model_validate(document.data)
    except ValidationError as invalid:
        raise BriefError(pydantic_diagnostics(invalid, document, PackFile)) from None
    folder = path.parent
    briefs = tuple(folder / name for name in pack.briefs)
    positions = tuple(document.position_of(("briefs", i)) for i in range(len(briefs)))
    missing = [
        error(f"no such brief file: {name}", position)
        for name, brief, position in zip(pack.briefs, briefs, positions, strict=True)
        if not brief.is_file()
    ]
    if missing:
        raise BriefError(missing)
    layout_position = document.position_of(("layout",)) if pack.layout else None
    lang_position = document.position_of(("lang",)) if pack.lang else None
    return PackSpec(
        pack.title,
        pack.date,
        briefs,
        pack.layout,
        positions,
        layout_position,
        pack.lang,
        lang_position,
    )


def check_pack(spec: PackSpec, assets: Assets, shown: list[str] | None = None) -> CheckedPack:
    """Every brief of the pack checked in the pack's layout; one BriefError with the
    problems of all of them (each at its own place) if any fails."""
    layout = spec.layout or DEFAULT_LAYOUT
    tag = _pack_tag(spec)
    known = available_layouts(assets.layout_dirs)
    if layout not in known:
        close = did_you_mean(layout, known)
        hint = (
            f"did you mean '{close}'?" if close else f"the layouts are {', '.join(sorted(known))}"
        )
        raise BriefError([error(f"unknown layout '{layout}'", spec.layout_position, hint)])
    problems: list[Diagnostic] = []
    checked: list[CheckedBrief] = []
    for i, path in enumerate(spec.briefs):
        try:
            checked.append(check_brief(path, assets, layout, shown[i] if shown else None))
        except BriefError as invalid:
            problems += invalid.diagnostics
    if problems:
        raise BriefError(problems)
    briefs = [one.validated.brief for one in checked]
    # The pack's words: its language's and its layout's, never one brief's `labels:`.
    language = resolve_language(tag or briefs[0].lang, checked[0].theme, assets)
    spoken: list[Diagnostic] = []
    if tag and not language.has_labels:
        printed = "the pack's cover, contents, header and footer"
        given = "under the layout's 'labels:'"
        spoken.append(no_labels_warning(tag, spec.lang_position, printed, given))
    if tag:
        spoken += language_script_warnings(tag, checked[0].theme, assets, spec.lang_position)
    date = spec.date or max(brief.date for brief in briefs)
    digest = hashlib.sha256(
        b"\0".join(
            [
                b"pack",
                spec.title.encode(),
                date.isoformat().encode(),
                layout.encode(),
                __version__.encode(),
                *(one.digest.encode() for one in checked),
                *([b"lang", tag.encode()] if tag else []),
            ]
        )
    ).hexdigest()
    return CheckedPack(
        title=spec.title,
        date=date,
        layout=layout,
        briefs=tuple(checked),
        classification=strictest_classification(brief.classification for brief in briefs),
        embargo=max((brief.embargo for brief in briefs if brief.embargo), default=None),
        digest=digest,
        warnings=(*spoken, *(warning for one in checked for warning in one.warnings)),
        language=language,
    )


def _pack_tag(spec: PackSpec) -> str | None:
    """The pack's own language tag, checked (None: the first brief's)."""
    if spec.lang is None:
        return None
    try:
        return normal_tag(spec.lang)
    except PydanticCustomError as wrong:
        where = "lang" if spec.lang_position else "--lang"
        raise BriefError([error(f"{where}: {wrong.message()}", spec.lang_position)]) from None


def classification_rank(classification: str | None) -> int:
    """0 for none; else the rank of the strictest keyword in it (1 if none)."""
    if not classification or not classification.strip():
        return 0
    words = " ".join(re.findall(r"[A-Z0-9]+", classification.upper()))
    ranks = [rank for keyword, rank in CLASSIFICATION_RANKS if re.search(rf"\b{keyword}\b", words)]
    return max(ranks, default=1)


def strictest_classification(classifications: Iterable[str | None]) -> str:
    """The strictest of the classifications (the first of equally strict ones), or ""."""
    listed = [text or "" for text in classifications]
    if not listed:
        return ""
    return max(listed, key=classification_rank)


def pack_slug(title: str) -> str:
    """A file name for a pack, from its title."""
    return re.sub(r"[^a-z0-9]+", "-", plain_words(title).lower()).strip("-") or "pack"
