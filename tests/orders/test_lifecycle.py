"""Issue #13 item 4: a supervision order's life as a table — propose → issue → 签收 → reply /
extension → close / return → escalate — each row one step by one actor on the demo plan, with the
state it must leave the order in or the refusal it must get (a refused step changes nothing).

The demo year is filled to 30 September; the task followed is one the ledger shows red (and not
未报送) at the end of June, July, August and September, so the rules keep escalating it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import transaction

from duban.accounts.models import UserRole
from duban.accounts.services import add_user
from duban.errors import Conflict, Forbidden
from duban.orders import lifecycle, notify
from duban.orders.lifecycle import Answer, OrderRefused
from duban.orders.models import Order, OrderMessage, OrderState, ReplyKind
from duban.orders.proposals import propose
from duban.plans.importing import import_report
from duban.plans.models import Department, Plan, Task
from duban.tracking import webhooks
from duban.tracking.demo import fill_demo
from duban.tracking.models import Notification, ReminderRoute
from duban.tracking.status import plan_status

pytestmark = pytest.mark.django_db

PASSWORD = "Duban-orders-2024"
JUNE, JULY, AUGUST, SEPTEMBER = (dt.date(2024, m, d) for m, d in ((6, 28), (7, 29), (8, 29), (9, 30)))


def _always_red(plan: Plan) -> str:
    red = None
    for day in (JUNE, JULY, AUGUST, SEPTEMBER):
        ids = {s.task_id for s in plan_status(plan, day) if s.light == "red" and s.status != "未报送"}
        red = ids if red is None else red & ids
    assert red, "the demo year has no task red from June to September"
    return min(red)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, sample_path: Path):
    with django_db_blocker.unblock(), transaction.atomic():
        plan = import_report(sample_path, government="爱民区").plan
        fill_demo(plan, SEPTEMBER)
        task = Task.objects.get(plan=plan, external_id=_always_red(plan))
        unit = task.lead_unit()
        other = Department.objects.filter(government=plan.government).exclude(pk=unit.pk).first()
        users = {
            "office": add_user("office", UserRole.OFFICE, password=PASSWORD),
            "unit": add_user(
                "liaison", UserRole.LIAISON, password=PASSWORD, department=unit.name, government="爱民区"
            ),
            "other unit": add_user(
                "liaison-b", UserRole.LIAISON, password=PASSWORD, department=other.name, government="爱民区"
            ),
            "reader": add_user("reader", UserRole.READER, password=PASSWORD),
        }
        users["unit"].email = "liaison@example.org"
        users["unit"].save()
        ReminderRoute.objects.create(
            government=plan.government, channel="wecom", webhook_url="https://robot.test/u", department=unit
        )
        yield {"plan": plan, "task": task, "unit": unit, "users": users}
        transaction.set_rollback(True)


def _order(world) -> Order:
    return Order.objects.filter(task=world["task"]).order_by("-pk").first()


def _answer(day: dt.date) -> Answer:
    return Answer(
        done="已召开专题会，倒排工期", measures="每周调度，增派人员", back_on=day + dt.timedelta(days=30)
    )


def _propose(day):
    def act(world, user):
        made = [o for o in propose(world["plan"], day, user=user) if o.task_id == world["task"].pk]
        return made[0] if made else None

    return act


def _on(step):
    """Apply ``step`` to the task's latest order."""
    return lambda world, user: step(_order(world), user)


def _issue(day):
    return _on(lambda o, u: lifecycle.issue(o, user=u, day=day))


def _sign(stale: bool = False):
    return _on(lambda o, u: lifecycle.sign(o, user=u, version=o.version - 1 if stale else None))


def _reply(answer=None, files=()):
    return _on(lambda o, u: lifecycle.reply(o, answer or _answer(JUNE), user=u, day=JUNE, files=list(files)))


def _extension(extra_days: int, late: bool = False):
    def step(o, u):
        asked = Answer(reason="汛期停工", new_limit=o.time_limit + dt.timedelta(days=extra_days))
        day = o.time_limit + dt.timedelta(days=1) if late else JUNE
        return lifecycle.request_extension(o, asked, user=u, day=day)

    return _on(step)


def _decide(grant: bool):
    return _on(lambda o, u: lifecycle.decide_extension(o, user=u, grant=grant, day=JUNE))


def _return(comment: str):
    return _on(lambda o, u: lifecycle.return_reply(o, user=u, comment=comment, day=JUNE))


_close = _on(lambda o, u: lifecycle.close(o, user=u, day=JUNE))
_dismiss = _on(lambda o, u: lifecycle.dismiss(o, user=u))
_NO_WORK = Answer(measures="每周调度", back_on=JULY)
_MINUTES = [("会议纪要.pdf", b"%PDF-1.4 minutes")]
_LATER = dt.timedelta(days=60)

# fmt: off
# step                                          actor         action                        expected
STEPS = [
    ("proposed when the task turns red",        "office",     _propose(JUNE),               ("proposed", 1)),
    ("the unit cannot see or sign a proposal",  "unit",       _sign(),                      OrderRefused),
    ("the same day proposes nothing new",       "office",     _propose(JUNE),               None),
    ("a unit cannot issue",                     "unit",       _issue(JUNE),                 Forbidden),
    ("the office issues it: 督〔2024〕1号",       "office",     _issue(JUNE),                 ("issued", 1)),
    ("issued twice is refused",                 "office",     _issue(JUNE),                 OrderRefused),
    ("another unit cannot sign",                "other unit", _sign(),                      Forbidden),
    ("a reader cannot sign",                    "reader",     _sign(),                      Forbidden),
    ("no reply before 签收",                     "unit",       _reply(),                     OrderRefused),
    ("the unit signs for it",                   "unit",       _sign(),                      ("signed", 1)),
    ("a stale version is refused",              "unit",       _sign(stale=True),            Conflict),
    ("extension needs a later date",            "unit",       _extension(0),                OrderRefused),
    ("extension asked before the limit",        "unit",       _extension(20),               ("extension", 1)),
    ("refusing it needs a reason",              "office",     _decide(grant=False),         OrderRefused),
    ("the office grants it: new limit",         "office",     _decide(grant=True),          ("signed", 1)),
    ("a reply needs what was done",             "unit",       _reply(_NO_WORK),             OrderRefused),
    ("the unit replies with evidence",          "unit",       _reply(files=_MINUTES),       ("replied", 1)),
    ("returning needs a comment",               "office",     _return(" "),                 OrderRefused),
    ("the office returns the reply",            "office",     _return("措施不具体"),         ("returned", 1)),
    ("the unit replies again",                  "unit",       _reply(),                     ("replied", 1)),
    ("a unit cannot close",                     "unit",       _close,                       Forbidden),
    ("the office closes it (办结)",              "office",     _close,                       ("closed", 1)),
    ("still red a period later: 催办",           "office",     _propose(JULY),               ("proposed", 2)),
    ("the office dismisses that proposal",      "office",     _dismiss,                     ("dismissed", 2)),
    ("dismissed stays so until the next due day", "office",     _propose(JULY + dt.timedelta(days=1)), None),
    ("proposed again after the next due day",   "office",     _propose(AUGUST),             ("proposed", 2)),
    ("the office issues the 催办单",             "office",     _issue(AUGUST),               ("issued", 2)),
    ("still red after it: 督办",                 "office",     _propose(SEPTEMBER),          ("proposed", 3)),
    ("the office issues the 督办通知单",          "office",     _issue(SEPTEMBER),            ("issued", 3)),
    ("督办 is the last level",                  "office",     _propose(SEPTEMBER + _LATER), None),
    ("the unit signs the 督办通知单",             "unit",       _sign(),                      ("signed", 3)),
    ("no extension after the limit",            "unit",       _extension(30, late=True),    OrderRefused),
]
# fmt: on


def test_order_lifecycle_table(world, django_capture_on_commit_callbacks, monkeypatch):
    posted: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        webhooks, "post_json", lambda url, payload: posted.append((url, payload)) or {"errcode": 0}
    )
    for n, (step, actor, action, expected) in enumerate(STEPS, start=1):
        user = world["users"][actor]
        before = _order(world)
        before_state = (before.state, before.version) if before else None
        case = f"row {n} ({step})"
        if isinstance(expected, type):
            with pytest.raises(expected), django_capture_on_commit_callbacks(execute=True):
                action(world, user)
            after = _order(world)
            assert (after.state, after.version) == before_state if after else before is None, case
            continue
        with django_capture_on_commit_callbacks(execute=True):
            result = action(world, user)
        if expected is None:
            assert result is None, case
            continue
        order = _order(world)
        assert (order.state, order.level) == expected, case
        assert order.history.first().history_user == user, case  # every step has its history entry
    orders = list(Order.objects.filter(task=world["task"]).order_by("pk"))
    issued = [o for o in orders if o.number]
    assert [o.code for o in issued] == ["督〔2024〕1号", "督〔2024〕2号", "督〔2024〕3号"]
    assert [o.state for o in issued] == [OrderState.CLOSED, OrderState.ESCALATED, OrderState.SIGNED]
    assert issued[2].parent == issued[1] and issued[1].parent == issued[0]
    first = issued[0]
    kinds = [r.kind for r in first.replies.order_by("pk")]
    assert kinds == [ReplyKind.EXTENSION, ReplyKind.REPLY, ReplyKind.REPLY]
    assert first.replies.filter(kind=ReplyKind.REPLY).first().evidence.get().filename == "会议纪要.pdf"
    # Each step told the other side: in the app, and on the unit's robot once it committed.
    unit_notices = Notification.objects.filter(department=world["unit"]).values_list("message", flat=True)
    assert any("督〔2024〕1号" in m and "签收" in m for m in unit_notices)
    assert any("已办结" in m for m in unit_notices) and any("退回" in m for m in unit_notices)
    office_notices = Notification.objects.filter(user=world["users"]["office"]).values_list(
        "message", flat=True
    )
    assert any("已签收督〔2024〕1号" in m for m in office_notices) and any(
        "申请将" in m for m in office_notices
    )
    assert any("督〔2024〕3号" in p["text"]["content"] for _, p in posted)
    assert OrderMessage.objects.filter(order=issued[2], channel="wecom", ok=True).exists()
    assert notify.link_of(first) == f"/orders/{first.pk}/"
