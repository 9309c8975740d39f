"""A `str.format` template to the placeholders it uses, as written.

Labels (`Page {page} of {pages}`) and `briefpack send`'s `--subject` are
templates that the user writes and briefpack fills in; each may use only the
fields it knows. This reads the template once, the way `str.format` will, so
that both are checked by the same rules before anything is filled in.
"""

from __future__ import annotations

import string
from collections.abc import Container


def template_fields(template: str) -> list[str]:
    """Each `{...}` of the template as written, without its braces: `title`,
    `title!r`, `page:>3`, `0`, or `` for `{}`. Doubled braces are text. Raises
    ValueError (Python's own message) for a brace without its pair."""
    return [
        name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    ]


def unknown_field(template: str, known: Container[str]) -> str | None:
    """The first placeholder of the template, as written, that is not one of
    `known` (a conversion or format spec makes any field unknown); None if all
    are known. Raises ValueError for a brace without its pair."""
    fields = template_fields(template)
    return next((field for field in fields if field not in known), None)
