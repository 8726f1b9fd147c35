"""A unit's inbox: the user, plan and day in; the tasks due this period with their reports out.
Also turns a submitted report form into a ``ReportEntry`` and saves it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from duban.accounts import rules
from duban.errors import Forbidden, NotFound
from duban.plans.models import Department, Plan, Role, Task, heavy
from duban.tracking import writes
from duban.tracking.evidence import attach_upload
from duban.tracking.figure_text import read_written, target_scale
from duban.tracking.models import Period, ProgressReport
from duban.tracking.periods import find_period, open_on
from duban.tracking.reports import ReportEntry, ReportRefused, open_report, role_in, save_report


@dataclass
class InboxItem:
    task: Task
    role: str
    report: ProgressReport | None


@dataclass
class Inbox:
    plan: Plan
    unit: Department
    period: Period
    items: list[InboxItem]

    @property
    def waiting(self) -> int:
        return sum(1 for i in self.items if i.report is None or i.report.state in {"draft", "returned"})


def unit_for(user, plan: Plan, department_id: str | None) -> Department:
    """A liaison's own unit; the office may look at any unit's inbox."""
    if rules.is_office(user, plan):
        chosen = department_id and department_id.isdecimal()
        unit = plan.government.departments.filter(pk=int(department_id)).first() if chosen else None
        unit = unit or plan.government.departments.filter(active=True).order_by("order").first()
    else:
        unit = rules.unit_of(user)
    if unit is None:
        raise Forbidden("只有单位联络员和督查室可以报送进展")
    if unit.government_id != plan.government_id:
        raise NotFound("您的单位不属于这个计划的政府")
    return unit


def inbox(user, plan: Plan, day: dt.date, department_id: str | None = None) -> Inbox:
    unit = unit_for(user, plan, department_id)
    period = open_on(plan, day)
    tasks = (
        Task.objects.filter(
            plan=plan, withdrawn=False, assignments__department=unit, assignments__withdrawn=False
        )
        .select_related("section")
        .prefetch_related("targets")
        .order_by("order")
        .distinct()
    )
    reports = {r.task_id: r for r in ProgressReport.objects.filter(period=period, department=unit)}
    items = [InboxItem(t, role_in(t, unit) or "support", reports.get(t.pk)) for t in tasks]
    items.sort(key=lambda i: (i.role != "lead", i.task.order))
    return Inbox(plan, unit, period, items)


def form_target(user, task_id: str, period_label: str, department_id: str | None):
    """The task, period and unit a report form is for, checked against the user."""
    task = (
        Task.objects.select_related("plan__government")
        .defer(*heavy("plan"))
        .filter(external_id=task_id)
        .first()
    )
    if task is None:
        raise NotFound(f"没有编号为 {task_id} 的任务")
    period = find_period(task.plan, period_label)
    if period is None:
        raise NotFound(f"没有期次 {period_label}")
    if not department_id and rules.is_office(
        user, task.plan
    ):  # the office reports for the lead unit unless told
        lead = task.assignments.filter(role=Role.LEAD, withdrawn=False).first()
        department_id = str(lead.department_id) if lead else None
    unit = unit_for(user, task.plan, department_id)
    if not rules.may_report(user, task, unit):
        raise Forbidden("这项任务不由您的单位承担，不能报送")
    report = ProgressReport.objects.filter(task=task, period=period, department=unit).first()
    return task, period, unit, report


def entry_from(form, task: Task) -> ReportEntry:
    """Read the report form; a figure that is not a number is refused with its metric named."""
    entry = ReportEntry(
        progress=form.get("progress", "").strip(),
        problems=form.get("problems", "").strip(),
        next_steps=form.get("next_steps", "").strip(),
        percent=_number(form.get("percent", ""), "自评完成度"),
    )
    for target in task.targets.filter(withdrawn=False):
        written = form.get(f"figure-{target.pk}", "").strip()
        if written:
            value = read_written(written, target)
            if value is None:
                raise ReportRefused(
                    f"“{target.metric}”的完成值应是一个数字，如 120 或 1.2万，收到“{written}”"
                )
            entry.figures[target.pk] = value
            entry.figure_texts[target.pk] = written
    return entry


def _number(text: str, name: str) -> float | None:
    text = text.strip().rstrip("%％")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ReportRefused(f"“{name}”应填数字，收到“{text}”") from None
    if not math.isfinite(value):
        raise ReportRefused(f"“{name}”应填有限的数字")
    return value


def figure_fields(task: Task, report: ProgressReport | None, posted=None) -> list[tuple]:
    """(target, value shown) for each live target: what was just typed, else what was saved."""
    saved = {f.target_id: f for f in report.figures.all()} if report else {}
    fields = []
    for target in task.targets.filter(withdrawn=False):
        if posted is not None:
            shown = posted.get(f"figure-{target.pk}", "")
        else:
            figure = saved.get(target.pk)
            shown = "" if figure is None else figure.text or _plain(figure.value, target)
        fields.append((target, shown))
    return fields


def _plain(value: float | None, target) -> str:
    # In the target's own scale, so the number reads back to the same value.
    return "" if value is None else f"{value / target_scale(target):.12g}"


def posted_version(form) -> int | None:
    text = form.get("version", "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ReportRefused(f"版本号“{text[:20]}”无效：请刷新页面后重新填写") from None


def save_form(user, task: Task, period: Period, unit: Department, report, form, uploads) -> tuple:
    """The report form's POST: save the draft or submit it, with its evidence files, all or nothing.

    Returns the report and the line the form shows.
    """
    entry = entry_from(form, task)
    given = posted_version(form)
    submit = form.get("action") == "submit"
    with writes.batch():  # all or nothing, and the statuses move once
        report = report or open_report(task, period, unit, user=user)
        # Version 0 is a form opened before any report existed: it may fill a report still as new
        # (version 1), not one someone else saved in the meantime.
        version = report.version if given is None else given or 1
        report = save_report(report, entry, version=version, user=user, submit=submit)
        for upload in uploads:
            attach_upload(report, upload, user=user)
    return report, "已报送，等待督查室审核" if submit else "草稿已保存"
