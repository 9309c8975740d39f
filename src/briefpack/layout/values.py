"""The scalars a layout writes to typed values: lengths, type sizes, numbers, flags,
colours, the page size and the number of columns.

Every scalar arrives as the text the designer typed (see `yaml_source`); each
function here turns it into a value or raises a pydantic error whose message says
what is wrong and how to write it. `theme` puts them on the fields of the layout.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from .colours import normal_colour

UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
PAGE_SIZES = {
    "A4": (595.2756, 841.8898),
    "A5": (419.5276, 595.2756),
    "Letter": (612.0, 792.0),
    "Legal": (612.0, 1008.0),
}
#: Type sizes in points: smaller cannot be read, larger fits no page's column.
SMALLEST_SIZE = 4.0
LARGEST_SIZE = 144.0
MOST_COLUMNS = 3


def length(value: Any) -> float:
    """'20mm', '0.5in', '10pt' or '10' (points) to points."""
    text = str(value).strip()
    match = re.fullmatch(r"(-?)(\d+(?:\.\d+)?)\s*(pt|mm|cm|in)?", text)
    if not match:
        raise PydanticCustomError(
            "length", f"'{text}' is not a length: write a number with pt, mm, cm or in, e.g. 20mm"
        )
    if match.group(1) and float(match.group(2)):
        raise PydanticCustomError(
            "length_negative", f"'{text}' is less than nothing: a length is 0 or more"
        )
    return float(match.group(2)) * UNITS[match.group(3) or "pt"]


def number(value: Any) -> float:
    text = str(value).strip()
    try:
        return float(text)
    except ValueError:
        raise PydanticCustomError("number", f"'{text}' is not a number") from None


def type_size(value: Any) -> float:
    """A font size in points, from `SMALLEST_SIZE` to `LARGEST_SIZE`."""
    size = number(value)
    text = str(value).strip()
    if size <= 0:
        raise PydanticCustomError(
            "size_positive",
            f"{text} is not a type size: a size is a number of points more than 0 "
            "(body text is usually 9 to 11)",
        )
    if size < SMALLEST_SIZE:
        raise PydanticCustomError(
            "size_small",
            f"{text} points is too small to read: write at least {SMALLEST_SIZE:g}",
        )
    if size > LARGEST_SIZE:
        raise PydanticCustomError(
            "size_large",
            f"{text} points is larger than a page holds: write at most {LARGEST_SIZE:g} "
            "(a headline is usually 18 to 30)",
        )
    return size


def leading(value: Any) -> float:
    """The distance between the baselines of a style's lines, in points: more than 0."""
    points = number(value)
    if points <= 0:
        raise PydanticCustomError(
            "leading_positive",
            f"{str(value).strip()} is not a leading: the distance between lines is a number "
            "of points more than 0, and at least the size",
        )
    return points


def flag(value: Any) -> bool:
    text = str(value).strip().lower()
    if text in ("true", "yes", "on"):
        return True
    if text in ("false", "no", "off"):
        return False
    raise PydanticCustomError("flag", f"'{value}' is not true or false")


def colour(value: Any) -> str:
    try:
        return normal_colour(str(value))
    except ValueError as wrong:
        raise PydanticCustomError("colour", str(wrong)) from None


def column_count(value: Any) -> int:
    text = str(value).strip()
    if text not in [str(count) for count in range(1, MOST_COLUMNS + 1)]:
        raise PydanticCustomError(
            "columns", f"'{text}' is not a number of columns: write 1, 2 or {MOST_COLUMNS}"
        )
    return int(text)


def page_size(value: Any) -> str | tuple[float, float]:
    """A named page size ('A4') or [width, height] as lengths."""
    known = ", ".join(PAGE_SIZES)
    if isinstance(value, list | tuple) and len(value) == 2:
        return length(value[0]), length(value[1])
    if isinstance(value, str) and value.strip() in PAGE_SIZES:
        return value.strip()
    if isinstance(value, list | tuple):
        raise PydanticCustomError(
            "page_size",
            f"a page size as a list is [width, height], two lengths, not {len(value)}: "
            "e.g. [150mm, 200mm]",
        )
    written = f"'{value}'" if isinstance(value, str) else "this"
    raise PydanticCustomError(
        "page_size",
        f"{written} is not a page size: use one of {known}, or [width, height], "
        "e.g. [150mm, 200mm]",
    )


Length = Annotated[float, BeforeValidator(length)]
Number = Annotated[float, BeforeValidator(number)]
TypeSize = Annotated[float, BeforeValidator(type_size)]
Leading = Annotated[float, BeforeValidator(leading)]
Flag = Annotated[bool, BeforeValidator(flag)]
Colour = Annotated[str, BeforeValidator(colour)]
Columns = Annotated[int, BeforeValidator(column_count)]
PageSize = Annotated[str | tuple[float, float], BeforeValidator(page_size)]
