"""The label files in locales/: complete, named as CLDR names their language, and
checked with positioned errors like layouts."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel import Locale

from briefpack.brief.language import LABELS
from briefpack.common.diagnostics import BriefError
from briefpack.layout.locales import load_locale, locale_files
from briefpack.pipeline import package_assets

SHIPPED = sorted(locale_files(package_assets().locales_dir))


def test_the_shipped_languages() -> None:
    assert SHIPPED == ["de", "el", "en", "es", "fr", "it", "nl", "pt"]


@pytest.mark.parametrize("tag", SHIPPED)
def test_a_locale_gives_every_label_and_names_its_language_as_cldr_does(tag: str) -> None:
    locale = load_locale(locale_files(package_assets().locales_dir)[tag])
    assert set(locale.labels.given()) == set(LABELS)
    assert locale.name == Locale.parse(tag).get_display_name(tag).split(" (")[0]
    assert "{page}" in locale.labels.page and "{pages}" in locale.labels.page
    assert locale.quote_start != locale.quote_end or tag == "de"


def write_locale(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "xx.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_label_is_an_error_at_the_labels(tmp_path: Path) -> None:
    english = (package_assets().locales_dir / "en.yaml").read_text(encoding="utf-8")
    text = "\n".join(line for line in english.splitlines() if "pack_contents" not in line)
    with pytest.raises(BriefError) as raised:
        load_locale(write_locale(tmp_path, text))
    (problem,) = raised.value.diagnostics
    assert "missing pack_contents" in problem.message
    assert problem.position is not None
    assert problem.position.line == text.splitlines().index("labels:") + 1


def test_a_label_with_a_typo_is_located_with_the_closest(tmp_path: Path) -> None:
    english = (package_assets().locales_dir / "en.yaml").read_text(encoding="utf-8")
    text = english.replace("  pack_contents:", "  pack_content:")
    with pytest.raises(BriefError) as raised:
        load_locale(write_locale(tmp_path, text))
    messages = [problem.message + str(problem.hint) for problem in raised.value.diagnostics]
    assert any("unknown key 'pack_content'" in m and "pack_contents" in m for m in messages)
