"""What the render stage takes: briefs that passed every check, each in the theme
it is laid out in and with its figures loaded (`pipeline.check_brief` makes one,
`distribute.pack.check_pack` binds several into a pack)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from briefpack.brief.figures import FigureImage
from briefpack.brief.validation import ValidatedBrief
from briefpack.common.diagnostics import Diagnostic
from briefpack.layout.locales import Language
from briefpack.layout.theme import Theme


@dataclass(frozen=True)
class CheckedBrief:
    """A brief that passed every check `render` makes, ready to lay out."""

    validated: ValidatedBrief
    theme: Theme
    figures: dict[str, FigureImage]
    warnings: tuple[Diagnostic, ...]
    digest: str
    #: The brief's language (None: en-GB), and its elements' own, by tag.
    language: Language | None = None
    element_languages: Mapping[str, Language] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckedPack:
    """A pack whose briefs all passed every check, ready to lay out."""

    title: str
    date: dt.date
    layout: str
    briefs: tuple[CheckedBrief, ...]
    classification: str
    embargo: dt.datetime | None
    digest: str
    warnings: tuple[Diagnostic, ...]
    #: The language of the cover, the contents and the running header and footer.
    language: Language | None = None
