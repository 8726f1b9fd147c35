"""Numerals: the digits of a token in, an exact ``Decimal`` out.

Arabic numbers are read directly; Chinese numerals (十七, 两千, 五千万) by cn2an.
A bare multiplier (万, 千万, 亿) reads as one of it, as in 近千万 or 万余人次.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

# No numeral a report writes is longer (九千九百九十九亿 has 8 characters); a longer run of numeral
# characters is no number, and reading it would only cost time.
MAX_CJK_CHARS = 16
# A longer run of digits is no measurement (a growth of 300 nines, 1 followed by 5,000 zeros):
# it is no quantity, so the output never holds a number a JSON reader refuses.
MAX_DIGITS = 30
LARGEST = Decimal("1e300")  # and no value, however reached, is ever this large


@lru_cache(maxsize=4096)
def parse_cjk(token: str, multipliers: frozenset[str]) -> Decimal | None:
    """十七 -> 17, 两 -> 2, 千万 -> 10000000; None when the token is not a numeral."""
    if len(token) > MAX_CJK_CHARS:
        return None
    text = f"一{token}" if token[0] in multipliers or token[0] == "百" else token
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(value))


def parse_arabic(token: str) -> Decimal | None:
    if len(token) > MAX_DIGITS + 1:  # the decimal point
        return None
    try:
        return Decimal(token)
    except InvalidOperation:
        return None


def as_number(value: Decimal | None) -> int | float | None:
    """The JSON form: a whole number as int, else float; None for a value too large to hold."""
    if value is None or not value.is_finite() or abs(value) >= LARGEST:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)
