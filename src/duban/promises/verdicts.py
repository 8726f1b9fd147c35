"""Verdicts (结论): a target and the achieved figure in; completion, verdict and a reason out.

The rules are those of ``spec/promises.md`` and ``spec/tracking.md``: levels and counts are
``actual / target``, a growth rate is compared with the annual target itself, a decrease is signed
(``-3.5`` against ``-3`` is 1.17), an approx (左右) target is met within its band, edges included,
and an upper limit (``le``/``lt``, or a metric people want lower such as CPI) is met while the
figure stays within it. An actual given as a bound (超800家, 80%以上) counts only when every value it
allows gets the same verdict, except that 超N against a target of N is strictly more (超额完成).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import regex

from duban.promises.data import load

OVER = "超额完成"
DONE = "完成"
BASIC = "基本完成"
SHORT = "未完成"
UNKNOWN = "无法核实"
VERDICTS = (OVER, DONE, BASIC, SHORT, UNKNOWN)
_RANK = {SHORT: 0, BASIC: 1, DONE: 2, OVER: 3}

_UP = {"ge", "gt"}  # an actual that says "at least"
_DOWN = {"le", "lt"}  # … "at most"
_MULTIPLIERS = {"万亿": 10**12, "亿": 10**8, "万": 10**4}
_DIGITS = regex.compile(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万)?")


@dataclass(frozen=True)
class Rules:
    rate_band: Decimal
    level_band: Decimal
    basic: Decimal


@dataclass(frozen=True)
class Judgement:
    verdict: str
    completion: float | None
    reason: str
    settled: bool = True  # False: the actual is a bound that cannot settle the target


@cache
def default_rules() -> Rules:
    data = load("promise_rules")
    return Rules(
        Decimal(str(data["rate_band"])),
        Decimal(str(data["level_band"])),
        Decimal(str(data["basic_threshold"])),
    )


def rules_with(basic: float | None = None) -> Rules:
    """The default rules with a plan's own 基本完成 line (TrackingSettings.basic_threshold)."""
    rules = default_rules()
    if basic is None:
        return rules
    return Rules(rules.rate_band, rules.level_band, Decimal(str(basic)))


@cache
def _lower_words() -> regex.Pattern:
    words = sorted(load("target_direction")["lower_is_better"], key=len, reverse=True)
    return regex.compile("|".join(regex.escape(w) for w in words))


def is_upper_limit(target: dict, *, lower_is_better: bool | None = None) -> bool:
    """A ceiling: ``le``/``lt``, or a positive figure of a metric people want lower (CPI 3%左右,
    失业率5.5%左右). A planned decrease (能耗降低2.5%, a negative value) is no ceiling: it is signed."""
    if target.get("comparator") in _DOWN:
        return True
    value = target.get("value")
    if value is None or value <= 0:
        return False
    if lower_is_better is None:
        lower_is_better = bool(_lower_words().search(target.get("metric") or ""))
    return lower_is_better


def judge(target: dict, actual: dict | None, *, upper_limit: bool, rules: Rules | None = None) -> Judgement:
    """The verdict of one numeric target against the next report's figure (None: not stated)."""
    rules = rules or default_rules()
    if actual is None or actual.get("value") is None:
        return Judgement(UNKNOWN, None, "次年报告未给出这项目标的完成数")
    if target.get("value") is None:
        return Judgement(UNKNOWN, None, "目标没有数值")
    point = _at(target, actual, actual["value"], actual.get("comparator") or "eq", upper_limit, rules)
    reach = _reach(target, actual, upper_limit)
    if reach == 0:
        return point
    toward_better = reach > 0
    if toward_better and _RANK[point.verdict] >= _RANK[DONE]:
        return point
    if not toward_better and point.verdict == SHORT:
        return point
    return Judgement(
        UNKNOWN,
        None,
        f"次年报告只说“{actual.get('text', '')}”，不足以判断是否达到“{target.get('text', '')}”",
        settled=False,
    )


def _reach(target: dict, actual: dict, upper_limit: bool) -> int:
    """+1 when the values an actual bound allows lie on the better side of it, -1 the worse, 0 none."""
    comparator = actual.get("comparator") or "eq"
    side = 1 if comparator in _UP else -1 if comparator in _DOWN else 0
    better = -1 if upper_limit or (target["value"] < 0) else 1
    return side * better


def _at(target: dict, actual: dict, value: float, acomp: str, upper: bool, rules: Rules) -> Judgement:
    t, a = Decimal(str(target["value"])), Decimal(str(value))
    tcomp = target.get("comparator") or "eq"
    if upper:
        return _against_limit(target, actual, t, a, tcomp, acomp, rules)
    ratio = a / t if t else None
    completion = float(round(ratio, 3)) if ratio is not None else None
    if ratio is None:
        return Judgement(UNKNOWN, None, "目标为零，无法计算完成率")
    if tcomp == "approx":
        return _against_band(target, actual, t, a, acomp, ratio, completion, rules)
    rounded = _round_like(a, target.get("text") or "") / t
    if rounded > 1 or (rounded == 1 and a == t and acomp == "gt" and tcomp != "gt"):
        return Judgement(OVER, completion, f"{_said(actual)}，超过目标{target.get('text', '')}")
    if rounded == 1:
        if tcomp == "gt" and acomp != "gt":
            return Judgement(BASIC, completion, f"{_said(actual)}，目标要求超过{target.get('text', '')}")
        how = "达到目标" if a == t else "按目标的精度取整后达到目标"
        return Judgement(DONE, completion, f"{_said(actual)}，{how}{target.get('text', '')}")
    return _below(target, actual, rounded, completion, rules)


def _against_limit(
    target: dict, actual: dict, t: Decimal, a: Decimal, tcomp: str, acomp: str, rules: Rules
) -> Judgement:
    within = a < t if tcomp == "lt" else a <= t
    if a == t and (acomp == "gt" or (tcomp == "lt" and acomp == "ge")):
        within = False
    if within:
        return Judgement(DONE, 1.0, f"{_said(actual)}，未超过{target.get('text', '')}的控制目标")
    ratio = t / a
    verdict = BASIC if ratio >= rules.basic else SHORT
    return Judgement(
        verdict, float(round(ratio, 3)), f"{_said(actual)}，超出{target.get('text', '')}的控制目标"
    )


def _against_band(
    target: dict,
    actual: dict,
    t: Decimal,
    a: Decimal,
    acomp: str,
    ratio: Decimal,
    completion: float,
    rules: Rules,
) -> Judgement:
    rate = target.get("unit") == "%"
    band = rules.rate_band if rate else abs(t) * rules.level_band
    gap = a - t
    inside = abs(gap) <= band
    if inside and abs(gap) == band and ((gap > 0 and acomp == "gt") or (gap < 0 and acomp == "lt")):
        inside = False  # on the edge, but the actual is strictly beyond it (降幅超过3%)
    band_text = f"±{_plain(band)}个百分点" if rate else f"±{_plain(rules.level_band * 100)}%"
    if inside:
        return Judgement(
            DONE, completion, f"{_said(actual)}，目标{target.get('text', '')}，在{band_text}以内"
        )
    if ratio > 1:
        return Judgement(
            OVER, completion, f"{_said(actual)}，高于目标{target.get('text', '')}（{band_text}）"
        )
    return _below(target, actual, ratio, completion, rules)


def _below(target: dict, actual: dict, ratio: Decimal, completion: float | None, rules: Rules) -> Judgement:
    verdict = BASIC if ratio >= rules.basic else SHORT
    line = f"{_plain(rules.basic * 100)}%"
    return Judgement(
        verdict,
        completion,
        f"{_said(actual)}，低于目标{target.get('text', '')}，完成率{'不低于' if verdict == BASIC else '低于'}"
        f"{line}",
    )


def _round_like(value: Decimal, text: str) -> Decimal:
    """The actual rounded to the decimals the target is written with, in its own 万/亿."""
    m = _DIGITS.search(text)
    if m is None:
        return value
    digits, mult = m.group(1), _MULTIPLIERS.get(m.group(2) or "", 1)
    places = len(digits.split(".")[1]) if "." in digits else 0
    return (value / mult).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) * mult


def _said(actual: dict) -> str:
    return f"次年报告为{actual.get('text', '')}"


def _plain(d: Decimal) -> str:
    return f"{d.normalize():f}"


def verdict_rank(verdict: str) -> int:
    """Order for sorting and charts: 超额完成 first, 无法核实 last."""
    return VERDICTS.index(verdict) if verdict in VERDICTS else len(VERDICTS)


def agrees(value: float | None, actual: dict | None) -> bool | None:
    """Whether a ledger figure is the next report's, once both are rounded as the report writes it
    (182 against 170个 is not; 21600 against 2.16万户 is). None when either is missing."""
    if value is None or actual is None or actual.get("value") is None:
        return None
    text = actual.get("text") or ""
    m = _DIGITS.search(text)
    mult = _MULTIPLIERS.get(m.group(2) or "", 1) if m else 1
    places = len(m.group(1).split(".")[1]) if m and "." in m.group(1) else 0

    def shown(v: float) -> Decimal:
        return (abs(Decimal(str(v))) / mult).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    return shown(value) == shown(actual["value"])
