"""Long URLs, hashes and file names (tests/briefs/long-tokens.yaml) break inside
their frames in every layout, where a reader expects, and lose nothing: the text
and the links still give every URL whole."""

from __future__ import annotations

from io import BytesIO

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

import frame_check
from briefpack.brief.model import Brief
from briefpack.pipeline import check_brief, package_assets
from conftest import LAYOUTS, TEST_BRIEFS, render, uri_links
from tagged_pdf import read_tagged

LONG = TEST_BRIEFS / "long-tokens.yaml"
BREAK_AFTER = "/-._?&="


def brief() -> Brief:
    return check_brief(LONG, package_assets(), "standard").validated.brief


def urls() -> list[str]:
    return [source.url for source in brief().sources.values() if source.url]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_glyph_is_inside_the_margins_and_nothing_is_lost(layout: str) -> None:
    checked = check_brief(LONG, package_assets(), layout)
    pdf = render(LONG, layout)
    assert frame_check.strays(pdf, checked.theme) == []
    assert frame_check.missing(pdf, frame_check.brief_texts(brief(), checked.theme.blocks)) == {}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_urls_read_whole_and_no_hyphen_is_added(layout: str) -> None:
    """Line breaks inside a URL add nothing: joined again, the lines give it exactly,
    in the page text and in the structure tree's text."""
    pdf = render(LONG, layout)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    joined = text.replace("\n", "")
    tagged = read_tagged(pdf).text
    for url in urls():
        assert len(url) > 60
        assert url in joined
        assert url in tagged.replace("\n", "")
    assert any(len(url) >= 200 for url in urls())


def _lines_of(pdf: bytes, url: str) -> list[tuple[int, list[tuple[str, tuple[float, ...]]]]]:
    """Each place `url` is printed: its page, and its characters with their boxes."""
    found = []
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        page = document[index].get_textpage()
        chars = [(page.get_text_range(i, 1), i) for i in range(page.count_chars())]
        # pdfium reports a hyphen that ends a line as U+FFFE or U+0002.
        chars = [("-" if char in "\ufffe\u0002" else char, i) for char, i in chars]
        printed = [(char, i) for char, i in chars if char not in "\r\n"]
        text = "".join(char for char, _ in printed)
        start = text.find(url)
        while start >= 0:
            run = printed[start : start + len(url)]
            found.append((index, [(char, page.get_charbox(i)) for char, i in run]))
            start = text.find(url, start + 1)
    document.close()
    return found


def test_urls_break_after_slashes_and_punctuation_in_the_compact_layout() -> None:
    """Wherever a URL is printed (notes, body, summary, table cells), each line
    break inside it comes after one of / - . _ ? & =, unless the stretch between
    two of those is too long for any line (the 120-character hash in a path)."""
    pdf = render(LONG, "compact")
    for url in urls():
        places = _lines_of(pdf, url)
        assert places, url
        for _, chars in places:
            # A new line starts where a character sits left of the one before it.
            breaks = [k for k in range(1, len(chars)) if chars[k][1][0] < chars[k - 1][1][0]]
            assert breaks, url  # every URL of the brief is too long for one column line
            for k in breaks:
                if url[k - 1] in BREAK_AFTER:
                    continue
                start = max(url.rfind(c, 0, k) for c in BREAK_AFTER) + 1
                ends = [url.find(c, k) for c in BREAK_AFTER if url.find(c, k) >= 0]
                stretch = url[start : min(ends, default=len(url))]
                assert len(stretch) > 60, (url, url[:k])


def test_the_link_of_a_note_covers_its_whole_url_across_lines() -> None:
    pdf = render(LONG, "compact")
    reader = PdfReader(BytesIO(pdf))
    for url in urls():
        assert url in uri_links(pdf)
        covered = False
        for page, chars in _lines_of(pdf, url):
            rects = [
                [float(v) for v in annotation.get_object()["/Rect"]]
                for annotation in reader.pages[page].get("/Annots") or []
                if str(annotation.get_object().get("/A", {}).get("/URI", "")) == url
            ]
            inside = [
                any(
                    r[0] - 0.5 <= (box[0] + box[2]) / 2 <= r[2] + 0.5
                    and r[1] - 0.5 <= (box[1] + box[3]) / 2 <= r[3] + 0.5
                    for r in rects
                )
                for _, box in chars
            ]
            covered = covered or (bool(rects) and all(inside))
        assert covered, url


def test_a_header_too_narrow_for_a_long_token_shows_its_start(tmp_path: object) -> None:
    from briefpack.render.page_furniture import fit_text

    token = "31bca02094eb78126a517b206a88c73cfa9ec6f704c7030d18212cace820f025"
    fitted = fit_text(token, "Helvetica", 10, 100)
    assert fitted.endswith("…") and token.startswith(fitted[:-1]) and len(fitted) > 5
    assert fit_text("short", "Helvetica", 10, 100) == "short"


@pytest.mark.parametrize(
    ("title", "shortened"),
    [
        ("Watchdog clears Met officers of heavy-handed policing", "Watchdog clears Met officers…"),
        ("Edge cases for the layout (long timeline, long notes)", "Edge cases for the layout…"),
        ("Findings: timeline, notes and figures", "Findings: timeline…"),
        ("Le conseil a adopté le budget", "Le conseil…"),
        ("Brexit talks stall as UK and EU disagree", "Brexit talks stall as UK…"),
        ("Ministers: plan for cuts", "Ministers: plan…"),
        ("정부 예산 국회 통과 발표 내용 정리", "정부 예산 국회…"),
    ],
)
def test_a_shortened_running_head_ends_where_a_phrase_may(title: str, shortened: str) -> None:
    # Room for the words up to and including the one the ellipsis must not follow.
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from briefpack.render.page_furniture import fit_text

    kept = title[: title.index(" ", len(shortened) - 1)]
    room = stringWidth(kept + " xx…", "Helvetica", 8)
    assert fit_text(title, "Helvetica", 8, room) == shortened
