"""完成时限 as offices write it in, one due date out.

``parse_deadline("2024年6月底前", 2024)`` → ``(date(2024, 6, 30), "2024年6月底前")``. The words
(年底, 上半年, 三季度, 长期坚持, 月底, 上旬 …) come from ``data/deadlines.toml``; this module only
knows the grammar: an optional year, then a full date, a month with an optional part, a named
period, or a year with an optional part. When a text names several dates ("6月底前出台方案，年底前
全面完成") the latest one is the deadline; a text with no date but a year-long word (长期坚持,
按季度) is due at the end of the plan year; anything else raises ``ValueError`` in Chinese.
"""

from __future__ import annotations

import calendar
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import regex

from duban.extract.numbers import parse_cjk
from duban.lexicon import LexiconError
from duban.lexicon import load as load_lexicon

_WHERE = "data/deadlines.toml"
_ENDS = ("end", "before")


@dataclass(frozen=True)
class DeadlineWords:
    """The checked contents of ``data/deadlines.toml``."""

    empty_label: str
    year_long: tuple[str, ...]
    relative_years: dict[str, int]
    periods: dict[str, tuple[int, int]]  # word → (month, day)
    month_parts: dict[str, int | str]  # word → day, "end" or "before"
    year_parts: dict[str, str]  # word → "end" or "before"
    calendar: dict[str, list[str]]


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise LexiconError(f"{_WHERE}: [{key}] must be a non-empty table")
    return value


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"{_WHERE}: {key} must be a non-empty list of words")
    return value


def _month_day(word: str, value: Any) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in str(value).split("-"))
        date(2000, month, day)  # a leap year, so 02-29 would pass
    except ValueError:
        raise LexiconError(f'{_WHERE}: [periods] {word!r} must be "MM-DD", not {value!r}') from None
    return month, day


def _check_parts(table: dict[str, Any], key: str, days_allowed: bool) -> None:
    for word, value in table.items():
        is_day = days_allowed and isinstance(value, int) and 1 <= value <= 31
        if not is_day and value not in _ENDS:
            raise LexiconError(f"{_WHERE}: [{key}] {word!r} must be a day or one of {_ENDS}, not {value!r}")


@cache
def deadline_words() -> DeadlineWords:
    """Read and check ``data/deadlines.toml`` once per process."""
    path = resources.files("duban") / "data" / "deadlines.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise LexiconError(f"{_WHERE}: {err}") from err
    relative = _table(data, "relative_years")
    if not all(isinstance(v, int) for v in relative.values()):
        raise LexiconError(f"{_WHERE}: [relative_years] must map words to whole numbers of years")
    month_parts, year_parts = _table(data, "month_parts"), _table(data, "year_parts")
    _check_parts(month_parts, "month_parts", days_allowed=True)
    _check_parts(year_parts, "year_parts", days_allowed=False)
    cal = _table(data, "calendar")
    empty_label = data.get("empty_label")
    if not isinstance(empty_label, str) or not empty_label:
        raise LexiconError(f"{_WHERE}: empty_label must be a word")
    return DeadlineWords(
        empty_label=empty_label,
        year_long=tuple(_strings(data, "year_long")),
        relative_years=relative,
        periods={word: _month_day(word, value) for word, value in _table(data, "periods").items()},
        month_parts=month_parts,
        year_parts=year_parts,
        calendar={key: _strings(cal, key) for key in ("date_suffixes", "range_marks")},
    )


def calendar_words() -> dict[str, list[str]]:
    """Calendar suffixes and range marks, for telling a period from a figure in 完成值."""
    return deadline_words().calendar


def _alternation(words: Any) -> str:
    return "|".join(regex.escape(word) for word in sorted(words, key=len, reverse=True))


# Alternatives in the order they are tried at each position: a full date before a month, a month
# before a named period, a period before a bare year. Scanning leftmost-first, "2025年底前" is read
# as one year form at its start rather than as 年底 three characters in, and "2024年上半年" as a
# period rather than as the year 2024. ``regex`` allows the year groups to repeat by name.
_FORMS = ("iso", "full", "month", "period", "bare_year")


@cache
def _grammar() -> regex.Pattern[str]:
    words = deadline_words()
    digits = regex.escape("".join(sorted(set(load_lexicon().cjk_digits))))
    number = rf"(?:\d{{1,2}}|[{digits}]{{1,3}})"
    year = rf"(?:(?P<year>\d{{4}})\s*年|(?P<rel>{_alternation(words.relative_years)}))"
    forms = {
        "iso": r"(?P<year>\d{4})\s*[-/.]\s*(?P<month>\d{1,2})\s*[-/.]\s*(?P<day>\d{1,2})",
        "full": rf"(?:{year}\s*)?(?P<month>{number})\s*月\s*(?P<day>{number})\s*[日号]",
        "month": rf"(?:{year}\s*)?(?P<month>{number})\s*月(?P<part>{_alternation(words.month_parts)})?",
        "period": rf"(?:{year}\s*)?(?P<period>{_alternation(words.periods)})",
        "bare_year": rf"{year}(?P<part>{_alternation(words.year_parts)})?",
    }
    # Each form is wrapped in a group named form_<name>, to tell which one matched.
    return regex.compile("|".join(f"(?P<form_{name}>{forms[name]})" for name in _FORMS))


def _year(match: regex.Match[str], plan_year: int) -> int:
    if match.group("year"):
        return int(match.group("year"))
    rel = match.groupdict().get("rel")
    return plan_year + deadline_words().relative_years[rel] if rel else plan_year


def _count(token: str) -> int:
    """'6' → 6, '十二' → 12; 0 for what is not a numeral, which no calendar accepts."""
    if token.isascii():
        return int(token)
    value = parse_cjk(token, frozenset(load_lexicon().multipliers))
    return int(value) if value is not None and value == int(value) else 0


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _on_day(match: regex.Match[str], plan_year: int) -> date:
    return date(_year(match, plan_year), _count(match.group("month")), _count(match.group("day")))


def _in_month(match: regex.Match[str], plan_year: int) -> date:
    year, month = _year(match, plan_year), _count(match.group("month"))
    part = deadline_words().month_parts.get(match.group("part") or "", "end")
    if part == "before":
        return _month_end(year - 1, 12) if month == 1 else _month_end(year, month - 1)
    if part == "end":
        return _month_end(year, month)
    return date(year, month, int(part))


def _in_period(match: regex.Match[str], plan_year: int) -> date:
    month, day = deadline_words().periods[match.group("period")]
    return date(_year(match, plan_year), month, day)


def _in_year(match: regex.Match[str], plan_year: int) -> date:
    year = _year(match, plan_year)
    part = deadline_words().year_parts.get(match.group("part") or "", "end")
    return date(year - 1 if part == "before" else year, 12, 31)


_TO_DATE: dict[str, Callable[[regex.Match[str], int], date]] = {
    "iso": _on_day,
    "full": _on_day,
    "month": _in_month,
    "period": _in_period,
    "bare_year": _in_year,
}


def _dated(text: str, plan_year: int) -> list[date]:
    """Every date the text names."""
    found: list[date] = []
    for match in _grammar().finditer(text):
        form = next(name for name in _FORMS if match.group(f"form_{name}") is not None)
        try:
            found.append(_TO_DATE[form](match, plan_year))
        except ValueError:
            raise ValueError(f"完成时限“{text}”中的日期“{match.group()}”不存在，请改正") from None
    return found


def parse_deadline(text: str, plan_year: int) -> tuple[date, str]:
    """(due date, label) for a 完成时限: '' / 全年 / 长期坚持 → 31 Dec of ``plan_year``.

    The label is the text as written with its blanks tidied, or 全年 for an empty cell.
    """
    label = " ".join(text.split())
    words = deadline_words()
    if not label:
        return date(plan_year, 12, 31), words.empty_label
    plain = unicodedata.normalize("NFKC", label)
    found = _dated(plain, plan_year)
    if found:
        return max(found), label
    if any(word in plain for word in words.year_long):
        return date(plan_year, 12, 31), label
    raise ValueError(
        f"无法识别完成时限“{label}”，请写成“2024年6月底前”“三季度”“年底前”或“长期坚持”这样的形式"
    )
