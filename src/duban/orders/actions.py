"""The order pages' forms: a user, an order id, the action asked for and the posted fields in; the
one lifecycle step it names, taken, out. Dates are read here and refused in Chinese when wrong."""

from __future__ import annotations

import datetime as dt

from duban.orders import lifecycle
from duban.orders.access import order_for
from duban.orders.lifecycle import Answer, OrderRefused
from duban.orders.models import Order
from duban.orders.proposals import propose
from duban.plans.models import Plan
from duban.tracking.evidence import read_upload
from duban.tracking.periods import as_of


def posted_date(form, name: str, label: str, *, required: bool = True) -> dt.date | None:
    text = (form.get(name) or "").strip()
    if not text:
        if required:
            raise OrderRefused(f"请填写“{label}”（YYYY-MM-DD）")
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise OrderRefused(f"“{label}”的日期“{text[:20]}”无效：请写成 YYYY-MM-DD") from None


def _version(form) -> int | None:
    text = (form.get("version") or "").strip()
    if not text:
        return None
    if not text.isdecimal():
        raise OrderRefused(f"版本号“{text[:20]}”无效：请刷新页面后重新操作")
    return int(text)


def act(user, order_id: int, action: str, form, files=()) -> Order:
    """Take the step; "today" is the plan's assessment day (``as_of``), as on every page."""
    order = order_for(user, order_id)
    version = _version(form)
    day = as_of(order.plan)
    steps = {
        "edit": lambda: lifecycle.edit(
            order,
            {
                "problem": form.get("problem", ""),
                "requirement": form.get("requirement", ""),
                "responsible": form.get("responsible", ""),
                "time_limit": posted_date(form, "time_limit", "办理时限"),
            },
            user=user,
            version=version,
        ),
        "issue": lambda: lifecycle.issue(order, user=user, day=day, version=version),
        "dismiss": lambda: lifecycle.dismiss(order, user=user, version=version),
        "sign": lambda: lifecycle.sign(order, user=user, version=version),
        "reply": lambda: lifecycle.reply(
            order,
            Answer(
                done=form.get("done", ""),
                measures=form.get("measures", ""),
                back_on=posted_date(form, "back_on", "预计恢复序时进度的日期"),
            ),
            user=user,
            files=[(f.name, read_upload(f)) for f in files],
            day=day,
            version=version,
        ),
        "extension": lambda: lifecycle.request_extension(
            order,
            Answer(reason=form.get("reason", ""), new_limit=posted_date(form, "new_limit", "申请延至")),
            user=user,
            day=day,
            version=version,
        ),
        "close": lambda: lifecycle.close(
            order, user=user, comment=form.get("comment", ""), day=day, version=version
        ),
        "return": lambda: lifecycle.return_reply(
            order, user=user, comment=form.get("comment", ""), version=version
        ),
        "grant": lambda: lifecycle.decide_extension(order, user=user, grant=True, day=day, version=version),
        "refuse": lambda: lifecycle.decide_extension(
            order, user=user, grant=False, comment=form.get("comment", ""), day=day, version=version
        ),
    }
    if action not in steps:
        raise OrderRefused(f"不认识的操作“{action[:20]}”")
    return steps[action]()


def propose_from_form(user, plan: Plan, form, today: dt.date) -> list[Order]:
    day = posted_date(form, "date", "评估日期", required=False) or today
    return propose(plan, day, user=user)
