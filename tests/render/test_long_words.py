"""A word wider than a line, split by ReportLab, keeps a few characters on its
last line: not a closing quote or a full stop alone at the start of a line."""

from __future__ import annotations

import re

import pytest
from reportlab.platypus import paragraph as rl

from briefpack.pipeline import check_brief, package_assets
from briefpack.render import long_words
from briefpack.render.paragraphs import Para
from briefpack.render.styles import paragraph_styles
from conftest import TEST_BRIEFS, line_texts

HASH = "31bca02094eb78126a517b206a88c73cfa9ec6f704c7030d18212cace820f025f00bf0ea68dbf3f3a"


@pytest.mark.parametrize(
    ("markup", "token"),
    [
        (f"Quoted: “{HASH}.” said the note", f"{HASH}.”"),  # one font: `_splitWord`
        (f"Quoted: <i>{HASH}</i>. said the note", f"{HASH}."),  # two: `_splitFragWord`
        # A note's marker is not one of the word's characters: "än⁷" is a scrap.
        (f"Quoted: {HASH}<super>7</super> said the note", f"{HASH}7"),
    ],
    ids=["one-font", "fragments", "marker"],
)
def test_a_split_long_word_ends_with_at_least_three_characters(markup: str, token: str) -> None:
    theme = check_brief(TEST_BRIEFS / "long-tokens.yaml", package_assets(), "standard").theme
    style = paragraph_styles(theme)["body"].clone("left", alignment=0)
    text = re.sub(r"</?(i|super)>", "", markup)
    scraps = 0
    for width in range(60, 300, 2):
        paragraph = Para(markup, style)
        paragraph.wrap(width, 1e4)
        lines = line_texts(paragraph)
        assert "".join("".join(lines).split()) == "".join(text.split()), width
        pieces = [line.split()[0] for line in lines if line.split()]
        scraps += sum(1 for piece in pieces if piece in token and len(piece) < 3)
        assert len(pieces[-1].rstrip("7")) >= 3 or pieces[-1] not in token, (width, lines)
    assert scraps == 0


def test_reportlab_splits_long_words_with_them() -> None:
    assert rl._splitWord is long_words.split_word
    assert rl._splitFragWord is long_words.split_frag_word


def test_a_one_font_word_is_split_with_a_last_piece_of_three() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    word, font, size = HASH + ".”", "Helvetica", 10
    cases = 0
    for width in range(40, 200):
        reportlabs = long_words._split_word(word, 0, [width], 0, font, size)
        if len(reportlabs[-1].rstrip(".”")) >= 3:
            continue
        cases += 1
        pieces = rl._splitWord(word, 0, [width], 0, font, size)
        assert "".join(pieces) == word
        # Three characters of the word itself, past its closing punctuation.
        assert len(pieces) == len(reportlabs) and len(pieces[-1].rstrip(".”")) >= 3
        assert all(stringWidth(piece, font, size) <= width for piece in pieces[:-1])
    assert cases


@pytest.mark.parametrize("layout", ["standard", "compact", "print"])
def test_no_line_of_the_long_token_brief_is_a_scrap_of_a_token(layout: str) -> None:
    # Tokens broken after ReportLab's lines are made (see `breaking`) too: the
    # rest of a URL's hash in a note once left its last character alone.
    import pypdfium2 as pdfium

    from conftest import render

    full_hash = (
        "31bca02094eb78126a517b206a88c73cfa9ec6f704c7030d18212cace820f025f00bf0ea68dbf3f3a5436"
        "ca63b53bf7bf80ad8d5de7d8359d0b7fed9"
    )
    notes = {"1", "2", "3", "4"}  # the brief's note numbers, each on a line of its own
    for page in pdfium.PdfDocument(render(TEST_BRIEFS / "long-tokens.yaml", layout)):
        for line in page.get_textpage().get_text_range().splitlines():
            scrap = line.strip().rstrip(".”")
            assert not (0 < len(line.strip()) < 3 and line.strip() not in notes), line
            assert not (scrap and len(scrap) < 3 and full_hash.endswith(scrap)), line
