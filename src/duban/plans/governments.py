"""Governments as a tree: a government in, the governments under it out; and a report's region
resolved to the government it belongs to under a parent (``duban import DIR --parent 保定市``).
"""

from __future__ import annotations

from dataclasses import dataclass

from duban.plans.models import Government
from duban.regions import Division, resolve


def _tree() -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in Government.objects.order_by().values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    return children


def with_descendants(government_id: int) -> frozenset[int]:
    """``government_id`` and every government below it, at any depth."""
    tree = _tree()  # one small query: an installation holds a few thousand governments at most
    found, stack = set(), [government_id]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(tree.get(pk, ()))
    return frozenset(found)


@dataclass(frozen=True)
class Match:
    """The government a report belongs to under a parent, or why it cannot be said."""

    division: Division | None
    problem: str = ""
    candidates: tuple[Division, ...] = ()


def match_child(region: str | None, parent: Government) -> Match:
    """The division under ``parent`` that a report's ``region`` names; ambiguous or absent is a
    problem to ask about, never a guess."""
    if not region:
        return Match(None, "报告没有写明地区")
    within = parent.code or None
    found = resolve(region, within=within)
    if found.division is not None:
        return Match(found.division)
    if within and not found.ambiguous:
        anywhere = resolve(region)
        if anywhere.division is not None:
            return Match(
                None, f"报告写的是{anywhere.division.full_name}，不在{parent.full_name or parent.name}之下"
            )
    return Match(None, found.explain(), found.candidates)
