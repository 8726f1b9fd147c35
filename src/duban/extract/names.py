"""Indicator names: a report's wording in, the dictionary's indicator (or none) out.

Reports name an indicator many ways: 全省地区生产总值, 地区生产总值增长, 居民消费价格指数涨幅,
地方一般公共预算收入同口径, 城镇居民、农村居民人均可支配收入分别. A phrase is reduced before lookup
(scope and qualifier words dropped from either end, the change word and 分别 from the end, an
enumeration's last item kept), and the dictionary's aliases are reduced the same way, so a name
matches when the two reductions are equal. The words are in ``data/indicators.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from duban import lexicon
from duban.extract.affixes import EndStripper
from duban.lexicon import Indicator

_NAME_MAX = 60  # characters of a phrase read for a name
_CLAUSE_MAX = 200  # characters of a clause read for the names of a number-less target
_LEADING_YEAR = regex.compile(r"^(?:(?:19|20)\d{2}年(?:度|末|底)?)+")
_EDGE = '、，,；;：:（）()“”"《》 —－~～-的'
_ITEM_MARKS = regex.compile(r"[、和及与]")
_LIST_MARK = regex.compile(r"[、]")
# 一般公共预算收入（扣除留抵退税因素）: a note, not part of the name
_NOTE = regex.compile(r"[（(][^（）()]{0,30}[）)]")
_QUOTA_ITEM_MARKS = regex.compile(r"[、和及]")


@dataclass(frozen=True)
class _Names:
    head: regex.Pattern  # qualifiers at the start
    tail: EndStripper  # qualifiers, suffixes and change words at the end
    by_name: dict[str, Indicator]  # reduced alias -> indicator
    surfaces: regex.Pattern  # every alias as written, longest first (for number-less targets)
    surface_to: dict[str, Indicator]
    generic_heads: frozenset[str]
    followers: tuple[str, ...]
    lead_words: regex.Pattern
    tail_words: regex.Pattern
    quota_words: regex.Pattern
    quota_end: regex.Pattern
    quota_join: regex.Pattern
    verbs: regex.Pattern
    components: tuple[str, ...]


@cache
def _names() -> _Names:
    lex = lexicon.load()
    words = lex.indicator_names
    alt = lexicon.alternation
    change = lex.change["increase"] + lex.change["decrease"]
    head = regex.compile(rf"^(?:{alt(words['qualifiers'])})+")
    tail = EndStripper(words["qualifiers"] + words["suffixes"] + change)
    none = regex.compile("")
    partial = _Names(head, tail, {}, none, {}, frozenset(), (), none, none, none, none, none, none, ())
    by_name: dict[str, Indicator] = {}
    surface_to: dict[str, Indicator] = {}
    for indicator in lex.indicators:
        for alias in (*indicator.aliases, indicator.name):
            by_name.setdefault(_reduce(alias, partial), indicator)
            surface_to.setdefault(alias, indicator)
    return _Names(
        head=head,
        tail=tail,
        by_name=by_name,
        surfaces=regex.compile(alt(surface_to)),
        surface_to=surface_to,
        generic_heads=frozenset(words["generic_heads"]),
        followers=tuple(words["followers"]),
        lead_words=regex.compile(rf"^(?:{alt(words['lead_words'])})+"),
        tail_words=regex.compile(rf"(?:{alt(words['tail_words'])})$"),
        quota_words=regex.compile(alt(words["quota_words"])),
        # 完成省定任务, 完成国家下达目标: a clause that ends by meeting a quota
        quota_end=regex.compile(rf"(?:{alt(words['verbs'])}).*(?:{alt(words['quota_words'])})$"),
        quota_join=regex.compile(rf"(?<=指标|目标|任务)[和及、](?=.*(?:{alt(words['quota_words'])}))"),
        verbs=regex.compile(alt(words["verbs"])),
        components=tuple(words["components"]),
    )


@lru_cache(maxsize=8192)  # naming asks for the same phrase's reduction three or four times
def reduce(phrase: str) -> str:
    """全省地区生产总值增长 -> 地区生产总值; 城镇居民、农村居民人均可支配收入分别 -> 居民人均可支配收入."""
    return _reduce(last_item(_NOTE.sub("", phrase[-_NAME_MAX:])), _names())


def _reduce(phrase: str, names: _Names) -> str:
    previous = None
    while phrase != previous:
        previous = phrase
        phrase = _LEADING_YEAR.sub("", phrase.strip(_EDGE))
        phrase = names.head.sub("", phrase)
        phrase = names.tail.strip(phrase)
    return phrase


def last_item(phrase: str) -> str:
    """The enumeration's last item: 一产、二产、三产增加值 -> 三产增加值."""
    phrase = phrase.strip(_EDGE)
    parts = _ITEM_MARKS.split(phrase)
    return parts[-1] if parts else phrase


def items(phrase: str) -> list[str]:
    """An enumeration of names with the shared head given once, each spelled out:
    一产、二产、三产增加值 -> 一产增加值, 二产增加值, 三产增加值;
    城镇、农村居民收入 -> 城镇居民收入, 农村居民收入."""
    parts = [p for p in (x.strip(_EDGE) for x in _LIST_MARK.split(phrase.strip(_EDGE))) if p]
    if len(parts) < 2:
        return parts
    last = parts[-1]
    out = []
    for part in parts[:-1]:
        if lookup(part) is None and len(part) < len(last):
            part = part + last[len(part) :]
        out.append(part)
    return [*out, last]


def lookup(phrase: str) -> Indicator | None:
    """The dictionary indicator a phrase names, or None."""
    return _names().by_name.get(reduce(phrase))


def is_generic(phrase: str) -> bool:
    """总额, 增加值: a head noun that names no indicator by itself."""
    return reduce(phrase) in _names().generic_heads


@lru_cache(maxsize=8192)  # an enumeration's items share one phrase when they cannot be spelled out
def component(phrase: str) -> str | None:
    """城镇 or 农村 for one of a pair of figures (城镇居民人均可支配收入), else None."""
    head = phrase.strip(_EDGE)
    return next((c for c in _names().components if head.startswith(c)), None)


def named_in(clause: str) -> list[tuple[int, int, Indicator | None, str]]:
    """The indicators a number-less target names, with their spans in ``clause`` and names:
    完成国家下达的单位地区生产总值二氧化碳排放降低目标 -> one, 单位地区生产总值二氧化碳排放;
    粮食总产量、生态环境、节能降碳等指标全面完成任务 -> three, the last outside the dictionary (its
    indicator None, its name the report's phrase); 水、空气等生态环境质量主要指标… -> 生态环境质量.
    A clause that names nothing gives nothing."""
    names = _names()
    clause = clause[:_CLAUSE_MAX]
    body = names.lead_words.sub("", clause.strip(_EDGE))
    out: list[tuple[int, int, Indicator | None, str]] = []
    pos = clause.find(body) if body else 0
    # 节能减排降碳约束性指标和环境质量改善目标: two quotas, each with its own names
    for item in names.quota_join.split(body) if body else []:
        at = clause.find(item, pos)
        pos = at + len(item)
        quota_clause = bool(names.quota_end.search(clause.strip(_EDGE)))
        out.extend((at + a, at + b, ind, name) for a, b, ind, name in _named_item(item, quota_clause, names))
    return out


def _named_item(body: str, quota_clause: bool, names: _Names) -> list[tuple[int, int, Indicator | None, str]]:
    quota = names.quota_words.search(body)
    head = body[: quota.start()] if quota else body
    offset = 0
    listed = quota is not None and bool(_QUOTA_ITEM_MARKS.search(head))
    if listed and "等" in head:
        cut = head.rindex("等") + 1
        if head[cut:].strip(_EDGE):  # 水、空气等生态环境质量主要指标: the indicator follows the examples
            offset, head, listed = cut, head[cut:], False
        else:
            head = head[: cut - 1]
    pieces = _QUOTA_ITEM_MARKS.split(head) if listed else [head if quota else body]
    out: list[tuple[int, int, Indicator | None, str]] = []
    pos = offset
    for piece in pieces:
        at = body.find(piece, pos)
        pos = at + len(piece)
        hit = _dictionary_hit(piece, names)
        if hit is not None:
            out.append((at + hit[0], at + hit[1], hit[2], piece[hit[0] : hit[1]]))
        elif (listed or quota_clause) and (name := _plain_name(piece, names)):
            out.append((at, at + len(name), None, name))
    return out


def _plain_name(piece: str, names: _Names) -> str:
    """节能减排降碳约束性指标 -> 节能减排降碳;
    主要污染物重点工程减排量完成国家下达目标 -> 主要污染物重点工程减排量."""
    m = names.verbs.search(piece, 1)
    if m:
        piece = piece[: m.start()]
    return names.tail_words.sub("", piece).strip(_EDGE)


def _dictionary_hit(piece: str, names: _Names) -> tuple[int, int, Indicator] | None:
    """The first alias in ``piece`` that stands as a whole name: nothing but qualifiers before it,
    and nothing after it that extends it into another name."""
    for m in names.surfaces.finditer(piece):
        before = piece[: m.start()].strip(_EDGE)
        if before and names.head.sub("", before):
            continue
        rest = piece[m.end() :]
        if rest and not rest.startswith(names.followers):
            continue
        return m.start(), m.end(), names.surface_to[m.group(0)]
    return None
