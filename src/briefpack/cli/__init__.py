"""The command line: arguments in, diagnostics on stderr, paths on stdout.

In: the words a user typed. Out: exit codes (0 success, 1 an invalid brief or
layout, 2 a usage error), the paths written on stdout, and every problem as
`FILE:LINE:COL: severity: message` on stderr. Only this package prints or exits;
it calls `pipeline`, `distribute` and `snapshot`, which never do.

`common` holds the typer app and what the commands share; each command group is a
module of its own (`render`, `authoring`, `pack`, `snapshot`, `send`) that registers its
commands on the app when imported, here, in the order `briefpack --help` lists them.

These modules do without `from __future__ import annotations`: typer reads every
command's parameters at each start, even for `--help`, and annotations kept as
strings would be compiled and evaluated twice there. Names imported only for type
checking are quoted where they annotate a function.
"""

from . import render as render

from . import authoring as authoring  # isort: skip
from . import pack as pack  # isort: skip
from . import snapshot as snapshot  # isort: skip
from . import send as send  # isort: skip
from .common import app as app
from .main import main as main
from .main import script as script
