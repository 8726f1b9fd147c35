"""Runs of known words at the end of a phrase: words in, a stripper out, linear in the phrase.

``(?:增长|下降|…)+$`` looks simple, but a regex engine tries it from every position of the phrase
and backtracks through the run each time, so a phrase of thousands of such characters (是是是…)
costs quadratic time. Matching the reversed words at the start of the reversed phrase finds the
same run in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex


class EndStripper:
    """Removes, from the end of a phrase, the longest run made of the given words."""

    def __init__(self, words: Iterable[str]) -> None:
        reversed_words = sorted({w[::-1] for w in words if w}, key=len, reverse=True)
        self._run = regex.compile("(?:" + "|".join(regex.escape(w) for w in reversed_words) + ")+")

    def strip(self, phrase: str) -> str:
        m = self._run.match(phrase[::-1])
        return phrase[: len(phrase) - m.end()] if m else phrase
