"""PDF bytes to page images and page text, drawn by pdfium at a fixed resolution.

Snapshots compare these images pixel for pixel, so every rendering option is
spelled out below rather than left to a default that a later pypdfium2 release
could change:

- `scale = dpi / 72`: one PDF point is `dpi / 72` pixels (50 dpi by default, enough
  to see a moved line and small enough to keep PNGs in a repository);
- an opaque white background (`fill_color`), RGB pixels (`grayscale=False`,
  `rev_byteorder=True`, no alpha channel), no rotation;
- `may_draw_forms=False` (briefs have no form fields), `draw_annots=True` (a link
  drawn by a viewer is drawn here too);
- pdfium's own anti-aliasing of text, paths and images left on (`no_smooth*` False),
  no LCD or print optimisation, no forced halftone. Anti-aliasing is computed by
  pdfium itself (its bundled FreeType and rasteriser, never the system's), so it is
  the same on every run of the same pdfium build; only a different build can move
  a pixel, which is why `rasterizer_info()` is stored with each snapshot.

The PDFs embed every font they use, so pdfium never falls back to a font
installed on the machine.
"""

from __future__ import annotations

import platform
import sys

import pypdfium2 as pdfium
from PIL import Image

DEFAULT_DPI = 50


def render_pages(pdf: bytes, dpi: int = DEFAULT_DPI) -> list[Image.Image]:
    """Every page of the PDF as an RGB image, `dpi` pixels per inch."""
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            bitmap = document[index].render(
                scale=dpi / 72,
                rotation=0,
                may_draw_forms=False,
                fill_color=(255, 255, 255, 255),
                grayscale=False,
                optimize_mode=None,
                draw_annots=True,
                no_smoothtext=False,
                no_smoothimage=False,
                no_smoothpath=False,
                force_halftone=False,
                rev_byteorder=True,
                prefer_bgrx=False,
                maybe_alpha=False,
            )
            # convert() copies: the bitmap's memory goes when the document is closed.
            images.append(bitmap.to_pil().convert("RGB"))
        return images
    finally:
        document.close()


def page_text(pdf: bytes) -> list[str]:
    """The text of every page, line by line, as pdfium reads it.

    Line breaks become `\\n`, and the hyphen pdfium marks as inserted at a line
    break (U+0002) becomes `-`, so the text reads as printed. Each page's text
    ends with one newline.
    """
    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for index in range(len(document)):
            text = document[index].get_textpage().get_text_bounded()
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-")
            lines = [line.rstrip() for line in text.split("\n")]
            texts.append("\n".join(lines).strip("\n") + "\n")
        return texts
    finally:
        document.close()


def rasterizer_info() -> dict[str, str]:
    """What drew the pages: the pdfium build, its Python binding, and the platform."""
    return {
        "pdfium": str(pdfium.PDFIUM_INFO),
        "pypdfium2": str(pdfium.PYPDFIUM_INFO),
        "platform": f"{sys.platform}-{platform.machine()}",
    }
