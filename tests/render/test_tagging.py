"""Every PDF is tagged: the structure tree reads the brief in its order, notes follow
their first citation, links, tables, lists and figures are what PDF/UA-1 asks, the
catalog and XMP claim the standards, and a second checker (`pdfua`) agrees.

The expected text is made here from the brief itself (its model and its inline
text), not from the story builder; the tree's text is read from the file through
the MCIDs (see `tagged_pdf`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

import pdfua
import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from briefpack.brief.inline import Emphasis, FootnoteRef, Link, Strong, Text, parse_inline
from briefpack.brief.model import Brief, Quote
from briefpack.distribute.pack import PackSpec, check_pack
from briefpack.pipeline import check_brief, package_assets, render_checked
from briefpack.render.dates import format_date, format_embargo, format_partial_date
from briefpack.render.pack_writer import one_line_summary, render_pack
from conftest import TEST_BRIEFS, page_texts
from tagged_pdf import TaggedPdf, check_tagged, read_tagged

ROOT = Path(__file__).resolve().parents[2]
BRIEFS = [ROOT / "briefs" / "clapham.yaml", *sorted((ROOT / "tests" / "briefs").glob("*.yaml"))]
LAYOUTS = ("standard", "compact", "print")
#: Any page number (on the contents page of a pack).
DIGITS = object()


def inline_words(text: str) -> str:
    """Inline text as the reader gets it: words and link labels, no markers."""

    def words(nodes: Sequence[object]) -> str:
        out = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(node.text)
            elif isinstance(node, (Strong, Emphasis, Link)):
                out.append(words(node.children))
            else:
                assert isinstance(node, FootnoteRef)
        return "".join(out)

    return words(parse_inline(text))


def brief_text(brief: Brief, layout: str) -> list[object]:
    """The brief's own text in its order (markers and notes aside). The words briefpack
    adds are English, as these briefs have no `lang`, unless the layout names them."""
    theme = check_brief(ROOT / "briefs" / "clapham.yaml", package_assets(), layout).theme
    out: list[object] = []
    if brief.classification:
        out.append(inline_words(brief.classification))
    if brief.embargo:
        out.append(f"EMBARGOED UNTIL {format_embargo(brief.embargo)}")
    if brief.desk:
        out.append(inline_words(brief.desk))
    out.append(inline_words(brief.title))
    if brief.subtitle:
        out.append(inline_words(brief.subtitle))
    meta = [format_date(brief.date)]
    desk = inline_words(brief.desk) if brief.desk else ""
    meta += [desk if desk.casefold().endswith(" desk") else desk + " desk"] if desk else []
    meta += ["Prepared by " + inline_words(brief.author)] if brief.author else []
    out.append(" · ".join(meta))

    def quote(q: Quote) -> None:
        out.append(f"“{inline_words(q.text)}”")
        out.append("— " + inline_words(q.speaker) + (", " + inline_words(q.role) if q.role else ""))

    interleave = theme.quotes == "interleave" and brief.sections
    for block in theme.blocks:
        if block == "summary":
            out.append(inline_words(brief.summary.title or "Summary"))
            out += [inline_words(brief.summary.text)] if brief.summary.text else []
            for point in brief.summary.points or ():
                out += ["•", inline_words(point)]
        elif block == "findings" and brief.findings:
            out.append(theme.findings_title or "Key findings")
            for i, finding in enumerate(brief.findings, start=1):
                verdict = inline_words(finding.verdict) if finding.verdict else ""
                out += [f"{i}.", verdict, inline_words(finding.text)]
        elif block == "sections":
            for i, section in enumerate(brief.sections):
                out.append(inline_words(section.heading))
                out += [inline_words(text) for text in section.paragraphs]
                for figure in section.figures:
                    caption = inline_words(figure.caption) if figure.caption else ""
                    out.append(caption + "Picture: " + inline_words(figure.credit))
                if interleave and i < len(brief.quotes):
                    quote(brief.quotes[i])
                if interleave and i == len(brief.sections) - 1:
                    for q in brief.quotes[len(brief.sections) :]:
                        quote(q)
        elif block == "quotes" and not interleave and brief.quotes:
            out.append(theme.quotes_title or "Key quotes")
            for q in brief.quotes:
                quote(q)
        elif block == "timeline" and brief.timeline:
            out += [theme.timeline.title or "Timeline", "DATE", "EVENT"]
            for entry in brief.timeline_in_order:
                when = format_partial_date(entry.date)
                out.append(when + (f"{entry.time:%H:%M}" if entry.time else ""))
                out.append(inline_words(entry.event))
    return out


def _normal(text: str) -> str:
    """Whitespace, commas (between markers) and case aside."""
    return re.sub(r"[\s,]+", "", text).casefold()


def _pattern(parts: list[object]) -> re.Pattern[str]:
    return re.compile(
        "".join(r"\d+" if part is DIGITS else re.escape(_normal(str(part))) for part in parts)
    )


def read_text(tagged: TaggedPdf) -> str:
    """The tree's text without its notes and footnote markers."""
    kept = []
    for path, text in tagged.elements:
        if "Note" in path:
            continue
        if path[-1] == "Link" and re.fullmatch(r"[\d,\s]+", text):
            continue  # a footnote marker: its own Link, not glued to the word before
        kept.append(text)
    return "".join(kept)


def assert_reads_in_order(tagged: TaggedPdf, parts: list[object]) -> None:
    actual = _normal(read_text(tagged))
    pattern = _pattern(parts)
    if not pattern.fullmatch(actual):
        expected = _normal("".join(str(p) for p in parts if p is not DIGITS))
        pairs = zip(actual, expected, strict=False)
        at = next((i for i, (a, b) in enumerate(pairs) if a != b), 0)
        raise AssertionError(
            f"the tree reads differently at {at}:\n"
            f"  tree:  {actual[max(0, at - 80) : at + 80]}\n"
            f"  brief: {expected[max(0, at - 80) : at + 80]}"
        )


def _render(path: Path, layout: str, recipient: str | None = None) -> tuple[Brief, bytes]:
    checked = check_brief(path, package_assets(), layout)
    return checked.validated.brief, render_checked(checked, recipient)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", BRIEFS, ids=lambda path: path.stem)
def test_the_structure_tree_reads_the_brief_in_its_order(path: Path, layout: str) -> None:
    brief, pdf = _render(path, layout)
    tagged = check_tagged(pdf)
    assert_reads_in_order(tagged, brief_text(brief, layout))


def test_a_recipients_copy_reads_like_the_brief_and_its_stamp_is_an_artifact() -> None:
    brief, pdf = _render(BRIEFS[0], "standard", "Jane Doe, Politics")
    tagged = check_tagged(pdf)
    assert_reads_in_order(tagged, brief_text(brief, "standard"))
    assert "Jane Doe" not in tagged.text
    assert "Prepared for Jane Doe, Politics" in page_texts(pdf)[0]  # on the page, as an artifact


def test_a_pack_reads_cover_contents_then_each_brief_in_a_part() -> None:
    paths = (BRIEFS[0], TEST_BRIEFS / "edges.yaml", TEST_BRIEFS / "minimal.yaml")
    pack = check_pack(PackSpec("Morning", None, paths, "standard"), package_assets())
    tagged = check_tagged(render_pack(pack))
    briefs = [checked.validated.brief for checked in pack.briefs]
    count = len(briefs)
    parts: list[object] = [
        inline_words(pack.classification),
        f"EMBARGOED UNTIL {format_embargo(pack.embargo)}" if pack.embargo else "",
        "Briefing pack",
        "Morning",
        f"{format_date(pack.date)} · {count} stories",
        "In this pack",
    ]
    for i, brief in enumerate(briefs, start=1):
        details = [format_date(brief.date), *([inline_words(brief.desk)] if brief.desk else [])]
        parts += [f"{i}. {inline_words(brief.title)}", " · ".join(details)]
        parts += [one_line_summary(brief)] if one_line_summary(brief) else []
    parts.append("Contents")
    for brief in briefs:
        parts += [inline_words(brief.title), DIGITS]
    for brief in briefs:
        parts += brief_text(brief, "standard")
    assert_reads_in_order(tagged, parts)
    assert tagged.roles.count("Part") == 3
    assert tagged.roles.count("TOC") == 1 and tagged.roles.count("TOCI") == 3


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_note_follows_its_first_citation_with_its_number_as_label(layout: str) -> None:
    brief, pdf = _render(BRIEFS[0], layout)
    tagged = check_tagged(pdf)
    first_marker: dict[str, int] = {}
    notes: list[tuple[int, str, str]] = []  # position, number, text
    for position, (path, text) in enumerate(tagged.elements):
        if path[-1] == "Link" and "Note" not in path and re.fullmatch(r"\d+", text.strip()):
            first_marker.setdefault(text.strip(), position)
        if path[-2:] == ("Note", "Lbl"):
            notes.append((position, text.strip(), ""))
        elif path[-1] == "Note" and notes:
            position_, number, before = notes[-1]
            notes[-1] = (position_, number, before + text)
    numbers = [number for _, number, _ in notes]
    assert numbers == [str(n) for n in range(1, len(brief.sources) + 1)]
    for position, number, _ in notes:
        assert first_marker[number] < position
        between = [path[-1] for path, _ in tagged.elements[first_marker[number] : position]]
        assert not {"H1", "H2"} & set(between), (number, between)
    titles = {_normal(inline_words(source.title)) for source in brief.sources.values()}
    assert all(any(title in _normal(text) for title in titles) for _, _, text in notes)


def test_markers_are_links_apart_from_the_word_before_them() -> None:
    _, pdf = _render(BRIEFS[0], "standard")
    tagged = check_tagged(pdf)
    markers = [
        i
        for i, (path, text) in enumerate(tagged.elements)
        if path[-1] == "Link" and re.fullmatch(r"\d+", text.strip())
    ]
    assert len(markers) > 10
    for i in markers:  # the word before a marker ends its own element's text
        assert tagged.elements[i - 1][0][-1] != "Link"


def test_the_timeline_is_one_table_with_header_cells_scoped_to_columns() -> None:
    brief, pdf = _render(TEST_BRIEFS / "edges.yaml", "standard")
    tagged = check_tagged(pdf)
    assert sum("EVENT" in text for text in page_texts(pdf)) > 1  # split across pages
    assert tagged.roles.count("Table") == 1
    assert tagged.roles.count("THead") == 1 and tagged.roles.count("TH") == 2
    rows = tagged.roles.count("TR")
    assert rows == len(brief.timeline) + 1  # one per entry, whatever parts it was cut into
    header_texts = [text for path, text in tagged.elements if path[-1] == "TH"]
    assert header_texts == ["DATE", "EVENT"]  # the header repeated on later pages is an artifact


def test_links_describe_themselves_and_their_address() -> None:
    _, pdf = _render(TEST_BRIEFS / "edges.yaml", "standard")
    with pikepdf.open(BytesIO(pdf)) as document:
        contents = [
            str(annotation.Contents)
            for page in document.pages
            for annotation in page.obj.get("/Annots", [])
        ]
    assert contents and all(text.strip() for text in contents)
    assert any(text.startswith("Footnote ") for text in contents)
    assert any("https://" in text for text in contents)


def test_figures_have_alt_text_and_a_caption() -> None:
    _, pdf = _render(TEST_BRIEFS / "edges.yaml", "standard")
    tagged = check_tagged(pdf)
    assert "Figure" in tagged.roles and "Caption" in tagged.roles
    with pikepdf.open(BytesIO(pdf)) as document:
        alts = [
            str(element.Alt)
            for element in _elements(document.Root.StructTreeRoot.K)
            if element.get("/S") == "/Figure"
        ]
    assert alts and all(alt.strip() for alt in alts)


def _elements(element: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found = [element]
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += _elements(kid)
    return found


def test_broken_words_read_whole_and_typed_hyphens_stay() -> None:
    brief, pdf = _render(BRIEFS[0], "standard")
    tagged = check_tagged(pdf)
    source = " ".join(inline_words(t) for t in _all_text(brief))
    hyphenated = set(re.findall(r"\w+-\w+", tagged.text))
    assert hyphenated and hyphenated <= set(re.findall(r"\w+-\w+", source)) | {
        word for word in hyphenated if word.replace("-", "") not in source
    }
    assert "professional" in tagged.text  # broken across lines on page 1
    with pikepdf.open(BytesIO(pdf)) as document:
        stream = b"".join(page.obj.Contents.read_bytes() for page in document.pages)
    assert stream.count(b"/ActualText") >= 3


ACCENTS = """\
title: José Núñez’s café — a naïve façade
date: 2024-05-06
summary:
  text: “Smart quotes”, ‘single ones’, an en dash – and Ærøskøbing, Łódź, İstanbul.
"""


def test_quotes_dashes_and_accented_letters_read_as_themselves(tmp_path: Path) -> None:
    (tmp_path / "accents.yaml").write_text(ACCENTS, encoding="utf-8")
    brief, pdf = _render(tmp_path / "accents.yaml", "standard")
    text = read_tagged(pdf).text
    written = inline_words(brief.title) + inline_words(brief.summary.text or "")
    special = {c for c in written if ord(c) > 127 and not c.isspace()}
    assert len(special) > 15
    assert special <= set(text), special - set(text)
    assert "\ufffd" not in text


def _all_text(brief: Brief) -> list[str]:
    texts = [brief.summary.text or "", *(f.text for f in brief.findings)]
    return texts + [p for section in brief.sections for p in section.paragraphs]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_catalog_and_the_xmp_claim_the_standards(layout: str) -> None:
    brief, pdf = _render(BRIEFS[0], layout)
    tagged = check_tagged(pdf)
    assert tagged.catalog["lang"] == "en-GB"
    with pikepdf.open(BytesIO(pdf)) as document:
        info = document.docinfo
        meta = document.open_metadata()
        assert meta["dc:title"] == str(info.Title) == inline_words(brief.title)
        assert meta["dc:creator"] == [str(info.Author)]
        assert meta["dc:description"] == str(info.Subject)
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["xmp:CreatorTool"] == str(info.Creator)
        assert meta["pdf:Keywords"] == str(info.Keywords)
        ElementTree.fromstring(document.Root.Metadata.read_bytes())  # well-formed XML
        for page in document.pages:  # PDF/A: every annotation prints
            assert all(int(a.F) & 4 for a in page.obj.get("/Annots", []))
        assert meta["xmp:CreateDate"].startswith(f"{brief.date:%Y-%m-%d}")
        assert str(info.CreationDate).startswith(f"D:{brief.date:%Y%m%d}")
        assert meta["pdfuaid:part"] == "1"
        if layout == "print":  # CMYK needs a print output intent: PDF/UA alone
            assert "pdfaid:part" not in meta
            assert tagged.catalog["output_intents"] == []
        else:
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "A")
            assert tagged.catalog["output_intents"] == ["/GTS_PDFA1"]
            profile = document.Root.OutputIntents[0].DestOutputProfile
            assert profile.N == 3 and profile.read_bytes()[36:40] == b"acsp"


def test_two_renders_give_the_same_bytes() -> None:
    assert _render(BRIEFS[0], "standard")[1] == _render(BRIEFS[0], "standard")[1]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_pdfua_checker_finds_nothing(layout: str, tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(_render(BRIEFS[0], layout)[1])
    report = pdfua.validate(str(target))
    assert [f"{f.rule_id}: {f.message}" for f in report.findings] == []


def test_the_pdfua_checker_finds_nothing_in_a_recipients_copy(tmp_path: Path) -> None:
    target = tmp_path / "copy.pdf"
    target.write_bytes(_render(BRIEFS[0], "compact", "Jane Doe, Politics")[1])
    assert [f.rule_id for f in pdfua.validate(str(target)).findings] == []


def test_the_pdfua_checker_finds_nothing_in_a_pack(tmp_path: Path) -> None:
    pack = check_pack(PackSpec("Morning", None, tuple(BRIEFS[:2]), "compact"), package_assets())
    target = tmp_path / "pack.pdf"
    target.write_bytes(render_pack(pack))
    assert [f.rule_id for f in pdfua.validate(str(target)).findings] == []


# -- the checks can fail ---------------------------------------------------------


def test_the_checks_find_an_untagged_pdf() -> None:
    buffer = BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Hello")
    canvas.save()
    problems = read_tagged(buffer.getvalue()).problems
    assert "no /MarkInfo << /Marked true >>" in problems and "no StructTreeRoot" in problems


def test_the_checks_find_untagged_text_and_a_link_without_its_element() -> None:
    _, pdf = _render(BRIEFS[0], "standard")
    with pikepdf.open(BytesIO(pdf)) as document:
        page = document.pages[0]
        page.contents_add(document.make_stream(b"BT /F1+0 10 Tf (x) Tj ET"))
        del page.obj.Annots[0].StructParent
        out = BytesIO()
        document.save(out)
    problems = read_tagged(out.getvalue()).problems
    assert any("untagged Tj" in problem for problem in problems), problems
    assert any("a link without a Link element" in problem for problem in problems), problems
