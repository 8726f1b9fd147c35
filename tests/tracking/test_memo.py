"""A plan's calendar (tracking settings and periods) is read once per write batch and per reading
request (``tracking.memo``), and a save of either within the same unit of work is seen at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.accounts.models import UserRole
from duban.accounts.services import ensure_role, operator
from duban.plans.importing import import_report
from duban.tracking import memo, writes
from duban.tracking.models import Period, TrackingSettings
from duban.tracking.periods import ensure_periods, find_period, settings_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(sample_path: Path):
    return import_report(sample_path, government="爱民区").plan


def _reads(captured, table: str) -> int:
    return sum(
        1 for q in captured if q["sql"].startswith("SELECT") and f'"{table}"' in q["sql"].split("WHERE")[0]
    )


def test_a_batch_reads_the_calendar_once(plan) -> None:
    ensure_periods(plan)
    with writes.batch(), CaptureQueriesContext(connection) as captured:
        for _ in range(3):
            settings_for(plan)
            ensure_periods(plan)
            assert find_period(plan, f"{plan.year}-03").label == f"{plan.year}-03"
    assert _reads(captured, "tracking_trackingsettings") == 1
    assert _reads(captured, "tracking_period") == 1


def test_outside_any_scope_every_call_reads(plan) -> None:
    ensure_periods(plan)
    with CaptureQueriesContext(connection) as captured:
        settings_for(plan)
        settings_for(plan)
    assert _reads(captured, "tracking_trackingsettings") == 2


def test_a_save_within_the_batch_is_seen_by_the_next_read(plan) -> None:
    assert ensure_periods(plan)[0].due == dt.date(plan.year, 1, 25)
    with writes.batch():
        assert ensure_periods(plan)[0].due.day == 25
        chosen = TrackingSettings.objects.get(plan=plan)  # another copy than the remembered one
        chosen.due_day = 10
        chosen.save()
        assert settings_for(plan).due_day == 10
        assert [p.due.day for p in ensure_periods(plan)][:3] == [10, 10, 10]
    assert Period.objects.get(plan=plan, label=f"{plan.year}-02").due == dt.date(plan.year, 2, 10)


def test_a_failed_batch_leaves_nothing_remembered(plan) -> None:
    ensure_periods(plan)
    with memo.scope():
        with pytest.raises(RuntimeError), writes.batch():
            settings_for(plan)
            raise RuntimeError("refused")
        with CaptureQueriesContext(connection) as captured:
            settings_for(plan)
        assert _reads(captured, "tracking_trackingsettings") == 1  # read again, not taken from the failed one


def test_an_overview_reads_the_settings_once(plan, client) -> None:
    user = operator("memo-office")
    ensure_role(user, UserRole.OFFICE)
    client.force_login(user)
    client.get("/")  # the first view builds what later ones keep
    plan.title = plan.title + " "  # a write, so the next view is computed again
    plan.save()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    assert _reads(captured, "tracking_trackingsettings") == 1
