"""Name what each quantity measures: text and quantities in, ``metric`` (and implicit units) out.

The metric is the shortest phrase of the sentence that names the quantity: the
words before the number with time, scope and verb words trimmed (全年新设立市场主体3459户
-> 新设立市场主体), or, when the number leads (组织6次项目集中开工), the words after it.
A clause with no name of its own (同比增长32.7%) takes the name of the quantity before it.
"""

from __future__ import annotations

from functools import cache

import regex

from duban.extract import lexicon
from duban.extract.context import left_text
from duban.extract.quantities import Quantity
from duban.extract.segments import clause_end, sentence_bounds

_EDGE_PUNCT = "、，,；;：:（）()“”\"《》 "


@cache
def _trim_patterns() -> tuple[regex.Pattern, regex.Pattern, tuple[str, ...], str]:
    words = lexicon.load().metric
    alt = lexicon.alternation
    prefix = regex.compile(rf"^(?:{alt(words['strip_prefix'])})+")
    suffix = regex.compile(rf"(?:{alt(words['strip_suffix'])})+$")
    verbs = tuple(sorted(words["verbs_before_count"], key=len, reverse=True))
    return prefix, suffix, verbs, words.get("rank_suffix", "排名")


def trim(phrase: str) -> str:
    prefix, suffix, _, _ = _trim_patterns()
    previous = None
    while phrase != previous:
        previous = phrase
        phrase = phrase.strip(_EDGE_PUNCT)
        phrase = prefix.sub("", phrase)
        phrase = suffix.sub("", phrase)
    return phrase


def _rank_context() -> regex.Pattern:
    return _rank_pattern()


@cache
def _rank_pattern() -> regex.Pattern:
    ex = lexicon.load().exclusions
    return regex.compile(rf"(?:{lexicon.alternation(ex['rank_context'])})+$")


def _right_phrase(text: str, q: Quantity, next_start: int) -> str:
    end = min(clause_end(text, q.end), next_start)
    phrase = text[q.end : end]
    return phrase.strip(_EDGE_PUNCT).removeprefix("的")


def name_metrics(text: str, qs: list[Quantity], groups: list[list[int]]) -> None:
    _, _, verbs, rank_suffix = _trim_patterns()
    own: list[bool] = []
    for i, q in enumerate(qs):
        left = trim(_after_list_mark(left_text(text, qs, i), i > 0 and _same_clause(text, qs, i)))
        if q.form == "rank":
            left = _rank_pattern().sub("", left)
            left = trim(left)
        next_start = qs[i + 1].start if i + 1 < len(qs) else len(text)
        metric = left
        if not left or left.endswith("等") or left in verbs:
            right = _right_phrase(text, q, next_start)
            if len(right) >= 2 and q.form != "rank":
                metric = (left if left in verbs else "") + right
        if q.form == "rank" and metric:
            metric += rank_suffix
        q.metric = metric
        own.append(bool(metric))
    _inherit(text, qs, groups, own)
    _implicit_units(qs)


def _same_clause(text: str, qs: list[Quantity], i: int) -> bool:
    between = text[qs[i - 1].end : qs[i].start]
    return not any(c in "，,；;。！？\n" for c in between)


def _after_list_mark(left: str, same_clause: bool) -> str:
    """In a clause that already had a quantity, 、 starts the next item's name."""
    if same_clause and "、" in left:
        return left.rsplit("、", 1)[1]
    return left


def _inherit(text: str, qs: list[Quantity], groups: list[list[int]], own: list[bool]) -> None:
    """Nameless quantities take names from earlier ones in the sentence (32.8%、13.4% -> 谋划项目, 总投资)."""
    for group in groups:
        if own[group[0]]:
            for i in group[1:]:
                if not qs[i].metric:
                    qs[i].metric = qs[group[0]].metric
            continue
        sent_start, _ = sentence_bounds(text, qs[group[0]].start)
        earlier = [j for j in range(group[0]) if qs[j].start >= sent_start and qs[j].metric]
        if len(group) > 1 and len(earlier) >= len(group):
            for i, j in zip(group, earlier[-len(group) :], strict=True):
                qs[i].metric = qs[j].metric
        elif earlier:
            for i in group:
                qs[i].metric = qs[earlier[-1]].metric


def _implicit_units(qs: list[Quantity]) -> None:
    """超50万 takes its unit from the metric (接待人次 -> 人次)."""
    rules = lexicon.load().implicit_units
    for q in qs:
        if q.unit is None:
            q.unit = next((unit for word, unit in rules if word in q.metric), None)
