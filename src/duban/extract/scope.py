"""Time scope: repaired text, outline and the report's years in; for every stretch of text,
whether it speaks of one year or of a span of years (``period``) out.

A report of a five-year plan's last or first year sets the plan's totals and averages
(五年来, “十四五”时期, 年均增长) and the next plan's goals (“十五五”时期, 今后五年) beside the
year's own figures. A sentence whose first clause names a span (and does not open with a
year: 2025年是“十四五”收官之年 is about 2025) speaks of that span, and so does the rest of
its paragraph; when it opens a paragraph, the paragraphs after it follow until another
sentence names a year or a span. A top-level heading sets the scope its part starts with.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import regex

from duban import lexicon

if TYPE_CHECKING:  # the outline asks this module which part a heading opens
    from duban.extract.outline import Outline, Section

Period = tuple[int, int]
_YEAR_TOKEN = regex.compile(r"(?<!\d)((?:19|20)\d{2})年")
_FIRST_CLAUSE = regex.compile(r"[^，,；;：:。！？!?\n]*")
_SENTENCE = regex.compile(r"[^。！？!?\n]+[。！？!?]*")


@dataclass(frozen=True)
class _Cues:
    plans: dict[str, int]
    plan_names: regex.Pattern
    spans: dict[str, int]
    span_words: regex.Pattern
    outline_words: regex.Pattern
    plan_suffixes: tuple[str, ...]
    year_openers: tuple[str, ...]
    looking_back: tuple[str, ...]
    looking_ahead: tuple[str, ...]
    ahead: regex.Pattern
    average: regex.Pattern
    plan_end: tuple[str, ...]
    vocatives: tuple[str, ...]
    any_cue: regex.Pattern  # a year, a plan, a span or the plan's outline: what a scope needs


@cache
def _cues() -> _Cues:
    data = lexicon.load().periods
    alt = lexicon.alternation
    return _Cues(
        plans=data["plans"],
        plan_names=regex.compile(alt(data["plans"])),
        spans=data["spans"],
        span_words=regex.compile(alt(data["spans"])),
        outline_words=regex.compile(alt(data["plan_outline"])),
        plan_suffixes=tuple(data["plan_suffixes"]),
        year_openers=tuple(sorted(data["year_openers"], key=len, reverse=True)),
        looking_back=tuple(data["looking_back"]),
        looking_ahead=tuple(data["looking_ahead"]),
        ahead=regex.compile(alt(data["ahead_words"])),
        average=regex.compile(alt(data["average_words"])),
        plan_end=tuple(data["plan_end_words"]),
        vocatives=tuple(data["vocatives"]),
        any_cue=regex.compile(
            rf"{_YEAR_TOKEN.pattern}|{alt(data['plans'])}|{alt(data['spans'])}|{alt(data['plan_outline'])}"
        ),
    )


@dataclass
class TimeScope:
    """Sorted ``(start, period)`` change points; ``None`` means the year of the part."""

    starts: list[int]
    periods: list[Period | None]
    review_year: int | None
    plan_year: int | None

    def period_at(self, pos: int) -> Period | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.periods[i] if i >= 0 else None


def plan_period(name: str) -> Period | None:
    """“十四五” -> (2021, 2025)."""
    first = _cues().plans.get(name)
    return (first, first + 4) if first else None


def current_plan(year: int | None) -> Period | None:
    """The five-year plan that holds ``year``."""
    if year is None:
        return None
    for first in _cues().plans.values():
        if first <= year <= first + 4:
            return first, first + 4
    return None


def title_period(title: str, part: str, review_year: int | None, plan_year: int | None) -> Period | None:
    """The span a heading names before any single year (“十五五”时期目标任务和2026年工作安排)."""
    year = _YEAR_TOKEN.search(title)
    span = _span_in(title, part, review_year, plan_year, heading=True)
    if span is None:
        return None
    if year and year.start() < span[0]:
        return None
    return span[1]


_OPEN_MARKS = '“"《「（('


def _span_in(text: str, part: str, review_year, plan_year, *, heading: bool = False):
    """The first span ``text`` names, with its position. A plan's name counts only where it opens
    the clause or is followed by 时期, 期间, 以来… (全力推动“十五五”开好局 is about this year); in a
    heading, the report's own plan named without its number (规划纲要) counts anywhere."""
    cues = _cues()
    found: list[tuple[int, Period]] = []
    for m in cues.plan_names.finditer(text):
        period = plan_period(m.group(0))
        if period and (_opens(text, m.start()) or _suffixed(text, m.end())):
            found.append((m.start(), _after_plan_end(text, m, period)))
            break
    m = cues.span_words.search(text)
    if m:
        ahead = part == "plan" or bool(cues.ahead.search(text, max(0, m.start() - 3), m.start() + 2))
        period = _length_span(cues.spans[m.group(0)], ahead, review_year, plan_year)
        if period:
            found.append((m.start(), period))
    m = cues.outline_words.search(text)
    if m and (heading or _opens(text, m.start())) and (period := current_plan(plan_year)):
        found.append((m.start(), period))
    return min(found) if found else None


def _opens(text: str, pos: int) -> bool:
    return not text[:pos].strip(_OPEN_MARKS)


def _suffixed(text: str, end: int) -> bool:
    return text[end:].lstrip('”"》」）)').startswith(_cues().plan_suffixes)


def _after_plan_end(text: str, m: regex.Match, period: Period) -> Period:
    """较“十三五”末: a level measured against the end of a plan belongs to the plan after it."""
    rest = text[m.end() : m.end() + 2].lstrip('”"')
    if rest.startswith(_cues().plan_end):
        return period[1] + 1, period[1] + 5
    return period


def _length_span(length: int, ahead: bool, review_year, plan_year) -> Period | None:
    if ahead and plan_year:
        return plan_year, plan_year + length - 1
    if not ahead and review_year:
        return review_year - length + 1, review_year
    return None


def build_scope(text: str, outline: Outline, review_year: int | None, plan_year: int | None) -> TimeScope:
    starts: list[int] = [0]
    periods: list[Period | None] = [None]
    roots = {s.start: s for s in outline.roots}
    current: Period | None = None
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        section = outline.section_at(a)
        if a in roots:
            current = title_period(roots[a].title, roots[a].part, review_year, plan_year)
        elif section is not None and section.start == a:
            current = title_period(section.title, section.part, review_year, plan_year) or current
        part = section.part if section else "other"
        body = a if section is None or section.start != a else section.title_end
        current = _paragraph(text, body, b, part, current, review_year, plan_year, starts, periods)
    return TimeScope(starts=starts, periods=periods, review_year=review_year, plan_year=plan_year)


def _paragraph(text, a, b, part, current, review_year, plan_year, starts, periods) -> Period | None:
    """Mark the paragraph's sentences. What its first two sentences say carries on after it
    (2025年是“十四五”收官之年。五年来，… opens a look back at the five years); a later sentence
    speaks for the rest of its own paragraph only."""
    scope = current
    _mark(starts, periods, a, scope)
    n = 0
    for m in _SENTENCE.finditer(text, a, b):
        body = m.group(0)
        if n == 0 and _is_vocative(body):
            continue
        verdict = _sentence_scope(body, part, review_year, plan_year)
        if verdict is not _INHERIT:
            scope = verdict
            # the paragraph's first sentence speaks for the whole paragraph, its salutation included
            _mark(starts, periods, a if n == 0 else m.start(), scope)
            if n < _LEADING_SENTENCES:
                current = scope
        n += 1
    return current


_LEADING_SENTENCES = 2
_INHERIT = object()


def _sentence_scope(sentence: str, part: str, review_year, plan_year):
    """A sentence's scope from its first clause: the report's own year, a span, or _INHERIT.
    Only the review or plan year counts as a year (到2030年 in a 十五五 section is the span's end,
    实现2035年远景目标 names a goal)."""
    cues = _cues()
    clause = _FIRST_CLAUSE.match(_strip_vocative(sentence)).group(0)
    own_years = {y for y in (review_year, plan_year) if y}
    if clause.startswith(cues.year_openers):
        return None
    if not cues.any_cue.search(clause):
        return _INHERIT  # most sentences name no time: one search settles them
    opening = _YEAR_TOKEN.match(clause.lstrip(_OPEN_MARKS))
    if opening:
        year = int(opening.group(1))
        rest = clause.lstrip(_OPEN_MARKS)[opening.end() :]
        if rest.startswith("以来") and review_year and year < review_year:
            return year, review_year
        if year in own_years and _span_in(clause[: clause.find(opening.group(0))], part, None, None) is None:
            return None
    found = _span_in(clause, part, review_year, plan_year)
    if found:
        return found[1]
    if any(int(m.group(1)) in own_years for m in _YEAR_TOKEN.finditer(clause)):
        return None
    return _INHERIT


def _is_vocative(sentence: str) -> bool:
    return sentence.rstrip("！!，,：:。 ") in _cues().vocatives


def _strip_vocative(sentence: str) -> str:
    word = next((w for w in _cues().vocatives if sentence.startswith(w)), None)
    return sentence if word is None else sentence[len(word) :].lstrip("！!，,：: ")


def _mark(starts: list[int], periods: list[Period | None], pos: int, period: Period | None) -> None:
    if starts and starts[-1] == pos:
        periods[-1] = period
    elif not periods or periods[-1] != period:
        starts.append(pos)
        periods.append(period)


def average_period(left: str, part: str, scope: TimeScope) -> Period | None:
    """年均增长6.8%: a rate averaged over a span, the one the sentence names or five years."""
    cues = _cues()
    if not cues.average.search(left):
        return None
    found = _span_in(left, part, scope.review_year, scope.plan_year)
    if found:
        return found[1]
    length = next(iter(cues.spans.values()))
    return _length_span(length, part == "plan", scope.review_year, scope.plan_year)


def section_period(section: Section, scope: TimeScope) -> Period | None:
    return title_period(section.title, section.part, scope.review_year, scope.plan_year)


def opening_part(body: str, report_year: int) -> str | None:
    """The part a top-level section opens, read from its first sentence when its heading is a
    slogan (一年接着一年干…): ``review`` for the past year or span, ``plan`` for the year ahead
    or a coming span, ``None`` when the sentence says neither."""
    cues = _cues()
    for m in _SENTENCE.finditer(body):
        sentence = m.group(0)
        if _is_vocative(sentence):
            continue
        clause = _FIRST_CLAUSE.match(_strip_vocative(sentence)).group(0)
        if clause.startswith(cues.looking_back):
            return "review"
        if clause.startswith(cues.looking_ahead):
            return "plan"
        year = _YEAR_TOKEN.match(clause.lstrip(_OPEN_MARKS)) or _YEAR_TOKEN.search(clause)
        span = _span_in(clause, "other", report_year - 1, report_year)
        if span and (year is None or span[0] < year.start()):
            return "plan" if span[1][0] >= report_year else "review"
        if year:
            return "plan" if int(year.group(1)) >= report_year else "review"
        return None
    return None
