"""Where a render finds its fonts, layouts and locales, and the limits its input must keep to.

`package_assets` gives the ones shipped with briefpack: in an installed wheel they
sit in `briefpack/_data/`, in a checkout at the top of the repository.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefpack.brief.yaml_source import Limits


def _package_root() -> Path:
    package = Path(__file__).resolve().parent.parent
    data = package / "_data"
    return data if data.is_dir() else package.parent.parent


def _package_locales() -> Path:
    return _package_root() / "locales"


@dataclass(frozen=True)
class Assets:
    """Where fonts, layouts and the languages' labels (`locales/`) are found, and the
    limits input must keep to."""

    fonts_dir: Path
    layout_dirs: tuple[Path, ...]
    limits: Limits = field(default_factory=Limits)
    locales_dir: Path = field(default_factory=_package_locales)


def package_assets(extra_layout_dirs: tuple[Path, ...] = ()) -> Assets:
    """The fonts, layouts and locales shipped with briefpack (in the wheel, or in a checkout)."""
    root = _package_root()
    layouts = (*extra_layout_dirs, root / "layouts")
    return Assets(root / "fonts", layouts, Limits(), root / "locales")
