"""Paragraphs (render/paragraphs.py): ReportLab's fragment comparison, made
without exceptions, answers as ReportLab's own does; the widths its line breaking
remembers are the widths ReportLab measures."""

from __future__ import annotations

from itertools import product

import pytest
from reportlab.lib import rl_accel
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from briefpack.layout.families import FACES
from briefpack.render.fonts import register_family
from briefpack.render.paragraphs import _remembered_extent, _remembered_width, _same_frag
from conftest import ROOT

STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
MARKUP = (
    "Plain <b>bold</b> <i>italic</i> <font color='#cc0000'>red</font> "
    "<font color='#cc0000'>red again</font> <font size='8'>small</font> "
    "<a href='https://example.org/a'>link</a> <a href='https://example.org/b'>other</a> "
    "<super>1</super> <sub>2</sub> <u>under</u> <strike>struck</strike> "
    "<span backColor='#eeeeee'>shaded</span> <nobr>kept together</nobr> "
    "line<br/>break <onDraw name='mark' label='x'/> end"
)


def test_fragments_compare_as_reportlab_compares_them() -> None:
    frags = Paragraph(MARKUP, STYLE).frags
    assert len(frags) > 20
    answers = set()
    for f, g in product(frags, repeat=2):
        expected = bool(rl_accel.sameFrag(f, g))
        assert _same_frag(f, g) is expected, (f, g)
        answers.add(expected)
    assert answers == {True, False}


def test_reportlab_breaks_lines_with_it() -> None:
    assert rl_paragraph.sameFrag is _same_frag


def test_remembered_widths_are_reportlabs_for_every_font_and_size() -> None:
    families = [register_family(ROOT / "fonts", name) for name in ("Noto Serif", "Noto Sans")]
    faces = [family.face_name(face) for family in families for face in FACES]
    words = ["", " ", "-", "budget", "Ünïcødé", "a\u00a0b", "https://example.org/a?b=c"]
    widths = {}
    for face, size, word in product(faces + ["Helvetica"], (6.5, 8.6, 10), words):
        for _ in range(2):  # measured, then remembered
            width = _remembered_width(word, face, size)
            assert width == pdfmetrics.stringWidth(word, face, size), (face, size, word)
        widths[face, size, word] = width
    assert len(set(widths.values())) > len(faces) * 3 * 2  # they differ by font and size
    extents = set()
    for face, size in product(faces + ["Helvetica"], (None, 0, 6.5, 8.6, 10)):
        for _ in range(2):
            extent = _remembered_extent(face, size)
            assert extent == pdfmetrics.getAscentDescent(face, size), (face, size)
        extents.add(extent)
    assert len(extents) >= 8  # by size, and Noto against Helvetica


def _lines_of(faces: list[str]) -> list[tuple[object, ...]]:
    """Each line ReportLab makes of some justified and ragged paragraphs: its
    spare width, ascent, descent and text."""
    lines: list[tuple[object, ...]] = []
    for face, size, align in product(faces, (7.5, 9.2), (TA_LEFT, TA_JUSTIFY)):
        style = ParagraphStyle(
            "t", fontName=face, fontSize=size, leading=size * 1.25, alignment=align
        )
        for markup in (MARKUP, "Plain words, set again and again, " * 12):
            made = Paragraph(markup, style).breakLines([190.0, 210.0])
            for line in made.lines:
                if made.kind == 0:
                    lines.append((round(line[0], 9), " ".join(line[1])))
                else:
                    text = "".join(getattr(word, "text", "") for word in line.words)
                    lines.append((round(line.extraSpace, 9), line.ascent, line.descent, text))
    return lines


def test_lines_break_as_with_reportlabs_own_measures(monkeypatch: pytest.MonkeyPatch) -> None:
    families = [register_family(ROOT / "fonts", name) for name in ("Noto Serif", "Noto Sans")]
    faces = [family.face_name(face) for family in families for face in FACES]
    remembered = _lines_of(faces)
    monkeypatch.setattr(rl_paragraph, "stringWidth", pdfmetrics.stringWidth)
    monkeypatch.setattr(rl_paragraph, "getAscentDescent", pdfmetrics.getAscentDescent)
    measured = _lines_of(faces)
    assert len(measured) > 100
    assert remembered == measured


def test_reportlab_measures_words_with_them() -> None:
    assert rl_paragraph.stringWidth is _remembered_width
    assert rl_paragraph.getAscentDescent is _remembered_extent
