"""A colour as a layout writes it to one checked spelling, and to the fractions of
a colour model.

Layouts write colours as `#rrggbb` or as `cmyk(c, m, y, k)`, each ink a fraction
from 0 to 1. A layout's `color_model` (rgb or cmyk) decides what the PDF uses; a
colour written in the other notation is converted with the simple formula, with
no colour profile.
"""

from __future__ import annotations

import re
from typing import Literal

ColourModel = Literal["rgb", "cmyk"]

_INK = r"\s*(\d+(?:\.\d*)?|\.\d+)\s*"
_CMYK = re.compile(rf"cmyk\({_INK},{_INK},{_INK},{_INK}\)", re.IGNORECASE)


def normal_colour(text: str) -> str:
    """A colour as written in a layout, checked and in one spelling: '#rrggbb', or
    'cmyk(c, m, y, k)' with each ink a fraction from 0 to 1 ('cmyk(0, 0.6, 1, 0.1)').
    Raises ValueError, in words for the person who wrote it."""
    text = text.strip()
    if re.fullmatch(r"#[0-9A-Fa-f]{6}", text):
        return text.lower()
    match = _CMYK.fullmatch(text)
    if match is None:
        cmyk = "cmyk(c, m, y, k) with each ink from 0 to 1, e.g. cmyk(1, 0.6, 0, 0.3)"
        if text.startswith("#"):
            how = "#RRGGBB, e.g. #1f3a5f"
        elif text.lower().startswith("cmyk"):
            how = cmyk
        else:
            how = f"#RRGGBB, e.g. #1f3a5f, or as {cmyk}"
        raise ValueError(f"'{text}' is not a colour: write it as {how}")
    inks = [float(ink) for ink in match.groups()]
    if any(ink > 1 for ink in inks):
        raise ValueError(
            f"'{text}': each ink of a cmyk() colour is a fraction from 0 to 1 "
            "(write 60% as 0.6), e.g. cmyk(1, 0.6, 0, 0.3)"
        )
    return "cmyk({})".format(", ".join(f"{ink:g}" for ink in inks))


def colour_components(value: str, model: ColourModel) -> tuple[float, ...]:
    """A validated colour as fractions in `model`: (r, g, b) or (c, m, y, k).

    A colour written in the other model is converted with the simple formula
    (no colour profile): fine for a draft, but a print layout should give its
    colours in CMYK, as the printer will use them."""
    match = _CMYK.fullmatch(value)
    if match is None:
        rgb = tuple(int(value[i : i + 2], 16) / 255 for i in (1, 3, 5))
        if model == "rgb":
            return rgb
        black = 1 - max(rgb)
        if black >= 1:
            return (0.0, 0.0, 0.0, 1.0)
        return (*(round((1 - part - black) / (1 - black), 4) for part in rgb), round(black, 4))
    cyan, magenta, yellow, black = (float(ink) for ink in match.groups())
    if model == "cmyk":
        return (cyan, magenta, yellow, black)
    return tuple(round((1 - ink) * (1 - black), 4) for ink in (cyan, magenta, yellow))
