"""Issue #11 item 1: no input is lost. A refusal of any form — a figure the server cannot read
(一百八十多个), a file that is not allowed, a workbook that cannot be filed — comes back in place,
in Chinese, with what was typed; htmx swaps a 400 or 409 in like a success (instead of dropping
it), and the inbox card's badge follows the report's real state. Success is confirmed visibly.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from world import world_fixture

from duban.tracking.models import ProgressReport, ReportState

pytestmark = pytest.mark.django_db

world = world_fixture()
HX = {"HX-Request": "true"}


def _form(world, task, **fields) -> dict:
    data = {"department": world.unit.pk, "version": 0, "action": "submit", "progress": "七月进展"}
    for target in task.targets.filter(withdrawn=False):
        data[f"figure-{target.pk}"] = "1"
    return data | fields


def test_htmx_swaps_a_refusal_in_like_a_success(client, world):
    html = world.login(client, "liaison-A").get("/inbox/").content.decode()
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)[1])
    rules = {rule["code"]: rule for rule in config["responseHandling"]}
    assert rules["40[09]"]["swap"] is True and rules["40[09]"]["error"] is False
    assert re.fullmatch(rules["40[09]"]["code"], "400") and re.fullmatch(rules["40[09]"]["code"], "409")
    # Only refusals with a form to show: a 403 or 500 is still an error htmx does not swap.
    order = [rule["code"] for rule in config["responseHandling"]]
    assert order.index("40[09]") < order.index("[45]..")


def test_an_unreadable_figure_comes_back_in_place_with_what_was_typed(client, world):
    web = world.login(client, "liaison-A")
    target = world.own.targets.filter(withdrawn=False).first()
    typed = {
        f"figure-{target.pk}": "一百八十多个",
        "progress": "新开工项目一百八十多个",
        "problems": "资金紧",
    }
    response = web.post(
        f"/tasks/{world.own.external_id}/report/2024-07/", _form(world, world.own, **typed), headers=HX
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in html  # the form alone, swapped into the card
    assert re.search(rf'role="alert">“{re.escape(target.metric)}”的完成值应是一个数字.*一百八十多个', html)
    assert (
        'value="一百八十多个"' in html
        and "新开工项目一百八十多个</textarea>" in html
        and "资金紧</textarea>" in html
    )
    # The card's badge is told the truth: nothing was filed for July.
    badge = re.search(
        rf'<span id="state-{world.own.external_id}" hx-swap-oob="true"[^>]*>([^<]*)</span>', html
    )
    assert badge and badge[1] == "未填报"
    assert not ProgressReport.objects.filter(task=world.own, period__label="2024-07").exists()


def test_a_submitted_report_updates_the_cards_badge(client, world):
    web = world.login(client, "liaison-A")
    response = web.post(
        f"/tasks/{world.own.external_id}/report/2024-07/", _form(world, world.own), headers=HX
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'role="status">已报送，等待督查室审核' in html
    badge = re.search(
        rf'<span id="state-{world.own.external_id}" hx-swap-oob="true" class="badge (\w+)">', html
    )
    assert badge and badge[1] == ReportState.SUBMITTED


def test_a_refused_evidence_file_keeps_the_report_typed(client, world):
    web = world.login(client, "liaison-A")
    upload = io.BytesIO(b"MZ\x90\x00 not a document")
    upload.name = "setup.exe"
    data = _form(world, world.own, action="draft", progress="附件被拒时的进展") | {"evidence": upload}
    response = web.post(f"/tasks/{world.own.external_id}/report/2024-07/", data, headers=HX)
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'role="alert">不支持 \.exe 文件', html) and "附件被拒时的进展</textarea>" in html
    assert not ProgressReport.objects.filter(task=world.own, period__label="2024-07").exists()


def test_a_refused_workbook_is_shown_on_the_upload_page(client, world):
    web = world.login(client, "liaison-A")
    upload = io.BytesIO(b"this is not a workbook")
    upload.name = "进展报送表.xlsx"
    response = web.post(f"/plans/{world.plan.pk}/progress/", {"workbook": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "导入进展报送表" in html and 'class="error" role="alert"' in html and "返回总览" not in html
    assert f'href="/inbox/?plan={world.plan.pk}"' in html  # back to where the unit came from
