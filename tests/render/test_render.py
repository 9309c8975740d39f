"""Rendered PDFs: what the pages say, where the notes land, what the file holds."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefpack.brief.model import Brief
from briefpack.brief.yaml_source import read_yaml_file
from briefpack.pipeline import check_brief, package_assets, render_brief
from conftest import (
    BRIEFS,
    LAYOUTS,
    TEST_BRIEFS,
    internal_links,
    page_runs,
    page_texts,
    render,
    uri_links,
)

CLAPHAM = BRIEFS / "clapham.yaml"
EDGES = TEST_BRIEFS / "edges.yaml"
CROWDED = TEST_BRIEFS / "crowded-footnotes.yaml"
MINIMAL = TEST_BRIEFS / "minimal.yaml"
ALL_BRIEFS = [CLAPHAM, EDGES, CROWDED, MINIMAL]


def flat(text: str) -> str:
    """Page text with line breaks and hyphenation undone, for phrase searches."""
    return re.sub(r"\s+", " ", re.sub(r"(\w)-\n(\w)", r"\1\2", text))


def brief_of(path: Path) -> Brief:
    return Brief.model_validate(read_yaml_file(path).data)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", ALL_BRIEFS, ids=lambda p: p.stem)
def test_every_brief_renders_in_every_layout(path: Path, layout: str) -> None:
    pdf = render(path, layout)
    reader = PdfReader(BytesIO(pdf))
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert len(reader.pages) >= 1


@pytest.mark.parametrize("layout", LAYOUTS)
def test_clapham_page_one_has_masthead_and_summary(layout: str) -> None:
    brief = brief_of(CLAPHAM)
    first = flat(page_texts(render(CLAPHAM, layout))[0])
    assert "FOR EDITORS - NOT FOR PUBLICATION" in first
    assert "EMBARGOED UNTIL 00:01" in first and "30 MARCH 2021" in first
    assert "Watchdog clears Met officers of heavy-handed policing" in first
    assert "30 March 2021" in first
    assert "Home affairs" in first and "Briefings editor" in first
    assert "SUMMARY" in first.upper()
    for point in brief.summary.points or []:
        assert " ".join(point.split()[:6]) in first


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_page_has_header_and_footer(layout: str) -> None:
    texts = page_texts(render(CLAPHAM, layout))
    total = len(texts)
    assert total >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert "30 March 2021" in text
        assert "FOR EDITORS - NOT FOR PUBLICATION" in text
    for text in texts[1:]:
        assert "EMBARGOED UNTIL" in text
        assert "Watchdog clears Met officers" in text  # running title, perhaps shortened


@pytest.mark.parametrize("layout", LAYOUTS)
def test_clapham_says_everything_the_brief_says(layout: str) -> None:
    brief = brief_of(CLAPHAM)
    text = flat(" ".join(page_texts(render(CLAPHAM, layout))))
    for i, finding in enumerate(brief.findings, start=1):
        assert f"{i}." in text
        assert finding.verdict and finding.verdict.upper() in text.upper()
    for section in brief.sections:
        assert section.heading in text or section.heading.upper() in text
    for quote in brief.quotes:
        # Quotations are printed verbatim.
        assert " ".join(quote.text.split()) in text
        assert quote.speaker in text
    assert "DATE" in text and "EVENT" in text


def test_findings_carry_numbers_verdicts_and_markers() -> None:
    first_pages = flat(" ".join(page_texts(render(CLAPHAM, "standard"))[:2]))
    assert re.search(r"1\. CLEARED Officers at the vigil did not act", first_pages)
    assert re.search(r"manner\.\s?1", first_pages)  # the footnote marker after the finding


# -- footnotes ----------------------------------------------------------------------


def test_a_marker_in_the_text_and_the_sources_after_it_read_1_2_not_12(tmp_path: Path) -> None:
    # A finding, a timeline event, a quote's attribution and a section's text each
    # end with a marker of their own and then the markers of their `sources:`.
    brief = tmp_path / "markers.yaml"
    brief.write_text(
        "title: Test material\ndate: 2024-01-01\nsummary:\n  text: x\n"
        "sources:\n  a: {title: Source A}\n  b: {title: Source B}\n"
        "findings:\n  - {text: 'Findingend.[^a]', sources: [b]}\n"
        "quotes:\n  - {text: Quoted words, speaker: 'Speakername[^a]', sources: [b]}\n"
        "timeline:\n  - {date: 2024-03-05, event: 'Eventend.[^a]', sources: [b]}\n"
    )
    text = " ".join(page_texts(render_brief(brief, package_assets()).pdf))
    for word in ("Findingend.", "Speakername", "Eventend."):
        assert re.search(re.escape(word) + r"\s?1,\s?2", text), (word, text)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", [CLAPHAM, EDGES, CROWDED], ids=lambda p: p.stem)
def test_each_note_sits_on_the_page_of_its_first_citation(path: Path, layout: str) -> None:
    links = internal_links(render(path, layout))
    notes = {(link.dest_page, link.dest_y) for link in links}
    assert notes, "markers must link to their notes"
    for note in notes:
        first_citation = min(link.page for link in links if (link.dest_page, link.dest_y) == note)
        assert note[0] == first_citation


@pytest.mark.parametrize("path", [CLAPHAM, EDGES, CROWDED], ids=lambda p: p.stem)
def test_notes_are_numbered_in_order_of_first_citation(path: Path) -> None:
    """Reading the markers top to bottom, page by page (one column), the n-th new
    note cited is the n-th note printed."""
    links = internal_links(render(path, "standard"))
    in_reading_order = sorted(links, key=lambda link: (link.page, -link.top, link.x))
    first_cited: list[tuple[int, float]] = []
    for link in in_reading_order:
        if (link.dest_page, link.dest_y) not in first_cited:
            first_cited.append((link.dest_page, link.dest_y))
    printed = sorted(first_cited, key=lambda note: (note[0], -note[1]))
    assert first_cited == printed
    brief = brief_of(path)
    cited = {key for key in brief.sources}
    assert len(first_cited) == len(cited)


def test_notes_print_the_source_on_the_right_page() -> None:
    texts = [flat(t) for t in page_texts(render(CLAPHAM, "standard"))]
    hmic = "Findings of the inspection into the Metropolitan Police’s handling"
    winsor = "Sir Thomas Winsor, Her Majesty’s Chief Inspector of Constabulary, on the"
    assert hmic in texts[0]
    assert all(hmic not in text for text in texts[1:])
    winsor_pages = [i for i, text in enumerate(texts) if winsor in text]
    assert len(winsor_pages) == 1
    assert "Sir Thomas Winsor" in texts[winsor_pages[0]].split(winsor)[0]


def test_crowded_page_keeps_every_note_and_the_notes_below_the_text() -> None:
    pdf = render(CROWDED, "standard")
    texts = [flat(t) for t in page_texts(pdf)]
    everything = " ".join(texts)
    for n in range(1, 29):
        assert everything.count(f"Crowded source {n} with a title") == 1
    for runs in page_runs(pdf):
        notes = [run.y for run in runs if "Crowded source" in run.text]
        body = [run.y for run in runs if "claim" in run.text]
        if notes and body:
            assert max(notes) < min(body), "notes must sit below the last line of text"


def test_footnotes_end_layout_prints_a_sources_list(tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "endnotes.yaml").write_text(
        "extends: standard\ndescription: standard with a Sources list\nfootnotes: end\n"
    )
    assets = package_assets((layouts,))
    pdf = render_brief(CLAPHAM, assets, "endnotes").pdf
    texts = [flat(t) for t in page_texts(pdf)]
    assert "Sources" in texts[-1]
    assert "1. Findings of the inspection" in texts[-1]
    assert all("Findings of the inspection" not in text for text in texts[:-1])
    for link in internal_links(pdf):
        assert link.dest_page == len(texts) - 1


# -- tables, headings, long text ----------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_timeline_header_repeats_on_every_page_it_spans(layout: str) -> None:
    """The timeline is the last block of the edge brief: every page from its first
    page to the end shows the header row."""
    texts = [flat(t) for t in page_texts(render(EDGES, layout))]
    first = next(i for i, text in enumerate(texts) if "DATE EVENT" in text)
    assert len(texts) - first >= 2, "the 60-row timeline must span pages"
    for i, text in enumerate(texts[first:], start=first):
        assert "DATE EVENT" in text, f"page {i + 1} has no header row"
    last_event = brief_of(EDGES).timeline_in_order[-1].event
    assert " ".join(last_event.split()[:5]) in texts[-1]


def test_timeline_rows_are_in_chronological_order(tmp_path: Path) -> None:
    brief = tmp_path / "order.yaml"
    brief.write_text(
        "title: Test material\ndate: 2024-01-01\nsummary:\n  text: x\ntimeline:\n"
        "  - {date: 2024-03-05, time: '09:00', event: Eventfour}\n"
        "  - {date: 2024-03-05, event: Eventthree}\n"
        "  - {date: '2024', event: Eventone}\n"
        "  - {date: 2024-03, event: Eventtwo}\n"
        "  - {date: 2024-03-05, time: '09:00', event: Eventfive}\n"
        "  - {date: '2023', event: Eventzero}\n"
    )
    text = " ".join(page_texts(render_brief(brief, package_assets()).pdf))
    names = ["Eventzero", "Eventone", "Eventtwo", "Eventthree", "Eventfour", "Eventfive"]
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)


def test_timeline_rows_never_split_across_pages() -> None:
    brief = brief_of(EDGES)
    # (A hyphen at a line's end was put in: the long word's row is hyphenated.)
    texts = [re.sub(r"-\n|\s+", "", t) for t in page_texts(render(EDGES, "standard"))]
    first = next(i for i, text in enumerate(texts) if "DATEEVENT" in text)
    for entry in brief.timeline:
        words = entry.event.split()
        head, tail = "".join(words[:4]), "".join(words[-3:])
        assert any(head in text and tail in text for text in texts[first:]), entry.event


def test_long_words_break_instead_of_overflowing() -> None:
    pdf = render(EDGES, "standard")
    width = float(PdfReader(BytesIO(pdf)).pages[0].mediabox.width)
    for runs in page_runs(pdf):
        assert all(0 <= run.x < width for run in runs)
    text = " ".join(page_texts(pdf))
    assert "Supercalifragilistic" in text
    longest = max(len(word) for word in text.split())
    assert longest < 120, "a 300-letter word must be broken across lines"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("words", [250, 400])
def test_a_timeline_row_taller_than_a_page_renders(tmp_path: Path, layout: str, words: int) -> None:
    """Cut between lines into parts that fit any frame the table can meet, the first
    page's columns under a full-width lead included."""
    brief = tmp_path / "tall.yaml"
    event = " ".join(["a very long timeline event that goes on"] * words)
    brief.write_text(
        "title: Test material\ndate: 2024-01-01\nsummary:\n  text: x\n"
        f"timeline:\n  - date: 2024-01-01\n    event: {event}\n"
        "  - date: 2024-01-02\n    event: The last row.\n"
    )
    texts = page_texts(render_brief(brief, package_assets(), layout).pdf)
    assert len(texts) >= 2
    assert "The last row." in texts[-1]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", [CLAPHAM, EDGES, CROWDED], ids=lambda p: p.stem)
def test_no_heading_ends_a_page(path: Path, layout: str) -> None:
    brief = brief_of(path)
    texts = [flat(t) for t in page_texts(render(path, layout))]
    for section in brief.sections:
        first_words = " ".join(section.paragraphs[0].split()[:3])
        heading_pages = [
            i for i, t in enumerate(texts) if section.heading in t or section.heading.upper() in t
        ]
        assert heading_pages, section.heading
        assert first_words in texts[heading_pages[0]], section.heading


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", [CLAPHAM, EDGES, CROWDED], ids=lambda p: p.stem)
def test_every_heading_sits_in_the_column_of_its_first_lines(path: Path, layout: str) -> None:
    """Not at the foot of one column with its text at the top of the next."""
    pages = page_runs(render(path, layout))
    for section in brief_of(path).sections:
        first_words = " ".join(section.paragraphs[0].split()[:3])
        for runs in pages:
            heads = [
                r for r in runs if r.text.strip() in (section.heading, section.heading.upper())
            ]
            if not heads:
                continue
            head = heads[0]
            # The next line down its column starts the section's text.
            below = [r for r in runs if r.y < head.y and abs(r.x - head.x) < 20]
            assert below, f"{section.heading}: nothing under it in its column"
            following = max(below, key=lambda r: r.y)
            assert following.text.startswith(first_words), f"{section.heading}: {following}"
            break
        else:
            pytest.fail(f"heading {section.heading!r} not found")


def test_a_long_timeline_citing_hundreds_of_sources_renders(tmp_path: Path) -> None:
    """Room is kept for the notes of the rows that fit a page, not of the whole table."""
    rows = "".join(
        f"  - date: 2020-01-{i % 28 + 1:02d}\n    event: Row {i} of the timeline.\n"
        f"    sources: [s{i % 300}]\n"
        for i in range(900)
    )
    sources = "".join(f"  s{i}:\n    title: Source number {i}\n" for i in range(300))
    brief = tmp_path / "cited.yaml"
    brief.write_text(
        "title: Test material\ndate: 2024-01-01\nsummary:\n  text: x\n"
        f"timeline:\n{rows}sources:\n{sources}"
    )
    pdf = render_brief(brief, package_assets()).pdf
    links = internal_links(pdf)
    notes = {(link.dest_page, link.dest_y) for link in links}
    assert len(notes) == 300
    for note in notes:
        assert note[0] == min(link.page for link in links if (link.dest_page, link.dest_y) == note)
    texts = page_texts(pdf)
    assert all(f"Row {i} of the timeline." in " ".join(texts) for i in range(0, 900, 53))
    # Pages are filled, not left half empty by room kept for notes that come later.
    assert len(texts) < 45


def test_paragraph_styles_forbid_widows_and_orphans() -> None:
    from briefpack.layout.loader import load_theme
    from briefpack.render.styles import paragraph_styles

    for layout in LAYOUTS:
        for name, style in paragraph_styles(load_theme(layout, package_assets())).items():
            assert style.allowWidows == 0 and style.allowOrphans == 0, (layout, name)


# -- markup, links, figures -------------------------------------------------------------


def test_markup_like_text_prints_literally() -> None:
    text = flat(" ".join(page_texts(render(EDGES, "standard"))))
    assert "<font size=200> & <b>not bold</b> &nbsp; [sic] 2 * 3." in text
    assert (
        '<img src="x"/> <a href="javascript:alert(1)">click</a> ]]> &amp; & < > <para> <br/>'
        in text
    )


def test_links_are_clickable_and_only_http() -> None:
    pdf = render(EDGES, "standard")
    uris = uri_links(pdf)
    assert "https://example.org/a_b?x=1&y=2" in uris
    assert "https://example.org/source/1" in uris
    assert all(uri.startswith(("http://", "https://", "mailto:")) for uri in uris)
    assert b"javascript:alert" not in pdf.replace(b"\\(", b"(") or all(
        "javascript" not in uri for uri in uris
    )


def test_figures_are_embedded_upright_and_small() -> None:
    pdf = render(EDGES, "standard")
    reader = PdfReader(BytesIO(pdf))
    images = []
    for page in reader.pages:
        resources = page["/Resources"]
        for obj in (resources.get("/XObject") or {}).values():
            obj = obj.get_object()
            if obj.get("/Subtype") == "/Image":
                images.append(obj)
    assert len(images) >= 4
    for image in images:
        assert image["/ColorSpace"] in ("/DeviceRGB", "/DeviceGray")
        assert int(image["/Width"]) > int(image["/Height"])  # EXIF orientation applied
    assert len(pdf) < 1_500_000


# -- the PDF file ---------------------------------------------------------------------


def test_metadata_comes_from_the_brief() -> None:
    reader = PdfReader(BytesIO(render(CLAPHAM, "standard")))
    info = reader.metadata
    assert info is not None
    assert info.title == "Watchdog clears Met officers of heavy-handed policing at Clapham vigil"
    assert info.author == "Briefings editor"
    assert info.subject and info.subject.startswith("Inspectors back the conduct")
    assert "Home affairs" in str(info["/Keywords"])
    assert str(info["/CreationDate"]).startswith("D:20210330")


def test_outline_lists_the_sections_on_their_pages() -> None:
    pdf = render(CLAPHAM, "standard")
    reader = PdfReader(BytesIO(pdf))
    numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    outline = [(item.title, numbers[item.page.idnum]) for item in reader.outline]
    texts = [flat(t) for t in page_texts(pdf)]
    titles = [title for title, _ in outline]
    for section in brief_of(CLAPHAM).sections:
        assert section.heading in titles
    for title, page in outline:
        assert title in texts[page], title


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fonts_are_bundled_embedded_and_subset(layout: str) -> None:
    reader = PdfReader(BytesIO(render(EDGES, layout)))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"])
            assert re.fullmatch(r"/[A-Z]{6}\+Noto(Sans|Serif)-\w+", name), name
            descendant = (
                font.get("/FontDescriptor") or font["/DescendantFonts"][0]["/FontDescriptor"]
            )
            assert "/FontFile2" in descendant.get_object()


@pytest.mark.parametrize(
    ("layout", "size"), [("standard", (595.28, 841.89)), ("compact", (612.0, 792.0))]
)
def test_page_size_matches_the_layout(layout: str, size: tuple[float, float]) -> None:
    for page in PdfReader(BytesIO(render(CLAPHAM, layout))).pages:
        assert float(page.mediabox.width) == pytest.approx(size[0], abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(size[1], abs=0.01)


@pytest.mark.parametrize("path", ALL_BRIEFS, ids=lambda p: p.stem)
def test_rendering_twice_gives_identical_bytes(path: Path) -> None:
    assets = package_assets()
    assert render_brief(path, assets).pdf == render_brief(path, assets).pdf


@pytest.mark.parametrize("layout", LAYOUTS)
def test_markup_parsed_in_an_earlier_render_gives_the_same_pages(layout: str) -> None:
    """A process keeps parsed paragraphs between renders (watch, batch, pack): a
    render from a fresh parse and renders after others must give the same bytes."""
    from briefpack.render import paragraphs as flowables

    assets = package_assets()
    flowables._parse.cache_clear()
    fresh = render_brief(CLAPHAM, assets, layout).pdf
    render_brief(EDGES, assets, layout)
    assert flowables._parse.cache_info().hits > 0
    assert render_brief(CLAPHAM, assets, layout).pdf == fresh
    flowables._parse.cache_clear()
    edges = render_brief(EDGES, assets, layout).pdf
    render_brief(CLAPHAM, assets, layout)
    misses = flowables._parse.cache_info().misses
    assert render_brief(EDGES, assets, layout).pdf == edges
    # Every paragraph of a brief rendered before is found: no style made per render.
    assert flowables._parse.cache_info().misses == misses


def test_different_briefs_with_the_same_date_get_different_ids(tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text("title: One\ndate: 2024-01-01\nsummary:\n  text: a\n")
    two.write_text("title: Two\ndate: 2024-01-01\nsummary:\n  text: a\n")
    ids = [
        PdfReader(BytesIO(render_brief(path, package_assets()).pdf)).trailer["/ID"][0]
        for path in (one, two)
    ]
    assert ids[0] != ids[1]


def test_nothing_a_brief_says_is_fetched() -> None:
    from reportlab import rl_config

    check_brief(CLAPHAM, package_assets())
    assert not getattr(rl_config, "trustedHosts", None)


def test_a_timeline_of_thousands_of_rows_renders(tmp_path: Path) -> None:
    rows = "".join(
        f"  - date: 2020-{i % 12 + 1:02d}-{i % 28 + 1:02d}\n"
        f"    event: Row {i} of the long timeline.\n"
        for i in range(2000)
    )
    brief = tmp_path / "long.yaml"
    brief.write_text(
        f"title: Test material\ndate: 2024-01-01\nsummary:\n  text: x\ntimeline:\n{rows}"
    )
    texts = page_texts(render_brief(brief, package_assets()).pdf)
    assert len(texts) > 40
    everything = " ".join(texts)
    assert all(f"Row {i} of the long timeline." in everything for i in range(0, 2000, 97))
    assert all("DATE" in text and "EVENT" in text for text in texts)


def test_bundled_fonts_cover_western_european_text() -> None:
    from briefpack.layout.families import FACES, FAMILIES
    from briefpack.render.fonts import missing_characters, register_family

    text = "àáâãäåæçèéêëìíîïñòóôõöøœùúûüýÿßÀÉÎÕÜŒ ‘’“”–—…£€ «» ¿¡ §°±×÷"
    for name in FAMILIES:
        family = register_family(package_assets().fonts_dir, name)
        for face in FACES:
            assert missing_characters(text, [family.face_name(face)]) == [], (name, face)
    assert missing_characters("😀 漢字", [family.face_name(FACES[0])]) == ["😀", "漢", "字"]


def test_the_document_id_follows_the_layout_too(tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "tinted.yaml").write_text(
        'extends: standard\ndescription: Tinted\ncolors:\n  box: "#eeeeee"\n', encoding="utf-8"
    )
    assets = package_assets((layouts,))
    ids = [
        PdfReader(BytesIO(render_brief(MINIMAL, assets, name).pdf)).trailer["/ID"][0]
        for name in ("standard", "tinted")
    ]
    assert ids[0] != ids[1]


def test_a_render_collects_garbage_less_often_and_restores_the_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from briefpack.render import pdf_writer

    seen: list[tuple[int, int, int]] = []
    write_pdf = pdf_writer.write_pdf

    def watched(*args: object) -> bytes:
        seen.append(gc.get_threshold())
        return write_pdf(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_writer, "write_pdf", watched)
    before = gc.get_threshold()
    render_brief(MINIMAL, package_assets())
    assert seen and seen[0][0] >= 10_000 and seen[0][1:] == before[1:]
    assert gc.get_threshold() == before


@pytest.mark.parametrize("layout", ["standard", "print"])  # compact's box has no bar
def test_the_summary_bar_ends_where_the_box_does(layout: str) -> None:
    # The bar is painted inside the box, from its left edge, and no taller: a
    # table rule stood half its width out past the box's side (and, with round
    # ends, above and below it). The pixels just beyond the box decide.
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    page = pdfium.PdfDocument(render(BRIEFS / "clapham.yaml", layout))[0]
    paths = [
        item.get_bounds()
        for item in page.get_objects(max_depth=3)
        if item.type == pdfium_c.FPDF_PAGEOBJ_PATH
    ]
    bar = max((b for b in paths if b[2] - b[0] < 12), key=lambda b: b[3] - b[1])
    middle = (bar[0] + bar[2]) / 2
    # The box's fill: as tall as the bar, which starts at its left edge.
    beside = [b for b in paths if abs(b[0] - bar[0]) < 0.1 and b[2] - b[0] > 100]
    box = min(beside, key=lambda b: abs((b[3] - b[1]) - (bar[3] - bar[1])))
    scale, height = 4, page.get_height()
    image = page.render(scale=scale).to_pil().convert("RGB")

    def pixel(y: float) -> tuple[int, int, int]:
        return image.getpixel((int(middle * scale), int((height - y) * scale)))

    bar_colour = pixel((box[1] + box[3]) / 2)
    assert pixel(box[3] - 1) == bar_colour  # the bar itself, inside the box
    assert pixel(box[3] + 1) != bar_colour
    assert pixel(box[1] - 1) != bar_colour
    side = image.getpixel((int((box[0] - 0.5) * scale), int((height - box[3] + 5) * scale)))
    assert side != bar_colour  # nothing of it out past the box's side
