"""Stored roll-up groups: task statuses in; per section and per lead unit, the sums of their
statuses (``tracking.sums``) out, kept in ``StoredGroup`` rows beside the stored statuses.

``tracking.stored`` calls ``replace`` when it stores a whole plan and ``shift`` when a write
reassesses a few tasks: their old statuses' sums come out of their groups and the new ones go in,
so the write costs what it touched, and the overview reads a row per section and per unit
instead of every task. ``verify`` compares the rows with sums made afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Q

from duban.tracking.models import StoredGroup
from duban.tracking.sums import Assessed, Sums, grouped

SECTION, LEAD = StoredGroup.SECTION, StoredGroup.LEAD
# The stored columns a status's sums are made of (``Old``), and its groups' keys.
COLUMNS = ("section_id", "lead", "light", "status", "weight", "completion", "time_progress")

Key = tuple[str, str]  # (kind, key)


class Old(NamedTuple):
    """A stored status about to be replaced, read as the columns its sums need."""

    section_id: int | None
    lead: str
    light: str
    status: str
    weight: float
    completion: float | None
    time_progress: float


def _keys(item) -> tuple[Key, Key]:
    section = "" if item.section_id is None else str(item.section_id)
    return (SECTION, section), (LEAD, item.lead or "")


def made(items: Iterable[Assessed]) -> dict[Key, Sums]:
    """Every group's sums over ``items`` (with section_id and lead)."""
    listed = list(items)
    return {
        **{(SECTION, k): v for k, v in grouped(listed, lambda s: _keys(s)[0][1]).items()},
        **{(LEAD, k): v for k, v in grouped(listed, lambda s: _keys(s)[1][1]).items()},
    }


def replace(plan_id: int, items: Iterable[Assessed]) -> None:
    """Store the groups of a plan's whole set of statuses, dropping whatever was there."""
    StoredGroup.objects.filter(plan_id=plan_id).delete()
    StoredGroup.objects.bulk_create(
        [
            StoredGroup(plan_id=plan_id, kind=kind, key=key, **sums.as_row())
            for (kind, key), sums in made(items).items()
        ],
        batch_size=500,
    )


def shift(plan_id: int, old: Iterable[Old], new: Iterable[Assessed]) -> None:
    """Take the ``old`` statuses out of their groups and put the ``new`` ones in."""
    deltas: dict[Key, Sums] = {}
    for items, sign in ((old, -1), (new, 1)):
        for item in items:
            for key in _keys(item):
                deltas.setdefault(key, Sums()).add(item, sign)
    if not deltas:
        return
    chosen = Q(pk__isnull=True)  # never true: what the keys add to
    for kind, key in deltas:
        chosen |= Q(kind=kind, key=key)
    rows = {(row.kind, row.key): row for row in StoredGroup.objects.filter(chosen, plan_id=plan_id)}
    for (kind, key), delta in deltas.items():
        row = rows.get((kind, key))
        sums = _sums(row) if row is not None else Sums()
        sums.merge(delta)
        if sums.tasks == 0 and row is not None:
            row.delete()
        elif sums.tasks and row is None:
            StoredGroup.objects.create(plan_id=plan_id, kind=kind, key=key, **sums.as_row())
        elif sums.tasks:
            StoredGroup.objects.filter(pk=row.pk).update(**sums.as_row())


def read(plan_id: int) -> tuple[dict[int | None, Sums], dict[str, Sums]]:
    """(section pk → sums, unit name → sums) of the stored groups."""
    sections: dict[int | None, Sums] = {}
    leads: dict[str, Sums] = {}
    for kind, key, *row in (
        StoredGroup.objects.filter(plan_id=plan_id)
        .order_by("kind", "key")
        .values_list("kind", "key", "tasks", "lights", "statuses", "weighed", "measured", "totals")
    ):
        if kind == SECTION:
            sections[int(key) if key else None] = Sums.from_row(*row)
        else:
            leads[key] = Sums.from_row(*row)
    return sections, leads


def verify(plan_id: int, items: Iterable[Assessed]) -> list[str]:
    """Where the stored groups differ from sums made afresh over ``items``, one line each."""
    fresh = {key: sums.as_row() for key, sums in made(items).items()}
    kept = {(row.kind, row.key): _sums(row).as_row() for row in StoredGroup.objects.filter(plan_id=plan_id)}
    names = {SECTION: "章节", LEAD: "单位"}
    return [
        f"{names.get(kind, kind)}分组 {key or '（无）'}: 汇总不一致"
        for kind, key in sorted(set(fresh) | set(kept))
        if fresh.get((kind, key)) != kept.get((kind, key))
    ]


def _sums(row: StoredGroup) -> Sums:
    return Sums.from_row(row.tasks, row.lights, row.statuses, row.weighed, row.measured, row.totals)
