"""What a figure measures: a quantity of an extraction in, the ``Measure`` it is compared by out.

Two figures can only be the same promise when they measure the same thing in the same way: the
dictionary indicator (``duban.extract.names.lookup``: 规上工业增加值 is 规模以上工业增加值) and its
component (城镇 or 农村 居民收入), or, for a commitment outside the dictionary, the thing counted once
the verbs around it are dropped (新建改造高标准农田 and 建成高标准农田 both count 高标准农田); then
the same unit, the same kind (a level or a growth) and stock against stock (科技型中小企业总数 is no
year's 培育…科技型中小企业). The words are in ``data/promise_metrics.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from duban.extract import names
from duban.promises.data import load

_EDGE = '、，,；;：:（）()“”"《》 —－-的和及与\n'
_MIN_CORE = 2  # characters a thing's name must keep to be compared at all


@dataclass(frozen=True)
class Words:
    leading: tuple[str, ...]
    trailing: tuple[str, ...]
    stock: tuple[str, ...]
    generic: frozenset[str]
    same_words: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Measure:
    canonical: str | None  # the dictionary indicator, if the wording names one
    component: str | None  # 城镇 / 农村 for one of a pair
    core: str  # the thing counted, for a commitment outside the dictionary
    unit: str
    growth: bool
    stock: bool
    comparable: bool = True  # False: the name is too generic to pair on (完成投资, 措施, 发行)


@cache
def words() -> Words:
    data = load("promise_metrics")
    by_length = lambda key: tuple(sorted(data[key], key=len, reverse=True))  # noqa: E731
    same = tuple(sorted(data["same_words"].items(), key=lambda kv: len(kv[0]), reverse=True))
    return Words(
        by_length("leading"), by_length("trailing"), tuple(data["stock"]), frozenset(data["generic"]), same
    )


def measure_of(quantity: dict, canonical: str | None = None) -> Measure:
    """The measure of an extraction's quantity; ``canonical`` when an indicator record names it."""
    named, component, thing, stock = _named(quantity.get("metric") or "")
    canonical = canonical or named
    w = words()
    # a phrase that is only a verb (今年先发行1万亿元: 发行) names nothing to compare
    comparable = canonical is not None or (
        len(thing) >= _MIN_CORE and thing not in w.generic and thing not in w.leading
    )
    return Measure(
        canonical=canonical,
        component=component,
        core=thing,
        unit=quantity.get("unit") or "",
        growth=bool(quantity.get("growth")),
        stock=stock,
        comparable=comparable,
    )


@lru_cache(maxsize=4096)
def _named(phrase: str) -> tuple[str | None, str | None, str, bool]:
    """A metric phrase's dictionary name, component, thing counted and whether it is a stock."""
    if not phrase:
        return None, None, "", False
    thing = core(phrase)
    found = names.lookup(phrase) or names.lookup(thing)
    stock = any(w in phrase for w in words().stock)
    return (found.name if found else None), names.component(phrase), thing, stock


def core(phrase: str) -> str:
    """继续实施民生工程 -> 民生工程; 灾损农房新建任务全面完成 -> 灾损农房; 改造农村户厕 -> 农村户厕."""
    w = words()
    head, tail = _edges()
    previous = None
    while phrase != previous:
        previous = phrase
        phrase = phrase.strip(_EDGE)
        m = head.match(phrase)
        if m and m.end() < len(phrase):
            phrase = phrase[m.end() :]
        m = tail.search(phrase)
        if m and m.start() > 0:
            phrase = phrase[: m.start()]
    for word, same in w.same_words:
        phrase = phrase.replace(word, same)
    return phrase


@cache
def _edges() -> tuple[regex.Pattern, regex.Pattern]:
    """The leading words as one pattern at the start, the trailing ones at the end, longest first."""
    w = words()
    alt = lambda ws: "|".join(regex.escape(x) for x in ws)  # noqa: E731
    return regex.compile(f"(?:{alt(w.leading)})"), regex.compile(f"(?:{alt(w.trailing)})$")


def same_measure(target: Measure, actual: Measure) -> bool:
    """Whether a figure of the next report measures what the target does (never by number)."""
    if target.unit != actual.unit or target.growth != actual.growth or target.stock != actual.stock:
        return False
    if not (target.comparable and actual.comparable):
        return False
    if target.canonical or actual.canonical:
        return target.canonical == actual.canonical and target.component == actual.component
    return qualifies(target.core, actual.core)


def qualifies(a: str, b: str) -> bool:
    """One name is the other with qualifiers before or after it (老旧小区, 城镇老旧小区); a name
    found inside a longer phrase (高校 in 疏解高校和…院区) names something else."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) or long.endswith(short)
