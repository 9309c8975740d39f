"""Copies for named recipients: the stamp on every page, the metadata, the document
ID, the recipients list and the file names, through the library and the CLI."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from briefpack.common.diagnostics import BriefError
from briefpack.distribute.recipients import Recipient, copy_name, read_recipients, recipient_slug
from briefpack.pipeline import package_assets, render_brief
from conftest import BRIEFS, LAYOUTS, TEST_BRIEFS, page_texts, render
from conftest import invoke_cli as invoke

CLAPHAM = BRIEFS / "clapham.yaml"
MINIMAL = TEST_BRIEFS / "minimal.yaml"
JANE = "Jane Doe, Politics desk"
LIST = (
    "name,desk,email\n"
    "Jane Doe,Politics,jane@example.org\n"
    "José Núñez,Home affairs,jose@example.org\n"
)

_COPIES: dict[tuple[str, str], bytes] = {}


def copy_for(recipient: str, layout: str = "standard", path: Path = CLAPHAM) -> bytes:
    key = (recipient, layout + str(path))
    if key not in _COPIES:
        _COPIES[key] = render_brief(path, package_assets(), layout, recipient=recipient).pdf
    return _COPIES[key]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "clapham.yaml").write_bytes(CLAPHAM.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- the stamp and the metadata ----------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_page_is_stamped_for_the_recipient(layout: str) -> None:
    texts = page_texts(copy_for(JANE, layout))
    assert len(texts) >= 2
    for text in texts:
        assert text.count(f"Prepared for {JANE}") == 1


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_stamp_without_a_recipient(layout: str) -> None:
    pdf = render(CLAPHAM, layout)
    assert all("Prepared for" not in text for text in page_texts(pdf))
    info = PdfReader(BytesIO(pdf)).metadata
    assert info is not None and "/PreparedFor" not in info
    assert "Prepared for" not in (info.subject or "")


def test_the_metadata_names_the_recipient() -> None:
    info = PdfReader(BytesIO(copy_for(JANE))).metadata
    plain = PdfReader(BytesIO(render(CLAPHAM, "standard"))).metadata
    assert info is not None and plain is not None
    assert info["/PreparedFor"] == JANE
    assert info.subject == f"{plain.subject} (Prepared for {JANE})"
    assert info.title == plain.title and info.author == plain.author
    assert info["/CreationDate"] == plain["/CreationDate"]


def test_a_recipient_outside_latin1_is_kept_in_the_metadata() -> None:
    pdf = copy_for("Γιώργος Παπαδόπουλος, Αθήνα")
    info = PdfReader(BytesIO(pdf)).metadata
    assert info is not None and info["/PreparedFor"] == "Γιώργος Παπαδόπουλος, Αθήνα"
    assert "Prepared for Γιώργος Παπαδόπουλος, Αθήνα" in page_texts(pdf)[0]


def test_each_recipient_gets_their_own_document_id_every_time() -> None:
    def document_id(pdf: bytes) -> object:
        return PdfReader(BytesIO(pdf)).trailer["/ID"][0]

    ids = {document_id(copy_for(who)) for who in (JANE, "Jo Bloggs, News")}
    ids.add(document_id(render(CLAPHAM, "standard")))
    assert len(ids) == 3
    again = render_brief(CLAPHAM, package_assets(), "standard", recipient=JANE).pdf
    assert again == copy_for(JANE)


def test_an_empty_recipient_is_no_recipient() -> None:
    assert render_brief(MINIMAL, package_assets(), recipient="  ").pdf == render(MINIMAL)


# -- where the stamp sits --------------------------------------------------------------


def text_box(page: pdfium.PdfPage, needle: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) around the first occurrence of `needle` on the page."""
    textpage = page.get_textpage()
    found = textpage.search(needle).get_next()
    assert found is not None, needle
    index, count = found
    chars = [textpage.get_charbox(i) for i in range(index, index + count)]
    return (
        min(c[0] for c in chars),
        min(c[1] for c in chars),
        max(c[2] for c in chars),
        max(c[3] for c in chars),
    )


def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    "who",
    [JANE, "Professor Dame Alexandra Montgomery-Featherstonehaugh, Senior Correspondent, "
     "Home affairs, investigations and special projects desk (London bureau)"],
    ids=["short", "very-long"],
)  # fmt: skip
def test_the_stamp_stays_clear_of_the_footer_and_inside_the_page(layout: str, who: str) -> None:
    pdf = copy_for(who, layout)
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            stamp = text_box(page, "Prepared for")
            number = text_box(page, f"Page {index + 1} of {len(document)}")
            date = text_box(page, "30 March 2021")  # the footer's: the masthead's is above
            if index == 0:
                textpage = page.get_textpage()
                searcher = textpage.search("30 March 2021")
                hits = [searcher.get_next() for _ in range(3)]
                lowest = min(
                    (textpage.get_charbox(hit[0]) for hit in hits if hit), key=lambda box: box[1]
                )
                date = (lowest[0], lowest[1], lowest[0] + (date[2] - date[0]), lowest[3])
            assert not overlap(stamp, number) and not overlap(stamp, date)
            trim = [float(v) for v in PdfReader(BytesIO(pdf)).pages[index].trimbox]
            assert trim[0] <= stamp[0] and stamp[2] <= trim[2] and trim[1] <= stamp[1]
            assert stamp[3] < number[3] + 1  # in the footer, not above it
    finally:
        document.close()


# -- the recipients list ------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_a_list_gives_each_recipient_with_their_stamp(tmp_path: Path) -> None:
    recipients = read_recipients(write(tmp_path, LIST))
    assert [r.stamp for r in recipients] == ["Jane Doe, Politics", "José Núñez, Home affairs"]
    assert [r.slug for r in recipients] == ["jane-doe", "jose-nunez"]
    assert recipients[1].email == "jose@example.org"
    assert recipients[1].position is not None and recipients[1].position.line == 3


def test_a_list_may_quote_reorder_add_columns_and_use_windows_line_ends(tmp_path: Path) -> None:
    text = (
        "\ufeffEmail,Name,Notes,Desk\r\n"
        'a@example.org,"Doe, Jane","said ""hi""\r\non two lines",Politics\r\n'
        "\r\n"
        "b@example.org,Jo Bloggs,,\r\n"
    )
    recipients = read_recipients(write(tmp_path, text))
    assert [(r.name, r.desk, r.email) for r in recipients] == [
        ("Doe, Jane", "Politics", "a@example.org"),
        ("Jo Bloggs", "", "b@example.org"),
    ]
    assert recipients[0].stamp == "Doe, Jane, Politics"
    assert recipients[1].stamp == "Jo Bloggs"
    assert recipients[1].position is not None and recipients[1].position.line == 5


LIST_ERRORS = [
    pytest.param(
        "name,email\nJane,j@x.org\n",
        ["list.csv:1:1: error: the header row has no column 'desk'"],
        id="missing-column",
    ),
    pytest.param(
        "nom,desk\n",
        ["list.csv:1:1: error: the header row has no columns 'name', 'email'"],
        id="missing-columns",
    ),
    pytest.param(
        "name,desk,email\nJane,Politics,j@x.org\n,News,n@x.org\n",
        ["list.csv:3:1: error: the name is empty"],
        id="empty-name",
    ),
    pytest.param(
        "desk,name,email\nNews,  ,n@x.org\n",
        ["list.csv:2:6: error: the name is empty"],
        id="blank-name-column",
    ),
    pytest.param(
        "name,desk,email\nJane,Politics\n",
        ["list.csv:2:1: error: this row has 2 cells and the header row 3"],
        id="short-row",
    ),
    pytest.param(
        "name,desk,email\nJane,Politics,jane.example.org\n",
        ["list.csv:2:15: error: 'jane.example.org' is not an e-mail address"],
        id="bad-email",
    ),
    pytest.param(
        'name,desk,email\nJane,Politics,"jane@example.org\nBcc: evil@x.org"\n',
        [
            "list.csv:2:15: error: the e-mail address 'jane@example.org\\nBcc: evil@x.org' "
            "has a line break in it (write one address on one line, with nothing after it)"
        ],
        id="line-break-in-email",
    ),
    pytest.param(
        'name,desk,email\nJane,Politics,Jane <jane@example.org>\nSam,,"a@x.org, b@y.org"\n'
        "Ann,,ann@\nBob,,@example.org\n",
        [
            "list.csv:2:15: error: 'Jane <jane@example.org>' is not an e-mail address alone "
            "(write only the address, jane@example.org; the name goes in the name column)",
            "list.csv:3:6: error: 'a@x.org, b@y.org' is more than one e-mail address "
            "(give each address a row of its own, with its name)",
            "list.csv:4:6: error: 'ann@' is not an e-mail address (write it as name@domain",
            "list.csv:5:6: error: '@example.org' is not an e-mail address",
        ],
        id="not-one-address",
    ),
    pytest.param(
        "name,desk,email\nJane Doe,A,a@x.org\nJane  DOE,B,b@x.org\n",
        [
            "list.csv:3:1: error: 'Jane DOE' and 'Jane Doe' (line 2) would get the same "
            "file name (...-jane-doe.pdf)"
        ],
        id="same-slug",
    ),
    pytest.param(
        "name,desk,email\n!!!,A,a@x.org\n",
        ["list.csv:2:1: error: '!!!' has no letter or digit to name a file with"],
        id="no-letters",
    ),
    pytest.param(
        "name,desk,email\n",
        ["list.csv:1:1: error: the list has no recipients, only its header row"],
        id="header-only",
    ),
    pytest.param("", ["list.csv:1:1: error: the file is empty"], id="empty"),
    pytest.param(
        "name,desk,name,email\nA,B,C,d@x.org\n",
        ["list.csv:1:11: error: the column 'name' is named twice"],
        id="column-twice",
    ),
    pytest.param(
        "name,desk,email\n,A,a@x.org\nB,b\nC,C,c\n",
        [
            "list.csv:2:1: error: the name is empty",
            "list.csv:3:1: error: this row has 2 cells",
            "list.csv:4:5: error: 'c' is not an e-mail address",
        ],
        id="every-problem-at-once",
    ),
]


@pytest.mark.parametrize(("text", "expected"), LIST_ERRORS)
def test_list_errors_are_located(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(BriefError) as problem:
        read_recipients(path, "list.csv")
    found = [d.format() for d in problem.value.diagnostics]
    assert len(found) == len(expected), found
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start), (line, start)


def test_a_list_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes("name,desk,email\nJos\xe9,A,a@x.org\n".encode("cp1252"))
    with pytest.raises(BriefError) as problem:
        read_recipients(path, "list.csv")
    assert str(problem.value) == "list.csv:2:4: error: this is not UTF-8 text (save it as UTF-8)"


def test_recipient_slugs_and_copy_names() -> None:
    import datetime as dt

    assert recipient_slug("José Núñez") == "jose-nunez"
    assert recipient_slug("  Anne-Marie O'Neill ") == "anne-marie-o-neill"
    assert recipient_slug("Γιώργος") == "γιώργος"
    recipient = Recipient("Jane Doe", "Politics")
    assert copy_name("clapham", dt.date(2021, 3, 30), recipient) == (
        "clapham-2021-03-30-jane-doe.pdf"
    )


# -- the command line -------------------------------------------------------------------


def test_render_for_one_recipient(workdir: Path) -> None:
    result = invoke(["render", "clapham.yaml", "--recipient", JANE])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "out/clapham.pdf\n"
    assert result.stderr.startswith("wrote out/clapham.pdf (") and result.stderr.endswith(" KB)\n")
    assert (workdir / "out" / "clapham.pdf").read_bytes() == copy_for(JANE)


def test_render_for_a_list_writes_one_named_pdf_each(workdir: Path) -> None:
    write(workdir, LIST)
    result = invoke(["render", "clapham.yaml", "--recipients", "list.csv"])
    assert result.exit_code == 0, result.stderr
    names = ["out/clapham-2021-03-30-jane-doe.pdf", "out/clapham-2021-03-30-jose-nunez.pdf"]
    assert result.stdout.splitlines() == names  # stdout: only the paths
    sizes = result.stderr.splitlines()
    assert [line.split(" (")[0] for line in sizes] == [f"wrote {name}" for name in names]
    for name, line in zip(names, sizes, strict=True):
        kilobytes = round((workdir / name).stat().st_size / 1024)
        assert line.endswith(f" ({max(1, kilobytes)} KB)")
    assert sorted(p.name for p in (workdir / "out").iterdir()) == [Path(n).name for n in names]
    jose = page_texts((workdir / names[1]).read_bytes())
    assert all("Prepared for José Núñez, Home affairs" in text for text in jose)
    assert (workdir / names[0]).read_bytes() == copy_for("Jane Doe, Politics")


def test_render_for_a_list_into_a_folder_and_in_another_layout(workdir: Path) -> None:
    write(workdir, LIST)
    result = invoke(
        ["render", "clapham.yaml", "--recipients", "list.csv", "-o", "copies", "-l", "print"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "copies/clapham-2021-03-30-jane-doe.pdf",
        "copies/clapham-2021-03-30-jose-nunez.pdf",
    ]


def test_a_bad_list_writes_nothing(workdir: Path) -> None:
    write(workdir, "name,desk,email\nJane,Politics,j@x.org\n,News,n@x.org\n")
    result = invoke(["render", "clapham.yaml", "--recipients", "list.csv"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr == "list.csv:3:1: error: the name is empty (every copy names its recipient)\n"
    )
    assert not (workdir / "out").exists()


def test_an_address_with_a_line_break_stops_before_any_copy(workdir: Path) -> None:
    write(workdir, 'name,desk,email\nJane,Politics,"jane@example.org\nBcc: evil@x.org"\n')
    result = invoke(["render", "clapham.yaml", "--recipients", "list.csv"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "list.csv:2:15: error: the e-mail address 'jane@example.org\\nBcc: evil@x.org' has a "
        "line break in it"
    )
    assert result.stdout == ""
    assert not (workdir / "out").exists()


def test_addresses_outside_ascii_are_addresses(tmp_path: Path) -> None:
    path = write(tmp_path, "name,desk,email\nJosé,,josé@exámple.org\nAnn,,ann@[192.0.2.1]\n")
    assert [r.email for r in read_recipients(path)] == ["josé@exámple.org", "ann@[192.0.2.1]"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--recipient", "A", "--recipients", "list.csv"], "--recipient or --recipients, not both"),
        (["--recipients", "list.csv", "-o", "one.pdf"], "with --recipients, -o names a folder"),
        (["--recipient", " "], "--recipient needs a name"),
    ],
    ids=["both", "pdf-output", "empty-name"],
)  # fmt: skip
def test_recipient_usage_errors(workdir: Path, args: list[str], message: str) -> None:
    write(workdir, LIST)
    result = invoke(["render", "clapham.yaml", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (workdir / "out").exists() and not (workdir / "one.pdf").exists()


def test_an_invalid_brief_among_copies_fails_alone(workdir: Path) -> None:
    write(workdir, LIST)
    (workdir / "broken.yaml").write_text("title: x\n", encoding="utf-8")
    result = invoke(["render", "broken.yaml", "clapham.yaml", "--recipients", "list.csv"])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert "broken.yaml" in result.stderr and "1 of 2 briefs rendered" in result.stderr
