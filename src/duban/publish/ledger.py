"""The ledger (台账): a plan's task statuses and the reader's filters in; one sorted page of rows
with their 配合单位, 完成时限 and 责任领导, and the choices for each filter out, or every matching row
(the .xlsx export).

Filters and sorts read each task as an ``Item`` (its status in brief, text and leader). A reader
of the whole plan on its assessment day gets them from a few columns of the stored statuses
(``tracking.stored``), and the whole statuses and facts of the page's rows alone: right after a
write, a 10,000-task plan pages in tens of milliseconds. Other days, and a unit's own tasks,
are filtered from the kept statuses and the facts read once per plan revision.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from duban.plans.chapters import chapter_map, chapters
from duban.plans.leaders import responsible_leaders
from duban.plans.models import Assignment, Plan, Role, Section, Task, deadline_text
from duban.publish import access, ledger_query
from duban.tracking import cache, stored
from duban.tracking.status import TaskStatus

PER_PAGE = 50
_LIGHT_ORDER = {"red": 0, "yellow": 1, "green": 2}
SORTS = {
    "order": ("报告顺序", None),
    "light": (
        "红灯在前",
        lambda s: (_LIGHT_ORDER[s.light], s.completion if s.completion is not None else -1),
    ),
    "completion": ("完成率由低到高", lambda s: s.completion if s.completion is not None else -1),
    "-completion": ("完成率由高到低", lambda s: -(s.completion if s.completion is not None else -1)),
    "lead": ("牵头单位", lambda s: s.lead),
}


@dataclass(frozen=True)
class TaskFacts:
    """What the ledger shows of a task beyond its status: the 1+1+N of the 分工方案 and its time."""

    supports: str  # 配合单位, joined with 、
    deadline: str  # 完成时限: 全年, 长期坚持, or the date
    leader: str  # 责任领导


NO_FACTS = TaskFacts("", "", "")


def task_facts(plan: Plan) -> dict[str, TaskFacts]:
    """Stable task id → its facts, for every live task, read once per plan revision."""
    return cache.remember(cache.page_key(plan, None, "ledger-facts"), lambda: _read_facts(plan))


def _read_facts(
    plan: Plan, task_ids: list[str] | None = None, *, stored_leaders: bool = False
) -> dict[str, TaskFacts]:
    """The facts of the live tasks with the stable ids ``task_ids`` (None: every one). With
    ``stored_leaders`` each leader is read from the task's stored status (``tracking.stored``,
    which the caller brought up to date) in the same query, not worked out again."""
    live = Task.objects.filter(plan=plan, withdrawn=False).order_by()
    if task_ids is not None:
        live = live.filter(external_id__in=sorted(task_ids))
    # Plain values, no model instances: a large plan has tens of thousands of tasks.
    columns = ["pk", "external_id", "deadline", "deadline_label"]
    tasks = list(live.values_list(*columns, *(["stored_status__leader"] if stored_leaders else [])))
    only = None if task_ids is None else {row[0] for row in tasks}
    found = Assignment.objects.filter(task__plan=plan, role=Role.SUPPORT, withdrawn=False)
    if only is not None:
        found = found.filter(task_id__in=sorted(only))
    supports: dict[int, list[str]] = {}
    for task_id, name in found.order_by("department__order", "department__name").values_list(
        "task_id", "department__name"
    ):
        supports.setdefault(task_id, []).append(name)
    if stored_leaders:
        leaders = {pk: leader or "" for pk, *_, leader in tasks}
    else:
        chosen = responsible_leaders(plan, only) if only is None or only else {}
        leaders = {pk: leader.name if leader else "" for pk, leader in chosen.items()}
    return {
        external_id: TaskFacts(
            "、".join(supports.get(pk, [])), deadline_text(deadline, label), leaders.get(pk, "")
        )
        for pk, external_id, deadline, label, *_ in tasks
    }


@dataclass
class LedgerQuery:
    section: int | None = None  # a top-level section's pk
    department: str = ""
    leader: str = ""
    status: str = ""
    light: str = ""
    q: str = ""
    sort: str = "order"
    page: int = 1

    @classmethod
    def from_params(cls, params) -> LedgerQuery:
        def number(name: str) -> int | None:
            value = (params.get(name) or "").strip()
            return int(value) if value.isdecimal() else None

        sort = params.get("sort") or "order"
        return cls(
            section=number("section"),
            department=(params.get("department") or "").strip(),
            leader=(params.get("leader") or "").strip(),
            status=(params.get("status") or "").strip(),
            light=(params.get("light") or "").strip(),
            q=(params.get("q") or "").strip()[:100],
            sort=sort if sort in SORTS else "order",
            page=max(1, number("page") or 1),
        )


class Item(NamedTuple):
    """What the ledger's filters and sorts read of a task."""

    task_id: str
    text: str
    status: str
    light: str
    completion: float | None
    section_id: int | None
    lead: str
    leader: str  # 责任领导


_ITEM_COLUMNS = ("external_id", "text", "status", "light", "completion", "section_id", "lead", "leader")


def items_of(statuses: Sequence[TaskStatus], facts: dict[str, TaskFacts]) -> list[Item]:
    return [
        Item(
            s.task_id,
            s.text,
            s.status,
            s.light,
            s.completion,
            s.section_id,
            s.lead,
            facts.get(s.task_id, NO_FACTS).leader,
        )
        for s in statuses
    ]


@dataclass
class LedgerRow:
    status: TaskStatus
    facts: TaskFacts


@dataclass
class LedgerPage:
    rows: list[LedgerRow]
    total: int
    page: int
    pages: int
    sections: list[tuple[int, str]] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)

    def fingerprint(self) -> str:
        """Everything the page shows, in a few bytes: a write elsewhere in the plan leaves it as
        it was, and so the page's markup, kept under it, need not be rendered again."""
        return hashlib.blake2b(repr(self).encode(), digest_size=16).hexdigest()


def plan_ledger(user, plan: Plan, day: dt.date, query: LedgerQuery, per_page: int = PER_PAGE) -> LedgerPage:
    """The page of the ledger ``user`` asked for (a unit's liaison sees its unit's tasks)."""
    narrowed = access.unit_statuses(user, plan, day)
    sections = list(plan.sections.all())
    whole_plan_today = narrowed is None and day == cache.as_of(plan, None)
    if whole_plan_today and ledger_query.searchable(query):
        stored.ensure(plan, day)
        found = ledger_query.page(plan, sections, query, per_page)
        return _page(
            found,
            sections,
            stored.chosen(plan, day, found.task_ids),
            _read_facts(plan, found.task_ids, stored_leaders=True),
        )
    if whole_plan_today:  # a text search: over the stored rows' columns, in Python
        items = cache.remember(
            cache.plan_key(plan, day, "ledger-items"),
            lambda: [Item._make(row) for row in stored.columns(plan, day, *_ITEM_COLUMNS)],
        )
        return ledger_page(
            items,
            sections,
            query,
            lambda ids: stored.chosen(plan, day, ids),
            lambda ids: _read_facts(plan, ids, stored_leaders=True),
            per_page,
        )
    statuses = cache.statuses(plan, day) if narrowed is None else narrowed
    facts = task_facts(plan)
    by_id = {s.task_id: s for s in statuses}
    return ledger_page(
        items_of(statuses, facts),
        sections,
        query,
        lambda ids: [by_id[i] for i in ids],
        lambda _: facts,
        per_page,
    )


def _page(
    found: ledger_query.Found,
    sections: list[Section],
    statuses: list[TaskStatus],
    facts: dict[str, TaskFacts],
) -> LedgerPage:
    whole = {s.task_id: s for s in statuses}
    return LedgerPage(
        rows=[LedgerRow(whole[t], facts.get(t, NO_FACTS)) for t in found.task_ids if t in whole],
        total=found.total,
        page=found.page,
        pages=found.pages,
        sections=[(s.pk, s.heading) for s in chapters(sections)],
        departments=found.departments,
        leaders=found.leaders,
    )


def ledger_page(
    items: Sequence[Item],
    sections: list[Section],
    query: LedgerQuery,
    statuses_of: Callable[[list[str]], list[TaskStatus]],
    facts_of: Callable[[list[str]], dict[str, TaskFacts]],
    per_page: int = PER_PAGE,
) -> LedgerPage:
    """One page of the ``items`` the query lets through; ``statuses_of`` and ``facts_of`` give
    the whole status and the facts of the page's tasks."""
    chosen = matching(items, sections, query)
    pages = max(1, math.ceil(len(chosen) / per_page))
    page = min(query.page, pages)
    shown = [item.task_id for item in chosen[(page - 1) * per_page : page * per_page]]
    whole = {s.task_id: s for s in statuses_of(shown)}
    facts = facts_of(shown)
    return LedgerPage(
        rows=[LedgerRow(whole[t], facts.get(t, NO_FACTS)) for t in shown if t in whole],
        total=len(chosen),
        page=page,
        pages=pages,
        sections=[(s.pk, s.heading) for s in chapters(sections)],
        departments=sorted({item.lead for item in items if item.lead}),
        leaders=sorted({item.leader for item in items if item.leader}),
    )


def matching(items: Sequence[Item], sections: list[Section], query: LedgerQuery) -> list[Item]:
    """The items the filters let through, sorted as asked."""
    top_of = chapter_map(sections)
    chosen = [item for item in items if _matches(item, query, top_of)]
    key = SORTS[query.sort][1]
    return sorted(chosen, key=key) if key is not None else chosen


def matching_statuses(
    statuses: Sequence[TaskStatus], sections: list[Section], query: LedgerQuery, facts: dict[str, TaskFacts]
) -> list[TaskStatus]:
    """``matching`` over whole statuses (the export writes every matching row)."""
    by_id = {s.task_id: s for s in statuses}
    return [by_id[item.task_id] for item in matching(items_of(statuses, facts), sections, query)]


def _matches(s: Item, query: LedgerQuery, top_of: dict[int, int]) -> bool:
    if query.section is not None and top_of.get(s.section_id or -1) != query.section:
        return False
    if query.department and s.lead != query.department:
        return False
    if query.leader and s.leader != query.leader:
        return False
    if query.status and s.status != query.status:
        return False
    if query.light and s.light != query.light:
        return False
    return not query.q or query.q in s.text or query.q == s.task_id
