"""A positioned YAML tree to a validated `Brief`, with every problem located.

Schema errors come from the pydantic models in `model`; `schema_errors` maps
each back to the line and column where the author wrote it. The checks the
schema cannot make (citations of undefined sources, link schemes inside inline
text, the layout name) run over the same tree in the same pass, so one run
reports every problem in the file.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from briefpack.common.diagnostics import BriefError, Diagnostic, error, warning

from .inline import footnote_refs, links, parse_inline
from .model import INLINE_LINK_SCHEMES, Brief
from .schema_errors import did_you_mean, format_loc, name_hint, pydantic_diagnostics
from .yaml_source import Loc, SourceDocument

#: Keys whose values are not inline text (dates, names, paths, lists of keys).
NOT_TEXT = frozenset({"date", "slug", "embargo", "layout", "url", "path", "time", "lang", "labels"})


@dataclass(frozen=True)
class ValidatedBrief:
    brief: Brief
    document: SourceDocument
    slug: str
    warnings: tuple[Diagnostic, ...]


def validate_brief(
    document: SourceDocument,
    default_slug: str,
    known_layouts: Mapping[str, object] | None = None,
) -> ValidatedBrief:
    """The brief, or a BriefError listing every problem in it."""
    data = document.data
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else "a single value"
        raise BriefError(
            [
                error(
                    f"a brief is a set of keys such as 'title:' and 'date:', not {what}",
                    document.position_of(()),
                    "start the file with 'title: ...'",
                )
            ]
        )
    sources = data.get("sources")
    data = drop_empty(data)
    if isinstance(sources, dict):
        # A source left empty is a mistake, not an optional key left out.
        data["sources"] = {key: drop_empty(value) for key, value in sources.items()}
    problems: list[Diagnostic] = []
    brief: Brief | None = None
    try:
        brief = Brief.model_validate(data)
    except ValidationError as invalid:
        problems += pydantic_diagnostics(invalid, document, Brief)
    citations, citation_problems = _check_citations(data, document)
    problems += citation_problems
    problems += _check_layout(data, document, known_layouts)
    if problems or brief is None:
        raise BriefError(sorted(problems, key=_order))
    return ValidatedBrief(
        brief,
        document,
        brief.slug or default_slug,
        (*_uncited(data, citations, document), *_without_alt(brief, document)),
    )


def _order(diagnostic: Diagnostic) -> tuple[int, int]:
    position = diagnostic.position
    return (position.line, position.column) if position else (0, 0)


def drop_empty(value: Any) -> Any:
    """An optional key left empty (`subtitle:`) counts as absent."""
    if isinstance(value, dict):
        return {key: drop_empty(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [drop_empty(item) for item in value]
    return value


def text_fields(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every inline-text value of a brief's data, with its place, in file order."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in NOT_TEXT or (key == "sources" and not isinstance(value, dict)):
                continue
            yield from text_fields(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from text_fields(value, (*loc, i))
    elif isinstance(data, str):
        yield loc, data


def cited_keys(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str, str | None]]:
    """Every source key cited: (loc, key, the `[^key]` text or None for a `sources:` list)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and isinstance(value, list) and loc:
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield (*loc, key, i), item, None
            elif key not in NOT_TEXT and (loc or key != "sources" or isinstance(value, dict)):
                yield from cited_keys(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from cited_keys(value, (*loc, i))
    elif isinstance(data, str):
        nodes = parse_inline(data)
        for ref in footnote_refs(nodes):
            yield loc, ref.key, ref.source


def _check_citations(
    data: dict[str, Any], document: SourceDocument
) -> tuple[set[str], list[Diagnostic]]:
    defined = data.get("sources")
    keys = set(defined) if isinstance(defined, dict) else set()
    problems = []
    cited: set[str] = set()
    seen: dict[tuple[Loc, str], int] = {}
    for loc, key, written in cited_keys(data):
        cited.add(key)
        if key in keys:
            continue
        if written is None:
            position = document.position_of(loc)
        else:
            nth = seen.get((loc, written), 0)
            seen[(loc, written)] = nth + 1
            position = document.position_within(loc, written, nth)
        where = format_loc(loc[:-1] if written is None else loc)
        close = did_you_mean(key, keys)
        if keys:
            hint = f"did you mean '{close}'?" if close else "define it under 'sources:'"
        else:
            hint = "add a 'sources:' mapping that defines it"
        problems.append(error(f"{where}: unknown source '{key}'", position, hint))
    problems += link_problems(text_fields(data), document)
    problems += label_problems(data, document)
    return cited, problems


def link_problems(
    fields: typing.Iterable[tuple[Loc, str]], document: SourceDocument
) -> list[Diagnostic]:
    """Every link in the inline texts given that is not a full http, https or mailto one."""
    problems = []
    for loc, text in fields:
        counts: dict[str, int] = {}
        for link in links(parse_inline(text)):
            scheme, _, address = link.url.partition(":")
            has_host = scheme.lower() == "mailto" or bool(urlsplit(link.url).netloc)
            if scheme.lower() in INLINE_LINK_SCHEMES and address.strip("/") and has_host:
                continue
            nth = counts.get(link.source, 0)
            counts[link.source] = nth + 1
            offset = max(link.source.rfind("](") + 2, 0)
            position = document.position_within(loc, link.source, nth, offset)
            if scheme.lower() in INLINE_LINK_SCHEMES:
                message = f"the link '{link.url}' has no address (write {scheme}://host/...)"
                if scheme.lower() == "mailto":
                    message = f"the link '{link.url}' has no address after 'mailto:'"
            else:
                message = f"'{link.url}' is not an http, https or mailto link"
            problems.append(
                error(
                    f"{format_loc(loc)}: {message}",
                    position,
                    "write the full address, e.g. https://example.org/page",
                )
            )
    return problems


def label_problems(data: Any, document: SourceDocument) -> list[Diagnostic]:
    """The mistakes in the inline text of the `labels:` mapping of a brief or a layout:
    a label may not cite a source, and its links are checked as any."""
    labels = data.get("labels") if isinstance(data, dict) else None
    if not isinstance(labels, dict):
        return []
    fields = [(("labels", key), text) for key, text in labels.items() if isinstance(text, str)]
    problems = link_problems(fields, document)
    for where, text in fields:
        for ref in footnote_refs(parse_inline(text)):
            problems.append(
                error(
                    f"{format_loc(where)}: a label cannot cite a source ('{ref.source}')",
                    document.position_within(where, ref.source),
                    "cite sources in the brief's text, not in a label",
                )
            )
    return problems


def _uncited(
    data: dict[str, Any], cited: set[str], document: SourceDocument
) -> Iterator[Diagnostic]:
    defined = data.get("sources")
    if not isinstance(defined, dict):
        return
    for key in defined:
        if key not in cited:
            yield warning(
                f"sources.{key} is never cited, so it will not be printed",
                document.position_of(("sources", key), prefer_key=True),
                f"cite it with [^{key}] or a 'sources:' list, or remove it",
            )


def _without_alt(brief: Brief, document: SourceDocument) -> Iterator[Diagnostic]:
    """A figure without `alt` text: its caption stands in for readers who cannot see it."""
    for i, section in enumerate(brief.sections):
        for j, figure in enumerate(section.figures):
            if not figure.alt:
                yield warning(
                    f"sections[{i}].figures[{j}] has no alt text, so readers who cannot see "
                    "the picture get its caption instead",
                    document.position_of(("sections", i, "figures", j)),
                    "add 'alt:' saying in words what the picture shows",
                )


def _check_layout(
    data: dict[str, Any], document: SourceDocument, known: Mapping[str, object] | None
) -> list[Diagnostic]:
    name = data.get("layout")
    if known is None or not isinstance(name, str) or name in known:
        return []
    hint = name_hint(name, known, "layouts")
    return [error(f"layout: unknown layout '{name}'", document.position_of(("layout",)), hint)]
