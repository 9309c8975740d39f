"""Bundled font families to registered ReportLab fonts, and glyph coverage.

Fonts are registered by file path from the `fonts/` folder shipped with
briefpack, never looked up on the system, so pages look the same everywhere.
Only the families a layout names are registered, once per process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FACES = ("regular", "bold", "italic", "bolditalic")


@dataclass(frozen=True)
class Family:
    """A bundled family: its display name and the file of each face."""

    name: str
    folder: str
    files: tuple[str, str, str, str]

    def face_name(self, face: str) -> str:
        """The name ReportLab knows a face by, e.g. 'Noto Serif-bold'."""
        return f"{self.name}-{face}"

    def face(self, bold: bool, italic: bool) -> str:
        return self.face_name(FACES[int(bold) + 2 * int(italic)])


FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        Family(
            "Noto Serif",
            "noto",
            (
                "NotoSerif-Regular.ttf",
                "NotoSerif-Bold.ttf",
                "NotoSerif-Italic.ttf",
                "NotoSerif-BoldItalic.ttf",
            ),
        ),
        Family(
            "Noto Sans",
            "noto",
            (
                "NotoSans-Regular.ttf",
                "NotoSans-Bold.ttf",
                "NotoSans-Italic.ttf",
                "NotoSans-BoldItalic.ttf",
            ),
        ),
    )
}


def register_family(fonts_dir: Path, name: str) -> Family:
    """Register the four faces of a bundled family (once per process)."""
    return _register(fonts_dir.resolve(), name)


@cache
def _register(fonts_dir: Path, name: str) -> Family:
    family = FAMILIES[name]
    for face, file in zip(FACES, family.files, strict=True):
        path = fonts_dir / family.folder / file
        pdfmetrics.registerFont(TTFont(family.face_name(face), str(path)))
    regular, bold, italic, bolditalic = (family.face_name(face) for face in FACES)
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, italic)
    addMapping(regular, 1, 1, bolditalic)
    return family


@cache
def _coverage(face_name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(face_name)
    return frozenset(font.face.charToGlyph)


@cache
def _printable(face_names: tuple[str, ...]) -> frozenset[str]:
    """Every character one of the faces can draw, and the whitespace that is not drawn."""
    codes = frozenset().union(*(_coverage(name) for name in face_names))
    return (
        frozenset(map(chr, codes))
        | frozenset(chr(code) for code in range(32))
        | {
            " ",
            "\u00a0",
        }
    )


def missing_characters(text: str, face_names: Iterable[str]) -> list[str]:
    """Characters of `text` that none of the given faces can draw, in order, once each."""
    printable = _printable(tuple(face_names))
    if printable.issuperset(text):
        return []
    missing = (char for char in text if char not in printable and not char.isspace())
    return list(dict.fromkeys(missing))
