"""The ``duban`` command: arguments in, one service call, its result printed.

Each module registers one group of commands on the shared ``app``; bad input ends with one line
on stderr and exit status 2, never a traceback.
"""

from duban.cli import (  # noqa: F401  (registers the commands)
    accounts,
    bulletins,
    cascade,
    closing,
    corpus,
    extracting,
    maintenance,
    orders,
    planning,
    serving,
    tracking,
)
from duban.cli.base import app

__all__ = ["app"]
