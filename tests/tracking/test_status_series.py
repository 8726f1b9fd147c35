"""The trend chart reads a plan once for every period's end (``status_series``); each day must
still see exactly what ``plan_status`` sees on that day alone, reports of later periods left out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from duban.plans.importing import import_report
from duban.tracking.demo import fill_demo
from duban.tracking.periods import ensure_periods
from duban.tracking.status import plan_status, status_series

pytestmark = pytest.mark.django_db


def test_a_series_of_days_matches_each_day_read_alone(sample_path: Path):
    plan = import_report(sample_path, government="爱民区").plan
    fill_demo(plan, dt.date(2024, 6, 30))
    days = [p.end for p in ensure_periods(plan)][:7] + [dt.date(2024, 6, 10)]
    series = status_series(plan, days)
    assert [[s.as_json() for s in day] for day in series] == [
        [s.as_json() for s in plan_status(plan, day)] for day in days
    ]
    # The days differ: later days have more accepted figures, so the series is not one day repeated.
    assert len({tuple(s.completion for s in day) for day in series}) > 3
    assert status_series(plan, []) == []
