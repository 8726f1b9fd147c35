"""Old and new task texts in, which new task continues which old one out.

A revised report rewords, moves and drops tasks; a task keeps its stable id when its text is
close enough to an old one, preferring candidates in a section of the same title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# Reworded sentences of a revised report stay above this; different tasks on one topic fall below.
SAME_SECTION_THRESHOLD = 0.6
OTHER_SECTION_THRESHOLD = 0.75


@dataclass(frozen=True)
class Candidate:
    section: str
    text: str


def similarity(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SAME_SECTION_THRESHOLD or matcher.quick_ratio() < SAME_SECTION_THRESHOLD:
        return 0.0
    return matcher.ratio()


def match(old: Sequence[Candidate], new: Sequence[Candidate]) -> dict[int, int]:
    """New index → old index, one to one, identical texts first, then the closest pairs."""
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


def _score(old: Candidate, new: Candidate) -> float:
    score = similarity(old.text, new.text)
    threshold = SAME_SECTION_THRESHOLD if old.section == new.section else OTHER_SECTION_THRESHOLD
    return score if score >= threshold else 0.0
