"""An order's life: an order, a user and what they do in; the order in its next state out.

    proposed ─issue→ issued ─sign→ signed ─reply→ replied ─close→ closed
        │                            │  ↑             └─return→ returned ─reply→ replied …
     dismiss                  extension│
        ↓                            ↓  │ grant (new limit) / refuse
    dismissed                     extension
    (a higher level issued for the task marks the one it escalates as escalated)

The office issues, dismisses, closes, returns and decides extensions; the lead unit's liaison
signs, replies and asks for more time (before the limit). Each step is one transaction: the new
state, its history entry (who, when, what) and the notice to the other side, which the reminder
channels then carry once it commits. A step out of turn is refused and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from duban.accounts import rules
from duban.errors import Conflict, Forbidden, Refusal
from duban.orders import notify, phrases
from duban.orders.models import OPEN, Decision, Order, OrderReply, OrderState, ReplyEvidence, ReplyKind
from duban.plans import history
from duban.plans.models import Plan
from duban.tracking.evidence import keep_file

MAX_TEXT = 5000


class OrderRefused(Refusal):
    """The step cannot be taken in the order's state, or its input is wrong; nothing changed."""


@dataclass
class Answer:
    """What a unit writes: a reply (done, measures, back on schedule by) or a request for time."""

    done: str = ""
    measures: str = ""
    back_on: dt.date | None = None
    reason: str = ""
    new_limit: dt.date | None = None


def _office(user, order: Order) -> None:
    if not rules.is_office(user, order.plan):
        raise Forbidden("只有督查室可以交办、办结或退回督办单")


def _unit(user, order: Order) -> None:
    unit = rules.unit_of(user)
    if unit is None or unit.pk != order.department_id:
        raise Forbidden(f"只有责任单位（{order.department}）的联络员可以签收和答复这份督办单")


def _locked(order: Order, version: int | None, *states: str) -> Order:
    """The order re-read under a row lock, checked to be in one of ``states`` and unchanged."""
    current = (
        Order.objects.select_for_update()
        .select_related("plan__government", "task", "department")
        .get(pk=order.pk)
    )
    if version is not None and version != current.version:
        raise Conflict("这份督办单已被他人处理：请刷新页面后再操作")
    if current.state not in states:
        raise OrderRefused(f"督办单{current.code or ''}当前{current.get_state_display()}，不能这样操作")
    return current


def _saved(order: Order, user, reason: str) -> Order:
    order.version += 1
    return history.save(order, user=user, reason=reason)


def _today(day: dt.date | None) -> dt.date:
    return day or timezone.localdate()


def _text(value: str, name: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise OrderRefused(f"请填写“{name}”")
    if len(value) > MAX_TEXT:
        raise OrderRefused(f"“{name}”超过 {MAX_TEXT} 字：请精简")
    return value


# --- the office -------------------------------------------------------------------------------


def edit(order: Order, fields: dict, *, user, version: int | None = None) -> Order:
    """The office's changes to a proposal before it goes out: 存在问题, 工作要求, 责任人, 办理时限."""
    _office(user, order)
    with transaction.atomic():
        order = _locked(order, version, OrderState.PROPOSED)
        order.problem = _text(fields.get("problem", order.problem), "存在问题")
        order.requirement = _text(fields.get("requirement", order.requirement), "工作要求")
        order.responsible = _text(fields.get("responsible", order.responsible), "责任人", required=False)[
            :100
        ]
        limit = fields.get("time_limit", order.time_limit)
        if limit is None or limit < order.proposed_on:
            raise OrderRefused("办理时限应在建议日期之后")
        order.time_limit = limit
        return _saved(order, user, "修改督办单")


def issue(order: Order, *, user, day: dt.date | None = None, version: int | None = None) -> Order:
    """Number the order in the plan's series and send it to the unit; an escalated order ends the
    one it escalates."""
    _office(user, order)
    today = _today(day)
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=order.plan_id).first()  # numbers one at a time
        order = _locked(order, version, OrderState.PROPOSED)
        if order.time_limit is None or order.time_limit <= today:
            raise OrderRefused("办理时限应在交办日期之后：请先修改办理时限")
        last = Order.objects.filter(plan=order.plan).aggregate(n=Max("number"))["n"] or 0
        order.number, order.state = last + 1, OrderState.ISSUED
        order.issued_on, order.issued_by = today, user
        order = _saved(order, user, f"交办{order.code}")
        parent = order.parent
        if parent is not None and parent.state in OPEN:
            parent.state = OrderState.ESCALATED
            _saved(parent, user, f"升级为{order.code}{order.kind}")
        notify.to_unit(
            order,
            phrases.notice(
                "issued",
                code=order.code,
                kind=order.kind,
                task_id=order.task.external_id,
                subject=order.task.text[:30],
                limit=order.time_limit.isoformat(),
            ),
        )
        return order


def dismiss(order: Order, *, user, version: int | None = None) -> Order:
    _office(user, order)
    with transaction.atomic():
        order = _locked(order, version, OrderState.PROPOSED)
        order.state = OrderState.DISMISSED
        return _saved(order, user, "不予交办")


def close(
    order: Order, *, user, comment: str = "", day: dt.date | None = None, version: int | None = None
) -> Order:
    """办结: the office accepts the unit's reply."""
    _office(user, order)
    with transaction.atomic():
        order = _locked(order, version, OrderState.REPLIED)
        _decide(order, Decision.ACCEPTED, comment.strip(), user, _today(day))
        order.state, order.closed_on = OrderState.CLOSED, _today(day)
        order = _saved(order, user, f"办结{order.code}")
        notify.to_unit(order, phrases.notice("closed", code=order.code))
        return order


def return_reply(
    order: Order, *, user, comment: str, day: dt.date | None = None, version: int | None = None
) -> Order:
    """The office sends the reply back; the unit must answer again."""
    _office(user, order)
    comment = _text(comment, "退回意见")
    with transaction.atomic():
        order = _locked(order, version, OrderState.REPLIED)
        _decide(order, Decision.RETURNED, comment, user, _today(day))
        order.state = OrderState.RETURNED
        order = _saved(order, user, f"退回{order.code}的答复")
        notify.to_unit(order, phrases.notice("returned", code=order.code, comment=comment))
        return order


def decide_extension(
    order: Order,
    *,
    user,
    grant: bool,
    comment: str = "",
    day: dt.date | None = None,
    version: int | None = None,
) -> Order:
    _office(user, order)
    if not grant:
        comment = _text(comment, "不同意延期的理由")
    with transaction.atomic():
        order = _locked(order, version, OrderState.EXTENSION)
        request = _decide(
            order, Decision.ACCEPTED if grant else Decision.RETURNED, comment.strip(), user, _today(day)
        )
        order.state = OrderState.SIGNED
        if grant:
            order.time_limit = request.new_limit
        order = _saved(order, user, "同意延期" if grant else "不同意延期")
        kind = "granted" if grant else "refused"
        notify.to_unit(
            order, phrases.notice(kind, code=order.code, limit=order.time_limit.isoformat(), comment=comment)
        )
        return order


def _decide(order: Order, decision: str, comment: str, user, day: dt.date) -> OrderReply:
    pending = order.replies.filter(decision=Decision.PENDING).order_by("-pk").first()
    if pending is None:
        raise OrderRefused("没有待审核的答复")
    pending.decision, pending.comment, pending.decided_by, pending.decided_on = decision, comment, user, day
    return history.save(
        pending, user=user, reason=f"审核{pending.get_kind_display()}：{pending.get_decision_display()}"
    )


# --- the unit ---------------------------------------------------------------------------------


def sign(order: Order, *, user, version: int | None = None) -> Order:
    """签收: the unit has the order."""
    _unit(user, order)
    with transaction.atomic():
        order = _locked(order, version, OrderState.ISSUED)
        order.state, order.signed_at, order.signed_by = OrderState.SIGNED, timezone.now(), user
        order = _saved(order, user, f"签收{order.code}")
        notify.to_office(order, phrases.notice("signed", unit=order.department.name, code=order.code))
        return order


def reply(
    order: Order,
    answer: Answer,
    *,
    user,
    files: list[tuple[str, bytes]] = (),
    day: dt.date | None = None,
    version: int | None = None,
) -> Order:
    """一事一文: what was done, the measures, and when the task will be back on schedule."""
    _unit(user, order)
    today = _today(day)
    done, measures = _text(answer.done, "已做工作"), _text(answer.measures, "整改措施")
    if answer.back_on is None:
        raise OrderRefused("请填写预计恢复序时进度的日期")
    if answer.back_on < today:
        raise OrderRefused("预计恢复序时进度的日期不能早于今天")
    with transaction.atomic():
        order = _locked(order, version, OrderState.SIGNED, OrderState.RETURNED)
        answer_row = history.save(
            OrderReply(
                order=order,
                kind=ReplyKind.REPLY,
                done=done,
                measures=measures,
                back_on=answer.back_on,
                submitted_by=user,
                submitted_on=today,
                late=order.time_limit is not None and today > order.time_limit,
            ),
            user=user,
            reason="提交办理答复",
        )
        for name, data in files:
            _attach(answer_row, name, data)
        order.state = OrderState.REPLIED
        order = _saved(order, user, f"答复{order.code}")
        notify.to_office(order, phrases.notice("replied", unit=order.department.name, code=order.code))
        return order


def request_extension(
    order: Order, answer: Answer, *, user, day: dt.date | None = None, version: int | None = None
) -> Order:
    """More time, asked before the limit, with a reason and a new date."""
    _unit(user, order)
    today = _today(day)
    reason = _text(answer.reason, "延期理由")
    with transaction.atomic():
        order = _locked(order, version, OrderState.SIGNED, OrderState.RETURNED)
        if today > order.time_limit:
            raise OrderRefused(f"办理时限（{order.time_limit.isoformat()}）已过，不能再申请延期：请尽快答复")
        if answer.new_limit is None or answer.new_limit <= order.time_limit:
            raise OrderRefused(f"申请延至的日期应晚于现在的办理时限（{order.time_limit.isoformat()}）")
        history.save(
            OrderReply(
                order=order,
                kind=ReplyKind.EXTENSION,
                reason=reason,
                new_limit=answer.new_limit,
                submitted_by=user,
                submitted_on=today,
            ),
            user=user,
            reason="申请延期",
        )
        order.state = OrderState.EXTENSION
        order = _saved(order, user, f"申请延期{order.code}")
        notify.to_office(
            order,
            phrases.notice(
                "extension",
                unit=order.department.name,
                code=order.code,
                new_limit=answer.new_limit.isoformat(),
                reason=reason[:100],
            ),
        )
        return order


def _attach(answer: OrderReply, name: str, data: bytes) -> ReplyEvidence:
    try:
        stored = keep_file(name, data)
    except Refusal as err:
        raise OrderRefused(str(err)) from None
    return ReplyEvidence.objects.create(
        reply=answer,
        sha256=stored.sha256,
        filename=stored.filename,
        content_type=stored.content_type,
        size=stored.size,
    )
