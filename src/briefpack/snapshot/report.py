"""Snapshot results to one self-contained HTML report: expected, actual and diff
images side by side, with the text diff, for every page that differs."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from html import escape
from io import BytesIO
from pathlib import Path

from PIL import Image

from .compare import (
    CLOSE_UP_LIMIT,
    PageProblem,
    SnapshotResult,
    box_phrase,
    on_canvas,
    pages_phrase,
)


def write_report(
    results: Sequence[SnapshotResult], path: Path, update_advice: str = "run with --update"
) -> None:
    """One self-contained HTML page (images inline, no scripts) showing the expected,
    actual and diff images and the text diff of every page that differs."""
    failed = [result for result in results if not result.ok]
    rows = "".join(
        f"<tr><td><a href='#{_anchor(r.name)}'>{escape(r.name)}</a></td>"
        f"<td class='{'good' if r.ok else 'bad'}'>{escape(_status(r))}</td></tr>"
        for r in results
    )
    body = [
        "<h1>briefpack snapshot report</h1>",
        f"<p>{len(failed)} of {len(results)} {'snapshot' if len(results) == 1 else 'snapshots'} "
        f"{'differs' if len(failed) == 1 else 'differ'}. Pixel boxes are (left, top)-"
        "(right, bottom) from the top-left corner of the page image, right and bottom "
        "exclusive. In a diff image, changed pixels are red over a faded copy of the expected "
        "page, framed in blue.</p>",
        f"<table><tr><th>snapshot</th><th>result</th></tr>{rows}</table>",
    ]
    for result in failed:
        body.append(f"<h2 id='{_anchor(result.name)}'>{escape(result.name)}</h2>")
        body.append(f"<p class='where'>{escape(str(result.folder))}</p>")
        if result.rasterizer_note:
            body.append(f"<p class='note'>{escape(result.rasterizer_note)}</p>")
        if result.missing:
            body.append(f"<p>No snapshot yet: {escape(update_advice)} to create it.</p>")
        for problem in result.problems:
            body.append(_problem_html(problem))
    page = f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>briefpack \
snapshot report</title><style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")


_CSS = """
body{font:15px/1.45 "Noto Sans",Arial,sans-serif;color:#1d1d1f;background:#f3f3f5;margin:0;
padding:20px 32px}
h1{font-size:24px;margin:0 0 8px}
h2{font-size:20px;margin:36px 0 4px;padding-bottom:4px;border-bottom:2px solid #b8b8c4}
h3{font-size:16px;margin:22px 0 8px}
table{border-collapse:collapse;background:#fff}
td,th{padding:4px 12px;border:1px solid #d4d4dc;text-align:left}
.good{color:#1b5e20}.bad{color:#b00020;font-weight:600}
.where{color:#555;font-family:monospace;margin:0}
.note{background:#fff8c5;border:1px solid #d4b000;padding:6px 10px}
.pages{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:16px;align-items:start}
figure{margin:0;background:#fff;border:1px solid #c4c4cc;padding:8px}
figcaption{font-weight:600;margin-bottom:6px}
img{display:block;max-width:100%;height:auto;margin:0 auto;outline:1px solid #e4e4ea}
.close{margin-top:12px}.close img{image-rendering:pixelated}
.none{color:#777;padding:40px 0;text-align:center}
pre{background:#fff;border:1px solid #c4c4cc;padding:8px;font-size:13px;white-space:pre-wrap}
.add{background:#e6ffec;color:#116329}.del{background:#ffebe9;color:#82071e}.at{color:#6f42c1}
"""


def _status(result: SnapshotResult) -> str:
    if result.missing:
        return "no snapshot"
    if result.ok:
        return f"{pages_phrase(result.actual_pages)}, all match"
    total = max(result.expected_pages, result.actual_pages)
    return f"{len(result.problems)} of {pages_phrase(total)} differ"


def _problem_html(problem: PageProblem) -> str:
    if problem.kind == "removed":
        what = "in the snapshot, not in the render"
    elif problem.kind == "added":
        what = "new: not in the snapshot"
    elif problem.changed_pixels:
        what = (
            f"{problem.changed_pixels:,} pixels changed "
            f"({problem.changed_pixels / problem.total_pixels:.2%}) "
            f"in box {box_phrase(problem.box)}"
        )
    else:
        what = "text changed"
    if problem.size_change:
        (w0, h0), (w1, h1) = problem.size_change
        what += f"; size {w0}x{h0} to {w1}x{h1} pixels"
    figures = "".join(
        _figure(caption, image, f"{caption} page {problem.page}")
        for caption, image in (
            ("Expected", problem.expected_image),
            ("Actual", problem.actual_image),
            ("Diff", problem.diff_image),
        )
    )
    parts = [f"<h3>Page {problem.page}: {escape(what)}</h3>", f"<div class='pages'>{figures}</div>"]
    parts.append(_close_ups(problem))
    if problem.text_diff:
        lines = "\n".join(_diff_line(line) for line in problem.text_diff)
        parts.append(f"<h3>Page {problem.page}: text</h3><pre>{lines}</pre>")
    return "".join(parts)


def _close_ups(problem: PageProblem) -> str:
    """The box with a margin, enlarged, when it is small enough for a whole-page view
    to hide the change."""
    files = (problem.expected_image, problem.actual_image, problem.diff_image)
    present = [file for file in files if file is not None and file.exists()]
    if problem.box is None or len(present) < len(files):
        return ""
    left, top, right, bottom = problem.box
    region = (max(left - 40, 0), max(top - 16, 0), right + 40, bottom + 16)
    largest = max(region[2] - region[0], region[3] - region[1])
    if largest > CLOSE_UP_LIMIT:
        return ""
    zoom = max(2, min(8, 400 // largest))
    figures = []
    for caption, file in zip(("Expected", "Actual", "Diff"), present, strict=True):
        with Image.open(file) as image:
            crop = on_canvas(image.convert("RGB"), (region[2], region[3])).crop(region)
        buffer = BytesIO()
        crop.resize((crop.width * zoom, crop.height * zoom), Image.Resampling.NEAREST).save(
            buffer, "PNG", optimize=True
        )
        label = f"{caption}, around the box, \u00d7{zoom}"
        figures.append(
            _figure(label, buffer.getvalue(), f"{caption} page {problem.page}, close-up")
        )
    return f"<div class='pages close'>{''.join(figures)}</div>"


def _figure(caption: str, image: Path | bytes | None, alt: str) -> str:
    if isinstance(image, Path):
        image = image.read_bytes() if image.exists() else None
    if image is None:
        inner = "<div class='none'>no image</div>"
    else:
        data = base64.b64encode(image).decode("ascii")
        inner = f"<img alt='{escape(alt)}' src='data:image/png;base64,{data}'>"
    return f"<figure><figcaption>{escape(caption)}</figcaption>{inner}</figure>"


def _diff_line(line: str) -> str:
    kind = {"+": "add", "-": "del", "@": "at"}.get(line[:1], "")
    return f"<span class='{kind}'>{escape(line)}</span>" if kind else escape(line)


def _anchor(name: str) -> str:
    return "s-" + re.sub(r"[^A-Za-z0-9_-]+", "-", name)
