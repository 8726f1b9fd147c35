"""Issue #5 item 5: the journey in a real browser (Debian's Chromium, headless, driven by Playwright)
against a live server.

A liaison signs in, opens the unit's inbox, reports figures that meet the targets of a task that is
behind, and signs out; the office signs in and accepts the report; the task's light turns green on
the ledger, the task page and the overview, whose ECharts charts are drawn. No request leaves the
server (government networks are often offline) and the console stays clean (a CSP violation would
show there). Screenshots of every step are kept in ``test-artifacts/journey/``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from duban.accounts.models import UserRole
from duban.accounts.services import add_user
from duban.plans.importing import import_report
from duban.plans.models import Plan, Task
from duban.tracking.demo import fill_demo
from duban.tracking.models import ProgressReport, ReportState
from duban.tracking.status import TaskStatus, plan_status

pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "journey"
# Mid-July: the open period (July, due on the 25th) has begun, so what the unit reports for it counts
# on the dashboard's date (a period's figures count from its first day).
DAY = dt.date(2024, 7, 10)
PASSWORD = "Duban-journey-2024"
PROGRESS = "浏览器旅程：本月新开工项目全部按期推进，目标已完成"
CHARTS = ["chart-lights", "chart-trend", "chart-sections", "chart-departments"]


def _behind(statuses: list[TaskStatus], plan: Plan) -> TaskStatus:
    """The first task that is behind (red or yellow) with plain quantified targets to report."""
    for status in statuses:
        if status.light not in {"red", "yellow"} or status.status != "滞后" or not status.targets:
            continue
        targets = Task.objects.get(plan=plan, external_id=status.task_id).targets.filter(withdrawn=False)
        if all(t.value is not None and not t.growth and t.comparator in {"eq", "ge", "gt"} for t in targets):
            return status
    raise AssertionError("the demo year has no quantified task behind on its date")


@contextmanager
def _chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Journey:
    """One browser page with what it saw: every request URL and every console error."""

    def __init__(self, browser, base: str, folder: Path = ARTIFACTS) -> None:
        self.base = base
        self.folder = folder
        screen = {"width": 1280, "height": 900}
        self.context = browser.new_context(base_url=base, locale="zh-CN", viewport=screen)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.shots = 0
        folder.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str, element=None) -> None:
        """A PNG of the whole page, or of one element of a long page."""
        self.shots += 1
        path = str(self.folder / f"{self.shots:02d}-{name}.png")
        if element is not None:
            element.screenshot(path=path)
        else:
            self.page.screenshot(path=path, full_page=True)

    def log_in(self, username: str) -> None:
        self.page.goto("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.shot(f"login-{username}")
        self.page.click("button[type=submit].primary")
        self.page.wait_for_url(self.base + "/")

    def log_out(self) -> None:
        self.page.get_by_role("button", name="退出").click()
        self.page.wait_for_url(self.base + "/accounts/login/")

    def light(self, task_id: str) -> str:
        """The ledger's light for the task: red, yellow or green."""
        self.page.goto(f"/ledger/?q={task_id}")
        classes = self.page.locator(f'tr[data-task="{task_id}"] .light').get_attribute("class")
        return next(c for c in classes.split() if c in {"red", "yellow", "green"})


@pytest.fixture
def journey_data(sample_path: Path) -> dict:
    plan = import_report(sample_path, government="爱民区").plan
    fill_demo(plan, DAY)
    statuses = plan_status(plan, DAY)
    behind = _behind(statuses, plan)
    task = Task.objects.get(plan=plan, external_id=behind.task_id)
    add_user("liaison", UserRole.LIAISON, password=PASSWORD, department=behind.lead, government="爱民区")
    add_user("office", UserRole.OFFICE, password=PASSWORD)
    yield {
        "plan": plan,
        "task": task,
        "before": behind,
        "greens": sum(1 for s in statuses if s.light == "green"),
        "figures": {t.pk: f"{t.value:.12g}{t.unit}" for t in task.targets.filter(withdrawn=False)},
    }


@pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("DUBAN_REQUIRE_BROWSER") != "1",
    reason=f"no Chromium at {CHROMIUM}: the browser journey needs it",
)
def test_liaison_reports_office_accepts_light_turns_green(live_server, journey_data: dict):
    from playwright.sync_api import expect

    task_id, before = journey_data["task"].external_id, journey_data["before"]
    with _chromium() as browser:
        j = Journey(browser, live_server.url)
        page = j.page

        # The liaison signs in and sees the task behind on its ledger.
        j.log_in("liaison")
        j.shot("liaison-overview")
        assert j.light(task_id) == before.light
        j.shot("liaison-ledger-before")

        # It opens the inbox and the task's report form, fills figures that meet the targets.
        page.goto("/inbox/")
        item = page.locator(f"#item-{task_id}")
        expect(item).to_be_visible()
        j.shot("liaison-inbox")
        item.locator(f"#open-{task_id}").click()
        form = page.locator("form.report-form")
        expect(form).to_be_visible()
        for target_pk, written in journey_data["figures"].items():
            form.locator(f'input[name="figure-{target_pk}"]').fill(written)
        form.locator('textarea[name="progress"]').fill(PROGRESS)
        j.shot("liaison-form-filled", item)
        form.get_by_role("button", name="报送", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("已报送")
        j.shot("liaison-submitted", item)
        j.log_out()
        j.shot("liaison-logged-out")
        page.goto("/inbox/")
        expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))

        # The office signs in, finds the report in the review queue and accepts it.
        j.log_in("office")
        page.goto("/review/")
        report = page.locator("section.card", has_text=PROGRESS)
        expect(report).to_have_count(1)
        expect(report.locator(f'a[href="/tasks/{task_id}/"]')).to_be_visible()
        j.shot("office-review-card", report)
        report.get_by_role("button", name="审核通过").click()
        expect(page).to_have_url(re.compile(r"/review/\?plan=\d+$"))
        expect(page.locator("section.card", has_text=PROGRESS)).to_have_count(0)
        j.shot("office-accepted")

        # The dashboard shows the task green: ledger row, task page, overview counts and charts.
        assert j.light(task_id) == "green"
        j.shot("office-ledger-after")
        page.goto(f"/tasks/{task_id}/")
        expect(page.locator("h1 .light")).to_have_class(re.compile(r"\bgreen\b"))
        expect(page.locator(".timeline")).to_contain_text(PROGRESS)
        j.shot("office-task-after")
        overview = page.goto("/")
        # The page runs under the strict policy, so a clean console below means no CSP violation.
        assert "script-src 'self'" in overview.headers.get("content-security-policy", "")
        for chart in CHARTS:
            expect(page.locator(f"#{chart} canvas").first).to_be_attached()
            assert page.locator(f"#{chart} canvas").count() > 0, chart
        expect(page.locator("#kpi-green")).to_have_text(str(journey_data["greens"] + 1))
        j.shot("office-overview-after")
        j.context.close()

    host = urlsplit(live_server.url).netloc
    outside = [
        u for u in j.requests if urlsplit(u).scheme not in {"data", "blob"} and urlsplit(u).netloc != host
    ]
    assert not outside, f"requests left the server: {outside}"
    assert any("/static/vendor/echarts/" in u for u in j.requests)  # the charts came from our own files
    assert not j.errors, f"console errors: {j.errors}"

    accepted = ProgressReport.objects.get(task=journey_data["task"], progress=PROGRESS)
    assert accepted.state == ReportState.ACCEPTED and accepted.department.name == before.lead
    after = next(s for s in plan_status(journey_data["plan"], DAY) if s.task_id == task_id)
    assert before.light in {"red", "yellow"} and after.light == "green"


@pytest.fixture
def order_data(sample_path: Path) -> dict:
    plan = import_report(sample_path, government="爱民区").plan
    fill_demo(plan, DAY)
    red = next(s for s in plan_status(plan, DAY) if s.light == "red" and s.status == "滞后")
    add_user("liaison", UserRole.LIAISON, password=PASSWORD, department=red.lead, government="爱民区")
    add_user("office", UserRole.OFFICE, password=PASSWORD)
    return {"plan": plan, "task_id": red.task_id}


@pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("DUBAN_REQUIRE_BROWSER") != "1",
    reason=f"no Chromium at {CHROMIUM}: the browser journey needs it",
)
def test_office_issues_an_order_and_the_unit_replies(live_server, order_data: dict):
    """Issue #13: the office turns the rules' proposal into a 督办单, the unit signs for it and
    replies, the office closes it; screenshots at 1366 and 390 px in test-artifacts/orders/."""
    from playwright.sync_api import expect

    plan, task_id = order_data["plan"], order_data["task_id"]
    folder = ARTIFACTS.parent / "orders"
    with _chromium() as browser:
        j = Journey(browser, live_server.url, folder)
        page = j.page

        def both(name: str) -> None:
            for width in (1366, 390):
                page.set_viewport_size({"width": width, "height": 900})
                j.shot(f"{name}-{width}")
            page.set_viewport_size({"width": 1280, "height": 900})

        j.log_in("office")
        page.goto(f"/plans/{plan.pk}/orders/")
        page.locator("#propose").click()
        expect(page.locator(".messages")).to_contain_text("已生成督办建议")
        both("office-proposals")
        row = page.locator("tr[data-order]", has=page.locator(f'a[href="/tasks/{task_id}/"]'))
        row.locator("td a").first.click()
        page.locator('input[name="responsible"]').fill("张主任")
        page.get_by_role("button", name="保存修改").click()
        page.locator("#issue").click()
        expect(page.locator("#order-state")).to_have_text("已交办，待签收")
        expect(page.locator("h1")).to_contain_text("督〔2024〕1号")
        both("office-issued")
        j.log_out()

        j.log_in("liaison")
        page.goto("/inbox/")
        orders = page.locator("#unit-orders")
        expect(orders).to_contain_text("督〔2024〕1号")
        both("unit-inbox")
        orders.get_by_role("link", name=re.compile("督〔2024〕1号")).click()
        page.locator("#sign").click()
        expect(page.locator("#order-state")).to_have_text("已签收，办理中")
        form = page.locator("#reply-form")
        form.locator('textarea[name="done"]').fill("召开专题推进会，倒排工期")
        form.locator('textarea[name="measures"]').fill("每周调度，增派施工力量")
        form.locator('input[name="back_on"]').fill("2024-08-31")
        both("unit-reply-filled")
        page.locator("#reply").click()
        expect(page.locator("#order-state")).to_have_text("已答复，待审核")
        both("unit-replied")
        j.log_out()

        j.log_in("office")
        page.goto(f"/plans/{plan.pk}/orders/?state=replied")
        page.locator("tr[data-order] td a").first.click()
        expect(page.locator(".timeline").first).to_contain_text("召开专题推进会")
        page.locator("#close").click()
        expect(page.locator("#order-state")).to_have_text("已办结")
        both("office-closed")
        j.context.close()

    assert not j.errors, f"console errors: {j.errors}"
    host = urlsplit(live_server.url).netloc
    assert all(urlsplit(u).netloc == host for u in j.requests if urlsplit(u).scheme in {"http", "https"})
