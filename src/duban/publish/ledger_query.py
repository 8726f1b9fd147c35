"""The ledger's filters and sorts as a query of the stored statuses (``tracking.stored``): a plan,
its sections and a ``LedgerQuery`` in; the matching count, one page's stable task ids and the
choices of units and leaders out, without reading every task.

The same filters and orders as ``ledger.matching`` over ``Item``s, ties kept in the plan's order,
strings ordered by code point as Python orders them (PostgreSQL's ``C`` collation; SQLite's
default). A text search is left to ``ledger.matching``: SQLite's LIKE ignores the case of Latin
letters, and the ledger's search does not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce, Collate

from duban.plans.chapters import chapter_map
from duban.plans.models import Plan, Section
from duban.tracking import groups
from duban.tracking.models import StoredStatus

_PLAN_ORDER = ("order", "task_id")


@dataclass
class Found:
    total: int
    page: int  # the asked page, or the last one when it asked beyond
    pages: int
    task_ids: list[str]  # the page's, in order
    departments: list[str]
    leaders: list[str]


def searchable(query) -> bool:
    """Whether ``query`` can be answered here (everything but a text search)."""
    return not query.q


def page(plan: Plan, sections: list[Section], query, per_page: int) -> Found:
    """The stored rows must be current (``stored.ensure``)."""
    rows = _filtered(StoredStatus.objects.filter(plan_id=plan.pk), sections, query)
    total = rows.count()
    pages = max(1, math.ceil(total / per_page))
    number = min(query.page, pages)
    ordered = rows.order_by(*_order(query.sort)).values_list("external_id", flat=True)
    every = StoredStatus.objects.filter(plan_id=plan.pk).order_by()
    return Found(
        total=total,
        page=number,
        pages=pages,
        task_ids=list(ordered[(number - 1) * per_page : number * per_page]),
        departments=sorted(key for key in groups.read(plan.pk)[1] if key),  # the units that lead tasks
        leaders=sorted(set(every.exclude(leader="").values_list("leader", flat=True).distinct())),
    )


def _filtered(rows: QuerySet, sections: list[Section], query) -> QuerySet:
    if query.section is not None:
        inside = sorted(pk for pk, top in chapter_map(sections).items() if top == query.section)
        rows = rows.filter(section_id__in=inside)
    for column, value in (
        ("lead", query.department),
        ("leader", query.leader),
        ("status", query.status),
        ("light", query.light),
    ):
        if value:
            rows = rows.filter(**{column: value})
    return rows


def _order(sort: str) -> list:
    completion = Coalesce(F("completion"), Value(-1.0))
    if sort == "light":
        rank = Case(
            When(light="red", then=Value(0)),
            When(light="yellow", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return [rank, completion, *_PLAN_ORDER]
    if sort == "completion":
        return [completion, *_PLAN_ORDER]
    if sort == "-completion":
        return [completion.desc(), *_PLAN_ORDER]
    if sort == "lead":
        lead = Collate("lead", "C") if connection.vendor == "postgresql" else F("lead")
        return [lead, *_PLAN_ORDER]
    return list(_PLAN_ORDER)
