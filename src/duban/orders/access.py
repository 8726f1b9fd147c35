"""Which orders a user may see: a user and a plan (or an order's id) in; the orders they may read
out, or ``NotFound``. The office and readers see every issued order (the office its proposals
too); a unit's liaison sees its own unit's issued orders and no other unit's — another unit's
order is "not found", so its existence does not leak."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from duban.accounts import rules
from duban.errors import Forbidden, NotFound
from duban.orders.models import AWAITING_UNIT, Order, OrderState
from duban.plans.models import Plan

_INTERNAL = (OrderState.PROPOSED, OrderState.DISMISSED)  # the office's own working papers


def _all() -> QuerySet[Order]:
    return Order.objects.select_related("plan__government", "task", "department", "parent")


def readable(user) -> QuerySet[Order]:
    """The orders of the plans the user may read; an office's working papers only to the office
    of the plan's own government."""
    if rules.role_of(user) is None:
        raise Forbidden("您的账号尚未分配角色：请联系督查室在管理后台设置")
    governments = rules.readable_governments(user)
    found = _all() if governments is None else _all().filter(plan__government_id__in=governments)
    if rules.has_office_role(user):
        home = rules.home_government(user)
        return found if home is None else found.filter(Q(plan__government_id=home) | ~Q(state__in=_INTERNAL))
    shown = found.exclude(state__in=_INTERNAL)
    if rules.may_read_all(user):
        return shown
    unit = rules.unit_of(user)
    return shown.filter(department=unit) if unit is not None else shown.none()


def plan_orders(user, plan: Plan, state: str = "") -> list[Order]:
    found = readable(user).filter(plan=plan)
    if state:
        found = found.filter(state=state)
    return list(found.order_by("-proposed_on", "-pk"))


def order_for(user, order_id: int) -> Order:
    order = readable(user).filter(pk=order_id).first()
    if order is None:
        raise NotFound(f"没有编号为 {order_id} 的督办单")
    return order


def overdue(plan: Plan, day: dt.date) -> list[Order]:
    """Issued orders past their time limit without a reply: the overview shows them in red."""
    return list(
        _all().filter(plan=plan, state__in=AWAITING_UNIT, time_limit__lt=day).order_by("time_limit", "number")
    )


def awaiting(department, plan: Plan) -> list[Order]:
    """The orders a unit must act on (its inbox lists them): issued, signed or returned."""
    return list(
        _all()
        .filter(plan=plan, department=department, state__in=AWAITING_UNIT)
        .order_by("time_limit", "number")
    )
