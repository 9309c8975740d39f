"""A story and a theme to PDF bytes: deterministic, with metadata and an outline.

The same brief and layout always give the same bytes: ReportLab's invariant
mode removes the wall clock, the creation date is the brief's `date`, and the
document ID is derived from the content (ReportLab would derive it from the
timestamp alone, giving two briefs of one date the same ID).

A copy prepared for one recipient says so in its metadata: a `/PreparedFor`
entry, and "Prepared for ..." after the subject.

Every PDF is tagged: the story's structure elements become the structure tree,
and the catalog and metadata say what the file is (see `tagging`, `archive`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import FrameBreak

from briefpack import __version__
from briefpack.layout.theme import Theme

from .archive import BriefInfo, Metadata, finish_document
from .flowables import FootnoteLedger, Para
from .page_templates import BriefDocTemplate, RunningText, body_frame_geometry, numbered_canvas
from .story import Story
from .structure import Element
from .styles import paragraph_styles


@dataclass(frozen=True)
class PdfInfo:
    """What the PDF says about itself, and the digest of the input it came from."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    date: dt.date
    digest: str
    lang: str = "en-GB"
    #: Who this copy is for ("Name, Desk"), or "".
    recipient: str = ""


def write_pdf(story: Story, theme: Theme, running: RunningText, info: PdfInfo) -> bytes:
    """Lay out the story and return the PDF's bytes."""
    lead_height = lead_frame_height(story, theme) if story.lead_spans else 0.0
    buffer = BytesIO()
    notes = (story.notes, story.note_elements)
    doc = new_document(buffer, theme, running, notes, info, lead_height)
    flowables = [*story.lead, *([FrameBreak()] if lead_height else []), *story.body]
    build_document(doc, flowables, info, story.structure)
    return buffer.getvalue()


def new_document(
    buffer: BytesIO,
    theme: Theme,
    running: RunningText,
    notes: tuple[dict[int, str], dict[int, Element]],
    info: PdfInfo,
    lead_height: float,
) -> BriefDocTemplate:
    """The doc template, with its footnote ledger, writing to `buffer`. `notes` are
    the notes' markup and their `Note` elements, by key."""
    note_style = paragraph_styles(theme)["footnote"]
    area = theme.footnote_area

    def note(number: int) -> Para:
        element = notes[1].get(number)
        paragraph = Para(notes[0][number], note_style, tag=element)
        if element is not None:  # its number (`Lbl`), then its text
            paragraph.label, paragraph.inline_label = element.label(), True
        return paragraph

    ledger = FootnoteLedger(note, space=area.note_space, separator=area.gap)
    subject = f"{info.subject} (Prepared for {info.recipient})" if info.recipient else info.subject
    return BriefDocTemplate(
        buffer,
        theme,
        ledger,
        running,
        lead_height,
        title=info.title,
        author=info.author,
        subject=subject,
        keywords=list(info.keywords),
        creator=f"briefpack {__version__}",
        producer=f"briefpack {__version__}",
        lang=info.lang,
        invariant=1,
        pageCompression=1,
    )


def build_document(
    doc: BriefDocTemplate, flowables: list[Any], info: PdfInfo, structure: Element
) -> None:
    """Lay out the flowables: dated, with the content's ID, numbered `Page N of M`,
    tagged with `structure`."""
    stamp = f"D:{info.date:%Y%m%d}000000+00'00'"
    metadata = Metadata(
        title=info.title,
        author=info.author,
        subject=f"{info.subject} (Prepared for {info.recipient})"
        if info.recipient
        else info.subject,
        keywords=", ".join(info.keywords),
        date=info.date,
        producer=f"briefpack {__version__}",
        lang=info.lang,
        recipient=info.recipient,
        archival=doc.theme.color_model != "cmyk",
    )

    def setup(canvas: Canvas) -> None:
        canvas._doc.info = BriefInfo(metadata)
        canvas.setDateFormatter(lambda *_: stamp)
        canvas._doc.updateSignature(info.digest)
        canvas.showOutline()

    def finish(canvas: Canvas, pages: int) -> None:
        finish_document(canvas, pages, structure, metadata)

    doc.build(flowables, canvasmaker=numbered_canvas(doc.draw_footer, setup, finish))


def lead_frame_height(story: Story, theme: Theme) -> float:
    """The height of the full-width lead frame on page 1 (0: no lead frame)."""
    if theme.page.columns == 1:
        return 0.0
    return _height(story.lead, body_frame_geometry(theme)[2])


def lead_fits(story: Story, theme: Theme) -> bool:
    """Whether the lead leaves at least a third of page 1 for the columns."""
    return lead_frame_height(story, theme) <= body_frame_geometry(theme)[3] * 2 / 3


def widest_lead(build: Callable[[bool, bool], Story], theme: Theme) -> Story:
    """The story whose lead spans as much of page 1 as leaves room for the columns;
    `build(spans, summary_in_lead)` builds one. The masthead and the summary span the
    columns; if they are too tall for that, the masthead alone does, and the summary
    opens the first column; if the masthead is too tall too, both flow in the columns."""
    story = build(True, True)
    if lead_fits(story, theme):
        return story
    story = build(True, False)
    if lead_fits(story, theme):
        return story
    story = build(False, True)
    story.lead_spans = False
    return story


def _height(flowables: list[Any], width: float) -> float:
    """The height a list of flowables takes in a frame of `width` (spaces included)."""
    total = 0.0
    for i, flowable in enumerate(flowables):
        if hasattr(flowable, "_content"):  # KeepTogether: measure what it holds
            total += _height(flowable._content, width) - 1.0
            continue
        total += flowable.wrap(width, 1e9)[1]
        if i:
            total += flowable.getSpaceBefore()
        total += flowable.getSpaceAfter()
    return total + 1.0
