"""Writes the test figures beside this file: run it to regenerate them.

Each image exercises one path of figure loading: EXIF orientation (a landscape
picture stored sideways), CMYK JPEG, a palette PNG with transparency, and an
RGBA PNG. The pictures are simple gradients and shapes, drawn from fixed
numbers, so the files are the same on every run.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent


def gradient(width: int, height: int) -> Image.Image:
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for x in range(width):
        shade = int(40 + 160 * x / width)
        draw.line([(x, 0), (x, height)], fill=(shade // 3, shade // 2, shade))
    draw.rectangle([width // 8, height // 4, width // 3, height * 3 // 4], fill=(200, 60, 40))
    draw.ellipse([width // 2, height // 5, width * 7 // 8, height * 4 // 5], fill=(240, 200, 60))
    return image


def main() -> None:
    landscape = gradient(640, 400)
    # Stored rotated, with EXIF orientation 6 ("rotate 90 clockwise to view").
    sideways = landscape.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    sideways.save(HERE / "exif-rotated.jpg", quality=85, exif=exif.tobytes())
    landscape.convert("CMYK").save(HERE / "cmyk.jpg", quality=85)
    palette = gradient(320, 200).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    palette.info["transparency"] = 0
    palette.save(HERE / "palette.png", transparency=0)
    rgba = gradient(320, 200).convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize((320, 200)))
    rgba.save(HERE / "alpha.png")


if __name__ == "__main__":
    main()
