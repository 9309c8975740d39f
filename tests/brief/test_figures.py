"""Figures: where they may live, what decodes, and what reaches the page."""

from __future__ import annotations

import os
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from briefpack.brief.figures import FigureProblem, load_figure
from conftest import TEST_BRIEFS

FIGURES = TEST_BRIEFS / "figures"
LIMIT = 50_000_000
COLUMN = 480.0  # points


def decoded(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    brief_dir = tmp_path / "brief"
    brief_dir.mkdir()
    return brief_dir


def test_exif_orientation_is_applied() -> None:
    with Image.open(FIGURES / "exif-rotated.jpg") as stored:
        assert stored.width < stored.height  # stored sideways
    image = decoded(load_figure(FIGURES, "exif-rotated.jpg", LIMIT, COLUMN).data)
    assert image.width > image.height


@pytest.mark.parametrize("name", ["cmyk.jpg", "palette.png", "alpha.png"])
def test_colour_modes_become_rgb(name: str) -> None:
    image = decoded(load_figure(FIGURES, name, LIMIT, COLUMN).data)
    assert image.mode == "RGB"


def test_transparency_is_flattened_onto_white() -> None:
    image = decoded(load_figure(FIGURES, "alpha.png", LIMIT, COLUMN).data)
    # The alpha gradient runs from transparent at the top to opaque at the bottom.
    assert image.getpixel((image.width // 2, 0)) == (255, 255, 255)


def test_cmyk_keeps_its_colours() -> None:
    image = decoded(load_figure(FIGURES, "cmyk.jpg", LIMIT, COLUMN).data)
    red, green, blue = image.getpixel((image.width // 4, image.height // 2))  # the red block
    assert red > 150 and green < 110 and blue < 110


def test_large_pictures_are_downsampled(folder: Path) -> None:
    Image.new("RGB", (6000, 4000), (10, 120, 200)).save(folder / "big.png")
    figure = load_figure(folder, "big.png", LIMIT, COLUMN)
    assert figure.width == round(COLUMN / 72 * 220)
    assert figure.height == round(4000 * figure.width / 6000)
    assert len(figure.data) < 200_000


def test_outside_the_folder_is_refused(folder: Path) -> None:
    (folder.parent / "secret.png").write_bytes((FIGURES / "palette.png").read_bytes())
    with pytest.raises(FigureProblem, match="outside the brief's folder"):
        load_figure(folder, "../secret.png", LIMIT, COLUMN)


def test_absolute_path_is_refused(folder: Path) -> None:
    with pytest.raises(FigureProblem, match="absolute"):
        load_figure(folder, str(FIGURES / "palette.png"), LIMIT, COLUMN)


def test_symlink_leading_outside_is_refused(folder: Path) -> None:
    os.symlink(FIGURES / "palette.png", folder / "link.png")
    with pytest.raises(FigureProblem, match="outside the brief's folder"):
        load_figure(folder, "link.png", LIMIT, COLUMN)


def test_missing_file(folder: Path) -> None:
    with pytest.raises(FigureProblem, match="does not exist"):
        load_figure(folder, "nowhere.png", LIMIT, COLUMN)


def test_missing_file_says_where_it_looked_and_what_to_do(folder: Path) -> None:
    with pytest.raises(FigureProblem) as missing:
        load_figure(folder, "figures/nowhere.png", LIMIT, COLUMN)
    assert str(missing.value) == (
        f"figure file 'figures/nowhere.png' does not exist: looked for "
        f"{folder / 'figures' / 'nowhere.png'} (a figure's path is relative to the brief's "
        "folder); copy the picture there or correct the path"
    )


def test_a_folder_is_not_a_figure(folder: Path) -> None:
    (folder / "figures").mkdir()
    with pytest.raises(FigureProblem, match="'figures' is a folder"):
        load_figure(folder, "figures", LIMIT, COLUMN)


def test_a_url_is_not_fetched(folder: Path) -> None:
    with pytest.raises(FigureProblem, match="does not exist"):
        load_figure(folder, "https://example.org/picture.png", LIMIT, COLUMN)


def test_not_an_image(folder: Path) -> None:
    (folder / "notes.png").write_text("this is text, not a picture")
    with pytest.raises(FigureProblem, match="not an image"):
        load_figure(folder, "notes.png", LIMIT, COLUMN)


def test_truncated_image(folder: Path) -> None:
    data = (FIGURES / "cmyk.jpg").read_bytes()
    (folder / "cut.jpg").write_bytes(data[: len(data) // 2])
    with pytest.raises(FigureProblem, match="could not be decoded"):
        load_figure(folder, "cut.jpg", LIMIT, COLUMN)


def test_pixel_limit_is_checked_before_decoding(folder: Path) -> None:
    Image.new("L", (3000, 2000)).save(folder / "wide.png")
    with pytest.raises(FigureProblem, match="over the limit of 5,000,000 pixels.*--max-pixels"):
        load_figure(folder, "wide.png", 5_000_000, COLUMN)


def test_decompression_bomb_is_refused_from_its_header(folder: Path) -> None:
    """A PNG whose header claims 100,000 x 100,000 pixels, in a few dozen bytes."""
    (folder / "bomb.png").write_bytes(png_header_only(100_000, 100_000))
    with pytest.raises(FigureProblem, match="more pixels than can be opened safely"):
        load_figure(folder, "bomb.png", LIMIT, COLUMN)
    (folder / "large.png").write_bytes(png_header_only(9_000, 9_000))
    with pytest.raises(FigureProblem, match="81000000 pixels|9000x9000 pixels"):
        load_figure(folder, "large.png", LIMIT, COLUMN)


def png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def test_max_pixels_can_be_raised_past_pillows_own_limit(folder: Path) -> None:
    (folder / "huge.png").write_bytes(png_header_only(10_000, 10_000))  # 100 MP
    with pytest.raises(FigureProblem) as raised:
        load_figure(folder, "huge.png", 200_000_000, COLUMN)
    # Past the pixel checks: it fails only because the file holds no picture data.
    assert "could not be decoded" in str(raised.value)
