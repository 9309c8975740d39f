"""What every stage may use, and which uses no stage.

`diagnostics`: problems with a FILE:LINE:COL position, gathered and raised as one
`BriefError`. `output`: where PDFs go, and writing them atomically (a failed render
never leaves a partial file). `disk_cache`: parsed fonts and hyphenation patterns
kept between processes. `collector`: holding the garbage collector off while a
document is laid out.
"""
