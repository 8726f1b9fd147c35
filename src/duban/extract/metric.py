"""Name what each quantity measures: text and quantities in, ``metric`` (and implicit units) out.

The metric is the shortest phrase of the sentence that names the quantity: the
words before the number with time, scope and verb words trimmed (全年新设立市场主体3459户
-> 新设立市场主体), or, when the number leads a noun (组织6次项目集中开工), the words
after it. A clause with no name of its own (同比增长32.7%) takes the name of the
quantity before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from duban import lexicon
from duban.extract.affixes import EndStripper
from duban.extract.context import left_text
from duban.extract.quantities import Quantity
from duban.extract.segments import clause_end, sentence_bounds

_LEADING_YEAR = regex.compile(r"^(?:19|20)\d{2}年度?")  # 力争2024年度收入增幅…: a date, not a name
_NAME_MAX = 60  # characters of a clause read for a metric's name
_EDGE_PUNCT = '、，,；;：:（）()“”"《》 —－~～-'


@dataclass(frozen=True)
class _Words:
    prefix: regex.Pattern
    suffix: EndStripper
    verbs: tuple[str, ...]
    joiners: tuple[str, ...]
    rank_context: EndStripper
    rank_suffix: str
    count_units: frozenset[str]
    not_noun_start: tuple[str, ...]


@cache
def _words() -> _Words:
    lex = lexicon.load()
    words = lex.metric
    alt = lexicon.alternation
    change = lex.change["increase"] + lex.change["decrease"]
    return _Words(
        prefix=regex.compile(rf"^(?:{alt(words['strip_prefix'])})+"),
        suffix=EndStripper(words["strip_suffix"] + change),
        verbs=tuple(words["verbs_before_count"]),
        joiners=tuple(words["joiners"]),
        rank_context=EndStripper(lex.exclusions["rank_context"]),
        rank_suffix=words.get("rank_suffix", "排名"),
        count_units=lex.discrete_units(),
        not_noun_start=tuple(words["verbs_before_count"] + lex.kind["target_after"] + ["的"] + change),
    )


def trim(phrase: str) -> str:
    return _trim(phrase[-_NAME_MAX:])  # a name is short; a clause may be thousands of characters


@lru_cache(maxsize=8192)  # a report trims the same few phrases (增长, 达到, nothing) again and again
def _trim(phrase: str) -> str:
    w = _words()
    previous = None
    while phrase != previous:
        previous = phrase
        phrase = phrase.strip(_EDGE_PUNCT)
        phrase = w.prefix.sub("", _LEADING_YEAR.sub("", phrase))
        phrase = w.suffix.strip(phrase)
    return phrase


def growth_from_names(text: str, qs: list[Quantity], groups: list[list[int]]) -> None:
    """经济增长预期目标为5%左右: a rate whose clause names a rate of change is a growth.

    Only when nothing but trimmable words (预期目标为) stand between the name and the
    number; 增速高于全国12.7个百分点 compares with another place, not another time.
    """
    ch = lexicon.load().change
    for group in groups:
        first = qs[group[0]]
        if first.growth or first.form != "number" or first.unit not in ch["rate_units"]:
            continue
        left = left_text(text, qs, group[0])
        for noun in ch["growth_nouns"]:
            at = left.rfind(noun)
            if at >= 0 and not trim(left[at + len(noun) :]):
                for i in group:
                    qs[i].growth = True
                break


def name_metrics(text: str, qs: list[Quantity], groups: list[list[int]]) -> None:
    own: list[bool] = []
    for i, q in enumerate(qs):
        q.metric = _own_name(text, qs, i)
        own.append(bool(q.metric))
    _inherit(text, qs, groups, own)
    for i, q in enumerate(qs):
        if not q.metric:  # 持续6年 with nothing before it: what the streak is of comes after
            q.metric = _right_phrase(text, q, qs[i + 1].start if i + 1 < len(qs) else len(text))
    _implicit_units(text, qs)


def _own_name(text: str, qs: list[Quantity], i: int) -> str:
    w = _words()
    q = qs[i]
    if i > 0 and _joined_to_previous(text, qs, i):
        return ""  # 4.5—5%, 分别增长5%和6.5%: the second number shares the first one's name
    raw_left = _after_list_mark(left_text(text, qs, i), i > 0 and _same_clause(text, qs, i))
    left = trim(raw_left)
    if q.form == "rank":
        left = trim(w.rank_context.strip(left))
        return left + w.rank_suffix if left else ""
    if q.form in ("streak", "word"):
        return left
    next_start = qs[i + 1].start if i + 1 < len(qs) else len(text)
    right = _right_phrase(text, q, next_start)
    if len(right) >= 2 and _number_leads(left, raw_left, right, q, w):
        return left + right if left.endswith(w.verbs) else right
    return left


def _joined_to_previous(text: str, qs: list[Quantity], i: int) -> bool:
    between = text[qs[i - 1].end : qs[i].start]
    return qs[i].range_upper or between in lexicon.load().change["enumeration_joins"]


def _number_leads(left: str, raw_left: str, right: str, q: Quantity, w: _Words) -> bool:
    """Whether the number qualifies the noun after it (4个新经济项目如期建成运营)."""
    if not left or left.endswith(w.verbs) or raw_left.rstrip(_EDGE_PUNCT).endswith(w.joiners):
        return True
    return q.unit in w.count_units and not right.startswith(w.not_noun_start)


def _right_phrase(text: str, q: Quantity, next_start: int) -> str:
    end = min(clause_end(text, q.end), next_start)
    phrase = text[q.end : end]
    phrase = phrase.split("、", 1)[0]
    return phrase.strip(_EDGE_PUNCT)


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
        earlier = _named_before(qs, group[0], sent_start, len(group))
        if len(group) > 1 and len(earlier) >= len(group):
            for i, j in zip(group, earlier[-len(group) :], strict=True):
                qs[i].metric = qs[j].metric
        elif earlier:
            for i in group:
                qs[i].metric = qs[earlier[-1]].metric


_LOOKBACK = 16  # how many quantities back a nameless one looks for a name in its sentence


def _named_before(qs: list[Quantity], i: int, sent_start: int, wanted: int) -> list[int]:
    """The named quantities of the sentence before ``i``, nearest last, at most ``wanted`` of them."""
    found: list[int] = []
    for j in range(i - 1, max(-1, i - 1 - _LOOKBACK), -1):
        if qs[j].start < sent_start or len(found) >= wanted:
            break
        if qs[j].metric:
            found.append(j)
    return found[::-1]


def _implicit_units(text: str, qs: list[Quantity]) -> None:
    """超50万 takes its unit from the metric (接待人次 -> 人次), else from the clause (投入近千万 -> 元)."""
    rules = lexicon.load().implicit_units
    for i, q in enumerate(qs):
        if q.unit is None:
            q.unit = next((unit for word, unit in rules if word in q.metric), None)
        if q.unit is None:
            clause = left_text(text, qs, i)
            q.unit = next((unit for word, unit in rules if word in clause), None)
