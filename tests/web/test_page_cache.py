"""Issue #5 item 6: the overview and the ledger are kept per (plan, revision, day, scope, query) in
the server process. Kept pages must never go stale: a report accepted in between shows on the very
next request; a liaison never gets the office's page; no user's CSRF token is kept for another.
Nothing here is timed: the query count of a kept page stands in for its cost.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

from duban.accounts.models import UserRole
from duban.accounts.services import add_user
from duban.plans.importing import import_report
from duban.plans.models import Plan, Role, Task
from duban.tracking.periods import ensure_periods, find_period, settings_for
from duban.tracking.reports import ReportEntry, file_report
from duban.tracking.status import plan_status

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 6, 30)
PASSWORD = "Duban-cache-2024"


@pytest.fixture
def plan(sample_path: Path) -> Plan:
    plan = import_report(sample_path, government="爱民区").plan
    chosen = settings_for(plan)
    chosen.as_of = DAY
    chosen.save(update_fields=["as_of"])
    ensure_periods(plan)  # made on first use otherwise, bumping the revision under the first request
    return plan


def _red_quantified_task(plan: Plan) -> Task:
    for status in plan_status(plan, DAY):
        task = Task.objects.get(plan=plan, external_id=status.task_id)
        targets = task.targets.filter(withdrawn=False)
        plain = all(
            t.value is not None and not t.growth and t.comparator in {"eq", "ge", "gt"} for t in targets
        )
        if status.light == "red" and targets and plain and task.assignments.filter(role=Role.LEAD).exists():
            return task
    raise AssertionError("the sample plan has no red task with plain quantified targets")


def _accept_full_figures(task: Task, office) -> None:
    """The lead unit reports every target met for June, and the office accepts it."""
    entry = ReportEntry(progress="目标全部完成")
    for target in task.targets.filter(withdrawn=False):
        entry.figures[target.pk] = target.value
    lead = task.assignments.get(role=Role.LEAD, withdrawn=False).department
    file_report(task, find_period(task.plan, "2024-06"), lead, entry, user=office, accept=True)


def _light_in_ledger(html: str, task_id: str) -> str:
    found = re.search(rf'<tr data-task="{re.escape(task_id)}">.*?<span class="light (\w+)"', html, re.S)
    assert found, f"{task_id} not in the ledger page"
    return found[1]


def _kpi(html: str, name: str) -> int:
    found = re.search(rf'id="kpi-{name}">(\d+)<', html)
    assert found, f"kpi-{name} not on the overview"
    return int(found[1])


def test_an_accepted_report_shows_on_the_next_overview_and_ledger(client, plan: Plan):
    office = add_user("office", UserRole.OFFICE, password=PASSWORD)
    client.force_login(office)
    task = _red_quantified_task(plan)
    filtered = f"/ledger/?q={task.external_id}"

    before = client.get("/").content.decode()
    assert _light_in_ledger(client.get(filtered).content.decode(), task.external_id) == "red"
    # The same requests again come from the kept pages, and say the same.
    assert _kpi(client.get("/").content.decode(), "red") == _kpi(before, "red")
    assert _light_in_ledger(client.get(filtered).content.decode(), task.external_id) == "red"

    _accept_full_figures(task, office)

    after = client.get("/").content.decode()
    assert _light_in_ledger(client.get(filtered).content.decode(), task.external_id) == "green"
    assert _kpi(after, "red") == _kpi(before, "red") - 1
    assert _kpi(after, "green") == _kpi(before, "green") + 1
    # HTMX asks for the rows alone; they are kept apart from the full page and are fresh too.
    rows = client.get(filtered, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in rows and _light_in_ledger(rows, task.external_id) == "green"


def test_a_kept_page_costs_a_few_queries_whatever_the_plan_size(
    client, plan: Plan, django_assert_max_num_queries
):
    client.force_login(add_user("office", UserRole.OFFICE, password=PASSWORD))
    for path in ["/", "/ledger/", "/ledger/?light=red&sort=light"]:
        assert client.get(path).status_code == 200
        # Only the plans' revisions: the session and the user come from the shared cache, the
        # page from this process; nothing proportional to the plan's tasks.
        with django_assert_max_num_queries(1):
            assert client.get(path).status_code == 200


def test_a_liaison_never_gets_the_pages_kept_for_the_office(client, plan: Plan):
    office = add_user("office", UserRole.OFFICE, password=PASSWORD)
    task = _red_quantified_task(plan)
    unit = task.assignments.get(role=Role.LEAD, withdrawn=False).department
    liaison = add_user(
        "liaison", UserRole.LIAISON, password=PASSWORD, department=unit.name, government="爱民区"
    )
    mine = plan.tasks.filter(withdrawn=False, assignments__department=unit, assignments__withdrawn=False)

    client.force_login(office)
    everything = _kpi(client.get("/").content.decode(), "tasks")
    office_ledger = client.get("/ledger/").content.decode()
    client.force_login(liaison)
    overview = client.get("/").content.decode()
    ledger = client.get("/ledger/").content.decode()

    assert everything == plan.tasks.filter(withdrawn=False).count()
    assert _kpi(overview, "tasks") == mine.distinct().count() < everything
    assert "本单位承担的任务" in ledger and "本单位承担的任务" not in office_ledger
    assert set(re.findall(r'<tr data-task="([^"]+)"', ledger)) <= set(
        mine.values_list("external_id", flat=True)
    )


def test_a_kept_fragment_holds_no_csrf_token():
    rendered = Template("{% load fragments %}{% fragment key %}[{{ csrf_token }}]{% endfragment %}").render(
        Context({"key": ("test", 1), "csrf_token": "secret-of-one-user"})
    )
    assert rendered == "[None]"
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fragments %}{% fragment key %}{% csrf_token %}{% endfragment %}")


def _csrf_token(html: str) -> str:
    found = re.search(r'"X-CSRFToken": "([^"]+)"', html)
    assert found, "no CSRF token in the page frame"
    return found[1]


def test_a_kept_page_shows_each_user_their_own_frame_and_a_working_token(plan: Plan):
    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(add_user("zhang", UserRole.OFFICE, password=PASSWORD))
    second.force_login(add_user("wang", UserRole.OFFICE, password=PASSWORD))
    for _ in range(2):  # the second round is served from the kept pages
        mine, theirs = first.get("/").content.decode(), second.get("/").content.decode()
        assert "zhang" in mine and "wang" not in mine
        assert "wang" in theirs and "zhang" not in theirs
    # Each response carries a freshly masked token of its own session, never a kept one.
    assert _csrf_token(first.get("/").content.decode()) != _csrf_token(mine)
    assert "csrf-slot" not in mine
    signed_out = first.post("/accounts/logout/", {"csrfmiddlewaretoken": _csrf_token(mine)})
    assert signed_out.status_code == 302
    assert first.get("/").status_code == 302  # signed out: back to the sign-in page


def test_a_waiting_message_shows_once_on_a_kept_page(client, plan: Plan):
    from django.contrib import messages
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    client.force_login(add_user("office", UserRole.OFFICE, password=PASSWORD))
    assert client.get("/ledger/").status_code == 200  # kept from now on
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, "分工表已导入：新增 3 项")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value

    assert "分工表已导入：新增 3 项" in client.get("/ledger/").content.decode()
    assert "分工表已导入" not in client.get("/ledger/").content.decode()


def test_a_new_plan_shows_in_the_plan_switch_of_kept_pages(client, plan: Plan, sample_path: Path):
    client.force_login(add_user("office", UserRole.OFFICE, password=PASSWORD))
    paths = [f"/?plan={plan.pk}", f"/ledger/?plan={plan.pk}"]
    for path in paths:
        assert "plan-switch" not in client.get(path).content.decode()  # one plan: no switch
    other = import_report(sample_path, government="仁和区").plan
    for path in paths:
        page = client.get(path).content.decode()
        assert "plan-switch" in page and f'value="{other.pk}"' in page, path


def test_a_plan_saved_from_an_old_copy_never_turns_its_revision_back(plan: Plan):
    old_copy = Plan.objects.get(pk=plan.pk)
    Task.objects.filter(plan=plan).first().save()  # any write bumps the revision
    moved = Plan.objects.get(pk=plan.pk).revision
    assert moved > old_copy.revision
    old_copy.title = "新标题"
    old_copy.save()
    assert Plan.objects.get(pk=plan.pk).revision > moved  # saving the plan bumps it once more
    assert Plan.objects.get(pk=plan.pk).title == "新标题"


def test_the_shared_plan_stamps_follow_every_write_and_deletion(plan: Plan):
    from django.core.cache import caches

    from duban.plans import revision
    from duban.plans.models import Government

    revision.stamps()
    assert caches["shared"].get(revision.STAMPS_KEY) is not None  # kept for the next request
    Task.objects.filter(plan=plan).first().save()  # a write bumps the revision...
    assert caches["shared"].get(revision.STAMPS_KEY) is None  # ...and drops the kept stamps
    assert dict(revision.stamps())[plan.pk] == Plan.objects.get(pk=plan.pk).revision

    spare = Plan.objects.create(
        government=Government.objects.create(name="仁和区"),
        year=2030,
        source_name="spare.txt",
        source_sha256="0" * 64,
        source_format="txt",
        source_text="",
    )
    spare_id = spare.pk
    assert spare_id in dict(revision.stamps())
    spare.delete()
    assert spare_id not in dict(revision.stamps())


def test_a_kept_task_page_shows_new_reports_and_evidence_and_stays_with_its_viewer(client, plan: Plan):
    from duban.tracking.evidence import attach
    from duban.tracking.models import ProgressReport

    office = add_user("office", UserRole.OFFICE, password=PASSWORD)
    task = _red_quantified_task(plan)
    lead = task.assignments.get(role=Role.LEAD, withdrawn=False).department
    other = plan.government.departments.exclude(pk=lead.pk).exclude(assignments__task=task).first()
    outsider = add_user(
        "outsider", UserRole.LIAISON, password=PASSWORD, department=other.name, government="爱民区"
    )
    path = f"/tasks/{task.external_id}/"

    client.force_login(office)
    assert "已完成招标" not in client.get(path).content.decode()
    assert client.get(path).status_code == 200  # kept from now on
    client.force_login(outsider)
    assert client.get(path).status_code == 403  # the office's kept page is not the outsider's

    client.force_login(office)
    file_report(task, find_period(plan, "2024-06"), lead, ReportEntry(progress="已完成招标"), user=office)
    assert "已完成招标" in client.get(path).content.decode()
    report = ProgressReport.objects.get(task=task, department=lead)
    attach(report, "现场照片.pdf", b"%PDF-1.4 evidence", user=office)
    assert "现场照片.pdf" in client.get(path).content.decode()


def test_a_kept_task_page_costs_at_most_the_plans_revisions(
    client, plan: Plan, django_assert_max_num_queries
):
    client.force_login(add_user("office", UserRole.OFFICE, password=PASSWORD))
    path = f"/tasks/{plan.tasks.order_by('order').first().external_id}/"
    assert client.get(path).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(path).status_code == 200


def test_the_task_history_tells_each_change_at_a_cost_that_does_not_grow_with_it(client, plan: Plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from duban.plans import history

    office = add_user("office", UserRole.OFFICE, password=PASSWORD)
    client.force_login(office)
    task = plan.tasks.order_by("order").first()
    path = f"/tasks/{task.external_id}/"

    def rendered() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(path).content.decode()  # each change bumps the revision: rendered anew
        return page, len(queries)

    rendered()  # the session, the user and the task's plan are read once and kept
    history.update(task, {"deadline_label": "上半年"}, user=office, reason="调整时限")
    page, first = rendered()
    assert "修改任务（deadline_label： → 上半年）" in page and "调整时限" in page
    for n, label in enumerate(["三季度", "全年", "长期坚持", "年底前"]):
        history.update(task, {"deadline_label": label}, user=office, reason=f"第{n}次调整")
    page, later = rendered()
    assert "修改任务（deadline_label：长期坚持 → 年底前）" in page
    assert "修改任务（deadline_label：三季度 → 全年）" in page
    assert later == first  # four more history entries, not one query more


def test_the_ledger_markup_is_rendered_again_only_when_what_it_shows_changed(client, plan: Plan):
    """A write bumps the revision, but the ledger's rows are kept by what they show: a report on
    a task of another page leaves page 1's markup as it was; one on a task of page 1 shows."""
    office = add_user("office", UserRole.OFFICE, password=PASSWORD)
    client.force_login(office)
    first = client.get("/ledger/")
    assert "pages/ledger_rows.html" in [t.name for t in first.templates]
    on_page = set(re.findall(r'<tr data-task="([^"]+)">', first.content.decode()))
    red = _red_quantified_task(plan)
    elsewhere = next(
        t
        for t in Task.objects.filter(plan=plan, withdrawn=False).exclude(external_id__in=on_page)
        if t.assignments.filter(role=Role.LEAD, withdrawn=False).exists() and t.targets.exists()
    )
    revision = Plan.objects.get(pk=plan.pk).revision

    _accept_full_figures(elsewhere, office)
    assert Plan.objects.get(pk=plan.pk).revision > revision
    again = client.get("/ledger/")
    assert "pages/ledger_rows.html" not in [t.name for t in again.templates]
    assert again.content == first.content.replace(
        _csrf_token(first.content.decode()).encode(), _csrf_token(again.content.decode()).encode()
    )

    assert red.external_id in on_page, "the red task is on the ledger's first page"
    _accept_full_figures(red, office)
    changed = client.get("/ledger/")
    assert "pages/ledger_rows.html" in [t.name for t in changed.templates]
    assert _light_in_ledger(changed.content.decode(), red.external_id) == "green"
