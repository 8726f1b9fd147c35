"""Issue #11 item 9: the office works from the web instead of the command line — account pages
(create a liaison for a unit, reset a password, deactivate), a 催办 button on a unit or a task
(through the reminder service and its never-twice rule) — and units and the office download and
upload progress sheets with the command line's preview and refusals.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from world import world_fixture

from duban.tracking.models import (
    NoticeKind,
    Notification,
    ProgressImport,
    ProgressReport,
    Reminder,
    ReportState,
    Stage,
)

pytestmark = pytest.mark.django_db

world = world_fixture()


def _password(html: str) -> str:
    found = re.search(r'<code class="password">([^<]+)</code>', html)
    assert found, "no new password shown"
    return found[1]


def _signs_in(username: str, password: str) -> bool:
    return Client().login(username=username, password=password)


# --- accounts --------------------------------------------------------------------------------


def test_the_office_creates_a_liaison_for_a_unit_who_can_then_sign_in(client, world):
    web = world.login(client, "office")
    response = web.post(
        "/accounts/new/", {"username": "jiaoyu2", "role": "liaison", "department": world.unit.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "已创建账号 <strong>jiaoyu2</strong>" in html
    user = get_user_model().objects.get(username="jiaoyu2")
    assert user.profile.department == world.unit and user.profile.role == "liaison"
    assert _signs_in("jiaoyu2", _password(html))
    assert LogEntry.objects.filter(object_id=str(user.pk), change_message__startswith="新建账号").exists()


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"username": "liaison-a", "role": "liaison", "department": "{unit}"}, "账号“liaison-a”已存在"),
        ({"username": "nounit", "role": "liaison", "department": ""}, "单位联络员必须选择所属单位"),
        ({"username": "has space", "role": "reader"}, "用户名应为不含空格"),
    ],
    ids=["已有账号", "联络员未选单位", "用户名含空格"],
)
def test_a_refused_account_is_shown_in_place_with_the_form_kept(client, world, form, says):
    form = {k: str(world.unit.pk) if v == "{unit}" else v for k, v in form.items()}
    response = world.login(client, "office").post("/accounts/new/", form)
    html = response.content.decode()
    assert response.status_code == 400 and f'role="alert">{says}' in html
    assert f'value="{form["username"]}"' in html


def test_a_reset_password_replaces_the_old_one(client, world):
    liaison = world.users["liaison-A"]
    html = world.login(client, "office").post(f"/accounts/{liaison.pk}/password/").content.decode()
    new = _password(html)
    assert not _signs_in(liaison.username, "Duban-daily-2024") and _signs_in(liaison.username, new)


def test_a_deactivated_account_can_no_longer_sign_in(client, world):
    liaison = world.users["liaison-B"]
    web = world.login(client, "office")
    response = web.post(f"/accounts/{liaison.pk}/active/", {"active": "0"}, follow=True)
    assert f"账号 {liaison.username} 已停用" in response.content.decode()
    assert not _signs_in(liaison.username, "Duban-daily-2024")
    office = world.users["office"]
    refused = web.post(f"/accounts/{office.pk}/active/", {"active": "0"})
    assert refused.status_code == 400 and "不能停用自己" in refused.content.decode()


@pytest.mark.parametrize("role", ["liaison-A", "reader"])
def test_only_the_office_manages_accounts(client, world, role):
    web = world.login(client, role)
    assert web.get("/accounts/").status_code == 403
    target = world.users["liaison-B"]
    assert web.post(f"/accounts/{target.pk}/password/").status_code == 403
    assert web.post("/accounts/new/", {"username": "x", "role": "office"}).status_code == 403


# --- 催办 ------------------------------------------------------------------------------------


def test_remind_a_unit_once_per_period(client, world):
    web = world.login(client, "office")
    form = {"plan": world.plan.pk, "back": f"/inbox/?plan={world.plan.pk}&department={world.other_unit.pk}"}
    first = web.post(f"/units/{world.other_unit.pk}/remind/", form, follow=True).content.decode()
    assert f"已催办{world.other_unit.name}" in first and "站内通知已发送" in first
    sent = Reminder.objects.get(department=world.other_unit, stage=Stage.MANUAL, channel="app")
    assert sent.requested_by == world.users["office"] and world.other.external_id in sent.message
    assert Notification.objects.filter(department=world.other_unit, kind=NoticeKind.REMINDED).count() == 1
    again = web.post(f"/units/{world.other_unit.pk}/remind/", form, follow=True).content.decode()
    assert "催办过，同一期不重复催办" in again
    assert Notification.objects.filter(department=world.other_unit, kind=NoticeKind.REMINDED).count() == 1


def test_remind_from_a_task_page(client, world):
    web = world.login(client, "office")
    response = web.post(f"/tasks/{world.other.external_id}/remind/", follow=True)
    assert f"已催办{world.other_unit.name}" in response.content.decode()
    notice = Notification.objects.get(department=world.other_unit, kind=NoticeKind.REMINDED)
    assert world.other.external_id in notice.message
    # A task whose report is filed needs no 催办: unit A filed June for its task.
    filed = web.post(f"/tasks/{world.own.external_id}/remind/", follow=True).content.decode()
    assert "进展已报送，无需催办" in filed


@pytest.mark.parametrize("role", ["liaison-A", "reader"])
def test_only_the_office_reminds(client, world, role):
    web = world.login(client, role)
    assert web.post(f"/units/{world.other_unit.pk}/remind/", {"plan": world.plan.pk}).status_code == 403
    assert web.post(f"/tasks/{world.other.external_id}/remind/").status_code == 403
    assert not Reminder.objects.filter(stage=Stage.MANUAL).exists()


# --- progress sheets from the web ------------------------------------------------------------


def _fill(data: bytes, task_id: str, values: dict[str, str]) -> io.BytesIO:
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.worksheets[0]
    header = next(r for r in range(1, 6) if ws.cell(r, 2).value == "重点任务")
    columns = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    row = next(
        r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, columns["task_id"]).value == task_id
    )
    for name, value in values.items():
        ws.cell(row, columns[name]).value = value
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "教育局七月进展报送表.xlsx"
    return out


def test_a_unit_downloads_fills_previews_and_files_its_sheet(client, world):
    web = world.login(client, "liaison-A")
    # A liaison asking for another unit's sheet still gets its own.
    download = web.get(
        f"/plans/{world.plan.pk}/progress.xlsx?period=2024-07&department={world.other_unit.pk}"
    )
    assert download.status_code == 200 and "attachment;" in download["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(download.content)).worksheets[0]
    assert f"报送单位：{world.unit.name}" in ws["A2"].value
    filled = _fill(download.content, world.own.external_id, {"完成值": "1", "进展情况": "七月网页导入的进展"})
    preview = web.post(f"/plans/{world.plan.pk}/progress/", {"workbook": filled})
    html = preview.content.decode()
    assert preview.status_code == 200 and f"{world.own.external_id} {world.unit.name} 报送" in html
    assert not ProgressReport.objects.filter(
        progress="七月网页导入的进展"
    ).exists()  # a preview writes nothing
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', html)[1]
    done = web.post(
        f"/plans/{world.plan.pk}/progress/", {"digest": digest, "filename": filled.name}, follow=True
    )
    assert "已导入：已报送 1 项" in done.content.decode()
    report = ProgressReport.objects.get(progress="七月网页导入的进展")
    assert report.state == ReportState.SUBMITTED and report.department == world.unit
    assert ProgressImport.objects.get().filename == filled.name
    filled.seek(0)
    again = web.post(f"/plans/{world.plan.pk}/progress/", {"workbook": filled})
    assert again.status_code == 400 and "这份进展报送表已于" in again.content.decode()


def test_the_office_files_a_units_sheet_as_accepted(client, world):
    web = world.login(client, "office")
    sheets = web.get(f"/plans/{world.plan.pk}/sheets/").content.decode()
    assert f'action="/plans/{world.plan.pk}/progress.xlsx"' in sheets
    data = web.get(
        f"/plans/{world.plan.pk}/progress.xlsx?period=2024-07&department={world.other_unit.pk}"
    ).content
    filled = _fill(data, world.other.external_id, {"进展情况": "督查室代报七月进展"})
    preview = web.post(
        f"/plans/{world.plan.pk}/progress/",
        {"workbook": filled, "accept": "1", "department": world.other_unit.pk},
    ).content.decode()
    assert "报送并审核通过" in preview
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', preview)[1]
    web.post(
        f"/plans/{world.plan.pk}/progress/",
        {"digest": digest, "filename": filled.name, "accept": "1", "department": world.other_unit.pk},
    )
    assert ProgressReport.objects.get(progress="督查室代报七月进展").state == ReportState.ACCEPTED


def test_a_liaison_cannot_file_as_accepted_or_open_the_offices_page(client, world):
    web = world.login(client, "liaison-A")
    assert web.get(f"/plans/{world.plan.pk}/sheets/").status_code == 403
    data = web.get(f"/plans/{world.plan.pk}/progress.xlsx?period=2024-07").content
    filled = _fill(data, world.own.external_id, {"进展情况": "想直接审核通过"})
    response = web.post(f"/plans/{world.plan.pk}/progress/", {"workbook": filled, "accept": "1"})
    assert response.status_code == 400 and "只有督查室可以直接审核通过" in response.content.decode()
