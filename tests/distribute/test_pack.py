"""Briefing packs: several briefs bound into one PDF (pack.py, pack_writer.py, `briefpack pack`)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefpack.cli import app
from briefpack.common.diagnostics import BriefError
from briefpack.distribute.pack import (
    PackSpec,
    check_pack,
    classification_rank,
    read_pack_file,
    strictest_classification,
)
from briefpack.pipeline import check_brief, package_assets
from briefpack.render.checked import CheckedPack
from briefpack.render.pack_writer import one_line_summary, render_pack
from briefpack.render.page_templates import body_frame_geometry
from briefpack.render.story import StoryBuilder
from conftest import BRIEFS, TEST_BRIEFS, check_pdf, internal_links, page_runs, page_texts

MEMBERS = (
    BRIEFS / "clapham.yaml",
    TEST_BRIEFS / "edges.yaml",
    TEST_BRIEFS / "minimal.yaml",
    TEST_BRIEFS / "crowded-footnotes.yaml",
)
TITLE = "Morning briefing"
_PACKS: dict[str, tuple[CheckedPack, bytes]] = {}


def packed(layout: str) -> tuple[CheckedPack, bytes]:
    """The pack of MEMBERS in a layout, rendered once per session."""
    if layout not in _PACKS:
        pack = check_pack(PackSpec(TITLE, None, MEMBERS, layout), package_assets())
        pdf = render_pack(pack)
        check_pdf(pdf)
        _PACKS[layout] = (pack, pdf)
    return _PACKS[layout]


def squeezed(text: str) -> str:
    return "".join(text.split())


def brief_titles(pack: CheckedPack) -> list[str]:
    return [checked.validated.brief.title for checked in pack.briefs]


def start_pages(pack: CheckedPack, pdf: bytes) -> list[int]:
    """Where each brief's title really appears in full (1-based), after the contents."""
    texts = [squeezed(text) for text in page_texts(pdf)]
    found = []
    for title in brief_titles(pack):
        pages = [i for i, text in enumerate(texts, start=1) if i > 2 and squeezed(title) in text]
        assert pages, title
        found.append(pages[0])
    return found


def contents_numbers(pdf: bytes) -> list[int]:
    """The page numbers printed on the contents page (page 2), top to bottom."""
    runs = [run for run in page_runs(pdf)[1] if re.fullmatch(r"\d+", run.text.strip())]
    return [int(run.text) for run in sorted(runs, key=lambda run: -run.y)]


# -- the facts on the cover -------------------------------------------------------


def test_classifications_rank_by_their_strictest_keyword() -> None:
    assert classification_rank(None) == 0
    assert classification_rank("") == 0
    assert classification_rank("TEST MATERIAL - NOT FOR USE") == 1
    assert classification_rank("For editors") == 2
    assert classification_rank("FOR EDITORS - NOT FOR PUBLICATION") == 3
    assert classification_rank("Restricted") == classification_rank("CONFIDENTIAL") == 4
    assert classification_rank("TOP SECRET") == 5
    assert classification_rank("SECRETARY'S NOTES") == 1  # whole words only
    found = strictest_classification([None, "FOR EDITORS", "CONFIDENTIAL", "RESTRICTED"])
    assert found == "CONFIDENTIAL"  # ties go to the first
    assert strictest_classification([None, None]) == ""


def test_the_pack_takes_the_strictest_classification_and_latest_embargo() -> None:
    pack, _ = packed("standard")
    assert pack.classification == "FOR EDITORS - NOT FOR PUBLICATION"  # not TEST MATERIAL
    assert pack.embargo == dt.datetime.fromisoformat("2024-05-06T09:30:00+01:00")
    assert pack.date == dt.date(2024, 5, 8)  # the latest brief's


def test_one_line_summaries() -> None:
    briefs = [check_brief(path, package_assets()).validated.brief for path in MEMBERS]
    assert one_line_summary(briefs[0]).startswith("Inspectors back the conduct")  # subtitle
    assert one_line_summary(briefs[2]) == "Only the required keys."
    assert one_line_summary(briefs[3]) == "Synthetic brief for the test suite."  # first sentence


def test_cover_and_every_page_show_classification_and_embargo() -> None:
    _, pdf = packed("standard")
    texts = page_texts(pdf)
    cover = texts[0]
    assert TITLE in cover and "4 stories" in cover
    assert "Only the required keys." in cover
    for text in texts:
        assert "FOR EDITORS - NOT FOR PUBLICATION" in text
        assert "EMBARGOED UNTIL 09:30 UTC+01:00 ON 6 MAY 2024" in text
        assert "8 May 2024" in text  # the pack's date in the footer
        assert f"of {len(texts)}" in text


# -- pages ------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["standard", "compact", "print"])
def test_contents_page_numbers_are_where_the_briefs_start(layout: str) -> None:
    pack, pdf = packed(layout)
    starts = start_pages(pack, pdf)
    assert contents_numbers(pdf) == starts
    assert starts == sorted(starts) and starts[0] == 3
    if layout == "print":  # facing pages: every brief starts on a right-hand page
        assert all(page % 2 == 1 for page in starts)


def test_print_pack_inserts_a_blank_left_hand_page() -> None:
    pack, pdf = packed("print")
    starts = start_pages(pack, pdf)
    texts = page_texts(pdf)
    blanks = [page for page in starts if page > 3 and page - 1 not in starts]
    gaps = [page - 1 for page in blanks if len(squeezed(texts[page - 2])) < 400]
    assert gaps, "expected at least one blank verso before a brief"


def test_headers_show_each_briefs_title_on_its_pages() -> None:
    pack, pdf = packed("standard")
    titles = brief_titles(pack)
    starts = [*start_pages(pack, pdf), len(page_texts(pdf)) + 1]
    for page, runs in enumerate(page_runs(pdf), start=1):
        header = max(runs, key=lambda run: (run.y, -run.x)).text.strip()
        if page <= 2:
            assert header == TITLE
            continue
        index = max(i for i, start in enumerate(starts[:-1]) if start <= page)
        assert header.rstrip("…") and titles[index].startswith(header.rstrip("…")), (page, header)


def test_figures_a_brief_still_holds_end_it_before_the_next_brief(tmp_path: Path) -> None:
    """A brief whose last section has four tall figures ends with figures waiting
    for a page. They come out on its own pages, under its running head, and the
    next brief still starts on a right-hand page in print (it used to follow the
    figures on a left-hand one)."""
    shutil.copytree(TEST_BRIEFS / "figures", tmp_path / "figures")
    words = " ".join(["council inquiry committee minister figures housing court budget"] * 8)
    figures = "".join(
        f"      - path: figures/{name}\n"
        f"        caption: 'Figure {number}: {words[:150]}'\n"
        "        credit: test\n        alt: A test picture\n"
        for number, name in enumerate(["cmyk.jpg", "alpha.png", "palette.png", "cmyk.jpg"], 1)
    )
    brief = write(
        tmp_path / "tail.yaml",
        "title: 'Test material: figures held at the end'\ndate: 2024-05-09\n"
        "summary:\n  text: A synthetic brief.\nsections:\n  - heading: The only section\n"
        f"    body: |\n      {words}.\n\n      {words}.\n\n      {words}.\n"
        f"    figures:\n{figures}",
    )
    pack = check_pack(
        PackSpec(TITLE, None, (brief, TEST_BRIEFS / "minimal.yaml"), "print"), package_assets()
    )
    pdf = render_pack(pack)
    first = brief_titles(pack)[0]
    starts = contents_numbers(pdf)  # where each brief's outline entry points
    assert starts[1] % 2 == 1, starts
    shown = []
    for page, (text, runs) in enumerate(zip(page_texts(pdf), page_runs(pdf), strict=True), 1):
        shown += re.findall(r"Figure (\d):", text)
        if "Figure" in text:
            header = max(runs, key=lambda run: (run.y, -run.x)).text.strip()
            assert page < starts[1] and first.startswith(header.rstrip("…")), (page, header)
    assert shown == ["1", "2", "3", "4"]


def test_outline_has_pack_then_briefs_then_sections() -> None:
    pack, pdf = packed("standard")
    reader = PdfReader(BytesIO(pdf))
    outline: list[Any] = reader.outline
    assert [item.title for item in outline if not isinstance(item, list)] == [TITLE]
    level_one = outline[1]
    briefs = [item for item in level_one if not isinstance(item, list)]
    assert [item.title for item in briefs] == brief_titles(pack)
    sections = level_one[1]  # under the first brief
    assert "Key findings" in [item.title for item in sections]
    starts = start_pages(pack, pdf)
    assert [reader.get_destination_page_number(item) + 1 for item in briefs] == starts


# -- footnotes --------------------------------------------------------------------


def test_note_numbers_restart_per_brief_but_links_stay_unique() -> None:
    checked = check_brief(MEMBERS[1], package_assets())
    _, _, width, height, column = body_frame_geometry(checked.theme)
    story = StoryBuilder(
        checked.validated.brief, checked.theme, checked.figures, column, height, width, 10
    ).build()
    assert min(story.notes) == 11
    assert story.notes[11].startswith("<super>1</super>")
    lead = story.lead[-1]._content[0]._cellvalues[1][0].text  # the summary's text
    assert 'href="#fn-11"' in lead and ">1</a>" in lead


def test_pack_notes_land_on_the_page_of_first_citation() -> None:
    pack, pdf = packed("standard")
    links = internal_links(pdf)
    notes = [link for link in links if link.page >= 2]
    first: dict[tuple[int, float], int] = {}
    for link in notes:
        first.setdefault((link.dest_page, link.dest_y), link.page)
    for (dest_page, _), page in first.items():
        if dest_page > 1:  # not a contents link
            assert dest_page == page
    texts = page_texts(pdf)
    starts = start_pages(pack, pdf)
    # The first note of the edge brief and of the crowded brief is number 1 again.
    for start in (starts[1], starts[3]):
        assert re.search(r"(^|\n)\s*1\s*(Test|Crowded) source", texts[start - 1]), texts[start - 1]


def test_contents_titles_link_to_the_briefs() -> None:
    pack, pdf = packed("standard")
    contents = [link.dest_page + 1 for link in internal_links(pdf) if link.page == 1]
    assert contents == start_pages(pack, pdf)


# -- the file ---------------------------------------------------------------------


def test_metadata_determinism_and_size() -> None:
    pack, pdf = packed("standard")
    info = PdfReader(BytesIO(pdf)).metadata
    assert info is not None
    assert info.title == TITLE
    assert all(title in str(info.subject) for title in brief_titles(pack))
    assert render_pack(pack) == pdf
    other = check_pack(PackSpec("Evening briefing", None, MEMBERS, "standard"), package_assets())
    assert render_pack(other) != pdf


def test_clapham_pack_is_well_under_a_megabyte() -> None:
    for layout in ("standard", "print"):
        pack = check_pack(PackSpec(TITLE, None, MEMBERS[:1], layout), package_assets())
        assert len(render_pack(pack)) < 512 * 1024


# -- pack files and the command ---------------------------------------------------


BRIEF_TEXT = "title: One\ndate: 2024-01-02\nsummary:\n  text: Hi.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pack_file_paths_are_relative_to_it(tmp_path: Path) -> None:
    brief = write(
        tmp_path / "briefs" / "one.yaml", "title: One\ndate: 2024-01-02\nsummary:\n  text: Hi.\n"
    )
    pack = write(
        tmp_path / "packs" / "morning.yaml",
        "title: Morning\ndate: 2024-02-03\nlayout: print\nbriefs:\n  - ../briefs/one.yaml\n",
    )
    spec = read_pack_file(pack, "morning.yaml", package_assets())
    assert spec.briefs == (pack.parent / "../briefs/one.yaml",)
    assert spec.briefs[0].resolve() == brief.resolve()
    assert (spec.title, spec.date, spec.layout) == ("Morning", dt.date(2024, 2, 3), "print")


LAYOT = "title: M\nbriefs:\n  - a.yaml\nlayot: print\n"
GONE = "title: M\nbriefs:\n  - a.yaml\n  - gone.yaml\n"
PRNT = "title: M\nbriefs:\n  - a.yaml\nlayout: prnt\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LAYOT, "p.yaml:4:1: error: unknown key 'layot' (did you mean 'layout'?)"),
        (GONE, "p.yaml:4:5: error: no such brief file: gone.yaml"),
        ("briefs:\n  - a.yaml\n", "p.yaml:1:1: error: the required key 'title' is missing"),
        ("title: M\nbriefs: []\n", "p.yaml:2:9: error: briefs: needs at least one item"),
        (PRNT, "p.yaml:4:9: error: unknown layout 'prnt' (did you mean 'print'?)"),
    ],
)
def test_pack_file_errors_are_located(tmp_path: Path, text: str, expected: str) -> None:
    write(tmp_path / "a.yaml", "title: A\ndate: 2024-01-02\nsummary:\n  text: Hi.\n")
    path = write(tmp_path / "p.yaml", text)
    with pytest.raises(BriefError) as raised:
        spec = read_pack_file(path, "p.yaml", package_assets())
        check_pack(spec, package_assets())
    messages = [diagnostic.format() for diagnostic in raised.value.diagnostics]
    assert any(message.startswith(expected) for message in messages), messages


def test_cli_pack_of_briefs(tmp_path: Path) -> None:
    target = tmp_path / "morning.pdf"
    args = [str(MEMBERS[0]), str(MEMBERS[2]), "-o", str(target), "--title", TITLE]
    result = CliRunner().invoke(app, ["pack", *args, "--date", "2024-06-01"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("morning.pdf")
    assert re.search(r"wrote .*morning\.pdf \(\d+ KB\)", result.stderr)
    texts = page_texts(target.read_bytes())
    assert "1 June 2024" in texts[0] and f"Page {len(texts)} of {len(texts)}" in texts[-1]


def test_cli_pack_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path / "packs" / "morning.yaml",
        f"title: Daily\nbriefs:\n  - {MEMBERS[2]}\n  - {MEMBERS[1]}\n",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["pack", "packs/morning.yaml", "--layout", "print"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(Path("out") / "daily.pdf")
    reader = PdfReader(tmp_path / "out" / "daily.pdf")
    assert reader.metadata is not None and reader.metadata.title == "Daily"
    assert "/TrimBox" in reader.pages[0]  # the print layout


def test_cli_reports_every_briefs_errors_in_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "one.yaml", "title: One\ndate: 2024-01-02\nsummary:\n  txt: Hi.\n")
    write(tmp_path / "two.yaml", "title: Two\ndat: 2024-01-02\nsummary:\n  text: Hi.\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["pack", "one.yaml", "two.yaml", "--title", "T"])
    assert result.exit_code == 1
    assert "one.yaml:4:3: error: summary: unknown key 'txt'" in result.stderr
    assert "two.yaml:2:1: error: unknown key 'dat'" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_cli_pack_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    several = runner.invoke(app, ["pack", str(MEMBERS[0]), str(MEMBERS[2])])
    assert several.exit_code == 2 and "--title" in several.stderr
    bad_date = runner.invoke(app, ["pack", str(MEMBERS[0]), "--title", "T", "--date", "May"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.stderr
    brief_alone = runner.invoke(app, ["pack", str(MEMBERS[0])])
    assert brief_alone.exit_code == 1 and "this is a brief, not a pack file" in brief_alone.stderr
