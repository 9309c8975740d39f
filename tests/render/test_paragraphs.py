"""Paragraphs (render/paragraphs.py): ReportLab's fragment comparison, made
without exceptions, answers as ReportLab's own does."""

from __future__ import annotations

from itertools import product

from reportlab.lib import rl_accel
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from briefpack.render.paragraphs import _same_frag

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
