"""A figure as a unit writes it (in a workbook cell or the report form) and its target in; the
figure in the target's base unit out.

'85' next to the target '130亿元以上' means 85亿元, '120' next to '12万亩' means 120亩 only if
written '120亩' — a bare number is read in the scale the target is written in; a number with its
own unit word ('1.2万', '5.2%') is read as written.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache

from duban.extract.lexicon import load as load_lexicon
from duban.plans.models import Target
from duban.sheets.progress import parse_actual

_BARE_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


@cache
def _multipliers() -> frozenset[int]:
    return frozenset(load_lexicon().multipliers.values())


def target_scale(target: Target) -> float:
    """The multiplier the target is written in: 10⁸ for '130亿元以上', 10⁴ for '12万亩', else 1.

    Only a ratio that is a known multiplier counts, so an odd target text never scales a figure
    by surprise.
    """
    numbers = re.findall(r"\d+(?:\.\d+)?", unicodedata.normalize("NFKC", target.text).replace(",", ""))
    if target.value is None or len(numbers) != 1 or float(numbers[0]) == 0:
        return 1.0
    ratio = target.value / float(numbers[0])
    scale = next((m for m in _multipliers() if math.isclose(ratio, m, rel_tol=1e-9)), 1)
    return float(scale)


def scaled(value: float, written: str, target: Target) -> float:
    """``value`` read from ``written``, scaled to the target's unit when it was a bare number."""
    plain = unicodedata.normalize("NFKC", written).replace(",", "").strip()
    return value * target_scale(target) if _BARE_NUMBER.fullmatch(plain) else value


def read_written(written: str, target: Target) -> float | None:
    """The figure in base units; None when ``written`` holds no single readable number."""
    value = parse_actual(written)
    return None if value is None else scaled(value, written, target)


@cache
def _scale_words() -> dict[float, str]:
    """Multiplier → the shortest word for it (10⁴ → 万, 10⁸ → 亿)."""
    words: dict[float, str] = {}
    for word, value in sorted(load_lexicon().multipliers.items(), key=lambda item: len(item[0])):
        words.setdefault(float(value), word)
    return words


def figure_in_scale(value: float, target: Target) -> str:
    """A figure as the report writes its target: 59609 against '12万亩' → '5.96万亩'; a figure too
    small for the target's scale steps down to 万 or none (2466.38万元 against '130亿元')."""
    written = target_scale(target)
    steps = [written, *(m for m in (1e8, 1e4) if m < written), 1.0]
    scale = next(m for m in steps if abs(value) >= m or m == 1.0)
    number = f"{value / scale:.2f}".rstrip("0").rstrip(".")
    word = _scale_words().get(scale, "") if scale != 1 else ""
    return f"{number}{word}{target.unit}"
