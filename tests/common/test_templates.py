"""The placeholders of a `str.format` template, read as `str.format` reads them."""

from __future__ import annotations

import pytest

from briefpack.common.templates import template_fields, unknown_field


def test_each_field_as_written() -> None:
    assert template_fields("{title} {{not}} {page:>3} {name!r} {} {0}") == [
        "title",
        "page:>3",
        "name!r",
        "",
        "0",
    ]


@pytest.mark.parametrize(
    ("template", "unknown"),
    [
        ("Page {page} of {pages}", None),
        ("{{literal}} only", None),
        ("{page} {titel}", "titel"),
        ("{page!r}", "page!r"),
        ("{page:>3}", "page:>3"),
        ("{page.real}", "page.real"),
        ("{}", ""),
    ],
)
def test_the_first_unknown_field(template: str, unknown: str | None) -> None:
    assert unknown_field(template, ("page", "pages")) == unknown


@pytest.mark.parametrize("template", ["{", "}", "{page", "page}"])
def test_an_unmatched_brace(template: str) -> None:
    with pytest.raises(ValueError):
        template_fields(template)
