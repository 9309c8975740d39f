"""A theme to ReportLab's paragraph styles and colours.

Every named style of a layout becomes one `ParagraphStyle`, made once per theme
(paragraphs keep their parsed markup by style, so the same objects serve every
render); named colours become ReportLab colours, in the layout's colour model.
"""

from __future__ import annotations

from reportlab.lib.colors import CMYKColor, Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from briefpack.layout.families import FAMILIES
from briefpack.layout.theme import TextStyle, Theme

ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}


def paragraph_styles(theme: Theme, hyphenation: str | None = None) -> dict[str, ParagraphStyle]:
    """ParagraphStyles for every theme style, made once per theme: hyphenated with
    the layout's dictionary, or with `hyphenation` (a language's; "" for none)."""
    if hyphenation == theme.hyphenation:
        hyphenation = None

    def make() -> dict[str, ParagraphStyle]:
        return {
            name: _paragraph_style(name, style, theme, hyphenation)
            for name, style in theme.styles.items()
        }

    key = "paragraph_styles" if hyphenation is None else f"paragraph_styles:{hyphenation}"
    styles: dict[str, ParagraphStyle] = theme.derived(key, make)
    return styles


def _paragraph_style(
    name: str, style: TextStyle, theme: Theme, hyphenation: str | None
) -> ParagraphStyle:
    if hyphenation is None:
        hyphenation = theme.hyphenation or ""
    family = FAMILIES[theme.family(style)]
    made = ParagraphStyle(
        name,
        fontName=family.face(bool(style.bold), bool(style.italic)),
        fontSize=style.size,
        leading=style.leading,
        bulletFontName=family.face(bool(style.bold), bool(style.italic)),
        bulletFontSize=style.size,
        textColor=colour(theme, style.color or ""),
        alignment=ALIGN[style.align or "left"],
        spaceBefore=style.space_before or 0,
        spaceAfter=style.space_after or 0,
        firstLineIndent=style.first_indent or 0,
        leftIndent=style.left_indent or 0,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
        uriWasteReduce=0.3,
        hyphenationLang=hyphenation if style.hyphenate else "",
        # 0: ReportLab 5 drops an explicit hyphen when a paragraph split at it is
        # wrapped again (tables wrap cells more than once): "heavy-handed" became
        # "heavyhanded". Dictionary hyphenation still applies.
        embeddedHyphenation=0,
    )
    made.balance = bool(style.balance)  # read by `paragraphs.Para`
    # A word too wide for a line is hyphenated in every style (`breaking`).
    made.long_words = hyphenation
    return made


def colour(theme: Theme, name: str) -> Color:
    """A named colour of the theme as ReportLab draws it: CMYK in a cmyk layout."""
    if theme.color_model == "rgb" and theme.colour(name).startswith("#"):
        return HexColor(theme.colour(name))
    parts = theme.colour_components(name)
    return CMYKColor(*parts) if len(parts) == 4 else Color(*parts)


def markup_colour(theme: Theme, name: str) -> str:
    """A named colour as paragraph markup's `color=` reads it, in CSS notation:
    `rgb(29,53,87)` or `cmyk(0,0.1,0.2,0.9)`. ReportLab reads that form first; a
    `#1d3557` goes through two Python-literal parsers before it is tried as hex,
    which made colour attributes (every footnote marker and link) a few per cent
    of a render. Both give the same colour."""
    parts = theme.colour_components(name)
    if len(parts) == 4:
        return "cmyk({})".format(",".join(f"{part:g}" for part in parts))
    return "rgb({})".format(",".join(str(round(part * 255)) for part in parts))


def paper_colour(theme: Theme) -> Color:
    """The colour of the paper: the layout's `paper`, or white."""
    if "paper" in theme.colors:
        return colour(theme, "paper")
    return CMYKColor(0, 0, 0, 0) if theme.color_model == "cmyk" else HexColor("#ffffff")


def cell_padding(vertical: float, horizontal: float) -> list[tuple[object, ...]]:
    """Table style commands that pad every cell."""
    return [
        ("TOPPADDING", (0, 0), (-1, -1), vertical),
        ("BOTTOMPADDING", (0, 0), (-1, -1), vertical),
        ("LEFTPADDING", (0, 0), (-1, -1), horizontal),
        ("RIGHTPADDING", (0, 0), (-1, -1), horizontal),
    ]
