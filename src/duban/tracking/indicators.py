"""Headline indicators (主要预期目标): a plan in; this year's target indicators of its report, each
with the stored target it was read into (None for a qualitative one), in the report's order out.
The overview and the bulletins show the same rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from duban.plans.models import Plan, Target


@dataclass(frozen=True)
class Headline:
    metric: str
    unit: str
    value: float | None  # as extracted; the target's own value when there is one
    target: Target | None


def indicator_records(plan: Plan) -> list[dict]:
    """The extraction's headline indicator records. When the plan row was read without its
    extraction (pages defer it), only that part is read, once per process and stored report:
    the database parses the whole extraction, megabytes for a large plan, to find it."""
    if "extraction" not in plan.get_deferred_fields():
        return (plan.extraction or {}).get("indicators") or []
    return _stored_records(plan.pk, plan.source_sha256, plan.imported_at)


@lru_cache(maxsize=256)
def _stored_records(plan_id: int, sha256: str, imported_at: dt.datetime) -> list[dict]:
    # Keyed by the stored report: a revised import changes its digest, and only an import
    # writes the extraction.
    found = Plan.objects.filter(pk=plan_id).values_list("extraction__indicators", flat=True).first()
    return found if isinstance(found, list) else []


def headlines(plan: Plan) -> list[Headline]:
    items = [
        item
        for item in indicator_records(plan)
        # Last year's achieved figures belong to the review, not to this year's targets.
        if item.get("kind") == "target" and item.get("year") in {plan.year, None}
    ]
    quantities = tuple(sorted({item["quantity"] for item in items if item.get("quantity")}))
    pks = _headline_targets(plan.pk, plan.source_sha256, plan.imported_at, quantities)
    by_quantity = {
        t.quantity_id: t
        for t in Target.objects.filter(pk__in=pks, withdrawn=False).select_related("task").order_by("pk")
    }
    found = []
    for item in items:
        target = by_quantity.get(item.get("quantity") or "")
        found.append(Headline(item.get("metric") or "", item.get("unit") or "", item.get("value"), target))
    return found


@lru_cache(maxsize=256)
def _headline_targets(
    plan_id: int, sha256: str, imported_at: dt.datetime, quantities: tuple[str, ...]
) -> tuple[int, ...]:
    """The pks of the plan's targets read from ``quantities``: fixed by its import (a revised
    one changes the digest), so found once per process; a join of the plan's tasks and targets
    walks every task of a large plan on every overview."""
    return tuple(
        Target.objects.filter(task__plan_id=plan_id, withdrawn=False, quantity_id__in=quantities)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def qualitative_text(headline: Headline) -> str:
    """How a headline indicator without a stored target is shown in the target column."""
    return "定性目标" if headline.value is None else f"{headline.value:g}{headline.unit}"
