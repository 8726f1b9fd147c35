"""Stored statuses: a plan and a day in; its tasks' statuses out, read from ``StoredStatus`` rows
instead of recomputed, and brought up to date when they are not.

The rows hold ``status.plan_status`` for the day and plan revision of the plan's ``StatusStamp``.
Writes keep them current (``tracking.writes``: the tasks a transaction touched are reassessed in
it, and the stamp follows the revision). Rows whose stamp is for another revision or another day
are rebuilt once, under the plan's row lock (PostgreSQL ``SELECT … FOR UPDATE``; SQLite's
transactions take the write lock when they begin): a second worker waits, then finds them current.
Only the plan's assessment day (``periods.as_of``) is stored; other days are computed as before.

``verify`` recomputes a plan and lists where the stored rows differ (``duban status --verify``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from duban.plans.models import Plan
from duban.tracking import periods
from duban.tracking.models import StatusStamp, StoredStatus
from duban.tracking.status import TargetStatus, TaskStatus, assessed, plan_status

_FIELDS = (
    "external_id",
    "text",
    "status",
    "light",
    "time_progress",
    "completion",
    "reason",
    "targets",
    "section_id",
    "lead",
    "weight",
)
# Beyond this many touched tasks, one read of the whole plan costs less than a long IN list.
_FEW = 2000


def statuses(plan: Plan, day: dt.date) -> list[TaskStatus]:
    """``plan_status(plan, day)``: from the stored rows when ``day`` is the plan's assessment day."""
    if day != periods.as_of(plan):
        return plan_status(plan, day)
    ensure(plan, day)
    rows = StoredStatus.objects.filter(plan_id=plan.pk).order_by("order", "task_id").values_list(*_FIELDS)
    return [_status(row) for row in rows]


def task_status(plan: Plan, day: dt.date, task_id: str) -> TaskStatus | None:
    """One task's status by its stable id: one row read when the stored ones are current."""
    if day != periods.as_of(plan):
        return next((s for s in plan_status(plan, day) if s.task_id == task_id), None)
    ensure(plan, day)
    row = StoredStatus.objects.filter(plan_id=plan.pk, external_id=task_id).values_list(*_FIELDS).first()
    return None if row is None else _status(row)


def is_current(plan_id: int, day: dt.date) -> bool:
    found = (
        Plan.objects.filter(pk=plan_id)
        .order_by()
        .values_list("revision", "status_stamp__day", "status_stamp__revision")
        .first()
    )
    return found is not None and found[1] == day and found[2] == found[0]


def ensure(plan: Plan, day: dt.date) -> bool:
    """Bring the plan's stored statuses to ``day`` and its current revision; True if it took a
    rebuild. Under the plan's row lock, so of two workers one rebuilds and the other waits."""
    if is_current(plan.pk, day):
        return False
    with transaction.atomic():
        # The plan's row first, as every writer takes it (``tracking.reports._claim``).
        locked = Plan.objects.select_for_update().filter(pk=plan.pk).order_by()
        current = next(iter(locked.values_list("revision", flat=True)), None)
        if current is None or is_current(plan.pk, day):
            return False
        rebuild(plan, day, current)
    return True


def rebuild(plan: Plan, day: dt.date, revision: int, only: set[int] | None = None) -> None:
    """Reassess the live tasks in ``only`` (every task when None) on ``day``, store them and stamp
    the plan with ``day`` and ``revision``. The caller holds the plan's row lock."""
    if only is not None and len(only) > _FEW:
        only = None
    pairs = assessed(plan, day, only) if only is None or only else []
    stale = StoredStatus.objects.filter(plan_id=plan.pk)
    if only is not None:
        stale = stale.filter(task_id__in=sorted(only))
    stale.delete()
    StoredStatus.objects.bulk_create((_row(plan, task, status) for task, status in pairs), batch_size=500)
    StatusStamp.objects.update_or_create(plan_id=plan.pk, defaults={"day": day, "revision": revision})


def verify(plan: Plan, day: dt.date) -> list[str]:
    """Where the stored statuses differ from a full recomputation on ``day``, one line each; empty
    when they agree (or when nothing is stored for that day and revision: nothing to differ)."""
    if not is_current(plan.pk, day):
        return []
    rows = StoredStatus.objects.filter(plan_id=plan.pk).values_list(*_FIELDS)
    stored = {row[0]: _status(row) for row in rows}
    found = []
    for status in plan_status(plan, day):
        kept = stored.pop(status.task_id, None)
        if kept is None:
            found.append(f"{status.task_id}: 未保存")
        elif kept != status:
            fields = [k for k in vars(status) if getattr(kept, k) != getattr(status, k)]
            found.append(f"{status.task_id}: {', '.join(fields)} 不一致")
    found += [f"{task_id}: 多余（任务已撤销或不存在）" for task_id in sorted(stored)]
    return found


def _row(plan: Plan, task, status: TaskStatus) -> StoredStatus:
    return StoredStatus(
        plan_id=plan.pk,
        task_id=task.pk,
        order=task.order,
        external_id=status.task_id,
        text=status.text,
        status=status.status,
        light=status.light,
        time_progress=status.time_progress,
        completion=status.completion,
        reason=status.reason,
        targets=[[t.target_id, t.metric, t.target, t.unit, t.actual, t.completion] for t in status.targets],
        section_id=status.section_id,
        lead=status.lead,
        weight=status.weight,
    )


def _status(row: tuple) -> TaskStatus:
    task_id, text, status, light, progress, completion, reason, targets, section_id, lead, weight = row
    return TaskStatus(
        task_id=task_id,
        text=text,
        status=status,
        light=light,
        time_progress=progress,
        completion=completion,
        reason=reason,
        targets=[TargetStatus(*t) for t in targets],
        section_id=section_id,
        lead=lead,
        weight=weight,
    )
