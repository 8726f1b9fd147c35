"""A batch of writes: a transaction in which the revision is bumped once per plan, and on whose
success the stored statuses (``tracking.stored``) of the tasks it touched are reassessed, in the
same transaction, before it commits.

In: the saves made inside ``with batch():`` (``plans.revision`` reports each one here: its plan,
and the task it touches, or None for a plan-wide change such as settings or periods). Out: one
revision bump per plan; stored statuses current for the new revision, if they were current for
the one before (a plan-wide change: all of them); otherwise left stale, for the next read to
rebuild under the plan's lock (a first import among them). The trend's stored points of the
touched reports' periods and later ones are dropped, and those periods' reports recounted per
unit (``tracking.punctuality``). A write made outside any batch only bumps
the revision, so the stored rows are never trusted after it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction

from duban.tracking import memo

_local = threading.local()
WHOLE = None  # a plan-wide change: every task is reassessed


class Batch:
    """What one transaction touched: plan pk → task pks (None: the whole plan), and the plans
    whose revision it has bumped already."""

    def __init__(self) -> None:
        self.touched: dict[int, set[int] | None] = {}
        self.periods: dict[int, set[int] | None] = {}
        self.bumped: set[int] = set()

    def touch(self, plan_id: int, tasks: Iterable[int] | None, periods: Iterable[int] | None = ()) -> None:
        _add(self.touched, plan_id, tasks)
        _add(self.periods, plan_id, periods)


def _add(into: dict[int, set[int] | None], plan_id: int, items: Iterable[int] | None) -> None:
    if plan_id in into and into[plan_id] is None:
        return
    if items is None:
        into[plan_id] = None
    else:
        into.setdefault(plan_id, set()).update(items)  # type: ignore[union-attr]


def active() -> Batch | None:
    return getattr(_local, "batch", None)


@contextmanager
def batch() -> Iterator[Batch]:
    """A transaction whose writes bump each plan's revision once and keep its statuses current.
    Inside another batch, it is part of that one."""
    outer = active()
    if outer is not None:
        with transaction.atomic():
            yield outer
        return
    with transaction.atomic(), memo.scope():
        current = Batch()
        _local.batch = current
        try:
            yield current
            _finish(current)
        finally:
            _local.batch = None


def _finish(done: Batch) -> None:
    from duban.plans import revision
    from duban.plans.models import Plan
    from duban.tracking import periods, punctuality, stored

    for plan_id, tasks in sorted(done.touched.items()):
        if plan_id not in done.bumped:
            revision.bump_now(plan_id)
        # The plan with its stamp and settings in one read, the settings not made if missing: a
        # write leaves no rows it did not ask for.
        plan = Plan.objects.filter(pk=plan_id).select_related("status_stamp", "tracking").first()
        if plan is None:
            continue
        stamp = getattr(plan, "status_stamp", None)
        day = periods.assessed_on(getattr(plan, "tracking", None))
        if stamp is not None and (stamp.day, stamp.revision) == (day, plan.revision - 1):
            stored.rebuild(plan, stamp.day, plan.revision, tasks)  # the rest stays as it was
        touched = done.periods.get(plan_id, set())
        stored.drop_points(plan, touched, stamp.series_revision if stamp else None)
        punctuality.recount(plan_id, plan.revision, touched, stamp.units_revision if stamp else None)
