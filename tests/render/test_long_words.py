"""A word wider than a line, split by ReportLab, keeps a few characters on its
last line: not a closing quote or a full stop alone at the start of a line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
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


WORD = "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung"


@pytest.mark.parametrize("width", [120, 150, 200, 260])
def test_a_word_wider_than_a_ragged_line_is_hyphenated_at_its_syllables(width: int) -> None:
    from briefpack.render.justify import hyphenator

    theme = check_brief(TEST_BRIEFS / "lang" / "de.yaml", package_assets(), "compact").theme
    style = paragraph_styles(theme, "de")["timeline.event"]
    assert style.alignment == 0 and not style.hyphenationLang  # ragged, not hyphenated
    paragraph = Para(f"Die Verordnung zur {WORD} wurde verkündet.", style)
    paragraph.wrap(width, 1e4)
    lines = [line.strip() for line in line_texts(paragraph)]
    broken = [line for line in lines if line.endswith("-")]
    assert broken, lines
    # Each piece ends where German hyphenation allows, and the word reads whole.
    pieces = "".join(line.split()[-1][:-1] if line.endswith("-") else "" for line in lines)
    assert WORD.startswith(pieces)
    points = set(hyphenator("de")(WORD))
    done = 0
    for line in lines:
        last = line.split()[-1]
        if line.endswith("-"):
            start = WORD.find(last[:-1], done)
            assert start + len(last) - 1 in points, (last, lines)
            done = start + len(last) - 1
    assert "".join(" ".join(lines).replace("- ", "").split()) == "".join(
        f"Die Verordnung zur {WORD} wurde verkündet.".split()
    )


def test_a_hyphenated_long_word_copies_whole(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from conftest import page_texts, render

    brief = tmp_path / "de.yaml"
    brief.write_text(
        "title: Eine Verordnung\ndate: 2024-03-30\nlang: de\nsummary:\n  text: Text.\n"
        f"timeline:\n  - date: 2024-03-30\n    event: Die {WORD} wurde verkündet.\n",
        encoding="utf-8",
    )
    pdf = render(brief, "compact")
    drawn = "".join(page_texts(pdf)[0].split())  # the glyphs: a hyphen where it broke
    assert WORD not in drawn and re.search(r"zu-?ständigkeits|[a-zß]-[a-zäöü]", drawn)
    document = pdfium.PdfDocument(pdf)
    copied = document[0].get_textpage().get_text_range()  # with the word's /ActualText
    assert WORD in copied


def test_a_hash_wider_than_a_ragged_line_is_cut_without_a_hyphen() -> None:
    theme = check_brief(TEST_BRIEFS / "lang" / "de.yaml", package_assets(), "compact").theme
    style = paragraph_styles(theme, "de")["timeline.event"]
    paragraph = Para(f"Die Prüfsumme {HASH} stimmt.", style)
    paragraph.wrap(150, 1e4)
    lines = [line.strip() for line in line_texts(paragraph)]
    assert not [line for line in lines if line.endswith("-")]
    assert "".join("".join(lines).split()) == "".join(f"Die Prüfsumme {HASH} stimmt.".split())


def test_a_justified_line_breaks_a_too_wide_compound_at_a_syllable(tmp_path: Path) -> None:
    from briefpack.render.justify import hyphenator
    from conftest import page_texts, render

    # Wider than compact's column by a quarter: a finding, justified and hyphenated.
    compound = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz-Novelle"
    brief = tmp_path / "de.yaml"
    brief.write_text(
        "title: Eine Novelle\ndate: 2024-03-30\nlang: de\nsummary:\n  text: Text.\n"
        "findings:\n  - text: Die Donaudampfschifffahrtsgesellschaftskapitänsmütze und die "
        f"{compound} wurden besprochen.\n",
        encoding="utf-8",
    )
    lines = [line.strip() for line in page_texts(render(brief, "compact"))[0].splitlines()]
    assert not [line for line in lines if line.startswith("-")], lines
    ends = [line.split()[-1] for line in lines if line.endswith("-")]
    ends = [end for end in ends if compound.startswith(end[:-1])]
    assert len(ends) == 1, lines  # one hyphen, at a syllable of the compound
    assert len(ends[0]) - 1 in hyphenator("de")(compound.split("-")[0]), lines


def test_a_paragraph_split_inside_a_hyphenated_long_word_keeps_its_text() -> None:
    theme = check_brief(TEST_BRIEFS / "lang" / "de.yaml", package_assets(), "compact").theme
    style = paragraph_styles(theme, "de")["timeline.event"]
    text = f"Die Verordnung zur {WORD} wurde verkündet."
    paragraph = Para(text, style)
    paragraph.wrap(150, 1e4)
    assert len(line_texts(paragraph)) == 4
    first, rest = paragraph.split(150, 2 * style.leading)  # two lines, then two
    for width in (150, 200):  # wrapped again, as a frame or table cell does
        parts = []
        for part in (first, rest):
            part.wrap(width, 1e4)
            parts.append([line.strip() for line in line_texts(part)])
        assert parts[0][-1].endswith("-"), parts  # the word goes on in the next part
        joined = " ".join(line for part in parts for line in part).replace("- ", "")
        assert "".join(joined.split()) == "".join(text.split()), parts


def cut_without_hyphen(lines: list[str], text: str) -> list[str]:
    """The lines of `text` that end inside a word with no hyphen added."""
    flat = "".join(text.split())
    ends, done = set(), 0
    for word in text.split():
        done += len(word)
        ends.add(done)
    cut, place = [], 0
    for line in lines:
        printed = "".join(line.split())
        if printed.endswith("-") and flat[place + len(printed) - 1] != "-":
            place += len(printed) - 1  # a hyphen put in
            continue
        place += len(printed)
        if place not in ends:
            cut.append(line)
    assert place == len(flat), lines
    return cut


@pytest.mark.parametrize("width", [110, 160])
def test_a_justified_word_of_many_lines_is_hyphenated_on_each(width: int) -> None:
    # More hyphens in a row than a paragraph otherwise allows (two): the word needs them.
    theme = check_brief(TEST_BRIEFS / "lang" / "de.yaml", package_assets(), "compact").theme
    style = paragraph_styles(theme, "de")["body"]
    other = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung"
    text = f"Die {WORD} und die {other} wurden verkündet."
    paragraph = Para(text, style)
    paragraph.wrap(width, 1e4)
    lines = [line.strip() for line in line_texts(paragraph)]
    assert len([line for line in lines if line.endswith("-")]) >= 4, lines
    assert cut_without_hyphen(lines, text) == []
    # Split over two frames, the part after the break is hyphenated as well.
    first, rest = paragraph.split(width, 3 * style.leading)
    for part in (first, rest):
        part.wrap(width, 1e4)
    parts = [line.strip() for part in (first, rest) for line in line_texts(part)]
    assert cut_without_hyphen(parts, text) == []


@pytest.mark.parametrize(
    ("lang", "markup"),
    [
        ("de", f"Die „{WORD}“ gilt."),
        ("fr", f"Le mot «\u00a0{WORD}\u00a0» est long."),
        ("de", f"Die {WORD}."),
    ],
    ids=["german-quotes", "guillemets", "full-stop"],
)
@pytest.mark.parametrize("width", [70, 120])
def test_quotation_marks_around_a_long_word_do_not_stop_its_hyphenation(
    lang: str, markup: str, width: int
) -> None:
    theme = check_brief(TEST_BRIEFS / "lang" / f"{lang}.yaml", package_assets(), "compact").theme
    style = paragraph_styles(theme, lang)["timeline.event"]
    paragraph = Para(markup, style)
    paragraph.wrap(width, 1e4)
    lines = [line.strip() for line in line_texts(paragraph)]
    assert cut_without_hyphen(lines, markup) == []


@pytest.mark.parametrize("width", [90, 120])
def test_a_long_compound_breaks_at_its_own_hyphen_not_inside_a_short_part(width: int) -> None:
    theme = check_brief(TEST_BRIEFS / "lang" / "de.yaml", package_assets(), "compact").theme
    style = paragraph_styles(theme, "de")["timeline.event"]
    paragraph = Para(f"Die {WORD}-Novelle gilt.", style)
    paragraph.wrap(width, 1e4)
    lines = [line.strip() for line in line_texts(paragraph)]
    assert "Novelle gilt." in lines[-1] or any(line.startswith("Novelle") for line in lines), lines
    assert not [line for line in lines if line.endswith("No-") or line.endswith("Novel-")], lines


def test_a_hash_in_a_justified_paragraph_starts_on_the_line_it_falls_on() -> None:
    # Total-fit breaking cuts a token with nowhere to break (a hash) after the
    # character that fills the line; moved whole to the next line, it left the
    # line before it short: "A hash in running text:" alone, in a justified block.
    theme = check_brief(TEST_BRIEFS / "long-tokens.yaml", package_assets(), "standard").theme
    style = paragraph_styles(theme)["body"]
    text = f"A hash in running text: {HASH}. The paragraph ends after it."
    wide = stringWidth(f"{HASH}.", style.fontName, style.fontSize)
    for width in range(240, int(wide), 12):  # (a hash that fits a line is not cut)
        paragraph = Para(text, style)
        paragraph.wrap(width, 1e4)
        lines = [line.strip() for line in line_texts(paragraph)]
        assert lines[0].startswith("A hash in running text: 31bca"), (width, lines)
        unhyphenated = "".join(line.removesuffix("-") for line in lines)  # ("para-graph")
        assert "".join(unhyphenated.split()) == "".join(text.split()), (width, lines)
