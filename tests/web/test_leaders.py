"""Issue #11 item 7: responsible leaders (分管领导, the 1+1+N of a 分工方案). Every task's 责任领导
defaults from its lead unit and can be set on the task; it is a column of the ledger, of the 分工表
(export and import) and of the progress sheet; and a leader has a view of the tasks they answer
for, laggards first.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from world import world_fixture

from duban.plans import history
from duban.plans.leaders import responsible_leader
from duban.plans.models import Role, Task
from duban.plans.split_table import export_split, import_split
from duban.tracking.periods import find_period
from duban.tracking.progress_export import export_progress

pytestmark = pytest.mark.django_db

world = world_fixture()


def _ledger_leader(html: str, task_id: str) -> str:
    row = re.search(rf'<tr data-task="{task_id}">(.*?)</tr>', html, re.S)
    assert row, f"{task_id} not on the ledger page"
    return re.search(r'data-label="责任领导"[^>]*>([^<]*)<', row[1])[1]


def _split(world) -> tuple[openpyxl.Workbook, object, dict, dict]:
    buffer = io.BytesIO()
    export_split(world.plan, buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    ws = book.worksheets[0]
    header = next(r for r in range(1, 6) if ws.cell(r, 2).value == "重点任务")
    columns = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    rows = {ws.cell(r, columns["task_id"]).value: r for r in range(header + 1, ws.max_row + 1)}
    return book, ws, columns, rows


def _saved(book) -> io.BytesIO:
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_a_tasks_leader_defaults_from_its_lead_unit_and_can_be_set(client, world):
    web = world.login(client, "office")
    ledger = web.get(f"/ledger/?q={world.own.external_id}").content.decode()
    assert _ledger_leader(ledger, world.own.external_id) == "甲领导"
    assert responsible_leader(world.own) == world.leader_a
    history.update(world.own, {"leader": world.leader_b}, user=world.users["office"], reason="调整责任领导")
    ledger = web.get(f"/ledger/?q={world.own.external_id}").content.decode()
    assert _ledger_leader(ledger, world.own.external_id) == "乙领导"
    task_page = web.get(f"/tasks/{world.own.external_id}/").content.decode()
    assert 'id="task-leader">乙领导（副区长）<' in task_page


def test_the_split_table_has_the_leader_column(world):
    _book, ws, columns, rows = _split(world)
    assert "责任领导" in columns and columns["责任领导"] < columns["牵头单位"]
    assert ws.cell(rows[world.own.external_id], columns["责任领导"]).value == "甲领导"
    assert ws.cell(rows[world.other.external_id], columns["责任领导"]).value == "乙领导"


def test_the_split_table_sets_a_leader_and_refuses_an_unknown_one(world):
    book, ws, columns, rows = _split(world)
    ws.cell(rows[world.own.external_id], columns["责任领导"]).value = "乙领导"
    changes = import_split(world.plan, _saved(book), apply=True, user=world.users["office"])
    assert any(
        c.task_id == world.own.external_id
        and c.field == "责任领导"
        and (c.old, c.new) == ("甲领导", "乙领导")
        for c in changes.changes
    )
    world.own.refresh_from_db()
    assert world.own.leader == world.leader_b
    book, ws, columns, rows = _split(world)
    ws.cell(rows[world.own.external_id], columns["责任领导"]).value = "丙领导"
    with pytest.raises(Exception, match="责任领导“丙领导”不在分管领导名单中"):
        import_split(world.plan, _saved(book), apply=False)


def test_the_leader_follows_a_new_lead_unit(world):
    book, ws, columns, rows = _split(world)
    row = rows[world.own.external_id]
    ws.cell(row, columns["牵头单位"]).value = world.other_unit.name  # the 责任领导 cell still says 甲领导
    changes = import_split(world.plan, _saved(book), apply=True, user=world.users["office"])
    assert any(c.field == "责任领导" and (c.old, c.new) == ("甲领导", "乙领导") for c in changes.changes)
    task = Task.objects.get(pk=world.own.pk)
    assert task.leader is None and responsible_leader(task) == world.leader_b  # follows, not pinned


def test_the_progress_sheet_names_the_leader(world):
    buffer = io.BytesIO()
    export_progress(world.plan, find_period(world.plan, "2024-06"), buffer, department=world.unit)
    ws = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    header = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    leaders = {ws.cell(r, header["责任领导"]).value for r in range(4, ws.max_row + 1)}
    assert leaders == {"甲领导"}


def test_a_leaders_view_lists_their_tasks_laggards_first(client, world):
    html = world.login(client, "reader").get(f"/leaders/{world.leader_a.pk}/").content.decode()
    row = r'<tr data-task="([^"]+)"><td data-label="编号"[^>]*><a[^>]*>[^<]*</a></td>'
    listed = re.findall(row + r'<td data-label="灯"[^>]*><span class="light (\w+)">', html)
    led = set(
        world.plan.tasks.filter(
            withdrawn=False, assignments__department=world.unit, assignments__role=Role.LEAD,
            assignments__withdrawn=False,
        ).values_list("external_id", flat=True)
    )  # fmt: skip
    assert {task_id for task_id, _ in listed} == led
    order = {"red": 0, "yellow": 1, "green": 2}
    ranks = [order[light] for _, light in listed]
    assert ranks == sorted(ranks)
    # The reader is 甲领导's own account: the menu leads to their view.
    assert f'href="/leaders/{world.leader_a.pk}/' in html and ">分管任务</a>" in html


def test_the_leaders_list_counts_each_leaders_lights(client, world):
    html = world.login(client, "office").get("/leaders/").content.decode()
    assert f'href="/leaders/{world.leader_a.pk}/?plan={world.plan.pk}">甲领导（副区长）</a>' in html
    assert world.unit.name in html and world.other_unit.name in html


def test_a_liaison_has_no_leaders_view(client, world):
    web = world.login(client, "liaison-A")
    assert web.get("/leaders/").status_code == 403
    assert web.get(f"/leaders/{world.leader_a.pk}/").status_code == 403
