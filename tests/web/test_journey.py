"""Issues #5 item 5 and #11: the journey in a real browser (Debian's Chromium, headless, driven by
Playwright) against a live server, every step photographed at 1366 px and at 390 px.

A liaison signs in and types a figure the server refuses (一百八十多个): the refusal shows in place
with the figure kept; it reports figures that meet the targets of a task that is behind, with a
PDF of evidence. The office finds the report in the review queue (filtered by the unit, the
evidence opening from it), tries to return it without a comment (the browser stops it in place)
and returns it with one. The liaison sees the notice and its count in the header and the comment
on the inbox card, and submits again; the office accepts it from the queue with the batch button;
the task's light turns green on the ledger, the task page (whose history tells the return, the
resubmission and who reviewed) and the overview, whose charts are drawn with their legends clear
of the bars and print on A4 whole, each page with its number and the as-of date. The office then
creates a liaison for another unit and reminds (催办) that unit; the new liaison signs in with the
password it was given and finds the reminder. A leader opens the view of the tasks they answer
for, laggards first; the public page reads as cards on a phone.

At 390 px every page keeps to the screen's width and folds its menu behind a button. No request
leaves the server (government networks are often offline) and the console stays clean (a CSP
violation would show there). Screenshots and the printed overview (PDF and page images) are kept
in ``test-artifacts/journey/``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pymupdf
import pytest

from duban.accounts.models import Profile, UserRole
from duban.accounts.services import add_user
from duban.plans.importing import import_report
from duban.plans.leaders import responsible_leader
from duban.plans.models import Department, Plan, Task
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
RETURN_COMMENT = "浏览器旅程：请补充项目清单作为佐证"
CHARTS = ["chart-lights", "chart-trend", "chart-sections", "chart-departments"]
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
EVIDENCE = b"%PDF-1.4\n% journey evidence\n"


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
        self.context = browser.new_context(base_url=base, locale="zh-CN", viewport=DESKTOP)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.shots = 0
        shutil.rmtree(folder, ignore_errors=True)  # only this run's pictures
        folder.mkdir(parents=True)

    def shot(self, name: str, selector: str | None = None) -> None:
        """PNGs of the page (or of one element of a long page) at 1366 and 390 px; at 390 px the
        page must keep to the screen's width and fold its menu (issue #11 item 12)."""
        self.shots += 1
        for size in (DESKTOP, PHONE):
            self.page.set_viewport_size(size)
            self.page.wait_for_timeout(200)  # the charts redraw at the new width
            path = str(self.folder / f"{self.shots:02d}-{name}-{size['width']}.png")
            if selector is not None:
                self.page.locator(selector).first.screenshot(path=path)
            else:
                self.page.screenshot(path=path, full_page=True)
            if size is PHONE:
                self.phone_checks(name)
        self.page.set_viewport_size(DESKTOP)

    def phone_checks(self, name: str) -> None:
        wide = self.page.evaluate("document.documentElement.scrollWidth")
        assert wide <= PHONE["width"] + 1, f"{name}: the page is {wide} px wide on a 390 px screen"
        header = self.page.evaluate("document.querySelector('.top').getBoundingClientRect().height")
        assert header < 120, f"{name}: the header is {header} px tall on a phone"
        assert not self.page.locator("#site-nav").is_visible(), f"{name}: the menu is not folded"

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        self.page.goto("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
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

    def unread(self) -> int:
        return int(self.page.locator(".notices .count").get_attribute("data-count"))


@pytest.fixture
def journey_data(sample_path: Path) -> dict:
    plan = import_report(sample_path, government="爱民区").plan
    fill_demo(plan, DAY, publish=True)  # also gives the government its demo leaders
    statuses = plan_status(plan, DAY)
    behind = _behind(statuses, plan)
    task = Task.objects.get(plan=plan, external_id=behind.task_id)
    add_user("liaison", UserRole.LIAISON, password=PASSWORD, department=behind.lead, government="爱民区")
    add_user("office", UserRole.OFFICE, password=PASSWORD)
    leader = responsible_leader(task)
    assert leader is not None, "the demo's leaders oversee every unit that leads a task"
    reader = add_user("leader", UserRole.READER, password=PASSWORD)
    Profile.objects.filter(user=reader).update(leader=leader)
    other = (
        Department.objects.filter(government=plan.government, assignments__role="lead")
        .exclude(name=behind.lead)
        .order_by("order")
        .first()
    )
    yield {
        "plan": plan,
        "task": task,
        "before": behind,
        "greens": sum(1 for s in statuses if s.light == "green"),
        "figures": {t.pk: f"{t.value:.12g}{t.unit}" for t in task.targets.filter(withdrawn=False)},
        "leader": leader,
        "other_unit": other,
    }


def _print_overview(j: Journey) -> pymupdf.Document:
    """The overview printed to A4 as the browser prints it, kept with its page images."""
    j.page.goto("/")
    j.page.emulate_media(media="print")
    j.page.wait_for_timeout(300)  # the charts redraw at paper width
    pdf = j.folder / "overview-print.pdf"
    j.page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
    j.page.emulate_media(media="screen")
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(j.folder / "overview-print")], check=True)
    return pymupdf.open(pdf)


@pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("DUBAN_REQUIRE_BROWSER") != "1",
    reason=f"no Chromium at {CHROMIUM}: the browser journey needs it",
)
def test_the_daily_work_of_units_office_and_leaders(live_server, journey_data: dict):
    from playwright.sync_api import expect

    task_id, before = journey_data["task"].external_id, journey_data["before"]
    other_unit = journey_data["other_unit"]
    with _chromium() as browser:
        j = Journey(browser, live_server.url)
        page = j.page

        # The liaison signs in and sees the task behind on its ledger.
        j.log_in("liaison")
        j.shot("liaison-overview")
        assert j.light(task_id) == before.light
        j.shot("liaison-ledger-before")

        # A figure the server cannot read is refused in place, in Chinese, with what was typed.
        page.goto("/inbox/")
        item = page.locator(f"#item-{task_id}")
        expect(item).to_be_visible()
        j.shot("liaison-inbox")
        item.locator(f"#open-{task_id}").click()
        form = page.locator("form.report-form")
        expect(form).to_be_visible()
        first_target = next(iter(journey_data["figures"]))
        form.locator(f'input[name="figure-{first_target}"]').fill("一百八十多个")
        form.locator('textarea[name="progress"]').fill(PROGRESS)
        form.get_by_role("button", name="报送", exact=True).click()
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("应是一个数字")
        expect(alert).to_contain_text("一百八十多个")
        expect(page.locator(f'input[name="figure-{first_target}"]')).to_have_value("一百八十多个")
        expect(page.locator('textarea[name="progress"]')).to_have_value(PROGRESS)
        expect(page.locator(f"#state-{task_id}")).to_have_text("未填报")
        j.shot("liaison-refused-figure", f"#item-{task_id}")

        # It types figures that meet the targets, attaches its evidence and submits.
        form = page.locator("form.report-form")
        for target_pk, written in journey_data["figures"].items():
            form.locator(f'input[name="figure-{target_pk}"]').fill(written)
        form.locator('input[name="evidence"]').set_input_files(
            files=[{"name": "项目清单.pdf", "mimeType": "application/pdf", "buffer": EVIDENCE}]
        )
        j.shot("liaison-form-filled", f"#item-{task_id}")
        form.get_by_role("button", name="报送", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("已报送")
        expect(page.locator(f"#state-{task_id}")).to_have_text("已报送")
        j.shot("liaison-submitted", f"#item-{task_id}")
        j.log_out()
        page.goto("/inbox/")
        expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))

        # The office finds the report in the queue, filtered by the unit; the evidence opens.
        j.log_in("office")
        page.goto("/review/")
        expect(page.locator("#queue-count")).to_contain_text("待审核")
        unit_option = page.locator('select[name="department"] option', has_text=f"{before.lead}（")
        page.select_option('select[name="department"]', unit_option.get_attribute("value"))
        expect(page).to_have_url(re.compile(r"department=\d+"))
        report = page.locator("article.queue-row", has_text=PROGRESS)
        expect(report).to_have_count(1)
        evidence = report.locator("a.evidence")
        expect(evidence).to_have_text("项目清单.pdf")
        opened = page.request.get(evidence.get_attribute("href"))
        assert opened.ok and opened.body() == EVIDENCE
        assert opened.headers["content-disposition"].startswith("inline;")
        j.shot("office-review-queue")
        comment_box = report.locator('textarea[name="comment"]')
        box = comment_box.bounding_box()
        page.set_viewport_size(PHONE)
        phone_box = comment_box.bounding_box()
        assert phone_box["x"] + phone_box["width"] <= PHONE["width"], "the comment box overflows on a phone"
        page.set_viewport_size(DESKTOP)
        assert box["width"] > 0

        # Returning without a comment is stopped in place; with one, it is returned and confirmed.
        url = page.url
        report.get_by_role("button", name="退回").click()
        assert comment_box.evaluate("box => box.validity.valueMissing")
        assert page.url == url
        comment_box.fill(RETURN_COMMENT)
        report.get_by_role("button", name="退回").click()
        expect(page.get_by_role("status")).to_contain_text("已退回")
        j.shot("office-returned")
        j.log_out()

        # The liaison sees the notice, its count and the comment, and submits again.
        j.log_in("liaison")
        assert j.unread() >= 1
        expect(page.locator(".notices .count")).to_be_visible()
        j.shot("liaison-notice-count", ".top")
        page.goto("/notifications/")
        notice = page.locator("li.notice.unread", has_text=RETURN_COMMENT)
        expect(notice).to_have_count(1)
        j.shot("liaison-notifications")
        page.goto("/inbox/")
        card = page.locator(f"#item-{task_id}")
        expect(card.locator(".returned-comment")).to_contain_text(RETURN_COMMENT)
        j.shot("liaison-inbox-returned", f"#item-{task_id}")
        card.locator(f"#open-{task_id}").click()
        page.locator("form.report-form").get_by_role("button", name="报送", exact=True).click()
        expect(page.locator(f"#state-{task_id}")).to_have_text("已报送")
        j.log_out()

        # The office accepts it from the queue with the batch button.
        j.log_in("office")
        page.goto("/review/")
        row = page.locator("article.queue-row", has_text=PROGRESS)
        row.locator('input[type="checkbox"][form="batch"]').check()
        page.get_by_role("button", name="审核通过所选").click()
        expect(page.get_by_role("status")).to_contain_text("已审核通过 1 份报告")
        expect(page.locator("article.queue-row", has_text=PROGRESS)).to_have_count(0)
        j.shot("office-accepted")

        # The dashboard shows the task green: ledger row, task page with its history, overview.
        assert j.light(task_id) == "green"
        j.shot("office-ledger-after")
        page.goto(f"/tasks/{task_id}/")
        expect(page.locator("h1 .light")).to_have_class(re.compile(r"\bgreen\b"))
        expect(page.locator(".timeline")).to_contain_text(PROGRESS)
        history = page.locator("table.history")
        expect(history).to_contain_text(f"退回2024年7月进展（{before.lead}）：{RETURN_COMMENT}")
        expect(history).to_contain_text(f"重新报送2024年7月进展（{before.lead}）")
        expect(history.locator("tr", has_text="审核通过2024年7月进展")).to_contain_text("office")
        j.shot("office-task-after")
        overview = page.goto("/")
        # The page runs under the strict policy, so a clean console below means no CSP violation.
        assert "script-src 'self'" in overview.headers.get("content-security-policy", "")
        for chart in CHARTS:
            expect(page.locator(f"#{chart} canvas").first).to_be_attached()
        expect(page.locator("#kpi-green")).to_have_text(str(journey_data["greens"] + 1))
        for chart in ["chart-sections", "chart-departments", "chart-trend"]:
            option = f"echarts.getInstanceByDom(document.getElementById('{chart}')).getOption()"
            legend_top, grid_top = page.evaluate(
                f"(() => {{ const o = {option}; return [o.legend[0].top, o.grid[0].top]; }})()"
            )
            assert legend_top == 0 and grid_top >= 30, f"{chart}: the legend may cover the plot"
        bars = page.evaluate("document.getElementById('chart-departments').getBoundingClientRect().height")
        units = int(page.locator("#chart-departments").get_attribute("data-bars"))
        assert bars >= units * 28, "each unit gets a bar of its own height"
        j.shot("office-overview-after")

        # Printed on A4: nothing split across pages, each page numbered and dated.
        printed = _print_overview(j)
        pages = [p.get_text() for p in printed]
        for n, text in enumerate(pages, start=1):
            assert f"第 {n} 页，共 {len(pages)} 页" in text, f"page {n} has no page number"
            assert f"评估日期 {DAY.isoformat()}" in text, f"page {n} has no as-of date"
        placed = [r for p in printed for img in p.get_images(full=True) for r in p.get_image_rects(img[0])]
        assert len(placed) == len(CHARTS), "a chart printed in pieces (or twice) across pages"
        assert all(
            p.rect.contains(r)
            for p in printed
            for img in p.get_images(full=True)
            for r in p.get_image_rects(img[0])
        )

        # The office creates a liaison for another unit, then reminds (催办) that unit.
        page.goto("/accounts/")
        page.fill('input[name="username"]', "journey-new")
        page.select_option('select[name="role"]', "liaison")
        page.select_option('select[name="department"]', str(other_unit.pk))
        page.get_by_role("button", name="创建并生成初始密码").click()
        expect(page.locator("#new-password")).to_contain_text("已创建账号 journey-new")
        password = page.locator("code.password").text_content()
        j.shot("office-account-created")
        page.goto(f"/inbox/?department={other_unit.pk}")
        page.get_by_role("button", name=f"催办{other_unit.name}").click()
        expect(page.get_by_role("status")).to_contain_text(f"已催办{other_unit.name}")
        j.shot("office-reminded")
        j.log_out()

        # The new liaison signs in with the password it was given and finds the reminder.
        j.log_in("journey-new", password)
        assert j.unread() >= 1
        page.goto("/notifications/")
        expect(page.locator("li.notice.reminded").first).to_contain_text("督查室催办")
        j.shot("new-liaison-reminded")
        j.log_out()

        # A leader opens the tasks they answer for, laggards first.
        j.log_in("leader")
        page.get_by_role("link", name="分管任务").click()
        expect(page.locator("h1")).to_contain_text(journey_data["leader"].name)
        lights = page.locator("table.ledger tr[data-task] .light").evaluate_all(
            "spans => spans.map(s => ['red', 'yellow', 'green'].findIndex(c => s.classList.contains(c)))"
        )
        assert lights and lights == sorted(lights)
        j.shot("leader-view")
        # On a phone the menu opens from its button.
        page.set_viewport_size(PHONE)
        page.get_by_role("button", name="菜单").click()
        expect(page.locator("#site-nav")).to_be_visible()
        page.screenshot(path=str(j.folder / f"{j.shots + 1:02d}-phone-menu-open-390.png"))
        page.set_viewport_size(DESKTOP)
        j.log_out()

        # The public reads the published plan; on a phone its rows are cards with room for the text.
        page.goto(f"/public/{journey_data['plan'].pk}/")
        j.shot("public-page")
        page.set_viewport_size(PHONE)
        text_cell = page.locator("table.public td.task-text").first.bounding_box()
        assert text_cell["width"] > 300, "the task text is squeezed into a narrow column"
        page.set_viewport_size(DESKTOP)
        j.context.close()

    host = urlsplit(live_server.url).netloc
    outside = [
        u for u in j.requests if urlsplit(u).scheme not in {"data", "blob"} and urlsplit(u).netloc != host
    ]
    assert not outside, f"requests left the server: {outside}"
    assert any("/static/vendor/echarts/" in u for u in j.requests)  # the charts came from our own files
    # The one refusal the journey asks for (the unreadable figure) is a 400 the browser logs.
    refused = [e for e in j.errors if "status of 400 (Bad Request)" in e]
    assert len(refused) == 1 and len(j.errors) == 1, f"console errors: {j.errors}"

    accepted = ProgressReport.objects.get(task=journey_data["task"], progress=PROGRESS)
    assert accepted.state == ReportState.ACCEPTED and accepted.department.name == before.lead
    assert accepted.evidence.get().filename == "项目清单.pdf"
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

        both = j.shot  # each picture at 1366 and at 390 px
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
