"""Issue #4: ``duban demo`` fills a living year marked as demo data; roll-ups weigh sections, the
plan and departments; ``duban status --json`` prints the contract."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.cli import app
from duban.plans.importing import import_report
from duban.plans.models import Plan
from duban.tracking.demo import fill_demo
from duban.tracking.models import ProgressReport, ReportSource, ReportState
from duban.tracking.rollup import department_figures, plan_rollup, section_rollups
from duban.tracking.status import plan_status

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 6, 30)


@pytest.fixture
def plan(sample_path: Path) -> Plan:
    plan = import_report(sample_path, government="爱民区").plan
    fill_demo(plan, DAY)
    return plan


def test_demo_files_every_due_period_as_demo_data_and_is_safe_to_rerun(plan: Plan):
    reports = ProgressReport.objects.filter(task__plan=plan)
    assert reports.count() > 0 and not reports.exclude(source=ReportSource.DEMO).exists()
    assert set(reports.values_list("period__label", flat=True)) == {f"2024-{m:02d}" for m in range(1, 7)}
    latest = reports.filter(period__label="2024-06")
    states = set(latest.values_list("state", flat=True))
    assert ReportState.SUBMITTED in states and ReportState.ACCEPTED in states
    assert not reports.filter(period__label="2024-05").exclude(state=ReportState.ACCEPTED).exists()
    count = reports.count()
    fill_demo(plan, DAY)
    assert reports.count() == count


def test_demo_year_has_every_light(plan: Plan):
    lights = {s.light for s in plan_status(plan, DAY)}
    assert lights == {"green", "yellow", "red"}


def test_roll_ups_cover_every_task(plan: Plan):
    statuses = plan_status(plan, DAY)
    whole = plan_rollup(plan, statuses)
    assert whole.tasks == len(statuses) and 0 < whole.completion <= 1
    assert whole.time_progress == pytest.approx(plan_status(plan, DAY)[0].time_progress, abs=0.01)
    sections = section_rollups(plan, statuses)
    assert sum(s.tasks for s in sections) == len(statuses)
    departments = department_figures(plan, statuses)
    assert sum(d.tasks for d in departments) == len(statuses)
    assert all(d.on_time + d.late >= 0 for d in departments)
    assert (
        sum(d.on_time + d.late for d in departments)
        == ProgressReport.objects.filter(task__plan=plan, role="lead", submitted_at__isnull=False).count()
    )
    assert departments == sorted(departments, key=lambda d: (-d.score, d.name))


def test_status_command_prints_the_json_contract(plan: Plan):
    result = CliRunner().invoke(app, ["status", plan.key, "--date", DAY.isoformat(), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data) == plan.tasks.filter(withdrawn=False).count()
    assert {d["status"] for d in data} <= {"未启动", "序时推进", "滞后", "已完成", "逾期", "未报送"}
    bad = CliRunner().invoke(app, ["status", plan.key, "--date", "2024-13-01"])
    assert bad.exit_code == 2 and "日期“2024-13-01”无效" in bad.stderr
