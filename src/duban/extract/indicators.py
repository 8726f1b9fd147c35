"""Headline indicators: quantities and text in, one record per 主要经济指标 / 主要预期目标 out.

A quantity is an indicator when its metric is one of the dictionary's names
(``data/indicators.toml``); its canonical name replaces the report's wording. The
first of each (indicator, kind, year, growth) counts; achieved figures come from
the review, targets from the plan. A clause of the main-targets sentence that names
an indicator with no number (城乡居民收入与经济同步增长) gives a record with no value.
"""

from __future__ import annotations

from collections.abc import Callable

from duban import lexicon
from duban.extract.numbers import as_number
from duban.extract.quantities import Quantity
from duban.extract.segments import sentences

_CLAUSE_MARKS = "，,；;。"


def find_indicators(
    text: str, qs: list[Quantity], ids: list[str], part_at: Callable[[int], str], raw_span, plan_year
) -> list[dict]:
    aliases = lexicon.load().alias_to_indicator()
    seen: set[tuple] = set()
    out: list[dict] = []
    plan_hits: list[int] = []
    for q, qid in zip(qs, ids, strict=True):
        indicator = aliases.get(q.metric)
        part = part_at(q.start)
        # A streak or a rank (增速连续4个月居首位) is about the indicator, not its value.
        if indicator is None or q.form != "number" or part == "other":
            continue
        if part == "review" and q.kind != "actual":
            continue
        key = (indicator.name, q.kind, q.year, q.growth)
        if key in seen:
            continue
        seen.add(key)
        if part == "plan":
            plan_hits.append(q.start)
        out.append(_record(indicator.name, q, qid, raw_span, text))
    out.extend(_qualitative(text, qs, plan_hits, aliases, seen, raw_span, plan_year))
    return out


def _record(name: str, q: Quantity, qid: str, raw_span, text: str) -> dict:
    return {
        "metric": name,
        "kind": q.kind,
        "year": q.year,
        "value": as_number(q.value),
        "unit": q.unit,
        "growth": q.growth,
        "comparator": q.comparator,
        "quantity": qid,
        "raw_span": list(raw_span(q.start, q.end)),
        "text": text[q.start : q.end],
    }


def _qualitative(text, qs, plan_hits, aliases, seen, raw_span, plan_year) -> list[dict]:
    """Number-less clauses of the sentence holding the most plan-part indicators."""
    if not plan_hits:
        return []
    best = max(sentences(text), key=lambda s: sum(s[0] <= p < s[1] for p in plan_hits))
    taken = [(q.start, q.end) for q in qs if best[0] <= q.start < best[1]]
    out = []
    start = best[0]
    for i in range(best[0], best[1] + 1):
        if i < best[1] and text[i] not in _CLAUSE_MARKS:
            continue
        clause = (start, i)
        start = i + 1
        if any(clause[0] <= a < clause[1] for a, _ in taken):
            continue
        body = text[clause[0] : clause[1]]
        body = body.split("：")[-1]
        alias = next((a for a in sorted(aliases, key=len, reverse=True) if body.startswith(a)), None)
        if alias is None:
            continue
        name = aliases[alias].name
        growth = any(w in body for w in lexicon.load().qualitative_growth)
        key = (name, "target", plan_year, growth)
        if key in seen:
            continue
        seen.add(key)
        offset = clause[1] - len(body)
        out.append(
            {
                "metric": name,
                "kind": "target",
                "year": plan_year,
                "value": None,
                "unit": None,
                "growth": growth,
                "comparator": None,
                "quantity": None,
                "raw_span": list(raw_span(offset, clause[1])),
                "text": body,
            }
        )
    return out
