"""A plan's calendar remembered for one unit of work: a request that only reads, or a write batch
(``tracking.writes``). In: a key (its plan pk first) and how to read the value; out: the value,
read once per unit of work instead of once per caller.

A submission asks for the plan's tracking settings and periods five times (the period named,
the due one, the reassessment, the trend, the units' punctuality), a dashboard page three times:
each a query. Saving or deleting settings or a period forgets that plan's entries
(``forget_saved``), so a batch that changes the calendar reads the new one; outside any unit of
work nothing is remembered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

_local = threading.local()


def _entries() -> dict | None:
    return getattr(_local, "entries", None)


@contextmanager
def scope() -> Iterator[None]:
    """Remember within the block; inside another scope, share that one. Whatever the block
    remembered is dropped when it ends, and all of the shared one when it fails: a rolled-back
    write leaves nothing behind."""
    shared = _entries()
    if shared is not None:
        try:
            yield
        except BaseException:
            shared.clear()
            raise
        return
    _local.entries = {}
    try:
        yield
    finally:
        _local.entries = None


def remembered(key: tuple, read: Callable[[], T]) -> T:
    entries = _entries()
    if entries is None:
        return read()
    if key not in entries:
        entries[key] = read()
    return entries[key]


def forget(plan_id: int) -> None:
    entries = _entries()
    if entries:
        for key in [k for k in entries if k[0] == plan_id]:
            del entries[key]


def forget_saved(sender, instance, **kwargs) -> None:
    """A plan's settings or one of its periods saved or deleted (a model signal)."""
    forget(instance.plan_id)


class ReadScope:
    """Middleware: a GET or HEAD request remembers the calendar for its own duration."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        with scope():
            return self.get_response(request)
