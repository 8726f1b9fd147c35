"""Stored statuses (``tracking.stored``) and units' punctuality (``tracking.punctuality``) equal a
full recomputation (``status.plan_status``, a count of every report) after any sequence of writes
and days; a write in a batch keeps them current without a rebuild; and ``duban status --verify``
finds a stored row that differs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import transaction
from django.db.models import Count, F, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.accounts.models import UserRole
from duban.accounts.services import ensure_role, operator
from duban.plans import history
from duban.plans.importing import import_report
from duban.plans.models import Role, Task
from duban.publish import dashboard
from duban.tracking import cache, figures, punctuality, reports, stored, writes
from duban.tracking.demo import fill_demo
from duban.tracking.models import (
    ProgressReport,
    ReportRole,
    ReportState,
    StoredPoint,
    StoredPunctuality,
    StoredStatus,
)
from duban.tracking.periods import as_of, ensure_periods, settings_for
from duban.tracking.rollup import department_figures, plan_rollup, section_rollups
from duban.tracking.status import plan_status, status_series

pytestmark = pytest.mark.django_db

DEMO_DAY = dt.date(2024, 5, 31)


@pytest.fixture
def plan(sample_path: Path):
    found = import_report(sample_path, government="爱民区").plan
    fill_demo(found, DEMO_DAY)
    return found


def _office():
    user = operator("stored-status-test")
    ensure_role(user, UserRole.OFFICE)
    return user


def _agrees(plan) -> None:
    day = as_of(plan)
    assert [s.as_json() | {"lead": s.lead} for s in stored.statuses(plan, day)] == [
        s.as_json() | {"lead": s.lead} for s in plan_status(plan, day)
    ]
    assert stored.verify(plan, day) == []
    closed = [p for p in ensure_periods(plan) if p.end <= day]
    expected = [
        figures.roll_up([(s.weight, s.completion, s.time_progress) for s in statuses])
        for statuses in status_series(plan, [p.end for p in closed])
    ]
    trend = dashboard._trend(plan, day, None, plan_rollup(plan, plan_status(plan, day)))
    assert [(t["completion"], t["time_progress"]) for t in trend] == [
        (dashboard._pct(c), dashboard._pct(t)) for c, t in expected
    ]
    assert punctuality.counts(plan) == _punctuality(plan)
    # The overview adds up the stored groups: the same figures as the roll-ups of a recomputation.
    shown, fresh = dashboard.overview(plan, day), plan_status(plan, day)
    assert shown.whole == plan_rollup(plan, fresh)
    assert (shown.whole.completion, shown.whole.time_progress) == figures.roll_up(
        [(s.weight, s.completion, s.time_progress) for s in fresh]
    )
    assert shown.sections == section_rollups(plan, fresh)
    assert shown.departments == department_figures(plan, fresh)


def _punctuality(plan) -> dict:
    """Each unit's lead reports filed by their period's due day and after it, counted afresh
    with the database's own cast of a time to its local date, and those ever returned."""
    rows = (
        ProgressReport.objects.filter(task__plan=plan, role=ReportRole.LEAD)
        .values("department__name")
        .annotate(
            on_time=Count("pk", filter=Q(submitted_at__date__lte=F("period__due"))),
            late=Count("pk", filter=Q(submitted_at__date__gt=F("period__due"))),
        )
    )
    returned = dict(
        ProgressReport.history.filter(task__plan=plan, role=ReportRole.LEAD, state=ReportState.RETURNED)
        .values("department__name")
        .annotate(n=Count("id", distinct=True))
        .values_list("department__name", "n")
    )
    found = {
        r["department__name"]: (r["on_time"], r["late"], returned.pop(r["department__name"], 0)) for r in rows
    }
    found |= {name: (0, 0, n) for name, n in returned.items()}
    return {name: figures for name, figures in found.items() if any(figures)}


class _Undo(Exception):
    """Raised to roll an example's writes back, so the next example starts from the demo plan."""


_op = st.one_of(
    st.tuples(st.just("file"), st.integers(0, 10_000), st.floats(0, 120), st.booleans()),
    st.tuples(st.just("review"), st.integers(0, 10_000), st.booleans()),
    st.tuples(st.just("deadline"), st.integers(0, 10_000), st.integers(-200, 200)),
    st.tuples(st.just("withdraw"), st.integers(0, 10_000)),
    st.tuples(st.just("day"), st.integers(0, 300)),
    st.tuples(st.just("lead"), st.integers(0, 10_000), st.integers(0, 10_000)),
)


def _apply(plan, op: tuple, user) -> bool:
    """Apply one write; True when it was made in a batch (so the stored rows must stay current)."""
    tasks = list(Task.objects.filter(plan=plan, withdrawn=False).order_by("pk"))
    kind, pick, *rest = op
    task = tasks[pick % len(tasks)]
    if kind == "file":
        value, accept = rest
        lead = task.assignments.filter(role=Role.LEAD, withdrawn=False).first()
        periods = [p for p in ensure_periods(plan) if p.start <= as_of(plan)]
        if lead is None or not periods:
            return False
        targets = list(task.targets.filter(withdrawn=False, value__isnull=False))
        entry = reports.ReportEntry(progress="推进中", percent=None if targets else min(value, 100.0))
        entry.figures = {t.pk: round(t.value * value / 100, 2) for t in targets}
        period = periods[pick % len(periods)]
        existing = ProgressReport.objects.filter(task=task, period=period, department=lead.department).first()
        if existing is not None and existing.state == ReportState.ACCEPTED:
            return False
        reports.file_report(task, period, lead.department, entry, user=user, accept=accept)
        return True
    if kind == "review":
        pending = list(
            ProgressReport.objects.filter(task__plan=plan, state=ReportState.SUBMITTED).order_by("pk")
        )
        if not pending:
            return False
        report = pending[pick % len(pending)]
        accept = rest[0]
        reports.review(
            report, accept=accept, comment="" if accept else "请补充", version=report.version, user=user
        )
        return True
    if kind == "deadline":
        with writes.batch():
            history.update(
                task, {"deadline": task.deadline + dt.timedelta(days=rest[0])}, user=user, reason="t"
            )
        return True
    if kind == "withdraw":
        history.update(task, {"withdrawn": True}, user=user, reason="t")  # outside a batch: stale
        return False
    if kind == "lead":
        other = tasks[rest[0] % len(tasks)]
        theirs = other.assignments.filter(role=Role.LEAD, withdrawn=False).first()
        mine = task.assignments.filter(role=Role.LEAD, withdrawn=False).first()
        if theirs is None or mine is None or task.assignments.filter(department=theirs.department).exists():
            return False
        with writes.batch():
            history.update(mine, {"department": theirs.department}, user=user, reason="t")
        return True
    chosen = settings_for(plan)  # kind == "day": the calendar moves on
    chosen.as_of = dt.date(2024, 3, 1) + dt.timedelta(days=rest[0] if rest else pick % 300)
    chosen.save(update_fields=["as_of"])
    return False


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(_op, min_size=1, max_size=6))
def test_stored_statuses_equal_a_recomputation_after_any_writes(plan, ops):
    user = _office()
    cache.clear()
    caches["shared"].clear()
    try:
        with transaction.atomic():
            _agrees(plan)
            for op in ops:
                kept = _apply(plan, op, user)
                if kept:  # the write reassessed what it touched: no rebuild is due
                    assert stored.is_current(plan.pk, as_of(plan)), op
                _agrees(plan)
            raise _Undo
    except _Undo:
        pass


def test_an_accepted_report_updates_only_its_task_row(plan):
    user = _office()
    day = as_of(plan)
    stored.statuses(plan, day)
    before = dict(StoredStatus.objects.filter(plan=plan).values_list("external_id", "pk"))
    report = ProgressReport.objects.filter(task__plan=plan, state=ReportState.ACCEPTED).first()
    task = report.task
    history.update(report, {"state": ReportState.SUBMITTED}, user=user, reason="t")  # outside: stale
    assert not stored.is_current(plan.pk, day)
    stored.statuses(plan, day)
    before = dict(StoredStatus.objects.filter(plan=plan).values_list("external_id", "pk"))
    report.refresh_from_db()
    reports.review(report, accept=False, comment="请补充", version=report.version, user=user)
    assert stored.is_current(plan.pk, day)
    after = dict(StoredStatus.objects.filter(plan=plan).values_list("external_id", "pk"))
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {task.external_id}
    _agrees(plan)


def test_verify_names_a_stored_row_that_differs(plan):
    day = as_of(plan)
    stored.statuses(plan, day)
    assert stored.verify(plan, day) == []
    row = StoredStatus.objects.filter(plan=plan).order_by("pk").first()
    StoredStatus.objects.filter(pk=row.pk).update(light="red" if row.light != "red" else "green")
    found = stored.verify(plan, day)
    assert len(found) == 1 and found[0].startswith(row.external_id) and "light" in found[0]


def test_verify_names_a_unit_whose_stored_punctuality_differs(plan):
    day = as_of(plan)
    stored.statuses(plan, day)
    assert punctuality.counts(plan) and stored.verify(plan, day) == []
    row = StoredPunctuality.objects.filter(plan=plan, on_time__gt=0).order_by("pk").first()
    StoredPunctuality.objects.filter(pk=row.pk).update(on_time=row.on_time - 1)
    found = stored.verify(plan, day)
    assert len(found) == 1 and found[0].startswith(row.department) and "按时/逾期/退回" in found[0], found


def test_an_accepted_report_recounts_only_its_period(plan):
    day = as_of(plan)
    stored.statuses(plan, day)
    punctuality.counts(plan)
    report = (
        ProgressReport.objects.filter(task__plan=plan, state=ReportState.SUBMITTED).order_by("pk").first()
    )
    others = set(
        StoredPunctuality.objects.filter(plan=plan).exclude(period=report.period).values_list("pk", flat=True)
    )
    reports.review(report, accept=True, comment="", version=report.version, user=_office())
    kept = set(StoredPunctuality.objects.filter(plan=plan).values_list("pk", flat=True))
    assert others and others <= kept  # the other periods' rows were not rewritten
    assert punctuality.counts(plan) == _punctuality(plan) and stored.verify(plan, day) == []


def test_a_new_day_is_rebuilt_once(plan):
    day = as_of(plan)
    assert stored.ensure(plan, day) in {True, False}
    assert stored.ensure(plan, day) is False  # current now: nothing to do
    later = day + dt.timedelta(days=1)
    chosen = settings_for(plan)
    chosen.as_of = later
    chosen.save(update_fields=["as_of"])
    assert stored.ensure(plan, later) is True
    assert stored.ensure(plan, later) is False
    _agrees(plan)


def test_status_verify_exits_1_on_a_difference(plan):
    from typer.testing import CliRunner

    from duban.cli import app

    stored.statuses(plan, as_of(plan))
    agreed = CliRunner().invoke(app, ["status", plan.key, "--verify"])
    assert agreed.exit_code == 0, agreed.stderr
    assert "一致" in agreed.stdout
    row = StoredStatus.objects.filter(plan=plan).order_by("pk").first()
    StoredStatus.objects.filter(pk=row.pk).update(reason=row.reason + "（改）")
    differs = CliRunner().invoke(app, ["status", plan.key, "--verify"])
    assert differs.exit_code == 1
    assert f"{row.external_id}: reason 不一致" in differs.stdout


def test_a_report_drops_only_the_trend_points_of_its_period_and_later(plan):
    user = _office()
    day = as_of(plan)
    _agrees(plan)  # every closed period's point stored
    closed = [p for p in ensure_periods(plan) if p.end < day]
    assert StoredPoint.objects.filter(plan=plan).count() == len(closed) > 2
    report = ProgressReport.objects.filter(
        task__plan=plan, period=closed[-2], state=ReportState.ACCEPTED, figures__isnull=False
    ).first()
    with writes.batch():
        figure = report.figures.first()
        history.update(figure, {"value": figure.value + 1}, user=user, reason="t")
    kept = set(StoredPoint.objects.filter(plan=plan).values_list("period_id", flat=True))
    assert kept == {p.pk for p in closed[:-2]}
    _agrees(plan)
