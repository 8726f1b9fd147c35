"""The ledger (台账): a plan's task statuses and the reader's filters in; one sorted page of rows and
the choices for each filter out. Works on the cached statuses, so a 10,000-task plan pages in
milliseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from duban.plans.chapters import chapter_map, chapters
from duban.plans.models import Section
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


@dataclass
class LedgerQuery:
    section: int | None = None  # a top-level section's pk
    department: str = ""
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
            status=(params.get("status") or "").strip(),
            light=(params.get("light") or "").strip(),
            q=(params.get("q") or "").strip()[:100],
            sort=sort if sort in SORTS else "order",
            page=max(1, number("page") or 1),
        )


@dataclass
class LedgerPage:
    rows: list[TaskStatus]
    total: int
    page: int
    pages: int
    sections: list[tuple[int, str]] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)


def ledger_page(
    statuses: list[TaskStatus], sections: list[Section], query: LedgerQuery, per_page: int = PER_PAGE
) -> LedgerPage:
    top_of = chapter_map(sections)
    chosen = [s for s in statuses if _matches(s, query, top_of)]
    key = SORTS[query.sort][1]
    if key is not None:
        chosen = sorted(chosen, key=key)
    pages = max(1, math.ceil(len(chosen) / per_page))
    page = min(query.page, pages)
    tops = [(s.pk, f"{s.number}{s.title}") for s in chapters(sections)]
    return LedgerPage(
        rows=chosen[(page - 1) * per_page : page * per_page],
        total=len(chosen),
        page=page,
        pages=pages,
        sections=tops,
        departments=sorted({s.lead for s in statuses if s.lead}),
    )


def _matches(s: TaskStatus, query: LedgerQuery, top_of: dict[int, int]) -> bool:
    if query.section is not None and top_of.get(s.section_id or -1) != query.section:
        return False
    if query.department and s.lead != query.department:
        return False
    if query.status and s.status != query.status:
        return False
    if query.light and s.light != query.light:
        return False
    return not query.q or query.q in s.text or query.q == s.task_id
