"""A bulletin's 报送情况 names the units that reported after the due day: a report submitted at any
time of the due day (local time) is on time, one submitted from midnight after it is late."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from duban.bulletins.facts import _late_units
from duban.plans.importing import import_report
from duban.tracking.demo import fill_demo
from duban.tracking.models import ProgressReport, ReportRole, ReportState
from duban.tracking.periods import due_by

pytestmark = pytest.mark.django_db

# (submitted, relative to the due day's local midnight, late?)
SUBMITTED = [
    (dt.timedelta(days=-3), False),
    (dt.timedelta(hours=23, minutes=59, seconds=59), False),
    (dt.timedelta(days=1), True),
    (dt.timedelta(days=1, hours=8), True),
]


def test_units_late_are_those_that_submitted_after_the_due_day(sample_path: Path):
    plan = import_report(sample_path, government="爱民区").plan
    fill_demo(plan, dt.date(2024, 6, 30))
    period = due_by(plan, dt.date(2024, 6, 30))
    reports = ProgressReport.objects.filter(
        period=period, role=ReportRole.LEAD, state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED]
    )
    units = list(dict.fromkeys(reports.order_by("department__order").values_list("department_id", flat=True)))
    assert len(units) >= len(SUBMITTED), "the demo must have enough reporting units"
    midnight = timezone.make_aware(dt.datetime.combine(period.due, dt.time.min))
    reports.update(submitted_at=midnight - dt.timedelta(days=5))
    expected = []
    for unit, (offset, late) in zip(units, SUBMITTED, strict=False):
        reports.filter(department_id=unit).update(submitted_at=midnight + offset)
        if late:
            expected.append(reports.filter(department_id=unit).values_list("department__name", flat=True)[0])
    assert sorted(_late_units(plan, period)) == sorted(expected)
