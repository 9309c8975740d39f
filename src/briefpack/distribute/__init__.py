"""Getting PDFs to the people who read them.

In: brief files and what to make of them (a pack, recipients' copies, many
briefs at once, a watch). Out: PDF files and plain-data outcomes; nothing here
prints or exits.

`pack` binds briefs into one pack; `recipients` reads a recipients list and
makes each editor's stamped copy; `batch` renders many briefs in worker
processes (`RenderTask` to `Outcome`); `watch` renders again on every save.
`send` plans one e-mail per brief per editor, `mail` builds each message,
`smtp` sends them, and `send_log` records what the server accepted.
"""
