"""Task statuses of a plan on a day, computed once per plan revision and kept in this process.

Pages and the API read statuses on every request; they come from the stored statuses
(``tracking.stored``, kept current by the writes), and are cached under (plan, revision, day).
Any write bumps the revision (``plans.revision``), which every worker sees on its next request.

Two stores, so the cheap cannot push out the dear: ``remember`` keeps whole-plan computations
(statuses, the trend: seconds each for a large plan); ``remember_page`` keeps what pages make from
them for one reader's scope and query (ledger pages, rendered fragments, whole pages per viewer:
``pages.kept``), of which there are many.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.utils import timezone

from duban.plans import revision
from duban.plans.models import Plan
from duban.tracking import periods, stored
from duban.tracking.status import TaskStatus

T = TypeVar("T")


class _Recent:
    """The most recently used values, at most ``limit`` of them; safe across threads."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lock = threading.Lock()
        self.values: OrderedDict[tuple, object] = OrderedDict()

    def remember(self, key: tuple, compute: Callable[[], T]) -> T:
        with self.lock:
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]  # type: ignore[return-value]
        value = compute()  # outside the lock: a slow computation must not hold up other keys
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.limit:
                self.values.popitem(last=False)
        return value

    def peek(self, key: tuple) -> object | None:
        with self.lock:
            return self.values.get(key)

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


_plans = _Recent(32)
# Every filter and page of the ledger is a key; rendered fragments are tens of kilobytes each.
_pages = _Recent(512)


def remember(key: tuple, compute: Callable[[], T]) -> T:
    """The value under ``key``, computed at most once while it stays among the recent ones."""
    return _plans.remember(key, compute)


def remember_page(key: tuple, compute: Callable[[], T]) -> T:
    """As ``remember``, for the many small per-scope, per-query results of pages."""
    return _pages.remember(key, compute)


def plan_key(plan: Plan, day: dt.date, *parts: object) -> tuple:
    return (plan.pk, revision.current(plan.pk), day, *parts)


def page_key(plan: Plan, day: dt.date, *parts: object) -> tuple:
    """``plan_key`` for a plan row read in this very request: its ``revision`` is as current as a
    second read would be, so the busiest pages skip that query. Never for a plan held longer."""
    return (plan.pk, plan.revision, day, *parts)


def as_of(plan: Plan, asked: dt.date | None) -> dt.date:
    """``periods.as_of`` for a plan row read in this request, its settings read once per revision
    and calendar day (saving the settings bumps the revision)."""
    if asked is not None:
        return asked
    today = timezone.localdate()
    return remember_page((plan.pk, plan.revision, today, "as_of"), lambda: periods.as_of(plan))


def statuses(plan: Plan, day: dt.date) -> list[TaskStatus]:
    """The plan's statuses on ``day``: read from the stored ones (``tracking.stored``), kept."""
    return remember(plan_key(plan, day, "statuses"), lambda: stored.statuses(plan, day))


def briefs(plan: Plan, day: dt.date) -> list[stored.Brief]:
    """The plan's statuses on ``day`` in brief (``stored.Brief``): what roll-ups and filters read,
    without building 10,000 whole statuses; taken from the kept whole ones when there are."""
    whole = plan_key(plan, day, "statuses")
    if _plans.peek(whole) is not None or day != periods.as_of(plan):
        return remember((*whole, "briefs"), lambda: [stored.Brief.of(s) for s in statuses(plan, day)])
    return remember((*whole, "briefs"), lambda: stored.briefs(plan, day))


def task_status(plan: Plan, day: dt.date, task_id: str) -> TaskStatus | None:
    """One task's status by its stable id: from the kept statuses when this process has them for
    the current revision, else its one stored row (no pass over the plan)."""
    key = plan_key(plan, day, "statuses")
    kept = _plans.peek(key)
    if kept is not None:
        by_id = remember((*key, "by-id"), lambda: {s.task_id: s for s in kept})
        return by_id.get(task_id)
    return remember_page((*key, "one", task_id), lambda: stored.task_status(plan, day, task_id))


def clear() -> None:
    _plans.clear()
    _pages.clear()
