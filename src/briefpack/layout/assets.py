"""Where a render finds its fonts and layouts, and the limits its input must keep to.

`package_assets` gives the ones shipped with briefpack: in an installed wheel they
sit in `briefpack/_data/`, in a checkout at the top of the repository.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefpack.brief.yaml_source import Limits


@dataclass(frozen=True)
class Assets:
    """Where fonts and layouts are found, and the limits input must keep to."""

    fonts_dir: Path
    layout_dirs: tuple[Path, ...]
    limits: Limits = field(default_factory=Limits)


def package_assets(extra_layout_dirs: tuple[Path, ...] = ()) -> Assets:
    """The fonts and layouts shipped with briefpack (in the wheel, or in a checkout)."""
    package = Path(__file__).resolve().parent.parent
    data = package / "_data"
    root = data if data.is_dir() else package.parent.parent
    return Assets(root / "fonts", (*extra_layout_dirs, root / "layouts"))
