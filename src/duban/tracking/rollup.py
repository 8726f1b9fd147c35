"""Task statuses in; weighted progress of sections and of the plan, and per-department figures
(tasks by light, reports on time, reports returned) out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from duban.plans.chapters import chapter_map
from duban.plans.models import Plan, Section
from duban.tracking import figures
from duban.tracking.models import ProgressReport, ReportRole, ReportState
from duban.tracking.status import TaskStatus


@dataclass
class Rollup:
    name: str
    completion: float | None
    time_progress: float | None
    lights: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    tasks: int = 0


def _rollup(name: str, items: list[TaskStatus]) -> Rollup:
    completion, progress = figures.roll_up([(t.weight, t.completion, t.time_progress) for t in items])
    return Rollup(
        name=name,
        completion=completion,
        time_progress=progress,
        lights=Counter(t.light for t in items),
        statuses=Counter(t.status for t in items),
        tasks=len(items),
    )


def plan_rollup(plan: Plan, statuses: list[TaskStatus]) -> Rollup:
    return _rollup(plan.key, statuses)


def section_rollups(plan: Plan, statuses: list[TaskStatus]) -> list[Rollup]:
    """One line per chapter (``plans.chapters``), its subsections' tasks included.

    The tasks a part states before its first chapter (二、… 总体要求, 主要预期目标) are a line of
    their own, named as that part's general statement (总述) so it does not read as a sibling of
    the chapters below it.
    """
    sections = list(Section.objects.filter(plan=plan).order_by("order"))
    top_of = chapter_map(sections)
    parents = {s.parent_id for s in sections}
    grouped: dict[int | None, list[TaskStatus]] = {}
    for status in statuses:
        grouped.setdefault(top_of.get(status.section_id), []).append(status)
    titled = {
        s.pk: f"{s.heading}（总述）" if s.parent_id is None and s.pk in parents else s.heading
        for s in sections
    }
    return [_rollup(titled.get(key, "其他任务"), items) for key, items in grouped.items()]


@dataclass
class DepartmentFigures:
    name: str
    lights: Counter
    tasks: int
    on_time: int  # lead reports filed by the period's due date
    late: int
    returned: int

    @property
    def score(self) -> float:
        """The ranking key: share of green tasks, then punctuality."""
        green = self.lights.get("green", 0) / self.tasks if self.tasks else 0.0
        filed = self.on_time + self.late
        return green + (self.on_time / filed if filed else 0.0) / 10


def department_figures(plan: Plan, statuses: list[TaskStatus]) -> list[DepartmentFigures]:
    by_lead: dict[str, list[TaskStatus]] = {}
    for status in statuses:
        by_lead.setdefault(status.lead or "未分工", []).append(status)
    reports = (
        ProgressReport.objects.filter(task__plan=plan, role=ReportRole.LEAD)
        .values("department__name")
        .annotate(
            on_time=Count("pk", filter=Q(submitted_at__date__lte=F("period__due"))),
            late=Count("pk", filter=Q(submitted_at__date__gt=F("period__due"))),
        )
    )
    counts = {r["department__name"]: r for r in reports}
    # A report returned once and accepted later still counts: the history remembers the return.
    returned = dict(
        ProgressReport.history.filter(task__plan=plan, role=ReportRole.LEAD, state=ReportState.RETURNED)
        .values("department__name")
        .annotate(n=Count("id", distinct=True))
        .values_list("department__name", "n")
    )
    rows = [
        DepartmentFigures(
            name=name,
            lights=Counter(t.light for t in items),
            tasks=len(items),
            on_time=counts.get(name, {}).get("on_time", 0),
            late=counts.get(name, {}).get("late", 0),
            returned=returned.get(name, 0),
        )
        for name, items in by_lead.items()
    ]
    return sorted(rows, key=lambda r: (-r.score, r.name))
