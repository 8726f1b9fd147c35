"""Tasks of the plan: the plan part of the text in, one commitment per sentence out.

A paragraph's short first sentence (全力推进乡村振兴。) is its lead phrase and heads
the tasks after it; a sentence is a task when it holds an action verb or a number.
Every plan-part quantity lands in exactly one task.
"""

from __future__ import annotations

from functools import cache

import regex

from duban import lexicon
from duban.extract.outline import Outline
from duban.extract.quantities import Quantity

_SENTENCE = regex.compile(r"[^。！？；;!?\n]+[。！？；;!?]*")
_LEAD_MAX = 20


@cache
def _verbs() -> regex.Pattern:
    return regex.compile(lexicon.alternation(lexicon.load().task_verbs))


@cache
def _commitment() -> regex.Pattern:
    return regex.compile(lexicon.alternation(lexicon.load().kind["commitment"]))


def _cue(body: str) -> str | None:
    """The word that makes the sentence a commitment (力争, 确保…), for the ledger's target type."""
    m = _commitment().search(body)
    return m.group(0) if m else None


def split_tasks(text: str, outline: Outline, qs: list[Quantity], ids: list[str], raw_span) -> list[dict]:
    tasks: list[dict] = []
    starts = [q.start for q in qs]
    openers = lexicon.load().not_task_openers
    for a, b, section in _plan_paragraphs(text, outline):
        lead: str | None = None
        for n, m in enumerate(_SENTENCE.finditer(text, a, b)):
            s, e = m.span()
            inside = [i for i, p in enumerate(starts) if s <= p < e]
            body = m.group(0).strip()
            if n == 0 and not inside and len(body.rstrip("。；;")) <= _LEAD_MAX and body.endswith("。"):
                lead = body.rstrip("。")
                continue
            if body.startswith(openers) or not (inside or _verbs().search(body)):
                continue
            tasks.append(
                {
                    "id": f"t{len(tasks) + 1}",
                    "section": section.id,
                    "heading": lead or section.title,
                    "text": body,
                    "quantities": [ids[i] for i in inside],
                    "cue": _cue(body),
                    "raw_span": list(raw_span(s, e)),
                }
            )
    return tasks


def _plan_paragraphs(text: str, outline: Outline):
    """(start, end, section) of each plan-part paragraph, a heading's own words left out."""
    start = 0
    for piece in text.split("\n"):
        a, b = start, start + len(piece)
        start = b + 1
        section = outline.section_at(a)
        if section is None or section.part != "plan" or a == b:
            continue
        if section.start == a:
            a = section.title_end
            while a < b and text[a] in "。：:；; ":
                a += 1
            if a >= b:
                continue
        yield a, b, section
