"""A layout's plain data to a resolved, frozen `Theme` (units in points, parents applied).

A layout file says everything visual: page size and margins, columns, fonts,
colours, the type styles, the summary box and timeline table, the order of the
blocks and where footnotes go. Rendering code asks the theme for a style by name
(`summary.title`) and never hard-codes a size or a colour.
"""

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr

from briefpack.brief.language import Labels

from .colours import ColourModel, colour_components
from .families import FAMILIES
from .values import (
    PAGE_SIZES,
    UNITS,
    Colour,
    Columns,
    Flag,
    Leading,
    Length,
    PageSize,
    TypeSize,
)

__all__ = ["PAGE_SIZES", "UNITS", "Flag", "Page", "TextStyle", "Theme"]

Block = Literal["summary", "findings", "sections", "quotes", "timeline"]
BLOCKS: tuple[Block, ...] = ("summary", "findings", "sections", "quotes", "timeline")

#: Every style the renderer uses; a layout must define each one (directly or by `extends`).
STYLE_NAMES = (
    "masthead.banner",
    "masthead.embargo",
    "masthead.kicker",
    "masthead.title",
    "masthead.subtitle",
    "masthead.meta",
    "summary.title",
    "summary.text",
    "summary.point",
    "heading",
    "finding.number",
    "finding.verdict",
    "finding.text",
    "body",
    "quote.text",
    "quote.attribution",
    "figure.caption",
    "timeline.head",
    "timeline.date",
    "timeline.event",
    "footnote",
    "sources.entry",
    "header",
    "footer",
)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(Model):
    size: PageSize = "A4"
    margin_top: Length
    margin_bottom: Length
    #: One-sided pages; `facing` pages use `margin_inside` and `margin_outside` instead.
    margin_left: Length | None = None
    margin_right: Length | None = None
    facing: Flag = False
    margin_inside: Length | None = None
    margin_outside: Length | None = None
    columns: Columns = 1
    column_gap: Length = 0.0
    header_gap: Length = 0.0
    footer_gap: Length = 0.0
    #: How far backgrounds may run past the trimmed page; the PDF's BleedBox.
    bleed: Length = 0.0
    crop_marks: Flag = False
    #: End the columns of a brief's last page at one height (default: on with columns).
    balance_last_page: Flag | None = None

    @property
    def balances_last_page(self) -> bool:
        """Whether the columns of a brief's last page end at one height."""
        wanted = self.columns > 1 if self.balance_last_page is None else self.balance_last_page
        return wanted and self.columns > 1

    @property
    def width_height(self) -> tuple[float, float]:
        """The finished (trimmed) page size."""
        return PAGE_SIZES[self.size] if isinstance(self.size, str) else self.size

    def side_margins(self, page: int = 1) -> tuple[float, float]:
        """(left, right) margins of page number `page`. On facing pages an odd page
        is a right-hand page, with the inside margin on its left."""
        if not self.facing:
            return self.margin_left or 0.0, self.margin_right or 0.0
        inside, outside = self.margin_inside or 0.0, self.margin_outside or 0.0
        return (inside, outside) if page % 2 else (outside, inside)


class TextStyle(Model):
    """A paragraph style. Every field is optional until parents are applied."""

    parent: str | None = None
    font: str | None = None
    bold: Flag | None = None
    italic: Flag | None = None
    size: TypeSize | None = None
    leading: Leading | None = None
    color: str | None = None
    align: Literal["left", "right", "center", "justify"] | None = None
    space_before: Length | None = None
    space_after: Length | None = None
    first_indent: Length | None = None
    left_indent: Length | None = None
    upper: Flag | None = None
    hyphenate: Flag | None = None
    #: Ragged lines of about one length (display text: titles, pull quotes).
    balance: Flag | None = None


class SummaryBox(Model):
    fill: str
    rule: str
    rule_width: Length = 0.0
    bar_width: Length = 0.0
    padding: Length = 8.0
    space_after: Length = 12.0


class TimelineTable(Model):
    title: str = "Timeline"
    date_width: Length
    header_fill: str
    header_rule: str
    zebra_fill: str
    rule: str
    rule_width: Length = 0.25
    padding: Length = 4.0
    header_rule_width: Length = 0.8


class PullQuote(Model):
    rule: str
    rule_width: Length = 1.5
    mark_color: str
    indent: Length = 0.0
    space: Length = 10.0
    padding: Length = 12.0  # between the rule and the text


class Masthead(Model):
    banner_fill: str
    embargo_fill: str
    rule: str
    rule_width: Length = 0.75
    space_after: Length = 12.0
    band_space_after: Length = 10.0  # below the classification and embargo bands
    band_padding: Length = 5.0  # inside each band, above and below its text
    band_gap: Length = 4.0  # below each band
    rule_space_before: Length = 6.0  # above the rule under the masthead


class Running(Model):
    """The running header and footer drawn on every page."""

    rule: str
    rule_width: Length = 0.4
    first_page_header: Flag = False


class FootnoteArea(Model):
    rule: str
    rule_width: Length = 0.5
    rule_length: Length = 60.0
    gap: Length = 6.0
    note_space: Length = 1.5


class Theme(Model):
    """A validated layout with its styles resolved: what the renderer reads."""

    name: str = ""
    description: str
    page: Page
    fonts: dict[str, str]
    #: Whether the PDF's colours are RGB (screens) or CMYK (print).
    color_model: ColourModel = "rgb"
    colors: dict[str, Colour]
    hyphenation: str | None = None
    footnotes: Literal["page", "end"] = "page"
    blocks: tuple[Block, ...] = BLOCKS
    quotes: Literal["interleave", "block"] = "interleave"
    findings_title: str = "Key findings"
    quotes_title: str = "Key quotes"
    sources_title: str = "Sources"
    #: Words the layout prints differently from the language's file (see locales/).
    labels: Labels | None = None
    styles: dict[str, TextStyle]
    summary_box: SummaryBox
    timeline: TimelineTable
    pull_quote: PullQuote
    masthead: Masthead
    running: Running
    footnote_area: FootnoteArea
    #: Rendering modules keep what they derive from the theme here (e.g. paragraph styles).
    _derived: dict[str, Any] = PrivateAttr(default_factory=dict)

    def derived(self, name: str, make: Callable[[], Any]) -> Any:
        """A value made from this theme once and kept with it."""
        if name not in self._derived:
            self._derived[name] = make()
        return self._derived[name]

    def colour(self, name: str) -> str:
        return self.colors[name]

    def colour_components(self, name: str) -> tuple[float, ...]:
        """A named colour in the layout's colour model: (r, g, b) or (c, m, y, k)."""
        return colour_components(self.colors[name], self.color_model)

    def family(self, style: TextStyle) -> str:
        return self.fonts.get(style.font or "", style.font or "")


Loc = tuple[str | int, ...]


def theme_problems(theme: Theme) -> list[tuple[Loc, str]]:
    """What is wrong with a layout beyond its types: each with the place it was written."""
    problems: list[tuple[Loc, str]] = _margin_problems(theme.page)
    if theme.hyphenation is not None:
        import pyphen

        if theme.hyphenation not in pyphen.LANGUAGES:
            problems.append(
                (
                    ("hyphenation",),
                    f"no hyphenation dictionary for '{theme.hyphenation}': "
                    "use a code such as en_GB, en_US, de_DE or fr_FR",
                )
            )
    for role, family in theme.fonts.items():
        if family not in FAMILIES:
            known = ", ".join(sorted(FAMILIES))
            problems.append((("fonts", role), f"'{family}' is not a bundled family ({known})"))
    for name in STYLE_NAMES:
        if name not in theme.styles:
            problems.append(
                (("styles",), f"missing style '{name}' (the renderer needs every style)")
            )
    for name, style in theme.styles.items():
        if style.parent is not None and style.parent not in theme.styles:
            problems.append((("styles", name, "parent"), f"'{style.parent}' is not a style"))
    if problems:
        return problems
    for name in theme.styles:
        try:
            style = _resolve_style(name, theme.styles, ())
        except ValueError as loop:
            problems.append((("styles", name, "parent"), str(loop)))
            continue
        for field in ("font", "size", "leading", "color"):
            if getattr(style, field) is None:
                problems.append(
                    (("styles", name), f"style '{name}' needs '{field}' (or a parent that has it)")
                )
        # Names are checked where they are written, not in every style that inherits them.
        own = theme.styles[name]
        if own.font is not None and own.font not in theme.fonts and own.font not in FAMILIES:
            problems.append(
                (
                    ("styles", name, "font"),
                    f"'{own.font}' is neither a role in fonts: nor a family",
                )
            )
        if own.color is not None and own.color not in theme.colors:
            problems.append(
                (("styles", name, "color"), f"no colour named '{own.color}' in colors:")
            )
    for loc, colour in _colour_refs(theme):
        if colour not in theme.colors:
            problems.append((loc, f"no colour named '{colour}' in colors:"))
    return problems


def _margin_problems(page: Page) -> list[tuple[Loc, str]]:
    """Side margins: left and right, or inside and outside on facing pages."""
    if page.facing:
        return [
            (("page", "facing"), f"facing pages need '{name}' (the {side} margin)")
            for name, side in (("margin_inside", "binding"), ("margin_outside", "outer"))
            if getattr(page, name) is None
        ]
    problems: list[tuple[Loc, str]] = [
        (("page", name), f"'{name}' is for facing pages: add 'facing: true', or remove it")
        for name in ("margin_inside", "margin_outside")
        if getattr(page, name) is not None
    ]
    problems += [
        (("page",), f"page needs '{name}' (or facing: true with margin_inside and margin_outside)")
        for name in ("margin_left", "margin_right")
        if getattr(page, name) is None
    ]
    return problems


def resolve_styles(theme: Theme) -> Theme:
    """The same theme with every style's parents applied (call after `theme_problems`)."""
    styles = {name: _resolve_style(name, theme.styles, ()) for name in theme.styles}
    resolved = theme.model_copy(update={"styles": styles})
    resolved._derived = {}
    return resolved


def _resolve_style(name: str, styles: dict[str, TextStyle], seen: tuple[str, ...]) -> TextStyle:
    style = styles[name]
    if style.parent is None:
        return style
    if style.parent in seen or style.parent == name:
        raise ValueError(f"the parents of style '{name}' form a loop")
    base = _resolve_style(style.parent, styles, (*seen, name))
    own = style.model_dump(exclude_none=True, exclude={"parent"})
    return base.model_copy(update={**own, "parent": None})


def _colour_refs(theme: Theme) -> list[tuple[Loc, str]]:
    refs: list[tuple[Loc, str]] = []
    refs += [(("summary_box", f), getattr(theme.summary_box, f)) for f in ("fill", "rule")]
    refs += [
        (("timeline", f), getattr(theme.timeline, f))
        for f in ("header_fill", "header_rule", "zebra_fill", "rule")
    ]
    refs += [(("pull_quote", f), getattr(theme.pull_quote, f)) for f in ("rule", "mark_color")]
    refs += [
        (("masthead", f), getattr(theme.masthead, f))
        for f in ("banner_fill", "embargo_fill", "rule")
    ]
    refs += [
        (("running", "rule"), theme.running.rule),
        (("footnote_area", "rule"), theme.footnote_area.rule),
    ]
    return refs
