"""Proposals: a plan and a day in; the orders the plan's rules call for out, stored as proposals
for the office to review (``OrderState.PROPOSED``).

Rules (``OrderRules``, bulletins.md): a task that is red, or whose report is missing after the
due day (status 未报送), gets a level-1 order (提醒, 交办单). When it is still so after
``escalate_after_periods`` due days have passed since the last order was issued, the next level
is proposed (2 催办, then 3 督办, the last). The status is ``tracking.status``'s on that day.

Choices where the spec is silent: an order closed (办结) while the task stays red still counts
as ignored, so the next level follows it; a proposal the office dismissed is not proposed again
until another due day has passed; a task with a proposal waiting gets no second one.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from duban.accounts import rules
from duban.errors import Forbidden
from duban.orders import phrases
from duban.orders.models import Level, Order, OrderState, Trigger
from duban.orders.policy import rules_for, working_days_after
from duban.plans import history
from duban.plans.models import Plan, Task
from duban.tracking import cache
from duban.tracking.figures import Status
from duban.tracking.periods import ensure_periods
from duban.tracking.status import TaskStatus


def propose(plan: Plan, day: dt.date, *, user) -> list[Order]:
    """Store the proposals due on ``day``; returns the new ones, in the ledger's order."""
    if not rules.is_office(user, plan):
        raise Forbidden("只有督查室可以生成督办建议")
    chosen = rules_for(plan)
    dues = [p.due for p in ensure_periods(plan)]
    latest = _latest_orders(plan)
    tasks = {
        t.external_id: t
        for t in Task.objects.filter(plan=plan, withdrawn=False).prefetch_related("assignments__department")
    }
    made = []
    with transaction.atomic():
        for status in cache.statuses(plan, day):
            trigger = _trigger(status, on_red=chosen.on_red, on_missing=chosen.on_missing)
            task = tasks.get(status.task_id)
            lead = task.lead_unit() if task else None
            if trigger is None or lead is None:
                continue
            level, parent = _next_level(latest.get(task.pk), dues, day, chosen.escalate_after_periods)
            if level is None:
                continue
            limit = working_days_after(day, chosen.time_limit_days)
            order = Order(
                plan=plan,
                task=task,
                department=lead,
                level=level,
                trigger=trigger,
                problem=status.reason,
                requirement=phrases.requirement(level, _date(limit)),
                proposed_on=day,
                time_limit=limit,
                parent=parent,
            )
            made.append(history.save(order, user=user, reason=f"按督办规则建议{Level(level).label}"))
    return made


def _trigger(status: TaskStatus, *, on_red: bool, on_missing: bool) -> Trigger | None:
    if on_missing and status.status == Status.NOT_REPORTED:
        return Trigger.MISSING
    if on_red and status.light == "red" and status.status != Status.NOT_REPORTED:
        return Trigger.RED
    return None


def _latest_orders(plan: Plan) -> dict[int, Order]:
    """Each task's most recent order, proposals and dismissals included."""
    latest: dict[int, Order] = {}
    for order in Order.objects.filter(plan=plan).order_by("proposed_on", "pk"):
        latest[order.task_id] = order
    return latest


def _next_level(
    last: Order | None, dues: list[dt.date], day: dt.date, after: int
) -> tuple[int | None, Order | None]:
    """(level to propose, the order it escalates) — (None, None) when nothing is due yet."""
    if last is None:
        return Level.REMIND, None
    if last.state == OrderState.PROPOSED:
        return None, None
    since = last.proposed_on if last.state == OrderState.DISMISSED else last.issued_on
    passed = sum(1 for due in dues if since < due < day)
    if passed < max(after, 1):
        return None, None
    if last.state == OrderState.DISMISSED:
        return last.level, last.parent
    if last.level >= Level.SUPERVISE:
        return None, None  # 督办 is the last level; the bulletin names it
    return last.level + 1, last


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
