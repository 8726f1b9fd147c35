"""Issue #3: the admin lists every ledger table in Chinese, with search, and exports and imports
the 分工表 from a plan's page (preview first, then apply)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from duban.plans.importing import import_report
from duban.plans.models import Plan

pytestmark = pytest.mark.django_db

MODELS = ["government", "department", "plan", "section", "task", "target", "assignment"]


@pytest.fixture
def plan(sample_path: Path) -> Plan:
    return import_report(sample_path, government="爱民区").plan


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("office", "office@example.org", "pass-word-1")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_table_lists_and_searches(admin_client, plan: Plan, model: str):
    url = reverse(f"admin:plans_{model}_changelist")
    page = admin_client.get(url, {"q": "粮食"})
    assert page.status_code == 200
    assert "搜索" in page.content.decode()


def test_task_page_shows_history_link(admin_client, plan: Plan):
    task = plan.tasks.first()
    page = admin_client.get(reverse("admin:plans_task_history", args=[task.pk]))
    assert page.status_code == 200 and "导入报告" in page.content.decode()


def test_split_export_and_import_from_the_plan_page(admin_client, plan: Plan):
    download = admin_client.get(reverse("admin:plans_plan_split_export", args=[plan.pk]))
    assert download.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    ws = book.worksheets[0]
    header = next(r for r in range(1, 11) if ws.cell(r, 2).value == "重点任务")
    lead = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == "牵头单位")
    ws.cell(header + 1, lead).value = "统计局"
    edited = io.BytesIO()
    book.save(edited)
    edited.seek(0)
    edited.name = "分工表.xlsx"

    url = reverse("admin:plans_plan_split_import", args=[plan.pk])
    preview = admin_client.post(url, {"workbook": edited})
    text = preview.content.decode()
    assert preview.status_code == 200 and "修改1项" in text
    first = plan.tasks.order_by("order").first()
    assert first.assignments.get(role="lead").department.name != "统计局"
    digest = preview.context["digest"]
    applied = admin_client.post(url, {"digest": digest})
    assert applied.status_code == 302
    assert first.assignments.get(role="lead", withdrawn=False).department.name == "统计局"


def test_a_bad_upload_is_a_400_with_the_reason(admin_client, plan: Plan):
    url = reverse("admin:plans_plan_split_import", args=[plan.pk])
    bad = io.BytesIO(b"not a workbook at all")
    bad.name = "x.xlsx"
    page = admin_client.post(url, {"workbook": bad})
    assert page.status_code == 400 and "损坏" in page.content.decode()


def test_nothing_can_be_deleted_in_the_admin(admin_client, plan: Plan):
    task = plan.tasks.first()
    page = admin_client.get(reverse("admin:plans_task_delete", args=[task.pk]))
    assert page.status_code == 403
