"""Bundled font families to registered ReportLab fonts, and glyph coverage.

Fonts are registered by file path from the `fonts/` folder shipped with
briefpack, never looked up on the system, so pages look the same everywhere.
Only the families a layout names are registered, once per process.

ReportLab parses a TrueType file's tables when it loads it (about 5 ms a face, so
about 40 ms for the eight Noto faces). Besides the file's bytes, a scaling function
and two objects that start empty, what the parse leaves in a `TTFont` is plain data:
`disk_cache` keeps it (keyed by ReportLab's version and the file), and a new process
builds the same `TTFont` from it in a fraction of the time. The PDF's bytes are the
same, and tests compare a font built so with one ReportLab parsed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version as reportlab_version
from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from briefpack.common.disk_cache import entry_for, read_entry, write_entry
from briefpack.layout.families import FACES, FAMILIES, Family


def register_family(fonts_dir: Path, name: str) -> Family:
    """Register the four faces of a bundled family (once per process)."""
    return _register(fonts_dir.resolve(), name)


@cache
def _register(fonts_dir: Path, name: str) -> Family:
    family = FAMILIES[name]
    for face, file in zip(FACES, family.files, strict=True):
        path = fonts_dir / family.folder / file
        pdfmetrics.registerFont(load_font(family.face_name(face), path))
    regular, bold, italic, bolditalic = (family.face_name(face) for face in FACES)
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, italic)
    addMapping(regular, 1, 1, bolditalic)
    return family


def load_font(name: str, path: Path) -> TTFont:
    """ReportLab's font for a TrueType file: parsed, or built from the disk cache."""
    entry = entry_for("font", path, ("reportlab", reportlab_version))
    cached = read_entry(entry) if entry else None
    if isinstance(cached, tuple) and len(cached) == 4:
        font = _cached_font(name, path, cached)
        if font is not None:
            return font
    font = TTFont(name, str(path))
    if entry:
        write_entry(entry, _font_data(font))  # skipped if anything in it is not plain data
    return font


#: What a TTFont holds besides plain data: its face, made again from the cache, and
#: its encoding and per-document state, new and empty after a parse; and two settings
#: that depend on the name it is registered under and on ReportLab's configuration.
_FONT_OBJECTS = ("face", "encoding", "state", "fontName", "_asciiReadable", "shapable")
#: And its face: the file's bytes (read again) and a scaling function (made again).
_FACE_OBJECTS = ("_ttf_data", "_pdfScale")


def _font_data(font: TTFont) -> tuple[dict[str, Any], dict[str, Any], dict[str, str], int]:
    """What parsing left in a font and its face, names (bytes with a `ustr`) as text,
    and the checksum of the file's bytes the tables describe."""
    own = {key: value for key, value in vars(font).items() if key not in _FONT_OBJECTS}
    face = {key: value for key, value in vars(font.face).items() if key not in _FACE_OBJECTS}
    names = {key: value.ustr for key, value in face.items() if isinstance(value, TTFNameBytes)}
    plain = {key: value for key, value in face.items() if key not in names}
    return own, plain, names, zlib.crc32(font.face._ttf_data)


def _cached_font(name: str, path: Path, cached: tuple[Any, ...]) -> TTFont | None:
    """The font `TTFont(name, path)` would give, from what `_font_data` kept; None if
    the file's bytes are not the ones the tables were read from."""
    own, data, names, checksum = cached
    font_bytes = path.read_bytes()
    if zlib.crc32(font_bytes) != checksum:
        return None
    face = TTFontFace.__new__(TTFontFace)
    vars(face).update(data)
    vars(face).update({key: TTFNameBytes(text.encode("utf8")) for key, text in names.items()})
    face._ttf_data = font_bytes
    scale = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    font = TTFont.__new__(TTFont)
    vars(font).update(own)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    # As TTFont.__init__ sets them, from the name and ReportLab's configuration.
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


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
