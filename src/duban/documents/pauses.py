"""Pausing Python's cycle collector while a large document or its figures are built.

A 10,000-task bulletin makes hundreds of thousands of small objects (figures, rows, cells) that all
live until the document is written. Meanwhile the collector runs again and again, finds nothing to
free and walks every object of the process each time, the kept statuses of every plan included:
measured, a quarter to a third of the draft's time. Built with the collector paused, the few
cycles left behind are freed by its next run, after the document is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Usable as ``with collector_paused():`` or as a decorator; nests, and restores what it found."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
