"""Progress reports in the JSON API: a caller, a task id and a report body in; the task's reports, the
caller's unit's report saved as a draft or submitted, or the office's review of a report out.

Every write goes through ``tracking.reports`` (``new_report``, ``save_report``, ``review``), so
the API keeps the pages' rules: a liaison reports for its own unit only, an accepted report is
locked, and a save carrying a stale ``version`` is refused with 409 instead of overwriting.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema

from duban.accounts import rules
from duban.errors import Forbidden
from duban.plans.models import Department, Role, Task
from duban.tracking import writes
from duban.tracking.models import ProgressReport, ReportSource
from duban.tracking.periods import find_period
from duban.tracking.reports import (
    EditConflict,
    ReportEntry,
    ReportRefused,
    new_report,
    review_by_id,
    save_report,
)
from duban.web.api.common import MAX_ID, Text, errors, readable_task, task_id_param

_TEXT = 5000  # as the report form; longer text is refused by the service too


class ReportIn(Schema):
    period: Text = Field(..., max_length=16, description="期次，如 2024-05（按季度报送时 2024-Q2）")
    progress: Text = Field("", max_length=_TEXT, description="进展情况")
    problems: Text = Field("", max_length=_TEXT, description="存在问题")
    next_steps: Text = Field("", max_length=_TEXT, description="下步措施")
    percent: float | None = Field(None, ge=0, le=100, description="无量化目标时的自评完成度 0–100")
    figures: dict[Text, float | None] = Field(
        default_factory=dict, description="完成值（累计）：目标编号 target_id → 数字；null 清空"
    )
    version: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="打开报告时的版本；新建时省略。报告已存在而未给版本，或版本已过期，返回 409",
    )
    submit: bool = Field(False, description="true 报送（等待审核），false 保存草稿")
    department: Text | None = Field(
        None, max_length=100, description="代哪个单位报送（仅督查室；缺省为牵头单位）。联络员只能为本单位报送"
    )


class ReviewIn(Schema):
    accept: bool = Field(..., description="true 审核通过（锁定），false 退回")
    comment: Text = Field("", max_length=_TEXT, description="审核意见；退回时必填")
    version: int = Field(..., ge=1, le=2**31 - 1, description="审核所依据的报告版本")


class ReportOut(Schema):
    id: int
    task_id: str
    period: str
    department: str
    role: str
    state: str
    progress: str
    problems: str
    next_steps: str
    percent: float | None
    figures: dict[str, float | None] = Field(description="目标编号 target_id → 完成值")
    review_comment: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    source: str
    version: int


def report_out(report: ProgressReport) -> ReportOut:
    return ReportOut(
        id=report.pk,
        task_id=report.task.external_id,
        period=report.period.label,
        department=report.department.name,
        role=report.role,
        state=report.state,
        progress=report.progress,
        problems=report.problems,
        next_steps=report.next_steps,
        percent=report.percent,
        figures=_figures(report),
        review_comment=report.review_comment,
        submitted_at=report.submitted_at,
        reviewed_at=report.reviewed_at,
        source=report.source,
        version=report.version,
    )


def _figures(report: ProgressReport) -> dict[str, float | None]:
    """Target id → figure; one query for a report just written (a list prefetches them)."""
    if "figures" in getattr(report, "_prefetched_objects_cache", {}):
        return {f.target.external_id: f.value for f in report.figures.all()}
    return dict(report.figures.order_by("pk").values_list("target__external_id", "value"))


def task_reports(user, task_id: str) -> list[ProgressReport]:
    """Every report on a task the caller may read, newest period first (as on the task page)."""
    task = readable_task(user, task_id)
    return list(
        task.reports.select_related("task", "period", "department")
        .prefetch_related("figures__target")
        .order_by("-period__end", "role", "department__order")
    )


def file_report(user, task_id: str, body: ReportIn) -> ProgressReport:
    """Create or update the caller's unit's report for a period, as a draft or submitted."""
    task = readable_task(user, task_id)
    unit = _reporting_unit(user, task, body.department)
    entry = _entry(task, body)
    # One transaction: a refused save leaves no empty draft behind, the statuses move once, and
    # the plan's calendar is read once for the period named and the reassessment.
    with writes.batch():
        period = find_period(task.plan, body.period)
        if period is None:
            raise ReportRefused(
                f"计划 {task.plan} 没有期次“{body.period}”：请写成 {task.plan.year}-05 这样的期次"
            )
        report = ProgressReport.objects.filter(task=task, period=period, department=unit).first()
        if report is not None and body.version is None:
            raise EditConflict(
                f"这份报告已存在（版本 {report.version}）：请先读取报告，并在请求中带上 version 再修改"
            )
        report = report or new_report(task, period, unit, user=user)
        version = report.version if body.version is None else body.version
        return save_report(
            report, entry, version=version, user=user, submit=body.submit, source=ReportSource.API
        )


def _reporting_unit(user, task: Task, name: str | None) -> Department:
    """A liaison's own unit; the office names the unit, else reports for the lead unit."""
    if rules.is_office(user, task.plan):
        if not name:
            lead = (
                task.assignments.filter(role=Role.LEAD, withdrawn=False).select_related("department").first()
            )
            if lead is None:
                raise ReportRefused(
                    f"任务 {task.external_id} 还没有牵头单位：请先分工，或用 department 指明单位"
                )
            return lead.department
        unit = task.plan.government.departments.filter(name=name.strip()).first()
        if unit is None:
            raise ReportRefused(f"{task.plan.government}没有名为“{name}”的单位")
        return unit
    unit = rules.unit_of(user)
    if unit is None:
        raise Forbidden("只有单位联络员和督查室可以报送进展")
    if name and name.strip() != unit.name:
        raise Forbidden(f"您只能为本单位（{unit.name}）报送")
    if not rules.may_report(user, task, unit):
        raise Forbidden("这项任务不由您的单位承担，不能报送")
    return unit


def _entry(task: Task, body: ReportIn) -> ReportEntry:
    """The body as the service's entry: figures keyed by the stable target id become target pks."""
    targets = dict(task.targets.filter(withdrawn=False).values_list("external_id", "pk"))
    unknown = sorted(set(body.figures) - set(targets))
    if unknown:
        raise ReportRefused(
            f"任务 {task.external_id} 没有目标 {'、'.join(unknown)[:200]}：目标编号见 /targets"
        )
    return ReportEntry(
        progress=body.progress.strip(),
        problems=body.problems.strip(),
        next_steps=body.next_steps.strip(),
        percent=body.percent,
        figures={targets[key]: value for key, value in body.figures.items()},
    )


router = Router(tags=["进展报送"])


@router.get(
    "/tasks/{task_id}/reports", response={200: list[ReportOut], **errors(403, 404)}, summary="任务的进展报告"
)
def list_reports(request: HttpRequest, task_id: Text = task_id_param()) -> list[ReportOut]:
    return [report_out(r) for r in task_reports(request.auth, task_id)]


@router.post(
    "/tasks/{task_id}/reports",
    response={200: ReportOut, **errors(400, 403, 404, 409)},
    summary="保存或报送本单位的进展报告",
)
def post_report(request: HttpRequest, body: ReportIn, task_id: Text = task_id_param()) -> ReportOut:
    return report_out(file_report(request.auth, task_id, body))


@router.post(
    "/reports/{report_id}/review",
    response={200: ReportOut, **errors(400, 403, 404, 409)},
    summary="督查室审核：通过或退回",
)
def post_review(
    request: HttpRequest, body: ReviewIn, report_id: int = Path(..., ge=1, le=MAX_ID)
) -> ReportOut:
    reviewed = review_by_id(
        request.auth, report_id, accept=body.accept, comment=body.comment, version=body.version
    )
    return report_out(reviewed)
