"""Roll-up sums (``tracking.sums``) give ``figures.roll_up``'s figures bit for bit, whatever the
order the tasks are added in and after any of them are taken out again: what lets a write shift
one task between the stored groups instead of re-adding a section."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.tracking import figures
from duban.tracking.sums import Sums, exact, rounded, total


@dataclass
class Item:
    weight: float
    completion: float | None
    time_progress: float
    light: str = "green"
    status: str = "正常推进"


_fraction = st.floats(min_value=0, max_value=3, allow_nan=False, allow_infinity=False)
_item = st.builds(
    Item,
    weight=st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0]) | st.floats(min_value=0, max_value=10),
    completion=st.none() | _fraction,
    time_progress=_fraction,
    light=st.sampled_from(["green", "yellow", "red"]),
    status=st.sampled_from(["正常推进", "进度滞后", "已完成"]),
)


def _reference(items: list[Item]) -> tuple:
    return figures.roll_up([(i.weight, i.completion, i.time_progress) for i in items])


def _summed(items) -> Sums:
    found = Sums()
    for item in items:
        found.add(item)
    return found


@given(st.lists(_item, max_size=40), st.randoms(use_true_random=False))
def test_sums_give_roll_up_in_any_order(items, rng):
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert _summed(shuffled).figures() == _reference(items)
    assert _summed(shuffled).lights_shown() == Counter(i.light for i in items)


@given(st.lists(_item, max_size=30), st.lists(_item, max_size=10), st.integers(1, 4))
def test_taking_tasks_out_leaves_the_sums_of_the_rest(kept, gone, parts):
    found = _summed(kept + gone)
    for item in gone:
        found.add(item, -1)
    assert found.figures() == _reference(kept) and found.tasks == len(kept)
    assert found.as_row() == _summed(kept).as_row()
    # Groups added up equal the whole: the plan's roll-up from its sections' sums.
    split = [_summed(kept[n::parts]) for n in range(parts)]
    assert total(split).figures() == _reference(kept)


@pytest.mark.parametrize(
    "value", [0.0, 1.0, 0.1, 1 / 3, 5e-324, 1.7976931348623157e308, 123456.789, 2.0**-60]
)
def test_a_float_is_kept_exactly(value):
    assert rounded(exact(value)) == value


def test_rounded_sums_are_fsum():
    values = [0.1] * 10 + [1e-16, 3.3, 2.2]
    assert rounded(sum(exact(v) for v in values)) == math.fsum(values)


def test_a_bad_item_is_refused_as_roll_up_refuses_it():
    with pytest.raises(ValueError, match="weight"):
        Sums().add(Item(weight=-1.0, completion=0.5, time_progress=0.5))
    with pytest.raises(ValueError, match="completion"):
        Sums().add(Item(weight=1.0, completion=math.inf, time_progress=0.5))


def test_a_stored_row_reads_back_as_the_same_sums():
    found = _summed([Item(1.0, 0.25, 0.5), Item(2.0, None, 0.5, "red"), Item(0.0, 1.0, 0.5)])
    assert Sums.from_row(**found.as_row()).as_row() == found.as_row()
