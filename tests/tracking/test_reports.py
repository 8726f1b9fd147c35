"""Issue #4: progress reports through their states, who may file them, and no lost work when two
people save the same report."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from django.db import connection

from duban.accounts.models import UserRole
from duban.accounts.services import ensure_role, operator
from duban.plans.importing import import_report
from duban.plans.models import Department, Plan, Task
from duban.tracking.models import ProgressReport, ReportState
from duban.tracking.periods import ensure_periods, find_period
from duban.tracking.reports import EditConflict, ReportEntry, ReportRefused, open_report, review, save_report
from duban.tracking.status import plan_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(sample_path: Path) -> Plan:
    return import_report(sample_path, government="爱民区").plan


def _user(name: str, role: str, department: Department | None = None):
    user = operator(name)
    ensure_role(user, role, department)
    return user


@pytest.fixture
def grain(plan: Plan) -> Task:
    return plan.tasks.get(text__contains="9000万斤")


def _lead(task: Task) -> Department:
    return task.assignments.get(role="lead", withdrawn=False).department


def test_a_liaison_files_the_office_accepts_and_the_report_locks(plan: Plan, grain: Task):
    unit = _lead(grain)
    liaison, office = _user("liaison", UserRole.LIAISON, unit), _user("office", UserRole.OFFICE)
    period = find_period(plan, "2024-06")
    report = open_report(grain, period, unit, user=liaison)
    assert report.state == ReportState.DRAFT and report.role == "lead"
    area, output = grain.targets.order_by("pk")
    entry = ReportEntry(progress="春播完成", figures={area.pk: 120000, output.pk: None})
    report = save_report(report, entry, version=report.version, user=liaison)
    report = save_report(report, entry, version=report.version, user=liaison, submit=True)
    assert report.state == ReportState.SUBMITTED and report.submitted_by == liaison
    report = review(report, accept=True, version=report.version, user=office)
    assert report.state == ReportState.ACCEPTED and report.locked
    with pytest.raises(ReportRefused, match="锁定"):
        save_report(report, entry, version=report.version, user=office, submit=True)
    changes = [(h.history_user.username, h.state) for h in report.history.order_by("history_date")]
    assert ("liaison", "submitted") in changes and ("office", "accepted") in changes


def test_a_returned_report_carries_the_comment_and_can_be_filed_again(plan: Plan, grain: Task):
    unit = _lead(grain)
    liaison, office = _user("liaison", UserRole.LIAISON, unit), _user("office", UserRole.OFFICE)
    report = open_report(grain, find_period(plan, "2024-03"), unit, user=liaison)
    report = save_report(
        report, ReportEntry(progress="推进中"), version=report.version, user=liaison, submit=True
    )
    with pytest.raises(ReportRefused, match="退回意见"):
        review(report, accept=False, version=report.version, user=office)
    report = review(report, accept=False, comment="请补充完成值", version=report.version, user=office)
    assert report.state == ReportState.RETURNED and report.review_comment == "请补充完成值"
    report = save_report(
        report, ReportEntry(progress="已补充"), version=report.version, user=liaison, submit=True
    )
    assert report.state == ReportState.SUBMITTED


def test_a_liaison_cannot_report_for_another_unit(plan: Plan, grain: Task):
    other = Department.objects.filter(government=plan.government).exclude(pk=_lead(grain).pk).first()
    intruder = _user("intruder", UserRole.LIAISON, other)
    with pytest.raises(ReportRefused):
        open_report(grain, find_period(plan, "2024-06"), _lead(grain), user=intruder)
    reader = _user("deputy", UserRole.READER)
    with pytest.raises(ReportRefused):
        open_report(grain, find_period(plan, "2024-06"), _lead(grain), user=reader)
    assert not ProgressReport.objects.exists()


def test_only_the_office_reviews(plan: Plan, grain: Task):
    unit = _lead(grain)
    liaison = _user("liaison", UserRole.LIAISON, unit)
    report = open_report(grain, find_period(plan, "2024-06"), unit, user=liaison)
    report = save_report(report, ReportEntry(progress="x"), version=report.version, user=liaison, submit=True)
    with pytest.raises(ReportRefused, match="只有督查室"):
        review(report, accept=True, version=report.version, user=liaison)


def test_the_second_of_two_saves_from_the_same_version_is_refused(plan: Plan, grain: Task):
    unit = _lead(grain)
    first, second = _user("a", UserRole.LIAISON, unit), _user("b", UserRole.OFFICE)
    report = open_report(grain, find_period(plan, "2024-06"), unit, user=first)
    opened = report.version
    save_report(report, ReportEntry(progress="甲的内容"), version=opened, user=first)
    with pytest.raises(EditConflict, match="已被a修改"):
        save_report(report, ReportEntry(progress="乙的内容"), version=opened, user=second)
    assert ProgressReport.objects.get(pk=report.pk).progress == "甲的内容"


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_from_two_threads_keep_exactly_one(plan: Plan, grain: Task):
    unit = _lead(grain)
    user = _user("office", UserRole.OFFICE)
    report = open_report(grain, find_period(plan, "2024-06"), unit, user=user)
    opened, barrier, outcomes = report.version, threading.Barrier(2), []

    def save(text: str) -> None:
        barrier.wait()
        try:
            save_report(report, ReportEntry(progress=text), version=opened, user=user)
            outcomes.append(("saved", text))
        except EditConflict:
            outcomes.append(("conflict", text))
        except Exception as err:  # SQLite may refuse the second writer outright; that is no overwrite either
            outcomes.append(("refused", f"{text}: {type(err).__name__}"))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = [text for kind, text in outcomes if kind == "saved"]
    assert len(saved) == 1, outcomes
    assert ProgressReport.objects.get(pk=report.pk).progress == saved[0]


def test_figures_and_light_follow_the_accepted_report(plan: Plan, grain: Task):
    unit = _lead(grain)
    office = _user("office", UserRole.OFFICE)
    ensure_periods(plan)
    area, output = grain.targets.order_by("pk")
    for label, figures in [("2024-08", {area.pk: 60000, output.pk: 30_000_000})]:
        report = open_report(grain, find_period(plan, label), unit, user=office)
        report = save_report(
            report, ReportEntry(figures=figures), version=report.version, user=office, submit=True
        )
    before = {s.task_id: s for s in plan_status(plan, dt.date(2024, 8, 31))}[grain.external_id]
    assert before.completion is None and "待审核" in before.reason  # a pending figure moves nothing
    review(report, accept=True, version=report.version, user=office)
    after = {s.task_id: s for s in plan_status(plan, dt.date(2024, 8, 31))}[grain.external_id]
    assert after.targets[0].actual == 60000 and after.completion == pytest.approx((0.5 + 1 / 3) / 2)
    assert after.status == "滞后" and after.light == "red"
    assert "落后" in after.reason


def test_a_missing_report_turns_the_light_red(plan: Plan, grain: Task):
    on_time = {s.task_id: s for s in plan_status(plan, dt.date(2024, 1, 20))}[grain.external_id]
    assert on_time.status == "未启动" and on_time.light == "green"
    late = {s.task_id: s for s in plan_status(plan, dt.date(2024, 1, 26))}[grain.external_id]
    assert late.status == "未报送" and late.light == "red" and "2024年1月" in late.reason


def test_the_status_json_contract(plan: Plan):
    data = [s.as_json() for s in plan_status(plan, dt.date(2024, 3, 1))]
    assert len(data) == plan.tasks.filter(withdrawn=False).count()
    first = data[0]
    assert set(first) == {
        "task_id",
        "text",
        "status",
        "light",
        "time_progress",
        "completion",
        "reason",
        "targets",
    }
    with_targets = next(d for d in data if d["targets"])
    assert set(with_targets["targets"][0]) == {"target_id", "metric", "target", "actual", "completion"}
    assert all(0 <= d["time_progress"] <= 1 and d["light"] in {"green", "yellow", "red"} for d in data)


def test_quarterly_settings_rebuild_an_unused_calendar_and_move_due_days(plan: Plan):
    from duban.tracking.periods import settings_for

    assert [p.label for p in ensure_periods(plan)][:2] == ["2024-01", "2024-02"]
    chosen = settings_for(plan)
    chosen.cadence, chosen.due_day = "quarterly", 10
    chosen.save()
    quarters = ensure_periods(plan)
    assert [p.label for p in quarters] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert quarters[0].due == dt.date(2024, 3, 10) and quarters[0].title == "2024年第一季度"
    chosen.due_day = 31
    chosen.save()
    assert ensure_periods(plan)[0].due == dt.date(2024, 3, 31)
