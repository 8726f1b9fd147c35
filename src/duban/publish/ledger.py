"""The ledger (台账): a plan's task statuses and the reader's filters in; one sorted page of rows
with their 配合单位, 完成时限 and 责任领导, and the choices for each filter out, or every matching row
(the .xlsx export). Works on the cached statuses and on the tasks' facts read once per plan
revision, so a 10,000-task plan pages in milliseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from duban.plans.chapters import chapter_map, chapters
from duban.plans.leaders import responsible_leaders
from duban.plans.models import Assignment, Plan, Role, Section, Task, deadline_text
from duban.tracking import cache
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


def _read_facts(plan: Plan) -> dict[str, TaskFacts]:
    supports: dict[int, list[str]] = {}
    for task_id, name in (
        Assignment.objects.filter(task__plan=plan, role=Role.SUPPORT, withdrawn=False)
        .order_by("department__order", "department__name")
        .values_list("task_id", "department__name")
    ):
        supports.setdefault(task_id, []).append(name)
    leaders = responsible_leaders(plan)
    facts = {}
    # Plain values, no model instances: a large plan has tens of thousands of tasks.
    live = Task.objects.filter(plan=plan, withdrawn=False).order_by()
    for pk, external_id, deadline, label in live.values_list(
        "pk", "external_id", "deadline", "deadline_label"
    ):
        leader = leaders.get(pk)
        facts[external_id] = TaskFacts(
            "、".join(supports.get(pk, [])), deadline_text(deadline, label), leader.name if leader else ""
        )
    return facts


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


def ledger_page(
    statuses: list[TaskStatus],
    sections: list[Section],
    query: LedgerQuery,
    facts: dict[str, TaskFacts],
    per_page: int = PER_PAGE,
) -> LedgerPage:
    chosen = matching(statuses, sections, query, facts)
    pages = max(1, math.ceil(len(chosen) / per_page))
    page = min(query.page, pages)
    shown = chosen[(page - 1) * per_page : page * per_page]
    return LedgerPage(
        rows=[LedgerRow(s, facts.get(s.task_id, NO_FACTS)) for s in shown],
        total=len(chosen),
        page=page,
        pages=pages,
        sections=[(s.pk, s.heading) for s in chapters(sections)],
        departments=sorted({s.lead for s in statuses if s.lead}),
        leaders=sorted({f.leader for f in facts.values() if f.leader}),
    )


def matching(
    statuses: list[TaskStatus], sections: list[Section], query: LedgerQuery, facts: dict[str, TaskFacts]
) -> list[TaskStatus]:
    """The statuses the filters let through, sorted as asked."""
    top_of = chapter_map(sections)
    chosen = [s for s in statuses if _matches(s, query, top_of, facts)]
    key = SORTS[query.sort][1]
    return sorted(chosen, key=key) if key is not None else chosen


def _matches(s: TaskStatus, query: LedgerQuery, top_of: dict[int, int], facts: dict[str, TaskFacts]) -> bool:
    if query.section is not None and top_of.get(s.section_id or -1) != query.section:
        return False
    if query.department and s.lead != query.department:
        return False
    if query.leader and facts.get(s.task_id, NO_FACTS).leader != query.leader:
        return False
    if query.status and s.status != query.status:
        return False
    if query.light and s.light != query.light:
        return False
    return not query.q or query.q in s.text or query.q == s.task_id
