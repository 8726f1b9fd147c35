"""What a user may see: a user and a requested plan in; the plan and the task statuses they may
read out, or ``Forbidden``/``NotFound``. Views never decide this themselves.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from duban.accounts import rules
from duban.errors import Forbidden, NotFound
from duban.plans import revision
from duban.plans.models import Assignment, Department, Plan
from duban.tracking import cache
from duban.tracking.status import TaskStatus


def _listed() -> QuerySet[Plan]:
    return Plan.objects.select_related("government").order_by("-year", "government__name")


def _liaison_unit(user) -> Department | None:
    """None for readers of whole plans, else the liaison's unit; a user with no role is refused."""
    if rules.may_read_all(user):
        return None
    unit = rules.unit_of(user)
    if unit is None:
        raise Forbidden("您的账号尚未分配角色：请联系督查室在管理后台设置")
    return unit


def _governments(user) -> frozenset[int] | None:
    """The governments whose plans the user may open (None: all); refuses a user with no role."""
    _liaison_unit(user)
    return rules.readable_governments(user)


def visible_plans(user) -> QuerySet[Plan]:
    governments = _governments(user)
    return _listed() if governments is None else _listed().filter(government_id__in=governments)


def choose_plan(user, plan_id: str | None) -> Plan:
    plans = visible_plans(user)
    plan = (
        plans.filter(pk=int(plan_id)).first() if plan_id and plan_id.isdecimal() else _home_first(user, plans)
    )
    if plan is None:
        raise NotFound("没有可查看的计划：请先用 duban import 导入政府工作报告")
    return plan


def plan_for(user, plan_id: int) -> Plan:
    """The plan with this id when the user may see it; else it is not there for them."""
    plan = choose_plan(user, str(plan_id))
    if plan.pk != plan_id:
        raise NotFound("没有这个计划")
    return plan


def _home_first(user, plans) -> Plan | None:
    """With no plan asked for: the newest plan of the user's own government, else the newest."""
    home = rules.home_government(user)
    listed = list(plans) if not isinstance(plans, list) else plans
    own = next((p for p in listed if p.government_id == home), None) if home is not None else None
    return own or (listed[0] if listed else None)


def listed_plans() -> list[Plan]:
    """Every plan, kept in this process until a plan's revision moves (any write to a plan, its
    government or units), so a request reads only the revisions. The rows are shared between
    requests and must not be changed. No visibility check: callers make it."""
    return cache.remember(("plans", revision.stamps()), lambda: list(_listed()))


def plans_and_choice(user, plan_id: str | None) -> tuple[list[Plan], Plan]:
    """The plans the user may see (the pages' plan switch) and the one ``choose_plan`` would pick;
    the busiest pages need both."""
    plans = listed_plans()
    governments = _governments(user)
    if governments is not None:
        plans = [p for p in plans if p.government_id in governments]
    if plan_id and plan_id.isdecimal():
        plan = next((p for p in plans if p.pk == int(plan_id)), None)
    else:
        plan = _home_first(user, plans)
    if plan is None:
        raise NotFound("没有可查看的计划：请先用 duban import 导入政府工作报告")
    return plans, plan


def scope_of(user) -> int | None:
    """How much of a plan the user sees: None for readers of everything, else the pk of the
    liaison's unit. What pages cache per plan, they cache per scope."""
    unit = _liaison_unit(user)
    return None if unit is None else unit.pk


def unit_task_ids(user, plan: Plan) -> set[str] | None:
    """The stable ids a liaison's unit leads or supports; None for readers of everything."""
    unit = scope_of(user)
    if unit is None:
        return None
    return set(
        Assignment.objects.filter(task__plan=plan, department_id=unit, withdrawn=False).values_list(
            "task__external_id", flat=True
        )
    )


def visible_statuses(user, plan: Plan, day: dt.date) -> tuple[list[TaskStatus], bool]:
    """The statuses the user may read, and whether they are narrowed to a unit."""
    narrowed = unit_statuses(user, plan, day)
    return (cache.statuses(plan, day), False) if narrowed is None else (narrowed, True)


def unit_statuses(user, plan: Plan, day: dt.date) -> list[TaskStatus] | None:
    """A liaison's unit's statuses; None for a reader of the whole plan, who is given no list of
    10,000 statuses to read a page or a roll-up from."""
    unit = scope_of(user)
    if unit is None:
        return None

    def narrowed() -> list[TaskStatus]:
        allowed = unit_task_ids(user, plan) or set()
        return [s for s in cache.statuses(plan, day) if s.task_id in allowed]

    # Picked out once per revision: a liaison's pages then cost no pass over the whole plan.
    return cache.remember_page(cache.plan_key(plan, day, "unit-statuses", unit), narrowed)
