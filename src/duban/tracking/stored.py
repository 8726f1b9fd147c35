"""Stored statuses: a plan and a day in; its tasks' statuses out, read from ``StoredStatus`` rows
instead of recomputed, and brought up to date when they are not.

The rows hold ``status.plan_status`` for the day and plan revision of the plan's ``StatusStamp``.
Writes keep them current (``tracking.writes``: the tasks a transaction touched are reassessed in
it, and the stamp follows the revision). Rows whose stamp is for another revision or another day
are rebuilt once, under the plan's row lock (PostgreSQL ``SELECT … FOR UPDATE``; SQLite's
transactions take the write lock when they begin): a second worker waits, then finds them current.
Only the plan's assessment day (``periods.as_of``) is stored; other days are computed as before.

The trend's points (the whole plan's completion and time progress at each closed period's end,
``StoredPoint``) are stored when first computed, valid for the stamp's ``series_revision``; a write
drops the points of its reports' periods and later ones and moves that revision on with it.

Each section's and each lead unit's roll-up sums (``tracking.groups``) are stored with the rows
and shifted by the same writes, so the overview reads a row per group, not one per task.

``verify`` recomputes a plan and lists where the stored rows differ, the groups and the units'
stored punctuality (``tracking.punctuality``) included (``duban status --verify``).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db import transaction

from duban.plans.leaders import responsible_leaders
from duban.plans.models import Plan
from duban.tracking import figures, groups, periods, punctuality
from duban.tracking.models import Period, StatusStamp, StoredPoint, StoredStatus
from duban.tracking.status import TargetStatus, TaskStatus, assessed, plan_status, status_series

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
_BRIEF = ("external_id", "status", "light", "time_progress", "completion", "section_id", "lead", "weight")


class Brief(NamedTuple):
    """What the roll-ups and the ledger's filters read of a task's status: no text, no targets, so
    10,000 of them are a plain read of a few columns (``rollup`` takes these or ``TaskStatus``)."""

    task_id: str
    status: str
    light: str
    time_progress: float
    completion: float | None
    section_id: int | None
    lead: str
    weight: float

    @classmethod
    def of(cls, status: TaskStatus) -> Brief:
        return cls(*(getattr(status, name) for name in cls._fields))


# Beyond this many touched tasks, one read of the whole plan costs less than a long IN list.
_FEW = 2000


def statuses(plan: Plan, day: dt.date) -> list[TaskStatus]:
    """``plan_status(plan, day)``: from the stored rows when ``day`` is the plan's assessment day."""
    if day != periods.as_of(plan):
        return plan_status(plan, day)
    ensure(plan, day)
    rows = StoredStatus.objects.filter(plan_id=plan.pk).order_by("order", "task_id").values_list(*_FIELDS)
    return [_status(row) for row in rows]


def sums(plan: Plan, day: dt.date) -> tuple[dict, dict]:
    """(section pk → ``Sums``, lead unit's name → ``Sums``) of the stored statuses on the plan's
    assessment day (``tracking.groups``): a row per section and per unit, not per task."""
    ensure(plan, day)
    return groups.read(plan.pk)


def briefs(plan: Plan, day: dt.date) -> list[Brief]:
    """The stored statuses' ``Brief`` on the plan's assessment day, in the plan's order."""
    return [Brief._make(row) for row in columns(plan, day, *_BRIEF)]


def columns(plan: Plan, day: dt.date, *names: str) -> list[tuple]:
    """The named columns of the stored rows (``leader`` among them, which ``TaskStatus`` lacks)
    on the plan's assessment day, in the plan's order: plain tuples, no instances."""
    ensure(plan, day)
    return list(StoredStatus.objects.filter(plan_id=plan.pk).order_by("order", "task_id").values_list(*names))


def chosen(plan: Plan, day: dt.date, task_ids: list[str]) -> list[TaskStatus]:
    """The whole statuses of ``task_ids`` alone (a page of the ledger, the headline tasks), in
    the plan's order: one read of those rows when the stored ones are current."""
    if day != periods.as_of(plan):
        wanted = set(task_ids)
        return [s for s in plan_status(plan, day) if s.task_id in wanted]
    ensure(plan, day)
    # Ordered here, not by the database: asked for its order, it walks the plan's rows in that
    # order instead of finding these few by their ids.
    rows = StoredStatus.objects.filter(plan_id=plan.pk, external_id__in=sorted(set(task_ids))).order_by()
    found = sorted(rows.values_list("order", "task_id", *_FIELDS))
    return [_status(row[2:]) for row in found]


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
        # A new plan's calendar and settings are made on first use, which bumps its revision:
        # made before the rebuild, they do not leave the rows stale the moment they are stored.
        periods.ensure_periods(plan)
        current = next(iter(locked.values_list("revision", flat=True)))
        rebuild(plan, day, current)
    return True


def after_import(sender, plan: Plan, **kwargs) -> None:
    """A report stored as a plan (``plan_imported``): its statuses are built once it commits, so
    the first page of a new large plan reads them instead of assessing every task."""
    transaction.on_commit(lambda: ensure(plan, periods.as_of(plan)))


def rebuild(plan: Plan, day: dt.date, revision: int, only: set[int] | None = None) -> None:
    """Reassess the live tasks in ``only`` (every task when None) on ``day``, store them and stamp
    the plan with ``day`` and ``revision``. The caller holds the plan's row lock."""
    if only is not None and len(only) > _FEW:
        only = None
    pairs = assessed(plan, day, only) if only is None or only else []
    leaders = _leaders(plan, only)
    stale = StoredStatus.objects.filter(plan_id=plan.pk)
    if only is not None:
        stale = stale.filter(task_id__in=sorted(only))
        old = [groups.Old._make(row) for row in stale.values_list(*groups.COLUMNS)]
    stale.delete()
    StoredStatus.objects.bulk_create(
        (_row(plan, task, status, leaders.get(task.pk, "")) for task, status in pairs), batch_size=500
    )
    if only is None:
        groups.replace(plan.pk, (status for _, status in pairs))
    else:
        groups.shift(plan.pk, old, (status for _, status in pairs))
    # An update, and a row made only when there is none: a write's rebuild finds it there.
    if not StatusStamp.objects.filter(plan_id=plan.pk).update(day=day, revision=revision):
        StatusStamp.objects.create(plan_id=plan.pk, day=day, revision=revision)


Point = tuple[float | None, float | None]  # completion, time progress


def points(plan: Plan, closed: list[Period]) -> dict[int, Point]:
    """Period pk → the whole plan's (completion, time progress) at its end, for ``closed``
    periods: the stored ones, the missing ones computed in one read of the plan and stored."""
    revision, series = _series_stamp(plan.pk)
    found: dict[int, Point] = {}
    if revision == series:
        found = {
            pk: (c, t)
            for pk, c, t in StoredPoint.objects.filter(plan_id=plan.pk).values_list(
                "period_id", "completion", "time_progress"
            )
        }
    missing = [p for p in closed if p.pk not in found]
    if not missing:
        return found
    computed = {
        p.pk: figures.roll_up([(s.weight, s.completion, s.time_progress) for s in day])
        for p, day in zip(missing, status_series(plan, [p.end for p in missing]), strict=True)
    }
    with transaction.atomic():
        locked = Plan.objects.select_for_update().filter(pk=plan.pk).order_by()
        if next(iter(locked.values_list("revision", flat=True)), None) == revision:  # nothing written since
            if series != revision:
                StoredPoint.objects.filter(plan_id=plan.pk).delete()
                StatusStamp.objects.update_or_create(plan_id=plan.pk, defaults={"series_revision": revision})
            StoredPoint.objects.bulk_create(
                [
                    StoredPoint(plan_id=plan.pk, period_id=pk, completion=c, time_progress=t)
                    for pk, (c, t) in computed.items()
                ],
                ignore_conflicts=True,
            )
    return found | computed


def drop_points(plan: Plan, touched: set[int] | None, series: int | None) -> None:
    """A write to reports of the ``touched`` periods (None: anything else) in this transaction,
    ``plan`` read after its revision was bumped and ``series`` the revision its points were valid
    for: drop the trend points it changes and keep the rest valid for the plan's new revision."""
    revision = plan.revision
    if series != revision - 1:
        return  # stale already: the next read drops them all
    dropped = StoredPoint.objects.filter(plan_id=plan.pk)
    if touched is not None:
        # The calendar as the write batch read it already (``tracking.memo``), not read again.
        first = min((p.start for p in periods.ensure_periods(plan) if p.pk in touched), default=None)
        dropped = dropped.filter(period__end__gte=first) if first else dropped.none()
    dropped.delete()
    StatusStamp.objects.filter(plan_id=plan.pk).update(series_revision=revision)


def _series_stamp(plan_id: int) -> tuple[int | None, int | None]:
    found = (
        Plan.objects.filter(pk=plan_id)
        .order_by()
        .values_list("revision", "status_stamp__series_revision")
        .first()
    )
    return found if found is not None else (None, None)


def verify(plan: Plan, day: dt.date) -> list[str]:
    """Where the stored statuses differ from a full recomputation on ``day``, one line each; empty
    when they agree (or when nothing is stored for that day and revision: nothing to differ)."""
    if not is_current(plan.pk, day):
        return []
    rows = StoredStatus.objects.filter(plan_id=plan.pk).values_list(*_FIELDS)
    stored = {row[0]: _status(row) for row in rows}
    fresh = plan_status(plan, day)
    found = []
    for status in fresh:
        kept = stored.pop(status.task_id, None)
        if kept is None:
            found.append(f"{status.task_id}: 未保存")
        elif kept != status:
            fields = [k for k in vars(status) if getattr(kept, k) != getattr(status, k)]
            found.append(f"{status.task_id}: {', '.join(fields)} 不一致")
    found += [f"{task_id}: 多余（任务已撤销或不存在）" for task_id in sorted(stored)]
    leaders = _leaders(plan, None)
    for pk, external_id, leader in StoredStatus.objects.filter(plan_id=plan.pk).values_list(
        "task_id", "external_id", "leader"
    ):
        if pk in leaders and leaders[pk] != leader:
            found.append(f"{external_id}: leader 不一致")
    return found + groups.verify(plan.pk, fresh) + punctuality.verify(plan)


def _leaders(plan: Plan, only: set[int] | None) -> dict[int, str]:
    """Task pk → its responsible leader's name ("" for none), for the ``only`` tasks (None: all)."""
    if only is not None and not only:
        return {}
    return {pk: leader.name if leader else "" for pk, leader in responsible_leaders(plan, only).items()}


def _row(plan: Plan, task, status: TaskStatus, leader: str) -> StoredStatus:
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
        leader=leader,
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
