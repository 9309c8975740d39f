"""Everything that speaks ReportLab: a checked brief (or pack) to PDF bytes.

In: `checked.CheckedBrief` or `checked.CheckedPack` (a validated brief, its theme,
its figures). Out: the bytes of a PDF, the same bytes for the same input.

`story` turns a brief into flowables in reading order (with `flowables`,
`long_table`, `styles`, `dates`); `page_templates` and `page_furniture` place
them on pages with the running header, footer and footnotes; `pdf_writer` writes
one brief and `pack_writer` a pack; `fonts` registers the bundled fonts. This is
the only package that imports ReportLab.
"""
