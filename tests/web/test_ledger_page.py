"""Issue #11 item 8: the ledger has 配合单位, 完成时限 and 责任领导 columns; its filters and page are
in the address (a page can be bookmarked, shared, reloaded and gone back to); the filtered ledger
exports to .xlsx, every matching row; and a kept page still costs one query with the new columns.
"""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import openpyxl
import pytest
from world import world_fixture

from duban.plans.models import Role

pytestmark = pytest.mark.django_db

world = world_fixture()


def _row(html: str, task_id: str) -> dict[str, str]:
    found = re.search(rf'<tr data-task="{task_id}">(.*?)</tr>', html, re.S)
    assert found, f"{task_id} not on the page"
    return {
        label: re.sub(r"<[^>]+>", "", text).strip()
        for label, text in re.findall(r'data-label="([^"]+)"[^>]*>(.*?)</td>', found[1], re.S)
    }


def test_the_new_columns_hold_the_tasks_facts(client, world):
    html = world.login(client, "office").get(f"/ledger/?q={world.own.external_id}").content.decode()
    for header in ["配合单位", "责任领导", "完成时限"]:
        assert "<th" in html and f">{header}</th>" in html
    row = _row(html, world.own.external_id)
    supports = world.own.assignments.filter(role=Role.SUPPORT, withdrawn=False)
    expected = (
        "、".join(a.department.name for a in supports.order_by("department__order", "department__name"))
        or "—"
    )
    assert row["配合单位"] == expected
    assert row["责任领导"] == "甲领导"
    assert row["完成时限"] == world.own.deadline_text


def test_the_filters_and_the_page_are_in_the_address(client, world):
    web = world.login(client, "office")
    first = web.get("/ledger/").content.decode()
    form = re.search(r'<form class="filters[^>]*>', first)[0]
    assert 'hx-push-url="true"' in form and 'action="/ledger/"' in form
    nxt = re.search(
        r'<a href="([^"]+)" hx-get="([^"]+)" hx-target="#ledger-rows" hx-push-url="true" id="next-page">',
        first,
    )
    assert nxt and nxt[1] == nxt[2] and "page=2" in nxt[1]
    # The address of a filtered second page, opened afresh (a bookmark, a reload), shows that page.
    unit = world.unit.name
    address = f"/ledger/?plan={world.plan.pk}&department={quote(unit)}&sort=light&page=1"
    page = web.get(address).content.decode()
    assert f"<option selected>{unit}</option>" in page
    assert re.search(r'<option value="light" selected>', page)
    listed = re.findall(r'<tr data-task="([^"]+)"', page)
    led = world.plan.tasks.filter(
        withdrawn=False,
        assignments__department=world.unit,
        assignments__role=Role.LEAD,
        assignments__withdrawn=False,
    )
    assert set(listed) == set(led.values_list("external_id", flat=True))


def test_htmx_gets_the_rows_and_a_restored_address_gets_the_whole_page(client, world):
    web = world.login(client, "office")
    rows = web.get("/ledger/?page=2", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in rows and "第 2 / " in rows
    restored = web.get(
        "/ledger/?page=2", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restored.content.decode() and 'id="ledger-rows"' in restored.content.decode()


def test_the_filtered_ledger_exports_every_matching_row(client, world):
    web = world.login(client, "office")
    query = f"plan={world.plan.pk}&light=red"
    page = web.get(f"/ledger/?{query}").content.decode()
    total = int(re.search(r'id="ledger-total">(\d+)<', page)[1])
    assert f'href="/ledger/export.xlsx?{query}"' in page.replace("&amp;", "&")
    response = web.get(f"/ledger/export.xlsx?{query}")
    assert response.status_code == 200 and "attachment;" in response["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = next(r for r in range(1, 6) if ws.cell(r, 1).value == "序号")
    columns = [ws.cell(header, c).value for c in range(1, ws.max_column + 1)]
    assert columns[:7] == ["序号", "编号", "重点任务", "牵头单位", "配合单位", "责任领导", "完成时限"]
    lights = {ws.cell(r, columns.index("亮灯") + 1).value for r in range(header + 1, ws.max_row + 1)}
    assert ws.max_row - header == total and lights <= {"红灯"}
    assert total > 0


def test_a_liaisons_export_holds_its_units_tasks_only(client, world):
    web = world.login(client, "liaison-A")
    ws = openpyxl.load_workbook(io.BytesIO(web.get("/ledger/export.xlsx").content)).worksheets[0]
    header = next(r for r in range(1, 6) if ws.cell(r, 1).value == "序号")
    ids = {ws.cell(r, 2).value for r in range(header + 1, ws.max_row + 1)}
    assert world.own.external_id in ids and world.other.external_id not in ids


def test_a_kept_ledger_page_with_the_new_columns_costs_one_query(
    client, world, django_assert_max_num_queries
):
    web = world.login(client, "office")
    for path in ["/ledger/", f"/ledger/?leader={quote('甲领导')}", "/ledger/?page=2"]:
        assert web.get(path).status_code == 200
        with django_assert_max_num_queries(1):
            assert web.get(path).status_code == 200
