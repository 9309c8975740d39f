"""Paragraphs (render/paragraphs.py): ReportLab's fragment comparison, made
without exceptions, answers as ReportLab's own does; the widths its line breaking
remembers are the widths ReportLab measures."""

from __future__ import annotations

import re
from itertools import product

import pytest
from reportlab.lib import rl_accel
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from briefpack.layout.families import FACES
from briefpack.pipeline import check_brief, package_assets
from briefpack.render.fonts import register_family
from briefpack.render.paragraphs import _remembered_extent, _remembered_width, _same_frag
from conftest import LAYOUTS, ROOT, line_texts

CLAPHAM = ROOT / "briefs" / "clapham.yaml"

STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
#: A headline's style, balanced.
BALANCED = STYLE.clone("balanced", fontSize=16, leading=19)
BALANCED.balance = True
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


TITLES = [
    "Test material: Testville city council adopts its budget",
    "Police watchdog finds Met officers acted appropriately at Clapham vigil",
    "«Αυτός ο προϋπολογισμός προετοιμάζει τον δήμο για την επόμενη δεκαετία.»",
    "A short one",
]


def _line_widths(paragraph: Paragraph) -> list[float]:
    """Each line's width, measured from its words."""
    style = paragraph.style
    return [
        pdfmetrics.stringWidth(" ".join(line[1]), style.fontName, style.fontSize)
        for line in paragraph.blPara.lines
    ]


@pytest.mark.parametrize("text", TITLES)
@pytest.mark.parametrize("width", [150.0, 220.0, 300.0])
def test_a_balanced_paragraph_has_as_many_lines_of_about_one_length(
    text: str, width: float
) -> None:
    from briefpack.render.paragraphs import Para

    # A balanced paragraph binds each short word to the next: here the text binds
    # them itself (a no-break space, which balancing leaves as written), so that
    # the ragged paragraph keeps the same words together.
    text = re.sub(r"(?<!\S)(\w{1,2}) (?=[^\W\d_])", "\\1\u00a0", text)
    plain = STYLE.clone("plain", fontSize=16, leading=19)
    balanced = plain.clone("balanced")
    balanced.balance = True
    before, after = Para(text, plain), Para(text, balanced)
    assert before.wrap(width, 1e4) == (width, before.height)
    assert after.wrap(width, 1e4) == (width, before.height)  # same size to the frame
    ragged, even = _line_widths(before), _line_widths(after)
    assert len(even) == len(ragged)
    if len(even) > 1:
        # The shortest line is no shorter, the longest no longer, than unbalanced.
        assert min(even) >= min(ragged) - 0.01
        assert max(even) <= max(ragged) + 0.01


def test_a_headline_does_not_end_on_one_word() -> None:
    from conftest import TEST_BRIEFS, page_texts, render

    page = page_texts(render(TEST_BRIEFS / "lang" / "en-US.yaml", "compact"))[0]
    lines = [line.strip() for line in page.splitlines()]
    assert "council adopts its budget" in lines


HEADLINES = [
    "Watchdog clears Met officers of heavy-handed policing at Clapham vigil",
    "Material de prueba: el pleno de Villaprueba aprueba su presupuesto",
    "Le conseil a voté le budget de la ville à la fin de la séance de nuit",
    "Ein Rat zu Gast im Dorf: so ist es in der Stadt an der Elbe",
]


@pytest.mark.parametrize("text", HEADLINES)
def test_no_balanced_line_but_the_last_ends_on_a_short_word(text: str) -> None:
    from briefpack.render.paragraphs import Para

    checked = 0
    for width in range(160, 480, 11):
        paragraph = Para(text, BALANCED)
        paragraph.wrap(width, 1e4)
        lines = line_texts(paragraph)
        for line in lines[:-1]:
            last = line.split()[-1]
            assert not (len(last) <= 2 and last.isalpha()), (width, lines)
        checked += len(lines) > 1
        # The lines drawn hold the text as written: spaces, not no-break spaces.
        assert " ".join(line.strip() for line in lines) == text
    assert checked > 10


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("Report on a neighbourhood", 110),
        ("Officers of heavy-handed policing", 110),
        ("Ein Bekenntnis zu Haushaltskonsolidierungsmaßnahmen", 330),
    ],
)
def test_a_tie_never_splits_a_word_that_fits_the_line(text: str, width: float) -> None:
    from briefpack.render.paragraphs import Para

    paragraph = Para(text, BALANCED)
    paragraph.wrap(width, 1e4)
    assert " ".join(line_texts(paragraph)).split() == text.split()


def test_a_tied_line_with_markup_ends_without_a_space() -> None:
    from briefpack.render.paragraphs import Para

    for width in range(180, 420, 15):
        paragraph = Para(
            "They rely <i>upon</i> the support of <b>a</b> public in the end", BALANCED
        )
        paragraph.wrap(width, 1e4)
        assert all(line == line.rstrip() for line in line_texts(paragraph)), width


def test_a_balanced_paragraph_keeps_its_own_no_break_spaces() -> None:
    from briefpack.render.paragraphs import Para

    text = "Watchdog clears Met officers of\u00a0heavy-handed policing at Clapham vigil"
    paragraph = Para(text, BALANCED)
    paragraph.wrap(300, 1e4)
    assert "of\u00a0heavy-handed" in " ".join(line_texts(paragraph))


def test_a_short_word_is_not_bound_to_a_number_or_a_token() -> None:
    from briefpack.render.paragraphs import Para

    ends = set()
    for width in range(200, 400, 3):
        paragraph = Para("Council budget is set at 31bca02094eb and rises by 4 per cent", BALANCED)
        paragraph.wrap(width, 1e4)
        ends.update(line.split()[-1] for line in line_texts(paragraph)[:-1])
    assert {"at", "by"} & ends


def test_a_headline_is_set_in_phrases_and_copies_as_written() -> None:
    from conftest import page_texts, render

    text = page_texts(render(ROOT / "briefs" / "clapham.yaml", "standard"))[0]
    lines = [line.strip() for line in text.splitlines()]
    assert "Watchdog clears Met officers" in lines
    assert "of heavy-handed policing at Clapham vigil" in lines


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_quote_attribution_ends_on_a_lone_word(layout: str) -> None:
    from conftest import page_texts, render

    brief = check_brief(CLAPHAM, package_assets(), layout).validated.brief
    lines = [
        line.strip() for page in page_texts(render(CLAPHAM, layout)) for line in page.splitlines()
    ]
    checked = 0
    for quote in brief.quotes or ():
        start = next(i for i, line in enumerate(lines) if line.startswith(f"— {quote.speaker}"))
        end = start
        while (quote.role or "") not in " ".join(lines[start : end + 1]):
            end += 1
        checked += 1
        if end > start:  # an attribution of two lines or more
            assert len(lines[end].split()) > 1, lines[start : end + 1]
    assert checked


def test_balancing_lengthens_a_short_last_line() -> None:
    from briefpack.render.paragraphs import Para

    plain = STYLE.clone("plain", fontSize=16, leading=19)
    balanced = plain.clone("balanced")
    balanced.balance = True
    ragged, even = [Para(TITLES[0], style) for style in (plain, balanced)]
    ragged.wrap(300, 1e4)
    even.wrap(300, 1e4)
    assert _line_widths(even)[-1] > _line_widths(ragged)[-1] + 40


def test_balancing_splits_no_word_that_fits_the_full_width() -> None:
    from briefpack.render.paragraphs import Para

    token = "31bca02094eb78126a517b206a88c73cfa9ec6f7"
    text = f"Test material: long tokens, such as {token}, and long URLs that must break"
    checked = 0
    for width in range(340, 480, 7):
        paragraph = Para(text, BALANCED)
        paragraph.wrap(width, 1e4)
        if pdfmetrics.stringWidth(token + ",", "Helvetica", 16) <= width:
            checked += 1
            assert any(token in line for line in line_texts(paragraph)), width
    assert checked


def test_balancing_keeps_where_a_long_word_is_split() -> None:
    from briefpack.render.paragraphs import Para

    text = (
        "“Supercalifragilisticexpialidocious-antidisestablishmentarianism-"
        "floccinaucinihilipilification”"
    )
    plain = ParagraphStyle("x", fontName="Times-Bold", fontSize=12, leading=15)
    balanced = plain.clone("balanced")
    balanced.balance = True
    for width in (150, 190, 230):
        ragged, even = Para(text, plain), Para(text, balanced)
        ragged.wrap(width, 1e4)
        even.wrap(width, 1e4)
        assert line_texts(even) == line_texts(ragged), width


@pytest.mark.parametrize("align", [1, 2])  # centred, right-aligned
def test_a_balanced_line_is_placed_in_the_full_width(align: int) -> None:
    from briefpack.render.paragraphs import Para

    style = STYLE.clone("placed", fontSize=16, leading=19, alignment=align)
    style.balance = True
    paragraph = Para(TITLES[1], style)
    paragraph.wrap(300, 1e4)
    assert len(paragraph.blPara.lines) > 1
    for (spare, _words), width in zip(paragraph.blPara.lines, _line_widths(paragraph), strict=True):
        assert spare + width == pytest.approx(300, abs=0.5)
