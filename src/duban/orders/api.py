"""Orders in the JSON API: a caller and an order (or plan) id in; the orders they may see, and the
unit's 签收, reply and extension request out. The same object-level rules as the pages
(``orders.access``): a unit sees its own orders only, another unit's order is 404; a step the
caller may not take is 403; a step out of turn is 400."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from duban.orders import access, lifecycle
from duban.orders.lifecycle import Answer
from duban.orders.models import Order, OrderState
from duban.plans.api import MAX_ID, Text, errors, readable_plan
from duban.tracking.periods import as_of

_TEXT = lifecycle.MAX_TEXT


class OrderOut(Schema):
    id: int
    code: str = Field(description="编号，如 督〔2024〕12号；建议尚未交办时为空")
    level: int = Field(description="1 提醒（交办单），2 催办（催办单），3 督办（督办通知单）")
    kind: str
    state: str
    state_label: str
    task_id: str
    task_text: str
    department: str = Field(description="责任单位")
    responsible: str
    problem: str
    requirement: str
    issued_on: dt.date | None
    time_limit: dt.date | None
    version: int


class OrderFilter(Schema):
    plan_id: int = Field(..., ge=1, le=MAX_ID, description="计划编号")
    state: OrderState | None = Field(None, description="只列这个状态的督办单")


class VersionIn(Schema):
    version: int | None = Field(None, ge=1, le=2**31 - 1, description="读取时的版本；已变化则 409")


class ReplyIn(VersionIn):
    done: Text = Field(..., max_length=_TEXT, description="已做工作")
    measures: Text = Field(..., max_length=_TEXT, description="整改措施")
    back_on: dt.date = Field(..., description="预计恢复序时进度的日期")


class ExtensionIn(VersionIn):
    reason: Text = Field(..., max_length=_TEXT, description="延期理由")
    new_limit: dt.date = Field(..., description="申请延至（须晚于现在的办理时限，且在时限前申请）")


def order_out(order: Order) -> OrderOut:
    return OrderOut(
        id=order.pk,
        code=order.code,
        level=order.level,
        kind=order.kind,
        state=order.state,
        state_label=order.get_state_display(),
        task_id=order.task.external_id,
        task_text=order.task.text,
        department=order.department.name,
        responsible=order.responsible,
        problem=order.problem,
        requirement=order.requirement,
        issued_on=order.issued_on,
        time_limit=order.time_limit,
        version=order.version,
    )


router = Router(tags=["督办单"])
_ID = Path(..., ge=1, le=MAX_ID, description="督办单编号（id）")


@router.get("/orders", response={200: list[OrderOut], **errors(403, 404)}, summary="可查看的督办单")
def list_orders(request: HttpRequest, filters: Query[OrderFilter]) -> list[OrderOut]:
    plan = readable_plan(request.auth, filters.plan_id)
    found = access.plan_orders(request.auth, plan, filters.state or "")
    return [order_out(o) for o in found]


@router.get("/orders/{order_id}", response={200: OrderOut, **errors(403, 404)}, summary="一份督办单")
def get_order(request: HttpRequest, order_id: int = _ID) -> OrderOut:
    return order_out(access.order_for(request.auth, order_id))


@router.post(
    "/orders/{order_id}/sign", response={200: OrderOut, **errors(400, 403, 404, 409)}, summary="签收"
)
def sign_order(request: HttpRequest, body: VersionIn, order_id: int = _ID) -> OrderOut:
    order = access.order_for(request.auth, order_id)
    return order_out(lifecycle.sign(order, user=request.auth, version=body.version))


@router.post(
    "/orders/{order_id}/reply", response={200: OrderOut, **errors(400, 403, 404, 409)}, summary="办理答复"
)
def reply_order(request: HttpRequest, body: ReplyIn, order_id: int = _ID) -> OrderOut:
    order = access.order_for(request.auth, order_id)
    answer = Answer(done=body.done, measures=body.measures, back_on=body.back_on)
    day = as_of(order.plan)
    return order_out(lifecycle.reply(order, answer, user=request.auth, day=day, version=body.version))


@router.post(
    "/orders/{order_id}/extension",
    response={200: OrderOut, **errors(400, 403, 404, 409)},
    summary="申请延期",
)
def extend_order(request: HttpRequest, body: ExtensionIn, order_id: int = _ID) -> OrderOut:
    order = access.order_for(request.auth, order_id)
    answer = Answer(reason=body.reason, new_limit=body.new_limit)
    day = as_of(order.plan)
    return order_out(
        lifecycle.request_extension(order, answer, user=request.auth, day=day, version=body.version)
    )
