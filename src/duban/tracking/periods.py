"""A plan's reporting calendar: its settings in, its periods (monthly or quarterly, each due on a
set day) out, and which period is the one due on a given date.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone

from duban.plans import revision
from duban.plans.models import Plan
from duban.tracking import memo
from duban.tracking.models import Cadence, Period, TrackingSettings


def settings_for(plan: Plan) -> TrackingSettings:
    return memo.remembered((plan.pk, "settings"), lambda: _made_settings(plan))


def _made_settings(plan: Plan) -> TrackingSettings:
    found, _ = TrackingSettings.objects.get_or_create(plan=plan)
    return found


def as_of(plan: Plan, asked: dt.date | None = None) -> dt.date:
    """The day pages assess the plan on: the one asked for, else the plan's set date, else today."""
    if asked is not None:
        return asked
    return assessed_on(settings_for(plan))


def assessed_on(chosen: TrackingSettings | None) -> dt.date:
    """The plan's set date in ``chosen`` (settings not made yet: None), else today."""
    return (chosen.as_of if chosen else None) or timezone.localdate()


def ensure_periods(plan: Plan) -> list[Period]:
    """The plan's periods, made from its settings on first use and kept in step with them.

    A changed due day moves the due dates; a changed cadence rebuilds the calendar only while no
    report has been filed against it, since filed reports keep the periods they were filed for.
    """
    return list(memo.remembered((plan.pk, "periods"), lambda: _ensured(plan)))


def _ensured(plan: Plan) -> list[Period]:
    existing = list(plan.periods.order_by("end"))
    wanted = calendar_of(plan.year, settings_for(plan))
    if _same_labels(existing, wanted):
        for period, fields in zip(existing, wanted, strict=True):
            if period.due != fields["due"]:
                period.due = fields["due"]
                period.save(update_fields=["due"])
        return existing
    if existing and plan.periods.filter(reports__isnull=False).exists():
        return existing
    with transaction.atomic():
        # Two first requests at once build the calendar once: the second waits for the plan's
        # row, then finds the first one's periods instead of deleting them under its feet.
        revision.bump(plan.pk, None)  # the calendar may change every task's status
        existing = list(plan.periods.order_by("end"))
        if _same_labels(existing, wanted):
            return existing
        if existing and plan.periods.filter(reports__isnull=False).exists():
            return existing
        plan.periods.all().delete()
        return [Period.objects.create(plan=plan, **fields) for fields in wanted]


def _same_labels(periods: list[Period], wanted: list[dict]) -> bool:
    return [p.label for p in periods] == [w["label"] for w in wanted]


def calendar_of(year: int, chosen: TrackingSettings) -> list[dict]:
    if chosen.cadence == Cadence.QUARTERLY:
        spans = [(f"{year}-Q{q}", 3 * q - 2, 3 * q) for q in range(1, 5)]
    else:
        spans = [(f"{year}-{m:02d}", m, m) for m in range(1, 13)]
    return [
        {
            "label": label,
            "start": dt.date(year, first, 1),
            "end": _month_end(year, last),
            "due": _due(year, last, chosen.due_day),
        }
        for label, first, last in spans
    ]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _due(year: int, month: int, day: int) -> dt.date:
    # A due day past the month's end (31 in February) falls on its last day.
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_by(plan: Plan, day: dt.date) -> Period | None:
    """The latest period whose report was due on or before ``day``: the one that can be missing."""
    return next((p for p in reversed(ensure_periods(plan)) if p.due < day), None)


def open_on(plan: Plan, day: dt.date) -> Period:
    """The period units report for on ``day``: the one that contains it (after its due day a
    report for it is late, but it is still this period's); before or after the plan year, the
    first or the last."""
    periods = ensure_periods(plan)
    if day < periods[0].start:
        return periods[0]
    return next((p for p in periods if p.start <= day <= p.end), periods[-1])


def find_period(plan: Plan, label: str) -> Period | None:
    return next((p for p in ensure_periods(plan) if p.label == label.strip()), None)
