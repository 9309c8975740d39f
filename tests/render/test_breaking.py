"""Long tokens broken inside the measure (render/breaking.py), read from the lines
ReportLab lays out: where the breaks fall, and that a new width starts afresh."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefpack.render.paragraphs import Para

STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12, splitLongWords=1)
URL = (
    "https://data.example.org/archive/2024/council-records/planning-committee/"
    "minutes-and-supporting-documents/appendix-c_revised_final_v3.pdf?session=7f3a9c2e1b"
    "&amp;query=long+tokens"
)


def lines(paragraph: Any, width: float) -> list[str]:
    paragraph.wrap(width, 10_000)
    found = []
    for line in paragraph.blPara.lines:
        if paragraph.blPara.kind == 0:
            found.append(" ".join(line[1]))
        else:
            found.append("".join(word.text for word in line.words))
    return [line.strip() for line in found]


def test_every_line_of_a_long_url_fits_and_ends_after_a_break_character() -> None:
    found = lines(Para(f"See {URL} and more.", STYLE), 180)
    assert len(found) > 3
    for line in found:
        assert stringWidth(line, "Helvetica", 10) <= 180 + 0.01, line
    inside = found[:-1]  # the last line holds the end of the URL and the words after it
    assert all(line[-1] in "/-._?&=" for line in inside), inside
    assert "".join(found).replace(" and more.", "").replace("See ", "") == URL.replace("&amp;", "&")


def test_a_paragraph_wrapped_at_another_width_breaks_as_if_new() -> None:
    """Table cells and notes are measured at one width and drawn at another: the
    breaks put in for the first width must not stay for the second."""
    again = Para(f"See {URL} and more.", STYLE)
    lines(again, 120)
    assert lines(again, 260) == lines(Para(f"See {URL} and more.", STYLE), 260)


def test_a_line_break_in_the_markup_is_not_a_token_broken_in_two() -> None:
    assert lines(Para("March 30, 2021<br/>6:30 PM", STYLE), 80) == ["March 30, 2021", "6:30 PM"]


def test_a_token_that_starts_late_in_a_line_moves_to_the_next_one() -> None:
    word = "x" * 80
    found = lines(Para(f"Short words then {word} end", STYLE), 200)
    assert found[0] == "Short words then"
    assert "".join(found[1:]).replace("end", "") == word


def test_a_line_ended_before_a_token_keeps_no_space_at_its_end() -> None:
    """A no-break space in the text (French, a balanced headline) made ReportLab
    keep the space before a break put in, in the text of the line (not in its width)."""
    token = "31bca02094eb78126a517b206a88c73cfa9ec6f704c7030d18212cace820f025"
    right = STYLE.clone("right", alignment=2)
    paragraph = Para(f"Le rapport\u00a0: un hachage, {token}.", right)
    paragraph.wrap(200, 10_000)
    first = paragraph.blPara.lines[0]
    text = "".join(word.text for word in first.words)
    assert text == "Le rapport\u00a0: un hachage,"
    assert first.extraSpace == pytest.approx(200 - stringWidth(text, "Helvetica", 10))
