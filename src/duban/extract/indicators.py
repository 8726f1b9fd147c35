"""Headline indicators: text, quantities, outline and time scope in; one record per headline
figure of the year (主要经济指标) and per item of the plan's main-targets list (主要预期目标) out.

Headline figures come from two places only, whatever the work sections say:

- the review's summary of the year: the first paragraph of a review part, before its list of
  work, that states two or more dictionary indicators (and the ——-paragraphs that continue it);
  a report with no such paragraph gives the first figure of each indicator in its year's review;
- the plan's list of main targets: the sentence that opens with 主要预期目标 and the sentences of
  its paragraph that go on listing targets, one record per item, a number-less item
  (居民收入增长与经济增长同步) with ``value: null``.

Figures of a span of years (``period``), ranks, gaps to another place (高于全国…), the start of a
change (从…) and breakdowns (其中…) are no headline figures. A name is looked up through
``names``; an item of the list outside the dictionary keeps the report's name and
``canonical: false``, and the summary gives such a figure only when the list names it too.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex

from duban.extract import lexicon, names
from duban.extract.context import left_text
from duban.extract.numbers import as_number
from duban.extract.outline import Outline
from duban.extract.quantities import Quantity
from duban.extract.scope import TimeScope
from duban.extract.segments import clause_start, line_end, sentence_start, sentences

_WINDOW = 60  # characters before a figure read for what it compares with
_CLAUSE = regex.compile(r"[^，,；;。！？!?]+[，,；;。！？!?]?")


@dataclass
class _Named:
    """What one quantity measures, as far as the headline figures go."""

    name: str  # the dictionary's name, or the report's phrase
    canonical: bool
    component: str | None  # 城镇 / 农村 for one of a pair
    group: int  # the enumeration it belongs to


@dataclass(frozen=True)
class _Cues:
    target: regex.Pattern
    end: tuple[str, ...]
    continuation: regex.Pattern
    summary_end: regex.Pattern
    work: tuple[str, ...]
    bullets: tuple[str, ...]
    places: regex.Pattern
    breakdown: tuple[str, ...]
    from_words: tuple[str, ...]


@cache
def _cues() -> _Cues:
    c = lexicon.load().indicator_lists
    alt = lexicon.alternation
    return _Cues(
        target=regex.compile(alt(c["target_cues"])),
        end=tuple(c["end_cues"]),
        continuation=regex.compile(alt(c["continuation_cues"])),
        summary_end=regex.compile(alt(c["summary_end_cues"])),
        work=tuple(c["work_markers"]),
        bullets=tuple(c["bullet_marks"]),
        places=regex.compile(alt(c["place_comparisons"])),
        breakdown=tuple(c["breakdown_cues"]),
        from_words=tuple(c["from_words"]),
    )


@dataclass
class Headlines:
    """Where the report states its headline figures, and what each quantity measures."""

    named: dict[int, _Named]
    target_spans: list[tuple[int, int]]  # the main-targets list, sentence by sentence


def locate(
    text: str, qs: list[Quantity], groups: list[list[int]], outline: Outline, scope: TimeScope
) -> Headlines:
    named = _name_all(text, qs, groups)
    return Headlines(named=named, target_spans=target_list(text, qs, named, outline, scope))


def find_indicators(
    text: str,
    qs: list[Quantity],
    ids: list[str],
    headlines: Headlines,
    outline: Outline,
    scope: TimeScope,
    raw_span: Callable[[int, int], tuple[int, int]],
) -> list[dict]:
    named, target_spans = headlines.named, headlines.target_spans
    out = [
        *_summary_records(text, qs, ids, named, outline, scope, raw_span, target_spans),
        *_target_records(text, qs, ids, named, target_spans, scope, raw_span),
    ]
    for record in out:
        record.pop("_end", None)
    return sorted(out, key=lambda r: r["raw_span"][0])


# --- naming ------------------------------------------------------------------------------------


def _name_all(text: str, qs: list[Quantity], groups: list[list[int]]) -> dict[int, _Named]:
    """Each quantity's indicator name, an enumeration's names spelled out one per number
    (一产、二产、三产增加值分别增长5%左右、5%以上、5%左右), a nameless one inheriting the name before it."""
    named: dict[int, _Named] = {}
    previous: _Named | None = None
    previous_sentence = -1
    for g, group in enumerate(groups):
        first = group[0]
        sentence = sentence_start(text, qs[first].start)
        if sentence != previous_sentence:
            previous = None
        previous_sentence = sentence
        phrase = left_text(text, qs, first)
        spelled = names.items(phrase)
        reduced = names.reduce(phrase)
        if (not reduced or names.is_generic(phrase)) and previous is not None:
            for i in group:
                named[i] = _Named(previous.name, previous.canonical, previous.component, g)
            continue
        if len(spelled) != len(group):
            spelled = [spelled[-1] if spelled else phrase] * len(group)
        for i, item in zip(group, spelled, strict=True):
            indicator = names.lookup(item)
            if indicator is not None and indicator.units and qs[i].unit not in indicator.units:
                indicator = None  # 生态环境9项约束性指标: a count of targets, no figure of the indicator
            name = indicator.name if indicator else names.reduce(item)
            named[i] = _Named(name, indicator is not None, names.component(item), g)
        previous = named[group[-1]]
    return named


def _headline_figure(text: str, qs: list[Quantity], i: int) -> bool:
    """A figure of the year that a summary or a list may state: not a span's, a rank, a gap to
    another place, the start of a change, or a number with no unit."""
    q = qs[i]
    if q.form != "number" or q.unit is None or q.period is not None:
        return False
    cues = _cues()
    left = left_text(text, qs, i)[-_WINDOW:]
    if cues.places.search(left) or left.endswith(cues.from_words):
        return False
    clause_head = text[max(clause_start(text, q.start), q.start - _WINDOW) : q.start]
    return not cues.places.search(clause_head)


def _breakdown(text: str, q: Quantity) -> bool:
    return text[clause_start(text, q.start) : q.start].startswith(_cues().breakdown)


# --- the review's summary ----------------------------------------------------------------------


def summary_spans(
    text: str, qs: list[Quantity], named: dict[int, _Named], outline: Outline, scope: TimeScope
) -> list[tuple[int, int]]:
    """The paragraphs of the review that sum up the year; the whole year's review when none does."""
    cues = _cues()
    starts = [q.start for q in qs]
    everything: list[tuple[int, int]] = []
    for root in outline.roots:
        if root.part != "review":
            continue
        limit = root.children[0].start if root.children else root.end
        paragraphs = [p for p in _paragraphs(text, root.title_end, root.end) if scope.period_at(p[0]) is None]
        everything.extend(paragraphs)
        candidates = [p for p in paragraphs if p[1] <= limit]
        for n, (a, b) in enumerate(candidates):
            if len(_indicators_in(text, qs, named, starts, a, b)) < 2:
                continue
            block = [(a, b)]
            body = text[a:b].lstrip()
            if body.startswith(cues.bullets):
                for c, d in candidates[n + 1 :]:
                    if not text[c:d].lstrip().startswith(cues.bullets):
                        break
                    block.append((c, d))
            return block
    return everything


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for line in text[start:end].split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _indicators_in(text, qs, named, starts, a: int, b: int) -> set[str]:
    return {
        named[i].name
        for i in _between(starts, a, b)
        if named[i].canonical and qs[i].kind == "actual" and _headline_figure(text, qs, i)
    }


def _between(starts: list[int], a: int, b: int) -> range:
    """Indices of the quantities that start in [a, b) (``starts`` in text order)."""
    return range(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b))


def _summary_records(text, qs, ids, named, outline, scope, raw_span, target_spans) -> list[dict]:
    spans = summary_spans(text, qs, named, outline, scope)
    listed = {_key_name(named[i]) for i in _in_spans(qs, target_spans) if not named[i].canonical}
    kept: dict[tuple, int] = {}  # key -> index in out
    taken_groups: dict[int, tuple] = {}
    out: list[dict] = []
    for i in _in_spans(qs, spans):
        q, n = qs[i], named[i]
        if q.kind != "actual" or not _headline_figure(text, qs, i):
            continue
        if not n.canonical and _key_name(n) not in listed:
            continue
        key = (n.name, q.growth, n.component)
        if _breakdown(text, q) and any(k[0] == n.name for k in kept):
            continue
        record = _record(n, q, ids[i], raw_span, text, "review")
        if key in kept and taken_groups.get(n.group) != key:
            if _sharper(out[kept[key]], record, text, q):
                out[kept[key]] = record  # 突破4000亿元、达到4211亿元: the exact figure, not the threshold
            continue
        kept[key] = len(out)
        taken_groups[n.group] = key
        out.append(record)
    return out


def _sharper(earlier: dict, record: dict, text: str, q: Quantity) -> bool:
    """The same figure restated exactly in the same sentence (超过…、达到…)."""
    same_sentence = "。" not in text[earlier["_end"] : q.start]
    return same_sentence and earlier["comparator"] != "eq" and record["comparator"] == "eq"


def _key_name(n: _Named) -> str:
    return n.name


def _in_spans(qs: list[Quantity], spans: list[tuple[int, int]]) -> list[int]:
    starts = [q.start for q in qs]
    return sorted({i for a, b in spans for i in _between(starts, a, b)})


# --- the plan's list of main targets -----------------------------------------------------------


def target_list(
    text: str, qs: list[Quantity], named: dict[int, _Named], outline: Outline, scope: TimeScope
) -> list[tuple[int, int]]:
    """The spans of the main-targets list: from after its cue (主要预期目标是：) to the last sentence of
    its paragraph that still lists targets. Empty when the plan states no such list."""
    cues = _cues()
    starts = [q.start for q in qs]
    for a, b in _plan_year_sentences(text, outline, scope):
        m = cues.target.search(text, a, b)
        if not m:
            continue
        start = _after_colon(text, m.end(), b)
        spans = [(start, b)]
        for c, d in sentences(text, b, line_end(text, b)):
            if not _continues(text, qs, named, starts, c, d):
                break
            spans.append((c, d))
        return spans
    return []


def _plan_year_sentences(text: str, outline: Outline, scope: TimeScope):
    for root in outline.roots:
        if root.part != "plan":
            continue
        for a, b in sentences(text, root.title_end, root.end):
            if scope.period_at(a) is None:
                yield a, b


def _after_colon(text: str, pos: int, end: int) -> int:
    for mark in ("：", ":"):
        at = text.find(mark, pos, end)
        if at >= 0:
            return at + 1
    return pos


def _continues(text, qs, named, starts, a: int, b: int) -> bool:
    cues = _cues()
    body = text[a:b].strip()
    if not body or body.startswith(cues.end):
        return False
    if cues.continuation.search(body):
        return True
    inside = _between(starts, a, b)
    if any(named[i].canonical or qs[i].growth for i in inside):
        return True
    return any(
        hit[2] is not None for clause in _clauses(text, a, b) for hit in names.named_in(text[slice(*clause)])
    )


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CLAUSE.finditer(text, a, b)]


def _target_records(text, qs, ids, named, spans, scope, raw_span) -> list[dict]:
    growth_words = lexicon.load().qualitative_growth
    starts = [q.start for q in qs]
    out = []
    for a, b in spans:
        for c, d in _clauses(text, a, b):
            inside = list(_between(starts, c, d))
            figures = [i for i in inside if _headline_figure(text, qs, i)]
            for i in figures:
                q = qs[i]
                if q.kind == "target":
                    out.append(_record(named[i], q, ids[i], raw_span, text, "plan"))
            if inside:
                continue
            clause = text[c:d].rstrip("，,；;。")
            growth = any(w in clause for w in growth_words)
            hits = names.named_in(clause)
            for s, _e, indicator, name in hits:
                # one target: the whole item (完成国家下达的…目标); several: each from its name on
                start = c if len(hits) == 1 else c + s
                end = c + len(clause)
                out.append(_qualitative(indicator, name, start, end, growth, scope, raw_span, text))
    return out


# --- records -----------------------------------------------------------------------------------


def _record(n: _Named, q: Quantity, qid: str, raw_span, text: str, part: str) -> dict:
    return {
        "metric": n.name,
        "kind": q.kind,
        "year": q.year,
        "value": as_number(q.value),
        "unit": q.unit,
        "growth": q.growth,
        "comparator": q.comparator,
        "quantity": qid,
        "raw_span": list(raw_span(q.start, q.end)),
        "text": text[q.start : q.end],
        "part": part,
        "canonical": n.canonical,
        "_end": q.end,
    }


def _qualitative(indicator, name, start: int, clause_end: int, growth: bool, scope, raw_span, text) -> dict:
    """A number-less target: its span runs to the end of its clause."""
    return {
        "metric": indicator.name if indicator else name,
        "kind": "target",
        "year": scope.plan_year,
        "value": None,
        "unit": None,
        "growth": growth,
        "comparator": None,
        "quantity": None,
        "raw_span": list(raw_span(start, clause_end)),
        "text": text[start:clause_end],
        "part": "plan",
        "canonical": indicator is not None,
    }
