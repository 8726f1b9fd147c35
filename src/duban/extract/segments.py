"""Sentences and clauses of the repaired text: a string in, ``(start, end)`` ranges out.

The marks of a text are indexed once (and kept for the text last asked about), so that finding
the sentence or clause around a position costs a binary search, not a scan: a run of thousands of
numbers with no punctuation (1%1%1%…) must not make the extraction quadratic.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

import regex

SENTENCE_END = "。！？!?"
CLAUSE_END = "，,；;。！？!?：:\n"
_SENTENCE = regex.compile(r"[^。！？!?\n]+[。！？!?]*")


@dataclass(frozen=True)
class _Marks:
    sentence: list[int]  # positions of 。！？!? and newlines
    clause: list[int]  # positions of every clause mark
    newline: list[int]


_CLAUSE_MARK = regex.compile("[" + regex.escape(CLAUSE_END) + "]")
_SENTENCE_MARK = regex.compile("[" + regex.escape(SENTENCE_END) + "\n]")


@lru_cache(maxsize=4)
def _marks(text: str) -> _Marks:
    # A str caches its hash, so looking a long text up again costs nothing.
    return _Marks(
        sentence=[m.start() for m in _SENTENCE_MARK.finditer(text)],
        clause=[m.start() for m in _CLAUSE_MARK.finditer(text)],
        newline=[m.start() for m in regex.finditer("\n", text)],
    )


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence ranges in text[start:end], each ending after its 。！？ (or at a line end)."""
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text, start, end)]


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the clause holding ``pos`` begins: after the last clause mark before it, not before
    ``floor``."""
    marks = _marks(text).clause
    i = bisect.bisect_left(marks, pos) - 1
    start = marks[i] + 1 if i >= 0 else 0
    return max(start, floor)


def clause_end(text: str, pos: int) -> int:
    """The first clause mark at or after ``pos`` (or the text's end)."""
    marks = _marks(text).clause
    i = bisect.bisect_left(marks, pos)
    return marks[i] if i < len(marks) else len(text)


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` begins: after the last 。！？ or line end before it."""
    marks = _marks(text).sentence
    i = bisect.bisect_left(marks, pos) - 1
    return marks[i] + 1 if i >= 0 else 0


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence holding ``pos``: its start, and its end after the 。！？ (a line end stays out)."""
    marks = _marks(text).sentence
    n = len(text)
    i = bisect.bisect_left(marks, pos)
    start = marks[i - 1] + 1 if i > 0 else 0
    if i >= len(marks):
        return start, n
    b = marks[i]
    return start, b if text[b] == "\n" else min(n, b + 1)


def line_end(text: str, pos: int) -> int:
    """The newline at or after ``pos`` (or the text's end)."""
    marks = _marks(text).newline
    i = bisect.bisect_left(marks, pos)
    return marks[i] if i < len(marks) else len(text)
