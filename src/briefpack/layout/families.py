"""The font families briefpack ships: a family's name to the files of its four faces.

Layouts name families (`fonts: {serif: Noto Serif}`); the theme checks the names
against this table, and `render.fonts` registers the files with ReportLab.
"""

from __future__ import annotations

from dataclasses import dataclass

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
