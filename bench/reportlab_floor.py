"""A brief's data to PDF bytes with plain ReportLab: the floor under briefpack.

A hand-written, minimal platypus script that sets the same content as a brief
(masthead, summary box, numbered findings, sections with pull quotes, a
timeline table whose header repeats on every page, and the sources listed at
the end), in the same bundled fonts and on A4. It does what a careful script
would do and nothing more: no validation, no positions, no footnotes at the
foot of the page, no layouts. The difference between briefpack and this script
is what briefpack costs above ReportLab itself.

    python bench/reportlab_floor.py briefs/clapham.yaml out.pdf

`render(data)` gives the bytes for a brief already read with `read_brief`.
"""

from __future__ import annotations

import re
import sys
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml  # noqa: TID251
from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts" / "noto"

INK, ACCENT, MUTED = HexColor("#1b1f24"), HexColor("#1d3557"), HexColor("#5c6672")
RULE, BOX, ZEBRA = HexColor("#c5ccd6"), HexColor("#edf1f6"), HexColor("#f4f6f9")
ALERT, ALERT_TINT = HexColor("#8c1c13"), HexColor("#fbeceb")
MARGINS = {"top": 24 * mm, "bottom": 22 * mm, "left": 22 * mm, "right": 22 * mm}

_registered = False


def read_brief(path: Path) -> dict[str, Any]:
    """The brief's YAML as plain data (no checks: the floor trusts its input)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return data


def register_fonts() -> None:
    """Register the bundled Noto Serif and Noto Sans faces by path, once."""
    global _registered
    if _registered:
        return
    for family in ("Serif", "Sans"):
        faces = {
            "": "Regular",
            "-Bold": "Bold",
            "-Italic": "Italic",
            "-BoldItalic": "BoldItalic",
        }
        for suffix, face in faces.items():
            font = TTFont(f"Noto{family}{suffix}", str(FONTS_DIR / f"Noto{family}-{face}.ttf"))
            pdfmetrics.registerFont(font)
        base = f"Noto{family}"
        addMapping(base, 0, 0, base)
        addMapping(base, 1, 0, f"{base}-Bold")
        addMapping(base, 0, 1, f"{base}-Italic")
        addMapping(base, 1, 1, f"{base}-BoldItalic")
    _registered = True


def _styles() -> dict[str, ParagraphStyle]:
    def style(name: str, font: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, **kw)

    body = style("body", "NotoSerif", 10, 14.4, textColor=INK, alignment=TA_JUSTIFY)
    body.spaceAfter, body.hyphenationLang, body.embeddedHyphenation = 6.5, "en_GB", 0
    summary = style("summary", "NotoSerif", 10.5, 15, textColor=INK, spaceAfter=5)
    heading = style("heading", "NotoSans-Bold", 13, 17, textColor=ACCENT, spaceBefore=14)
    heading.spaceAfter, heading.keepWithNext = 5, 1
    finding = ParagraphStyle("finding", parent=body, leftIndent=17, spaceAfter=5, bulletIndent=0)
    finding.bulletFontName, finding.bulletColor = "NotoSans-Bold", ACCENT
    return {
        "body": body,
        "banner": style("banner", "NotoSans-Bold", 7.5, 10, textColor=white),
        "embargo": style("embargo", "NotoSans-Bold", 8.5, 11, textColor=ALERT),
        "kicker": style("kicker", "NotoSans-Bold", 8, 11, textColor=ACCENT, spaceAfter=4),
        "title": style("title", "NotoSans-Bold", 23, 27.5, textColor=ACCENT, spaceAfter=6),
        "subtitle": style("subtitle", "NotoSerif-Italic", 12.5, 17, textColor=MUTED, spaceAfter=7),
        "meta": style("meta", "NotoSans", 8, 11, textColor=MUTED),
        "summary.title": style(
            "summary.title", "NotoSans-Bold", 8, 11, textColor=ACCENT, spaceAfter=5
        ),
        "summary": summary,
        "point": ParagraphStyle("point", parent=summary, leftIndent=11, spaceAfter=3.5),
        "heading": heading,
        "finding": finding,
        "quote": style("quote", "NotoSerif-Italic", 12.5, 17.5, textColor=INK, spaceAfter=5),
        "attribution": style("attribution", "NotoSans", 8, 11, textColor=MUTED),
        "head": style("head", "NotoSans-Bold", 7.5, 10, textColor=white),
        "date": style("date", "NotoSans-Bold", 8, 11.5, textColor=INK),
        "event": style("event", "NotoSerif", 9, 12.5, textColor=INK),
        "source": style("source", "NotoSerif", 8.5, 11.5, textColor=INK, spaceAfter=3),
    }


class Notes:
    """Footnote numbers in order of first citation, and the markup of each marker."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def marker(self, key: str) -> str:
        number = self.numbers.setdefault(key, len(self.numbers) + 1)
        return f'<super><font color="#1d3557">{number}</font></super>'

    def markers(self, keys: list[str] | None) -> str:
        return ",".join(self.marker(key) for key in keys or ()).replace("</super>,<super>", ",")


_INLINE = re.compile(
    r"\*\*(.+?)\*\*|\*(\S(?:.*?\S)?)\*|\[\^([A-Za-z0-9_-]+)\]|\[([^\]]+)\]\(([^)]+)\)", re.DOTALL
)


def markup(text: str, notes: Notes) -> str:
    """`**bold**`, `*italic*`, `[label](url)` and `[^key]` to ReportLab markup."""
    out: list[str] = []
    last = 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[last : match.start()]))
        bold, italic, key, label, url = match.groups()
        if bold is not None:
            out.append(f"<b>{markup(bold, notes)}</b>")
        elif italic is not None:
            out.append(f"<i>{markup(italic, notes)}</i>")
        elif key is not None:
            out.append(notes.marker(key))
        else:
            out.append(f'<a href="{escape(url)}" color="#1d3557">{escape(label)}</a>')
        last = match.end()
    out.append(escape(text[last:]))
    return " ".join("".join(out).split())


def _padding(table_style: list[Any], vertical: float, horizontal: float) -> list[Any]:
    return [
        *table_style,
        ("TOPPADDING", (0, 0), (-1, -1), vertical),
        ("BOTTOMPADDING", (0, 0), (-1, -1), vertical),
        ("LEFTPADDING", (0, 0), (-1, -1), horizontal),
        ("RIGHTPADDING", (0, 0), (-1, -1), horizontal),
    ]


def story(data: dict[str, Any], width: float) -> list[Any]:
    """The flowables of a brief, in reading order."""
    s, notes, out = _styles(), Notes(), []
    embargo = f"EMBARGOED UNTIL {data['embargo']}" if data.get("embargo") else None
    for text, style, fill in (
        (data.get("classification"), "banner", ALERT),
        (embargo, "embargo", ALERT_TINT),
    ):
        if text:
            band = Table([[Paragraph(escape(text.upper()), s[style])]], colWidths=[width])
            band.setStyle(_padding([("BACKGROUND", (0, 0), (-1, -1), fill)], 5, 6))
            if style == "embargo":
                band.setStyle([("BOX", (0, 0), (-1, -1), 0.75, ALERT)])
            band.spaceAfter = 4
            out.append(band)
    out.append(Spacer(0, 10))
    if data.get("desk"):
        out.append(Paragraph(escape(data["desk"].upper()), s["kicker"]))
    out.append(Paragraph(markup(data["title"], notes), s["title"]))
    if data.get("subtitle"):
        out.append(Paragraph(markup(data["subtitle"], notes), s["subtitle"]))
    meta = " · ".join(
        part
        for part in (str(data["date"]), data.get("desk", "") + " desk", data.get("author"))
        if part
    )
    out.append(Paragraph(escape(meta), s["meta"]))
    rule = Table([[""]], colWidths=[width], rowHeights=[1.2])
    rule.setStyle([("LINEBELOW", (0, 0), (-1, -1), 1.2, ACCENT)])
    out += [Spacer(0, 6), rule, Spacer(0, 14)]

    summary = data["summary"]
    box = [Paragraph(escape(summary.get("title", "Summary").upper()), s["summary.title"])]
    if summary.get("text"):
        box.append(Paragraph(markup(summary["text"], notes), s["summary"]))
    box += [
        Paragraph(markup(point, notes), s["point"], bulletText="•")
        for point in summary.get("points", ())
    ]
    table = Table([[box]], colWidths=[width])
    table.setStyle(
        _padding([], 11, 11)
        + [
            ("LEFTPADDING", (0, 0), (-1, -1), 14.5),
            ("BACKGROUND", (0, 0), (-1, -1), BOX),
            ("LINEBEFORE", (0, 0), (0, -1), 3.5, ACCENT),
        ]
    )
    table.spaceAfter = 16
    out.append(table)

    if data.get("findings"):
        out.append(Paragraph("Key findings", s["heading"]))
        for i, finding in enumerate(data["findings"], start=1):
            label = ""
            if finding.get("verdict"):
                label = (
                    f'<font name="NotoSans-Bold" size="7" color="#1d3557">'
                    f"{escape(finding['verdict'].upper())}</font>&nbsp;&nbsp;"
                )
            text = label + markup(finding["text"], notes) + notes.markers(finding.get("sources"))
            out.append(Paragraph(text, s["finding"], bulletText=f"{i}."))

    quotes = data.get("quotes", [])
    sections = data.get("sections", [])
    for i, section in enumerate(sections):
        out.append(Paragraph(markup(section["heading"], notes), s["heading"]))
        for paragraph in section["body"].split("\n\n"):
            if paragraph.strip():
                out.append(Paragraph(markup(paragraph, notes), s["body"]))
        rest = quotes[i : i + 1] if i < len(sections) - 1 else quotes[i:]
        out += [pull_quote(quote, notes, s, width) for quote in rest]

    if data.get("timeline"):
        out.append(Paragraph("Timeline", s["heading"]))
        rows: list[list[Any]] = [[Paragraph("DATE", s["head"]), Paragraph("EVENT", s["head"])]]
        for entry in data["timeline"]:
            when = escape(str(entry["date"]))
            if entry.get("time"):
                when += f"<br/>{entry['time']}"
            event = markup(entry["event"], notes) + notes.markers(entry.get("sources"))
            rows.append([Paragraph(when, s["date"]), Paragraph(event, s["event"])])
        table = Table(rows, colWidths=[34 * mm, width - 34 * mm], repeatRows=1)
        table.setStyle(
            _padding([], 5, 5)
            + [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, ZEBRA]),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ]
        )
        out.append(table)

    if notes.numbers:
        out.append(Paragraph("Sources", s["heading"]))
        sources = data.get("sources", {})
        for key, number in notes.numbers.items():
            source = sources.get(key, {})
            parts = [f"<i>{markup(source.get('title', key), Notes())}</i>"]
            parts += [escape(str(source[k])) for k in ("publisher", "date") if source.get(k)]
            text = f"{number}.&nbsp;" + ", ".join(parts) + "."
            if source.get("url"):
                text += f' <a href="{escape(source["url"])}">{escape(source["url"])}</a>'
            if source.get("note"):
                text += " " + markup(source["note"], Notes())
            out.append(Paragraph(text, s["source"]))
    return out


def pull_quote(
    quote: dict[str, Any], notes: Notes, s: dict[str, ParagraphStyle], width: float
) -> Any:
    text = Paragraph(f"“{markup(quote['text'], notes)}”", s["quote"])
    who = f"<b>{markup(quote['speaker'], notes)}</b>"
    if quote.get("role"):
        who += ", " + markup(quote["role"], notes)
    who += notes.markers(quote.get("sources"))
    table = Table([[text], [Paragraph("— " + who, s["attribution"])]], colWidths=[width - 14 * mm])
    table.setStyle(
        _padding([], 2, 12)
        + [
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (0, 0), 0),
            ("TOPPADDING", (0, 1), (0, 1), 5),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, ACCENT),
        ]
    )
    table.hAlign = "RIGHT"
    table.spaceBefore = table.spaceAfter = 12
    return KeepTogether([table])


def render(data: dict[str, Any]) -> bytes:
    """The PDF of a brief's data, as bytes."""
    register_fonts()
    buffer = BytesIO()
    title = " ".join(data["title"].split())
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author=data.get("author", ""), invariant=1,
        initialFontName="NotoSerif", leftMargin=MARGINS["left"], rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"], bottomMargin=MARGINS["bottom"],
    )  # fmt: skip
    right = " · ".join(
        part
        for part in (
            f"EMBARGOED UNTIL {data['embargo']}" if data.get("embargo") else "",
            data.get("classification", ""),
        )
        if part
    )

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("NotoSans", 7)
        canvas.setFillColor(MUTED)
        y = MARGINS["bottom"] - 11 * mm
        canvas.drawString(MARGINS["left"], y, str(data["date"]))
        canvas.drawRightString(A4[0] - MARGINS["right"], y, f"Page {doc.page}")
        canvas.restoreState()

    def header_and_footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("NotoSans", 7)
        canvas.setFillColor(MUTED)
        y = A4[1] - MARGINS["top"] + 9 * mm
        canvas.drawString(MARGINS["left"], y, title if len(title) < 40 else title[:38] + "…")
        canvas.setFillColor(ALERT)
        canvas.drawRightString(A4[0] - MARGINS["right"], y, right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGINS["left"], y - 4.2, A4[0] - MARGINS["right"], y - 4.2)
        canvas.restoreState()
        footer(canvas, doc)

    doc.build(story(data, doc.width), onFirstPage=footer, onLaterPages=header_and_footer)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python bench/reportlab_floor.py BRIEF.yaml OUT.pdf", file=sys.stderr)
        return 2
    Path(argv[1]).write_bytes(render(read_brief(Path(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
