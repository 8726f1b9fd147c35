"""The stored promise check (issue #14): import of the next year's report links the plans and stores
the check against the plan's stable target ids; re-imports re-run it; the office overrides with a
reason and history; the ledger's year-end figure is shown beside the report's and disagreement is
flagged; the page, the public page, both exports and the drafted review. SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest
from django.test import Client

from duban.accounts.models import UserRole
from duban.accounts.services import ensure_role, operator
from duban.closing.models import FollowUp, PromiseCheck
from duban.closing.services import override, refresh_around, stored_result
from duban.errors import Forbidden, Refusal
from duban.plans.importing import import_report
from duban.plans.models import Plan, Target
from duban.tracking.periods import find_period
from duban.tracking.reports import ReportEntry, open_report, review, save_report

pytestmark = pytest.mark.django_db

PLAN, NEXT = "hebei-province-2024.txt", "hebei-province-2025.txt"


def _import(path: Path) -> Plan:
    return import_report(path, government="河北省", level="province").plan


@pytest.fixture
def plans(corpus_dir: Path) -> tuple[Plan, Plan]:
    return _import(corpus_dir / PLAN), _import(corpus_dir / NEXT)


def _user(name: str, role: str, department=None):
    user = operator(name)
    ensure_role(user, role, department)
    return user


def _check(plan: Plan, text: str) -> PromiseCheck:
    return plan.promise_checks.get(withdrawn=False, target__text=text)


def test_importing_next_years_report_stores_the_check_by_stable_ids(plans):
    plan, next_plan = plans
    follow_up = FollowUp.objects.get(plan=plan)
    assert follow_up.next_plan == next_plan and follow_up.next_sha256 == next_plan.source_sha256
    rows = list(plan.promise_checks.filter(withdrawn=False))
    assert len(rows) >= 41
    keyed = [r for r in rows if r.target_id]
    assert all(r.key == r.target.external_id for r in keyed), "checks are keyed by the target's stable id"
    gdp = plan.promise_checks.get(target__task__text__startswith="地区生产总值增长5.5%")
    assert (gdp.auto_verdict, gdp.record["actual"]["text"]) == ("完成", "5.4%")
    houses = _check(plan, "827个")
    assert houses.verdict == "完成" and houses.task.external_id == houses.record["task_id"]
    assert follow_up.summary["超额完成"] >= 12 and sum(follow_up.summary.values()) == len(rows)


def test_override_keeps_the_automatic_verdict_and_its_history(plans):
    plan, _ = plans
    office = _user("office", UserRole.OFFICE)
    reader = _user("deputy", UserRole.READER)
    row = _check(plan, "2.16万户")
    with pytest.raises(Forbidden):
        override(row.pk, verdict="未完成", reason="抽查不实", user=reader)
    with pytest.raises(Refusal, match="理由"):
        override(row.pk, verdict="未完成", reason="  ", user=office)
    with pytest.raises(Refusal, match="无效"):
        override(row.pk, verdict="差不多", reason="x", user=office)
    override(row.pk, verdict="基本完成", reason="入冬前尚有300户未入住", user=office)
    row.refresh_from_db()
    assert (row.verdict, row.auto_verdict) == ("基本完成", "完成")
    refresh_around(plan)  # a re-run keeps the office's verdict
    row.refresh_from_db()
    assert (row.verdict, row.override_reason) == ("基本完成", "入冬前尚有300户未入住")
    entries = list(row.history.order_by("history_date"))
    assert [e.verdict_override for e in entries][-1] == "基本完成"
    assert entries[-1].history_user.username == "office"
    result = stored_result(plan)
    shown = next(c for c in result["checks"] if c["id"] == row.pk)
    assert shown["override"]["verdict"] == "基本完成" and shown["auto_verdict"] == "完成"
    assert result["summary"]["基本完成"] == result["auto_summary"]["基本完成"] + 1


def test_importing_the_earlier_year_second_and_a_revision_rerun_the_check(corpus_dir, tmp_path):
    next_plan = _import(corpus_dir / NEXT)
    assert not FollowUp.objects.exists()
    plan = _import(corpus_dir / PLAN)
    assert FollowUp.objects.get(plan=plan).next_plan == next_plan
    schools = _check(plan, "100所")
    assert schools.auto_verdict == "超额完成"
    revised = tmp_path / PLAN
    text = (corpus_dir / PLAN).read_text(encoding="utf-8")
    revised.write_text(
        text.replace("新改扩建义务教育学校100所", "新改扩建义务教育学校300所"), encoding="utf-8"
    )
    import_report(revised, government="河北省", apply=True)
    schools.refresh_from_db()
    assert schools.target.text == "300所" and schools.auto_verdict == "未完成"
    assert schools.completion == pytest.approx(251 / 300, abs=0.001)


def _accept_year_end(plan: Plan, target: Target, value: float, text: str) -> None:
    task = target.task
    unit = task.assignments.get(role="lead", withdrawn=False).department
    liaison, office = _user("liaison", UserRole.LIAISON, unit), _user("office", UserRole.OFFICE)
    report = open_report(task, find_period(plan, "2024-12"), unit, user=liaison)
    entry = ReportEntry(progress="全年完成", figures={target.pk: value})
    report = save_report(report, entry, version=report.version, user=liaison, submit=True)
    report = review(report, accept=True, version=report.version, user=office)
    target.figures.filter(report=report).update(text=text)


def test_the_ledgers_year_end_figure_is_shown_beside_the_reports_and_disagreement_flagged(plans):
    plan, _ = plans
    houses = _check(plan, "827个").target
    roads = _check(plan, "6000公里").target
    _accept_year_end(plan, houses, 800, "800个")
    _accept_year_end(plan, roads, 7356.7, "7356.7公里")
    result = stored_result(plan)
    by_target = {c["target_id"]: c for c in result["checks"]}
    assert by_target[houses.external_id]["ledger"]["value"] == 800
    assert by_target[houses.external_id]["agrees"] is False
    assert by_target[roads.external_id]["agrees"] is True
    assert by_target[roads.external_id]["ledger"]["report"]["period"] == "2024年12月"


def test_the_page_filters_cites_both_reports_and_takes_an_override(plans):
    plan, next_plan = plans
    office = _user("office", UserRole.OFFICE)
    client = Client()
    client.force_login(office)
    page = client.get(f"/plans/{plan.pk}/promises/")
    html = page.content.decode()
    assert page.status_code == 200 and "兑现核查" in html
    assert f"/plans/{next_plan.pk}/report/?q=" in html and f"/plans/{plan.pk}/report/?q=" in html
    assert "<mark>5.4%</mark>" in html and "<mark>5.5%左右</mark>" in html
    only = client.get(f"/plans/{plan.pk}/promises/", {"verdict": "超额完成"}).content.decode()
    assert only.count('id="check-') == plan.promise_checks.filter(auto_verdict="超额完成").count()
    row = _check(plan, "7万套")
    response = client.post(
        f"/plans/{plan.pk}/promises/{row.pk}/override/", {"verdict": "完成", "reason": "口径调整"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (
        row.verdict == "完成"
        and "自动：超额完成" in client.get(f"/plans/{plan.pk}/promises/").content.decode()
    )
    bad = client.post(f"/plans/{plan.pk}/promises/{row.pk}/override/", {"verdict": "完成", "reason": ""})
    assert bad.status_code == 400 and "理由" in bad.content.decode()
    report = client.get(
        f"/plans/{next_plan.pk}/report/", {"q": row.record["actual"]["quantity"]}
    ).content.decode()
    assert "q linked picked" in report or "q picked" in report


def test_a_liaison_may_not_override_and_the_public_sees_a_published_check(plans):
    plan, _ = plans
    row = _check(plan, "827个")
    liaison = _user("liaison", UserRole.LIAISON, row.task.assignments.get(role="lead").department)
    client = Client()
    client.force_login(liaison)
    response = client.post(
        f"/plans/{plan.pk}/promises/{row.pk}/override/", {"verdict": "未完成", "reason": "x"}
    )
    assert response.status_code == 403
    anonymous = Client()
    assert "兑现核查" not in anonymous.get(f"/public/{plan.pk}/").content.decode()
    plan.published = True
    plan.save()
    public = anonymous.get(f"/public/{plan.pk}/").content.decode()
    assert "兑现核查" in public and "<mark>827个</mark>" in public and "台账年末" not in public
    assert "兑现核查" not in public.split("</title>")[0], "the check belongs to the page, not its title"


def test_both_exports_and_the_drafted_review(plans):
    plan, _ = plans
    target = _check(plan, "6000公里").target
    _accept_year_end(plan, target, 7356.7, "7356.7公里")
    office = _user("office", UserRole.OFFICE)
    client = Client()
    client.force_login(office)
    sheet = client.get(f"/plans/{plan.pk}/promises/export.xlsx")
    assert sheet.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(sheet.content))
    ws = book["对照表"]
    assert ws["A1"].value == "河北省2024年政府工作报告目标任务兑现情况对照表"
    headers = [c.value for c in ws[3]]
    assert headers[:6] == ["序号", "目标", "目标值", "完成值", "完成率", "结论"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert len(rows) == plan.promise_checks.filter(withdrawn=False).count()
    road = next(r for r in rows if r[2] == "6000公里")
    assert (road[3], road[5], road[10]) == ("7356.7公里", "超额完成", "7356.7公里")
    word = client.get(f"/plans/{plan.pk}/promises/export.docx")
    document = docx.Document(io.BytesIO(word.content))
    assert document.paragraphs[0].text == "河北省2024年政府工作报告目标任务兑现情况对照表"
    assert len(document.tables[0].rows) == len(rows) + 1
    assert client.get(f"/plans/{plan.pk}/promises/export.pdf").status_code == 400
    draft = client.get(f"/plans/{plan.pk}/promises/draft-review.docx", {"date": "2025-01-10"})
    assert draft.status_code == 200
    drafted = docx.Document(io.BytesIO(draft.content))
    body = "\n".join(p.text for p in drafted.paragraphs)
    assert body.splitlines()[2].startswith("过去一年，")
    assert "7356.7公里" in body and "【待核实：" in body
    footnotes = next(p for p in drafted.part.package.iter_parts() if p.partname == "/word/footnotes.xml")
    assert target.task.external_id in footnotes.blob.decode()


def test_the_admin_override_needs_a_reason_and_keeps_history(plans):
    plan, _ = plans
    row = _check(plan, "7万套")
    admin_user = operator("admin")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    url = f"/admin/closing/promisecheck/{row.pk}/change/"
    refused = client.post(url, {"verdict_override": "完成", "override_reason": ""})
    assert refused.status_code == 200 and "请写明改判理由" in refused.content.decode()
    saved = client.post(url, {"verdict_override": "完成", "override_reason": "口径以住建部门年报为准"})
    assert saved.status_code == 302
    row.refresh_from_db()
    assert (row.verdict, row.auto_verdict) == ("完成", "超额完成")
    assert row.history.latest("history_date").history_user == admin_user
