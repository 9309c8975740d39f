"""Total-fit breaking of justified paragraphs: the algorithm on made-up boxes and
glue, and the lines of a rendered brief (tests/briefs/justified-breaks.yaml),
measured from the PDF's character boxes."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefpack.pipeline import check_brief, package_assets, render_brief
from briefpack.render.linebreak import (
    Box,
    Glue,
    Item,
    Line,
    Penalty,
    Settings,
    break_paragraph,
    paragraph_end,
)
from briefpack.render.paragraphs import Para
from briefpack.render.styles import paragraph_styles
from conftest import WORDS, line_texts

ROOT = Path(__file__).resolve().parents[2]
BRIEF = ROOT / "tests" / "briefs" / "justified-breaks.yaml"
URL = (
    "https://example.org/reports/2024/justified-line-breaking/annex-b/tables/"
    "appendix-of-supplementary-measurements/final-version?id=42&format=full"
)
TOKEN = "0123456789" * 10


def words(widths: list[float], hyphen_after: set[int] = frozenset()) -> list[Item]:  # type: ignore[assignment]
    """Boxes of the given widths between spaces 4 wide (stretch 2, shrink 4/3);
    the words numbered in `hyphen_after` may break in the middle, with a hyphen 3 wide."""
    items: list[Item] = []
    for i, width in enumerate(widths):
        if i:
            items.append(Glue(4, 2, 4 / 3))
        if i in hyphen_after:
            items += [Box(width / 2), Penalty(3, 50, True), Box(width / 2)]
        else:
            items.append(Box(width))
    return items + paragraph_end()


def ratios(items: list[Item], lines: list[tuple[int, int]], width: float) -> list[float]:
    """Each line's stretch ratio, computed from the items (not by the module under test)."""
    found = []
    for start, end in lines[:-1]:  # the last line is ragged
        natural = sum(item.width for item in items[start:end] if not isinstance(item, Penalty))
        stretch = sum(item.stretch for item in items[start:end] if isinstance(item, Glue))
        shrink = sum(item.shrink for item in items[start:end] if isinstance(item, Glue))
        end_item = items[end]
        if isinstance(end_item, Penalty):
            natural += end_item.width
        found.append((width - natural) / (stretch if natural < width else shrink))
    return found


def greedy(items: list[Item], width: float) -> list[tuple[int, int]]:
    """First fit: each line takes words while their natural width fits."""
    lines, start, last_break, i = [], 0, None, 0
    while i < len(items):
        item = items[i]
        breakable = isinstance(item, Glue) and isinstance(items[i - 1], Box)
        if breakable or (isinstance(item, Penalty) and item.cost < 10_000):
            natural = sum(x.width for x in items[start:i] if not isinstance(x, Penalty))
            if natural > width and last_break is not None:
                lines.append((start, last_break))
                start, last_break = last_break + 1, None
                i = start
                continue
            last_break = i
        i += 1
    lines.append((start, len(items) - 1))
    return lines


def spans(lines: list[Line]) -> list[tuple[int, int]]:
    return [(line.start, line.end) for line in lines]


def test_total_fit_spaces_lines_more_evenly_than_first_fit() -> None:
    widths = [30, 52, 18, 44, 26, 60, 12, 38, 47, 21, 55, 33, 16, 41, 29, 50, 24, 36, 58, 19]
    widths += [43, 27, 35, 62, 14, 46, 31, 53, 22, 39]
    items, measure = words(widths), 200.0
    first_fit = greedy(items, measure)
    lines = break_paragraph(items, [measure])
    assert lines is not None
    assert lines[-1].end == len(items) - 1
    worst_first_fit = max(ratios(items, first_fit, measure))
    worst_total_fit = max(ratios(items, spans(lines), measure))
    assert worst_total_fit < worst_first_fit
    assert all(r >= -1 for r in ratios(items, spans(lines), measure))


def test_never_three_hyphenated_lines_in_a_row() -> None:
    generator = random.Random(7)
    hyphenated_lines = 0
    for _ in range(40):
        widths = [generator.uniform(20, 70) for _ in range(60)]
        items = words(widths, hyphen_after=set(range(60)))
        lines = break_paragraph(items, [generator.uniform(150, 260)])
        assert lines is not None
        flags = [line.hyphenated for line in lines]
        hyphenated_lines += sum(flags)
        assert not any(all(flags[i : i + 3]) for i in range(len(flags) - 2)), flags
        one = break_paragraph(items, [200], Settings(max_hyphens_in_a_row=1))
        assert one is not None
        assert not any(a.hyphenated and b.hyphenated for a, b in zip(one, one[1:], strict=False))
    assert hyphenated_lines > 40  # the limit was put to the test


def test_a_hyphen_at_a_given_line_is_avoided_when_it_costs_more() -> None:
    generator = random.Random(3)
    moved = 0
    for _ in range(20):
        widths = [generator.uniform(20, 70) for _ in range(40)]
        items = words(widths, hyphen_after=set(range(40)))
        lines = break_paragraph(items, [210])
        assert lines is not None
        hyphenated = [i for i, line in enumerate(lines) if line.hyphenated]
        if not hyphenated:
            continue
        again = break_paragraph(items, [210], hyphen_costs={hyphenated[0]: 1e30})
        assert again is not None
        assert not again[hyphenated[0]].hyphenated
        moved += 1
    assert moved


def within_limit_exists(widths: list[float], measure: float, limit: float, margin: float) -> bool:
    """Whether the words of `words(widths)` break into lines that all fill `measure`
    with their spaces stretched no more than `limit` and shrunk no more than their
    shrink (the last line ragged), `margin` inside both bounds (a negative margin
    lets a line past them by as much): tried over every place each line can end."""
    ends = {0}  # the words that can begin a line, all lines before them within the limit
    for start in range(len(widths)):
        if start not in ends:
            continue
        for end in range(start + 1, len(widths) + 1):
            gaps = end - start - 1
            natural = sum(widths[start:end]) + 4 * gaps
            if natural - gaps * 4 / 3 > measure - margin:
                break  # too wide even shrunk, and wider still with more words
            if end == len(widths):
                return True
            if gaps and natural + gaps * 2 * limit >= measure + margin:
                ends.add(end)
    return False


def test_a_line_is_set_looser_than_the_limit_only_where_no_breaking_avoids_it() -> None:
    # Words of at most a third of the measure, so no line is a single word.
    generator = random.Random(11)
    limit = Settings().max_stretch
    loose = within = 0
    for _ in range(400):
        widths = [round(generator.uniform(6, 40), 1) for _ in range(generator.randint(6, 18))]
        measure = generator.choice([120.0, 140.0, 160.0])
        items = words(widths)
        lines = break_paragraph(items, [measure])
        assert lines is not None
        loosest = max(ratios(items, spans(lines), measure), default=0.0)
        if loosest > limit + 1e-9:
            loose += 1
            assert not within_limit_exists(widths, measure, limit, 1e-6), (widths, measure)
        else:
            within += 1
            assert within_limit_exists(widths, measure, limit, -1e-6)
    assert loose > 20 and within > 20  # both kinds of paragraph were tried


def test_a_paragraph_with_no_breaking_within_the_limit_gets_few_loose_lines() -> None:
    # Every breaking has a line past the limit; one keeps its loosest line under
    # 3.5 by setting three lines past it, and the demerits prefer a single line
    # at 3.9 and the others within it, as a reader would.
    widths = [14.1, 19.9, 21.3, 33.1, 10.7, 38.5, 20.0, 17.9, 34.9, 24.8, 39.4, 32.1, 24.4]
    limit = Settings().max_stretch
    assert not within_limit_exists(widths, 120, limit, -1e-6)
    assert within_limit_exists(widths, 120, 3.5, 1e-6)
    items = words(widths)
    lines = break_paragraph(items, [120])
    assert lines is not None
    found = ratios(items, spans(lines), 120)
    assert max(found) > 3.5
    assert sum(ratio > limit for ratio in found) == 1


def runt(items: list[Item], lines: list[Line], measure: float) -> bool:
    """Whether a paragraph of several lines ends with one word on a line of its
    own, shorter than a third of the measure (found from the items)."""
    last = lines[-1]
    spaces = [
        item
        for item in items[last.start : last.end]
        if isinstance(item, Glue) and item.stretch < 1e5
    ]
    width = sum(item.width for item in items[last.start : last.end] if isinstance(item, Box))
    return len(lines) > 1 and not spaces and width < measure / 3


def test_a_last_line_of_one_short_word_is_avoided_where_it_costs_little() -> None:
    # Words of one to seven letters, with spaces of a quarter em, at a body measure.
    generator = random.Random(5)
    measure, sizes = 450.0, [5, 8, 10, 12, 15, 18, 20, 22, 25, 28, 32, 36]
    runts = {"without": 0, "with": 0}
    loosest = {"without": 0.0, "with": 0.0}
    for _ in range(300):
        widths = [generator.choice(sizes) for _ in range(generator.randint(20, 90))]
        items: list[Item] = []
        for i, width in enumerate(widths):
            items += [Glue(2.5, 1.25, 2.5 / 3)] if i else []
            items.append(Box(width))
        items += paragraph_end()
        for name, settings in (
            ("without", Settings(short_last_line_demerits=0)),
            ("with", Settings()),
        ):
            lines = break_paragraph(items, [measure], settings)
            assert lines is not None
            runts[name] += runt(items, lines, measure)
            loosest[name] = max(loosest[name], *(line.ratio for line in lines[:-1]), 0.0)
    assert runts["without"] > 10  # the paragraphs had runts to avoid: 13, and 5 with the rule
    assert runts["with"] * 2 < runts["without"]
    assert loosest["with"] <= loosest["without"]


def test_no_breaking_when_a_box_is_wider_than_the_measure() -> None:
    assert break_paragraph(words([30, 300, 30]), [100]) is None


def test_breaking_is_deterministic() -> None:
    items = words([31.5, 12.25, 60, 18, 44.75, 9, 27, 53, 22, 40] * 4, hyphen_after={3, 17, 25})
    assert break_paragraph(items, [180, 200]) == break_paragraph(items, [180, 200])


# The rendered brief


def lines_of(pdf: bytes) -> list[list[tuple[str, float, float]]]:
    """Every line of every page as (character, left, right), from pdfium's boxes,
    measured from the trimmed page's left edge."""
    found = []
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        line: list[tuple[str, float, float]] = []
        bottom_of_line = None
        for i in range(text.count_chars()):
            character = text.get_text_range(i, 1)
            left, bottom, right, top = text.get_charbox(i)
            if character in "\r\n" or right <= left:
                continue
            if bottom_of_line is None or abs(bottom - bottom_of_line) > 4:
                if line:
                    found.append(line)
                line, bottom_of_line = [], bottom
            offset = page.get_trimbox()[0]  # the bleed of a print layout
            line.append((character, left - offset, right - offset))
        if line:
            found.append(line)
    return found


def columns(layout: str) -> list[tuple[float, float]]:
    theme = check_brief(BRIEF, package_assets(), layout).theme
    page = theme.page
    left, right = page.side_margins()
    width = page.width_height[0] - left - right
    column = (width - page.column_gap * (page.columns - 1)) / page.columns
    return [
        (left + i * (column + page.column_gap), left + i * (column + page.column_gap) + column)
        for i in range(page.columns)
    ]


@pytest.fixture(scope="module", params=["standard", "compact", "print"])
def rendered(request: pytest.FixtureRequest) -> tuple[str, bytes]:
    return request.param, render_brief(BRIEF, package_assets(), request.param).pdf


def test_no_character_runs_past_its_column(rendered: tuple[str, bytes]) -> None:
    layout, pdf = rendered
    frames = columns(layout)
    body = re.sub(r"\s", "", BRIEF.read_text(encoding="utf-8").split("body: |", 1)[1])
    checked = 0
    for line in lines_of(pdf):
        text = "".join(c for c, _, _ in line).replace(" ", "")
        if text.rstrip("-") not in body:
            continue  # not a line of the section's body
        checked += 1
        for character, left, right in line:
            assert any(a - 0.5 <= left and right <= b + 0.5 for a, b in frames), (
                layout,
                character,
                "".join(c for c, _, _ in line),
            )
    assert checked >= 12


def pdf_text(pdf: bytes) -> str:
    """The text pdfium reads, with the hyphen it marks as ending a line (U+FFFE) as
    the hyphen drawn: a URL may break after a hyphen of its own."""
    pages = pdfium.PdfDocument(pdf)
    return "".join(page.get_textpage().get_text_range() for page in pages).replace("\ufffe", "-")


def test_a_url_breaks_without_a_hyphen(rendered: tuple[str, bytes]) -> None:
    _layout, pdf = rendered
    pages = pdfium.PdfDocument(pdf)
    raw = "".join(page.get_textpage().get_text_range() for page in pages)
    assert URL not in raw.replace("\r\n", " ")  # the URL does not fit on one line ...
    text = pdf_text(pdf)
    assert URL in text.replace("\r\n", "")  # ... and is broken with nothing added
    assert TOKEN in text.replace("\r\n", "")


def test_the_text_is_kept_whole(rendered: tuple[str, bytes]) -> None:
    """The body text read from the PDF is the brief's, with at most hyphens added."""
    _layout, pdf = rendered
    text = pdf_text(pdf)
    drawn = re.sub(r"\s", "", text)
    source = BRIEF.read_text(encoding="utf-8").split("body: |", 1)[1]
    for paragraph in source.strip().split("\n\n"):
        expected = re.sub(r"\s|\*", "", paragraph)
        start = drawn.find(expected[:12])
        assert start >= 0, expected[:12]
        position = start
        for character in expected:
            while drawn[position] == "-" and character != "-":
                position += 1  # a hyphen put in by hyphenation
            assert drawn[position] == character, (expected, drawn[start : position + 1])
            position += 1


def test_rendering_is_deterministic() -> None:
    assets = package_assets()
    assert render_brief(BRIEF, assets, "compact").pdf == render_brief(BRIEF, assets, "compact").pdf


def test_split_paragraphs_keep_their_lines_and_words() -> None:
    theme = check_brief(BRIEF, package_assets(), "compact").theme
    style = paragraph_styles(theme)["body"]
    text = " ".join(["notwithstanding considerable reorganisation of responsibilities"] * 12)
    whole = Para(text, style)
    _, height = whole.wrap(250, 10_000)
    lines = round(height / style.leading)
    first, rest = whole.split(250, 4 * style.leading)
    assert first.wrap(250, 10_000)[1] == pytest.approx(4 * style.leading)
    _, rest_height = rest.wrap(250, 10_000)
    assert round(rest_height / style.leading) == lines - 4

    def words_of(paragraph: Para) -> str:
        if paragraph.blPara.kind == 0:
            return " ".join(" ".join(words) for _, words in paragraph.blPara.lines)
        return " ".join("".join(f.text for f in line.words) for line in paragraph.blPara.lines)

    joined = re.sub(r"-\s", "", words_of(first) + " " + words_of(rest))
    assert " ".join(joined.split()) == text


def test_left_aligned_paragraphs_keep_reportlabs_lines() -> None:
    from reportlab.platypus import Paragraph

    theme = check_brief(BRIEF, package_assets(), "standard").theme
    style = paragraph_styles(theme)["body"].clone("left", alignment=0)
    text = " ".join(["notwithstanding considerable reorganisation"] * 10)
    ours, theirs = Para(text, style), Paragraph(text, style)
    ours.wrap(200, 10_000)
    theirs.wrap(200, 10_000)
    assert [w for _, w in ours.blPara.lines] == [w for _, w in theirs.blPara.lines]


def test_a_hyphen_at_the_foot_of_a_column_is_avoided(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefpack.render import paragraphs

    theme = check_brief(BRIEF, package_assets(), "compact").theme
    style = paragraph_styles(theme)["body"]
    vocabulary = [*WORDS, "the", "of", "and", "a", "to", "in", "is", "was", "on", "for"]
    generator = random.Random(11)
    texts = [" ".join(generator.choice(vocabulary) for _ in range(70)) for _ in range(12)]

    def hyphens_at_the_foot() -> int:
        count = 0
        for text in texts:
            for lines in range(2, 12):
                first = Para(text, style).split(250, lines * style.leading)[0]
                last = first.blPara.lines[-1]
                words = last[1] if isinstance(last, tuple) else [f.text for f in last.words]
                count += "".join(str(word) for word in words).rstrip().endswith("-")
        return count

    avoided = hyphens_at_the_foot()
    monkeypatch.setattr(paragraphs, "PAGE_END_HYPHEN_DEMERITS", 0.0)
    assert avoided < hyphens_at_the_foot()


def test_lines_the_total_fit_breaking_shrinks_are_not_broken_again() -> None:
    # Its spaces shrink by up to a third, more than ReportLab's spaceShrinkage:
    # such a line is inside its measure, and gets no line break put in (which
    # would leave a short line in the middle of the paragraph).
    theme = check_brief(BRIEF, package_assets(), "compact").theme
    style = paragraph_styles(theme)["body"]
    text = (
        "Council inquiry committee minister figures housing court budget witness evidence"
        " review district schools appeal report statement hearing officer transport"
        " hospital council inquiry committee minister figures housing court budget."
    )
    shrunk = 0
    for width in range(150, 260, 5):
        paragraph = Para(text, style)
        paragraph.wrap(width, 1e4)
        lines = paragraph.blPara.lines
        extras = [line[0] if paragraph.blPara.kind == 0 else line.extraSpace for line in lines]
        shrunk += sum(extra < 0 for extra in extras)
        assert not any(getattr(line, "lineBreak", False) for line in lines[:-1]), width
    assert shrunk  # some lines are shrunk


COMPOUNDS = (
    "The heavy-handed response to a long-standing, well-documented grievance drew"
    " cross-party criticism; a follow-up review of the decision-making found the"
    " e-mail trail of the stop-and-search policy self-evidently incomplete."
)


def keeps_its_text(lines: list[str], text: str) -> bool:
    """Whether `lines` read as `text`, but for the spaces and the hyphens the line
    breaking added: every character, a written hyphen too, in its place."""
    printed = "".join("".join(lines).split())
    wanted = "".join(text.split())
    at = 0
    for character in printed:
        if at < len(wanted) and character == wanted[at]:
            at += 1
        elif character != "-":
            return False
    return at == len(wanted)


def test_a_line_may_end_at_a_hyphen_the_word_is_written_with() -> None:
    theme = check_brief(BRIEF, package_assets(), "compact").theme
    style = paragraph_styles(theme)["body"]
    # Where the patterns offer no break: only the written hyphen does.
    heads = {"heavy-", "long-", "stop-", "and-", "self-"}
    at_hyphen = 0
    for width in range(120, 260, 3):
        paragraph = Para(COMPOUNDS, style)
        paragraph.wrap(width, 1e4)
        texts = line_texts(paragraph)
        assert keeps_its_text(texts, COMPOUNDS), width
        for line in texts[:-1]:
            last = line.split()[-1]
            assert not last.endswith("--"), (width, line)
            at_hyphen += last in heads
    assert at_hyphen >= 5


def test_a_word_broken_at_its_own_hyphen_keeps_it_when_wrapped_again() -> None:
    # A table wraps its cells more than once, and a split paragraph is wrapped again.
    theme = check_brief(BRIEF, package_assets(), "compact").theme
    style = paragraph_styles(theme)["body"]
    for width in range(120, 260, 7):
        paragraph = Para(COMPOUNDS, style)
        for again in (width, width + 40, width):
            paragraph.wrap(again, 1e4)
        assert keeps_its_text(line_texts(paragraph), COMPOUNDS), width
        first, rest = paragraph.split(width, 2 * style.leading)
        rest.wrap(width, 1e4)
        assert keeps_its_text(line_texts(first) + line_texts(rest), COMPOUNDS), width


def test_a_justified_url_breaks_after_any_of_its_break_characters() -> None:
    # Not only after a slash (ReportLab's own places): after `- . _ ? & =` too, and
    # the line is justified (set to the measure), not ended early by a forced break.
    theme = check_brief(BRIEF, package_assets(), "standard").theme
    style = paragraph_styles(theme)["body"]
    text = f"The complete record is published at {URL} for anyone who wants the figures."
    elsewhere = 0
    for width in range(260, 490, 6):
        paragraph = Para(text.replace("&", "&amp;"), style)
        paragraph.wrap(width, 1e4)
        lines = paragraph.blPara.lines
        texts = line_texts(paragraph)
        assert URL in "".join("".join(texts).split()), width  # nothing added inside it
        for line, words in zip(lines[:-1], texts, strict=False):
            assert not getattr(line, "lineBreak", False), (width, words)
            last = words.rstrip()[-1]
            elsewhere += last in "-._?&=" and words.split()[-1] in URL
    assert elsewhere >= 5


def test_a_url_breaks_after_its_scheme_and_break_characters_leaving_a_real_tail() -> None:
    from briefpack.render.word_items import url_breaks

    url = "https://example.org/source/3"
    heads = [url[:place] for place in url_breaks(url, len("https://"))]
    assert heads == ["https://", "https://example.", "https://example.org/"]
    # `//` is one run; a break never leaves fewer than three characters behind.
    token = "a//b-c.d_e?f&g=hij"
    assert [token[:place] for place in url_breaks(token, 0)] == [
        "a//",
        "a//b-",
        "a//b-c.",
        "a//b-c.d_",
        "a//b-c.d_e?",
        "a//b-c.d_e?f&",
        "a//b-c.d_e?f&g=",
    ]


#: Words whose en_GB patterns allow a break two letters from their end
#: ("hospit-al", "quick-ly", "want-ed"), among others.
TWO_LETTER_TAILS = (
    "The hospital national official political critical general personal medical"
    " festival quickly wanted rapidly started visited recently hospital council"
    " officials travelled publicly annually inspected surprisingly reported."
)


@pytest.mark.parametrize("align", ["justify", "left"])
def test_a_hyphen_takes_at_least_three_letters_to_the_next_line(align: str) -> None:
    checked = check_brief(Path("briefs/clapham.yaml"), package_assets(), "standard")
    style = paragraph_styles(checked.theme)["body"]
    style = style.clone("tails", alignment=4 if align == "justify" else 0)
    tails = []
    for width in range(60, 200, 3):
        paragraph = Para(TWO_LETTER_TAILS, style)
        paragraph.wrap(width, 1e4)
        lines = line_texts(paragraph)
        for line, after in zip(lines, lines[1:], strict=False):
            if line.rstrip().endswith("-"):
                tails.append(re.match(r"[^\W\d_]*", after.strip()).group())  # type: ignore[union-attr]
    assert len(tails) >= 10  # hyphenation happened
    assert min(len(tail) for tail in tails) >= 3, tails


def _widest_gap(paragraph: Para, size: float, space: float) -> float:
    """The widest mean word gap, in ems, of the paragraph's justified lines with spaces."""
    widest = 0.0
    for line in paragraph.blPara.lines[:-1]:
        gaps = "".join(fragment.text for fragment in line.words).strip().count(" ")
        if gaps:
            widest = max(widest, (space + line.extraSpace / gaps) / size)
    return widest


@pytest.mark.parametrize("layout", ["standard", "compact"])
def test_the_lines_of_a_url_may_end_short_so_the_words_before_it_are_not_spread(
    layout: str,
) -> None:
    # A line holding only a piece of a URL cannot be justified: it is set flush
    # left, as ragged text is. Scored as a line that must fill the measure, it
    # made the line of words before it take up the slack (gaps of 1.5 em).
    style = paragraph_styles(check_brief(BRIEF, package_assets(), layout).theme)["body"]
    space = stringWidth(" ", style.fontName, style.fontSize)
    text = f"The complete record is published at {URL} for anyone who wants the figures."
    for width in range(200, 480, 8):
        paragraph = Para(text.replace("&", "&amp;"), style)
        paragraph.wrap(width, 1e4)
        assert URL in "".join("".join(line_texts(paragraph)).split()), width
        assert _widest_gap(paragraph, style.fontSize, space) <= 1.0, (width, line_texts(paragraph))


def test_a_ragged_break_lets_a_line_of_one_piece_end_short() -> None:
    # Four words, then a URL in pieces 50, 14, 90 and 90 wide, then words: at 200
    # the words and the first two pieces fill the first line exactly, and the
    # next line holds two pieces, 20 short. Scored as rigid, that shortfall made
    # the first line end a piece earlier, stretched to 1.75 (over `max_stretch`).
    def items(ragged: bool) -> list[Item]:
        made: list[Item] = []
        for number in range(4):
            made += [Glue(4, 2, 4 / 3)] if number else []
            made.append(Box(30))
        made.append(Glue(4, 2, 4 / 3))
        for number, width in enumerate([50, 14, 90, 90, 26]):
            made += [Penalty(0, 30, ragged=ragged)] if number else []
            made.append(Box(width))
        for _ in range(6):
            made += [Glue(4, 2, 4 / 3), Box(30)]
        return made + paragraph_end()

    ragged = break_paragraph(items(True), [200])
    rigid = break_paragraph(items(False), [200])
    assert ragged is not None and rigid is not None
    assert ragged[0].natural == 200 and ragged[1].natural == 180
    assert rigid[0].ratio > Settings().max_stretch
