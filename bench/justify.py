"""How evenly justified lines are spaced: briefpack (greedy, and total-fit) next to Typst.

The same paragraphs (the findings and section bodies of `briefs/clapham.yaml`,
`tests/briefs/edges.yaml` and two of the language briefs, without their inline
markup) are set in the body style of a layout, at its column's measure, by
briefpack's paragraphs (ReportLab's greedy line breaking, then the total-fit
breaking briefpack uses) and by Typst (same page width, fonts, size, leading,
`par(justify: true)`, the brief's language with hyphenation). All three PDFs are
measured by one method: pdfium's character boxes, grouped into lines and words.
A line's gap is (line width - sum of word widths) / gaps / font size, in ems;
the last line of a paragraph (ragged) and lines of one word are skipped.

    python bench/justify.py            # standard and compact
    python bench/justify.py --layout compact
    python bench/justify.py --worst 5  # and each setter's five loosest lines
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from typst_peer import FONT_PATHS, read_yaml  # noqa: E402

BRIEFS = ["briefs/clapham.yaml", "tests/briefs/edges.yaml"]
BRIEFS += ["tests/briefs/lang/de.yaml", "tests/briefs/lang/fr.yaml"]
MARGIN = 36.0
PAGE_HEIGHT = 842.0
_MARKUP = re.compile(r"\[\^[^\]]+\]|\*\*|\*|\[([^\]]*)\]\([^)]*\)")


def plain(text: str) -> str:
    """A brief's inline text without its markup: footnote references dropped."""
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", text).split())


def paragraphs(path: Path) -> list[str]:
    """The body paragraphs of a brief: its findings' texts and its sections' bodies."""
    data = read_yaml(path)
    texts = [str(finding.get("text", "")) for finding in data.get("findings") or []]
    for section in data.get("sections") or []:
        texts += re.split(r"\n\s*\n", str(section.get("body", "")))
    return [plain(text) for text in texts if plain(text)]


def briefpack_pdf(path: Path, layout: str, texts: list[str], greedy: bool) -> tuple[bytes, Any]:
    """The paragraphs set by briefpack's body style, in one column of the layout's measure."""
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from briefpack.pipeline import check_brief, package_assets
    from briefpack.render import paragraphs as para_module
    from briefpack.render.languages import default_language
    from briefpack.render.styles import paragraph_styles

    checked = check_brief(path, package_assets(), layout)
    theme = checked.theme
    language = checked.language or default_language(theme)
    from briefpack.layout.hyphenation import load_patterns

    if language.hyphenation:
        load_patterns(language.hyphenation)
    style = paragraph_styles(theme, language.hyphenation)["body"]
    page = theme.page
    measure = (page.width_height[0] - sum(page.side_margins())) / page.columns
    measure -= page.column_gap * (page.columns - 1) / page.columns
    import io

    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=(measure + 2 * MARGIN, PAGE_HEIGHT),
        leftMargin=MARGIN - 6,  # a frame pads its text by 6 points
        rightMargin=MARGIN - 6,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        invariant=1,
    )
    saved = para_module.Para.breakLines
    if greedy:
        para_module.Para.breakLines = Paragraph.breakLines
    try:
        document.build([para_module.Para(escape(text), style) for text in texts])
    finally:
        para_module.Para.breakLines = saved
    return out.getvalue(), (style, measure, language.tag)


def typst_pdf(texts: list[str], style: Any, measure: float, tag: str) -> bytes:
    """The same paragraphs set by Typst, justified and hyphenated in the brief's language."""
    import typst

    family = "Noto Serif" if "Serif" in style.fontName else "Noto Sans"
    lang, _, region = tag.lower().partition("-")
    region_arg = f', region: "{region}"' if region else ""
    source = "\n".join(
        [
            f"#set page(width: {measure + 2 * MARGIN}pt, height: {PAGE_HEIGHT}pt,"
            f" margin: {MARGIN}pt)",
            f'#set text(font: "{family}", size: {style.fontSize}pt,'
            f' lang: "{lang}"{region_arg}, hyphenate: true)',
            f"#set par(justify: true, leading: {style.leading - style.fontSize}pt,"
            f" spacing: {style.leading}pt)",
            "",
        ]
    )
    body = "\n\n".join(
        re.sub(r"""([\\#$*_@<>\[\]`~/\-+=:'"|%&^])""", r"\\\1", text) for text in texts
    )
    pdf: bytes = typst.compile(
        (source + body).encode(), font_paths=FONT_PATHS, ignore_system_fonts=True
    )
    return pdf


def line_gaps(pdf: bytes, size: float, right: float) -> list[float]:
    """Each full line's mean gap between words, in ems, from pdfium's character boxes."""
    return [gap for gap, _text in measured_lines(pdf, size, right)]


def measured_lines(pdf: bytes, size: float, right: float) -> list[tuple[float, str]]:
    """Each full line's mean gap between words, in ems, and its text."""
    import pypdfium2 as pdfium

    gaps: list[tuple[float, str]] = []
    document = pdfium.PdfDocument(pdf)
    for page in document:
        text = page.get_textpage()
        lines: list[list[tuple[float, float, str]]] = []
        baseline = None
        for i in range(text.count_chars()):
            character = text.get_text_range(i, 1)
            left, bottom, box_right, _top = text.get_charbox(i)
            if character.isspace() or box_right <= left:
                if character.isspace() and lines:
                    lines[-1].append((left, left, " "))
                continue
            if baseline is None or abs(bottom - baseline) > 0.6 * size:
                lines.append([])
                baseline = bottom
            lines[-1].append((left, box_right, character))
        for line in lines:
            gap = _line_gap(line, size, right)
            if gap is not None:
                text = "".join(character for _l, _r, character in line)
                gaps.append((gap, text.replace("\ufffe", "-").strip()))  # pdfium's hyphen
    return gaps


def _line_gap(line: list[tuple[float, float, str]], size: float, right: float) -> float | None:
    words: list[tuple[float, float]] = []
    start = end = None
    pending_space = False
    for left, box_right, character in line:
        if character == " ":
            pending_space = True
            continue
        if start is not None and end is not None and (pending_space or left - end > 0.2 * size):
            words.append((start, end))
            start = None
        if start is None:
            start = left
        end = box_right
        pending_space = False
    if start is not None and end is not None:
        words.append((start, end))
    if len(words) < 2 or words[-1][1] < right - 0.2 * size:
        return None  # one word, or a ragged last line
    inner = sum(words[i + 1][0] - words[i][1] for i in range(len(words) - 1))
    return inner / (len(words) - 1) / size


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", action="append", choices=["standard", "compact"])
    parser.add_argument("--worst", type=int, default=0, help="print each setter's N loosest lines")
    args = parser.parse_args(argv)
    print(f"{'layout':10} {'setter':22} {'lines':>6} {'p90 gap':>9} {'max gap':>9}  (ems)")
    for layout in args.layout or ["standard", "compact"]:
        found: dict[str, list[float]] = {"briefpack greedy": [], "briefpack total-fit": []}
        found["Typst"] = []
        loosest: dict[str, list[tuple[float, str, str]]] = {setter: [] for setter in found}
        for name in BRIEFS:
            path = ROOT / name
            texts = paragraphs(path)
            greedy, (style, measure, tag) = briefpack_pdf(path, layout, texts, greedy=True)
            total_fit, _ = briefpack_pdf(path, layout, texts, greedy=False)
            peer = typst_pdf(texts, style, measure, tag)
            right = MARGIN + measure
            for setter, pdf in zip(found, (greedy, total_fit, peer), strict=True):
                lines = measured_lines(pdf, style.fontSize, right)
                found[setter] += [gap for gap, _text in lines]
                loosest[setter] += [(gap, name, text) for gap, text in lines]
        for setter, gaps in found.items():
            print(
                f"{layout:10} {setter:22} {len(gaps):6d} {percentile(gaps, 0.9):9.3f}"
                f" {max(gaps):9.3f}  (median {statistics.median(gaps):.3f})"
            )
        for setter, lines in loosest.items() if args.worst else ():
            print(f"  {setter}, loosest lines:")
            for gap, name, text in sorted(lines, reverse=True)[: args.worst]:
                print(f"    {gap:.3f}  {name}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
