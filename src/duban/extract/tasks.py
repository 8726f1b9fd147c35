"""Tasks of the plan: the plan part, its time scope and quantities in; one commitment of the
plan year per record out (what a supervision office lists as a row of its 分工方案).

- Each item of the main-targets list is its own task (地区生产总值增长6%; 居民收入与经济同步增长),
  so that each headline target gets its own lead unit.
- A sentence that holds a figure of the plan year is a task; every such figure lands in exactly
  one task (a sentence that only explains a listed target lends its figure to that target's task).
- Other sentences are tasks when they commit to an action (an action verb), except: the lead
  phrase that heads a paragraph (全力推进乡村振兴。), what a section heading's own paragraph says
  before its work (a section preamble), everything a plan part says before its first numbered
  section (总体要求, 指导思想, principles, lead-ins), context (今年是…之年), lead-ins (重点抓好以下
  工作：), list markers alone (七是), pledges of loyalty and work style in the part on the
  government's own conduct, the closing exhortation (各位代表！…) and anything of a multi-year
  outlook (a 十五五 section or paragraph).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex

from duban.extract import lexicon, names
from duban.extract.outline import Outline, Section
from duban.extract.quantities import Quantity
from duban.extract.scope import TimeScope

_SENTENCE = regex.compile(r"[^。！？；;!?\n]+[。！？；;!?]*")
_ITEM = regex.compile(r"[^，,；;。！？!?]+[，,；;。！？!?]?")
_LEAD_MAX = 20
_SUBJECT_MAX = 12  # the subject of a statement (就业是最基本的民生) is short


@dataclass(frozen=True)
class _Rules:
    verbs: regex.Pattern
    commitment: regex.Pattern
    openers: tuple[str, ...]
    context: tuple[str, ...]
    lead_in: regex.Pattern
    markers: frozenset[str]
    self_building: regex.Pattern
    political: regex.Pattern
    preamble: regex.Pattern
    explanations: tuple[str, ...]
    vocatives: tuple[str, ...]
    exhortations: tuple[str, ...]
    statement: regex.Pattern
    closing_calls: tuple[str, ...]


@cache
def _rules() -> _Rules:
    lex = lexicon.load()
    rules = lex.not_tasks
    alt = lexicon.alternation
    return _Rules(
        verbs=regex.compile(alt(lex.task_verbs)),
        commitment=regex.compile(alt(lex.kind["commitment"])),
        openers=lex.not_task_openers,
        context=tuple(rules["context_openers"]),
        lead_in=regex.compile(rf"(?:{alt(rules['lead_in_words'])})[：:]?$"),
        markers=frozenset(rules["list_markers"]),
        self_building=regex.compile(alt(rules["self_building_titles"])),
        political=regex.compile(alt(rules["political_cues"])),
        preamble=regex.compile(alt(rules["preamble_titles"])),
        explanations=tuple(lex.indicator_lists["end_cues"]),
        vocatives=tuple(lex.periods["vocatives"]),
        exhortations=tuple(rules["exhortation_openers"]),
        statement=regex.compile(rf"^[^，,；;：:]{{1,{_SUBJECT_MAX}}}?(?:{alt(rules['copulas'])})"),
        closing_calls=tuple(rules["closing_calls"]),
    )


@dataclass
class _Task:
    start: int
    end: int
    section: Section
    heading: str
    quantities: list[int]
    indicator: str | None = None


def split_tasks(
    text: str,
    outline: Outline,
    scope: TimeScope,
    qs: list[Quantity],
    ids: list[str],
    raw_span: Callable[[int, int], tuple[int, int]],
    target_spans: list[tuple[int, int]],
) -> list[dict]:
    year_qs = [i for i, q in enumerate(qs) if outline.part_at(q.start) == "plan" and q.period is None]
    items = _target_items(text, qs, year_qs, outline, target_spans)
    found = _sentence_tasks(text, outline, scope, qs, year_qs, target_spans, items)
    ordered = sorted(items + found, key=lambda t: t.start)
    return [_record(t, n, text, qs, ids, raw_span) for n, t in enumerate(ordered, start=1)]


# --- the main-targets list ---------------------------------------------------------------------


def _target_items(text, qs, year_qs, outline, spans) -> list[_Task]:
    """One task per item of the list; a clause naming no target (在实际工作中争取更好结果) stays with
    the item before it."""
    items: list[_Task] = []
    year_starts = [qs[i].start for i in year_qs]
    for a, b in spans:
        section = outline.section_at(a)
        for m in _ITEM.finditer(text, a, b):
            s, e = m.span()
            inside = _year_between(year_starts, year_qs, s, e)
            clause = text[s:e].rstrip("，,；;。")
            named = [hit for hit in names.named_in(clause)] if not inside else []
            e = s + len(clause)  # the item without the mark that joins it to the next
            if inside or named:
                indicator = _indicator_of(clause, named)
                items.append(_Task(s, e, section, _list_heading(text, a), inside, indicator))
            elif items:
                items[-1].end = e
    return items


def _year_between(year_starts: list[int], year_qs: list[int], a: int, b: int) -> list[int]:
    """The plan year's quantities that start in [a, b) (``year_qs`` in text order)."""
    return year_qs[bisect.bisect_left(year_starts, a) : bisect.bisect_left(year_starts, b)]


def _indicator_of(clause: str, named) -> str | None:
    if named:
        return named[0][2].name if named[0][2] else None
    indicator = names.lookup(regex.split(r"\d", clause, maxsplit=1)[0])
    return indicator.name if indicator else None


def _list_heading(text: str, start: int) -> str:
    """The list's lead-in (今年经济社会发展主要预期目标是), the heading of each of its tasks."""
    line_start = text.rfind("\n", 0, start) + 1
    head = text[line_start:start].rstrip("：: ")
    return head[-30:]


# --- sentences ---------------------------------------------------------------------------------


def _sentence_tasks(text, outline, scope, qs, year_qs, target_spans, items) -> list[_Task]:
    rules = _rules()
    closing = _closing_start(text, outline)
    year_starts = [qs[i].start for i in year_qs]
    roots = [r for r in outline.roots if r.part == "plan"]
    tasks: list[_Task] = []
    for k, root in enumerate(roots):
        preamble_end = _preamble_end(text, root, roots[k + 1 :], target_spans)
        for a, b, section, heading_line in _paragraphs(text, root):
            # 完成今年发展目标任务，必须…: a paragraph on how to reach the targets states principles
            in_preamble = a < preamble_end or text.startswith(rules.explanations, a)
            lead: str | None = None
            # On a heading's own line, what comes before its first lead phrase or figure is the
            # section's preamble (（九）…。始终坚持人民至上…。稳就业促创业。做好…).
            opening = heading_line
            for n, m in enumerate(_SENTENCE.finditer(text, a, b)):
                s, e = m.span()
                if any(s < y and x < e for x, y in target_spans):
                    continue  # the list's items are tasks of their own
                inside = _year_between(year_starts, year_qs, s, e)
                body = m.group(0).strip()
                if (n == 0 or opening) and not inside and _is_lead(body):
                    lead, opening = body.rstrip("。"), False
                    continue
                opening = opening and not inside
                if (
                    inside
                    and in_preamble
                    and items
                    and (body.startswith(rules.explanations) or _restates(inside, items, qs))
                ):
                    _lend(items, inside, qs)
                    continue
                if not inside and not _commits(body, section, in_preamble, opening, s >= closing, scope, s):
                    continue
                tasks.append(_Task(s, e, section, lead or section.title, inside))
    return tasks


def _is_lead(body: str) -> bool:
    """全力推进乡村振兴。: short, one clause, a full stop."""
    core = body.rstrip("。；;")
    return len(core) <= _LEAD_MAX and body.endswith("。") and not any(c in core for c in "，,、")


def _commits(
    body: str, section: Section, in_preamble: bool, heading_line: bool, closing: bool, scope, pos
) -> bool:
    """Whether a sentence without a figure of the year is a commitment of the year."""
    rules = _rules()
    if in_preamble or heading_line or closing or scope.period_at(pos) is not None:
        return False
    if body.startswith(rules.openers + rules.context + rules.exhortations) or "？" in body:
        return False
    if body.rstrip("。：:；;，, ") in rules.markers or rules.lead_in.search(body.rstrip("。")):
        return False
    if _in_self_building(section) and rules.political.search(body):
        return False
    stated = rules.statement.match(body) and not body.startswith(tuple(rules.markers))
    return not stated or bool(rules.verbs.search(body))


def _in_self_building(section: Section) -> bool:
    rules = _rules()
    return any(rules.self_building.search(s.title) for s in section.lineage())


def _lend(items: list[_Task], inside: list[int], qs: list[Quantity]) -> None:
    """确定4.5%左右的增长目标…: the figure restates a listed target; it belongs to that target's task."""
    for i in inside:
        owner = next((t for t in items if any(_same_figure(qs[i], qs[j]) for j in t.quantities)), items[0])
        owner.quantities.append(i)


def _restates(inside: list[int], items: list[_Task], qs: list[Quantity]) -> bool:
    """经济增长预期目标为5%左右，考虑了…: every figure of the sentence is one the list already gave."""
    listed = [qs[j] for t in items for j in t.quantities]
    return all(any(_same_figure(qs[i], q) for q in listed) for i in inside)


def _same_figure(a: Quantity, b: Quantity) -> bool:
    return a.value == b.value and a.unit == b.unit


def _preamble_end(text: str, root: Section, later: list[Section], target_spans) -> int:
    """Where a plan part's own work begins: its first numbered section. In a part with none that
    sets out the year's requirements before the parts with sections (总体要求和政策取向), the
    work (the year's policies) begins after the main-targets list and what comments on it."""
    if root.children:
        return root.children[0].start
    if not (_rules().preamble.search(root.title) or any(r.children for r in later)):
        return root.start
    listed = [b for a, b in target_spans if root.start <= a < root.end]
    if not listed:
        return root.end
    end = text.find("\n", listed[-1])
    while 0 <= end < root.end:
        following = text[end + 1 : text.find("\n", end + 1) if "\n" in text[end + 1 :] else len(text)]
        if not following.startswith(_rules().explanations + _rules().context):
            break
        end = text.find("\n", end + 1)
    return root.end if end < 0 else end


def _closing_start(text: str, outline: Outline) -> int:
    """The closing exhortation, in the last part: from the last paragraph that opens with 各位代表,
    or else from the last paragraph that calls on the audience (让我们…)."""
    rules = _rules()
    if not outline.roots:
        return len(text)
    last = outline.roots[-1]
    saluted = called = len(text)
    pos = last.start
    for line in text[last.start :].split("\n"):
        if line.startswith(rules.vocatives):
            saluted = pos
        elif any(call in line for call in rules.closing_calls):
            called = pos
        pos += len(line) + 1
    return saluted if saluted < len(text) else called


def _paragraphs(text: str, root: Section):
    """(start, end, section, is the heading's own line) of each paragraph of a plan part, a
    heading's own words left out. The words after a heading on its line are its preamble when
    the section goes on in paragraphs of its own."""
    pos = root.start
    for piece in text[root.start : root.end].split("\n"):
        a, b = pos, pos + len(piece)
        pos = b + 1
        if a == b:
            continue
        section = _section_at(root, a)
        heading_line = section.start == a
        if heading_line:
            a = section.title_end
            while a < b and text[a] in "。：:；; ":
                a += 1
            if a >= b:
                continue
            heading_line = bool(text[b : _own_end(section)].strip())
        yield a, b, section, heading_line and section is not root


def _own_end(section: Section) -> int:
    """Where a section's own text ends: at its first child, or at its end."""
    return section.children[0].start if section.children else section.end


def _section_at(root: Section, pos: int) -> Section:
    for child in root.children:
        if child.start <= pos < child.end:
            return _section_at(child, pos)
    return root


def _record(t: _Task, n: int, text: str, qs, ids, raw_span) -> dict:
    body = text[t.start : t.end].strip()
    rules = _rules()
    m = rules.commitment.search(body)
    out = {
        "id": f"t{n}",
        "section": t.section.id,
        "heading": t.heading,
        "text": body,
        "quantities": [ids[i] for i in sorted(t.quantities)],
        "cue": m.group(0) if m else None,
        "raw_span": list(raw_span(t.start, t.end)),
    }
    if t.indicator is not None:
        out["indicator"] = t.indicator
    return out
