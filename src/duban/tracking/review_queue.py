"""The office's review queue (审核): a plan and the office's filters in; the reports waiting for
review out, each with its figures next to the previous accepted ones and the change since, its
evidence, and the counts by unit and period that the filters offer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch

from duban.accounts import rules
from duban.errors import Forbidden
from duban.plans.models import Department, Plan
from duban.tracking.figure_text import format_figure
from duban.tracking.models import Evidence, Figure, Period, ProgressReport, ReportState


@dataclass
class FigureLine:
    """One target of a report: the figure now, the last accepted one, and the change since."""

    metric: str
    target: str  # as the report writes it: 3750万元
    now: str  # 2959.11万元
    written: str  # what the unit typed, when it reads differently from ``now``
    before: str  # the previous accepted figure, "—" when there is none
    change: str  # "+520万元", "" when there is nothing to compare


@dataclass
class QueueItem:
    report: ProgressReport
    figures: list[FigureLine]
    evidence: list[Evidence]
    percent_before: float | None = None  # a qualitative task's last accepted self-assessment


@dataclass
class ReviewQueue:
    plan: Plan
    items: list[QueueItem]
    total: int  # waiting in the whole plan, whatever the filters
    units: list[tuple[Department, int]] = field(default_factory=list)  # unit and how many wait
    periods: list[tuple[Period, int]] = field(default_factory=list)
    unit: Department | None = None  # the unit filter, when one is chosen
    period: Period | None = None


def review_queue(
    user, plan: Plan, *, department: str | None = None, period: str | None = None
) -> ReviewQueue:
    """The submitted reports of ``plan``, oldest period first, narrowed to a unit (its pk) and a
    period (its label) when the office asks."""
    if not rules.is_office(user, plan):
        raise Forbidden("只有督查室可以审核进展报告")
    waiting = list(
        ProgressReport.objects.filter(task__plan=plan, state=ReportState.SUBMITTED)
        .select_related("task", "period", "department", "submitted_by")
        .prefetch_related(
            "figures__target",
            Prefetch("evidence", queryset=Evidence.objects.filter(withdrawn=False).order_by("pk")),
        )
        .order_by("period__end", "department__order", "task__order", "submitted_at")
    )
    by_unit = Counter(r.department_id for r in waiting)
    by_period = Counter(r.period_id for r in waiting)
    units = {r.department_id: r.department for r in waiting}
    periods = {r.period_id: r.period for r in waiting}
    unit = units.get(int(department)) if department and department.isdecimal() else None
    chosen_period = next((p for p in periods.values() if p.label == period), None) if period else None
    shown = [
        r
        for r in waiting
        if (unit is None or r.department_id == unit.pk)
        and (chosen_period is None or r.period_id == chosen_period.pk)
    ]
    earlier = _accepted_before(shown)
    return ReviewQueue(
        plan=plan,
        items=[_item(r, earlier) for r in shown],
        total=len(waiting),
        units=sorted(((units[pk], n) for pk, n in by_unit.items()), key=lambda u: (u[0].order, u[0].name)),
        periods=sorted(((periods[pk], n) for pk, n in by_period.items()), key=lambda p: p[0].end),
        unit=unit,
        period=chosen_period,
    )


# (task, unit) → accepted reports of earlier periods, oldest first: (period end, percent, figures)
_Earlier = dict[tuple[int, int], list[tuple[object, float | None, dict[int, float | None]]]]


def _accepted_before(reports: list[ProgressReport]) -> _Earlier:
    """The accepted reports of the same tasks and units, read in one pass."""
    if not reports:
        return {}
    accepted = (
        ProgressReport.objects.filter(
            task__in={r.task_id for r in reports},
            department__in={r.department_id for r in reports},
            state=ReportState.ACCEPTED,
        )
        .select_related("period")
        .order_by("period__end")
    )
    figures: dict[int, dict[int, float | None]] = {}
    for report_id, target_id, value in Figure.objects.filter(report__in=accepted).values_list(
        "report_id", "target_id", "value"
    ):
        figures.setdefault(report_id, {})[target_id] = value
    earlier: _Earlier = {}
    for r in accepted:
        earlier.setdefault((r.task_id, r.department_id), []).append(
            (r.period.end, r.percent, figures.get(r.pk, {}))
        )
    return earlier


def _item(report: ProgressReport, earlier: _Earlier) -> QueueItem:
    before = [e for e in earlier.get((report.task_id, report.department_id), []) if e[0] < report.period.end]
    last = before[-1] if before else None
    lines = []
    for figure in sorted(report.figures.all(), key=lambda f: f.target_id):
        target = figure.target
        previous = last[2].get(target.pk) if last else None
        now = format_figure(figure.value, target)
        written = figure.text if figure.text and figure.text != now else ""
        change = ""
        if previous is not None and figure.value is not None:
            delta = figure.value - previous
            change = ("+" if delta > 0 else "") + format_figure(delta, target) if delta else "无变化"
        lines.append(
            FigureLine(target.metric, target.text, now, written, format_figure(previous, target), change)
        )
    return QueueItem(report, lines, list(report.evidence.all()), last[1] if last else None)
