"""How evenly justified lines are spaced: briefpack (greedy, and total-fit) next to Typst.

The same paragraphs (the findings and section bodies of `briefs/clapham.yaml`,
`tests/briefs/edges.yaml` and two of the language briefs, without their inline
markup) are set in the body style of a layout, at its column's measure, by
briefpack's paragraphs (ReportLab's greedy line breaking, then the total-fit
breaking briefpack uses, then the same with the US English patterns that Typst
uses for all English, to compare the breakers at about the same break points)
and by Typst (same page width, fonts, size, leading, `par(justify: true)`, the
brief's language with hyphenation). All four PDFs are
measured by one method: pdfium's character boxes, grouped into lines and words.
A line's gap is (line width - sum of word widths) / gaps / font size, in ems;
the last line of a paragraph (ragged) and lines of one word are skipped.

    python bench/justify.py            # standard and compact
    python bench/justify.py --layout compact
    python bench/justify.py --worst 5  # and each setter's five loosest lines
    python bench/justify.py --tightest # and whether a loose line could be tighter

With `--tightest`, each paragraph that briefpack sets with a line looser than its
`max_stretch` is broken again by a search for the tightest loosest line (over every
breaking its items allow, with the same limits on shrinking and on hyphens in a
row), and the count of paragraphs where that is tighter than the line briefpack
chose is printed: 0 says no breaking could have set those lines tighter.
"""

from __future__ import annotations

import argparse
import math
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


def briefpack_pdf(
    path: Path, layout: str, texts: list[str], greedy: bool, english: str | None = None
) -> tuple[bytes, Any]:
    """The paragraphs set by briefpack's body style, in one column of the layout's measure;
    an English brief with the `english` hyphenation patterns if given."""
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from briefpack.pipeline import check_brief, package_assets
    from briefpack.render import paragraphs as para_module
    from briefpack.render.languages import default_language
    from briefpack.render.styles import paragraph_styles

    checked = check_brief(path, package_assets(), layout)
    theme = checked.theme
    language = checked.language or default_language(theme)
    from briefpack.layout.hyphenation import load_patterns

    patterns = language.hyphenation or theme.hyphenation
    if english and patterns and patterns.startswith("en"):
        patterns = english
    if patterns:
        load_patterns(patterns)
    style = paragraph_styles(theme, patterns)["body"]
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


def tightest_loosest(items: list[Any], widths: list[float], settings: Any) -> float:
    """The smallest ratio the loosest line (not the last) of any breaking of `items`
    can have, with lines shrunk no further than their spaces allow and at most
    `settings.max_hyphens_in_a_row` hyphenated lines in a row. `widths` is the first
    line's measure and the others' (as justified paragraphs are broken)."""
    assert len(widths) <= 2, "one measure for the first line, one for the rest"
    from briefpack.render.linebreak import measured

    count = len(items)
    width_sum, stretch_sum, shrink_sum, breaks, begins = measured(items)
    # (position, hyphens in a row, past the first line) -> the loosest line so far
    reached: dict[tuple[int, int, int], float] = {(-1, 0, 0): -math.inf}
    for position, _cost, extra, flagged, long, _ragged in breaks:
        for (start_at, hyphens, later), loosest in list(reached.items()):
            if start_at >= position:
                continue
            start = begins[start_at + 1]
            measure = widths[min(later, len(widths) - 1)]
            natural = width_sum[position] + extra - width_sum[start]
            if natural > measure:
                shrink = shrink_sum[position] - shrink_sum[start]
                if shrink <= 0 or (measure - natural) / shrink < -1:
                    continue
                ratio = (measure - natural) / shrink
            else:
                stretch = stretch_sum[position] - stretch_sum[start]
                ratio = (measure - natural) / (stretch if stretch > 0 else 0.01 * measure)
            in_a_row = min(hyphens + 1, settings.max_hyphens_in_a_row + 1) if flagged else 0
            if in_a_row > settings.max_hyphens_in_a_row and not long:
                continue
            last = position == count - 1
            key = (position, in_a_row, 1)
            value = loosest if last else max(loosest, ratio)
            if value < reached.get(key, math.inf):
                reached[key] = value
    return min(value for (at, _, _), value in reached.items() if at == count - 1)


def check_tightest(layout: str) -> tuple[int, int]:
    """Paragraphs briefpack sets with a line past `max_stretch`, and how many of them
    some breaking sets with a tighter loosest line."""
    from briefpack.render import justify

    made: list[tuple[Any, ...]] = []
    break_paragraph = justify.break_paragraph

    def recording(items: Any, widths: Any, settings: Any, *args: Any) -> Any:
        lines = break_paragraph(items, widths, settings, *args)
        tolerances = args[1] if len(args) > 1 else None
        if lines is not None and not tolerances:  # (not a try without hyphens)
            made.append((items, widths, settings, lines))
        return lines

    justify.break_paragraph = recording
    justify._PLANS.clear()  # (kept from the runs before: each paragraph is broken again)
    try:
        for name in BRIEFS:
            path = ROOT / name
            briefpack_pdf(path, layout, paragraphs(path), greedy=False)
    finally:
        justify.break_paragraph = break_paragraph
    loose = tighter = 0
    for items, widths, settings, lines in made:
        chosen = max((line.ratio for line in lines[:-1]), default=-math.inf)
        if chosen > settings.max_stretch:
            loose += 1
            tighter += tightest_loosest(items, list(widths), settings) < chosen - 1e-9
    return loose, tighter


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", action="append", choices=["standard", "compact"])
    parser.add_argument("--worst", type=int, default=0, help="print each setter's N loosest lines")
    parser.add_argument(
        "--tightest", action="store_true", help="check that no loose line could be tighter"
    )
    args = parser.parse_args(argv)
    print(f"{'layout':10} {'setter':22} {'lines':>6} {'p90 gap':>9} {'max gap':>9}  (ems)")
    for layout in args.layout or ["standard", "compact"]:
        found: dict[str, list[float]] = {"briefpack greedy": [], "briefpack total-fit": []}
        found["briefpack, en_US"] = []  # total fit with the patterns Typst uses for English
        found["Typst"] = []
        loosest: dict[str, list[tuple[float, str, str]]] = {setter: [] for setter in found}
        for name in BRIEFS:
            path = ROOT / name
            texts = paragraphs(path)
            greedy, (style, measure, tag) = briefpack_pdf(path, layout, texts, greedy=True)
            total_fit, _ = briefpack_pdf(path, layout, texts, greedy=False)
            us, _ = briefpack_pdf(path, layout, texts, greedy=False, english="en_US")
            peer = typst_pdf(texts, style, measure, tag)
            right = MARGIN + measure
            for setter, pdf in zip(found, (greedy, total_fit, us, peer), strict=True):
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
        if args.tightest:
            loose, tighter = check_tightest(layout)
            print(
                f"  {layout}: {loose} paragraphs have a line past max_stretch; "
                f"a breaking with a tighter loosest line exists for {tighter}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
