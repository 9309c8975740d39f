"""A pack of briefs in several languages: each brief keeps its own, and the pack's
own pages (cover, contents, header, footer) use the pack's `--lang`."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from briefpack.common.diagnostics import BriefError
from briefpack.distribute.pack import PackSpec, check_pack, read_pack_file
from briefpack.pipeline import package_assets
from briefpack.render.pack_writer import render_pack
from conftest import TEST_BRIEFS, check_pdf, invoke_cli, page_texts

FRENCH, GERMAN = TEST_BRIEFS / "lang" / "fr.yaml", TEST_BRIEFS / "lang" / "de.yaml"


def pack_pdf(lang: str | None) -> bytes:
    spec = PackSpec("Revue", None, (FRENCH, GERMAN), lang=lang)
    pdf = render_pack(check_pack(spec, package_assets()))
    check_pdf(pdf)
    return pdf


def words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_pack_speaks_its_first_briefs_language_by_default() -> None:
    pdf = pack_pdf(None)
    pages = [words(text) for text in page_texts(pdf)]
    assert "DOSSIER DE LA RÉDACTION" in pages[0] and "2 sujets" in pages[0]
    assert "Au sommaire" in pages[0] and "Sommaire" in pages[1]
    assert "Page 1 sur" in pages[0]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "fr"
    german = next(page for page in pages if "Wichtigste Ergebnisse" in page)
    assert "30. März 2021" in german  # the German brief keeps its language


def test_lang_sets_the_packs_own_pages() -> None:
    pdf = pack_pdf("de")
    pages = [words(text) for text in page_texts(pdf)]
    assert "BRIEFING-MAPPE" in pages[0] and "2 Themen" in pages[0] and "Inhalt" in pages[1]
    assert "SPERRFRIST BIS" in pages[0] and "Seite 1 von" in pages[0]
    assert any("Principales conclusions" in page for page in pages)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "de"
        assert "Briefings: " in str(document.docinfo["/Subject"])


def test_a_pack_files_unknown_lang_is_located(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        f"title: Revue\nlang: fre\nbriefs:\n  - {FRENCH}\n  - {GERMAN}\n", encoding="utf-8"
    )
    spec = read_pack_file(pack, "pack.yaml", package_assets())
    with pytest.raises(BriefError) as raised:
        check_pack(spec, package_assets())
    (problem,) = raised.value.diagnostics
    assert problem.position is not None and (problem.position.line, problem.position.column) == (
        2,
        7,
    )
    assert "'fre' is an unknown language tag (did you mean 'fr'?)" in problem.message


def test_cli_pack_lang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke_cli(["pack", str(FRENCH), str(GERMAN), "--title", "Revue", "--lang", "el"])
    assert result.exit_code == 0, result.output
    assert "ΦΑΚΕΛΟΣ ΕΝΗΜΕΡΩΣΗΣ" in page_texts((tmp_path / "out" / "revue.pdf").read_bytes())[0]
    result = invoke_cli(["pack", str(FRENCH), "--title", "Revue", "--lang", "xx-YY"])
    assert result.exit_code == 1
    assert "--lang: 'xx-YY' is an unknown language tag" in result.output


def test_the_packs_words_never_come_from_one_briefs_labels(tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.yaml"
    labelled.write_text(
        FRENCH.read_text(encoding="utf-8")
        + "labels:\n  pack_kicker: Revue maison\n  page: Folio {page}\n",
        encoding="utf-8",
    )
    for order in ((labelled, GERMAN), (GERMAN, labelled)):
        pdf = render_pack(check_pack(PackSpec("Revue", None, order, lang="fr"), package_assets()))
        cover = words(page_texts(pdf)[0])
        assert "DOSSIER DE LA RÉDACTION" in cover and "Page 1 sur" in cover
        assert "REVUE MAISON" not in cover.upper() and "Folio" not in cover
    pdf = render_pack(check_pack(PackSpec("Revue", None, (labelled, GERMAN)), package_assets()))
    cover = words(page_texts(pdf)[0])
    assert "DOSSIER DE LA RÉDACTION" in cover and "Folio" not in cover


def test_a_pack_language_without_labels_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke_cli(["pack", str(FRENCH), "--title", "Revue", "--lang", "ru"])
    assert result.exit_code == 0, result.output
    assert "warning: --lang: no labels for 'ru' in locales/" in result.output
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"title: Revue\nlang: ru\nbriefs:\n  - {FRENCH}\n", encoding="utf-8")
    checked = check_pack(read_pack_file(pack, "pack.yaml", package_assets()), package_assets())
    (warned,) = [w for w in checked.warnings if "no labels for 'ru'" in w.message]
    assert warned.position is not None and (warned.position.line, warned.position.column) == (2, 7)
    french = check_pack(PackSpec("Revue", None, (FRENCH,), lang="fr"), package_assets())
    assert not any("no labels" in w.message for w in french.warnings)


def test_a_pack_language_the_fonts_cannot_draw_says_so() -> None:
    checked = check_pack(PackSpec("Revue", None, (FRENCH,), lang="ja"), package_assets())
    messages = [w.message for w in checked.warnings]
    assert "--lang: Japanese ('ja') is written in CJK script, which the fonts cannot draw" in (
        " ".join(messages)
    )
