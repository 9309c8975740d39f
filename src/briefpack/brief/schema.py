"""The brief models to a JSON Schema document, for editors' YAML tools.

The schema is generated from `brief_model`, the contract, and never written by
hand; `schema/brief.schema.json` in the repository is this module's output, and a
test keeps the two equal. It is JSON Schema draft-07, the newest draft the YAML
language server (VS Code's YAML extension and the editors built on it) supports.
Pydantic writes 2020-12, so a few of its forms are rewritten into draft-07 ones.
"""

from __future__ import annotations

import json
from typing import Any

from .language import TAG_MARK, tag_schema
from .model import Brief

DRAFT = "http://json-schema.org/draft-07/schema#"
TITLE = "briefpack brief"
DESCRIPTION = (
    "A news brief for briefpack: one YAML file with a title, a date and a summary, "
    "and optionally findings, sections, quotes, a timeline and the sources they cite. "
    "Text fields take **bold**, *italic*, [label](https://...) links and [^key] "
    "citations of a source. An optional key left empty counts as absent."
)


def brief_schema() -> dict[str, Any]:
    """The JSON Schema of a brief, as a JSON-ready dict."""
    generated = Brief.model_json_schema(ref_template="#/definitions/{model}")
    for made_up in ("title", "description"):
        generated.pop(made_up)
    definitions = {name: _draft_07(part) for name, part in sorted(generated.pop("$defs").items())}
    definitions["LanguageTag"] = tag_schema()
    definitions = _tag_refs(dict(sorted(definitions.items())))
    body = _tag_refs(_draft_07(generated))
    for model in (body, *definitions.values()):
        _optional_may_be_empty(model)
    return {
        "$schema": DRAFT,
        "title": TITLE,
        "description": DESCRIPTION,
        **body,
        "definitions": definitions,
    }


def schema_text() -> str:
    """The schema as the text of `schema/brief.schema.json`: stable, indented, one newline."""
    return json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n"


def _tag_refs(node: Any) -> Any:
    """Each language tag's schema as a reference to the one list of tags."""
    if isinstance(node, list):
        return [_tag_refs(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get(TAG_MARK):
        return {"$ref": "#/definitions/LanguageTag"}
    return {key: _tag_refs(value) for key, value in node.items()}


def _optional_may_be_empty(model: dict[str, Any]) -> None:
    """Let every optional key of an object schema be null: `subtitle:` with nothing
    after it is how an editor leaves a key out, and briefpack reads it as absent."""
    required = set(model.get("required", ()))
    for name, property_schema in model.get("properties", {}).items():
        if name in required or _allows_null(property_schema):
            continue
        notes = {
            key: property_schema.pop(key)
            for key in ("description", "default")
            if key in property_schema
        }
        model["properties"][name] = {"anyOf": [property_schema, {"type": "null"}], **notes}


def _allows_null(schema: dict[str, Any]) -> bool:
    return any(option.get("type") == "null" for option in schema.get("anyOf", ()))


def _draft_07(node: Any) -> Any:
    """Pydantic's 2020-12 forms in their draft-07 spelling, and without the titles it
    makes up from key names (`"title": "Subtitle"` says nothing the key does not)."""
    if isinstance(node, list):
        return [_draft_07(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    if "properties" in node:
        node["properties"] = {
            name: _draft_07({k: v for k, v in part.items() if k != "title"})
            for name, part in node["properties"].items()
        }
    patterns = node.pop("patternProperties", None)
    if patterns:
        # A dict with typed keys: name the key's pattern, and check every value.
        [(pattern, value)] = patterns.items()
        node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
        node["additionalProperties"] = value
    for key, value in list(node.items()):
        if key != "properties":
            node[key] = _draft_07(value)
    if "$ref" in node and len(node) > 1:
        # draft-07 ignores every keyword beside a $ref, descriptions included.
        node = {"allOf": [{"$ref": node.pop("$ref")}], **node}
    return node
