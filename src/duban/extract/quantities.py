"""Find measured quantities: repaired text in, ``Quantity`` records (value, unit, comparator) out.

This step reads the surface only: the number, its multiplier, unit and comparator
words, ranks, streaks and number words, and drops what the contract says is not a
quantity (dates, ordinals, numbers in names, quotes and set phrases). Growth, kind,
year and metric are filled in later by ``context`` and ``metric``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import regex

from duban import lexicon
from duban.extract.numbers import parse_arabic, parse_cjk

YEAR_RANGE = (1900, 2100)


@dataclass(slots=True)
class Quantity:
    start: int  # span in the repaired text, comparator words included
    end: int
    num_start: int
    num_end: int
    value: Decimal | None
    unit: str | None
    comparator: str = "eq"
    form: str = "number"  # number, rank, streak or word
    growth: bool = False
    negative: bool = False
    kind: str = "actual"
    year: int | None = None
    period: tuple[int, int] | None = (
        None  # a span of years (a 十四五 total, a 十五五 goal); year is then None
    )
    metric: str = ""
    section: str | None = None
    after_comparator: bool = False  # the comparator came from a word after the number (以上)
    has_multiplier: bool = False
    explicit_unit: bool = True
    word_growth: bool = False  # a number word that is a change by itself (翻两番)
    range_upper: bool = False  # the upper end of a range whose lower end is the quantity before it


@dataclass(frozen=True)
class _Patterns:
    number: regex.Pattern
    right: regex.Pattern
    before: regex.Pattern
    words: regex.Pattern
    fixed: regex.Pattern | None
    first_rank: regex.Pattern
    streak_after: regex.Pattern
    after_number: regex.Pattern
    after_year_unit: regex.Pattern
    date_range: regex.Pattern
    after_unit: regex.Pattern
    before_cjk: regex.Pattern
    name_heads: regex.Pattern
    unit_words: regex.Pattern
    cjk_streak: regex.Pattern
    multiplier_chars: frozenset[str]


@cache
def _patterns() -> _Patterns:
    lex = lexicon.load()
    alt = lexicon.alternation
    ex = lex.exclusions
    digits = regex.escape(lex.cjk_digits)
    number = regex.compile(rf"(?P<ar>\d+(?:\.\d+)?)|(?P<cn>[{digits}]+)")
    right = regex.compile(
        rf"(?P<inner1>{alt(lex.inner)})?(?P<mult>{alt(lex.multipliers)})?(?P<inner2>{alt(lex.inner)})?"
        rf"(?P<unit>{alt(lex.units)})?(?P<after>{alt(lex.after)})?"
    )
    before = regex.compile(rf"(?:{alt(lex.before)})$")
    words = regex.compile(alt([w.surface for w in lex.number_words]))
    fixed_terms = ex["fixed_terms"]
    fixed = regex.compile(alt(fixed_terms)) if fixed_terms else None
    first_rank = regex.compile(rf"(?:{alt(ex['rank_context'])})(?P<rank>{alt(ex['first_rank'])})")
    streak_after = regex.compile(rf"(?:{alt(ex['streak_after'])})")
    after_number = regex.compile(rf"(?:{alt(ex['after_number'])})")
    after_year_unit = regex.compile(rf"(?:{alt(ex['after_year_unit'])})")
    date_range = regex.compile(r"[—\-－~～至到](?:\d+|[一二三四五六七八九十]+)[月日]")
    cjk_streak = regex.compile(rf"(?P<n>[{digits}]+)(?:{alt(ex['streak_after'])})")
    return _Patterns(
        number=number,
        right=right,
        before=before,
        words=words,
        fixed=fixed,
        first_rank=first_rank,
        streak_after=streak_after,
        after_number=after_number,
        after_year_unit=after_year_unit,
        date_range=date_range,
        after_unit=regex.compile(alt(ex["after_unit"])),
        before_cjk=regex.compile(rf"(?:{alt(ex['before_cjk'])})$"),
        name_heads=regex.compile(alt(ex["cjk_name_heads"])),
        unit_words=regex.compile(alt(ex["unit_words"])),
        cjk_streak=cjk_streak,
        multiplier_chars=frozenset("十百千万亿"),
    )


def find_quantities(text: str, protected: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every quantity in ``text`` in order; ``protected`` spans (heading numbers) hold none."""
    pats = _patterns()
    blocked = _Blocked(text, protected or [], pats)
    found: list[Quantity] = []
    for q in _number_words(text, pats):
        if not blocked.hits(q.start, q.end):
            found.append(q)
            blocked.add(q.start, q.end)
    for q in _cjk_streaks(text, pats):
        if pats.fixed is None or not pats.fixed.search(text, q.start, q.end):
            found.append(q)
            blocked.add(q.start, q.end)
    for q in _first_ranks(text, pats):
        if not blocked.hits(q.start, q.end):
            found.append(q)
            blocked.add(q.start, q.end)
    for m in pats.number.finditer(text):
        if blocked.hits(m.start(), m.end()):
            continue
        pair = _range(text, m, pats)
        for q in pair or [_read_number(text, m, pats)]:
            if q is not None and not blocked.hits(q.start, q.end):
                found.append(q)
                blocked.add(q.start, q.end)
    found.sort(key=lambda q: q.start)
    _mark_ranges(text, found)
    return found


_RANGE_MARK = regex.compile(r"[-—–－~～至](?=\d)")


def _range(text: str, m: regex.Match, pats: _Patterns) -> list[Quantity] | None:
    """增长4.5-5%: a bare number before a range mark takes the unit and multiplier of the number after it."""
    if m.group("ar") is None:
        return None
    mark = _RANGE_MARK.match(text, m.end())
    if not mark:
        return None
    upper_match = pats.number.match(text, mark.end())
    upper = _read_number(text, upper_match, pats) if upper_match else None
    if upper is None or upper.unit is None or upper.form != "number":
        return None
    value = parse_arabic(m.group(0))
    if value is None:
        return None
    scale = upper.value / parse_arabic(upper_match.group(0)) if parse_arabic(upper_match.group(0)) else 1
    lower = Quantity(
        start=m.start(),
        end=m.end(),
        num_start=m.start(),
        num_end=m.end(),
        value=value * scale,
        unit=upper.unit,
        has_multiplier=upper.has_multiplier,
        explicit_unit=False,
    )
    _take_before_comparator(text, lower, pats, bare=False)
    return [lower, upper]


def _mark_ranges(text: str, found: list[Quantity]) -> None:
    """Two numbers of one unit joined by a range mark (4.5%—5%) are a lower and an upper bound."""
    for lower, upper in zip(found, found[1:], strict=False):
        between = text[lower.end : upper.start]
        joined = len(between) == 1 and _RANGE_MARK.match(between + "0") and lower.unit == upper.unit
        plain = lower.form == upper.form == "number" and lower.comparator == upper.comparator == "eq"
        if joined and plain:
            lower.comparator, upper.comparator = "ge", "le"
            upper.range_upper = True


class _Blocked:
    """Character ranges no quantity may touch: quotes, set phrases, spans already taken."""

    def __init__(self, text: str, protected: list[tuple[int, int]], pats: _Patterns) -> None:
        self.mask = bytearray(len(text) + 1)
        for a, b in protected:
            self.add(a, b)
        for a, b in _quoted(text):
            self.add(a, b)
        if pats.fixed is not None:
            for m in pats.fixed.finditer(text):
                self.add(m.start(), m.end())

    def add(self, a: int, b: int) -> None:
        self.mask[a:b] = b"\x01" * (b - a)

    def hits(self, a: int, b: int) -> bool:
        return 1 in self.mask[a:b]


@cache
def _quote_pairs() -> tuple[tuple[str, str], ...]:
    return tuple((pair[0], pair[1]) for pair in lexicon.load().exclusions["quotes"])


def _quoted(text: str) -> list[tuple[int, int]]:
    """Inside quotation marks; a quote left open ends at the line end, and long ones are speech."""
    spans = []
    for open_mark, close_mark in _quote_pairs():
        i = text.find(open_mark)
        while i >= 0:
            j = text.find(close_mark, i + 1)
            nl = text.find("\n", i + 1)
            if j < 0 or (0 <= nl < j):
                i = text.find(open_mark, i + 1)
                continue
            if j - i <= 30:
                spans.append((i, j + 1))
            i = text.find(open_mark, j + 1)
    return spans


def _number_words(text: str, pats: _Patterns) -> list[Quantity]:
    lex = lexicon.load()
    by_surface = {w.surface: w for w in lex.number_words}
    out = []
    for m in pats.words.finditer(text):
        word = by_surface[m.group(0)]
        q = Quantity(
            start=m.start(),
            end=m.end(),
            num_start=m.start(),
            num_end=m.end(),
            value=Decimal(str(word.value)),
            unit=word.unit,
            comparator=word.comparator,
            form="word",
            growth=word.growth,
            word_growth=word.growth,
        )
        _take_before_comparator(text, q, pats, bare=False)
        out.append(q)
    return out


def _cjk_streaks(text: str, pats: _Patterns) -> list[Quantity]:
    """十七连增: counted even inside quotes, where a report likes to put it."""
    out = []
    for m in pats.cjk_streak.finditer(text):
        digits_end = m.end("n")
        value = parse_cjk(m.group("n"), pats.multiplier_chars)
        if value is None or value <= 1:
            continue
        out.append(
            Quantity(
                start=m.start(),
                end=m.end(),
                num_start=m.start(),
                num_end=digits_end,
                value=value,
                unit="次",
                form="streak",
            )
        )
    return out


def _first_ranks(text: str, pats: _Patterns) -> list[Quantity]:
    return [
        Quantity(
            start=m.start("rank"),
            end=m.end("rank"),
            num_start=m.start("rank"),
            num_end=m.end("rank"),
            value=Decimal(1),
            unit="位",
            form="rank",
        )
        for m in pats.first_rank.finditer(text)
    ]


def _before_comparator(text: str, pos: int, pats: _Patterns, *, bare: bool) -> regex.Match | None:
    """The comparator word ending at ``pos`` (超过, 近), unless it is the tail of a word (签约)."""
    lex = lexicon.load()
    m = pats.before.search(text, max(0, pos - 4), pos)
    if not m:
        return None
    word = m.group(0)
    if word in lex.bare_only and not bare:
        return None
    if len(word) == 1 and m.start() > 0 and text[m.start() - 1] in lex.not_after.get(word, ""):
        return None
    return m


def _take_before_comparator(text: str, q: Quantity, pats: _Patterns, *, bare: bool) -> None:
    m = _before_comparator(text, q.start, pats, bare=bare)
    if m:
        q.comparator = lexicon.load().before[m.group(0)]
        q.start = m.start()


def _read_number(text: str, m: regex.Match, pats: _Patterns) -> Quantity | None:
    lex = lexicon.load()
    token = m.group(0)
    is_cjk = m.group("cn") is not None
    if _touches_latin(text, m.start(), m.end()):
        return None
    r = pats.right.match(text, m.end())
    mult = r.group("mult") if r else None
    unit_word = r.group("unit") if r else None
    inner = (r.group("inner1") or r.group("inner2")) if r else None
    after = r.group("after") if r else None
    end = r.end() if r and r.end() > m.end() else m.end()
    if unit_word and pats.unit_words.match(text, r.start("unit")):
        unit_word, after, end = None, None, r.start("unit")
    bare = is_cjk and all(c in pats.multiplier_chars for c in token)
    if is_cjk:
        value = parse_cjk(token, pats.multiplier_chars)
        mult = None
        if not value:  # 零部件, 零就业家庭: 零 alone is a word, not a count of nothing
            return None
        if unit_word is None and not bare and _plain_cjk_word(text, m, pats):
            return None
    else:
        value = parse_arabic(token)
        if value is None:
            return None
        if mult:
            value *= lex.multipliers[mult]
    q = Quantity(
        start=m.start(),
        end=end,
        num_start=m.start(),
        num_end=m.end(),
        value=value,
        unit=lex.units[unit_word].base if unit_word else None,
        has_multiplier=bool(mult) or bare,
        explicit_unit=bool(unit_word),
    )
    if inner:
        q.comparator = lex.inner[inner]
    if after:
        q.comparator = lex.after[after]
        q.after_comparator = True
    if _ordinal_or_rank(text, q, token, unit_word, pats):
        return q if q.form == "rank" or q.form == "streak" else None
    if _streak(text, q, is_cjk, pats):
        return q
    if not _acceptable(text, q, token, is_cjk, bare, unit_word, inner, pats):
        return None
    if q.comparator == "eq" or not q.after_comparator:
        _take_before_comparator(text, q, pats, bare=bare)
    if bare and q.comparator == "eq":
        return None
    return q


def _plain_cjk_word(text: str, m: regex.Match, pats: _Patterns) -> bool:
    """一体化, 三农: a Chinese numeral with no unit and no multiplier is a word, unless it is a
    rank (第三) or a streak (三连增). Most numerals of a report are such words; settling them
    here, before a quantity is built, saves the checks that would refuse it in the end."""
    if m.start() > 0 and text[m.start() - 1] == "第":
        return False
    return not pats.streak_after.match(text, m.end())


def _touches_latin(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def _ordinal_or_rank(text: str, q: Quantity, token: str, unit_word: str | None, pats: _Patterns) -> bool:
    """第N: a rank (第2名, 全市第三), a repeat count (第5次创建) or an ordinal (第十六届)."""
    if q.num_start == 0 or text[q.num_start - 1] != "第":
        return False
    ex = lexicon.load().exclusions
    start = q.num_start - 1
    if unit_word in ex["rank_units"]:
        _as_rank(q, start, q.num_end + len(unit_word))
    elif unit_word == "次" and text.startswith(tuple(ex["repeat_verbs"]), q.num_end + 1):
        q.start, q.end, q.unit, q.comparator = start, q.num_end + 1, "次", "eq"
        q.form = "streak"
    elif (
        unit_word is None
        and _rank_context_before(text, start, ex["rank_context"])
        and not _han_at(text, q.num_end)
    ):
        _as_rank(q, start, q.num_end)
    else:
        q.form = "ordinal"
    return True


def _han_at(text: str, pos: int) -> bool:
    return pos < len(text) and bool(regex.match(r"\p{Han}", text[pos]))


def _as_rank(q: Quantity, start: int, end: int) -> None:
    q.start, q.end, q.unit, q.comparator, q.form = start, end, "位", "eq", "rank"
    q.explicit_unit = True


def _rank_context_before(text: str, pos: int, words: list[str]) -> bool:
    window = text[max(0, pos - 4) : pos]
    return any(window.endswith(w) for w in words)


def _streak(text: str, q: Quantity, is_cjk: bool, pats: _Patterns) -> bool:
    ex = lexicon.load().exclusions
    after = pats.streak_after.match(text, q.num_end)
    if is_cjk and after:
        q.start, q.end, q.unit, q.form, q.comparator = q.num_start, after.end(), "次", "streak", "eq"
        return True
    for word in ex["streak_before"]:
        at = q.num_start - len(word)
        if at >= 0 and text.startswith(word, at) and q.unit:
            q.start = q.num_start - len(word)
            q.form = "streak"
            return True
    return False


def _acceptable(text, q: Quantity, token, is_cjk, bare, unit_word, inner, pats: _Patterns) -> bool:
    lex = lexicon.load()
    if _is_date(text, q, token, is_cjk, unit_word, pats):
        return False
    if unit_word is None and pats.after_number.match(text, q.num_end):
        return False
    if pats.after_unit.match(text, q.end):
        return False
    if q.unit == "年" and pats.after_year_unit.match(text, q.end):
        return False
    if is_cjk:
        if bare:
            return bool(inner) or _before_comparator(text, q.num_start, pats, bare=True) is not None
        if q.value == 1 or unit_word is None or not lex.units[unit_word].cjk_ok:
            return False
        return not (_is_word_part(text, q) or _in_cjk_name(text, q, pats))
    if unit_word is None:
        return q.has_multiplier  # 超50万: its unit comes from the metric
    return True


def _in_cjk_name(text: str, q: Quantity, pats: _Patterns) -> bool:
    """建军一百年, 十三届五次全会, “一带一路”八项行动: a Chinese numeral inside a name."""
    if pats.before_cjk.search(text, max(0, q.num_start - 3), q.num_start):
        return True
    if q.num_start > 0 and text[q.num_start - 1] in '”"」』':
        return True
    return bool(pats.name_heads.match(text, q.end))


def _is_word_part(text: str, q: Quantity) -> bool:
    """A Chinese numeral glued to a Han word before it (统一, 唯一) is part of that word."""
    glue = lexicon.load().exclusions.get("cjk_word_before", "")
    return q.num_start > 0 and text[q.num_start - 1] in glue


def _is_date(text: str, q: Quantity, token: str, is_cjk: bool, unit_word: str | None, pats) -> bool:
    after = text[q.num_end : q.num_end + 2]
    if not is_cjk and unit_word == "年" and "." not in token and YEAR_RANGE[0] <= int(token) <= YEAR_RANGE[1]:
        return True
    if after[:1] in ("月", "日") or after.startswith("年") and len(token) == 4 and not is_cjk:
        return True
    if pats.date_range.match(text, q.num_end):
        return True
    before = text[q.num_start - 1] if q.num_start else ""
    return before in "—-－~～" and after[:1] in ("月", "日")
