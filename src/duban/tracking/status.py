"""A plan on a date in; every task's time progress, completion, status, light and reason out, with
the roll-ups for sections, the plan and departments.

Reads the plan in a handful of queries (no query per task), then hands plain values to
``figures``, which holds the rules.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from duban.plans.models import Assignment, Plan, Role, Target, Task
from duban.tracking import figures
from duban.tracking.models import Figure, Milestone, ProgressReport, ReportRole, ReportState
from duban.tracking.periods import due_by, settings_for

_FILED = {ReportState.SUBMITTED, ReportState.ACCEPTED}


@dataclass
class TargetStatus:
    target_id: str
    metric: str
    target: float | None
    unit: str
    actual: float | None
    completion: float | None


@dataclass
class TaskStatus:
    task_id: str
    text: str
    status: str
    light: str
    time_progress: float
    completion: float | None
    reason: str
    targets: list[TargetStatus] = field(default_factory=list)
    section_id: int | None = None
    lead: str = ""
    weight: float = 1.0

    def as_json(self) -> dict:
        """The contract of ``duban status --json`` (issue #4)."""
        data = asdict(self)
        for key in ("section_id", "lead", "weight"):
            data.pop(key)
        for target in data["targets"]:
            target.pop("unit")
        return data


def plan_status(plan: Plan, day: dt.date) -> list[TaskStatus]:
    return status_series(plan, [day])[0]


def assessed(plan: Plan, day: dt.date, only: set[int] | None = None) -> list[tuple[Task, TaskStatus]]:
    """``plan_status`` of the live tasks whose pks are in ``only`` (all when None), each with its
    task row: what ``tracking.stored`` keeps. Reads only those tasks' rows."""
    read = _Read(plan, day, only)
    period = due_by(plan, day)
    facts = _Facts(read, period.pk if period else None, day)
    label = period.title if period else None
    settings = _settings(plan)
    return [(task, _assess(task, facts, day, settings, label)) for task in facts.tasks]


def _settings(plan: Plan) -> figures.Settings:
    chosen = settings_for(plan)
    return figures.Settings(
        tolerance=chosen.tolerance, yellow_band=chosen.yellow_band, basic_threshold=chosen.basic_threshold
    )


def status_series(plan: Plan, days: list[dt.date]) -> list[list[TaskStatus]]:
    """``plan_status`` on each of ``days``, the plan read once: the trend chart asks for every
    period's end, and reading a large plan costs more than assessing it."""
    if not days:
        return []
    settings = _settings(plan)
    read = _Read(plan, max(days))
    series = []
    for day in days:
        period = due_by(plan, day)
        facts = _Facts(read, period.pk if period else None, day)
        label = period.title if period else None
        series.append([_assess(task, facts, day, settings, label) for task in facts.tasks])
    return series


class _Read:
    """A plan's live tasks (those in ``only``, when given) and everything filed for them up to
    ``last`` day, read in bulk."""

    def __init__(self, plan: Plan, last: dt.date, only: set[int] | None = None) -> None:
        self.plan = plan
        live = Task.objects.filter(plan=plan, withdrawn=False)
        if only is not None:
            live = live.filter(pk__in=sorted(only))
        self.tasks = list(live.order_by("order", "pk"))
        self.targets: dict[int, list[Target]] = defaultdict(list)
        for target in Target.objects.filter(task__in=live, withdrawn=False).order_by("pk"):
            self.targets[target.task_id].append(target)
        # order_by(): the models' default orderings would join the plan and the government and
        # sort every row, for a mapping that needs no order.
        self.leads = dict(
            Assignment.objects.filter(task__in=live, role=Role.LEAD, withdrawn=False)
            .order_by()
            .values_list("task_id", "department__name")
        )
        # (task, period, period start, state, percent), later periods last.
        self.reports = list(
            ProgressReport.objects.filter(
                task__in=live, role=ReportRole.LEAD, state__in=_FILED, period__start__lte=last
            )
            .order_by("period__end", "pk")
            .values_list("task_id", "period_id", "period__start", "state", "percent")
        )
        # (target, value, report state, period start), in the order later figures win.
        self.figures = list(
            Figure.objects.filter(
                report__task__in=live,
                report__role=ReportRole.LEAD,
                report__state__in=_FILED,
                report__period__start__lte=last,
                value__isnull=False,
            )
            .order_by("report__period__end", "report__submitted_at")
            .values_list("target_id", "value", "report__state", "report__period__start")
        )
        self.milestones: dict[int, list[bool]] = defaultdict(list)
        for task_id, done in (
            Milestone.objects.filter(task__in=live, withdrawn=False).order_by().values_list("task_id", "done")
        ):
            self.milestones[task_id].append(done)  # counted, so in no particular order


class _Facts:
    """Everything ``assess`` needs for a plan's live tasks on one day."""

    def __init__(self, read: _Read, due_period: int | None, day: dt.date) -> None:
        self.plan, self.tasks, self.targets, self.leads = read.plan, read.tasks, read.targets, read.leads
        self.milestones = read.milestones
        # Only periods begun by ``day`` count, so a past day shows the plan as it stood then.
        reports = [r for r in read.reports if r[2] <= day]
        self.filed = {task_id for task_id, *_ in reports}
        self.filed_for_due = {task_id for task_id, period_id, *_ in reports if period_id == due_period}
        self.percent: dict[int, float] = {}
        for task_id, _, _, state, percent in reports:
            if state == ReportState.ACCEPTED and percent is not None:
                self.percent[task_id] = percent  # later periods overwrite earlier ones
        self.figures = self._latest_figures(read, day)

    @staticmethod
    def _latest_figures(read: _Read, day: dt.date) -> dict[int, tuple[float, bool]]:
        """Target pk → (figure, accepted): the latest accepted figure, else the latest pending one."""
        latest: dict[int, tuple[float, bool]] = {}
        for target_id, value, state, start in read.figures:
            if start > day:
                continue
            accepted = state == ReportState.ACCEPTED
            if accepted or not latest.get(target_id, (0, False))[1]:
                latest[target_id] = (value, accepted)
        return latest


def _assess(
    task: Task, facts: _Facts, day: dt.date, settings: figures.Settings, label: str | None
) -> TaskStatus:
    targets = facts.targets.get(task.pk, [])
    progress = [figures.TargetProgress(_spec(t), *facts.figures.get(t.pk, (None, False))) for t in targets]
    milestones = facts.milestones.get(task.pk, [])
    task_input = figures.TaskInput(
        start=task.start or facts.plan.year_start,
        deadline=task.deadline,
        targets=progress,
        milestones_done=sum(milestones) if milestones else None,
        milestones_total=len(milestones) if milestones else None,
        unit_percent=facts.percent.get(task.pk),
        reported=task.pk in facts.filed,
        report_missing=label is not None and task.pk not in facts.filed_for_due,
        weight=float(task.weight),
    )
    result = figures.assess(task_input, day, settings, period=label)
    return TaskStatus(
        task_id=task.external_id,
        text=task.text,
        status=str(result.status),
        light=str(result.light),
        time_progress=result.time_progress,
        completion=result.completion,
        reason=result.reason,
        targets=[
            TargetStatus(t.external_id, t.metric, t.value, t.unit, p.actual if p.accepted else None, c)
            for t, p, c in zip(targets, progress, result.target_completions, strict=True)
        ],
        section_id=task.section_id,
        lead=facts.leads.get(task.pk, ""),
        weight=float(task.weight),
    )


def _spec(target: Target) -> figures.TargetSpec:
    return figures.TargetSpec(
        value=target.value,
        comparator=target.comparator,
        growth=target.growth,
        lower_is_better=target.lower_is_better,
    )
