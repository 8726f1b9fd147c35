"""Sentences and clauses of the repaired text: a string in, ``(start, end)`` ranges out."""

from __future__ import annotations

import regex

SENTENCE_END = "。！？!?"
CLAUSE_END = "，,；;。！？!?：:\n"
_SENTENCE = regex.compile(r"[^。！？!?\n]+[。！？!?]*")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence ranges in text[start:end], each ending after its 。！？ (or at a line end)."""
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text, start, end)]


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the clause holding ``pos`` begins: after the last clause mark before it."""
    i = pos - 1
    while i >= floor and text[i] not in CLAUSE_END:
        i -= 1
    return i + 1


def clause_end(text: str, pos: int) -> int:
    n = len(text)
    i = pos
    while i < n and text[i] not in CLAUSE_END:
        i += 1
    return i


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    a = pos - 1
    while a >= 0 and text[a] not in SENTENCE_END + "\n":
        a -= 1
    b = pos
    n = len(text)
    while b < n and text[b] not in SENTENCE_END + "\n":
        b += 1
    return a + 1, min(n, b + 1) if b < n and text[b] != "\n" else b
