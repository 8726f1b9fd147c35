"""Roll-up sums: task statuses in (anything with weight, completion, time_progress, light and
status); the exact sums a roll-up is made of out, which add and subtract without error, so a
write can take one task's old status out of its section's and unit's sums and put the new one in
(``tracking.stored``), and the figures equal ``figures.roll_up`` over the same tasks, bit for bit.

Every finite float is an integer multiple of 2⁻¹⁰⁷⁴, so a sum of floats is kept as that integer:
exact whatever the order. Turned back into a float it is the correctly rounded sum, which is what
``math.fsum`` gives ``figures.roll_up``; the means are then the same divisions of the same floats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from duban.tracking import figures

_SCALE = 1 << 1074  # the smallest subnormal's inverse


class Assessed(Protocol):
    weight: float
    completion: float | None
    time_progress: float
    light: str
    status: str


def exact(value: float) -> int:
    numerator, denominator = value.as_integer_ratio()  # the denominator is a power of two
    return numerator * (_SCALE // denominator)


def rounded(total: int) -> float:
    return total / _SCALE  # int division is correctly rounded, as math.fsum is


_TOTALS = ("weight_all", "progress_all", "weight_measured", "completion_measured", "progress_measured")


@dataclass
class Sums:
    """A group of tasks' counts and exact weighted sums; ``measured`` are the weighed tasks
    (weight > 0) with a completion, the ones both means describe (``figures.roll_up``)."""

    tasks: int = 0
    lights: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    weighed: int = 0
    measured: int = 0
    weight_all: int = 0  # Σ weight over the weighed
    progress_all: int = 0  # Σ weight × time progress over the weighed
    weight_measured: int = 0
    completion_measured: int = 0
    progress_measured: int = 0

    def add(self, item: Assessed, sign: int = 1) -> None:
        """Count ``item`` in (``sign`` 1) or take it out (-1)."""
        figures.check_item(item.weight, item.completion, item.time_progress)
        self.tasks += sign
        self.lights[item.light] += sign
        self.statuses[item.status] += sign
        weight = item.weight
        if weight <= 0:
            return
        progress = exact(weight * item.time_progress)
        self.weighed += sign
        self.weight_all += sign * exact(weight)
        self.progress_all += sign * progress
        if item.completion is not None:
            self.measured += sign
            self.weight_measured += sign * exact(weight)
            self.completion_measured += sign * exact(weight * item.completion)
            self.progress_measured += sign * progress

    def merge(self, other: Sums) -> None:
        self.tasks += other.tasks
        self.lights.update(other.lights)
        self.statuses.update(other.statuses)
        self.weighed += other.weighed
        self.measured += other.measured
        for name in _TOTALS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> tuple[float | None, float | None]:
        """(completion, time progress), as ``figures.roll_up`` gives them for these tasks."""
        if self.measured:
            weight = rounded(self.weight_measured)
            return rounded(self.completion_measured) / weight, rounded(self.progress_measured) / weight
        if self.weighed:
            return None, rounded(self.progress_all) / rounded(self.weight_all)
        return None, None

    def lights_shown(self) -> Counter:
        """The counts without the zeros a subtraction leaves, as ``Counter`` over the tasks has."""
        return Counter({k: n for k, n in self.lights.items() if n})

    def statuses_shown(self) -> Counter:
        return Counter({k: n for k, n in self.statuses.items() if n})

    def as_row(self) -> dict:
        """Plain values for a stored row: the exact sums as decimal text (they exceed 64 bits)."""
        return {
            "tasks": self.tasks,
            "lights": dict(self.lights_shown()),
            "statuses": dict(self.statuses_shown()),
            "weighed": self.weighed,
            "measured": self.measured,
            "totals": [str(getattr(self, name)) for name in _TOTALS],
        }

    @classmethod
    def from_row(
        cls, tasks: int, lights: dict, statuses: dict, weighed: int, measured: int, totals: list
    ) -> Sums:
        found = cls(tasks, Counter(lights), Counter(statuses), weighed, measured)
        for name, text in zip(_TOTALS, totals, strict=True):
            setattr(found, name, int(text))
        return found


def grouped(items: Iterable[Assessed], key: Callable[[Assessed], object]) -> dict:
    """Key → the sums of the items with that key, keys in the order first met."""
    found: dict = {}
    for item in items:
        found.setdefault(key(item), Sums()).add(item)
    return found


def total(groups: Iterable[Sums]) -> Sums:
    found = Sums()
    for sums in groups:
        found.merge(sums)
    return found
