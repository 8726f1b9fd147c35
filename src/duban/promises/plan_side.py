"""The plan's promises: a plan report's extraction in, one ``Promise`` per target to check out.

Two kinds (``spec/promises.md``): every headline indicator target of the plan year, qualitative ones
included (``scope: indicator``), and every numeric target of a plan task (``scope: commitment``).
A range (增长4.5%—5%) is one promise with a lower and an upper bound. Figures of a span of years
(十四五, ``period`` set) are no promise of the plan year.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from duban.extract import lexicon
from duban.promises.data import load
from duban.promises.measures import Measure, measure_of
from duban.promises.verdicts import is_upper_limit

INDICATOR = "indicator"
COMMITMENT = "commitment"


@dataclass(frozen=True)
class Promise:
    metric: str
    scope: str
    target: dict  # value, unit, comparator, growth, text, raw_span (+ upper for a range)
    measure: Measure
    upper_limit: bool
    quantity: str | None  # the extraction's quantity id; None for a qualitative target
    task: str | None  # the extraction's task id
    section: str | None

    @property
    def qualitative(self) -> bool:
        return self.target.get("value") is None


def promises_of(extraction: dict) -> list[Promise]:
    """Indicators first, then commitments, each in the report's order."""
    year = (extraction.get("document") or {}).get("plan_year")
    quantities = {q["id"]: q for q in extraction.get("quantities") or []}
    tasks = extraction.get("tasks") or []
    task_of = {qid: t for t in tasks for qid in t.get("quantities") or []}
    headline = _indicator_promises(extraction, year, quantities, task_of, tasks)
    taken = {p.quantity for p in headline} | _range_partners(extraction, year)
    counted = [
        _commitment(quantities[qid], t)
        for t in tasks
        if not t.get("indicator")
        for qid in t.get("quantities") or []
        if qid in quantities and qid not in taken and _is_commitment(quantities[qid], year)
    ]
    return headline + counted


def _indicator_promises(
    extraction: dict, year, quantities: dict, task_of: dict, tasks: list
) -> list[Promise]:
    records = [
        r
        for r in extraction.get("indicators") or []
        if r.get("kind") == "target" and r.get("year") == year and r.get("part", "plan") == "plan"
    ]
    out: list[Promise] = []
    skip: set[int] = set()
    for i, record in enumerate(records):
        if i in skip:
            continue
        upper = _range_upper(records, i)
        if upper is not None:
            skip.add(i + 1)
        quantity = quantities.get(record.get("quantity") or "")
        task = task_of.get(record.get("quantity")) or _task_at(tasks, record.get("raw_span"))
        out.append(_indicator(record, quantity, task, upper))
    return out


def _range_upper(records: list[dict], i: int) -> dict | None:
    """The ``le`` record right after a ``ge`` one of the same indicator: 4.5%—5% is one target."""
    if i + 1 >= len(records):
        return None
    low, high = records[i], records[i + 1]
    same = low.get("metric") == high.get("metric") and low.get("unit") == high.get("unit")
    if same and low.get("comparator") == "ge" and high.get("comparator") == "le":
        return high
    return None


def _range_partners(extraction: dict, year) -> set[str]:
    records = [
        r for r in extraction.get("indicators") or [] if r.get("kind") == "target" and r.get("year") == year
    ]
    return {
        records[i + 1]["quantity"]
        for i in range(len(records))
        if _range_upper(records, i) and records[i + 1].get("quantity")
    }


def _indicator(record: dict, quantity: dict | None, task: dict | None, upper: dict | None) -> Promise:
    target = _target(record)
    if upper is not None:
        target["upper"] = upper.get("value")
        target["text"] = f"{record.get('text', '')}—{upper.get('text', '')}"
        target["raw_span"] = [record["raw_span"][0], upper["raw_span"][1]]
    metric = record.get("metric") or ""
    measure = measure_of(
        {**(quantity or {}), **target, "metric": (quantity or {}).get("metric") or metric}, metric
    )
    indicator = _dictionary().get(metric)
    lower = indicator.lower_is_better if indicator else None
    return Promise(
        metric=metric,
        scope=INDICATOR,
        target=target,
        measure=measure,
        upper_limit=target["value"] is not None
        and is_upper_limit({**target, "metric": metric}, lower_is_better=lower),
        quantity=record.get("quantity"),
        task=task["id"] if task else None,
        section=task.get("section") if task else None,
    )


def _commitment(quantity: dict, task: dict) -> Promise:
    measure = measure_of(quantity)
    target = _target(quantity)
    return Promise(
        metric=measure.canonical or quantity.get("metric") or "",
        scope=COMMITMENT,
        target=target,
        measure=measure,
        upper_limit=is_upper_limit({**target, "metric": quantity.get("metric")}),
        quantity=quantity["id"],
        task=task["id"],
        section=task.get("section"),
    )


def _is_commitment(q: dict, year) -> bool:
    if q.get("kind") != "target" or q.get("value") is None or q.get("period"):
        return False
    if q.get("year") not in (year, None):
        return False
    return (q.get("metric") or "") not in _not_targets()


def _target(record: dict) -> dict:
    return {
        "value": record.get("value"),
        "unit": record.get("unit"),
        "comparator": record.get("comparator"),
        "growth": bool(record.get("growth")),
        "text": record.get("text") or "",
        "raw_span": list(record.get("raw_span") or []),
    }


def _task_at(tasks: list[dict], span) -> dict | None:
    if not span:
        return None
    return next((t for t in tasks if t["raw_span"][0] <= span[0] and span[1] <= t["raw_span"][1]), None)


@cache
def _dictionary() -> dict[str, lexicon.Indicator]:
    return {i.name: i for i in lexicon.load().indicators}


@cache
def _not_targets() -> frozenset[str]:
    return frozenset(load("promise_rules")["not_targets"]["after"])
