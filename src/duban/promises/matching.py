"""Pairing: a promise and the next report's achieved figures in; the one figure that states it, or
none, with the figures that merely look alike kept as evidence, out.

A figure pairs with a target only when it measures the same thing the same way
(``measures.same_measure``): never by number. Of several that do, the year's own headline figure
(the review's summary) comes first, then one that names the thing exactly as the target does, then
the first in the report (a province's figure comes before a district's ``其中``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from duban.promises.measures import Measure, same_measure
from duban.promises.review_side import Achieved


@dataclass(frozen=True)
class Pairing:
    actual: Achieved | None
    near: list[Achieved] = field(default_factory=list)  # same thing, another unit, kind or stock


def pair(measure: Measure, achieved: list[Achieved]) -> Pairing:
    same = [a for a in achieved if same_measure(measure, a.measure)]
    if same:
        best = min(same, key=lambda a: (not a.headline, not _exact(measure, a.measure), a.order))
        return Pairing(best)
    return Pairing(None, [a for a in achieved if _looks_alike(measure, a.measure)][:3])


def _exact(target: Measure, actual: Measure) -> bool:
    if target.canonical:
        return target.canonical == actual.canonical
    return target.core == actual.core


def _looks_alike(target: Measure, actual: Measure) -> bool:
    """The same indicator or thing in other terms: cited as evidence, never paired."""
    if target.canonical:
        return target.canonical == actual.canonical and target.unit == actual.unit
    if not (target.comparable and actual.comparable):
        return False
    short, long = sorted((target.core, actual.core), key=len)
    return len(short) >= 3 and _shared_run(short, long) >= max(3, len(short) * 2 // 3)


def _shared_run(a: str, b: str) -> int:
    """The longest run of characters the two names share (科技型中小企业 in both)."""
    if not _pairs(a) & _pairs(b):
        return 1 if set(a) & set(b) else 0
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


@lru_cache(maxsize=4096)
def _pairs(name: str) -> frozenset[str]:
    return frozenset(name[i : i + 2] for i in range(len(name) - 1))
