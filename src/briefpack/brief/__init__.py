"""Reading and checking a brief.

In: a brief file's bytes. Out: a `ValidatedBrief` (the `Brief` model, with the
position of every key and value), or one `BriefError` listing every problem at
its FILE:LINE:COL.

`yaml_source` reads YAML into a positioned tree (the only module that imports
`yaml`), and `yaml_errors` says its syntax errors in plain words; `model` holds
the pydantic models, which are the format's contract; `validation` checks a tree
against them and maps each problem back to its place; `inline` is the small text
language (emphasis, links, `[^key]` markers); `figures` checks and loads images;
`schema` writes the JSON Schema; `starter` is the brief `briefpack new` writes.
"""
