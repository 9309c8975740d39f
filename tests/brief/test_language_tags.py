"""Language tags: every tag CLDR knows is accepted as written, including the short
forms whose script CLDR's likely subtags supply, and a mistake gets the right tag."""

from __future__ import annotations

import json

import pytest
from pydantic_core import PydanticCustomError

from briefpack.brief.language import normal_tag
from conftest import ROOT


@pytest.mark.parametrize("tag", ["zh-TW", "zh-CN", "zh-HK", "sr-RS", "sr-ME", "uz-UZ", "fr-CA"])
def test_a_region_tag_that_leaves_out_the_script_is_accepted(tag: str) -> None:
    assert normal_tag(tag) == tag


@pytest.mark.parametrize("tag", ["zh-TW", "zh-CN", "sr-RS"])
def test_the_schemas_list_of_tags_has_them(tag: str) -> None:
    schema = json.loads((ROOT / "schema" / "brief.schema.json").read_text(encoding="utf-8"))
    assert tag in json.dumps(schema)


@pytest.mark.parametrize(
    ("written", "suggested"), [("iw", "he"), ("in", "id"), ("ji", "yi"), ("zh-tw", "zh-TW")]
)
def test_an_old_or_miswritten_tag_suggests_the_right_one(written: str, suggested: str) -> None:
    with pytest.raises(PydanticCustomError) as raised:
        normal_tag(written)
    assert f"'{suggested}'" in raised.value.message()
