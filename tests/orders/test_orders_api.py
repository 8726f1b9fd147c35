"""Issue #13 item 5: orders and bulletins in the JSON API, with the pages' object-level rules — a
unit lists and answers its own orders only (another unit's order is 404), a reader reads but
cannot answer (403), a step out of turn is 400; bulletins list by role and the issued .docx comes
back byte for byte with its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.test import Client

from duban.accounts.models import UserRole
from duban.accounts.services import add_user, issue_token
from duban.bulletins import services as bulletins
from duban.orders import lifecycle
from duban.orders.models import Order, OrderState
from duban.plans import history
from duban.plans.importing import import_report
from duban.plans.models import Department, Task
from duban.tracking.periods import settings_for

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 6, 30)
PASSWORD = "Duban-api-2024"


@pytest.fixture
def world(sample_path: Path):
    plan = import_report(sample_path, government="爱民区").plan
    chosen = settings_for(plan)
    chosen.as_of = DAY
    chosen.save(update_fields=["as_of"])
    tasks = [t for t in Task.objects.filter(plan=plan).order_by("order") if t.lead_unit()]
    mine = tasks[0]
    theirs = next(t for t in tasks if t.lead_unit() != mine.lead_unit())
    office = add_user("office", UserRole.OFFICE, password=PASSWORD)
    users = {
        "office": office,
        "unit": add_user(
            "unit", UserRole.LIAISON, password=PASSWORD, department=mine.lead_unit().name, government="爱民区"
        ),
        "reader": add_user("reader", UserRole.READER, password=PASSWORD),
    }
    orders = {
        "mine": _issued(mine, mine.lead_unit(), office),
        "theirs": _issued(theirs, theirs.lead_unit(), office),
    }
    return {
        "plan": plan,
        "users": users,
        "orders": orders,
        "tokens": {k: issue_token(u, "t") for k, u in users.items()},
    }


def _issued(task: Task, unit: Department, office) -> Order:
    order = Order(
        plan=task.plan, task=task, department=unit, trigger="red", problem="落后", requirement="请报告",
        proposed_on=DAY, time_limit=DAY + dt.timedelta(days=14),
    )  # fmt: skip
    return lifecycle.issue(history.save(order, user=office, reason="建议"), user=office, day=DAY)


def _call(world, role: str, method: str, url: str, body: dict | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world['tokens'][role]}"}
    client = Client()
    if method == "GET":
        return client.get(url, **headers)
    return client.post(url, body or {}, content_type="application/json", **headers)


REPLY = {"done": "召开专题会议", "measures": "倒排工期，每周调度", "back_on": "2024-08-31"}
NOT_LATER = {"reason": "汛期", "new_limit": "2024-07-01"}  # the limit is 14 July
NOT_A_DATE = {**REPLY, "back_on": "不是日期"}

# fmt: off
# who     request                                           body        status
CASES = [
    ("unit",   "GET /api/orders?plan_id=<plan>",                 None,       200),
    ("unit",   "GET /api/orders/<mine>",                         None,       200),
    ("unit",   "GET /api/orders/<theirs>",                       None,       404),
    ("unit",   "POST /api/orders/<theirs>/sign",                 {},         404),
    ("unit",   "POST /api/orders/<theirs>/reply",                REPLY,      404),
    ("unit",   "POST /api/orders/<mine>/reply",                  REPLY,      400),  # not signed yet
    ("unit",   "POST /api/orders/<mine>/sign",                   {},         200),
    ("unit",   "POST /api/orders/<mine>/sign",                   {},         400),  # twice
    ("reader", "POST /api/orders/<mine>/reply",                  REPLY,      403),
    ("office", "POST /api/orders/<mine>/reply",                  REPLY,      403),
    ("unit",   "POST /api/orders/<mine>/extension",              NOT_LATER,  400),
    ("unit",   "POST /api/orders/<mine>/reply",                  NOT_A_DATE, 422),
    ("unit",   "POST /api/orders/<mine>/reply",                  REPLY,      200),
    ("reader", "GET /api/orders/<theirs>",                       None,       200),
    ("reader", "GET /api/orders?plan_id=<plan>",                 None,       200),
    ("office", "GET /api/orders?plan_id=<plan>&state=replied",   None,       200),
]
# fmt: on


def test_orders_api_table(world):
    ids = {
        "<plan>": world["plan"].pk,
        "<mine>": world["orders"]["mine"].pk,
        "<theirs>": world["orders"]["theirs"].pk,
    }
    for n, (role, request, body, status) in enumerate(CASES, start=1):
        method, url = request.split(" ")
        for name, value in ids.items():
            url = url.replace(name, str(value))
        response = _call(world, role, method, url, body)
        assert response.status_code == status, f"row {n}: {role} {request} → {response.content[:300]!r}"
        if status >= 400:
            assert response.json()["detail"], f"row {n}: a refusal says why in Chinese"
    listed = _call(world, "unit", "GET", f"/api/orders?plan_id={world['plan'].pk}").json()
    assert [o["id"] for o in listed] == [world["orders"]["mine"].pk]  # its own order only
    assert len(_call(world, "reader", "GET", f"/api/orders?plan_id={world['plan'].pk}").json()) == 2
    replied = _call(world, "office", "GET", f"/api/orders?plan_id={world['plan'].pk}&state=replied").json()
    assert [o["code"] for o in replied] == ["督〔2024〕1号"]
    assert Order.objects.get(pk=world["orders"]["mine"].pk).state == OrderState.REPLIED


def test_bulletins_api(world):
    office = world["users"]["office"]
    draft = bulletins.draft_bulletin(world["plan"], DAY, None, user=office)
    other = bulletins.draft_bulletin(world["plan"], DAY, None, user=office)
    issued = bulletins.issue(other, version=other.version, user=office)
    url = f"/api/plans/{world['plan'].pk}/bulletins"
    assert {b["id"] for b in _call(world, "office", "GET", url).json()} == {draft.pk, issued.pk}
    for role in ("reader", "unit"):
        assert [b["label"] for b in _call(world, role, "GET", url).json()] == ["2024年第1期"], role
        assert _call(world, role, "GET", f"/api/bulletins/{draft.pk}/docx").status_code == 404, role
    response = _call(world, "reader", "GET", f"/api/bulletins/{issued.pk}/docx")
    assert response.status_code == 200 and response.content == bytes(issued.docx)
    assert response["X-Content-SHA256"] == hashlib.sha256(response.content).hexdigest() == issued.sha256
