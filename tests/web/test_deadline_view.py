"""Issue #11 item 10: a deadline view — the tasks and milestones due in the next 30 days and the
overdue ones, not yet done, by lead unit; a liaison sees its own unit's.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from world import DAY, world_fixture

from duban.plans import history
from duban.tracking.models import Milestone

pytestmark = pytest.mark.django_db

world = world_fixture()


@pytest.fixture
def dated(world):
    """``own`` due in 10 days with a milestone due in 5; ``other`` overdue by 20 days; a milestone
    of ``other`` due in 40 days (outside the window) and one already done."""
    office = world.users["office"]
    history.update(world.own, {"deadline": DAY + dt.timedelta(days=10)}, user=office, reason="测试")
    history.update(world.other, {"deadline": DAY - dt.timedelta(days=20)}, user=office, reason="测试")
    Milestone.objects.create(task=world.own, title="完成选址论证", due=DAY + dt.timedelta(days=5))
    Milestone.objects.create(task=world.other, title="年底前完成验收", due=DAY + dt.timedelta(days=40))
    Milestone.objects.create(
        task=world.other, title="已完成的节点", due=DAY - dt.timedelta(days=1), done=True
    )


def _unit_block(html: str, unit: str) -> str:
    found = re.search(rf"<h2>{re.escape(unit)} <span.*?</section>", html, re.S)
    assert found, f"{unit} not on the deadline view"
    return found[0]


def test_due_and_overdue_tasks_and_milestones_by_unit(client, world, dated):
    html = world.login(client, "office").get("/deadlines/").content.decode()
    mine = _unit_block(html, world.unit.name)
    assert re.search(rf"{world.own.external_id}</a></td><td[^>]*>任务</td>.*?10 天", mine, re.S)
    assert re.search(r"工作节点</td><td[^>]*>完成选址论证</td>.*?5 天", mine, re.S)
    theirs = _unit_block(html, world.other_unit.name)
    assert re.search(rf"{world.other.external_id}</a></td><td[^>]*>任务</td>.*?已逾期 20 天", theirs, re.S)
    assert "年底前完成验收" not in html and "已完成的节点" not in html
    # Units with overdue work come first.
    assert html.index(world.other_unit.name + " <span") < html.index(world.unit.name + " <span")


def test_a_liaison_sees_its_own_units_deadlines(client, world, dated):
    html = world.login(client, "liaison-A").get("/deadlines/").content.decode()
    assert world.own.external_id in html and world.other.external_id not in html


def test_the_window_ends_thirty_days_ahead(client, world, dated):
    html = world.login(client, "office").get("/deadlines/").content.decode()
    assert f"{(DAY + dt.timedelta(days=30)).isoformat()} 前到期" in html
