"""A figure's path in a brief to checked, print-ready image bytes.

A figure must live inside the brief's folder (symlinks followed), be an image
Pillow can decode, and stay under the pixel limit, which is checked from the
image header before anything is decoded. Orientation from EXIF is applied,
transparency is flattened onto white, CMYK and palette images become RGB, and
pictures larger than the layout can use are downsampled so the PDF stays small.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .inline import parse_inline, plain_text
from .model import Figure

PRINT_DPI = 220


@dataclass(frozen=True)
class FigureImage:
    """A figure ready to place: encoded image bytes and its size in pixels."""

    data: bytes
    width: int
    height: int


class FigureProblem(Exception):
    """Why a figure cannot be used, in words for the brief's author."""


def resolve_figure_path(brief_dir: Path, path: str) -> Path:
    """The figure's file, refused if it lies outside the brief's folder."""
    if Path(path).is_absolute():
        raise FigureProblem(
            f"figure path '{path}' is absolute: give it relative to the brief's folder"
        )
    root = brief_dir.resolve()
    resolved = (root / path).resolve()
    if not resolved.is_relative_to(root):
        raise FigureProblem(
            f"figure path '{path}' points outside the brief's folder: "
            "copy the picture next to the brief"
        )
    if resolved.is_dir():
        raise FigureProblem(f"figure path '{path}' is a folder: name the picture's file")
    if not resolved.is_file():
        raise FigureProblem(
            f"figure file '{path}' does not exist: looked for {brief_dir / path} "
            "(a figure's path is relative to the brief's folder); "
            "copy the picture there or correct the path"
        )
    return resolved


def load_figure(brief_dir: Path, path: str, max_pixels: int, width_pt: float) -> FigureImage:
    """Read, check and prepare one figure for a column `width_pt` points wide."""
    file = resolve_figure_path(brief_dir, path)
    try:
        with warnings.catch_warnings(), _pillow_limit(max_pixels):
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as opened:
                width, height = opened.size
                if width * height > max_pixels:
                    raise FigureProblem(
                        f"figure '{path}' is {width}x{height} pixels, over the limit of "
                        f"{max_pixels:,} pixels (raise it with --max-pixels)"
                    )
                opened.load()
                image = ImageOps.exif_transpose(opened)
                source_format = opened.format
    except FigureProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FigureProblem(
            f"figure '{path}' declares more pixels than can be opened safely "
            f"(the limit is {max_pixels:,} pixels): use a smaller picture"
        ) from None
    except UnidentifiedImageError:
        raise FigureProblem(
            f"figure '{path}' is not an image briefpack can read: use a JPEG or PNG file"
        ) from None
    except (OSError, ValueError, SyntaxError) as problem:
        raise FigureProblem(f"figure '{path}' could not be decoded ({problem})") from None
    image = _flatten(image)
    limit = max(1, round(width_pt / 72 * PRINT_DPI))
    if image.width > limit:
        image = image.resize(
            (limit, max(1, round(image.height * limit / image.width))), Image.Resampling.LANCZOS
        )
    buffer = BytesIO()
    if source_format == "JPEG":
        image.save(buffer, "JPEG", quality=85, optimize=True)
    else:
        image.save(buffer, "PNG", optimize=True)
    return FigureImage(buffer.getvalue(), image.width, image.height)


@contextmanager
def _pillow_limit(max_pixels: int) -> Iterator[None]:
    """Pillow's own bomb check follows ours while a figure is opened, so that
    --max-pixels can raise it (Pillow refuses twice its default otherwise)."""
    default = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max(max_pixels, default or 0)
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = default


def _flatten(image: Image.Image) -> Image.Image:
    """RGB or greyscale, with any transparency composited onto white."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode == "L":
        return image
    return image.convert("RGB")


def alt_text(figure: Figure) -> str:
    """What a figure shows, in words: its `alt`, else its caption and credit."""
    if figure.alt:
        return plain_text(parse_inline(figure.alt))
    parts = [figure.caption, f"Picture: {figure.credit}"] if figure.caption else [figure.credit]
    return " ".join(plain_text(parse_inline(part)) for part in parts)
