"""Snapshot testing: rendered pages compared with stored ones.

In: a PDF's bytes and a snapshot folder. Out: a comparison (pages, pixels, text),
stored PNGs and text on update, and an HTML report of what changed.

`raster` draws pages with pdfium (the only module that imports `pypdfium2`);
`compare` stores and compares; `report` writes the HTML report;
`pytest_plugin` is the `brief_snapshot` fixture, installed as a pytest plugin.
"""
