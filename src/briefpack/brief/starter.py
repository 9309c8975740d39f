"""A name and a date to the text of a starter brief: every block, every key explained.

The template is `templates/starter.yaml`, a YAML file whose comments are the
explanations. Its `{placeholders}` are filled by plain text replacement, so the
comments and the layout of the file reach the author exactly as written. Nothing
here reads the clock or writes a file: the caller gives the date and writes the text.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from importlib.resources import files
from pathlib import Path

#: Where a project keeps the schema, relative to a folder above its briefs
#: (`briefpack schema -o schema/brief.schema.json` writes it there).
SCHEMA_PATH = Path("schema") / "brief.schema.json"

#: What the first line says when no schema file is found above the new brief.
NO_SCHEMA = (
    "# Editor support: `briefpack schema -o brief.schema.json` writes the schema of this\n"
    '# format; see "Editor support" in briefpack\'s docs/brief-format.md to give your\n'
    "# editor completion and checks as you type."
)


def brief_file(name: str) -> Path:
    """The file `briefpack new NAME` writes: NAME itself if it ends in .yaml (or .yml),
    else NAME.yaml."""
    path = Path(name)
    return path if path.suffix.lower() in (".yaml", ".yml") else path.with_name(path.name + ".yaml")


def slugify(name: str) -> str:
    """A slug for a file name: lowercase ASCII letters, digits and single hyphens.

    >>> slugify("Council vote: Café closures 2024.yaml")
    'council-vote-cafe-closures-2024'
    """
    stem = Path(name).name
    if stem.lower().endswith((".yaml", ".yml")):
        stem = stem.rsplit(".", 1)[0]
    ascii_only = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    return slug or "brief"


def find_schema(folder: Path) -> Path | None:
    """The nearest `schema/brief.schema.json` in `folder` or a folder above it."""
    for candidate in (folder, *folder.parents):
        schema = candidate / SCHEMA_PATH
        if schema.is_file():
            return schema
    return None


def schema_modeline(brief: Path, schema: Path | None) -> str:
    """The first line of a new brief: a YAML language server modeline naming the
    schema by its path from the brief's folder, or a note on how to get one."""
    if schema is None:
        return NO_SCHEMA
    relative = os.path.relpath(schema.resolve(), brief.parent.resolve())
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


def starter_template(lang: str) -> str | None:
    """The name of the starter written in `lang` (`starter.fr.yaml` for fr and fr-CA),
    or None: the English one, `starter.yaml`, stands in."""
    folder = files("briefpack.brief").joinpath("templates")
    for name in (lang, lang.split("-")[0]):
        if folder.joinpath(f"starter.{name}.yaml").is_file():
            return f"starter.{name}.yaml"
    return None


def starter_text(
    file_name: str,
    slug: str,
    date: dt.date,
    modeline: str,
    lang: str = "en-GB",
    findings_title: str = "Key findings",
) -> str:
    """The starter brief, ready to write to `file_name`: in `lang`'s words if there is
    a starter in that language, else in English; its `lang:` says `lang` either way,
    and its example label is `findings_title`, the language's own."""
    name = starter_template(lang) or "starter.yaml"
    template = files("briefpack.brief").joinpath("templates", name).read_text("utf-8")
    values = {
        "modeline": modeline,
        "file": file_name,
        "slug": slug,
        "date": date.isoformat(),
        "year": f"{date.year:04d}",
        "lang": lang,
        "findings_title": findings_title,
    }
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template
