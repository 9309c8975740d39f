"""The console script: `briefpack` and `python -m briefpack`."""

import os
import sys

from .common import app, hold_collector


def main() -> None:
    """The console script's entry point."""
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
