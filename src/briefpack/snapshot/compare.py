"""PDF bytes and a stored snapshot to a comparison, an updated snapshot, or a report.

A snapshot of one brief in one layout is a folder, `<dir>/<brief>/<layout>/`:

    page-001.png   each page drawn at the snapshot's resolution (see `raster`)
    page-001.txt   the text of that page, so a review shows the words that changed
    snapshot.json  resolution, page count, and the pdfium build that drew them
    failures/      written by a comparison that failed: page-001.actual.png and
                   page-001.diff.png (changed pixels in red over a faded copy of
                   the expected page); ignored by git, removed by the next run

Nothing here prints: `compare` returns a `SnapshotResult`, `summary_lines` says it
in words, and the command line or the pytest plugin shows them.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageChops, ImageDraw

from briefpack import __version__

from .raster import DEFAULT_DPI, page_text, rasterizer_info, render_pages

SNAPSHOT_FILE = "snapshot.json"
FAILURES = "failures"
PAGE_FILE = re.compile(r"page-(\d{3,})\.(?:png|txt)")
MAX_DIFF_LINES = 24
CLOSE_UP_LIMIT = 200  # pixels: a box up to this size also gets an enlarged view
RED = (220, 0, 0)
BOX_COLOUR = (0, 90, 230)

PageProblemKind = Literal["changed", "removed", "added"]


@dataclass(frozen=True)
class Tolerance:
    """How different a page may be and still match. The default is an exact match.

    `threshold`: a pixel whose channels each differ by at most this much (0-255)
    counts as unchanged. `max_fraction`: a page matches if at most this fraction
    of its pixels changed (0.001 is one pixel in a thousand). The page text must
    match exactly whatever the tolerance.
    """

    threshold: int = 0
    max_fraction: float = 0.0


@dataclass(frozen=True)
class PageProblem:
    """One page that does not match: changed, gone from the render, or new in it.

    `box` is (left, top, right, bottom) in pixels from the page's top-left corner,
    right and bottom exclusive. `text_diff` is a unified diff of the page text.
    """

    page: int
    kind: PageProblemKind
    changed_pixels: int = 0
    total_pixels: int = 0
    box: tuple[int, int, int, int] | None = None
    size_change: tuple[tuple[int, int], tuple[int, int]] | None = None
    text_diff: tuple[str, ...] = ()
    expected_image: Path | None = None
    actual_image: Path | None = None
    diff_image: Path | None = None


@dataclass(frozen=True)
class SnapshotResult:
    """The comparison of one rendered brief with its snapshot."""

    name: str
    folder: Path
    missing: bool
    expected_pages: int
    actual_pages: int
    problems: tuple[PageProblem, ...] = ()
    rasterizer_note: str | None = None

    @property
    def ok(self) -> bool:
        return not self.missing and not self.problems

    @property
    def failures_folder(self) -> Path:
        return self.folder / FAILURES


def snapshot_name(brief: Path, layout: str) -> str:
    """The snapshot's folder under the snapshot directory: `<brief file stem>/<layout>`."""
    return f"{brief.stem}/{layout}"


def compare(
    pdf: bytes, snapshot_dir: Path, name: str, tolerance: Tolerance | None = None
) -> SnapshotResult:
    """Compare a rendered PDF with its stored snapshot, page by page.

    Writes the actual and diff images of every page that differs into the
    snapshot's `failures/` folder, after removing what an earlier run left there.
    """
    tolerance = tolerance or Tolerance()
    folder = _folder(snapshot_dir, name)
    failures = folder / FAILURES
    if failures.exists():
        shutil.rmtree(failures)
    stored = _read_meta(folder)
    if stored is None:
        return SnapshotResult(name, folder, missing=True, expected_pages=0, actual_pages=0)
    images = render_pages(pdf, _dpi(stored))
    texts = page_text(pdf)
    expected_count = len(_page_files(folder, ".png"))
    problems: list[PageProblem] = []
    for number in range(1, max(expected_count, len(images)) + 1):
        expected_png = folder / _page_file(number, ".png")
        if number > len(images):
            problems.append(PageProblem(number, "removed", expected_image=expected_png))
            continue
        actual = images[number - 1]
        if number > expected_count:
            actual_png = _save(actual, failures / _page_file(number, ".actual.png"))
            text_diff = _text_diff("", texts[number - 1])
            problems.append(
                PageProblem(number, "added", text_diff=text_diff, actual_image=actual_png)
            )
            continue
        problem = _compare_page(number, expected_png, actual, texts[number - 1], tolerance)
        if problem is not None:
            problems.append(problem)
    note = None
    if problems:
        note = _rasterizer_note(stored)
    return SnapshotResult(name, folder, False, expected_count, len(images), tuple(problems), note)


def update(pdf: bytes, snapshot_dir: Path, name: str, dpi: int | None = None) -> list[Path]:
    """Store the rendered pages as the snapshot; return the files written or removed.

    A page whose pixels and text are unchanged is left alone (its PNG bytes too),
    pages past the new last page are removed, and so is the `failures/` folder.
    `dpi` defaults to the stored snapshot's resolution, or 50 for a new snapshot.
    """
    folder = _folder(snapshot_dir, name)
    stored = _read_meta(folder) or {}
    dpi = dpi or _dpi(stored)
    images = render_pages(pdf, dpi)
    texts = page_text(pdf)
    folder.mkdir(parents=True, exist_ok=True)
    touched: list[Path] = []
    for number, (image, text) in enumerate(zip(images, texts, strict=True), start=1):
        png = folder / _page_file(number, ".png")
        if not png.exists() or not _same_pixels(_load(png), image):
            touched.append(_save(image, png))
        txt = folder / _page_file(number, ".txt")
        if not txt.exists() or txt.read_text(encoding="utf-8") != text:
            txt.write_text(text, encoding="utf-8", newline="\n")
            touched.append(txt)
    for stale in sorted(folder.glob("page-*")):
        match = PAGE_FILE.fullmatch(stale.name)
        if match and int(match[1]) > len(images):
            stale.unlink()
            touched.append(stale)
    meta = {"dpi": dpi, "pages": len(images), **rasterizer_info(), "briefpack": __version__}
    meta_file = folder / SNAPSHOT_FILE
    text = json.dumps(meta, indent=2, sort_keys=True) + "\n"
    if not meta_file.exists() or meta_file.read_text(encoding="utf-8") != text:
        meta_file.write_text(text, encoding="utf-8", newline="\n")
        touched.append(meta_file)
    failures = folder / FAILURES
    if failures.exists():
        shutil.rmtree(failures)
        touched.append(failures)
    return touched


def summary_lines(result: SnapshotResult, update_advice: str = "run with --update") -> list[str]:
    """What a comparison found, one line per page that differs, then the page's text
    diff (its first lines: the report has it all), then where the images are."""
    if result.ok:
        return [f"{result.name}: {pages_phrase(result.actual_pages)}, all match"]
    if result.missing:
        return [f"{result.name}: no snapshot in {result.folder} ({update_advice} to create it)"]
    lines: list[str] = []
    for problem in result.problems:
        lines.extend(_problem_lines(result, problem))
    differ = len(result.problems)
    total = pages_phrase(max(result.expected_pages, result.actual_pages))
    lines.append(
        f"{result.name}: {differ} of {total} "
        f"{'differs' if differ == 1 else 'differ'}; the actual and diff images are in "
        f"{result.failures_folder}; if the change is intended, {update_advice}"
    )
    if result.rasterizer_note:
        lines.append(f"{result.name}: {result.rasterizer_note}")
    return lines


def _problem_lines(result: SnapshotResult, problem: PageProblem) -> list[str]:
    where = f"{result.name} page {problem.page}"
    if problem.kind == "removed":
        return [
            f"{where}: in the snapshot but not in the render, which has "
            f"{pages_phrase(result.actual_pages)} (the snapshot has {result.expected_pages})"
        ]
    lines = []
    if problem.kind == "added":
        stored = pages_phrase(result.expected_pages)
        lines.append(
            f"{where}: new page, not in the snapshot, which has {stored}; "
            f"wrote {problem.actual_image}"
        )
    else:
        if problem.size_change:
            (w0, h0), (w1, h1) = problem.size_change
            lines.append(f"{where}: page size changed from {w0}x{h0} to {w1}x{h1} pixels")
        if problem.changed_pixels:
            share = problem.changed_pixels / problem.total_pixels
            lines.append(
                f"{where}: {problem.changed_pixels:,} pixels changed ({share:.2%}) in box "
                f"{box_phrase(problem.box)}; wrote {problem.actual_image} and {problem.diff_image}"
            )
        elif problem.actual_image:
            lines.append(f"{where}: pixels within the tolerance; wrote {problem.actual_image}")
    if problem.text_diff:
        lines.append(f"{where}: text changed:")
        lines.extend(f"    {line}" for line in problem.text_diff[:MAX_DIFF_LINES])
        if len(problem.text_diff) > MAX_DIFF_LINES:
            more = len(problem.text_diff) - MAX_DIFF_LINES
            lines.append(f"    ... and {more} more lines of the text diff")
    return lines


def pages_phrase(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


def box_phrase(box: tuple[int, int, int, int] | None) -> str:
    if box is None:
        return "(none)"
    return f"({box[0]}, {box[1]})-({box[2]}, {box[3]})"


def _compare_page(
    number: int, expected_png: Path, actual: Image.Image, text: str, tolerance: Tolerance
) -> PageProblem | None:
    expected = _load(expected_png)
    mask = _changed_mask(expected, actual, tolerance.threshold)
    total = mask.width * mask.height
    changed = mask.histogram()[255]
    size_change = None if expected.size == actual.size else (expected.size, actual.size)
    txt = expected_png.with_suffix(".txt")
    expected_text = txt.read_text(encoding="utf-8") if txt.exists() else ""
    text_diff = _text_diff(expected_text, text)
    pixels_match = size_change is None and changed <= tolerance.max_fraction * total
    if pixels_match and not text_diff:
        return None
    failures = expected_png.parent / FAILURES
    actual_png = _save(actual, failures / _page_file(number, ".actual.png"))
    diff_png = None
    if changed:
        diff_png = _save(_diff_image(expected, mask), failures / _page_file(number, ".diff.png"))
    return PageProblem(
        number,
        "changed",
        changed_pixels=changed if not pixels_match else 0,
        total_pixels=total,
        box=mask.getbbox() if not pixels_match else None,
        size_change=size_change,
        text_diff=text_diff,
        expected_image=expected_png,
        actual_image=actual_png,
        diff_image=diff_png,
    )


def _changed_mask(expected: Image.Image, actual: Image.Image, threshold: int) -> Image.Image:
    """An L image, 255 where a channel differs by more than `threshold`, else 0.

    Pages of different sizes are compared on a white canvas of the larger size.
    """
    size = (max(expected.width, actual.width), max(expected.height, actual.height))
    difference = ImageChops.difference(on_canvas(expected, size), on_canvas(actual, size))
    red, green, blue = difference.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return largest.point([255 if value > threshold else 0 for value in range(256)])


def _diff_image(expected: Image.Image, mask: Image.Image) -> Image.Image:
    """Changed pixels in solid red over a faded grey copy of the expected page,
    with a thin blue frame just outside the box around them."""
    faded_levels = [255 - (255 - value) // 4 for value in range(256)]
    page = on_canvas(expected, mask.size).convert("L").point(faded_levels).convert("RGB")
    page.paste(RED, (0, 0, *mask.size), mask)
    box = mask.getbbox()
    if box is not None:
        left, top, right, bottom = box
        frame = (max(left - 3, 0), max(top - 3, 0), right + 2, bottom + 2)
        ImageDraw.Draw(page).rectangle(frame, outline=BOX_COLOUR)
    return page


def on_canvas(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    canvas = Image.new("RGB", size, (255, 255, 255))
    canvas.paste(image, (0, 0))
    return canvas


def _same_pixels(first: Image.Image, second: Image.Image) -> bool:
    return first.size == second.size and ImageChops.difference(first, second).getbbox() is None


def _text_diff(expected: str, actual: str) -> tuple[str, ...]:
    if expected == actual:
        return ()
    lines = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), "expected", "actual", n=1, lineterm=""
    )
    return tuple(lines)


def _rasterizer_note(stored: dict[str, object]) -> str | None:
    here = rasterizer_info()
    for key in ("pdfium", "platform"):
        if stored.get(key) not in (None, here[key]):
            return (
                f"the snapshot was drawn by {key} {stored[key]} and this is {key} {here[key]}: "
                "the likeliest reason for the differences"
            )
    return None


def _folder(snapshot_dir: Path, name: str) -> Path:
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"snapshot name {name!r} must be a relative path like 'brief/layout'")
    return snapshot_dir.joinpath(*parts)


def _read_meta(folder: Path) -> dict[str, object] | None:
    meta = folder / SNAPSHOT_FILE
    if not meta.exists():
        return None
    loaded = json.loads(meta.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise ValueError(f"{meta}: expected a JSON object")
    return loaded


def _dpi(stored: dict[str, object]) -> int:
    dpi = stored.get("dpi", DEFAULT_DPI)
    if not isinstance(dpi, int) or dpi < 1:
        raise ValueError(f"snapshot.json: 'dpi' must be a positive whole number, not {dpi!r}")
    return dpi


def _page_file(number: int, suffix: str) -> str:
    return f"page-{number:03d}{suffix}"


def _page_files(folder: Path, suffix: str) -> list[Path]:
    """page-001<suffix>, page-002<suffix>, ... as far as they run without a gap."""
    found: list[Path] = []
    while (folder / _page_file(len(found) + 1, suffix)).exists():
        found.append(folder / _page_file(len(found) + 1, suffix))
    return found


def _load(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGB")


def _save(image: Image.Image, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.parent.name == FAILURES and not (path.parent / ".gitignore").exists():
        (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    image.save(path, "PNG", optimize=True)
    return path
