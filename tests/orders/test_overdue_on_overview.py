"""Issue #13 item 4: orders past their time limit without a reply are shown in red on the overview
(to the office and readers; a unit sees only its own), and leave it once answered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from duban.accounts.models import UserRole
from duban.accounts.services import add_user
from duban.orders import lifecycle
from duban.orders.lifecycle import Answer
from duban.orders.models import Order
from duban.plans import history
from duban.plans.importing import import_report
from duban.plans.models import Task
from duban.tracking.periods import settings_for

pytestmark = pytest.mark.django_db

ISSUED, DAY = dt.date(2024, 6, 3), dt.date(2024, 6, 30)
PASSWORD = "Duban-overdue-2024"


def _issued(task: Task, office, limit: dt.date) -> Order:
    order = Order(
        plan=task.plan, task=task, department=task.lead_unit(), trigger="red", problem="落后",
        requirement="请报告", proposed_on=ISSUED, time_limit=limit,
    )  # fmt: skip
    return lifecycle.issue(history.save(order, user=office, reason="建议"), user=office, day=ISSUED)


@pytest.mark.parametrize(
    ("limit", "answered", "viewer", "shown"),
    [
        pytest.param(dt.date(2024, 6, 17), False, "reader", True, id="past its limit, unanswered: red"),
        pytest.param(dt.date(2024, 7, 15), False, "reader", False, id="within its limit: not yet"),
        pytest.param(dt.date(2024, 6, 17), True, "reader", False, id="answered: no longer overdue"),
        pytest.param(dt.date(2024, 6, 17), False, "unit", True, id="the unit sees its own"),
        pytest.param(dt.date(2024, 6, 17), False, "other unit", False, id="another unit does not"),
    ],
)
def test_overdue_orders_on_the_overview(client, sample_path: Path, limit, answered, viewer, shown):
    plan = import_report(sample_path, government="爱民区").plan
    chosen = settings_for(plan)
    chosen.as_of = DAY
    chosen.save(update_fields=["as_of"])
    task = next(t for t in Task.objects.filter(plan=plan).order_by("order") if t.lead_unit())
    other = next(
        t
        for t in Task.objects.filter(plan=plan).order_by("order")
        if t.lead_unit() not in {None, task.lead_unit()}
    )
    office = add_user("office", UserRole.OFFICE, password=PASSWORD)
    people = {
        "reader": add_user("reader", UserRole.READER, password=PASSWORD),
        "unit": add_user(
            "unit", UserRole.LIAISON, password=PASSWORD, department=task.lead_unit().name, government="爱民区"
        ),
        "other unit": add_user(
            "other",
            UserRole.LIAISON,
            password=PASSWORD,
            department=other.lead_unit().name,
            government="爱民区",
        ),
    }
    order = _issued(task, office, limit)
    if answered:
        lifecycle.sign(order, user=people["unit"])
        answer = Answer(done="已整改", measures="加快推进", back_on=dt.date(2024, 7, 31))
        lifecycle.reply(order, answer, user=people["unit"], day=DAY)
    client.force_login(people[viewer])
    html = client.get("/").content.decode()
    assert ("逾期未答复的督办单" in html) is shown
    assert (f'href="/orders/{order.pk}/"' in html) is shown
