"""Issue #5 item 3: the JSON API. Every route × role answers as the rules say; a liaison files a report
with a token, the office accepts it, and the status shows the figure; refusals are 4xx in Chinese.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from duban.accounts.models import UserRole
from duban.accounts.services import ensure_role, issue_token, operator
from duban.plans.importing import import_report
from duban.plans.models import Department, Plan, Task
from duban.tracking.periods import find_period
from duban.tracking.reports import ReportEntry, open_report, save_report

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "own liaison", "other liaison", "office"]


@pytest.fixture
def plan(sample_path: Path) -> Plan:
    return import_report(sample_path, government="爱民区").plan


@pytest.fixture
def grain(plan: Plan) -> Task:
    return plan.tasks.get(text__contains="9000万斤")


def _lead(task: Task) -> Department:
    return task.assignments.get(role="lead", withdrawn=False).department


def _user(name: str, role: str | None, department: Department | None = None):
    user = operator(name)
    if role:
        ensure_role(user, role, department)
    return user


@pytest.fixture
def people(plan: Plan, grain: Task) -> dict[str, object]:
    own = _lead(grain)
    assigned = grain.assignments.filter(withdrawn=False).values_list("department", flat=True)
    other = plan.government.departments.exclude(pk__in=assigned).order_by("order").first()
    return {
        "reader": _user("reader", UserRole.READER),
        "own liaison": _user("own", UserRole.LIAISON, own),
        "other liaison": _user("other", UserRole.LIAISON, other),
        "office": _user("office", UserRole.OFFICE),
    }


@pytest.fixture
def tokens(people: dict[str, object]) -> dict[str, str]:
    return {role: issue_token(user, "test") for role, user in people.items()}


def _headers(tokens: dict[str, str], role: str) -> dict[str, str]:
    return {} if role == "anonymous" else {"HTTP_AUTHORIZATION": f"Bearer {tokens[role]}"}


def _call(client: Client, method: str, url: str, role: str, tokens: dict[str, str], body: dict | None = None):
    if method == "GET":
        return client.get(url, **_headers(tokens, role))
    return client.post(url, body or {}, content_type="application/json", **_headers(tokens, role))


@pytest.fixture
def submitted(plan: Plan, grain: Task, people: dict[str, object]):
    liaison = people["own liaison"]
    report = open_report(grain, find_period(plan, "2024-05"), _lead(grain), user=liaison)
    return save_report(
        report, ReportEntry(progress="春播"), version=report.version, user=liaison, submit=True
    )


READ_ALL = dict.fromkeys(ROLES[1:], 200) | {"anonymous": 401}
READ_TASK = READ_ALL | {"other liaison": 403}
REPORT = {"anonymous": 401, "reader": 403, "own liaison": 200, "other liaison": 403, "office": 200}
REVIEW = {"anonymous": 401, "reader": 403, "own liaison": 403, "other liaison": 403, "office": 200}

# name, method, url pattern, body, expected status per role
ROUTES: list[tuple[str, str, str, Callable[[object], dict] | None, dict[str, int]]] = [
    ("plans", "GET", "/api/plans", None, READ_ALL),
    ("plan", "GET", "/api/plans/{plan}", None, READ_ALL),
    ("sections", "GET", "/api/plans/{plan}/sections", None, READ_ALL),
    ("ledger", "GET", "/api/plans/{plan}/tasks?light=red&sort=light", None, READ_ALL),
    ("status", "GET", "/api/plans/{plan}/status?date=2024-06-30", None, READ_ALL),
    ("rollup", "GET", "/api/plans/{plan}/rollup", None, READ_ALL),
    ("task", "GET", "/api/tasks/{task}", None, READ_TASK),
    ("targets", "GET", "/api/tasks/{task}/targets", None, READ_TASK),
    ("reports", "GET", "/api/tasks/{task}/reports", None, READ_TASK),
    (
        "file",
        "POST",
        "/api/tasks/{task}/reports",
        lambda r: {"period": "2024-06", "progress": "推进中"},
        REPORT,
    ),
    (
        "review",
        "POST",
        "/api/reports/{report}/review",
        lambda r: {"accept": True, "version": r.version},
        REVIEW,
    ),
]


@pytest.mark.parametrize(
    ("name", "method", "pattern", "body", "role", "expected"),
    [(name, m, p, b, role, codes[role]) for name, m, p, b, codes in ROUTES for role in ROLES],
    ids=[f"{name} as {role}" for name, *_ in ROUTES for role in ROLES],
)
def test_every_route_answers_each_role_as_the_rules_say(
    plan, grain, submitted, tokens, name, method, pattern, body, role, expected
):
    url = pattern.format(plan=plan.pk, task=grain.external_id, report=submitted.pk)
    response = _call(Client(), method, url, role, tokens, body(submitted) if body else None)
    assert response.status_code == expected, response.content.decode()
    if expected >= 400:
        assert response.json()["detail"]  # a sentence, in Chinese, for every refusal


def test_a_liaison_files_with_a_token_the_office_accepts_and_the_status_shows_the_figure(plan, grain, tokens):
    client, area = Client(), grain.targets.order_by("pk").first()
    url = f"/api/tasks/{grain.external_id}/reports"
    draft = {"period": "2024-06", "progress": "春播完成", "figures": {area.external_id: 110000}}
    saved = _call(client, "POST", url, "own liaison", tokens, draft)
    assert saved.status_code == 200, saved.content.decode()
    assert saved.json()["state"] == "draft" and saved.json()["source"] == "api"
    body = {**draft, "version": saved.json()["version"], "submit": True}
    filed = _call(client, "POST", url, "own liaison", tokens, body).json()
    assert filed["state"] == "submitted" and filed["figures"] == {area.external_id: 110000}
    review = {"accept": True, "version": filed["version"]}
    accepted = _call(client, "POST", f"/api/reports/{filed['id']}/review", "office", tokens, review)
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    statuses = _call(client, "GET", f"/api/plans/{plan.pk}/status?date=2024-07-01", "reader", tokens).json()
    mine = next(s for s in statuses if s["task_id"] == grain.external_id)
    assert next(t for t in mine["targets"] if t["target_id"] == area.external_id)["actual"] == 110000
    assert set(mine) == {
        "task_id",
        "text",
        "status",
        "light",
        "time_progress",
        "completion",
        "reason",
        "targets",
    }
    locked = _call(
        client, "POST", url, "own liaison", tokens, {**body, "version": accepted.json()["version"]}
    )
    assert locked.status_code == 400 and "锁定" in locked.json()["detail"]


def test_a_stale_version_or_a_missing_one_on_an_existing_report_is_a_conflict(grain, tokens):
    client, url = Client(), f"/api/tasks/{grain.external_id}/reports"
    first = _call(client, "POST", url, "own liaison", tokens, {"period": "2024-06", "progress": "甲"}).json()
    newer = {"period": "2024-06", "progress": "乙", "version": first["version"]}
    assert _call(client, "POST", url, "own liaison", tokens, newer).status_code == 200
    stale = _call(client, "POST", url, "own liaison", tokens, {**newer, "progress": "丙"})
    assert stale.status_code == 409 and "修改" in stale.json()["detail"]
    blind = _call(client, "POST", url, "own liaison", tokens, {"period": "2024-06", "progress": "丁"})
    assert blind.status_code == 409 and "version" in blind.json()["detail"]
    reports = _call(client, "GET", url, "own liaison", tokens).json()
    assert [r["progress"] for r in reports] == ["乙"]  # nothing was overwritten


@pytest.mark.parametrize("figures", [(0, 0), (1e308, -1e308), (-5, 5e-324)])
def test_extreme_accepted_figures_still_give_statuses_and_rollups(plan, grain, tokens, figures):
    client, targets = Client(), list(grain.targets.order_by("pk").values_list("external_id", flat=True))
    body = {"period": "2024-06", "figures": dict(zip(targets, figures, strict=False)), "submit": True}
    filed = _call(client, "POST", f"/api/tasks/{grain.external_id}/reports", "office", tokens, body).json()
    review = {"accept": True, "version": filed["version"]}
    assert (
        _call(client, "POST", f"/api/reports/{filed['id']}/review", "office", tokens, review).status_code
        == 200
    )
    for what in ["status", "rollup", "tasks?sort=-completion"]:
        url = f"/api/plans/{plan.pk}/{what}{'&' if '?' in what else '?'}date=2024-07-01"
        assert _call(client, "GET", url, "reader", tokens).status_code == 200


def test_the_review_carries_its_version_too(submitted, tokens):
    stale = {"accept": False, "comment": "请补充", "version": submitted.version - 1}
    response = _call(Client(), "POST", f"/api/reports/{submitted.pk}/review", "office", tokens, stale)
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/plans/{plan}/status?date=2024-13-45", 422),
        ("/api/plans/{plan}/rollup?date=yesterday", 422),
        ("/api/plans/{plan}/tasks?sort=sideways", 422),
        ("/api/plans/{plan}/tasks?page=0", 422),
        ("/api/plans/999999/status", 404),
        ("/api/plans/99999999999999999999999", 422),
        ("/api/tasks/T999-9999", 404),
        ("/api/tasks/T999-9999/reports", 404),
        ("/api/tasks/T1%00/targets", 422),
    ],
)
def test_bad_input_is_refused_never_a_server_error(plan, tokens, url, expected):
    response = _call(Client(), "GET", url.format(plan=plan.pk), "office", tokens)
    assert response.status_code == expected, response.content.decode()
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "expected", "words"),
    [
        ({"period": "2031-01"}, 400, "期次"),
        ({"period": "2024-06", "figures": {"T1-0001-x": 1}}, 400, "目标"),
        ({"period": "2024-06", "percent": 130}, 422, "percent"),
        ({"period": "2024-06", "progress": "a\x00b"}, 422, "progress"),
        ({"period": "2024-06", "department": "财政局"}, 403, "本单位"),
        ({"progress": "没有期次"}, 422, "period"),
    ],
)
def test_a_report_body_that_cannot_be_taken_is_refused_with_a_reason(grain, tokens, body, expected, words):
    response = _call(Client(), "POST", f"/api/tasks/{grain.external_id}/reports", "own liaison", tokens, body)
    assert response.status_code == expected, response.content.decode()
    assert words in response.json()["detail"], response.json()


def test_a_body_that_is_not_json_is_a_400_in_chinese(grain, tokens):
    response = Client().post(
        f"/api/tasks/{grain.external_id}/reports",
        "{not json",
        content_type="application/json",
        **_headers(tokens, "own liaison"),
    )
    assert response.status_code == 400 and "JSON" in response.json()["detail"]


def test_the_office_reports_for_the_lead_unit_unless_it_names_another(grain, tokens):
    url = f"/api/tasks/{grain.external_id}/reports"
    filed = _call(Client(), "POST", url, "office", tokens, {"period": "2024-06"}).json()
    assert filed["department"] == _lead(grain).name and filed["role"] == "lead"
    unknown = _call(Client(), "POST", url, "office", tokens, {"period": "2024-06", "department": "不存在局"})
    assert unknown.status_code == 400


def test_a_liaison_sees_only_its_units_tasks_in_the_ledger_and_the_figures(plan, grain, tokens):
    client = Client()
    mine = _call(client, "GET", f"/api/plans/{plan.pk}/tasks?per_page=500", "own liaison", tokens).json()
    unit = _lead(grain)
    expected = plan.tasks.filter(withdrawn=False, assignments__department=unit, assignments__withdrawn=False)
    assert mine["total"] == expected.distinct().count() and grain.external_id in {
        i["task_id"] for i in mine["items"]
    }
    everything = _call(client, "GET", f"/api/plans/{plan.pk}/tasks", "reader", tokens).json()
    assert everything["total"] == plan.tasks.filter(withdrawn=False).count() > mine["total"]
    rollup = _call(client, "GET", f"/api/plans/{plan.pk}/rollup", "own liaison", tokens).json()
    assert rollup["scoped"] and rollup["plan"]["tasks"] == mine["total"]


def test_the_ledger_filters_sort_and_pages(plan, tokens):
    url = f"/api/plans/{plan.pk}/tasks?q=推进&per_page=1&page=2&date=2024-06-30"
    page = _call(Client(), "GET", url, "reader", tokens).json()
    assert page["page"] == 2 and page["pages"] == page["total"] >= 2 and len(page["items"]) == 1
    assert page["date"] == "2024-06-30" and "推进" in page["items"][0]["text"]
    assert {"task_id", "light", "lead", "targets", "time_progress"} <= set(page["items"][0])


def test_a_task_comes_with_its_assignments_and_targets(grain, tokens):
    task = _call(Client(), "GET", f"/api/tasks/{grain.external_id}", "own liaison", tokens).json()
    assert task["lead"] == _lead(grain).name
    assert {a["department"] for a in task["assignments"]} >= {task["lead"]}
    assert [t["target_id"] for t in task["targets"]] == list(
        grain.targets.order_by("pk").values_list("external_id", flat=True)
    )


def test_a_plan_lists_its_periods_for_reporting(plan, tokens):
    found = _call(Client(), "GET", f"/api/plans/{plan.pk}", "own liaison", tokens).json()
    assert found["key"] == "爱民区/2024" and len(found["periods"]) == 12
    assert found["open_period"] in {p["label"] for p in found["periods"]}


def test_a_revoked_or_unknown_token_is_401(tokens):
    response = Client().get("/api/plans", HTTP_AUTHORIZATION="Bearer dbn_nonsense")
    assert response.status_code == 401 and "登录" in response.json()["detail"]


def test_a_user_without_a_role_is_403(tokens):
    token = issue_token(_user("nobody", None))
    assert Client().get("/api/plans", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 403


def test_a_session_works_and_needs_csrf_for_writes(grain, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["own liaison"])
    assert client.get("/api/plans").status_code == 200
    url, body = f"/api/tasks/{grain.external_id}/reports", {"period": "2024-06", "progress": "会话"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    client.get("/api/docs")  # any page sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    assert client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token).status_code == 200


def test_a_token_needs_no_csrf_even_with_a_session(grain, people, tokens):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["own liaison"])
    response = _call(
        client,
        "POST",
        f"/api/tasks/{grain.external_id}/reports",
        "own liaison",
        tokens,
        {"period": "2024-06"},
    )
    assert response.status_code == 200


def test_the_docs_page_works_offline_under_the_sites_csp():
    client = Client()
    page = client.get("/api/docs")
    html = page.content.decode()
    assert page.status_code == 200 and "http://" not in html and "https://" not in html
    assert "<script>" not in html  # inline scripts would be blocked by script-src 'self'
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    for name in ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js"]:
        assert f"/static/ninja/{name}" in html and finders.find(f"ninja/{name}")
    assert '"validatorUrl": null' in html  # no badge fetched from validator.swagger.io
    assert client.get("/static/ninja/swagger-ui-init.js").status_code == 200
    assert client.get("/api/openapi.json").json()["info"]["title"] == "督办 duban API"


def test_dates_default_to_the_plans_assessment_day(plan, tokens):
    from duban.tracking.periods import settings_for

    chosen = settings_for(plan)
    chosen.as_of = dt.date(2024, 9, 30)
    chosen.save()
    assert (
        _call(Client(), "GET", f"/api/plans/{plan.pk}/rollup", "reader", tokens).json()["date"]
        == "2024-09-30"
    )


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("DUBAN_REQUIRE_BROWSER") != "1",
    reason="needs the system's Chromium",
)
def test_the_docs_page_renders_in_a_browser_from_this_server_alone(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            requested, complaints = [], []
            page.on("request", lambda r: requested.append(r.url))
            # A blocked script or style under the CSP shows up as a console error.
            page.on("console", lambda m: complaints.append(m.text) if m.type == "error" else None)
            page.goto(f"{live_server.url}/api/docs")
            page.wait_for_selector(".opblock", timeout=15000)
            operations = page.locator(".opblock").count()
        finally:
            browser.close()
    from duban.web.api import api

    listed = sum(len(methods) for methods in api.get_openapi_schema()["paths"].values())
    assert operations == listed and not complaints
    assert all(url.startswith(live_server.url) for url in requested), requested
