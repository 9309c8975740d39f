"""Shared helpers: render a brief in-process, and read back what a PDF says."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from hypothesis import HealthCheck, settings
from pypdf import PageObject, PdfReader
from typer.testing import CliRunner, Result

import frame_check
from briefpack import pipeline
from briefpack.cli import app
from briefpack.common import output
from briefpack.pipeline import Assets, package_assets, render_brief
from briefpack.render import pack_writer
from tagged_pdf import check_tagged

# Property-based tests: bounded and repeatable on CI; `--hypothesis-profile=long`
# searches further.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent


def run_cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, run in `cwd`; never a traceback."""
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", **env}
    result = subprocess.run(
        [*briefpack_command(), *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    return result


def invoke_cli(args: list[str]) -> Result:
    """The CLI in-process, in the test's working directory; never a traceback."""
    result = CliRunner().invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"briefpack raised {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output, result.output
    return result


def briefpack_command() -> list[str]:
    """The installed `briefpack` command of the Python running the tests (never one
    found elsewhere on PATH, which may belong to another install)."""
    script = Path(sys.executable).with_name("briefpack")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "briefpack"]


BRIEFS = ROOT / "briefs"
TEST_BRIEFS = ROOT / "tests" / "briefs"
LAYOUTS = ("standard", "compact", "print")
#: The words of the synthetic text tests generate (the vocabulary of the test briefs).
WORDS = [
    "council",
    "inquiry",
    "committee",
    "minister",
    "figures",
    "housing",
    "court",
    "budget",
    "witness",
    "evidence",
    "review",
    "district",
    "schools",
    "appeal",
    "report",
    "statement",
    "hearing",
    "officer",
    "transport",
    "hospital",
]


def check_pdf(pdf: bytes) -> None:
    """Fail unless qpdf (through pikepdf) finds the PDF free of syntax problems, and
    the PDF is fully tagged (see `tagged_pdf.check_tagged`)."""
    with pikepdf.open(BytesIO(pdf)) as document:
        problems = document.check_pdf_syntax()
    assert not problems, problems
    check_tagged(pdf)


@pytest.fixture(scope="session", autouse=True)
def _session_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The disk cache of this session (and of every briefpack it starts) is a new,
    temporary folder: tests never read or write the user's own cache."""
    folder = tmp_path_factory.mktemp("briefpack-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFPACK_CACHE_DIR", str(folder))
        patch.delenv("BRIEFPACK_NO_CACHE", raising=False)
        yield folder


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "frames_unchecked(reason): the test writes PDFs on purpose that the frame "
        "check (tests/frame_check.py) must not judge",
    )


#: What each PDF rendered in this process should hold, by the SHA-256 of its bytes:
#: its layout and the texts of its briefs (see `frame_check`).
_EXPECTED: dict[str, tuple[Any, list[str]]] = {}
#: The PDFs rendered or written during the current test, checked after it.
_MADE: dict[str, bytes] = {}
#: The frame check's findings by PDF, so that a PDF is read once per process.
_FRAME_FINDINGS: dict[str, list[str]] = {}


def _made(pdf: bytes, theme: Any = None, texts: list[str] | None = None) -> None:
    key = frame_check.digest(pdf)
    if theme is not None:
        _EXPECTED[key] = (theme, texts or [])
    _MADE[key] = pdf


def frame_findings(pdf: bytes) -> list[str]:
    """What the frame check finds in a PDF: glyphs outside the page's margins and
    bands (of its layout, when the PDF was rendered in this process; else of its
    TrimBox), and characters of its briefs that its text lacks."""
    key = frame_check.digest(pdf)
    if key not in _FRAME_FINDINGS:
        theme, texts = _EXPECTED.get(key, (None, []))
        found = [str(stray) for stray in frame_check.strays(pdf, theme)[:10]]
        found += [str(overlap) for overlap in frame_check.overlaps(pdf)[:10]]
        lost = frame_check.missing(pdf, texts) if texts else None
        if lost:
            found.append(f"characters missing from the text: {dict(lost)}")
        _FRAME_FINDINGS[key] = found
    return _FRAME_FINDINGS[key]


@pytest.fixture(scope="session", autouse=True)
def _check_every_pdf_rendered() -> Iterator[None]:
    """Every PDF rendered in this process (a brief, a recipient's copy, a pack) is
    checked as it is made: valid, and fully tagged; and recorded with its layout
    and text for the frame check after the test (`_check_frames`)."""
    original = pipeline.render_checked

    def checked(*args: Any, **kwargs: Any) -> bytes:
        pdf = original(*args, **kwargs)
        check_pdf(pdf)
        brief = args[0] if args else kwargs["checked"]
        theme = brief.theme
        _made(pdf, theme, frame_check.brief_texts(brief.validated.brief, theme.blocks))
        return pdf

    pipeline.render_checked = checked
    original_pack = pack_writer._render_pack

    def checked_pack(*args: Any, **kwargs: Any) -> bytes:
        pdf = original_pack(*args, **kwargs)
        check_pdf(pdf)
        pack = args[0] if args else kwargs["pack"]
        theme = pack.briefs[0].theme
        texts = [
            text
            for brief in pack.briefs
            for text in frame_check.brief_texts(brief.validated.brief, theme.blocks)
        ]
        _made(pdf, theme, texts)
        return pdf

    pack_writer._render_pack = checked_pack
    original_write = output.write_atomically

    def recorded_write(target: Path, data: bytes) -> None:
        original_write(target, data)
        if data.startswith(b"%PDF"):
            _made(data)

    output.write_atomically = recorded_write
    yield
    pipeline.render_checked = original
    pack_writer._render_pack = original_pack
    output.write_atomically = original_write


@pytest.fixture(autouse=True)
def _check_pdfs_written(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every PDF a test leaves in its tmp_path (a CLI run in a subprocess, say) is checked."""
    yield
    folder = request.node.funcargs.get("tmp_path")
    if isinstance(folder, Path):
        for file in folder.rglob("*.pdf"):
            if file.is_file() and file.read_bytes().startswith(b"%PDF"):
                check_pdf(file.read_bytes())
                _made(file.read_bytes())


@pytest.fixture(autouse=True)
def _check_frames(request: pytest.FixtureRequest, _check_pdfs_written: None) -> Iterator[None]:
    """After each test, the frame check on every PDF it rendered or wrote: nothing
    drawn outside the page's margins and bands, none of the brief's characters
    lost. A test that writes odd PDFs on purpose opts out with
    `@pytest.mark.frames_unchecked("why")`."""
    _MADE.clear()
    yield
    made = dict(_MADE)
    _MADE.clear()
    if request.node.get_closest_marker("frames_unchecked") is not None:
        return
    problems = {key: frame_findings(pdf) for key, pdf in made.items()}
    problems = {key: found for key, found in problems.items() if found}
    assert not problems, "frame check: " + "; ".join(
        f"PDF {key[:12]}: " + "; ".join(found) for key, found in problems.items()
    )


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


def line_texts(paragraph: Any) -> list[str]:
    """The text of each line ReportLab made of a wrapped paragraph, as it draws it."""
    return [
        " ".join(str(word) for word in line[1])
        if isinstance(line, tuple)
        else "".join(f.text for f in line.words)
        for line in paragraph.blPara.lines
    ]


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
