"""Property-based tests: generated briefs render to valid PDFs that say what the brief
says, and mutated ones fail with a located message, never a traceback.

The CI run is bounded (the `ci` profile, set in conftest.py); for a longer search:

    python -m pytest tests/render/test_properties.py --hypothesis-profile=long
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from briefpack.cli import app
from briefpack.pipeline import package_assets, render_brief
from conftest import page_texts

#: Characters the bundled fonts print: Latin with accents, Greek, Cyrillic,
#: typographic punctuation, and markup-like characters that must print literally.
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "éèêëàâäçñöüßøåæœÉÀÇÑÖÜ"
    "αβγδεζηθλμπσωΑΒΓΔΩабвгдежзийклмнопрстуфхцчшщыэюяАБВГДЖЗИЙ"
    ".,;:!?'\"()-–—…’‘“”£€%/<>&@#+="
)
word = st.text(alphabet=ALPHABET, min_size=1, max_size=18).filter(lambda w: w.strip() == w)
words = st.lists(word, min_size=1, max_size=25).map(" ".join)
key = st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True)
day = st.dates(min_value=__import__("datetime").date(1990, 1, 1)).map(lambda d: d.isoformat())


@st.composite
def briefs(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(key, min_size=1, max_size=5, unique=True))
    cited = st.lists(st.sampled_from(keys), max_size=3, unique=True)
    return {
        "title": draw(words),
        "date": draw(day),
        "summary": {
            "text": draw(words),
            "points": draw(st.lists(words, min_size=1, max_size=4)),
        },
        "findings": [
            {"text": text, "verdict": verdict, "sources": sources}
            for text, verdict, sources in draw(st.lists(st.tuples(words, word, cited), max_size=6))
        ],
        "sections": [
            {"heading": heading, "body": "\n\n".join(paragraphs) + f"[^{keys[0]}]"}
            for heading, paragraphs in draw(
                st.lists(
                    st.tuples(words, st.lists(words, min_size=1, max_size=4)),
                    min_size=1,
                    max_size=4,
                )
            )
        ],
        "timeline": [
            {"date": date, "event": event, "sources": sources}
            for date, event, sources in draw(st.lists(st.tuples(day, words, cited), max_size=12))
        ],
        "sources": {k: {"title": draw(words), "publisher": draw(words)} for k in keys},
    }


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def write(folder: Path, brief: dict[str, Any]) -> Path:
    # JSON is YAML: every value is a quoted string, so nothing is retyped.
    path = folder / "generated.yaml"
    path.write_text(json.dumps(brief, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@given(brief=briefs())
def test_generated_briefs_render_and_say_what_they_say(
    tmp_path_factory: Any, brief: dict[str, Any]
) -> None:
    path = write(tmp_path_factory.mktemp("valid"), brief)
    rendered = render_brief(path, package_assets())  # the PDF is checked by conftest
    text = squeeze(" ".join(page_texts(rendered.pdf)))
    assert squeeze(brief["title"]) in text
    assert squeeze(brief["summary"]["text"]) in text
    for section in brief["sections"]:
        assert squeeze(section["heading"]) in text or squeeze(section["heading"]).upper() in text
    for row in brief["timeline"]:
        assert squeeze(row["event"])[:12] in text


def _drop(path: tuple[Any, ...]) -> Any:
    def mutate(brief: dict[str, Any]) -> None:
        target = brief
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return mutate


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def mutate(brief: dict[str, Any]) -> None:
        target = brief
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


MUTATIONS = {
    "drop title": _drop(("title",)),
    "drop date": _drop(("date",)),
    "drop summary": _drop(("summary",)),
    "unknown key": _set(("titel",), "x"),
    "unknown summary key": _set(("summary", "txet"), "x"),
    "bad date": _set(("date",), "30/03/2021"),
    "impossible date": _set(("date",), "2021-02-30"),
    "bad slug": _set(("slug",), "Not A Slug"),
    "bad embargo": _set(("embargo",), "tomorrow"),
    "findings not a list": _set(("findings",), "several"),
    "section without body": _drop(("sections", 0, "body")),
    "undefined citation": _set(("sections", 0, "body"), "See [^nowhere-defined]."),
    "javascript url": _set(("sources", "extra"), {"title": "t", "url": "javascript:alert(1)"}),
    "file url": _set(("sources", "extra"), {"title": "t", "url": "file:///etc/passwd"}),
    "bad inline link": _set(("summary", "text"), "[click](javascript:alert(1))"),
    "quote without sources": _set(("quotes",), [{"text": "q", "speaker": "s"}]),
    "bad timeline date": _set(("timeline",), [{"date": "2021-13", "event": "e"}]),
    "bad time": _set(("timeline",), [{"date": "2021-01-01", "time": "25:61", "event": "e"}]),
    "unknown layout": _set(("layout",), "no-such-layout"),
    "summary empty": _set(("summary",), {"title": "Only a title"}),
}


@settings(max_examples=settings().max_examples * 2)
@given(brief=briefs(), mutation=st.sampled_from(sorted(MUTATIONS)))
def test_mutated_briefs_fail_with_a_located_message(
    tmp_path_factory: Any, brief: dict[str, Any], mutation: str
) -> None:
    MUTATIONS[mutation](brief)
    path = write(tmp_path_factory.mktemp("invalid"), brief)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, (mutation, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors, (mutation, result.stderr)
    for line in errors:
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: error: ", line), line


#: The inline language's own characters too: emphasis, brackets, links, notes.
MARKUP = ALPHABET + "*_[]()^\\`!:\n "
markup_text = st.text(alphabet=MARKUP, min_size=1, max_size=60).filter(lambda t: t.strip())


@given(texts=st.lists(markup_text, min_size=1, max_size=5))
def test_any_inline_text_renders_or_fails_with_a_located_message(
    tmp_path_factory: Any, texts: list[str]
) -> None:
    from briefpack.common.diagnostics import BriefError

    brief = {
        "title": texts[0],
        "date": "2024-01-01",
        "summary": {"points": texts},
        "sections": [{"heading": "H", "body": "\n\n".join(texts)}],
    }
    path = write(tmp_path_factory.mktemp("markup"), brief)
    try:
        render_brief(path, package_assets())  # the PDF is checked by conftest
    except BriefError as invalid:  # e.g. a [^key] citing nothing, or a bad link
        assert all(d.position is not None for d in invalid.diagnostics)
