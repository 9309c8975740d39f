"""pydantic's validation errors to diagnostics an editor can act on.

Each error's `loc` is mapped back to the line and column where the value was
written, and pydantic's wording ("Input should be ...") is replaced by plain
words: what is wrong with the value and how to write it. Briefs, layouts,
locale files and pack files all report their schema errors through here.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from briefpack.common.diagnostics import Diagnostic, error

from .model import Figure, Quote
from .yaml_source import Loc, SourceDocument

#: What to add to a message about a required key, by (model, key).
REQUIRED_HINTS: dict[tuple[type[BaseModel], str], str] = {
    (Quote, "sources"): "every quote names at least one source: no unattributed quote",
    (Figure, "credit"): "every picture is attributed: add 'credit: ...'",
}


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str | None:
    choices = list(choices)
    folded = {choice.lower(): choice for choice in choices}
    if word.lower() in folded:
        return folded[word.lower()]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def name_hint(name: str, known: typing.Iterable[str], what: str) -> str:
    """'did you mean 'compact'? the layouts are compact, print, standard': the
    closest name, if one is close, and every name there is."""
    known = sorted(known)
    close = did_you_mean(name, known)
    listed = f"the {what} are {', '.join(known)}" if known else f"there are no {what}"
    return f"did you mean '{close}'? {listed}" if close else listed


def format_loc(loc: Loc) -> str:
    """`findings[2].sources[0]`: the path of a value, as the error messages write it."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def pydantic_diagnostics(
    invalid: ValidationError, document: SourceDocument, model: type[BaseModel]
) -> list[Diagnostic]:
    """Every error pydantic found, positioned and worded for the person who wrote it."""
    found: list[Diagnostic] = []
    for problem in invalid.errors(include_url=False):
        loc = _data_loc(problem["loc"], document.data)
        on_key = "[key]" in problem["loc"]
        kind = problem["type"]
        where = format_loc(loc)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            fields = _fields_at(model, loc[:-1])
            close = did_you_mean(key, fields) if fields else None
            hint = f"did you mean '{close}'?" if close else _allowed(fields)
            found.append(
                error(
                    f"{format_loc(loc[:-1]) + ': ' if loc[:-1] else ''}unknown key '{key}'",
                    document.position_of(loc, prefer_key=True),
                    hint,
                )
            )
        elif kind == "missing":
            key = str(loc[-1])
            parent = _model_at(model, loc[:-1])
            hint = REQUIRED_HINTS.get((parent, key)) if parent else None
            if loc in document.key_positions:
                message = f"'{key}' is empty, and it is required"
                position = document.key_positions[loc]
                hint = commented_out_hint(document, loc) or hint
            else:
                inside = format_loc(loc[:-1])
                message = f"{inside + ': ' if inside else ''}the required key '{key}' is missing"
                position = document.position_of(loc[:-1], prefer_key=True)
                hint = hint or f"add '{key}: ...'"
            found.append(error(message, position, hint))
        else:
            message = plain_message(problem)
            hint = None
            if problem.get("input", ...) is None:
                message = "is empty: fill it in or remove it"
                hint = commented_out_hint(document, loc)
                if hint:
                    message = f"is empty: {COMMENT}"
            if kind in ("model_type", "model_attributes_type", "dict_type"):
                fields = _fields_at(model, loc)
                if fields:
                    message += f" (keys such as {', '.join(repr(f) for f in list(fields)[:3])})"
            position = document.position_of(loc, prefer_key=on_key)
            found.append(error(f"{where}: {message}" if where else message, position, hint))
    return found


#: Why a value written `key: #1d3557` is empty.
COMMENT = "'#' starts a comment in YAML, so the value after it is not read"


def commented_out_hint(document: SourceDocument, loc: Loc, strict: bool = False) -> str | None:
    """How to write an empty value at `loc` that YAML read as a comment (`accent:
    #1d3557`): in quotes. None if its line holds no comment after the key; with
    `strict`, also None if the comment reads as a comment (`# a note`), not a value."""
    position = document.position_of(loc, prefer_key=True)
    line = document.source_line(position)[position.column - 1 :]
    _, colon, rest = line.partition(":")
    rest = rest.strip()
    if not colon or not rest.startswith("#") or (strict and not re.match(r"#[^\s#]", rest)):
        return None
    written = re.split(r"\s+#", rest)[0]
    what = "colour" if loc[:1] == ("colors",) or "color" in str(loc[-1]) else "value"
    return f'put the {what} in quotes: "{written}"'


def plain_message(problem: Any) -> str:
    """pydantic's message for an error in words a layout's or brief's author uses."""
    kind = problem["type"]
    context = problem.get("ctx") or {}
    value = problem.get("input")
    shown = f"'{value}'" if isinstance(value, str) else "this"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        listed = ", ".join(choices[:-1]) + f" or {choices[-1]}" if len(choices) > 1 else ""
        return f"{shown} is not one of the choices: write {listed}" if listed else problem["msg"]
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{shown} is not a whole number"
    if kind in ("float_parsing", "float_type"):
        return f"{shown} is not a number"
    if kind in ("bool_parsing", "bool_type"):
        return f"{shown} is not true or false"
    limits = {
        "greater_than_equal": ("ge", "is too small: the smallest allowed is"),
        "greater_than": ("gt", "is too small: it must be more than"),
        "less_than_equal": ("le", "is too large: the largest allowed is"),
        "less_than": ("lt", "is too large: it must be less than"),
    }
    if kind in limits:
        key, words = limits[kind]
        return f"{shown} {words} {context.get(key)}"
    if kind == "too_short" and context.get("min_length", 1) > 1:
        return f"needs {context['min_length']} items, not {context.get('actual_length')}"
    if kind == "too_long":
        return f"has {context.get('actual_length')} items: at most {context.get('max_length')}"
    return str(_MESSAGES.get(kind, problem["msg"]))


_MESSAGES = {
    "list_type": "expected a list here (one item per line, each starting with '- ')",
    "dict_type": "expected keys and values here ('key: value' lines)",
    "model_type": "expected keys and values here ('key: value' lines)",
    "model_attributes_type": "expected keys and values here ('key: value' lines)",
    "string_type": "expected text here, not a list or mapping",
    "too_short": "needs at least one item",
}


def _allowed(fields: list[str] | None) -> str | None:
    return f"the keys allowed here are {', '.join(fields)}" if fields else None


def _data_loc(loc: tuple[int | str, ...], data: Any) -> Loc:
    """pydantic's loc without its internal parts (`[key]`, validator names)."""
    out: list[str | int] = []
    current = data
    for part in loc:
        listed = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if listed or (isinstance(current, dict) and part in current):
            current = current[part]
        elif isinstance(part, str) and (part == "[key]" or "[" in part or "-" in part):
            continue
        else:
            current = None
        out.append(part)
    return tuple(out)


def _unwrap(annotation: Any) -> Any:
    """The model inside `X | None`, `list[X]`, `dict[K, X]`, `Annotated[X, ...]`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0]
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        else:
            origin = typing.get_origin(current)
            if origin is list:
                current = typing.get_args(current)[0]
            elif origin is dict:
                current = typing.get_args(current)[1]
            else:
                return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str] | None:
    found = _model_at(model, loc)
    return list(found.model_fields) if found else None
