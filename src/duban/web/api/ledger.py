"""Figures and lights in the JSON API: a plan id, a day and the ledger's filters in; one page of the
ledger, every task's status (the ``duban status --json`` contract) or the roll-ups out.

What a caller sees is decided by ``access.visible_statuses``: a liaison gets its unit's tasks
only, in every list and roll-up here, as on the overview and ledger pages. The day defaults to
the plan's assessment day (its set date, else today), as on the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from duban.plans.models import Plan
from duban.publish import access, cascade
from duban.publish.ledger import PER_PAGE, SORTS, LedgerQuery, LedgerRow, plan_ledger
from duban.tracking.figures import Light, Status
from duban.tracking.periods import as_of
from duban.tracking.rollup import Rollup, department_figures, plan_rollup, section_rollups
from duban.tracking.status import TaskStatus
from duban.web.api.common import MAX_ID, Text, errors, plan_id_param, readable_plan

Sort = Literal[tuple(SORTS)]  # type: ignore[valid-type]


class DayFilter(Schema):
    date: dt.date | None = Field(
        None, description="评估日期 YYYY-MM-DD；缺省为计划的评估日期（未设则为今天）"
    )


class LedgerFilters(DayFilter):
    section: int | None = Field(None, ge=1, le=MAX_ID, description="一级章节编号，见 /sections")
    department: Text = Field("", max_length=100, description="牵头单位名称")
    leader: Text = Field("", max_length=50, description="责任领导姓名")
    status: Status | None = None
    light: Light | None = None
    q: Text = Field("", max_length=100, description="任务文本中的词，或任务编号")
    sort: Sort = "order"  # type: ignore[valid-type]
    page: int = Field(1, ge=1, le=MAX_ID)
    per_page: int = Field(PER_PAGE, ge=1, le=500)


class TargetStatusOut(Schema):
    target_id: str
    metric: str
    target: float | None
    actual: float | None
    completion: float | None


class StatusOut(Schema):
    """One element of ``duban status --json``."""

    task_id: str
    text: str
    status: str
    light: str
    time_progress: float
    completion: float | None
    reason: str
    targets: list[TargetStatusOut]


class LedgerTargetOut(TargetStatusOut):
    unit: str


class LedgerRowOut(StatusOut):
    lead: str
    supports: str = Field(description="配合单位，以“、”分隔")
    leader: str = Field(description="责任领导（任务上指定的，否则为牵头单位的分管领导）")
    deadline: str = Field(description="完成时限：全年、长期坚持或日期")
    section_id: int | None
    targets: list[LedgerTargetOut]


class SectionChoice(Schema):
    id: int
    title: str


class LedgerOut(Schema):
    date: dt.date
    total: int
    page: int
    pages: int
    items: list[LedgerRowOut]
    sections: list[SectionChoice]
    departments: list[str]


class RollupOut(Schema):
    name: str
    completion: float | None
    time_progress: float | None
    lights: dict[str, int]
    statuses: dict[str, int]
    tasks: int


class DepartmentOut(Schema):
    name: str
    lights: dict[str, int]
    tasks: int
    on_time: int
    late: int
    returned: int
    score: float


class RollupsOut(Schema):
    date: dt.date
    scoped: bool = Field(description="true 时只含本单位承担的任务")
    plan: RollupOut
    sections: list[RollupOut]
    departments: list[DepartmentOut]


def _statuses(user, plan_id: int, asked: dt.date | None) -> tuple[Plan, dt.date, list[TaskStatus], bool]:
    plan = readable_plan(user, plan_id)
    day = as_of(plan, asked)
    statuses, scoped = access.visible_statuses(user, plan, day)
    return plan, day, statuses, scoped


def ledger(user, plan_id: int, filters: LedgerFilters) -> LedgerOut:
    plan = readable_plan(user, plan_id)
    day = as_of(plan, filters.date)
    query = LedgerQuery(
        section=filters.section,
        department=filters.department.strip(),
        leader=filters.leader.strip(),
        status=filters.status or "",
        light=filters.light or "",
        q=filters.q.strip(),
        sort=filters.sort,
        page=filters.page,
    )
    page = plan_ledger(user, plan, day, query, per_page=filters.per_page)
    return LedgerOut(
        date=day,
        total=page.total,
        page=page.page,
        pages=page.pages,
        items=[_row(s) for s in page.rows],
        sections=[SectionChoice(id=pk, title=title) for pk, title in page.sections],
        departments=page.departments,
    )


def _row(row: LedgerRow) -> dict:
    out = asdict(row.status)
    out.pop("weight")
    return {**out, "supports": row.facts.supports, "leader": row.facts.leader, "deadline": row.facts.deadline}


def statuses_json(user, plan_id: int, asked: dt.date | None) -> list[dict]:
    """What ``duban status --json`` prints for the plan, narrowed to what the caller may see."""
    return [s.as_json() for s in _statuses(user, plan_id, asked)[2]]


def rollups(user, plan_id: int, asked: dt.date | None) -> RollupsOut:
    plan, day, statuses, scoped = _statuses(user, plan_id, asked)
    return RollupsOut(
        date=day,
        scoped=scoped,
        plan=_rollup(plan_rollup(plan, statuses)),
        sections=[_rollup(r) for r in section_rollups(plan, statuses)],
        departments=[
            DepartmentOut(
                name=d.name,
                lights=dict(d.lights),
                tasks=d.tasks,
                on_time=d.on_time,
                late=d.late,
                returned=d.returned,
                score=d.score,
            )
            for d in department_figures(plan, statuses)
        ],
    )


def _rollup(rollup: Rollup) -> RollupOut:
    # Not ``asdict``: it rebuilds a Counter from its (key, count) pairs and so counts the pairs.
    return RollupOut(
        name=rollup.name,
        completion=rollup.completion,
        time_progress=rollup.time_progress,
        lights=dict(rollup.lights),
        statuses=dict(rollup.statuses),
        tasks=rollup.tasks,
    )


router = Router(tags=["台账与灯"])


@router.get(
    "/plans/{plan_id}/tasks", response={200: LedgerOut, **errors(403, 404)}, summary="台账：筛选后的一页任务"
)
def list_tasks(
    request: HttpRequest, filters: Query[LedgerFilters], plan_id: int = plan_id_param()
) -> LedgerOut:
    return ledger(request.auth, plan_id, filters)


@router.get(
    "/plans/{plan_id}/status",
    response={200: list[StatusOut], **errors(403, 404)},
    summary="每项任务的状态和灯（同 duban status --json）",
)
def plan_statuses(request: HttpRequest, day: Query[DayFilter], plan_id: int = plan_id_param()) -> list[dict]:
    return statuses_json(request.auth, plan_id, day.date)


@router.get(
    "/plans/{plan_id}/rollup",
    response={200: RollupsOut, **errors(403, 404)},
    summary="计划、章节和单位的汇总",
)
def plan_rollups(request: HttpRequest, day: Query[DayFilter], plan_id: int = plan_id_param()) -> RollupsOut:
    return rollups(request.auth, plan_id, day.date)


class CascadeFigureOut(Schema):
    government: str
    plan: str
    value: float | None
    unit: str
    comparator: str
    text: str
    gap: float | None = Field(description="与上级目标之差：增速为百分点，总量为上级目标的百分比")
    gap_unit: str
    stricter: bool | None = Field(description="true：比上级目标更高（越低越好的指标为更低），即加码")
    actual: float | None = Field(description="最新审核通过的累计完成值")
    status: str
    light: str
    task_id: str | None
    verdict: str | None = Field(description="年终兑现核查结论（需要次年报告）")
    verdict_note: str


class CascadeIndicatorOut(Schema):
    metric: str
    lower_is_better: bool
    parent: CascadeFigureOut
    children: list[CascadeFigureOut]
    children_total: float | None
    children_total_share: float | None


class CascadeOut(Schema):
    schema_: str = Field(alias="schema")
    plan: str
    government: str
    year: int
    date: dt.date
    children: list[str]
    children_without_plan: list[str]
    indicators: list[CascadeIndicatorOut]


def cascade_json(user, plan_id: int, asked: dt.date | None) -> dict:
    plan = readable_plan(user, plan_id)
    return cascade.as_json(cascade.cascade(user, plan, as_of(plan, asked)))


@router.get(
    "/plans/{plan_id}/cascade",
    response={200: CascadeOut, **errors(403, 404)},
    summary="层层加码：本级主要预期目标与各下级政府目标的对照和差距",
    by_alias=True,
)
def plan_cascade(request: HttpRequest, day: Query[DayFilter], plan_id: int = plan_id_param()) -> dict:
    return cascade_json(request.auth, plan_id, day.date)
