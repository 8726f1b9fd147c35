"""Figures and their targets, both ways: a figure as a unit writes it (in a workbook cell or the
report form) and its target in, the figure in the target's base unit out (``read_written``); and
a figure in base units in, written as the report writes its target out (``format_figure``).

'85' next to the target '130亿元以上' means 85亿元, '120' next to '12万亩' means 120亩 only if
written '120亩' — a bare number is read in the scale the target is written in; a number with its
own unit word ('1.2万', '5.2%') is read as written. Going out, 29591100 against '3750万元' is
'2959.11万元': the one way pages, workbooks and documents show a figure, never '2.95911e+07元'.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from functools import cache

from duban.lexicon import load as load_lexicon
from duban.plans.models import Target
from duban.sheets.progress import parse_actual

_BARE_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


@cache
def _multipliers_by_magnitude() -> dict[int, tuple[int, ...]]:
    """The multipliers (十, 万, 亿…) by their power of ten, so a ratio is matched against those of
    its own magnitude only: a plan has tens of thousands of targets."""
    found: dict[int, list[int]] = {}
    for value in set(load_lexicon().multipliers.values()):
        found.setdefault(round(math.log10(value)), []).append(value)
    return {power: tuple(values) for power, values in found.items()}


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@cache
def _words_by_length() -> tuple[tuple[str, int], ...]:
    return tuple(sorted(load_lexicon().multipliers.items(), key=lambda item: -len(item[0])))


def target_scale(target: Target) -> float:
    """The multiplier the target is written in: 10⁸ for '130亿元以上', 10⁴ for '12万亩', else 1.

    Only a ratio that is a known multiplier counts, so an odd target text never scales a figure
    by surprise.
    """
    if target.value is None:
        return 1.0
    numbers = _NUMBER.findall(unicodedata.normalize("NFKC", target.text).replace(",", ""))
    if len(numbers) != 1 or float(numbers[0]) == 0:
        return 1.0
    ratio = target.value / float(numbers[0])
    if not ratio > 0 or not math.isfinite(ratio):
        return 1.0
    near = _multipliers_by_magnitude().get(round(math.log10(ratio)), ())
    scale = next((m for m in near if math.isclose(ratio, m, rel_tol=1e-9)), 1)
    return float(scale)


def scaled(value: float, written: str, target: Target) -> float:
    """``value`` read from ``written``, scaled to the target's unit when it was a bare number."""
    plain = unicodedata.normalize("NFKC", written).replace(",", "").strip()
    return value * target_scale(target) if _BARE_NUMBER.fullmatch(plain) else value


def read_written(written: str, target: Target) -> float | None:
    """The figure in base units; None when ``written`` holds no single readable number."""
    value = parse_actual(written)
    return None if value is None else scaled(value, written, target)


def scale_word(target: Target) -> tuple[float, str]:
    """The target's scale and the multiplier word it is written with: (10⁴, '万') for '3750万元'.

    The word is the one the target text puts after its number; a scale written otherwise gets the
    shortest word of that value (10⁸ is 亿, not 万万).
    """
    scale = target_scale(target)
    if scale == 1:
        return 1.0, ""
    text = unicodedata.normalize("NFKC", target.text)
    for match in re.finditer(r"\d(?:[\d.,]*\d)?", text):
        after = text[match.end() :].lstrip()
        word = next((w for w, v in _words_by_length() if after.startswith(w)), None)
        if word is not None and load_lexicon().multipliers[word] == scale:
            return scale, word
    return scale, _shortest_word(scale)


_STEPS = (1e8, 1e4)  # the scales a figure steps down to when too small for its target's: 亿, 万


def _shortest_word(scale: float) -> str:
    """The shortest multiplier word of ``scale`` (10⁸ is 亿, not 万万); none for 1."""
    return min((w for w, v in _words_by_length() if v == scale), key=len, default="") if scale != 1 else ""


def format_figure(value: float | None, target: Target, *, decimals: int | None = 2) -> str:
    """``value`` (in base units) written in the target's scale and unit: 2959.11万元, 5.2%, 180个;
    a figure too small for that scale steps down to 万, or to none, as reports write it (6980.66万元
    next to 突破1亿元, 35吨 next to 0.5万吨).

    ``decimals`` rounds for reading (pages, documents); None keeps every digit that matters, so
    the text reads back to the same value (workbooks). Never in e-notation; '—' for no figure.
    """
    if value is None or not math.isfinite(value):
        return "—"
    scale, word = scale_word(target)
    if abs(value) < scale:
        scale = next((m for m in _STEPS if m < scale and abs(value) >= m), 1.0)
        word = _shortest_word(scale)
    return f"{plain_number(value / scale, decimals)}{word}{target.unit}"


def plain_number(number: float, decimals: int | None = 2) -> str:
    """A number as people write it: 2959.11, 180, 0.0052 — trailing zeros dropped, no e-notation.

    ``decimals`` rounds to that many places (a figure below 0.1 keeps three significant digits,
    so it does not round to 0); None keeps 12 significant digits.
    """
    if decimals is None:
        shown = Decimal(f"{number:.12g}")
    elif number != 0 and abs(number) < 0.1:
        shown = Decimal(f"{number:.3g}")
    else:
        shown = round(Decimal(repr(number)), decimals)
    text = format(shown, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
