"""Looks as data: a layout name to a frozen `Theme`.

In: a layout name and the folders to find it in (`assets.Assets`). Out: a validated
`Theme`, units in points and style parents applied, or a `BriefError` positioned
in the layout file.

`loader` finds layout files and applies `extends`; `theme` validates and resolves
them; `colours` reads `#rrggbb` and `cmyk(...)`; `families` names the bundled
fonts; `hyphenation` readies the layout language's patterns. Nothing here speaks
ReportLab.
"""
