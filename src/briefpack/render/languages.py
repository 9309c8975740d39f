"""A brief's language and its elements' own to styles, labels and tagged flowables.

A quote, a section or a source may carry its own `lang` (a French minister quoted
in an English brief): its paragraphs are hyphenated with that language's patterns,
spaced and quoted as it writes, and carry its tag in a `lang` attribute, which the
tagged PDF turns into the element's `/Lang`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from briefpack.layout.locales import Language
from briefpack.layout.theme import Theme

from .styles import paragraph_styles

FlowableT = TypeVar("FlowableT", bound=Flowable)


class InLanguage:
    """What a story builder knows of languages: the brief's, and the others by tag."""

    theme: Theme
    styles: dict[str, ParagraphStyle]
    language: Language
    element_languages: Mapping[str, Language]

    def style(self, name: str, lang: Language | None = None) -> ParagraphStyle:
        """A style, hyphenated in the language of an element that has its own."""
        if lang is None:
            return self.styles[name]
        return paragraph_styles(self.theme, lang.hyphenation)[name]

    def language_of(self, tag: str | None) -> Language | None:
        """The language of an element tagged `tag`, if it is not the brief's."""
        if tag is None or tag == self.language.tag:
            return None
        return self.element_languages.get(tag)

    def label(self, key: str, **values: str) -> str:
        """A word briefpack prints, in the brief's language."""
        return self.language.label(key, **values)


def tagged(flowable: FlowableT, lang: Language | None) -> FlowableT:
    """The flowable, marked with the language of an element that has its own: its
    `lang` attribute (a tag such as `fr`), for the tagged PDF's `/Lang`."""
    if lang is not None:
        flowable.lang = lang.tag
    return flowable


def default_language(theme: Theme) -> Language:
    """British English, with the theme's labels, from the locales shipped with briefpack."""
    from briefpack.layout.assets import package_assets
    from briefpack.layout.locales import resolve_language

    return resolve_language(None, theme, package_assets())
