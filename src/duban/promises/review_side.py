"""What the next report says was achieved: its extraction in, the review's ``Achieved`` figures out.

Only figures of the review part that are actual, of the reviewed year itself (not a 十四五 total or a
五年来 figure: ``period`` set) and with a value. The headline figures of the review's summary (the
extraction's ``indicators``) are marked: when a metric is stated several times (the province's
figure and a district's, the summary and a work section) the headline one is the year's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from duban.promises.measures import Measure, measure_of
from duban.promises.pair import reviewed_year


@dataclass(frozen=True)
class Achieved:
    quantity: dict
    measure: Measure
    headline: bool
    order: int


def review_parts(extraction: dict) -> dict[str, str]:
    """Section id -> part, for every section of the outline."""
    parts: dict[str, str] = {}
    stack = list(extraction.get("outline") or [])
    while stack:
        node = stack.pop()
        parts[node["id"]] = node.get("part") or "other"
        stack.extend(node.get("children") or [])
    return parts


def achieved_of(extraction: dict) -> list[Achieved]:
    year = reviewed_year(extraction.get("document") or {})
    parts = review_parts(extraction)
    headline = {
        r["quantity"]: r["metric"]
        for r in extraction.get("indicators") or []
        if r.get("kind") == "actual" and r.get("year") == year and r.get("quantity")
    }
    out = []
    for n, q in enumerate(extraction.get("quantities") or []):
        if parts.get(q.get("section") or "") != "review" or q.get("kind") != "actual":
            continue
        if q.get("period") or q.get("year") != year or q.get("value") is None:
            continue
        out.append(Achieved(q, measure_of(q, headline.get(q["id"])), q["id"] in headline, n))
    return out
