"""Briefs in other languages: labels, dates, quote marks, spacing and `/Lang`, read
back from the PDF. The expected words are written here by hand, not read from
`locales/`, so a wrong label file fails."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from reportlab.platypus import Paragraph

from briefpack.brief.values import PartialDate
from briefpack.pipeline import check_brief, package_assets, render_brief
from briefpack.render.dates import format_date, format_embargo, format_partial_date, format_time
from briefpack.render.page_templates import body_frame_geometry
from briefpack.render.story import Story, StoryBuilder
from briefpack.render.typography import french_spacing, respace
from conftest import TEST_BRIEFS, line_texts, page_texts, render, run_cli

LANG_BRIEFS = TEST_BRIEFS / "lang"


def text_of(pdf: bytes) -> str:
    """All the text of a PDF, with runs of spaces (no-break ones too) made one space."""
    return " ".join(" ".join(page_texts(pdf)).replace("\u00a0", " ").split())


def build_story(path: Path) -> Story:
    """The story of a brief in the standard layout, as the render builds it."""
    checked = check_brief(path, package_assets())
    _, _, width, height, column = body_frame_geometry(checked.theme)
    return StoryBuilder(
        checked.validated.brief,
        checked.theme,
        {},
        column,
        height,
        width,
        0,
        checked.language,
        checked.element_languages,
    ).build()


def flowables(parts: Iterable[Any]) -> Iterator[Any]:
    """Every flowable of a story, inside tables and kept-together groups too."""
    for part in parts:
        yield part
        yield from flowables(getattr(part, "_content", ()))
        for row in getattr(part, "_cellvalues", ()):
            yield from flowables(cell for cell in row if not isinstance(cell, str))


def story_text(path: Path) -> str:
    """The text of every paragraph of a brief's story, as ReportLab will set it (the
    PDF's text cannot tell a no-break space from a space)."""
    story = build_story(path)
    texts = [
        "".join(getattr(frag, "text", "") for frag in part.frags)
        for part in flowables([*story.lead, *story.body])
        if isinstance(part, Paragraph)
    ]
    return "\n".join(texts)


def catalog_lang(pdf: bytes) -> str:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return str(document.Root.Lang)


#: (brief, /Lang, labels, dates, the quote as printed)
SHIPPED = [
    (
        "fr",
        "fr",
        ["L’ESSENTIEL", "Principales conclusions", "Chronologie", "ÉVÉNEMENT", "Page 1 sur"],
        ["30 mars 2021", "mars 2021", "SOUS EMBARGO JUSQU’AU 30 MARS 2021, 00:01 (UTC+01:00)"],
        "« Ce budget prépare la commune aux dix prochaines années. »",
    ),
    (
        "de",
        "de",
        ["ZUSAMMENFASSUNG", "Wichtigste Ergebnisse", "Chronologie", "EREIGNIS", "Seite 1 von"],
        ["30. März 2021", "März 2021", "SPERRFRIST BIS 30. MÄRZ 2021, 00:01 UHR (UTC+02:00)"],
        "„Dieser Haushalt bereitet die Gemeinde auf die nächsten zehn Jahre vor.“",
    ),
    (
        "es",
        "es",
        ["RESUMEN", "Principales conclusiones", "Cronología", "FECHA", "Página 1 de"],
        ["30 de marzo de 2021", "marzo de 2021", "EMBARGADO HASTA EL 30 DE MARZO DE 2021"],
        "«Este presupuesto prepara al municipio para los próximos diez años.»",
    ),
    (
        "it",
        "it",
        ["IN SINTESI", "Punti chiave", "Cronologia", "EVENTO", "Pagina 1 di"],
        ["30 marzo 2021", "marzo 2021", "EMBARGO FINO AL 30 MARZO 2021, ORE 00:01"],
        "«Questo bilancio prepara il comune ai prossimi dieci anni.»",
    ),
    (
        "pt",
        "pt",
        ["RESUMO", "Principais conclusões", "Cronologia", "ACONTECIMENTO", "Página 1 de"],
        ["30 de março de 2021", "março de 2021", "EMBARGADO ATÉ 30 DE MARÇO DE 2021, ÀS 00:01"],
        "“Este orçamento prepara a cidade para os próximos dez anos.”",
    ),
    (
        "nl",
        "nl",
        ["SAMENVATTING", "Belangrijkste bevindingen", "Tijdlijn", "GEBEURTENIS", "Pagina 1 van"],
        ["30 maart 2021", "maart 2021", "EMBARGO TOT 30 MAART 2021, 00.01 UUR"],
        "‘Deze begroting bereidt de gemeente voor op de komende tien jaar.’",
    ),
    (
        "el",
        "el",
        ["ΣΥΝΟΨΗ", "Βασικά συμπεράσματα", "Χρονολόγιο", "ΓΕΓΟΝΟΣ", "Σελίδα 1 από"],
        ["30 Μαρτίου 2021", "Μάρτιος 2021", "ΕΜΠΑΡΓΚΟ ΕΩΣ 30 ΜΑΡΤΙΟΥ 2021"],
        "«Αυτός ο προϋπολογισμός προετοιμάζει τον δήμο για την επόμενη δεκαετία.»",
    ),
    (
        "en-US",
        "en-US",
        ["SUMMARY", "Key findings", "Timeline", "EVENT", "Page 1 of"],
        ["March 30, 2021", "6:30 PM", "EMBARGOED UNTIL 12:01 AM UTC-04:00 ON MARCH 30, 2021"],
        "“This budget prepares the city for the next ten years.”",
    ),
]


@pytest.mark.parametrize(
    ("name", "lang", "labels", "dates", "quote"), SHIPPED, ids=[case[0] for case in SHIPPED]
)
def test_a_brief_prints_its_languages_words_dates_and_quote_marks(
    name: str, lang: str, labels: list[str], dates: list[str], quote: str
) -> None:
    pdf = render(LANG_BRIEFS / f"{name}.yaml")
    text = text_of(pdf)
    for expected in [*labels, *dates, quote]:
        assert expected in text, f"{expected!r} not in the {name} PDF"
    assert catalog_lang(pdf) == lang
    for english in ("Key findings", "EMBARGOED", "Page 1 of") if lang != "en-US" else ():
        assert english not in text


@pytest.mark.parametrize("name", [case[0] for case in SHIPPED])
def test_every_shipped_language_renders_without_warnings(name: str) -> None:
    for layout in ("standard", "compact", "print"):
        checked = check_brief(LANG_BRIEFS / f"{name}.yaml", package_assets(), layout)
        assert checked.warnings == ()


def test_a_brief_without_lang_is_british_english() -> None:
    pdf = render(TEST_BRIEFS / "minimal.yaml")
    assert catalog_lang(pdf) == "en-GB"
    assert "8 May 2024" in text_of(pdf)


def test_french_gets_no_break_spaces_where_its_punctuation_needs_them() -> None:
    text = story_text(LANG_BRIEFS / "fr.yaml")
    assert "compte-t-il\u00a0?" in text  # the author's space made a no-break one
    assert "d’euros\u00a0!" in text
    assert "8\u00a0: la majorité" in text
    assert "«\u00a0davantage de transparence\u00a0»" in text
    assert "«\u00a0Ce budget" in text and "années.\u00a0»" in text
    assert "18:30" in text  # a time is not punctuation
    assert not re.search("[\u00a0 ]{2}[;:!?»]|«[\u00a0 ]{2}", text)


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        ("Oui ? Non !", "Oui\u00a0? Non\u00a0!"),
        ("Oui? Non!", "Oui\u00a0? Non\u00a0!"),
        ("Quoi ?!", "Quoi\u00a0?!"),
        ("déjà\u00a0: fait", "déjà\u00a0: fait"),  # typed by the author: kept, not doubled
        ("déjà\u202f; fait", "déjà\u00a0; fait"),  # a thin one would break: made no-break
        ("«oui»", "«\u00a0oui\u00a0»"),
        ("« oui »", "«\u00a0oui\u00a0»"),
        ("«\u00a0oui\u00a0»", "«\u00a0oui\u00a0»"),
        ("à 14:30 ou 9:05", "à 14:30 ou 9:05"),
        ("voir https://example.org/?q=1", "voir https://example.org/?q=1"),
    ],
)
def test_french_spacing(typed: str, set_as: str) -> None:
    assert french_spacing(typed) == set_as


def test_french_spacing_leaves_link_addresses_alone() -> None:
    from briefpack.brief.inline import Link, parse_inline
    from briefpack.layout.locales import resolve_language

    french = resolve_language(
        "fr", check_brief(TEST_BRIEFS / "minimal.yaml", package_assets()).theme, package_assets()
    )
    nodes = respace(parse_inline("Lisez [ceci ?](https://example.org/a?) : **Oui**!"), french)
    link = next(node for node in nodes if isinstance(node, Link))
    assert link.url == "https://example.org/a?"
    printed = "".join(getattr(node, "text", "") for node in flatten(nodes))
    assert printed == "Lisez ceci\u00a0?\u00a0: Oui\u00a0!"


def flatten(nodes: Iterable[Any]) -> Iterator[Any]:
    for node in nodes:
        yield node
        yield from flatten(getattr(node, "children", ()))


def test_a_quote_and_a_section_in_their_own_language() -> None:
    text = story_text(LANG_BRIEFS / "mixed.yaml")
    assert "«\u00a0Merci pour cet accueil\u00a0: nous reviendrons\u00a0!\u00a0»" in text
    pdf = render(LANG_BRIEFS / "mixed.yaml")
    assert catalog_lang(pdf) == "en-GB"
    assert "SUMMARY" in text_of(pdf)  # the brief's own labels stay English


def test_elements_in_their_own_language_carry_its_tag_and_its_hyphenation() -> None:
    story = build_story(LANG_BRIEFS / "mixed.yaml")
    tagged: dict[str, list[Any]] = {}
    for part in flowables(story.body):
        if getattr(part, "lang", None):
            tagged.setdefault(part.lang, []).append(part)
    assert set(tagged) == {"de", "fr"}
    german = [part for part in tagged["de"] if getattr(part, "style", None)]
    assert {part.style.name for part in german} == {"heading", "body"}
    assert all(part.style.hyphenationLang == "de" for part in german if part.style.name == "body")
    english = [
        part
        for part in flowables(story.body)
        if isinstance(part, Paragraph) and not getattr(part, "lang", None)
    ]
    assert any(part.style.hyphenationLang == "en_GB" for part in english)


def test_labels_in_the_brief_override_the_languages(tmp_path: Path) -> None:
    brief = tmp_path / "labels.yaml"
    brief.write_text(
        "title: Un conseil\ndate: 2021-03-30\nlang: fr\n"
        "labels:\n  findings_title: Ce que nous savons\n  page: p. {page}/{pages}\n"
        "summary:\n  text: Texte.\nfindings:\n  - text: Une conclusion.\n",
        encoding="utf-8",
    )
    text = text_of(render_brief(brief, package_assets()).pdf)
    assert "Ce que nous savons" in text and "p. 1/1" in text
    assert "Principales conclusions" not in text and "Page 1 sur 1" not in text


def test_a_layout_overrides_labels_and_an_unknown_label_is_located(tmp_path: Path) -> None:
    from briefpack.common.diagnostics import BriefError
    from briefpack.pipeline import Assets

    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "house.yaml").write_text(
        "extends: standard\ndescription: house\nlabels:\n  timeline_title: Dates\n",
        encoding="utf-8",
    )
    (layouts / "typo.yaml").write_text(
        "extends: standard\ndescription: typo\nlabels:\n  timline_title: Dates\n",
        encoding="utf-8",
    )
    shipped = package_assets()
    assets = Assets(shipped.fonts_dir, (layouts, *shipped.layout_dirs))
    text = text_of(render_brief(LANG_BRIEFS / "fr.yaml", assets, "house").pdf)
    assert "Dates" in text and "Chronologie" not in text
    with pytest.raises(BriefError) as raised:
        check_brief(LANG_BRIEFS / "fr.yaml", assets, "typo")
    (problem,) = raised.value.diagnostics
    assert problem.position is not None and problem.position.line == 4
    assert "unknown key 'timline_title'" in problem.message
    assert "did you mean 'timeline_title'?" in (problem.hint or problem.message)


def test_a_language_without_labels_prints_english_with_one_warning(tmp_path: Path) -> None:
    brief = tmp_path / "ru.yaml"
    brief.write_text(
        "title: Заседание городского совета\ndate: 2021-03-30\nlang: ru\n"
        "summary:\n  text: Совет утвердил бюджет.\n"
        "timeline:\n  - date: 2021-03-30\n    event: Заседание.\n",
        encoding="utf-8",
    )
    result = render_brief(brief, package_assets())
    (warned,) = result.warnings
    assert "no labels for 'ru'" in warned.message and warned.position is not None
    assert warned.position.line == 3
    text = text_of(result.pdf)
    assert "Timeline" in text and "30 марта 2021 г." in text
    assert catalog_lang(result.pdf) == "ru"


def test_a_language_without_hyphenation_patterns_says_so_once(tmp_path: Path) -> None:
    brief = tmp_path / "tr.yaml"
    brief.write_text(
        "title: Belediye meclisi\ndate: 2021-03-30\nlang: tr\n"
        "summary:\n  text: Meclis bütçeyi onayladı.\n"
        "sections:\n  - heading: Oturum\n    lang: tr\n    body: Oturum başladı.\n",
        encoding="utf-8",
    )
    messages = [w.message for w in check_brief(brief, package_assets()).warnings]
    assert sum("no hyphenation patterns for 'tr'" in message for message in messages) == 1


@pytest.mark.parametrize(
    ("lang", "long", "month", "time"),
    [
        ("en-GB", "30 March 2021", "March 2021", "14:30"),
        ("en", "30 March 2021", "March 2021", "14:30"),
        ("en-US", "March 30, 2021", "March 2021", "2:30\u00a0PM"),
        ("fr", "30 mars 2021", "mars 2021", "14:30"),
        ("fr-CA", "30 mars 2021", "mars 2021", "14 h 30"),
        ("de", "30. März 2021", "März 2021", "14:30"),
        ("el", "30 Μαρτίου 2021", "Μάρτιος 2021", "14:30"),
        ("nl", "30 maart 2021", "maart 2021", "14.30"),
        ("ru", "30 марта 2021\u00a0г.", "март 2021\u00a0г.", "14:30"),
    ],
)
def test_dates_and_times_take_the_languages_form(
    lang: str, long: str, month: str, time: str
) -> None:
    assert format_date(dt.date(2021, 3, 30), lang) == long
    assert format_partial_date(PartialDate(2021, 3), lang) == month
    assert format_partial_date(PartialDate(2021), lang) == "2021"
    assert format_time(dt.time(14, 30), lang) == time


def test_greek_capitals_drop_their_accents() -> None:
    when = dt.datetime(2021, 5, 30, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    printed = format_embargo(when, "el", "{date}")
    assert printed == "30 ΜΑΪΟΥ 2021"  # the tonos goes, the diaeresis stays


def test_the_machines_locale_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "fr.pdf"
    environment = {"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "LC_TIME": "ja_JP.UTF-8"}
    result = run_cli(
        ["render", str(LANG_BRIEFS / "fr.yaml"), "-o", str(out)], tmp_path, **environment
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == render(LANG_BRIEFS / "fr.yaml")


def test_dates_are_the_same_from_the_disk_cache_and_from_babel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A date Babel printed once is kept on disk; a new process reads it back."""
    from briefpack.render import dates

    monkeypatch.setenv("BRIEFPACK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(dates, "_MEMOS", {})
    monkeypatch.setattr(dates, "_UNSAVED", set())
    day, month = dt.date(1999, 12, 31), PartialDate(1999, 12)
    made = (
        format_date(day, "de"),
        format_partial_date(month, "de"),
        format_time(dt.time(7, 5), "de"),
    )
    assert made == ("31. Dezember 1999", "Dezember 1999", "07:05")
    assert list(tmp_path.iterdir()) == []  # kept once a render is done
    dates.save_dates()
    assert [path.name.startswith("dates-de-") for path in tmp_path.iterdir()] == [True]
    monkeypatch.setattr(dates, "_MEMOS", {})

    def no_babel() -> str:
        raise AssertionError("Babel was asked again")

    monkeypatch.setattr(dates, "_babel_date", lambda *_: no_babel())
    assert format_date(day, "de") == made[0]


def structure_languages(pdf: bytes) -> list[tuple[str, str]]:
    """(role, /Lang) of every structure element that names its own language, in
    tree order."""
    document = pikepdf.open(io.BytesIO(pdf))
    found: list[tuple[str, str]] = []

    def walk(element: Any) -> None:
        if not isinstance(element, pikepdf.Dictionary):
            return
        if "/S" in element and "/Lang" in element:
            found.append((str(element.S), str(element.Lang)))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid)

    walk(document.Root.StructTreeRoot)
    return found


@pytest.mark.parametrize("layout", ["standard", "compact", "print"])
def test_elements_in_another_language_carry_their_lang_in_the_tagged_pdf(layout: str) -> None:
    pdf = render(LANG_BRIEFS / "mixed.yaml", layout)
    assert str(pikepdf.open(io.BytesIO(pdf)).Root.Lang) == "en-GB"
    roles = structure_languages(pdf)
    # The German section: its heading and its paragraph; the French quote as a whole.
    assert ("/H2", "de") in roles
    assert ("/P", "de") in roles
    assert ("/BlockQuote", "fr") in roles
    assert {lang for _, lang in roles} == {"de", "fr"}  # nothing in English says so


def test_a_brief_in_one_language_names_it_once_in_the_catalog() -> None:
    pdf = render(LANG_BRIEFS / "fr.yaml", "standard")
    assert str(pikepdf.open(io.BytesIO(pdf)).Root.Lang) == "fr"
    assert structure_languages(pdf) == []


def test_a_layouts_labels_are_checked_as_inline_text(tmp_path: Path) -> None:
    from briefpack.common.diagnostics import BriefError
    from briefpack.pipeline import Assets

    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "house.yaml").write_text(
        "extends: standard\ndescription: house\nlabels:\n"
        '  findings_title: "Findings[^nope]"\n'
        '  summary_title: "[Sum](javascript:alert(1))"\n',
        encoding="utf-8",
    )
    shipped = package_assets()
    assets = Assets(shipped.fonts_dir, (layouts, *shipped.layout_dirs))
    with pytest.raises(BriefError) as raised:
        check_brief(LANG_BRIEFS / "fr.yaml", assets, "house")
    found = sorted((p.position.line, p.message) for p in raised.value.diagnostics if p.position)
    assert [line for line, _ in found] == [4, 5]
    assert "a label cannot cite a source ('[^nope]')" in found[0][1]
    assert "'javascript:alert(1)' is not an http, https or mailto link" in found[1][1]


def test_doubled_braces_in_a_label_print_once(tmp_path: Path) -> None:
    brief = tmp_path / "braces.yaml"
    brief.write_text(
        "title: A council\ndate: 2021-03-30\n"
        'labels:\n  findings_title: "Key {{findings}}"\n  page: "{{p}} {page}/{pages}"\n'
        "summary:\n  text: Text.\nfindings:\n  - text: A finding.\n",
        encoding="utf-8",
    )
    text = text_of(render_brief(brief, package_assets()).pdf)
    assert "Key {findings}" in text and "{p} 1/1" in text
    assert "{{" not in text


@pytest.mark.parametrize(
    ("lang", "script"),
    [
        ("ja", "CJK"),
        ("zh", "CJK"),
        ("ko", "Hangul"),
        ("ar", "Arabic"),
        ("he", "Hebrew"),
        ("hi", "Devanagari"),
        ("th", "Thai"),
    ],
)
def test_a_language_the_fonts_cannot_draw_is_a_warning_at_its_lang(
    tmp_path: Path, lang: str, script: str
) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(
        f"title: A council\ndate: 2021-03-30\nlang: {lang}\nsummary:\n  text: Text.\n",
        encoding="utf-8",
    )
    found = [w for w in check_brief(brief, package_assets()).warnings if "script" in w.message]
    (warned,) = found
    assert f"is written in {script} script, which the fonts cannot draw" in warned.message
    assert warned.position is not None
    assert (warned.position.line, warned.position.column) == (3, 7)


@pytest.mark.parametrize("lang", ["el", "ru", "sr", "sr-Latn", "vi", "fr"])
def test_a_language_the_fonts_draw_gets_no_script_warning(tmp_path: Path, lang: str) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(
        f"title: A council\ndate: 2021-03-30\nlang: {lang}\nsummary:\n  text: Text.\n",
        encoding="utf-8",
    )
    warnings = check_brief(brief, package_assets()).warnings
    assert not [w for w in warnings if "script" in w.message]


def test_strict_makes_an_undrawable_language_an_error(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(
        "title: A council\ndate: 2021-03-30\nlang: ja\nsummary:\n  text: Text.\n",
        encoding="utf-8",
    )
    result = run_cli(["validate", str(brief), "--strict"], tmp_path)
    assert result.returncode == 1
    assert "3:7: error: lang: Japanese ('ja') is written in CJK script" in result.stderr


def test_a_labels_characters_are_checked_for_glyphs(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(
        "title: A council\ndate: 2021-03-30\nlabels:\n  findings_title: Key 要点\n"
        "summary:\n  text: Text.\n",
        encoding="utf-8",
    )
    (warned,) = check_brief(brief, package_assets()).warnings
    assert "no glyph for 要 (U+8981) 点 (U+70B9), CJK script" in warned.message
    assert warned.position is not None
    assert (warned.position.line, warned.position.column) == (4, 23)


def test_a_brief_in_bare_en_prints_british_dates(tmp_path: Path) -> None:
    brief = tmp_path / "en.yaml"
    brief.write_text(
        "title: A council\ndate: 2021-03-30\nlang: en\nembargo: 2021-03-30T14:30+01:00\n"
        "summary:\n  text: Text.\n",
        encoding="utf-8",
    )
    text = text_of(render_brief(brief, package_assets()).pdf)
    assert "30 March 2021" in text and "14:30" in text
    assert "March 30" not in text and "PM" not in text


@pytest.mark.parametrize(
    ("lang", "first"),
    [("fr", "1er janvier 2021"), ("fr-CA", "1er janvier 2021"), ("en-GB", "1 January 2021")],
)
def test_french_writes_the_first_of_the_month_as_1er(lang: str, first: str) -> None:
    assert format_date(dt.date(2021, 1, 1), lang) == first
    assert format_date(dt.date(2021, 1, 11), "fr") == "11 janvier 2021"


def test_greek_desk_and_italian_pack_subject_read_as_their_newsrooms_write(
    tmp_path: Path,
) -> None:
    from briefpack.distribute.pack import PackSpec, check_pack
    from briefpack.render.pack_writer import render_pack

    brief = tmp_path / "el.yaml"
    brief.write_text(
        "title: Δημοτικό συμβούλιο\ndate: 2021-03-30\nlang: el\ndesk: Αυτοδιοίκηση\n"
        "summary:\n  text: Κείμενο.\n",
        encoding="utf-8",
    )
    assert "Τμήμα: Αυτοδιοίκηση" in text_of(render_brief(brief, package_assets()).pdf)
    pdf = render_pack(check_pack(PackSpec("Rassegna", None, (brief,), lang="it"), package_assets()))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.docinfo["/Subject"]).startswith("Dossier: ")


GREEK = (
    "Η συνεδρίαση άρχισε στις 18:30 και ο δήμαρχος διάβασε την ημερήσια διάταξη. Οι"
    " σύμβουλοι της αντιπολίτευσης ζήτησαν μεγαλύτερη διαφάνεια στις επιχορηγήσεις"
    " αθλητικών και πολιτιστικών συλλόγων· μετά από διακοπή, το κείμενο τέθηκε σε ψηφοφορία."
)


@pytest.mark.parametrize("align", ["justify", "left"])
def test_greek_is_hyphenated_with_its_patterns(align: str) -> None:
    # ReportLab hyphenates only the letters it lists, and Greek is not among them.
    from briefpack.layout.hyphenation import load_patterns
    from briefpack.render.paragraphs import Para
    from briefpack.render.styles import paragraph_styles

    checked = check_brief(TEST_BRIEFS / "lang" / "el.yaml", package_assets(), "compact")
    assert checked.language is not None and checked.language.hyphenation
    load_patterns(checked.language.hyphenation)
    style = paragraph_styles(checked.theme, checked.language.hyphenation)["body"]
    style = style.clone("greek", alignment=4 if align == "justify" else 0)
    hyphenated = 0
    for width in range(120, 240, 10):
        paragraph = Para(GREEK, style)
        paragraph.wrap(width, 1e4)
        lines = line_texts(paragraph)
        hyphenated += sum(line.rstrip().endswith("-") for line in lines)
        # Every letter kept, in order, with only hyphens and spaces added.
        printed = re.sub(r"-(?=\s|$)", "", "\n".join(lines))
        assert "".join(printed.split()) == "".join(GREEK.split()), width
    assert hyphenated >= 3


@pytest.mark.parametrize(
    ("template", "desk", "line"),
    [
        ("{desk} desk", "Home affairs", "Home affairs desk"),
        ("{desk} desk", "Test desk", "Test desk"),
        ("{desk} desk", "Night Desk", "Night Desk"),
        ("{desk} desk", "Deskwork", "Deskwork desk"),
        ("Sección de {desk}", "Sección de deportes", "Sección de deportes"),
        ("Sección de {desk}", "deportes", "Sección de deportes"),
        ("Τμήμα: {desk}", "Τμήμα Αυτοδιοίκησης", "Τμήμα Αυτοδιοίκησης"),
        ("Sports pages", "Sport", "Sports pages"),  # a label that names no desk
    ],
)
def test_the_desk_label_does_not_repeat_what_the_desk_s_name_says(
    template: str, desk: str, line: str
) -> None:
    from briefpack.render.story import desk_template

    assert desk_template(template, desk).format(desk=desk) == line


def test_a_desk_named_desk_is_not_called_desk_desk() -> None:
    from conftest import TEST_BRIEFS

    text = text_of(render_brief(TEST_BRIEFS / "edges.yaml", package_assets()).pdf)
    assert "desk desk" not in text.casefold()
    assert "test desk" in text.casefold()


def test_a_timeline_date_breaks_before_de_not_after_it() -> None:
    from reportlab.lib.styles import ParagraphStyle

    from briefpack.render.dates import bind_short_words
    from briefpack.render.paragraphs import Para
    from conftest import line_texts

    assert bind_short_words("30 de marzo de 2021") == "30 de marzo de\u00a02021"
    assert bind_short_words("30 de septiembre de 2021") == "30 de septiembre de\u00a02021"
    assert bind_short_words("March 30, 2021") == "March 30, 2021"
    # A date column too narrow for the date (one at its widest: a third of the table).
    style = ParagraphStyle("date", fontName="Helvetica-Bold", fontSize=8, leading=10)
    date = Para(bind_short_words("30 de septiembre de 2021"), style)
    date.wrap(70, 1000)
    assert [line.strip() for line in line_texts(date)] == ["30 de septiembre", "de\u00a02021"]


@pytest.mark.parametrize(
    ("lang", "date"),
    [("es", "30 de marzo de 2021"), ("el", "30 Μαρτίου 2021")],
)
def test_a_timeline_date_in_a_narrow_column_is_one_line(lang: str, date: str) -> None:
    # The compact layout's date column (0.95 in) is too narrow for these dates in
    # the date's bold: it widens to hold them.
    from conftest import TEST_BRIEFS, page_texts, render

    text = page_texts(render(TEST_BRIEFS / "lang" / f"{lang}.yaml", "compact"))[0]
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert date in lines  # the timeline's row (time and event on lines of their own)
    assert not [line for line in lines if line != date and date.startswith(line)]


def test_the_date_column_widens_for_a_brief_s_own_label(tmp_path: Path) -> None:
    # "DATE (LOCAL TIME)" is wider than compact's 0.95 in date column, less padding.
    from conftest import page_texts, render

    brief = tmp_path / "label.yaml"
    brief.write_text(
        "title: A council\ndate: 2021-03-30\nlabels:\n  timeline_date: DATE (LOCAL TIME)\n"
        "summary:\n  text: Text.\ntimeline:\n  - date: 2021-03-30\n    event: A vote.\n",
        encoding="utf-8",
    )
    lines = [" ".join(line.split()) for line in page_texts(render(brief, "compact"))[0].split("\n")]
    assert any(line.startswith("DATE (LOCAL TIME)") for line in lines)


@pytest.mark.parametrize("lang", ["en-US", "es", "pt", "de", "el"])
def test_a_note_s_date_is_set_on_one_line(lang: str) -> None:
    # Compact's notes are narrow: "City of Testville, March / 30, 2021" in en-US.
    path = TEST_BRIEFS / "lang" / f"{lang}.yaml"
    brief = check_brief(path, package_assets(), "compact").validated.brief
    sources = brief.sources.values() if isinstance(brief.sources, dict) else brief.sources
    dates = {format_partial_date(s.date, brief.lang or "en-GB") for s in sources if s.date}
    assert dates
    texts = page_texts(render(path, "compact"))
    lines = [" ".join(line.split()) for text in texts for line in text.splitlines()]
    for date in dates:
        date = " ".join(date.split())
        broken = [
            (first, second)
            for first, second in zip(lines, lines[1:], strict=False)
            if date in f"{first} {second}" and date not in first and date not in second
        ]
        assert not broken, date
