"""An extraction in, the plan's task and target drafts out: what the report asks for, before storage.

A plan-part quantity of kind ``target`` becomes a target of the task that holds it; other
quantities in a plan sentence (last year's figures quoted for context) stay in the report.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import regex


@dataclass(frozen=True)
class TargetDraft:
    metric: str
    value: float | None
    unit: str
    comparator: str
    growth: bool
    lower_is_better: bool
    text: str
    quantity_id: str
    raw_span: tuple[int, int]


@dataclass(frozen=True)
class SectionDraft:
    key: str
    number: str
    title: str
    part: str
    parent_key: str | None
    order: int


@dataclass(frozen=True)
class TaskDraft:
    source_task: str
    section_key: str | None
    text: str
    lead_phrase: str
    cue: str
    raw_span: tuple[int, int]
    order: int = 0  # reading order in the report, spaced by 10 so the office can insert rows
    targets: tuple[TargetDraft, ...] = field(default=())


@cache
def _lower_is_better() -> regex.Pattern:
    data = tomllib.loads((resources.files("duban") / "data" / "target_direction.toml").read_text("utf-8"))
    words = sorted(data["lower_is_better"], key=len, reverse=True)
    return regex.compile("|".join(regex.escape(w) for w in words))


def lower_is_better(metric: str, value: float | None, comparator: str) -> bool:
    """A ceiling (失业率…以内), a planned decrease (能耗下降) or a metric people want lower."""
    if comparator in {"le", "lt"} or (value is not None and value < 0):
        return True
    return bool(_lower_is_better().search(metric or ""))


def sections(result: dict) -> list[SectionDraft]:
    return list(_walk(result.get("outline") or [], None, iter(range(1_000_000))))


def _walk(nodes: list[dict], parent: str | None, counter: Iterator[int]) -> Iterator[SectionDraft]:
    for node in nodes:
        yield SectionDraft(
            key=node["id"],
            number=node.get("number") or "",
            title=node.get("title") or "",
            part=node.get("part") or "other",
            parent_key=parent,
            order=next(counter),
        )
        yield from _walk(node.get("children") or [], node["id"], counter)


def tasks(result: dict) -> list[TaskDraft]:
    quantities = {q["id"]: q for q in result.get("quantities") or []}
    return [_task(t, quantities, 10 * n) for n, t in enumerate(result.get("tasks") or [], start=1)]


def _task(task: dict, quantities: dict[str, dict], order: int) -> TaskDraft:
    held = (quantities[q] for q in task.get("quantities") or [] if q in quantities)
    return TaskDraft(
        source_task=task["id"],
        section_key=task.get("section"),
        text=task["text"],
        lead_phrase=task.get("heading") or "",
        cue=task.get("cue") or "",
        raw_span=tuple(task["raw_span"]),
        order=order,
        targets=tuple(_target(q) for q in held if q.get("kind") == "target"),
    )


def _target(q: dict) -> TargetDraft:
    metric = q.get("metric") or ""
    return TargetDraft(
        metric=metric,
        value=q.get("value"),
        unit=q.get("unit") or "",
        comparator=q.get("comparator") or "eq",
        growth=bool(q.get("growth")),
        lower_is_better=lower_is_better(metric, q.get("value"), q.get("comparator") or "eq"),
        text=q.get("text") or "",
        quantity_id=q["id"],
        raw_span=tuple(q["raw_span"]),
    )
