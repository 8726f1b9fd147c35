"""Read each quantity's surroundings: quantities and text in; growth, sign, comparator,
kind and year filled in.

Enumerations joined by 、 share what only one of them states: the comparator after
the last (分别稳定在12万亩、9000万斤以上) and the change word before the first
(同比增长32.8%、13.4%).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import cache

import regex

from duban.extract import lexicon
from duban.extract.quantities import Quantity
from duban.extract.scope import TimeScope, average_period
from duban.extract.segments import clause_start, sentence_bounds

FLIP = {"gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
_TARGET_YEAR = regex.compile(r"(?:到|至|在)(\d{4})年")


def enumeration_groups(text: str, qs: list[Quantity]) -> list[list[int]]:
    """Indices of quantities standing one after another joined only by 、, by a range mark
    (4.5—5%), or, after 分别, by 和 / 与 / 及 (分别增长5%和6.5%)."""
    lex = lexicon.load()
    joins = lex.change["enumeration_joins"]
    groups: list[list[int]] = []
    for i, q in enumerate(qs):
        between = text[qs[groups[-1][-1]].end : q.start] if groups else None
        if between is not None and (
            between == "、"
            or q.range_upper
            or (between in joins and _after_respectively(text, qs, groups[-1]))
        ):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _after_respectively(text: str, qs: list[Quantity], group: list[int]) -> bool:
    first = qs[group[0]]
    clause = text[clause_start(text, first.start) : first.start]
    return any(word in clause for word in lexicon.load().change["respectively"])


def left_text(text: str, qs: list[Quantity], i: int) -> str:
    """The clause before quantity i, not reaching back past the quantity before it."""
    q = qs[i]
    floor = qs[i - 1].end if i > 0 else 0
    return text[clause_start(text, q.start, floor) : q.start]


def share_comparators(groups: list[list[int]], qs: list[Quantity]) -> None:
    """The last item's comparator and a unit it spells out in full (12.7个、12个百分点) apply to all."""
    for group in groups:
        last = qs[group[-1]]
        if len(group) < 2:
            continue
        for i in group[:-1]:
            q = qs[i]
            if last.after_comparator and q.comparator == "eq":
                q.comparator = last.comparator
            if q.unit and last.unit and last.unit != q.unit and last.unit.startswith(q.unit):
                q.unit = last.unit


@cache
def _change_patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    lex = lexicon.load()
    ch = lex.change
    alt = lexicon.alternation
    fillers = alt(ch.get("fillers", []))
    change = regex.compile(
        rf"(?P<word>{alt(ch['increase'] + ch['decrease'])})(?P<level>{alt(ch['level_after'])})?"
        rf"(?:{fillers})*$"
    )
    compare = regex.compile(alt(ch["comparison_cues"]))
    decrease = regex.compile(rf"^(?:{alt(ch['decrease'])})$")
    return change, compare, decrease


_CHANGE_WINDOW = 40  # characters before a number searched for its change word


def mark_changes(text: str, qs: list[Quantity], groups: list[list[int]]) -> None:
    """Growth and sign from the change word right before the number (增长, 下降, 提高…)."""
    change, compare, decrease = _change_patterns()
    ch = lexicon.load().change
    discrete = lexicon.load().discrete_units()
    for group in groups:
        left = left_text(text, qs, group[0])[-_CHANGE_WINDOW:]
        m = change.search(left)
        if not m or m.group("level"):
            continue
        word = m.group("word")
        for i in group:
            q = qs[i]
            if i != group[0] and not (qs[i].range_upper or _joined(left_text(text, qs, i))):
                break
            if q.form == "streak":
                continue
            # 增加就业岗位3000个 counts new things; 增加3天, 减少约5亿元 change an amount.
            counted = q.unit in discrete and q.unit not in ch["rate_units"]
            if counted and word in ch["need_comparison"] and not compare.search(left):
                continue
            q.growth = True
            if decrease.match(word):
                q.negative = True


def _joined(between: str) -> bool:
    return not between or between in lexicon.load().change["enumeration_joins"]


def mark_object_decreases(qs: list[Quantity]) -> None:
    """压减地下水开采量1.6亿立方米: a decrease verb opening the metric makes the amount a decrease.
    Runs once metrics are named; signs the amounts it marks."""
    ch = lexicon.load().change
    verbs = tuple(ch.get("object_decrease", []))
    discrete = lexicon.load().discrete_units()
    for q in qs:
        if q.growth or q.negative or q.value is None or q.unit in discrete:
            continue
        if q.metric and q.metric.startswith(verbs) and q.form == "number":
            q.growth = q.negative = True
            apply_sign([q])


def apply_sign(qs: list[Quantity]) -> None:
    for q in qs:
        if q.negative and q.value is not None:
            q.value = -q.value
            q.comparator = FLIP.get(q.comparator, q.comparator)


@cache
def _kind_patterns() -> tuple[regex.Pattern, tuple[str, ...]]:
    kind = lexicon.load().kind
    after = regex.compile(rf"(?:{lexicon.alternation(kind['target_after'])})")
    return after, tuple(kind["forecast"])


def assign_kind_year(
    text: str,
    qs: list[Quantity],
    part_at: Callable[[int], str],
    review_year: int | None,
    plan_year: int | None,
    scope: TimeScope | None = None,
) -> None:
    after, forecast = _kind_patterns()
    # 到2027年…: where each named target year stands, so a quantity finds the last one before it
    # in its sentence by a binary search, not by rereading the sentence
    target_years = [(m.start(), int(m.group(1))) for m in _TARGET_YEAR.finditer(text)]
    year_starts = [pos for pos, _ in target_years]
    for i, q in enumerate(qs):
        part = part_at(q.start)
        sent_start, _ = sentence_bounds(text, q.start)
        if part == "plan":
            q.kind, q.year = "target", plan_year
            clause = text[clause_start(text, q.start, sent_start) : q.start]
            if clause.startswith(forecast):
                q.kind = "actual"
        else:
            q.kind, q.year = "actual", review_year
            if after.match(text, q.end):  # 完成市定9000万斤目标; 控制在省定6%以内 stays actual
                q.kind = "target"
        k = bisect.bisect_left(year_starts, q.start) - 1
        if k >= 0 and target_years[k][0] >= sent_start and part == "plan":
            q.year = target_years[k][1]  # 到2027年…: the year the target is for
        if scope is not None:
            period = scope.period_at(q.start) or average_period(left_text(text, qs, i), part, scope)
            _apply_period(q, period, part, scope)


def _apply_period(q: Quantity, period: tuple[int, int] | None, part: str, scope: TimeScope) -> None:
    """A figure of a span has no single year; in the plan part, a span already over was achieved
    (the 十四五 record before the 十五五 goals), and a span to come is aimed at."""
    if period is None:
        return
    q.period, q.year = period, None
    if part == "plan" and scope.review_year is not None and period[1] <= scope.review_year:
        q.kind = "actual"
    elif scope.plan_year is not None and period[0] >= scope.plan_year:
        q.kind = "target"
