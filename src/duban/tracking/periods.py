"""A plan's reporting calendar: its settings in, its periods (monthly or quarterly, each due on a
set day) out, and which period is the one due on a given date.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone

from duban.plans.models import Plan
from duban.tracking.models import Cadence, Period, TrackingSettings


def settings_for(plan: Plan) -> TrackingSettings:
    found, _ = TrackingSettings.objects.get_or_create(plan=plan)
    return found


def as_of(plan: Plan, asked: dt.date | None = None) -> dt.date:
    """The day pages assess the plan on: the one asked for, else the plan's set date, else today."""
    if asked is not None:
        return asked
    return settings_for(plan).as_of or timezone.localdate()


def ensure_periods(plan: Plan) -> list[Period]:
    """The plan's periods, created on first use from its settings."""
    existing = list(plan.periods.order_by("end"))
    if existing:
        return existing
    chosen = settings_for(plan)
    with transaction.atomic():
        return [Period.objects.create(plan=plan, **fields) for fields in calendar_of(plan.year, chosen)]


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
    """The period units report for on ``day``: the first whose due date has not passed."""
    periods = ensure_periods(plan)
    return next((p for p in periods if p.due >= day), periods[-1])


def find_period(plan: Plan, label: str) -> Period | None:
    ensure_periods(plan)
    return plan.periods.filter(label=label.strip()).first()
