"""What every router of the JSON API shares (``web/api/__init__.py`` assembles them): the error
body, the id and text parameter types, and the lookups that refuse a plan or task the caller may
not read (``NotFound`` → 404, ``Forbidden`` → 403, as on the web pages).
"""

from __future__ import annotations

from typing import Annotated

from ninja import Path, Schema
from pydantic import AfterValidator

from duban.accounts import rules
from duban.errors import Forbidden, NotFound
from duban.plans.models import Plan, Task, heavy
from duban.publish import access

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
    task = (
        Task.objects.select_related("plan__government", "section")
        .defer(*heavy("plan"))
        .filter(external_id=task_id)
        .first()
    )
    if task is None or not rules.may_read_plan(user, task.plan):
        raise NotFound(f"没有编号为 {task_id} 的任务")
    if not rules.may_read_task(user, task):
        raise Forbidden("这项任务不由您的单位承担，无权查看")
    return task
