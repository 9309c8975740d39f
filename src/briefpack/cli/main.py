"""The console script: `briefpack` and `python -m briefpack`.

`main` runs a command and can be called in a process that goes on (a test); `script`,
the console script, also ends the process, and ends it quickly."""

import atexit
import os
import sys
import threading
from typing import NoReturn

from .common import app, hold_collector


def main() -> None:
    """Run the command the arguments name; end, as typer does, with `SystemExit`."""
    hold_collector()
    # pydantic looks for plugins (an experimental feature, which briefpack does not
    # use) by reading the entry points of every installed package, the first time a
    # model is built: 10 ms or more of every start in a well-stocked environment.
    # The command is briefpack's alone; a user who wants plugins can set the variable.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


def script() -> NoReturn:
    """The console script's entry point: `main`, then the end of the process."""
    try:
        main()
    except SystemExit as done:
        leave(done.code)
    leave(0)


def leave(code: str | int | None) -> NoReturn:
    """End the process with `code`, as `sys.exit(code)` would, without freeing its objects.

    At a normal exit Python frees every object the process made, one at a time:
    ReportLab and its fonts' tables, the hyphenation patterns, pydantic's validators.
    After a render that takes about 10 ms (of some 270) and frees nothing that the
    end of the process does not. So, as mypy does, the command runs what
    was registered to run at exit, flushes its output and ends there (`os._exit`).
    With a thread still running, or output that cannot be flushed (a closed pipe),
    it exits the usual way, which waits for threads and reports the pipe."""
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if threading.active_count() > 1 or run_exit_handlers is None:
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message on stderr, and status 1
        print(code, file=sys.stderr)
        status = 1
    run_exit_handlers()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(status)
    os._exit(status)
