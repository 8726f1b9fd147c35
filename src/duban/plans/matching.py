"""Old and new task texts in, which new task continues which old one out.

A revised report rewords, moves and drops tasks; a task keeps its stable id when its text is
close enough to an old one, preferring candidates in a section of the same title.

Scoring every unmatched new text against every unmatched old one with ``difflib`` costs minutes
when a revision rewrites thousands of tasks, so the pairs are first screened in C (rapidfuzz's
normalised Indel similarity, 2·LCS/(a+b)): difflib's ratio counts matching blocks, a common
subsequence, so it never exceeds that figure, and a pair the screen drops could not have passed
the threshold. The pairs left are scored by difflib, closest first, only while both texts are
still free: the result is the same as scoring every pair.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy
from rapidfuzz import fuzz, process

# Reworded sentences of a revised report stay above this; different tasks on one topic fall below.
SAME_SECTION_THRESHOLD = 0.6
OTHER_SECTION_THRESHOLD = 0.75
_SCREEN_ROWS = 256  # new texts screened at once: a block of scores stays a few megabytes


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
    fresh = [j for j in range(len(new)) if j not in pairs]
    free = [i for i in range(len(old)) if i not in taken]
    # Closest pairs first, (score, new, old) ascending on ties: a heap of the screened pairs by
    # their screen score (an upper bound), each scored by difflib only when it comes to the top
    # while both of its texts are still free. A scored pair goes back in at its score and is
    # taken when it comes to the top again: every pair above it is taken or scored below it.
    heap = [(-bound, 0, j, i) for j, i, bound in _screened(old, new, fresh, free)]
    heapq.heapify(heap)
    while heap:
        _, scored, j, i = heapq.heappop(heap)
        if j in pairs or i in taken:
            continue
        if scored:
            pairs[j] = i
            taken.add(i)
            continue
        score = _score(old[i], new[j])
        if score:
            heapq.heappush(heap, (-score, 1, j, i))
    return pairs


def _screened(
    old: Sequence[Candidate], new: Sequence[Candidate], fresh: list[int], free: list[int]
) -> Iterator[tuple[int, int, float]]:
    """The (new, old) index pairs whose texts may reach the lower threshold, each with a bound
    its difflib ratio cannot exceed (raised a hair above the Indel ratio: a tie with the ratio
    must not lose to it in floating point)."""
    if not fresh or not free:
        return
    olds = [old[i].text for i in free]
    cutoff = SAME_SECTION_THRESHOLD * 100 - 1e-6  # scores are percentages
    for start in range(0, len(fresh), _SCREEN_ROWS):
        rows = fresh[start : start + _SCREEN_ROWS]
        scores = process.cdist(
            [new[j].text for j in rows], olds, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1
        )
        for row, column in zip(*numpy.nonzero(scores), strict=True):
            yield rows[row], free[column], float(scores[row, column]) / 100 + 1e-9


def _score(old: Candidate, new: Candidate) -> float:
    score = similarity(old.text, new.text)
    threshold = SAME_SECTION_THRESHOLD if old.section == new.section else OTHER_SECTION_THRESHOLD
    return score if score >= threshold else 0.0
