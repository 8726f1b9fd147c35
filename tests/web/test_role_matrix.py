"""Issues #5 item 5 and #11: every page × every role → the status tracking.md's 'Who may do what'
implies, the daily-work pages of issue #11 included (their JSON API is the ledger's, whose new
columns ``test_api`` covers; issue #11 adds no API route).

Roles: anonymous; the liaison of unit A (牵头单位联络员), asking for its own task, a task its unit
supports and another unit's task; a reader (领导/人大代表); the office (督查室). The JSON API under
/api/ is covered by its own schema tests.

One plan (爱民区 2024, published) and a second government's plan (示例县, unpublished) are
built once for the module; every test runs in its own savepoint, so a POST changes nothing for
the next row.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction

from duban.accounts.models import UserRole
from duban.accounts.services import add_user
from duban.bulletins.models import Bulletin
from duban.bulletins.services import draft_bulletin
from duban.bulletins.services import issue as issue_bulletin
from duban.orders import lifecycle
from duban.orders.models import Order
from duban.plans import history
from duban.plans.importing import import_report
from duban.plans.models import Assignment, Department, Leader, Plan, Role, Task
from duban.tracking.evidence import attach
from duban.tracking.models import Evidence, Notification, ProgressReport
from duban.tracking.periods import find_period, settings_for
from duban.tracking.reports import ReportEntry, file_report, review

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 6, 30)
PASSWORD = "Duban-matrix-2024"
ACCEPTED_FIGURE, PENDING_FIGURE = "4242", "97531"
ACCEPTED_TEXT, PENDING_TEXT, INTERNAL_TEXT = "已审核的进展甲乙丙", "尚未审核的进展丁戊己", "内部问题庚辛壬"

LOGIN = (302, "/accounts/login/?next=")
ADMIN_LOGIN = (302, "/admin/login/?next=")
BACK_TO_QUEUE = (302, "/review/?plan=")
BACK_TO_TASK = (302, "/tasks/")
BACK_TO_INBOX = (302, "/inbox/?plan=")
TO_SHEETS = (302, "/plans/")
TO_ACCOUNTS = (302, "/accounts/")
TO_NOTICES = (302, "/notifications/")
TO_NOTICE_LINK = (302, "/inbox/?plan=")  # a return notice leads to the inbox card
TO_ORDER = (302, "/orders/")
TO_ORDERS = (302, "/plans/")
TO_BULLETIN = (302, "/bulletins/")

ROLES = ["anonymous", "liaison-A", "reader", "office"]

# fmt: off
# request                                           anonymous    liaison-A    reader       office
MATRIX = [
    ("GET /",                                         LOGIN,       200,         200,         200),
    ("GET /ledger/",                                  LOGIN,       200,         200,         200),
    ("GET /ledger/?light=red",                        LOGIN,       200,         200,         200),
    ("GET /cascade/",                                 LOGIN,       403,         200,         200),
    ("GET /tasks/<own task>/",                        LOGIN,       200,         200,         200),
    ("GET /tasks/<supported task>/",                  LOGIN,       200,         200,         200),
    ("GET /tasks/<other unit's task>/",               LOGIN,       403,         200,         200),
    ("GET /tasks/NOPE/",                              LOGIN,       404,         404,         404),
    ("GET /tasks/<own task>/report/<period>/",        LOGIN,       200,         403,         200),
    ("GET /tasks/<other unit's task>/report/<period>/", LOGIN,     403,         403,         200),
    ("POST /tasks/<own task>/report/<period>/",       LOGIN,       200,         403,         200),
    ("POST /tasks/<other unit's task>/report/<period>/", LOGIN,    403,         403,         200),
    ("GET /plans/<plan>/report/",                     LOGIN,       200,         200,         200),
    ("GET /plans/<other government's plan>/report/",  LOGIN,       404,         200,         200),
    ("GET /inbox/",                                   LOGIN,       200,         403,         200),
    ("GET /review/",                                  LOGIN,       403,         403,         200),
    ("POST /review/<report>/",                        LOGIN,       403,         403,         BACK_TO_QUEUE),
    ("GET /public/",                                  200,         200,         200,         200),
    ("GET /public/<plan>/",                           200,         200,         200,         200),
    ("GET /public/<unpublished plan>/",               404,         404,         404,         404),
    ("GET /accounts/login/",                          200,         200,         200,         200),
    ("GET /admin/",                                   ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200),
    ("GET /admin/plans/task/",                        ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200),
    ("GET /healthz",                                  200,         200,         200,         200),
    # issue #11: the daily work
    ("GET /ledger/export.xlsx",                       LOGIN,       200,         200,         200),
    ("GET /ledger/export.xlsx?light=red",             LOGIN,       200,         200,         200),
    ("GET /deadlines/",                               LOGIN,       200,         200,         200),
    ("GET /leaders/",                                 LOGIN,       403,         200,         200),
    ("GET /leaders/<leader>/",                        LOGIN,       403,         200,         200),
    ("GET /leaders/999999/",                          LOGIN,       403,         404,         404),
    ("POST /tasks/<other unit's task>/remind/",       LOGIN,       403,         403,         BACK_TO_TASK),
    ("POST /units/<other unit>/remind/",              LOGIN,       403,         403,         BACK_TO_INBOX),
    ("GET /plans/sheets/",                            LOGIN,       TO_SHEETS,   TO_SHEETS,   TO_SHEETS),
    ("GET /plans/<plan>/sheets/",                     LOGIN,       403,         403,         200),
    ("GET /plans/<plan>/progress.xlsx",               LOGIN,       200,         403,         200),
    ("GET /plans/<other government's plan>/progress.xlsx", LOGIN,  404,         403,         200),
    ("POST /plans/<plan>/progress/",                  LOGIN,       400,         403,         400),
    ("GET /evidence/<own evidence>/",                 LOGIN,       200,         200,         200),
    ("GET /evidence/<other unit's evidence>/",        LOGIN,       403,         200,         200),
    ("POST /review/accept/",                          LOGIN,       403,         403,         BACK_TO_QUEUE),
    ("GET /notifications/",                           LOGIN,       200,         200,         200),
    ("GET /notifications/<unit A's notice>/",         LOGIN,       TO_NOTICE_LINK, 404,      404),
    ("POST /notifications/read/",                     LOGIN,       TO_NOTICES,  TO_NOTICES,  TO_NOTICES),
    ("GET /accounts/",                                LOGIN,       403,         403,         200),
    ("POST /accounts/new/",                           LOGIN,       403,         403,         200),
    ("POST /accounts/<someone>/password/",            LOGIN,       403,         403,         200),
    ("POST /accounts/<someone>/active/",              LOGIN,       403,         403,         TO_ACCOUNTS),
    # Supervision orders (issue #13): a unit sees and acts on its own orders only.
    ("GET /plans/<plan>/orders/",                     LOGIN,       200,         200,         200),
    ("GET /plans/<other government's plan>/orders/",  LOGIN,       404,         200,         200),
    ("POST /plans/<plan>/orders/ date=2024-06-30",    LOGIN,       403,         403,         TO_ORDERS),
    ("GET /orders/<own order>/",                      LOGIN,       200,         200,         200),
    ("GET /orders/<own order>/docx",                  LOGIN,       200,         200,         200),
    ("GET /orders/<other unit's order>/",             LOGIN,       404,         200,         200),
    ("GET /orders/<other unit's order>/docx",         LOGIN,       404,         200,         200),
    ("GET /orders/<proposal>/",                       LOGIN,       404,         404,         200),
    ("POST /orders/<own order>/ action=sign",         LOGIN,       TO_ORDER,    403,         403),
    ("POST /orders/<other unit's order>/ action=sign", LOGIN,      404,         403,         403),
    ("POST /orders/<own order>/ action=close",        LOGIN,       403,         403,         400),
    ("POST /orders/<proposal>/ action=issue",         LOGIN,       404,         404,         TO_ORDER),
    ("GET /orders/99999999/",                         LOGIN,       404,         404,         404),
    # Bulletins (issue #13): drafts are the office's; issued ones are read by all who sign in.
    ("GET /plans/<plan>/bulletins/",                  LOGIN,       200,         200,         200),
    ("POST /plans/<plan>/bulletins/ date=2024-06-30", LOGIN,       403,         403,         TO_BULLETIN),
    ("GET /bulletins/<issued bulletin>/",             LOGIN,       200,         200,         200),
    ("GET /bulletins/<issued bulletin>/docx",         LOGIN,       200,         200,         200),
    ("GET /bulletins/<draft bulletin>/",              LOGIN,       404,         404,         200),
    ("GET /bulletins/<draft bulletin>/docx",          LOGIN,       404,         404,         200),
    ("POST /bulletins/<draft bulletin>/ action=issue", LOGIN,      404,         404,         TO_BULLETIN),
    ("POST /bulletins/<issued bulletin>/ action=discard", LOGIN,   403,         403,         400),
    ("GET /public/bulletins/<issued bulletin>/docx",  404,         404,         404,         404),
]
# fmt: on

_LABELS = {
    LOGIN: "302 to login",
    ADMIN_LOGIN: "302 to admin login",
    BACK_TO_QUEUE: "302 back to /review/",
    BACK_TO_TASK: "302 back to the task",
    BACK_TO_INBOX: "302 back to /inbox/",
    TO_SHEETS: "302 to the plan's sheets",
    TO_ACCOUNTS: "302 to /accounts/",
    TO_NOTICES: "302 to /notifications/",
    TO_NOTICE_LINK: "302 to the notice's link",
    TO_ORDER: "302 to the order",
    TO_ORDERS: "302 to the orders",
    TO_BULLETIN: "302 to the bulletin",
}


def _cases() -> list:
    return [
        pytest.param(role, request, expected, id=f"{role} {request} → {_LABELS.get(expected, expected)}")
        for request, *cells in MATRIX
        for role, expected in zip(ROLES, cells, strict=True)
    ]


@dataclass
class World:
    plan: Plan
    other_plan: Plan
    unit: Department
    own: Task
    supported: Task
    other: Task
    period: str
    pending: ProgressReport
    users: dict
    other_unit: Department
    leader: Leader
    own_evidence: Evidence
    other_evidence: Evidence
    notice: Notification
    someone: object
    own_order: Order
    other_order: Order
    proposal: Order
    issued_bulletin: Bulletin
    draft_bulletin: Bulletin

    def path(self, template: str) -> str:
        names = {
            "<own task>": self.own.external_id,
            "<supported task>": self.supported.external_id,
            "<other unit's task>": self.other.external_id,
            "<period>": self.period,
            "<plan>": str(self.plan.pk),
            "<other government's plan>": str(self.other_plan.pk),
            "<unpublished plan>": str(self.other_plan.pk),
            "<report>": str(self.pending.pk),
            "<leader>": str(self.leader.pk),
            "<other unit>": str(self.other_unit.pk),
            "<own evidence>": str(self.own_evidence.pk),
            "<other unit's evidence>": str(self.other_evidence.pk),
            "<unit A's notice>": str(self.notice.pk),
            "<someone>": str(self.someone.pk),
            "<own order>": str(self.own_order.pk),
            "<other unit's order>": str(self.other_order.pk),
            "<proposal>": str(self.proposal.pk),
            "<issued bulletin>": str(self.issued_bulletin.pk),
            "<draft bulletin>": str(self.draft_bulletin.pk),
        }
        for name, value in names.items():
            template = template.replace(name, value)
        assert "<" not in template, template
        return template

    def unit_task_ids(self) -> set[str]:
        return set(
            Assignment.objects.filter(
                task__plan=self.plan, task__withdrawn=False, department=self.unit, withdrawn=False
            ).values_list("task__external_id", flat=True)
        )


def _choose_unit(plan: Plan) -> tuple[Department, Task, Task, Task]:
    """A unit that leads a quantified task and supports another; plus a task it has nothing to do
    with, led by another unit."""
    live = Assignment.objects.filter(task__plan=plan, task__withdrawn=False, withdrawn=False)
    for unit in Department.objects.filter(government=plan.government).order_by("name"):
        mine = live.filter(department=unit)
        own = next((a.task for a in mine.filter(role=Role.LEAD) if a.task.targets.exists()), None)
        supported = next((a.task for a in mine.filter(role=Role.SUPPORT)), None)
        other = (
            plan.tasks.filter(withdrawn=False, assignments__role=Role.LEAD)
            .exclude(assignments__department=unit)
            .first()
        )
        if own and supported and other:
            return unit, own, supported, other
    raise AssertionError("the sample plan has no unit that both leads a quantified task and supports one")


def _entry(task: Task, figure: str, progress: str) -> ReportEntry:
    entry = ReportEntry(progress=progress, problems=INTERNAL_TEXT)
    for target in task.targets.filter(withdrawn=False):
        entry.figures[target.pk] = float(figure)
        entry.figure_texts[target.pk] = figure + target.unit
    return entry


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, sample_path: Path):
    """Built once, inside a transaction that is rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        plan = import_report(sample_path, government="爱民区").plan
        plan.published = True
        plan.save(update_fields=["published"])
        other_plan = import_report(sample_path, government="示例县").plan
        chosen = settings_for(plan)
        chosen.as_of = DAY
        chosen.save(update_fields=["as_of"])
        unit, own, supported, other = _choose_unit(plan)
        users = {
            "liaison-A": add_user(
                "liaison-a", UserRole.LIAISON, password=PASSWORD, department=unit.name, government="爱民区"
            ),
            "reader": add_user("reader", UserRole.READER, password=PASSWORD),
            "office": add_user("office", UserRole.OFFICE, password=PASSWORD),
        }
        may, june = find_period(plan, "2024-05"), find_period(plan, "2024-06")
        office = users["office"]
        file_report(own, may, unit, _entry(own, ACCEPTED_FIGURE, ACCEPTED_TEXT), user=office, accept=True)
        pending = file_report(own, june, unit, _entry(own, PENDING_FIGURE, PENDING_TEXT), user=office)
        other_unit = other_lead = other.lead_unit()
        leader = Leader.objects.create(government=plan.government, name="甲领导", title="副区长")
        leader.departments.set([unit])
        theirs = file_report(other, june, other_unit, _entry(other, "1", "乙单位进展"), user=office)
        review(pending, accept=False, comment="请补充", version=pending.version, user=office)
        pending = file_report(own, june, unit, _entry(own, PENDING_FIGURE, PENDING_TEXT), user=office)
        draft = draft_bulletin(plan, DAY, None, user=office)
        issued = draft_bulletin(plan, DAY, None, user=office)
        yield World(
            plan=plan,
            other_plan=other_plan,
            unit=unit,
            own=own,
            supported=supported,
            other=other,
            period="2024-07",  # no report filed yet: the form creates one
            pending=pending,
            users=users,
            other_unit=other_unit,
            leader=leader,
            own_evidence=attach(pending, "佐证.pdf", b"%PDF-1.4 own", user=office),
            other_evidence=attach(theirs, "佐证.pdf", b"%PDF-1.4 theirs", user=office),
            notice=Notification.objects.filter(department=unit).latest("pk"),  # the return's
            someone=add_user("someone", UserRole.READER, password=PASSWORD),
            own_order=_order(own, unit, office),
            other_order=_order(other, other_lead, office),
            proposal=_order(own, unit, office, issued=False),
            issued_bulletin=issue_bulletin(issued, version=issued.version, user=office),
            draft_bulletin=draft,
        )
        transaction.set_rollback(True)


def _order(task: Task, unit: Department, office, *, issued: bool = True) -> Order:
    order = history.save(
        Order(
            plan=task.plan,
            task=task,
            department=unit,
            trigger="red",
            problem="完成率低于序时进度",
            requirement="请于限期内书面报告",
            proposed_on=DAY,
            time_limit=DAY + dt.timedelta(days=14),
        ),
        user=office,
        reason="建议",
    )
    return lifecycle.issue(order, user=office, day=DAY) if issued else order


def _client_for(client, world: World, role: str):
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _form_data(world: World, task: Task, request: str) -> dict:
    if "=" in request:  # a page's own form: action=…, date=…
        key, _, value = request.rpartition(" ")[2].partition("=")
        versions = {"<draft bulletin>": world.draft_bulletin, "<issued bulletin>": world.issued_bulletin}
        found = next((v for k, v in versions.items() if k in request), None)
        return {key: value, **({"version": found.version} if found else {})}
    if "/review/accept/" in request:
        return {"report": f"{world.pending.pk}:{world.pending.version}", "plan": world.plan.pk}
    if "/review/" in request:
        return {"action": "accept", "version": world.pending.version}
    if "/units/" in request:
        return {"plan": world.plan.pk}
    if "/progress/" in request:
        garbage = io.BytesIO(b"not a workbook")
        garbage.name = "进展报送表.xlsx"
        return {"workbook": garbage}
    if "/accounts/new/" in request:
        return {"username": "matrix-new", "role": "liaison", "department": world.unit.pk}
    if "/accounts/" in request or "/notifications/" in request or "/remind/" in request:
        return {"active": "0"}
    lead = task.assignments.get(role=Role.LEAD, withdrawn=False).department
    data = {"department": lead.pk, "version": 0, "action": "draft", "progress": "按计划推进"}
    for target in task.targets.filter(withdrawn=False):
        data[f"figure-{target.pk}"] = "1"
    return data


@pytest.mark.parametrize(("role", "request_line", "expected"), _cases())
def test_role_matrix(client, world: World, role: str, request_line: str, expected):
    method, template = request_line.split(" ", 1)
    head, _, last = template.rpartition(" ")
    path = world.path(head if "=" in last else template)
    web = _client_for(client, world, role)
    if method == "POST":
        task = world.own if "<own task>" in template else world.other
        response = web.post(path, _form_data(world, task, template))
    else:
        response = web.get(path)
    status, location = expected if isinstance(expected, tuple) else (expected, None)
    html = response.get("Content-Type", "").startswith("text/html") and not response.streaming
    body = response.content.decode() if html else ""
    assert response.status_code == status, _gist(body)
    if location is not None:
        assert response["Location"].startswith(location)
    if status in {403, 404}:
        assert "返回总览" in body  # the Chinese refusal page, not a bare error
    if method == "POST" and status == 200 and "/report/" in template:
        assert "草稿已保存" in body


def _gist(html: str) -> str:
    """The page's title and messages: enough to see why a row failed."""
    found = re.findall(r"<title>(.*?)</title>|<p(?: class=\"error\"[^>]*)?>([^<]{1,200})</p>", html)
    return " | ".join(t or p for t, p in found)[:500]


def _listed(html: str) -> set[str]:
    return set(re.findall(r'<tr data-task="([^"]+)"', html))


def test_liaison_ledger_lists_only_its_units_tasks(client, world: World):
    web = _client_for(client, world, "liaison-A")
    expected = world.unit_task_ids()
    listed = _listed(web.get("/ledger/").content.decode())
    assert listed == expected
    assert world.own.external_id in listed and world.other.external_id not in listed
    red = _listed(web.get("/ledger/?light=red").content.decode())
    assert red <= expected


def test_reader_ledger_lists_every_task(client, world: World):
    web = _client_for(client, world, "reader")
    html = web.get("/ledger/").content.decode()
    total = world.plan.tasks.filter(withdrawn=False).count()
    assert f'id="ledger-total">{total}<' in html
    assert world.other.external_id in _listed(html)


def test_liaison_overview_counts_and_links_only_its_units_tasks(client, world: World):
    web = _client_for(client, world, "liaison-A")
    html = web.get("/").content.decode()
    expected = world.unit_task_ids()
    assert re.search(r'id="kpi-tasks">(\d+)<', html).group(1) == str(len(expected))
    linked = set(re.findall(r'href="/tasks/([^/"]+)/"', html))
    assert linked <= expected
    island = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html)
    chart = json.loads(island.group(1))
    assert sum(chart["lights"].values()) == len(expected)
    assert "仅显示本单位承担的任务" in html


def test_liaison_report_text_links_only_its_units_tasks(client, world: World):
    web = _client_for(client, world, "liaison-A")
    html = web.get(f"/plans/{world.plan.pk}/report/").content.decode()
    linked = set(re.findall(r'href="/tasks/([^/"]+)/"', html))
    assert linked and linked <= world.unit_task_ids()


def test_public_page_shows_only_accepted_figures(client, world: World):
    html = client.get(f"/public/{world.plan.pk}/").content.decode()
    assert ACCEPTED_FIGURE in html and ACCEPTED_TEXT in html
    assert PENDING_FIGURE not in html and PENDING_TEXT not in html
    assert INTERNAL_TEXT not in html  # problems stay internal


def test_logout_returns_to_our_sign_in_page(client, world: World):
    web = _client_for(client, world, "liaison-A")
    response = web.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert web.get("/inbox/").status_code == 302


def test_public_index_lists_only_published_plans(client, world: World):
    html = client.get("/public/").content.decode()
    assert f'href="/public/{world.plan.pk}/"' in html
    assert f'href="/public/{world.other_plan.pk}/"' not in html


# fmt: off
MALFORMED = [
    # request                                     form data         role         status
    ("GET /?date=2024-13-01",                     None,             "reader",    400),
    ("GET /?plan=²",                              None,             "reader",    200),  # not an id: 1st plan
    ("GET /?plan=99999999999999999999999",        None,             "reader",    404),
    ("GET /ledger/?section=²&page=²",             None,             "reader",    200),
    ("GET /inbox/?department=abc",                None,             "office",    200),  # not an id: 1st unit
    ("POST /tasks/<own task>/report/<period>/",   {"version": "x"}, "liaison-A", 400),
    ("POST /review/<report>/",                    {"version": "x"}, "office",    400),
]
# fmt: on


@pytest.mark.parametrize(
    ("request_line", "data", "role", "status"),
    [
        pytest.param(*row, id=f"{row[2]} {row[0]}{f' {row[1]}' if row[1] else ''} → {row[3]}")
        for row in MALFORMED
    ],
)
def test_malformed_parameters_get_an_answer_not_a_server_error(
    client, world: World, request_line: str, data: dict | None, role: str, status: int
):
    method, template = request_line.split(" ", 1)
    web = _client_for(client, world, role)
    if method == "POST":
        response = web.post(world.path(template), _form_data(world, world.own, template) | data)
    else:
        response = web.get(world.path(template))
    assert response.status_code == status, _gist(response.content.decode())
