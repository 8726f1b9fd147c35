"""The overview (总览): a plan, a day and who is looking in; headline indicators against their latest
accepted figures, lights by section and by department, the department ranking and progress over
the periods out, ready for the template and its charts.

A chart that says nothing to its viewer is not drawn: lights by chapter or by unit need two bars
at least, the pie two tasks, the trend one period ended; a liaison, who sees its own unit's tasks,
gets no comparison of units (no units chart, no ranking) and the trend of its own tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from duban.orders.access import overdue
from duban.plans.models import Plan
from duban.tracking import cache, stored
from duban.tracking.figure_text import format_figure
from duban.tracking.indicators import headlines, qualitative_text
from duban.tracking.models import ProgressReport, ReportSource
from duban.tracking.periods import ensure_periods
from duban.tracking.rollup import (
    DepartmentFigures,
    Rollup,
    department_lines,
    line,
    plan_rollup,
    section_lines,
)
from duban.tracking.status import TaskStatus, status_series
from duban.tracking.sums import grouped, total

LIGHTS = ("green", "yellow", "red")


@dataclass
class Indicator:
    metric: str
    target: str  # as the report says it: 6%, 12万亩以上
    actual: str  # the latest accepted figure, in the target's scale: 5.2%, 7256.31万斤
    completion: float | None
    task_id: str | None


@dataclass
class Overview:
    plan: Plan
    day: dt.date
    whole: Rollup
    indicators: list[Indicator]
    sections: list[Rollup]
    departments: list[DepartmentFigures]
    trend: list[dict] = field(default_factory=list)  # period label, completion, time progress
    demo: bool = False
    scoped: bool = False  # a liaison's unit's tasks: no comparison of units to draw or rank
    overdue_orders: list = field(default_factory=list)  # issued orders past their limit, unanswered

    def chart_data(self) -> dict:
        """What static/duban/charts.js draws, only the charts worth drawing; plain JSON, no markup."""
        charts: dict = {}
        if self.whole.tasks >= 2:
            charts["lights"] = {k: self.whole.lights.get(k, 0) for k in LIGHTS}
        if len(self.sections) >= 2:
            charts["sections"] = _bars(self.sections)
        if len(self.departments) >= 2 and not self.scoped:
            # Laggards on top: the units with most red, then yellow, lights.
            worst = sorted(
                self.departments, key=lambda d: (-d.lights.get("red", 0), -d.lights.get("yellow", 0))
            )
            charts["departments"] = _bars(worst)
        if self.trend:
            charts["trend"] = self.trend
        return charts


def _bars(rows) -> dict:
    return {"names": [r.name for r in rows], **{k: [r.lights.get(k, 0) for r in rows] for k in LIGHTS}}


def overview(
    plan: Plan, day: dt.date, statuses: list[TaskStatus] | None = None, scope: object = None
) -> Overview:
    """The whole plan's overview; ``statuses`` narrows it (a liaison sees its unit's tasks, and
    ``scope`` names whose they are: the trend is kept per scope)."""
    allowed = None if statuses is None else {s.task_id for s in statuses}
    # The whole plan's roll-ups add up its sections' and units' stored sums; the indicators read
    # their tasks' statuses alone: no pass over every task.
    by_section, by_lead = (
        _sums(plan, day)
        if statuses is None
        else (_grouped(statuses, "section_id"), _grouped(statuses, "lead"))
    )
    trend_key = cache.plan_key(plan, day, "trend", scope)
    whole = line(plan.key, total(by_section.values()))
    return Overview(
        plan=plan,
        day=day,
        whole=whole,
        indicators=_indicators(plan, day, statuses),
        sections=section_lines(plan, by_section),
        departments=department_lines(plan, by_lead),
        trend=cache.remember(trend_key, lambda: _trend(plan, day, allowed, whole)),
        demo=_has_demo(plan),
        scoped=allowed is not None,
        overdue_orders=_overdue_orders(plan, day, statuses if allowed is not None else None),
    )


def _sums(plan: Plan, day: dt.date) -> tuple[dict, dict]:
    """The plan's sums per section and per unit: stored on its assessment day, else made from
    the kept statuses."""
    if day == cache.as_of(plan, None):
        return stored.sums(plan, day)
    statuses = cache.statuses(plan, day)
    return _grouped(statuses, "section_id"), _grouped(statuses, "lead")


def _grouped(statuses: list[TaskStatus], attribute: str) -> dict:
    return grouped(statuses, lambda s: getattr(s, attribute))


def _overdue_orders(plan: Plan, day: dt.date, statuses: list[TaskStatus] | None) -> list:
    found = overdue(plan, day)
    if statuses is None:
        return found
    shown = {s.task_id for s in statuses}
    return [o for o in found if o.task.external_id in shown]


def _has_demo(plan: Plan) -> bool:
    return ProgressReport.objects.filter(task__plan=plan, source=ReportSource.DEMO).exists()


def _indicators(plan: Plan, day: dt.date, statuses: list[TaskStatus] | None) -> list[Indicator]:
    """Each headline target beside its latest figure: from ``statuses`` (a unit's), or when None
    from the statuses of the headline targets' tasks."""
    found = headlines(plan)
    if statuses is None:
        statuses = stored.chosen(plan, day, [h.target.task.external_id for h in found if h.target])
    figures_of = {ts.target_id: (ts, s.task_id) for s in statuses for ts in s.targets}
    shown: list[Indicator] = []
    for headline in found:
        target = headline.target
        status, task_id = figures_of.get(target.external_id, (None, None)) if target else (None, None)
        shown.append(
            Indicator(
                metric=headline.metric,
                target=(target.text if target else qualitative_text(headline)),
                actual=format_figure(status.actual if status else None, target) if target else "—",
                completion=status.completion if status else None,
                task_id=task_id,
            )
        )
    return shown


def _trend(plan: Plan, day: dt.date, allowed: set[str] | None, whole: Rollup) -> list[dict]:
    """Completion against time progress at the end of each period reported so far, of the whole
    plan (``whole`` its roll-up on ``day``) or of the ``allowed`` tasks only."""
    periods = [p for p in ensure_periods(plan) if p.end <= day]
    if allowed is None:  # the whole plan: closed periods' points are stored, the last is today's
        closed = [p for p in periods if p.end < day]
        found = stored.points(plan, closed)
        values = [found[p.pk] if p.end < day else (whole.completion, whole.time_progress) for p in periods]
        return [
            _point(p, completion, progress) for p, (completion, progress) in zip(periods, values, strict=True)
        ]
    points = []
    # One read of the plan for every point, not one per period (seconds each for a large plan).
    for period, statuses in zip(periods, status_series(plan, [p.end for p in periods]), strict=True):
        whole = plan_rollup(plan, [s for s in statuses if s.task_id in allowed])
        points.append(_point(period, whole.completion, whole.time_progress))
    return points


def _point(period, completion: float | None, progress: float | None) -> dict:
    return {"label": period.title, "completion": _pct(completion), "time_progress": _pct(progress)}


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)
