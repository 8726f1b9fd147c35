"""A plan named on the command line (爱民区/2024, or the id `duban import` printed) in, the plan out."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from duban.errors import Refusal
from duban.plans.models import Plan


class PlanNotFound(Refusal):
    """No plan by that name; the message says how to list the plans."""


def find_plan(name: str) -> Plan:
    name = name.strip()
    plans = Plan.objects.select_related("government")
    if name.isdigit():
        plan = plans.filter(pk=int(name)).first()
    else:
        government, _, year = name.rpartition("/")
        plan = (
            plans.filter(government__name=government, year=int(year)).first()
            if government and year.isdigit()
            else None
        )
    if plan is None:
        raise PlanNotFound(
            f"找不到计划“{name}”：请写成 政府/年度（如 爱民区/2024）或编号，`duban plans` 可列出全部计划"
        )
    return plan


def all_plans() -> QuerySet[Plan]:
    return Plan.objects.select_related("government").annotate(
        task_count=Count("tasks", filter=Q(tasks__withdrawn=False))
    )
