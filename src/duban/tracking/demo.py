"""A plan and a date in; a plausible year of progress reports up to that date out, so a newcomer
sees a living plan. Every report it files has source ``demo`` and shows as 演示数据.

Deterministic (seeded by the task id), and safe to run again: periods already filed are skipped,
so a later date extends the year.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.utils import timezone

from duban.accounts.models import UserRole
from duban.accounts.services import ensure_role, operator
from duban.plans import bulk, history, revision
from duban.plans.models import Leader, Plan, Target, Task
from duban.tracking import figures, stored, writes
from duban.tracking.figure_text import format_figure, read_written
from duban.tracking.models import Figure, Period, ProgressReport, ReportRole, ReportSource, ReportState
from duban.tracking.periods import ensure_periods, settings_for
from duban.tracking.reports import ReportEntry, notify_reviewed

DEMO_USER = "演示数据"
# Shares of task behaviour over the year; the rest keep pace.
_LAGGING, _SILENT, _AHEAD = 0.15, 0.05, 0.15
_REASON = "演示数据"
_DAY = dt.timedelta(days=1)


@dataclass
class DemoSummary:
    reports: int
    periods: list[str]


@cache
def _phrases() -> dict[str, list[str]]:
    return tomllib.loads((resources.files("duban") / "data" / "demo_phrases.toml").read_text("utf-8"))


def fill_demo(plan: Plan, day: dt.date, *, publish: bool = False) -> DemoSummary:
    user = operator(DEMO_USER)
    ensure_role(user, UserRole.OFFICE)
    _ensure_leaders(plan, user=user)
    chosen = settings_for(plan)
    if chosen.as_of != day:  # the pages show the demo year as of its own date, not the real today
        chosen.as_of = day
        chosen.save(update_fields=["as_of"])
    if publish and not plan.published:
        plan.published = True
        history.save(plan, user=user, reason="公开演示计划")
    due = [p for p in ensure_periods(plan) if p.due <= day]
    tasks = list(plan.tasks.filter(withdrawn=False).prefetch_related("targets", "assignments__department"))
    filed = set(
        ProgressReport.objects.filter(task__plan=plan).values_list("task_id", "period_id", "department_id")
    )
    made = [
        found
        for n, period in enumerate(due)
        for task in tasks
        if (found := _draft(task, period, latest=n == len(due) - 1, user=user, filed=filed)) is not None
    ]
    with writes.batch():  # one revision bump, and the statuses reassessed once, at the end
        _write(plan, made, user=user)
    stored.ensure(plan, day)  # the demo's day is a new one: its statuses stored now, not on a first page
    return DemoSummary(len(made), [p.label for p in due])


@dataclass
class _Filed:
    """One demo report as it stands once filed (and reviewed), with its figures, unsaved."""

    report: ProgressReport
    figures: list[Figure]
    reviewed_now: bool  # the latest period's review, which tells the unit (the earlier ones do not)


def _write(plan: Plan, made: list[_Filed], *, user) -> None:
    """Every report and figure in bulk, each with one history entry, and the units' notices of
    the latest period's reviews; the plan told once which periods they fall in."""
    reports = bulk.create([m.report for m in made], user=user, reason=_REASON)
    for found in made:
        for figure in found.figures:
            figure.report = found.report
    bulk.create([f for m in made for f in m.figures], user=user, reason=_REASON)
    notify_reviewed([m.report for m in made if m.reviewed_now])
    revision.bump(plan.pk, None, sorted({r.period_id for r in reports}))


def _ensure_leaders(plan: Plan, *, user) -> None:
    """A government without responsible leaders gets the demo's (data/demo_leaders.toml)."""
    government = plan.government
    if government.leaders.exists():
        return
    data = tomllib.loads((resources.files("duban") / "data" / "demo_leaders.toml").read_text("utf-8"))
    units = {d.name: d for d in government.departments.all()}
    for order, item in enumerate(data["leader"]):
        leader = history.save(
            Leader(government=government, name=item["name"], title=item["title"], order=order),
            user=user,
            reason="演示数据：分管领导",
        )
        leader.departments.set([units[name] for name in item["units"] if name in units])


def _draft(task: Task, period: Period, *, latest: bool, user, filed: set[tuple]) -> _Filed | None:
    """The report the lead unit files for ``period``: accepted for past periods; for the latest
    one submitted, some of them returned or accepted. None when it is filed already or the unit
    stays silent."""
    lead = task.lead_unit()
    if lead is None or (task.pk, period.pk, lead.pk) in filed:
        return None
    rng = random.Random(f"{task.external_id}/{period.label}")
    kind = _behaviour(task)
    if kind == "silent" and period.end.month > 3 or rng.random() < 0.03:
        return None  # 未报送: the demo needs some silence to chase
    entry = _entry(task, period, kind, rng)
    # A demo year is filed in one go; dates spread around each due day make the punctuality
    # figures look like a real office's.
    days = rng.choice([-5, -3, -2, -1, 0, 0, 1, 3])
    moment = timezone.make_aware(dt.datetime.combine(period.due + dt.timedelta(days=days), dt.time(16, 0)))
    report = ProgressReport(
        task=task,
        period=period,
        department=lead,
        role=ReportRole.LEAD,
        state=ReportState.SUBMITTED,
        progress=entry.progress,
        problems=entry.problems,
        next_steps=entry.next_steps,
        percent=entry.percent,
        source=ReportSource.DEMO,
        submitted_at=moment,
        submitted_by=user,
        version=2,  # opened, then submitted
    )
    if not latest:
        report.state, report.reviewed_at, report.reviewed_by = ReportState.ACCEPTED, moment + _DAY, user
    elif rng.random() < 0.1:  # the latest period is reviewed today, as the office goes through it
        report.state, report.review_comment = ReportState.RETURNED, rng.choice(_phrases()["return_comments"])
    elif rng.random() < 0.6:
        report.state = ReportState.ACCEPTED
    reviewed_now = latest and report.state != ReportState.SUBMITTED
    if report.state != ReportState.SUBMITTED:
        report.version = 3
    if reviewed_now:
        report.reviewed_at, report.reviewed_by = timezone.now(), user
    figures = [
        Figure(target_id=pk, value=value, text=entry.figure_texts[pk][:100])
        for pk, value in entry.figures.items()
    ]
    return _Filed(report, figures, reviewed_now)


def _behaviour(task: Task) -> str:
    draw = random.Random(task.external_id).random()
    if draw < _LAGGING:
        return "lagging"
    if draw < _LAGGING + _SILENT:
        return "silent"
    if draw < _LAGGING + _SILENT + _AHEAD:
        return "ahead"
    return "steady"


def _pace(kind: str, rng: random.Random) -> float:
    base = {"lagging": 0.6, "ahead": 1.12, "steady": 1.03, "silent": 0.8}[kind]
    return base * rng.uniform(0.95, 1.05)


def _entry(task: Task, period: Period, kind: str, rng: random.Random) -> ReportEntry:
    elapsed = figures.time_progress(period.end, task.start or period.plan.year_start, task.deadline)
    pace = _pace(kind, rng)
    phrases = _phrases()
    lines = phrases["lagging_progress"] if kind == "lagging" else phrases["progress"]
    entry = ReportEntry(
        progress=rng.choice(lines).format(n=rng.randint(1, 4)),
        problems=rng.choice(phrases["problems"]),
        next_steps=rng.choice(phrases["next_steps"]),
    )
    targets = [t for t in task.targets.all() if not t.withdrawn and t.value is not None]
    for target in targets:
        # Written as a unit would, in the target's scale to two places, and read back from that.
        written = format_figure(_figure(target, elapsed, pace), target)
        entry.figures[target.pk] = read_written(written, target)
        entry.figure_texts[target.pk] = written
    if not targets:
        entry.percent = round(min(100.0, 100 * elapsed * pace), 1)
    return entry


def _figure(target: Target, elapsed: float, pace: float) -> float:
    """The cumulative figure a unit would report at ``elapsed`` of the year, keeping ``pace``."""
    value = target.value
    if target.comparator in {"le", "lt"} or (target.lower_is_better and value > 0):
        return round(value * (0.97 if pace >= 1 else 1.04), 2)  # a ceiling: kept, or just broken
    if target.growth:
        return round(value * min(pace, 1.1), 1)  # year-to-date growth is not prorated
    figure = value * min(1.0, elapsed * pace)
    # A whole-number target (180个, 12万亩) is counted in whole numbers.
    return float(round(figure)) if float(value).is_integer() else round(figure, 2)
