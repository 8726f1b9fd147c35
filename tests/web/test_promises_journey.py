"""Issue #14 in a real browser: the office opens the 兑现核查 page of 河北省's 2024 plan once the 2025
report is imported, sees the charts drawn, filters by verdict, follows a citation into the next
report with the figure marked, overrides a verdict with a reason, and the published plan's public
page shows the check. Nothing leaves the server and the console stays clean. Screenshots at 1366 px
and 390 px wide are kept in ``test-artifacts/promises/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from duban.accounts.models import UserRole
from duban.accounts.services import add_user
from duban.plans.importing import import_report
from duban.plans.models import Plan

pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "promises"
PASSWORD = "Duban-journey-2024"
REASON = "浏览器旅程：次年报告口径为全省，改判为完成"


@pytest.fixture
def plan(corpus_dir: Path) -> Plan:
    first = import_report(corpus_dir / "hebei-province-2024.txt", government="河北省", level="province").plan
    import_report(corpus_dir / "hebei-province-2025.txt", government="河北省", level="province")
    add_user("office", UserRole.OFFICE, password=PASSWORD)
    return first


def _row(page, metric: str):
    """The check's row by the metric in its first cell (a sentence may quote other targets)."""
    return page.locator("table.checks tbody tr", has=page.locator("td:first-child strong", has_text=metric))


@pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("DUBAN_REQUIRE_BROWSER") != "1",
    reason=f"no Chromium at {CHROMIUM}: the browser journey needs it",
)
def test_office_reads_filters_follows_a_citation_and_overrides(live_server, plan: Plan):
    from playwright.sync_api import expect, sync_playwright

    # Read and written before the browser starts: Playwright's sync API runs an event loop in this
    # thread, where Django refuses queries. Publishing changes nothing on the office's pages.
    over = plan.promise_checks.filter(auto_verdict="超额完成").count()
    Plan.objects.filter(pk=plan.pk).update(published=True)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900}
        )
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))

        page.goto("/accounts/login/")
        page.fill("input[name=username]", "office")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(live_server.url + "/")

        page.goto(f"/plans/{plan.pk}/promises/")
        for chart in ("chart-verdicts", "chart-indicators"):
            expect(page.locator(f"#{chart} canvas").first).to_be_attached()
        expect(page.locator("h1")).to_contain_text("兑现核查")
        page.screenshot(path=str(ARTIFACTS / "01-promises-1366.png"), full_page=True)

        page.select_option("select[name=verdict]", "超额完成")
        page.wait_for_url(re.compile(r"verdict="))
        rows = page.locator("table.checks tbody tr")
        assert rows.count() == over
        page.screenshot(path=str(ARTIFACTS / "02-filtered-1366.png"), full_page=True)

        roads = _row(page, "建设改造农村公路")
        roads.locator("td.cite a").nth(1).click()
        page.wait_for_url(re.compile(r"/report/\?q=q\d+#q\d+$"))
        picked = page.locator("mark.picked")
        expect(picked).to_have_text("7356.7公里")
        page.screenshot(path=str(ARTIFACTS / "03-next-report-figure.png"))

        page.goto(f"/plans/{plan.pk}/promises/?verdict=超额完成")
        row = _row(page, "建成棚改安置房")
        row.locator("summary").click()
        row.locator("select[name=verdict]").select_option("完成")
        row.locator("textarea[name=reason]").fill(REASON)
        row.get_by_role("button", name="保存").click()
        page.wait_for_url(re.compile(r"/promises/#check-\d+$"))
        changed = _row(page, "建成棚改安置房")
        expect(changed).to_contain_text("自动：超额完成")
        expect(changed).to_contain_text(REASON)
        page.screenshot(path=str(ARTIFACTS / "04-overridden-1366.png"), full_page=True)

        phone = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
        )
        phone.add_cookies(context.cookies())
        small = phone.new_page()
        small.on("pageerror", lambda e: errors.append(str(e)))
        small.goto(f"/plans/{plan.pk}/promises/?scope=indicator")
        expect(small.locator("table.checks tbody tr").first).to_be_visible()
        small.screenshot(path=str(ARTIFACTS / "05-indicators-390.png"), full_page=True)
        phone.close()

        public = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900}
        )
        anonymous = public.new_page()
        anonymous.goto(f"/public/{plan.pk}/#promises")
        expect(anonymous.locator("#promises")).to_contain_text("兑现核查")
        anonymous.locator("#promises").scroll_into_view_if_needed()
        anonymous.screenshot(path=str(ARTIFACTS / "06-public-1366.png"))
        public.close()
        context.close()
        browser.close()

    host = urlsplit(live_server.url).netloc
    outside = [
        u for u in requests if urlsplit(u).scheme not in {"data", "blob"} and urlsplit(u).netloc != host
    ]
    assert not outside, f"requests left the server: {outside}"
    assert not errors, f"console errors: {errors}"
