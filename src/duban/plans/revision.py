"""A plan's revision counter: any write to the plan, its tasks, assignments or progress in; the
plan's ``revision`` bumped out, so every process's cached figures and pages know they are stale.

The counter lives in the database, not in a process, because several server workers share it.
"""

from __future__ import annotations

from functools import reduce

from django.db.models import F, Model
from django.db.models.signals import post_save

from duban.plans.models import Plan


def bump(plan_id: int | None) -> None:
    if plan_id is not None:
        Plan.objects.filter(pk=plan_id).update(revision=F("revision") + 1)


def current(plan_id: int) -> int:
    # Read on every page request: order_by() drops the model's ordering, whose join to the
    # government table a primary-key lookup does not need.
    found = Plan.objects.filter(pk=plan_id).order_by().values_list("revision", flat=True)[:1]
    return next(iter(found), 0)


def watch(model: type[Model], path: str) -> None:
    """Bump the plan of every saved ``model`` row; ``path`` leads from the row to its plan id
    (``task.plan_id``). Related rows the caller already holds are used without a query."""
    steps = path.split(".")

    def handler(sender, instance, **kwargs) -> None:
        bump(reduce(getattr, steps, instance))

    post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"duban-revision-{model.__name__}")
