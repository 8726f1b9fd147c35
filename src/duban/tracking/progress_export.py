"""Progress out to Excel (进展报送表): a plan, a period and optionally a unit in, a workbook out.

Export writes one row per live target of each task (one row for a task without targets): all
live tasks for the office, or only the tasks a unit leads. Rows are pre-filled from the report
already on file for that period, so a returned report comes back to be corrected.
``export_progress`` returns an ``ExportSummary`` of how many tasks and rows it wrote.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, NamedTuple

from django.utils import timezone

from duban.plans.leaders import responsible_leaders
from duban.plans.models import Department, Leader, Plan, Role, Target, Task
from duban.sheets.meta import SheetMeta
from duban.sheets.progress import ProgressRow, parse_actual, write_progress
from duban.tracking.figure_text import format_figure
from duban.tracking.models import Period, ProgressReport
from duban.tracking.progress_common import ProgressRefused, lead_of, live_tasks, read_figure


class ExportSummary(NamedTuple):
    tasks: int
    rows: int


def title_of(plan: Plan, period: Period) -> str:
    return f"{plan.government.name}{plan.year}年政府工作报告重点任务进展报送表（{period.title}）"


def _figure_text(value: float | None, text: str, target: Target) -> str:
    """What the export pre-fills for a stored figure: as the unit wrote it, when that reads back
    to the same value; else the value written in the target's scale (which reads back to it)."""
    if value is None:
        return text
    probe = ProgressRow(0, "", "", "", "", "", text, parse_actual(text), "", "", "", "", "")
    if text and read_figure(probe, target) == value:
        return text
    return format_figure(value, target, decimals=None)


def export_progress(
    plan: Plan, period: Period, dest: Path | BinaryIO, *, department: Department | None = None
) -> ExportSummary:
    """Write the 进展报送表 for ``period``: a unit's tasks, or every live task for the office."""
    tasks = _tasks_for(plan, department)
    if not tasks:
        whose = f"“{department.name}”在" if department else ""
        raise ProgressRefused(f"{whose}计划“{plan.key}”中没有牵头的任务，无需报送")
    reports = _reports_on_file(period, tasks)
    leaders = responsible_leaders(plan)
    rows: list[ProgressRow] = []
    for n, task in enumerate(tasks, start=1):
        lead = lead_of(task)
        report = reports.get((task.pk, lead.pk)) if lead else None
        rows.extend(_task_rows(n, task, lead, report, leaders.get(task.pk)))
    meta = SheetMeta(
        kind="progress",
        plan_key=plan.key,
        plan_id=plan.pk,
        period=period.label,
        department=department.name if department else None,
        exported_at=timezone.now().isoformat(),
    )
    write_progress(dest, meta, title_of(plan, period), rows)
    return ExportSummary(len(tasks), len(rows))


def _tasks_for(plan: Plan, department: Department | None) -> list[Task]:
    tasks = live_tasks(plan)
    if department is not None:
        tasks = tasks.filter(
            assignments__department=department, assignments__role=Role.LEAD, assignments__withdrawn=False
        )
    return list(tasks)


def _reports_on_file(period: Period, tasks: list[Task]) -> dict[tuple[int, int], ProgressReport]:
    reports = ProgressReport.objects.filter(period=period, task__in=tasks).prefetch_related("figures")
    return {(r.task_id, r.department_id): r for r in reports}


def _task_rows(
    n: int, task: Task, lead: Department | None, report: ProgressReport | None, leader: Leader | None
) -> list[ProgressRow]:
    blank = ProgressRow(
        leader=leader.name if leader else "",
        row=0,
        seq=str(n),
        text=task.text,
        lead=lead.name if lead else "",
        metric="",
        target="",
        actual_text="",
        actual=None,
        progress="",
        problems="",
        next_steps="",
        task_id=task.external_id,
        target_id="",
    )
    targets = list(task.targets.all())
    figures = {f.target_id: f for f in report.figures.all()} if report else {}
    rows = [_target_row(blank, target, figures.get(target.pk)) for target in targets] or [
        _percent_row(blank, report)
    ]
    if report is not None:
        # The texts go on the task's first row only: import joins the rows' distinct texts.
        rows[0] = _with_texts(rows[0], report)
    return rows


def _target_row(blank: ProgressRow, target: Target, figure) -> ProgressRow:
    actual = _figure_text(figure.value, figure.text, target) if figure else ""
    return replace(
        blank, metric=target.metric, target=target.text, actual_text=actual, target_id=target.external_id
    )


def _percent_row(blank: ProgressRow, report: ProgressReport | None) -> ProgressRow:
    # A task without targets reports the unit's own percentage in 完成值.
    percent = report.percent if report else None
    return blank if percent is None else replace(blank, actual_text=f"{percent:g}%")


def _with_texts(row: ProgressRow, report: ProgressReport) -> ProgressRow:
    return replace(row, progress=report.progress, problems=report.problems, next_steps=report.next_steps)
