"""Language knowledge: the TOML files of ``duban/data`` in, one validated ``Lexicon`` out.

Every word list the extractor uses comes from here, so that adding a unit or an
indicator alias is a data change. A malformed file raises ``LexiconError`` naming
the file and the key, at load time rather than in the middle of an extraction.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import regex

COMPARATORS = {"eq", "gt", "ge", "lt", "le", "approx"}
LEVELS = {"national", "province", "city", "county"}


class LexiconError(ValueError):
    """A data file is missing a key or holds a value of the wrong kind."""


@dataclass(frozen=True)
class Unit:
    base: str
    cjk_ok: bool  # a Chinese numeral may stand before it (两个季度, 十七连增)
    count: bool = True  # counts things (个, 户); false for spans of time and multiples (个月, 倍)


@dataclass(frozen=True)
class NumberWord:
    surface: str
    value: float
    unit: str
    growth: bool
    comparator: str


@dataclass(frozen=True)
class Indicator:
    name: str
    aliases: tuple[str, ...]
    lower_is_better: bool
    units: frozenset[str] = frozenset()  # base units its figures come in; empty: any


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, Unit]
    multipliers: dict[str, int]
    cjk_digits: str
    number_words: tuple[NumberWord, ...]
    before: dict[str, str]
    after: dict[str, str]
    inner: dict[str, str]
    bare_only: frozenset[str]
    not_after: dict[str, str]  # one-character before-word -> characters that make it part of a word
    change: dict[str, Any]
    kind: dict[str, list[str]]
    implicit_units: tuple[tuple[str, str], ...]
    exclusions: dict[str, list[str]]
    metric: dict[str, Any]
    indicators: tuple[Indicator, ...]
    qualitative_growth: tuple[str, ...]
    indicator_names: dict[str, list[str]]  # how report wording is reduced to a dictionary name
    indicator_lists: dict[str, list[str]]  # where a report states its headline figures
    document: dict[str, Any]
    outline: dict[str, Any]
    task_verbs: tuple[str, ...]
    not_task_openers: tuple[str, ...]
    not_tasks: dict[str, list[str]]
    periods: dict[str, Any]

    def alias_to_indicator(self) -> dict[str, Indicator]:
        return {alias: ind for ind in self.indicators for alias in ind.aliases}

    def discrete_units(self) -> frozenset[str]:
        """Base units that count separate things (个, 户, 家), as a classifier after a numeral does."""
        return frozenset(u.base for u in self.units.values() if u.cjk_ok and u.count)


def _read(name: str) -> dict[str, Any]:
    path = resources.files("duban") / "data" / f"{name}.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise LexiconError(f"data/{name}.toml: {err}") from err


def _strings(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"{where}: '{key}' must be a list of non-empty strings")
    return value


def _comparator_map(data: dict[str, Any], key: str, where: str) -> dict[str, str]:
    table = data.get(key)
    if not isinstance(table, dict):
        raise LexiconError(f"{where}: '[{key}]' must be a table of word = comparator")
    for word, comp in table.items():
        if comp not in COMPARATORS:
            raise LexiconError(f"{where}: [{key}] {word} = {comp!r} is not one of {sorted(COMPARATORS)}")
    return table


def _string_table(data: dict[str, Any], key: str, where: str) -> dict[str, str]:
    table = data.get(key)
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise LexiconError(f"{where}: '[{key}]' must be a table of word = characters")
    return table


def _string_lists(data: dict[str, Any], table: str, where: str) -> dict[str, list[str]]:
    values = data.get(table)
    if not isinstance(values, dict):
        raise LexiconError(f"{where}: '[{table}]' must be a table of word lists")
    return {key: _strings(values, key, f"{where} [{table}]") for key in values}


def _units(data: dict[str, Any]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for i, entry in enumerate(data.get("unit", [])):
        where = f"data/units.toml: unit #{i + 1}"
        if not isinstance(entry.get("base"), str):
            raise LexiconError(f"{where}: 'base' must be a string")
        for surface in _strings(entry, "surface", where):
            units[surface] = Unit(
                base=entry["base"],
                cjk_ok=bool(entry.get("cjk_ok", False)),
                count=bool(entry.get("count", True)),
            )
    if not units:
        raise LexiconError("data/units.toml: no [[unit]] entries")
    return units


def _number_words(data: dict[str, Any]) -> tuple[NumberWord, ...]:
    words = []
    for entry in data.get("word", []):
        where = f"data/numerals.toml: word {entry.get('surface')!r}"
        if not isinstance(entry.get("surface"), str) or not isinstance(entry.get("value"), int | float):
            raise LexiconError(f"{where}: needs 'surface' (string) and 'value' (number)")
        comparator = entry.get("comparator", "eq")
        if comparator not in COMPARATORS:
            raise LexiconError(f"{where}: comparator {comparator!r} unknown")
        words.append(
            NumberWord(entry["surface"], entry["value"], entry["unit"], bool(entry.get("growth")), comparator)
        )
    return tuple(words)


def _indicators(data: dict[str, Any]) -> tuple[Indicator, ...]:
    out = []
    for entry in data.get("indicator", []):
        where = f"data/indicators.toml: indicator {entry.get('name')!r}"
        if not isinstance(entry.get("name"), str):
            raise LexiconError(f"{where}: 'name' must be a string")
        aliases = _strings(entry, "aliases", where)
        units = frozenset(_strings(entry, "units", where)) if "units" in entry else frozenset()
        out.append(Indicator(entry["name"], tuple(aliases), bool(entry.get("lower_is_better", False)), units))
    return tuple(out)


def _outline(data: dict[str, Any]) -> dict[str, Any]:
    numbering = data.get("numbering")
    if not isinstance(numbering, list) or not numbering:
        raise LexiconError("data/outline.toml: 'numbering' must list [style, pattern] pairs")
    compiled = []
    for style, pattern in numbering:
        try:
            compiled.append((style, regex.compile(pattern)))
        except regex.error as err:
            raise LexiconError(f"data/outline.toml: pattern for {style!r} does not compile: {err}") from err
    _strings(data, "review_cues", "data/outline.toml")
    _strings(data, "plan_cues", "data/outline.toml")
    return {**data, "numbering": compiled}


def _document(data: dict[str, Any]) -> dict[str, Any]:
    where = "data/document.toml"
    _strings(data, "speaker_titles", where)
    for suffix, level in data.get("level_suffixes", []):
        if level not in LEVELS:
            raise LexiconError(f"{where}: level {level!r} for {suffix!r} is not one of {sorted(LEVELS)}")
    return data


def _periods(data: dict[str, Any]) -> dict[str, Any]:
    where = "data/periods.toml"
    for key in (
        "plan_suffixes",
        "plan_outline",
        "year_openers",
        "looking_back",
        "looking_ahead",
        "ahead_words",
        "average_words",
        "plan_end_words",
        "vocatives",
    ):
        _strings(data, key, where)
    for table in ("plans", "spans"):
        values = data.get(table)
        if not isinstance(values, dict) or not all(isinstance(v, int) for v in values.values()):
            raise LexiconError(f"{where}: '[{table}]' must map words to whole numbers")
    return data


@cache
def load() -> Lexicon:
    """Read and check every data file once per process."""
    numerals = _read("numerals")
    comparators = _read("comparators")
    change = _read("change_words")
    exclusions = _read("exclusions")
    metric = _read("metric_words")
    tasks = _read("task_verbs")
    kind = _read("kind_cues")
    indicator_data = _read("indicators")
    for key in (
        "increase",
        "decrease",
        "need_comparison",
        "comparison_cues",
        "level_after",
        "rate_units",
        "growth_nouns",
    ):
        _strings(change, key, "data/change_words.toml")
    for key in (
        "fixed_terms",
        "after_number",
        "after_year_unit",
        "rank_units",
        "rank_context",
        "quotes",
        "after_unit",
        "before_cjk",
        "cjk_name_heads",
        "unit_words",
        "streak_before",
        "streak_after",
        "repeat_verbs",
        "first_rank",
    ):
        _strings(exclusions, key, "data/exclusions.toml")
    for key in ("strip_prefix", "strip_suffix", "verbs_before_count", "joiners"):
        _strings(metric, key, "data/metric_words.toml")
    for key in ("target_after", "forecast", "commitment"):
        _strings(kind, key, "data/kind_cues.toml")
    multipliers = numerals.get("multipliers")
    if not isinstance(multipliers, dict) or not all(isinstance(v, int) for v in multipliers.values()):
        raise LexiconError("data/numerals.toml: [multipliers] must map words to whole numbers")
    rules = _read("implicit_units").get("rules", [])
    if not all(isinstance(r, list) and len(r) == 2 for r in rules):
        raise LexiconError("data/implicit_units.toml: each rule is [keyword, unit]")
    return Lexicon(
        units=_units(_read("units")),
        multipliers=multipliers,
        cjk_digits=numerals["digits"],
        number_words=_number_words(numerals),
        before=_comparator_map(comparators, "before", "data/comparators.toml"),
        after=_comparator_map(comparators, "after", "data/comparators.toml"),
        inner=_comparator_map(comparators, "inner", "data/comparators.toml"),
        bare_only=frozenset(_strings(comparators, "bare_only", "data/comparators.toml")),
        not_after=_string_table(comparators, "not_after", "data/comparators.toml"),
        change=change,
        kind=kind,
        implicit_units=tuple((k, u) for k, u in rules),
        exclusions=exclusions,
        metric=metric,
        indicators=_indicators(indicator_data),
        qualitative_growth=tuple(_strings(indicator_data, "qualitative_growth", "data/indicators.toml")),
        indicator_names=_string_lists(indicator_data, "names", "data/indicators.toml"),
        indicator_lists=_string_lists(indicator_data, "lists", "data/indicators.toml"),
        document=_document(_read("document")),
        outline=_outline(_read("outline")),
        task_verbs=tuple(_strings(tasks, "verbs", "data/task_verbs.toml")),
        not_task_openers=tuple(_strings(tasks, "not_task_openers", "data/task_verbs.toml")),
        not_tasks=_string_lists(tasks, "not_tasks", "data/task_verbs.toml"),
        periods=_periods(_read("periods")),
    )


def alternation(words: list[str] | set[str] | frozenset[str] | dict[str, Any]) -> str:
    """A regex alternation of literal words, longest first so the longest one wins."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
