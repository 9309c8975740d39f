"""Text the story prints beyond the brief's words: dates, embargoes, capitalised styles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefpack.common.diagnostics import BriefError
from briefpack.pipeline import check_brief, package_assets, render_brief
from briefpack.render.dates import format_date, format_embargo, format_partial_date
from conftest import internal_links, page_texts


@pytest.mark.parametrize(
    ("offset", "zone"),
    [
        (dt.timedelta(hours=1), "UTC+01:00"),
        (dt.timedelta(hours=-3, minutes=-30), "UTC-03:30"),
        (dt.timedelta(minutes=-30), "UTC-00:30"),
        (dt.timedelta(hours=5, minutes=45), "UTC+05:45"),
        (dt.timedelta(0), "UTC"),
    ],
)
def test_embargo_prints_its_offset(offset: dt.timedelta, zone: str) -> None:
    when = dt.datetime(2021, 3, 30, 0, 1, tzinfo=dt.timezone(offset))
    assert format_embargo(when) == f"00:01 {zone} ON 30 MARCH 2021"


def test_dates_are_english_whatever_the_locale() -> None:
    assert format_date(dt.date(2021, 3, 30)) == "30 March 2021"
    from briefpack.brief.values import PartialDate

    assert format_partial_date(PartialDate(2021, 12)) == "December 2021"
    assert format_partial_date(PartialDate(2021)) == "2021"


def test_a_citation_in_a_capitalised_heading_keeps_its_marker(tmp_path: Path) -> None:
    brief = tmp_path / "upper.yaml"
    brief.write_text(
        "title: Test material\ndate: 2024-01-01\nsummary:\n  text: x\n"
        "sections:\n  - heading: A heading that cites[^only]\n    body: Words.\n"
        "sources:\n  only:\n    title: The only source\n",
        encoding="utf-8",
    )
    pdf = render_brief(brief, package_assets(), "compact").pdf  # compact capitalises headings
    text = " ".join(page_texts(pdf))
    assert "A HEADING THAT CITES" in text
    assert "The only source" in text
    assert len(internal_links(pdf)) == 1


def test_an_inline_link_without_a_host_is_refused(tmp_path: Path) -> None:
    brief = tmp_path / "link.yaml"
    brief.write_text(
        "title: T\ndate: 2024-01-01\nsummary:\n  text: see [x](https:example.org)\n",
        encoding="utf-8",
    )
    with pytest.raises(BriefError) as raised:
        check_brief(brief, package_assets())
    (problem,) = raised.value.diagnostics
    assert "has no address" in problem.message
    assert problem.position is not None
    assert (problem.position.line, problem.position.column) == (4, 17)  # the URL itself


def test_non_ascii_digits_are_not_a_date(tmp_path: Path) -> None:
    brief = tmp_path / "digits.yaml"
    brief.write_text("title: T\ndate: ٢٠٢١-٠٣-٣٠\nsummary:\n  text: x\n", encoding="utf-8")
    with pytest.raises(BriefError) as raised:
        check_brief(brief, package_assets())
    assert "is not a date" in raised.value.diagnostics[0].message
