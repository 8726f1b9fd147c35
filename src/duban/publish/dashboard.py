"""The overview (总览): a plan, a day and who is looking in; headline indicators against their latest
accepted figures, lights by section and by department, the department ranking and progress over
the periods out, ready for the template and its charts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from duban.orders.access import overdue
from duban.plans.models import Plan
from duban.tracking import cache
from duban.tracking.indicators import headlines, qualitative_text
from duban.tracking.models import ProgressReport, ReportSource
from duban.tracking.periods import ensure_periods
from duban.tracking.rollup import DepartmentFigures, Rollup, department_figures, plan_rollup, section_rollups
from duban.tracking.status import TaskStatus, status_series

LIGHTS = ("green", "yellow", "red")


@dataclass
class Indicator:
    metric: str
    target: str  # as the report says it: 6%, 12万亩以上
    actual: float | None
    unit: str
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
    overdue_orders: list = field(default_factory=list)  # issued orders past their limit, unanswered

    def chart_data(self) -> dict:
        """What static/duban/charts.js draws; plain JSON, no markup."""
        return {
            "lights": {k: self.whole.lights.get(k, 0) for k in LIGHTS},
            "sections": {
                "names": [s.name for s in self.sections],
                **{k: [s.lights.get(k, 0) for s in self.sections] for k in LIGHTS},
            },
            "departments": {
                "names": [d.name for d in self.departments],
                **{k: [d.lights.get(k, 0) for d in self.departments] for k in LIGHTS},
            },
            "trend": self.trend,
        }


def overview(plan: Plan, day: dt.date, statuses: list[TaskStatus] | None = None) -> Overview:
    """The whole plan's overview; ``statuses`` narrows it (a liaison sees its unit's tasks)."""
    scoped = statuses is not None
    statuses = cache.statuses(plan, day) if statuses is None else statuses
    return Overview(
        plan=plan,
        day=day,
        whole=plan_rollup(plan, statuses),
        indicators=_indicators(plan, statuses),
        sections=section_rollups(plan, statuses),
        departments=department_figures(plan, statuses),
        trend=[] if scoped else cache.remember(cache.plan_key(plan, day, "trend"), lambda: _trend(plan, day)),
        demo=_has_demo(plan),
        overdue_orders=_overdue_orders(plan, day, statuses if scoped else None),
    )


def _overdue_orders(plan: Plan, day: dt.date, statuses: list[TaskStatus] | None) -> list:
    found = overdue(plan, day)
    if statuses is None:
        return found
    shown = {s.task_id for s in statuses}
    return [o for o in found if o.task.external_id in shown]


def _has_demo(plan: Plan) -> bool:
    return ProgressReport.objects.filter(task__plan=plan, source=ReportSource.DEMO).exists()


def _indicators(plan: Plan, statuses: list[TaskStatus]) -> list[Indicator]:
    figures_of = {ts.target_id: (ts, s.task_id) for s in statuses for ts in s.targets}
    shown: list[Indicator] = []
    for headline in headlines(plan):
        target = headline.target
        status, task_id = figures_of.get(target.external_id, (None, None)) if target else (None, None)
        shown.append(
            Indicator(
                metric=headline.metric,
                target=(target.text if target else qualitative_text(headline)),
                actual=status.actual if status else None,
                unit=headline.unit,
                completion=status.completion if status else None,
                task_id=task_id,
            )
        )
    return shown


def _trend(plan: Plan, day: dt.date) -> list[dict]:
    """Plan completion against time progress at the end of each period reported so far."""
    points = []
    periods = [p for p in ensure_periods(plan) if p.end <= day]
    # One read of the plan for every point, not one per period (seconds each for a large plan).
    for period, statuses in zip(periods, status_series(plan, [p.end for p in periods]), strict=True):
        whole = plan_rollup(plan, statuses)
        points.append(
            {
                "label": period.title,
                "completion": _pct(whole.completion),
                "time_progress": _pct(whole.time_progress),
            }
        )
    return points


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)
