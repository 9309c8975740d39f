"""Page 1 of the standard layout: how much of the example brief it carries."""

from __future__ import annotations

from briefpack.brief.inline import parse_inline, plain_text
from conftest import BRIEFS, page_texts, render
from render.test_render import brief_of, flat

CLAPHAM = BRIEFS / "clapham.yaml"


def words(text: str) -> str:
    """The first words of a piece of brief text, as they print (markup undone)."""
    return " ".join(plain_text(parse_inline(text)).split()[:6])


def test_page_one_of_the_standard_layout_carries_every_finding_and_the_first_section() -> None:
    brief = brief_of(CLAPHAM)
    page_one = flat(page_texts(render(CLAPHAM, "standard"))[0])
    assert len(brief.findings) >= 5
    for finding in brief.findings:
        assert words(finding.text) in page_one
    section = brief.sections[0]
    assert section.heading in page_one
    # The heading comes with at least two lines of its first paragraph.
    opening = page_one.split(section.heading, 1)[1]
    assert words(section.paragraphs[0]) in opening
    assert len(opening.split()) >= 20
