"""Task statuses of a plan on a day, computed once per plan revision and kept in this process.

Pages and the API read statuses on every request; recomputing them for a 10,000-task plan takes
about a second, so they are cached under (plan, revision, day). Any write bumps the revision
(``plans.revision``), which every worker sees on its next request.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from duban.plans import revision
from duban.plans.models import Plan
from duban.tracking.status import TaskStatus, plan_status

T = TypeVar("T")
_LIMIT = 32
_lock = threading.Lock()
_store: OrderedDict[tuple, object] = OrderedDict()


def remember(key: tuple, compute: Callable[[], T]) -> T:
    """The value under ``key``, computed at most once while it stays among the recent ones."""
    with _lock:
        if key in _store:
            _store.move_to_end(key)
            return _store[key]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _store[key] = value
        while len(_store) > _LIMIT:
            _store.popitem(last=False)
    return value


def plan_key(plan: Plan, day: dt.date, *parts: object) -> tuple:
    return (plan.pk, revision.current(plan.pk), day, *parts)


def statuses(plan: Plan, day: dt.date) -> list[TaskStatus]:
    return remember(plan_key(plan, day, "statuses"), lambda: plan_status(plan, day))


def clear() -> None:
    with _lock:
        _store.clear()
