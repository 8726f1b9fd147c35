"""What the task page shows: a task id and the reader in; the task with its units and leader, its
sentence in the (repaired) report text, its targets with the latest accepted figures, its reports
as a timeline with their evidence, and its history — every change to the task, its targets, its
assignments and its reports (报送, 退回 with the comment, 重新报送, 审核通过), each with who and when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.db.models.functions import Substr

from duban.accounts import rules
from duban.errors import Forbidden, NotFound
from duban.plans.leaders import responsible_leader
from duban.plans.models import Assignment, Department, Leader, Plan, Role, Target, Task, heavy
from duban.publish import access
from duban.publish.report_text import Paragraph, excerpt
from duban.tracking import cache
from duban.tracking.figure_text import format_figure
from duban.tracking.models import Evidence, Figure, ProgressReport, ReportState
from duban.tracking.status import TaskStatus

_CONTEXT = 240  # characters of the report shown on each side of a task's sentence


@dataclass
class HistoryLine:
    when: dt.datetime
    who: str
    what: str
    reason: str


@dataclass
class TargetLine:
    metric: str
    target: str  # as the report writes it
    actual: str  # the latest accepted figure, in the target's scale
    completion: float | None


@dataclass
class FigureShown:
    metric: str
    figure: str  # in the target's scale
    written: str  # as the unit typed it, when that reads differently


@dataclass
class ReportLine:
    """One report on the timeline, with its figures and evidence and what happened to it."""

    report: ProgressReport
    figures: list[FigureShown]
    evidence: list[Evidence]
    events: list[HistoryLine]


@dataclass
class TaskView:
    task: Task
    status: TaskStatus | None
    excerpt: list[Paragraph] | None
    lead: Department | None
    supports: list[Department]
    leader: Leader | None
    targets: list[TargetLine]
    reports: list[ReportLine]
    history: list[HistoryLine]
    may_report: bool
    may_remind: bool  # the office's 催办 button


_NO_TASK = "没有编号为 {} 的任务"


def task_plan(external_id: str) -> Plan:
    """The plan of the task with this stable id, from the plans kept in this process: what the
    task page is kept under. Whether the reader may see the task is ``task_view``'s to say."""

    def plan_id() -> int:
        found = Task.objects.filter(external_id=external_id).values_list("plan_id", flat=True).first()
        if found is None:  # raised, so not remembered: the task may be imported later
            raise NotFound(_NO_TASK.format(external_id))
        return found

    # A task never moves to another plan, so which plan it is in is remembered for good.
    kept = cache.remember_page(("task-plan", external_id), plan_id)
    plan = next((p for p in access.listed_plans() if p.pk == kept), None)
    if plan is None:
        raise NotFound(_NO_TASK.format(external_id))
    return plan


def task_view(user, external_id: str, day: dt.date) -> TaskView:
    task = (
        Task.objects.select_related("plan__government", "section", "leader")
        # The page shows a few hundred characters of the report (``_excerpt`` reads just those).
        .defer(*heavy("plan"))
        # Read once for the units shown and the responsible leader (``Task.lead_unit``), in the
        # order they were assigned: a restored database returns ties in another order.
        .prefetch_related(
            Prefetch(
                "assignments", queryset=Assignment.objects.select_related("department").order_by("role", "pk")
            )
        )
        .filter(external_id=external_id)
        .first()
    )
    if task is None:
        raise NotFound(_NO_TASK.format(external_id))
    if not rules.may_read_plan(user, task.plan):
        raise NotFound(_NO_TASK.format(external_id))  # another government's: not there for this user
    if not rules.may_read_task(user, task):
        raise Forbidden("这项任务不由您的单位承担，无权查看")
    status = cache.task_status(task.plan, day, task.external_id)
    assignments = [a for a in task.assignments.all() if not a.withdrawn]
    lead = next((a.department for a in assignments if a.role == Role.LEAD), None)
    reports = list(
        task.reports.select_related("period", "department", "submitted_by", "reviewed_by")
        .prefetch_related(
            "figures__target",
            Prefetch("evidence", queryset=Evidence.objects.filter(withdrawn=False).order_by("pk")),
        )
        .order_by("-period__end", "role")
    )
    unit = rules.unit_of(user)
    may_report = rules.is_office(user, task.plan) or (
        unit is not None and any(a.department_id == unit.pk for a in assignments)
    )
    events = _report_events(task)
    return TaskView(
        task=task,
        status=status,
        excerpt=_excerpt(task),
        lead=lead,
        supports=[a.department for a in assignments if a.role == Role.SUPPORT],
        leader=responsible_leader(task),
        targets=_targets(task, status),
        reports=[_report_line(r, events.get(r.pk, [])) for r in reports],
        history=_history(task, events),
        may_report=may_report,
        may_remind=rules.is_office(user, task.plan) and not task.withdrawn,
    )


def _targets(task: Task, status: TaskStatus | None) -> list[TargetLine]:
    figures = {t.target_id: t for t in status.targets} if status else {}
    lines = []
    for target in task.targets.filter(withdrawn=False).order_by("pk"):
        shown = figures.get(target.external_id)
        actual = shown.actual if shown else None
        lines.append(
            TargetLine(
                target.metric,
                target.text or format_figure(target.value, target),
                format_figure(actual, target),
                shown.completion if shown else None,
            )
        )
    return lines


def _report_line(report: ProgressReport, events: list[HistoryLine]) -> ReportLine:
    figures = []
    for figure in sorted(report.figures.all(), key=lambda f: f.target_id):
        shown = format_figure(figure.value, figure.target)
        figures.append(FigureShown(figure.target.metric, shown, figure.text if figure.text != shown else ""))
    return ReportLine(report, figures, list(report.evidence.all()), sorted(events, key=lambda e: e.when))


def _excerpt(task: Task) -> list[Paragraph] | None:
    if task.raw_start is None or task.raw_end is None:
        return None
    start, end = task.raw_start, task.raw_end
    first = max(0, start - _CONTEXT)
    # The database cuts the piece shown out of the report (Substr counts characters from 1).
    piece = Plan.objects.values_list(Substr("source_text", first + 1, end + _CONTEXT - first), flat=True).get(
        pk=task.plan_id
    )
    return excerpt(piece or "", (start - first, end - first), task.plan.sections.all())


def _history(task: Task, reports: dict[int, list[HistoryLine]]) -> list[HistoryLine]:
    sources = [
        ("任务", task.history.select_related("history_user")),
        ("目标", Target.history.filter(task_id=task.pk).select_related("history_user")),
        ("分工", Assignment.history.filter(task_id=task.pk).select_related("history_user", "department")),
    ]
    lines = [line for kind, entries in sources for line in _lines(kind, entries)]
    lines += [line for events in reports.values() for line in events]
    lines += _figure_lines(task)
    return sorted(lines, key=lambda line: line.when, reverse=True)


def _lines(kind: str, entries) -> list[HistoryLine]:
    """Each entry told against the entry before it of the same row, both read in one query:
    ``prev_record`` would cost a query an entry, and a busy task has hundreds."""
    before: dict[int, object] = {}
    lines = []
    for entry in entries.order_by("history_date", "history_id"):
        what = _describe(entry, before.get(entry.id), kind)
        lines.append(
            HistoryLine(
                entry.history_date, str(entry.history_user or "系统"), what, entry.history_change_reason or ""
            )
        )
        before[entry.id] = entry
    return lines


def _describe(entry, previous, kind: str) -> str:
    if entry.history_type == "+":
        return f"新建{kind}"
    if previous is None:
        return f"修改{kind}"
    delta = entry.diff_against(previous)
    changed = [
        f"{c.field}：{c.old} → {c.new}" for c in delta.changes if c.field not in {"raw_start", "raw_end"}
    ]
    return f"修改{kind}（{'；'.join(changed)[:200]}）" if changed else f"修改{kind}"


# What a report's state change is called: (state before, state after) → verb; None is "new".
_STATE_VERBS = {
    ReportState.SUBMITTED: "报送",
    ReportState.ACCEPTED: "审核通过",
    ReportState.RETURNED: "退回",
    ReportState.DRAFT: "保存草稿",
}


def _report_events(task: Task) -> dict[int, list[HistoryLine]]:
    """Report pk → its state changes (报送, 退回 with the comment, 重新报送, 审核通过), each with who
    and when, read in one query for every report of the task."""
    entries = (
        ProgressReport.history.filter(task_id=task.pk)
        .select_related("history_user", "period", "department")
        .order_by("history_date", "history_id")
    )
    events: dict[int, list[HistoryLine]] = {}
    previous: dict[int, object] = {}
    for entry in entries:
        before = previous.get(entry.id)
        previous[entry.id] = entry
        if before is not None and before.state == entry.state and entry.state != ReportState.SUBMITTED:
            continue  # a draft saved again tells nothing new
        what = _report_event(entry, before)
        if what:
            who = str(entry.history_user or "系统")
            events.setdefault(entry.id, []).append(
                HistoryLine(entry.history_date, who, what, entry.history_change_reason or "")
            )
    return events


def _report_event(entry, before) -> str:
    about = f"{entry.period.title}进展（{entry.department.name}）"
    if entry.history_type == "+":
        return f"新建{about}"
    if entry.state == ReportState.SUBMITTED:
        resubmitted = before is not None and _was_returned(before)
        return f"{'重新报送' if resubmitted else '报送'}{about}"
    if entry.state == ReportState.RETURNED:
        return f"退回{about}：{entry.review_comment}"
    return f"{_STATE_VERBS.get(entry.state, '修改')}{about}"


def _was_returned(entry) -> bool:
    """Whether this draft or submitted version follows a return (its comment is still on it)."""
    return entry.state == ReportState.RETURNED or (
        entry.state == ReportState.DRAFT and bool(entry.review_comment)
    )


def _figure_lines(task: Task) -> list[HistoryLine]:
    """Figures typed, and changed, for the task's reports: 完成值（投资：2959.11万元 → 3100万元）."""
    entries = (
        Figure.history.filter(report__task_id=task.pk)
        .select_related("history_user", "target", "report__period")
        .order_by("history_date", "history_id")
    )
    lines, before = [], {}
    for entry in entries:
        old = before.get(entry.id)
        before[entry.id] = entry
        if old is not None and old.value == entry.value:
            continue
        target = entry.target
        now = format_figure(entry.value, target)
        what = (
            f"{target.metric}：{format_figure(old.value, target)} → {now}"
            if old
            else f"{target.metric}：{now}"
        )
        lines.append(
            HistoryLine(
                entry.history_date,
                str(entry.history_user or "系统"),
                f"填报{entry.report.period.title}完成值（{what}）",
                entry.history_change_reason or "",
            )
        )
    return lines
