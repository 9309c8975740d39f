"""disk_cache: parsed hyphenation patterns and fonts kept on disk, never read stale or broken."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pyphen
import pytest
import reportlab
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont

from briefpack.common.disk_cache import cache_folder, entry_for, read_entry, write_entry
from briefpack.layout.hyphenation import load_patterns
from briefpack.pipeline import package_assets
from briefpack.render.fonts import load_font
from conftest import BRIEFS, run_cli

WORDS = ("hyphenation", "constabulary", "investigation", "commissioner", "demonstration")
NOTO_SERIF = package_assets().fonts_dir / "noto" / "NotoSerif-Regular.ttf"
#: A face of 2048 units per em (Noto has 1000), shipped with ReportLab.
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the test's own, and no patterns loaded in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFPACK_CACHE_DIR", str(folder))
    monkeypatch.setattr(pyphen, "hdcache", {})
    return folder


@pytest.fixture
def dictionary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the en_GB patterns, which pyphen then uses for en_GB, for a test to change."""
    copy = tmp_path / "hyph_en_GB.dic"
    shutil.copy(pyphen.LANGUAGES["en_GB"], copy)
    monkeypatch.setitem(pyphen.LANGUAGES, "en_GB", copy)
    return copy


def hyphenated() -> list[str]:
    return [pyphen.Pyphen(lang="en_GB").inserted(word) for word in WORDS]


def loaded_from_cache(monkeypatch: pytest.MonkeyPatch) -> pyphen.HyphDict:
    """en_GB loaded again in a process that cannot parse a .dic file."""

    def refuse(self: pyphen.HyphDict, path: Path) -> None:
        raise AssertionError(f"{path} was parsed instead of read from the cache")

    pyphen.hdcache.clear()
    with monkeypatch.context() as patch:
        patch.setattr(pyphen.HyphDict, "__init__", refuse)
        load_patterns("en_GB")
    return pyphen.hdcache[pyphen.LANGUAGES["en_GB"]]


def load_afresh() -> pyphen.HyphDict:
    pyphen.hdcache.clear()
    load_patterns("en_GB")
    return pyphen.hdcache[pyphen.LANGUAGES["en_GB"]]


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_patterns_are_written_on_first_use_and_read_on_the_next(
    cache: Path, dictionary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = pyphen.HyphDict(dictionary)
    expected = hyphenated()  # pyphen's own parse: nothing was cached yet
    assert expected[0] == "hy-phen-a-tion"
    assert cache_files(cache) == []

    load_afresh()
    (written,) = cache_files(cache)
    assert written.name.startswith("hyphenation-hyph_en_GB-") and written.suffix == ".marshal"

    read = loaded_from_cache(monkeypatch)
    assert read.patterns == own.patterns and read.maxlen == own.maxlen and read.cache == {}
    assert hyphenated() == expected


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 1]), id="one bit flipped"),
        pytest.param(lambda data: b"\x00" * len(data), id="zeros"),
        pytest.param(lambda data: os.urandom(len(data)), id="noise"),
    ],
)
def test_a_damaged_entry_is_parsed_again_and_rewritten(
    cache: Path, dictionary: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    own = pyphen.HyphDict(dictionary)
    load_afresh()
    (written,) = cache_files(cache)
    written.write_bytes(damage(written.read_bytes()))

    loaded = load_afresh()
    assert (loaded.patterns, loaded.maxlen) == (own.patterns, own.maxlen)
    read = loaded_from_cache(monkeypatch)  # rewritten whole
    assert (read.patterns, read.maxlen) == (own.patterns, own.maxlen)
    assert cache_files(cache) == [written]  # and no temporary file left behind


def test_a_folder_that_cannot_be_written_only_costs_time(
    tmp_path: Path, dictionary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file where the folder would be: mkdir fails even for root.
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    monkeypatch.setenv("BRIEFPACK_CACHE_DIR", str(tmp_path / "not-a-folder" / "cache"))
    monkeypatch.setattr(pyphen, "hdcache", {})
    expected = pyphen.HyphDict(dictionary).patterns
    assert load_afresh().patterns == expected


def test_changed_patterns_are_never_read_stale(
    cache: Path, dictionary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_afresh()
    before = dictionary.stat()

    # Same size, one digit changed: only the modification time tells.
    text = dictionary.read_text(encoding="utf-8")
    assert "\n.ace4\n" in text
    dictionary.write_text(text.replace("\n.ace4\n", "\n.ace2\n"), encoding="utf-8")
    os.utime(dictionary, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert dictionary.stat().st_size == before.st_size
    changed = pyphen.HyphDict(dictionary).patterns
    assert changed[".ace"] == (4, (2,))
    assert load_afresh().patterns == changed
    assert loaded_from_cache(monkeypatch).patterns == changed

    # A new pattern (the size changes), with the old modification time.
    dictionary.write_text(text + "z1z\n", encoding="utf-8")
    os.utime(dictionary, ns=(before.st_atime_ns, before.st_mtime_ns))
    grown = pyphen.HyphDict(dictionary).patterns
    assert "zz" in grown
    assert load_afresh().patterns == grown
    assert len(cache_files(cache)) == 1  # one entry per dictionary, replaced


def test_briefpack_no_cache_neither_reads_nor_writes(
    cache: Path, dictionary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = entry_for("hyphenation", dictionary, ("pyphen", pyphen.__version__))
    assert entry is not None
    write_entry(entry, ({"zz": (1, (1,))}, 2))  # an entry that would be read if allowed
    assert read_entry(entry) == ({"zz": (1, (1,))}, 2)

    monkeypatch.setenv("BRIEFPACK_NO_CACHE", "1")
    assert entry_for("hyphenation", dictionary, ("pyphen", pyphen.__version__)) is None
    assert load_afresh().patterns == pyphen.HyphDict(dictionary).patterns
    assert cache_files(cache) == [entry.file]
    assert read_entry(entry) == ({"zz": (1, (1,))}, 2)  # left as it was


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CACHE_HOME is the Linux convention")
def test_without_a_folder_named_the_users_cache_folder_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRIEFPACK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "briefpack"
    monkeypatch.setenv("BRIEFPACK_NO_CACHE", "0")
    assert cache_folder() == tmp_path / "briefpack"
    monkeypatch.setenv("BRIEFPACK_NO_CACHE", "1")
    assert cache_folder() is None


def test_patterns_with_nonstandard_hyphenation_are_not_cached(cache: Path) -> None:
    # Hungarian patterns carry nonstandard hyphenation ("ssz" to "sz-sz"): not plain data.
    path = pyphen.LANGUAGES["hu_HU"]
    load_patterns("hu_HU")
    assert pyphen.hdcache[path].patterns == pyphen.HyphDict(path).patterns
    assert cache_files(cache) == []


def test_an_entry_made_by_other_versions_is_not_read(cache: Path, dictionary: Path) -> None:
    old = entry_for("hyphenation", dictionary, ("pyphen", "0.1"))
    new = entry_for("hyphenation", dictionary, ("pyphen", "0.2"))
    assert old is not None and new is not None and old.file == new.file
    write_entry(old, "made by 0.1")
    assert read_entry(old) == "made by 0.1"
    assert read_entry(new) is None


def font_data(font: TTFont) -> dict[str, Any]:
    """Everything a font holds that a render can see, as comparable values."""
    face = vars(font.face)
    data = {f"font.{key}": value for key, value in vars(font).items()}
    data |= {f"face.{key}": value for key, value in face.items()}
    for key in ("font.face", "font.state", "face._pdfScale"):
        del data[key]
    data["font.encoding"] = vars(font.encoding)
    data["face.scaled"] = [font.face._pdfScale(value) for value in (1, 750, 2048)]
    data["names"] = {
        key: (type(value), value.ustr)
        for key, value in face.items()
        if isinstance(value, TTFNameBytes)
    }
    return data


@pytest.mark.parametrize("path", [NOTO_SERIF, VERA], ids=["noto", "vera"])
def test_a_cached_font_is_the_font_reportlab_parses(cache: Path, path: Path) -> None:
    parsed = TTFont("Test-face", str(path))
    first = load_font("Test-face", path)
    assert len(cache_files(cache)) == 1
    again = load_font("Test-face", path)
    assert again.face.charToGlyph is not first.face.charToGlyph  # built from the cache
    assert font_data(first) == font_data(parsed) == font_data(again)
    assert len(again.state) == 0
    # Subsetting reads the file's tables: the same subset, byte for byte.
    subset = [0, *map(ord, "Briefing £€—")]
    assert again.face.makeSubset(subset) == parsed.face.makeSubset(subset)


def test_a_render_gives_the_same_bytes_with_or_without_the_cache(tmp_path: Path) -> None:
    pdfs = {}
    for run, variables in (
        ("cold", {"BRIEFPACK_CACHE_DIR": str(tmp_path / "cache")}),
        ("warm", {"BRIEFPACK_CACHE_DIR": str(tmp_path / "cache")}),
        ("off", {"BRIEFPACK_NO_CACHE": "1"}),
    ):
        target = tmp_path / f"{run}.pdf"
        result = run_cli(
            ["render", str(BRIEFS / "clapham.yaml"), "-o", str(target)], tmp_path, **variables
        )
        assert result.returncode == 0, result.stderr
        pdfs[run] = target.read_bytes()
    # Eight faces, one language's hyphenation patterns, its dates, the sRGB
    # profile of the PDF/A output intent, and ReportLab's compiled patterns.
    assert len(cache_files(tmp_path / "cache")) == 12
    assert pdfs["cold"] == pdfs["warm"] == pdfs["off"]


def test_a_font_changed_behind_the_same_size_and_time_is_parsed_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Subsetting cuts the file's bytes at the offsets the tables give: tables kept
    for other bytes must never be used, even when size and time say nothing."""
    copy = tmp_path / "Face.ttf"
    shutil.copy(VERA, copy)
    load_font("Test-face", copy)
    before = copy.stat()
    data = bytearray(copy.read_bytes())
    data[-100] ^= 0xFF  # inside the last table; size unchanged
    copy.write_bytes(bytes(data))
    os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))

    parses = []
    parse = TTFont.__init__

    def counted(self: TTFont, *args: Any, **kwargs: Any) -> None:
        parses.append(args)
        parse(self, *args, **kwargs)

    monkeypatch.setattr(TTFont, "__init__", counted)
    font = load_font("Test-face", copy)
    assert len(parses) == 1 and font.face._ttf_data == bytes(data)
    load_font("Test-face", copy)
    assert len(parses) == 1  # the entry was made again, for the new bytes


def test_a_cached_font_takes_the_name_and_settings_it_is_registered_with(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_font("Test-face", VERA)
    monkeypatch.setattr(reportlab.rl_config, "ttfAsciiReadable", 0)
    monkeypatch.setattr(reportlab.rl_config, "unShapedFontGlob", ["Other-*"])
    for name in ("Test-face", "Other-face"):
        parsed = TTFont(name, str(VERA))
        cached = load_font(name, VERA)
        assert cached.fontName == parsed.fontName == name
        assert cached._asciiReadable == parsed._asciiReadable == 0
        assert cached.shapable == parsed.shapable
    assert not load_font("Other-face", VERA).shapable
