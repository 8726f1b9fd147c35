"""A revised report's tasks paired with the stored ones (``plans.matching``): the screened match
gives exactly the pairs of scoring every unmatched pair with difflib, and pairs reworded tasks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from duban.plans.matching import Candidate, _score, match

WORDS = ["推进", "老旧小区", "改造", "高标准农田", "建设", "新增", "养老床位", "完成", "第2批", "全面"]
SECTIONS = ["（一）产业", "（二）项目"]


def every_pair(old: list[Candidate], new: list[Candidate]) -> dict[int, int]:
    """The match as it was first written: identical texts, then every other pair scored."""
    pairs: dict[int, int] = {}
    by_text: dict[str, list[int]] = {}
    for i, cand in enumerate(old):
        by_text.setdefault(cand.text, []).append(i)
    for j, cand in enumerate(new):
        if by_text.get(cand.text):
            pairs[j] = by_text[cand.text].pop(0)
    taken = set(pairs.values())
    scored = sorted(
        (
            (score, j, i)
            for j, n in enumerate(new)
            if j not in pairs
            for i, o in enumerate(old)
            if i not in taken
            for score in [_score(o, n)]
            if score
        ),
        key=lambda s: (-s[0], s[1], s[2]),
    )
    for _, j, i in scored:
        if j not in pairs and i not in taken:
            pairs[j] = i
            taken.add(i)
    return pairs


candidates = st.lists(
    st.builds(
        Candidate,
        st.sampled_from(SECTIONS),
        st.lists(st.sampled_from(WORDS), min_size=0, max_size=7).map("".join),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(candidates, candidates)
def test_the_screened_match_is_the_match_of_every_pair(old, new):
    assert match(old, new) == every_pair(old, new)


REWORDED = [
    # (stored task, the revised report's wording, paired?)
    ("改造老旧小区32个，惠及居民3000户", "改造老旧小区35个，惠及居民3200户", True),
    ("新建高标准农田5万亩", "新建高标准农田6万亩", True),
    ("新增养老床位200张", "全面推进乡村振兴", False),
]


def test_a_reworded_task_keeps_its_pairing_and_another_task_does_not():
    for stored, revised, paired in REWORDED:
        found = match([Candidate("（一）产业", stored)], [Candidate("（一）产业", revised)])
        assert (found == {0: 0}) is paired, f"{stored} → {revised}"
