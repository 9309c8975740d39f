"""Renders page 1 of briefs/clapham.yaml to docs/clapham-page1.png for the README.

Run from the repository root after a change in look:

    python docs/make_readme_image.py
"""

from __future__ import annotations

from pathlib import Path

from briefpack.pipeline import package_assets, render_brief
from briefpack.snapshot.raster import render_pages

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    pdf = render_brief(ROOT / "briefs" / "clapham.yaml", package_assets()).pdf
    page = render_pages(pdf, dpi=100)[0]
    page.save(ROOT / "docs" / "clapham-page1.png", optimize=True)


if __name__ == "__main__":
    main()
