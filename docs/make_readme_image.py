"""Renders page 1 of briefs/clapham.yaml to docs/clapham-page1.png for the README.

Run from the repository root after a change in look:

    python docs/make_readme_image.py
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from briefpack.pipeline import package_assets, render_brief

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    pdf = render_brief(ROOT / "briefs" / "clapham.yaml", package_assets()).pdf
    document = pdfium.PdfDocument(pdf)
    page = document[0].render(scale=100 / 72).to_pil()
    page.save(ROOT / "docs" / "clapham-page1.png", optimize=True)


if __name__ == "__main__":
    main()
