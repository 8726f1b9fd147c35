"""What the task page and the report viewer show: a task id (or a plan) and the reader in; the
task with its source sentence, targets, reports and history, or the report text with every
extracted quantity marked and linked to its task, out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models.functions import Substr

from duban.accounts import rules
from duban.errors import Forbidden, NotFound
from duban.plans.models import Assignment, Plan, Target, Task
from duban.publish import access
from duban.tracking import cache
from duban.tracking.models import ProgressReport
from duban.tracking.status import TaskStatus

_CONTEXT = 240  # characters of the report shown on each side of a task's sentence


@dataclass
class Excerpt:
    before: str
    sentence: str
    after: str


@dataclass
class HistoryLine:
    when: dt.datetime
    who: str
    what: str
    reason: str


@dataclass
class TaskView:
    task: Task
    status: TaskStatus | None
    excerpt: Excerpt | None
    assignments: list[Assignment]
    reports: list[ProgressReport]
    history: list[HistoryLine]
    may_report: bool


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
        Task.objects.select_related("plan__government", "section")
        # A large plan's report text and extraction run to megabytes: the page shows a few hundred
        # characters of the one (``_excerpt`` reads just those) and nothing of the other.
        .defer("plan__source_text", "plan__extraction")
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
    assignments = list(task.assignments.filter(withdrawn=False).select_related("department").order_by("role"))
    reports = list(
        task.reports.select_related("period", "department")
        .prefetch_related("figures__target", "evidence")
        .order_by("-period__end", "role")
    )
    unit = rules.unit_of(user)
    may_report = rules.is_office(user, task.plan) or (
        unit is not None and any(a.department_id == unit.pk for a in assignments)
    )
    return TaskView(task, status, _excerpt(task), assignments, reports, _history(task), may_report)


def _excerpt(task: Task) -> Excerpt | None:
    if task.raw_start is None or task.raw_end is None:
        return None
    start, end = task.raw_start, task.raw_end
    first = max(0, start - _CONTEXT)
    # The database cuts the piece shown out of the report (Substr counts characters from 1).
    piece = Plan.objects.values_list(Substr("source_text", first + 1, end + _CONTEXT - first), flat=True).get(
        pk=task.plan_id
    )
    piece = piece or ""
    return Excerpt(piece[: start - first], piece[start - first : end - first], piece[end - first :])


def _history(task: Task) -> list[HistoryLine]:
    sources = [
        ("任务", task.history.select_related("history_user")),
        ("目标", Target.history.filter(task_id=task.pk).select_related("history_user")),
        ("分工", Assignment.history.filter(task_id=task.pk).select_related("history_user", "department")),
    ]
    lines = [line for kind, entries in sources for line in _lines(kind, entries)]
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


@dataclass
class Segment:
    text: str
    quantity: dict | None = None
    task_id: str | None = None


def report_segments(plan: Plan) -> list[Segment]:
    """The report as written, cut at every extracted quantity; each quantity links to its task."""
    extraction = plan.extraction or {}
    task_of_quantity = {q: t["id"] for t in extraction.get("tasks", []) for q in t.get("quantities", [])}
    stable = dict(plan.tasks.exclude(source_task="").values_list("source_task", "external_id"))
    text, segments, cursor = plan.source_text, [], 0
    for q in sorted(extraction.get("quantities", []), key=lambda q: q["raw_span"][0]):
        start, end = q["raw_span"]
        if start < cursor:
            continue  # overlapping spans: the first one wins
        segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], q, stable.get(task_of_quantity.get(q["id"], ""))))
        cursor = end
    segments.append(Segment(text[cursor:]))
    return segments
