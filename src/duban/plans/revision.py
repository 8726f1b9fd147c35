"""A plan's revision counter: any write to the plan, its tasks, assignments or progress (or to its
government and units, whose names its pages show) in; the plan's ``revision`` bumped out, so every
process's cached figures and pages know they are stale.

The counter lives in the database, not in a process, because several server workers share it.
Every plan's (id, revision), which the dashboard pages check on each request, is also kept in the
shared cache directory (``CACHES["shared"]``), dropped by every bump; a reader that raced a write
may put back what it read just before the commit, which lasts ``STAMPS_SECONDS`` at most.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import F, Model
from django.db.models.signals import post_delete, post_save

from duban.plans.models import Plan

STAMPS_KEY = "duban.plan-stamps"
STAMPS_SECONDS = 2


def bump(plan_id: int | None, tasks: Iterable[int] | None = (), periods: Iterable[int] | None = ()) -> None:
    """Bump the plan's revision; inside a ``tracking.writes.batch`` only once per plan, and the
    ``tasks`` it touched (None: the whole plan; none by default, the saves that follow say
    which) are reassessed when the batch ends, the trend's points from the earliest of the
    reporting ``periods`` on dropped (None: all of them)."""
    if plan_id is None:
        return
    from duban.tracking import writes

    current = writes.active()
    if current is None:
        bump_now(plan_id)
        return
    current.touch(plan_id, tasks, periods)
    if plan_id not in current.bumped:
        current.bumped.add(plan_id)
        bump_now(plan_id)


def bump_now(plan_id: int) -> None:
    Plan.objects.filter(pk=plan_id).update(revision=F("revision") + 1)
    forget_stamps()


def bump_government(government_id: int | None) -> None:
    if government_id is not None:
        Plan.objects.filter(government_id=government_id).update(revision=F("revision") + 1)
        forget_stamps()


def forget_stamps(**signal) -> None:
    """Drop the shared stamps now and again once the write commits (a plan bumped, or deleted)."""
    store = caches["shared"]
    store.delete(STAMPS_KEY)
    transaction.on_commit(lambda: store.delete(STAMPS_KEY))


def current(plan_id: int) -> int:
    # Read on every page request: order_by() drops the model's ordering, whose join to the
    # government table a primary-key lookup does not need.
    found = Plan.objects.filter(pk=plan_id).order_by().values_list("revision", flat=True)[:1]
    return next(iter(found), 0)


def stamps() -> tuple[tuple[int, int], ...]:
    """Every plan's (id, revision): what a list of plans kept in a process is checked against.
    Read on every dashboard request, from the shared cache when it holds them."""
    store = caches["shared"]
    found = store.get(STAMPS_KEY)
    if found is None:
        found = _read_stamps()
        store.set(STAMPS_KEY, found, STAMPS_SECONDS)
    return found


def _read_stamps() -> tuple[tuple[int, int], ...]:
    # Plain SQL: building the ORM query costs several times what the database takes to answer it.
    quote = connection.ops.quote_name
    table = quote(Plan._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote('id')}, {quote('revision')} FROM {table} ORDER BY 1")
        return tuple(tuple(row) for row in cursor.fetchall())


def watch(
    model: type[Model],
    path: str,
    *,
    whole_government: bool = False,
    task: str | None = None,
    period: str | None = None,
) -> None:
    """Bump the plan of every saved ``model`` row; ``path`` leads from the row to its plan id
    (``task.plan_id``), or with ``whole_government`` to a government id whose plans all are bumped.
    ``task`` leads to the one task whose status the row feeds (``task_id``); "" for a row that
    feeds none, None (the default) for one that may change every task's (settings, periods).
    ``period`` likewise leads to the reporting period whose trend points (and later ones) the row
    changes: "" for none, None for all of them.
    Related rows the caller already holds are used without a query."""
    steps = path.split(".")
    task_steps = task.split(".") if task else None
    period_steps = period.split(".") if period else None

    def handler(sender, instance, **kwargs) -> None:
        if whole_government:
            bump_government(reduce(getattr, steps, instance))
            return
        touched = None if task is None else [reduce(getattr, task_steps, instance)] if task_steps else []
        periods = (
            None if period is None else [reduce(getattr, period_steps, instance)] if period_steps else []
        )
        bump(reduce(getattr, steps, instance), touched, periods)

    post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"duban-revision-{model.__name__}")
    if model is Plan:  # a deleted plan leaves the lists of plans
        post_delete.connect(forget_stamps, sender=Plan, weak=False, dispatch_uid="duban-plan-deleted")


def leader_units_changed(sender, instance, action: str, **kwargs) -> None:
    """A leader's units changed (``m2m_changed``): the plans of its government show it."""
    if action in {"post_add", "post_remove", "post_clear"}:
        bump_government(instance.government_id)  # a Leader, or a Department when changed from its side
