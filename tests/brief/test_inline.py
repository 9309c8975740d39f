"""inline: text field to an inline tree, and the tree to escaped ReportLab markup."""

from __future__ import annotations

from io import BytesIO
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from briefpack.brief.inline import (
    Emphasis,
    FootnoteRef,
    Link,
    Node,
    Strong,
    Text,
    escape_text,
    footnote_refs,
    links,
    parse_inline,
    plain_text,
    quote_attribute,
    to_markup,
)


def no_marker(key: str) -> str:
    return ""


def markup(text: str) -> str:
    return to_markup(parse_inline(text), footnote=no_marker)


def collapse(text: str) -> str:
    return " ".join(text.split())


# --- Emphasis --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("**bold**", (Strong((Text("bold"),)),), id="bold"),
        pytest.param("*italic*", (Emphasis((Text("italic"),)),), id="italic"),
        pytest.param("***both***", (Emphasis((Strong((Text("both"),)),)),), id="bold-italic"),
        pytest.param(
            "a **b** c",
            (Text("a "), Strong((Text("b"),)), Text(" c")),
            id="bold-mid-sentence",
        ),
        pytest.param(
            "**bold *and italic* here**",
            (Strong((Text("bold "), Emphasis((Text("and italic"),)), Text(" here"))),),
            id="italic-inside-bold",
        ),
        pytest.param(
            "*it **and bold** x*",
            (Emphasis((Text("it "), Strong((Text("and bold"),)), Text(" x"))),),
            id="bold-inside-italic",
        ),
        pytest.param("**a**b", (Strong((Text("a"),)), Text("b")), id="bold-then-word"),
    ],
)
def test_emphasis(text: str, expected: tuple[Node, ...]) -> None:
    assert parse_inline(text) == expected


# --- Links -----------------------------------------------------------------------------------


def test_link_keeps_url_label_children_and_source() -> None:
    text = "See [the **full** report](https://example.org/r?a=1&b=2) now."
    assert parse_inline(text) == (
        Text("See "),
        Link(
            "https://example.org/r?a=1&b=2",
            (Text("the "), Strong((Text("full"),)), Text(" report")),
            "[the **full** report](https://example.org/r?a=1&b=2)",
        ),
        Text(" now."),
    )


def test_mailto_link() -> None:
    (link,) = parse_inline("[write to us](mailto:desk@example.org)")
    assert link == Link(
        "mailto:desk@example.org",
        (Text("write to us"),),
        "[write to us](mailto:desk@example.org)",
    )


def test_link_inside_bold_and_links_in_reading_order() -> None:
    nodes = parse_inline("[one](https://a.example) and **[two](https://b.example)**")
    assert [link.url for link in links(nodes)] == ["https://a.example", "https://b.example"]
    assert [link.source for link in links(nodes)] == [
        "[one](https://a.example)",
        "[two](https://b.example)",
    ]


def test_links_of_text_without_links() -> None:
    assert links(parse_inline("no links [here] at all")) == []


# --- Footnote references ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "A claim[^report].", (Text("A claim"), FootnoteRef("report"), Text(".")), id="one"
        ),
        pytest.param("End.[^a]", (Text("End."), FootnoteRef("a")), id="after-full-stop"),
        pytest.param(
            "one[^a], two[^b]; three[^a]",
            (
                Text("one"),
                FootnoteRef("a"),
                Text(", two"),
                FootnoteRef("b"),
                Text("; three"),
                FootnoteRef("a"),
            ),
            id="several-with-punctuation",
        ),
        pytest.param("x[^a][^b]", (Text("x"), FootnoteRef("a"), FootnoteRef("b")), id="adjacent"),
        pytest.param(
            "(see[^ons-2024_q1])",
            (Text("(see"), FootnoteRef("ons-2024_q1"), Text(")")),
            id="key-with-dash-underscore-in-parentheses",
        ),
        pytest.param(
            "**claim[^a]**",
            (Strong((Text("claim"), FootnoteRef("a"))),),
            id="inside-bold",
        ),
    ],
)
def test_footnote_refs_parse(text: str, expected: tuple[Node, ...]) -> None:
    assert parse_inline(text) == expected


def test_footnote_refs_in_reading_order_including_nested() -> None:
    nodes = parse_inline("a[^z] **b[^y]** [c[^x]](https://c.example) *d[^z]*")
    refs = footnote_refs(nodes)
    assert [ref.key for ref in refs] == ["z", "y", "x", "z"]
    assert [ref.source for ref in refs] == ["[^z]", "[^y]", "[^x]", "[^z]"]


def test_footnote_refs_of_text_without_refs() -> None:
    assert footnote_refs(parse_inline("plain [sic] text")) == []


# --- plain_text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("plain", "plain", id="plain"),
        pytest.param("**Bold** and *italic*", "Bold and italic", id="emphasis-dropped"),
        pytest.param("a [link](https://x.example) here", "a link here", id="link-label-only"),
        pytest.param("claim[^a].", "claim.", id="footnote-marker-dropped"),
        pytest.param("2 * 3 & <b>", "2 * 3 & <b>", id="literal-characters-kept"),
    ],
)
def test_plain_text(text: str, expected: str) -> None:
    assert plain_text(parse_inline(text)) == expected


# --- Literal text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2 * 3", "2 * 3", id="spaced-asterisk"),
        pytest.param("2 * 3 * 4", "2 * 3 * 4", id="two-spaced-asterisks"),
        pytest.param("[sic]", "[sic]", id="brackets-without-url"),
        pytest.param("[^not a key]", "[^not a key]", id="footnote-with-spaces"),
        pytest.param("[^]", "[^]", id="empty-footnote"),
        pytest.param("snake_case_word", "snake_case_word", id="snake-case"),
        pytest.param("_under_", "_under_", id="underscores-are-not-emphasis"),
        pytest.param("__dunder__", "__dunder__", id="double-underscores-are-not-bold"),
        pytest.param("**bold", "**bold", id="unclosed-bold"),
        pytest.param("*italic", "*italic", id="unclosed-italic"),
        pytest.param("a \\* b", "a \\* b", id="backslash-printed-as-typed"),
        pytest.param("C:\\briefs\\new", "C:\\briefs\\new", id="backslashes"),
        pytest.param("&amp; &#60; &lt;", "&amp; &#60; &lt;", id="entities-printed-as-typed"),
        pytest.param("`code`", "`code`", id="backticks"),
        pytest.param("<https://x.example>", "<https://x.example>", id="no-autolink"),
        pytest.param("# not a heading", "# not a heading", id="hash"),
        pytest.param("~~not struck~~", "~~not struck~~", id="tildes"),
        pytest.param("one\ntwo", "one two", id="line-break-is-a-space"),
        pytest.param("one  \n   two", "one two", id="line-break-with-spaces"),
        pytest.param("one\r\ntwo", "one two", id="crlf-line-break"),
    ],
)
def test_literal_text(text: str, expected: str) -> None:
    assert parse_inline(text) == (Text(expected),)


def test_line_break_inside_emphasis_is_a_space() -> None:
    assert parse_inline("*a\nb*") == (Emphasis((Text("a b"),)),)


# --- to_markup -------------------------------------------------------------------------------


def test_to_markup_formats_and_escapes() -> None:
    nodes = parse_inline("**B** *i* ***bi*** a < b & c > d \"q\" 'r'")
    assert to_markup(nodes, footnote=no_marker) == (
        "<b>B</b> <i>i</i> <i><b>bi</b></i> a &lt; b &amp; c &gt; d \"q\" 'r'"
    )


def test_to_markup_inserts_footnote_callback_output_verbatim() -> None:
    seen: list[str] = []

    def marker(key: str) -> str:
        seen.append(key)
        return f'<super><a href="#note-{key}">{len(seen)}</a></super>'

    result = to_markup(parse_inline("x[^a] & **y[^b]**"), footnote=marker)
    assert seen == ["a", "b"]
    assert result == (
        'x<super><a href="#note-a">1</a></super> &amp; '
        '<b>y<super><a href="#note-b">2</a></super></b>'
    )


def test_to_markup_link_without_and_with_colour() -> None:
    nodes = parse_inline("[the *report*](https://example.org/r)")
    assert to_markup(nodes, footnote=no_marker) == (
        '<a href="https://example.org/r">the <i>report</i></a>'
    )
    assert to_markup(nodes, footnote=no_marker, link_color="#0055AA") == (
        '<a href="https://example.org/r" color="#0055AA">the <i>report</i></a>'
    )


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://example.org/?a=1&b=2", id="ampersand"),
        pytest.param('https://example.org/?q="x"&b=2', id="double-quote-and-ampersand"),
        pytest.param('https://example.org/?q="x\'"&b=<2>', id="both-quotes-and-angles"),
    ],
)
def test_to_markup_escapes_the_url_attribute(url: str) -> None:
    result = to_markup((Link(url, (Text("label"),), ""),), footnote=no_marker, link_color="red")
    assert "&amp;b=" in result
    element = ElementTree.fromstring(f"<para>{result}</para>")
    (anchor,) = list(element)
    assert anchor.tag == "a"
    assert anchor.attrib == {"href": url, "color": "red"}
    assert anchor.text == "label"


@given(st.text(alphabet=st.sampled_from("ab &<>\"'\n\r\t\u00e9\u20ac")) | st.text())
def test_escaping_is_what_the_xml_library_writes(text: str) -> None:
    # briefpack does not import xml.sax.saxutils (it loads urllib.request), and must
    # escape exactly as it did with it, so the PDFs stay the same.
    assert escape_text(text) == escape(text)
    assert quote_attribute(text) == quoteattr(text)


def test_to_markup_escapes_the_url_parsed_from_text() -> None:
    result = markup('[x](https://example.org/?q="a"&b=1)')
    element = ElementTree.fromstring(f"<para>{result}</para>")
    assert element[0].attrib["href"] == 'https://example.org/?q="a"&b=1'


# --- Hostile text ----------------------------------------------------------------------------

HOSTILE = [
    pytest.param("<font size=200>", id="font-tag"),
    pytest.param("<font size=200>big</font>", id="font-tag-pair"),
    pytest.param('<img src="x"/>', id="img-tag"),
    pytest.param('<a href="javascript:x">', id="anchor-tag"),
    pytest.param('<a href="javascript:x">click</a>', id="anchor-tag-pair"),
    pytest.param("&nbsp;", id="entity"),
    pytest.param("a&nbsp;b", id="entity-in-word"),
    pytest.param("&", id="ampersand-alone"),
    pytest.param("Smith & Sons", id="ampersand-in-text"),
    pytest.param("<", id="less-than-alone"),
    pytest.param("x < y", id="less-than-in-text"),
    pytest.param("]]>", id="cdata-end"),
    pytest.param("<para>", id="para-tag"),
    pytest.param("<para>inner</para>", id="para-tag-pair"),
    pytest.param("<br/>", id="br-tag"),
    pytest.param("one<br/>two", id="br-tag-in-word"),
    pytest.param('<super>1</super> <onDraw name="x"/>', id="super-and-ondraw"),
    pytest.param("&lt;b&gt; &#60;i&#62; &amp;", id="pre-escaped"),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_becomes_no_markup(text: str) -> None:
    result = markup(text)
    assert "<" not in result
    assert ">" not in result
    # The markup is only escaped text: as XML, it reads back as exactly what was typed.
    assert ElementTree.fromstring(f"<para>{result}</para>").text == text


def test_hostile_text_inside_formatting_stays_text() -> None:
    result = markup('**<font color="red">x</font>** *&nbsp;*')
    assert result == ('<b>&lt;font color="red"&gt;x&lt;/font&gt;</b> <i>&amp;nbsp;</i>')


def render_page_text(paragraph_markup: str) -> str:
    paragraph = Paragraph(paragraph_markup, ParagraphStyle("t"))
    _, height = paragraph.wrap(400, 700)
    buffer = BytesIO()
    canvas = Canvas(buffer)
    paragraph.drawOn(canvas, 72, 770 - height)
    canvas.showPage()
    canvas.save()
    (page,) = PdfReader(BytesIO(buffer.getvalue())).pages
    return page.extract_text()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_prints_literally_in_a_pdf(text: str) -> None:
    page_text = render_page_text(to_markup(parse_inline(text), footnote=lambda key: ""))
    assert collapse(page_text) == collapse(text)


def test_link_url_reaches_the_pdf_intact() -> None:
    url = 'https://example.org/?q="x\'"&b=<2>'
    paragraph_markup = to_markup((Link(url, (Text("label"),), ""),), footnote=no_marker)
    paragraph = Paragraph(paragraph_markup, ParagraphStyle("t"))
    paragraph.wrap(400, 700)
    buffer = BytesIO()
    canvas = Canvas(buffer)
    paragraph.drawOn(canvas, 72, 700)
    canvas.showPage()
    canvas.save()
    (page,) = PdfReader(BytesIO(buffer.getvalue())).pages
    uris = [annotation.get_object()["/A"]["/URI"] for annotation in page["/Annots"]]
    assert uris == [url]
    assert collapse(page.extract_text()) == "label"
