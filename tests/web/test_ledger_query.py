"""The ledger of a whole plan on its assessment day is a query of the stored statuses
(``publish.ledger_query``); for every sort and filter it gives the same pages as filtering and
sorting the plan's statuses in Python (``ledger.matching``), which other days and units use."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from duban.accounts.models import UserRole
from duban.accounts.services import ensure_role, operator
from duban.plans.chapters import chapters
from duban.plans.importing import import_report
from duban.publish.ledger import SORTS, LedgerQuery, items_of, ledger_page, plan_ledger, task_facts
from duban.tracking import cache
from duban.tracking.demo import fill_demo
from duban.tracking.periods import as_of
from duban.tracking.status import plan_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(sample_path: Path):
    found = import_report(sample_path, government="爱民区").plan
    fill_demo(found, dt.date(2024, 7, 31))
    return found


def _computed(plan, day, query, per_page):
    statuses = plan_status(plan, day)
    facts = task_facts(plan)
    by_id = {s.task_id: s for s in statuses}
    sections = list(plan.sections.all())
    return ledger_page(
        items_of(statuses, facts),
        sections,
        query,
        lambda ids: [by_id[i] for i in ids],
        lambda _: facts,
        per_page,
    )


def test_every_sort_and_filter_pages_as_the_statuses_do(plan):
    office = operator("ledger-query-test")
    ensure_role(office, UserRole.OFFICE)
    day = as_of(plan)
    cache.clear()
    statuses = plan_status(plan, day)
    leads = sorted({s.lead for s in statuses if s.lead})
    leaders = sorted({f.leader for f in task_facts(plan).values() if f.leader})
    chapter = chapters(list(plan.sections.all()))[1].pk
    filters = [
        {},
        {"department": leads[0]},
        {"department": leads[-1], "light": "green"},
        {"leader": leaders[0]},
        {"status": statuses[0].status},
        {"light": "red"},
        {"light": "yellow"},
        {"section": chapter},
        {"section": 999_999},
        {"department": "没有这个单位"},
    ]
    assert leads and leaders
    checked = 0
    for chosen, sort, number in itertools.product(filters, SORTS, [1, 2, 99]):
        query = LedgerQuery(**chosen, sort=sort, page=number)
        got = plan_ledger(office, plan, day, query, per_page=7)
        want = _computed(plan, day, query, per_page=7)
        row = f"filters {chosen}, sort {sort}, page {number}"
        assert (got.total, got.page, got.pages) == (want.total, want.page, want.pages), row
        assert [r.status.task_id for r in got.rows] == [r.status.task_id for r in want.rows], row
        assert [r.status for r in got.rows] == [r.status for r in want.rows], row
        assert [r.facts for r in got.rows] == [r.facts for r in want.rows], row
        assert (got.departments, got.leaders, got.sections) == (want.departments, want.leaders, want.sections)
        checked += bool(want.rows)
    assert checked > len(filters)  # most combinations show rows: the comparison is not of empty pages


def test_a_text_search_finds_what_the_statuses_find(plan):
    office = operator("ledger-query-search")
    ensure_role(office, UserRole.OFFICE)
    day = as_of(plan)
    for text in ["推进", "学校", "T1-0003", "xyz 没有"]:
        query = LedgerQuery(q=text, sort="light")
        got, want = plan_ledger(office, plan, day, query), _computed(plan, day, query, 50)
        assert [r.status.task_id for r in got.rows] == [r.status.task_id for r in want.rows], text
        assert got.total == want.total, text
