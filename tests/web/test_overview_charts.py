"""Issue #11 item 13: the overview's charts. Chapter labels keep their 、 and do not mix levels
(the part's own tasks are its 总述, not a sibling of its chapters); the units chart gets a bar per
unit, laggards first, and room for all of them; a chart that says nothing to its viewer is not
drawn — a liaison gets no single-bar charts and no unit comparison, and a trend of its own tasks
instead of a wrong 尚无到期的期次. (That legends stay clear of the bars is checked in the browser.)
"""

from __future__ import annotations

import json
import re

import pytest
from world import DAY, world_fixture

from duban.publish import dashboard
from duban.publish.access import visible_statuses
from duban.tracking import cache

pytestmark = pytest.mark.django_db

world = world_fixture()


def _charts(html: str) -> dict:
    return json.loads(
        re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )


def test_chapter_labels_are_headings_of_one_level(client, world):
    charts = _charts(world.login(client, "office").get("/").content.decode())
    names = charts["sections"]["names"]
    tops = [s for s in world.plan.sections.filter(parent=None, part="plan")]
    assert [n for n in names if n.startswith(tops[0].number)] == [
        f"{tops[0].number}、{tops[0].title}（总述）"
    ]
    chapters = [n for n in names if n.startswith("（")]
    assert len(chapters) == len(names) - 1 and all(
        re.match(r"（[一二三四五六七八九十]+）\S", n) for n in chapters
    )
    assert not any(re.match(r"^[一二三四五六七八九十]+\d", n) for n in names)  # never 二2024年…


def test_the_units_chart_has_every_unit_worst_first(client, world):
    html = world.login(client, "office").get("/").content.decode()
    units = _charts(html)["departments"]
    statuses = cache.statuses(world.plan, DAY)
    assert sorted(units["names"]) == sorted({s.lead for s in statuses if s.lead})
    pairs = list(zip(units["red"], units["yellow"], strict=True))
    assert pairs == sorted(pairs, reverse=True)
    assert f'data-bars="{len(units["names"])}"' in html  # charts.js gives each bar its room


def test_a_liaison_gets_no_chart_that_says_nothing(client, world):
    html = world.login(client, "liaison-A").get("/").content.decode()
    charts = _charts(html)
    assert "departments" not in charts and 'id="chart-departments"' not in html and "单位排名" not in html
    statuses, _ = visible_statuses(world.users["liaison-A"], world.plan, DAY)
    overview = dashboard.overview(world.plan, DAY, statuses, world.unit.pk)
    assert ("sections" in charts) == (len(overview.sections) >= 2)
    # Its own trend, over the periods ended by 30 June; no 尚无到期的期次.
    assert [p["label"] for p in charts["trend"]] == [f"2024年{m}月" for m in range(1, 7)]
    assert "尚无到期的期次" not in html and 'id="chart-trend"' in html


def test_a_liaison_with_one_task_gets_no_pie_of_one(world):
    one = [s for s in cache.statuses(world.plan, DAY) if s.task_id == world.own.external_id]
    overview = dashboard.overview(world.plan, DAY, one, ("one", world.own.external_id))
    charts = overview.chart_data()
    assert "lights" not in charts and "sections" not in charts and "departments" not in charts
    assert charts["trend"]
