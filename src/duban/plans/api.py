"""The plans part of the JSON API: a signed-in caller and a plan or task id in; the plans they may
see, a plan's sections, and a task with its assignments and targets out.

Also holds what every router of the API shares (``web/api.py`` assembles them): the error body,
the id and text parameter types, and the lookups that refuse a plan or task the caller may not
read (``NotFound`` → 404, ``Forbidden`` → 403, as on the web pages).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Router, Schema
from pydantic import AfterValidator

from duban.accounts import rules
from duban.errors import Forbidden, NotFound
from duban.plans.models import Plan, Target, Task
from duban.publish import access
from duban.tracking.periods import as_of, ensure_periods, open_on

# The largest id a database integer column holds; a bigger one is refused as invalid (422) instead
# of overflowing in the database driver.
MAX_ID = 2**63 - 1


class Error(Schema):
    detail: str


def errors(*codes: int) -> dict[int, type[Error]]:
    """The refusals an operation may answer with, for its OpenAPI description."""
    return {code: Error for code in (401, 422, *codes)}


def _storable(value: str) -> str:
    # PostgreSQL refuses NUL in text and neither database stores a lone surrogate (possible in
    # JSON as "\ud800"): refuse them here as invalid input rather than fail in the driver.
    if "\x00" in value:
        raise ValueError("不能包含空字符（\\u0000）")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("包含无法存储的字符（单独的代理码位）") from None
    return value


Text = Annotated[str, AfterValidator(_storable)]


def task_id_param() -> object:
    return Path(..., min_length=1, max_length=32, description="任务编号（稳定编号），如 T1-0001")


def plan_id_param() -> object:
    return Path(..., ge=1, le=MAX_ID, description="计划编号，见 GET /api/plans")


def readable_plan(user, plan_id: int) -> Plan:
    """The plan when the caller may see it; a plan of another government is simply not there."""
    plan = access.visible_plans(user).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(f"没有编号为 {plan_id} 的计划，或您无权查看")
    return plan


def readable_task(user, task_id: str) -> Task:
    """The task when the caller may read it: 404 when there is none, 403 for another unit's task."""
    task = Task.objects.select_related("plan__government", "section").filter(external_id=task_id).first()
    if task is None:
        raise NotFound(f"没有编号为 {task_id} 的任务")
    if not rules.may_read_plan(user, task.plan):
        raise NotFound(f"没有编号为 {task_id} 的任务")
    if not rules.may_read_task(user, task):
        raise Forbidden("这项任务不由您的单位承担，无权查看")
    return task


class PlanOut(Schema):
    id: int
    key: str
    government: str
    year: int
    title: str
    published: bool


class PeriodOut(Schema):
    label: str
    title: str
    start: dt.date
    end: dt.date
    due: dt.date


class PlanDetailOut(PlanOut):
    as_of: dt.date
    tasks: int
    periods: list[PeriodOut]
    open_period: str


class SectionOut(Schema):
    id: int
    key: str
    number: str
    title: str
    part: str
    parent_id: int | None
    order: int


class TargetOut(Schema):
    target_id: str
    metric: str
    value: float | None
    unit: str
    comparator: str
    growth: bool
    lower_is_better: bool
    text: str


class AssignmentOut(Schema):
    department: str
    role: str
    reason: str
    suggested: bool


class TaskOut(Schema):
    task_id: str
    plan_id: int
    plan: str
    section_id: int | None
    section: str
    order: int
    text: str
    cue: str
    start: dt.date
    deadline: dt.date
    deadline_label: str
    weight: float
    withdrawn: bool
    lead: str
    assignments: list[AssignmentOut]
    targets: list[TargetOut]


def plan_out(plan: Plan) -> PlanOut:
    return PlanOut(
        id=plan.pk,
        key=plan.key,
        government=plan.government.name,
        year=plan.year,
        title=plan.title,
        published=plan.published,
    )


def plan_detail(plan: Plan) -> PlanDetailOut:
    day = as_of(plan)
    periods = [
        PeriodOut(label=p.label, title=p.title, start=p.start, end=p.end, due=p.due)
        for p in ensure_periods(plan)
    ]
    return PlanDetailOut(
        **plan_out(plan).dict(),
        as_of=day,
        tasks=plan.tasks.filter(withdrawn=False).count(),
        periods=periods,
        open_period=open_on(plan, day).label,
    )


def sections_out(plan: Plan) -> list[SectionOut]:
    return [
        SectionOut(
            id=s.pk,
            key=s.key,
            number=s.number,
            title=s.title,
            part=s.part,
            parent_id=s.parent_id,
            order=s.order,
        )
        for s in plan.sections.order_by("order")
    ]


def target_out(target: Target) -> TargetOut:
    return TargetOut(
        target_id=target.external_id,
        metric=target.metric,
        value=target.value,
        unit=target.unit,
        comparator=target.comparator,
        growth=target.growth,
        lower_is_better=target.lower_is_better,
        text=target.text,
    )


def task_out(task: Task) -> TaskOut:
    assignments = list(task.assignments.filter(withdrawn=False).select_related("department").order_by("role"))
    return TaskOut(
        task_id=task.external_id,
        plan_id=task.plan_id,
        plan=task.plan.key,
        section_id=task.section_id,
        section=str(task.section) if task.section else "",
        order=task.order,
        text=task.text,
        cue=task.cue,
        start=task.starts_on,
        deadline=task.deadline,
        deadline_label=task.deadline_label,
        weight=float(task.weight),
        withdrawn=task.withdrawn,
        lead=next((a.department.name for a in assignments if a.role == "lead"), ""),
        assignments=[
            AssignmentOut(department=a.department.name, role=a.role, reason=a.reason, suggested=a.suggested)
            for a in assignments
        ],
        targets=targets_out(task),
    )


def targets_out(task: Task) -> list[TargetOut]:
    """The task's live targets; ``target_id`` is the stable id a report's figures are keyed by."""
    return [target_out(t) for t in task.targets.filter(withdrawn=False).order_by("pk")]


router = Router(tags=["计划与任务"])


@router.get("/plans", response={200: list[PlanOut], **errors(403)}, summary="可查看的年度计划")
def list_plans(request: HttpRequest) -> list[PlanOut]:
    return [plan_out(p) for p in access.visible_plans(request.auth)]


@router.get(
    "/plans/{plan_id}", response={200: PlanDetailOut, **errors(403, 404)}, summary="一个计划及其报送期次"
)
def get_plan(request: HttpRequest, plan_id: int = plan_id_param()) -> PlanDetailOut:
    return plan_detail(readable_plan(request.auth, plan_id))


@router.get(
    "/plans/{plan_id}/sections", response={200: list[SectionOut], **errors(403, 404)}, summary="计划的章节"
)
def list_sections(request: HttpRequest, plan_id: int = plan_id_param()) -> list[SectionOut]:
    return sections_out(readable_plan(request.auth, plan_id))


@router.get("/tasks/{task_id}", response={200: TaskOut, **errors(403, 404)}, summary="一项任务及其分工和目标")
def get_task(request: HttpRequest, task_id: Text = task_id_param()) -> TaskOut:
    return task_out(readable_task(request.auth, task_id))


@router.get(
    "/tasks/{task_id}/targets", response={200: list[TargetOut], **errors(403, 404)}, summary="任务的量化目标"
)
def list_targets(request: HttpRequest, task_id: Text = task_id_param()) -> list[TargetOut]:
    return targets_out(readable_task(request.auth, task_id))
