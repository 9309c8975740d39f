"""Shared helpers: render a brief in-process, and read back what a PDF says."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader

from briefpack.pipeline import Assets, package_assets, render_brief

ROOT = Path(__file__).resolve().parent.parent
BRIEFS = ROOT / "briefs"
TEST_BRIEFS = ROOT / "tests" / "briefs"
LAYOUTS = ("standard", "compact")


@pytest.fixture(scope="session")
def assets() -> Assets:
    return package_assets()


_RENDERED: dict[tuple[Path, str | None], bytes] = {}


def render(path: Path, layout: str | None = None) -> bytes:
    """The PDF of a brief, rendered once per test session."""
    key = (path, layout)
    if key not in _RENDERED:
        _RENDERED[key] = render_brief(path, package_assets(), layout).pdf
    return _RENDERED[key]


@dataclass(frozen=True)
class Run:
    """A run of text on a page, with its baseline and font size."""

    text: str
    x: float
    y: float
    size: float


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def page_runs(pdf: bytes) -> list[list[Run]]:
    """Every text run of every page with its position (pdf points) and size."""
    return [_runs(page) for page in PdfReader(BytesIO(pdf)).pages]


def _runs(page: PageObject) -> list[Run]:
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = (tm[3] * cm[3]) or 1.0
            runs.append(Run(text, tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * scale))

    page.extract_text(visitor_text=visit)
    return runs


@dataclass(frozen=True)
class InternalLink:
    """A link annotation that jumps within the document."""

    page: int
    x: float
    top: float
    dest_page: int
    dest_y: float


def internal_links(pdf: bytes) -> list[InternalLink]:
    """Every internal link of the PDF, page by page, with where it jumps to."""
    reader = PdfReader(BytesIO(pdf))
    numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    found = []
    for i, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            dest = annotation.get("/Dest")
            if dest is None:
                continue
            rect = [float(v) for v in annotation["/Rect"]]
            found.append(InternalLink(i, rect[0], rect[3], numbers[dest[0].idnum], float(dest[3])))
    return found


def uri_links(pdf: bytes) -> list[str]:
    reader = PdfReader(BytesIO(pdf))
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris
