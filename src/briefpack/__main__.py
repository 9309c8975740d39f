"""`python -m briefpack`: the same command as the `briefpack` console script."""

from briefpack.cli import script

script()
