"""Stored punctuality: a plan in; per unit, how many of its lead reports were filed by their
period's due day (local time), how many after it, and how many were ever returned (the history
remembers a return that a later acceptance undid), out, read from ``StoredPunctuality`` rows
instead of every report of the plan and its history.

A write to the reports of some periods recounts those periods in its transaction
(``tracking.writes``), when the rows were current for the revision before; anything else (a
plan-wide write, a write outside a batch) leaves them stale, and the next read recounts the whole
plan once, under the plan's row lock, as ``stored.ensure`` does for the statuses. ``verify``
recounts and lists where the rows differ (``duban status --verify``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from duban.plans.models import Plan
from duban.tracking.models import (
    Period,
    ProgressReport,
    ReportRole,
    ReportState,
    StatusStamp,
    StoredPunctuality,
)

Counts = dict[str | None, tuple[int, int, int]]  # unit name (None: none) → (on time, late, returned)
_NONE = (0, 0, 0)


def counts(plan: Plan) -> Counts:
    """Each unit's (on time, late, returned) lead reports over all the plan's periods."""
    _ensure(plan.pk)
    found: dict[str | None, Counter] = {}
    rows = StoredPunctuality.objects.filter(plan_id=plan.pk).values_list(
        "department", "on_time", "late", "returned"
    )
    for name, *figures in rows:
        found.setdefault(name, Counter()).update(dict(enumerate(figures)))
    return {name: (c[0], c[1], c[2]) for name, c in found.items()}


def recount(plan_id: int, revision: int, touched: set[int] | None, kept: int | None) -> None:
    """In a write's transaction, the plan's revision just bumped to ``revision``: recount the
    ``touched`` periods (None: every one) if the rows were current (``kept``) before the write;
    else leave them stale."""
    if kept != revision - 1 or touched is None:
        return
    if touched:
        _store(plan_id, sorted(touched))
    StatusStamp.objects.filter(plan_id=plan_id).update(units_revision=revision)


def verify(plan: Plan) -> list[str]:
    """Where the stored counts differ from a recount, one line per unit; empty when they agree
    or when they are stale (nothing trusted, nothing to differ)."""
    revision, kept = _stamps(plan.pk)
    if revision is None or kept != revision:
        return []
    stored = counts(plan)
    fresh: Counts = {}
    for _, name, *figures in _count(plan.pk, None):
        fresh[name] = tuple(a + b for a, b in zip(fresh.get(name, _NONE), figures, strict=True))
    return [
        f"{name or '未分工'}: 按时/逾期/退回 {stored.get(name, _NONE)} ≠ {fresh.get(name, _NONE)}"
        for name in sorted(set(stored) | set(fresh), key=lambda n: n or "")
        if stored.get(name, _NONE) != fresh.get(name, _NONE)
    ]


def _ensure(plan_id: int) -> None:
    revision, kept = _stamps(plan_id)
    if revision is None or kept == revision:
        return
    with transaction.atomic():
        # The plan's row first, as every writer takes it (``tracking.reports._claim``).
        locked = Plan.objects.select_for_update().filter(pk=plan_id).order_by()
        current = next(iter(locked.values_list("revision", flat=True)), None)
        if current is None or _stamps(plan_id)[1] == current:
            return  # gone, or another worker recounted it meanwhile
        _store(plan_id, None)
        StatusStamp.objects.update_or_create(plan_id=plan_id, defaults={"units_revision": current})


def _store(plan_id: int, periods: list[int] | None) -> None:
    """Replace the rows of ``periods`` (None: all) by a fresh count."""
    stale = StoredPunctuality.objects.filter(plan_id=plan_id)
    if periods is not None:
        stale = stale.filter(period_id__in=periods)
    stale.delete()
    StoredPunctuality.objects.bulk_create(
        [
            StoredPunctuality(
                plan_id=plan_id, period_id=period, department=name, on_time=early, late=tardy, returned=back
            )
            for period, name, early, tardy, back in _count(plan_id, periods)
            if early or tardy or back
        ],
        batch_size=500,
    )


def _count(plan_id: int, periods: list[int] | None) -> list[tuple[int, str | None, int, int, int]]:
    """(period, unit, on time, late, returned) from the reports and their history. Each period's
    due day ends at a timestamp computed here, so the database compares plain timestamps: casting
    every report's time to a local date costs a function call per row (on SQLite, in Python)."""
    chosen = Period.objects.filter(plan_id=plan_id).order_by()
    if periods is not None:
        chosen = chosen.filter(pk__in=periods)
    found = []
    for period, due in chosen.values_list("pk", "due"):
        end = timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=1), dt.time.min))
        rows = (
            ProgressReport.objects.filter(task__plan_id=plan_id, period_id=period, role=ReportRole.LEAD)
            .order_by()
            .values("department__name")
            .annotate(
                early=Count("pk", filter=Q(submitted_at__lt=end)),
                tardy=Count("pk", filter=Q(submitted_at__gte=end)),
            )
            .values_list("department__name", "early", "tardy")
        )
        # A report counts under each unit it was returned as, once however often.
        back = dict(
            ProgressReport.history.filter(
                task__plan_id=plan_id, period_id=period, role=ReportRole.LEAD, state=ReportState.RETURNED
            )
            .order_by()
            .values("department__name")
            .annotate(n=Count("id", distinct=True))
            .values_list("department__name", "n")
        )
        for name, early, tardy in rows:
            found.append((period, name, early, tardy, back.pop(name, 0)))
        found += [(period, name, 0, 0, n) for name, n in back.items()]
    return found


def _stamps(plan_id: int) -> tuple[int | None, int | None]:
    found = (
        Plan.objects.filter(pk=plan_id)
        .order_by()
        .values_list("revision", "status_stamp__units_revision")
        .first()
    )
    return found if found is not None else (None, None)
