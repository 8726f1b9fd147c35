"""The report as people read it: a plan's stored text (or a piece of it) in; paragraphs of the
repaired text out (``text.repair``: no Markdown marks, no spaces inside Chinese text, paragraphs
broken at line ends joined), headings marked as headings, and every extracted quantity and task
sentence cut out of it at exactly the characters its raw span names.

Spans point into the stored raw text; the repaired text remembers, for each of its characters,
the raw offset it came from, so a raw span maps to the repaired characters that came from it and
a highlight never drifts, whatever the repair dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from duban.plans.models import Plan, Section
from duban.publish import access
from duban.text.chrome import find_chrome
from duban.text.repair import RepairedText, repair

_MARKS = re.compile(r"[\s、．.，,]")  # what a heading may carry between its number and its title


@dataclass
class Piece:
    """A run of one paragraph: plain text, a quantity (linked to its task) or a task's sentence."""

    text: str
    quantity: dict | None = None
    task_id: str | None = None  # the task a quantity belongs to, when the reader may open it
    anchor: str = ""  # a task starts here: the id the report's links jump to
    sentence: bool = False  # the task's own sentence, on the task page


@dataclass
class Paragraph:
    pieces: list[Piece] = field(default_factory=list)
    level: int = 0  # 0 body; 1 the document title; 2–4 headings, outermost first

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


@dataclass(frozen=True)
class Mark:
    """A raw span to cut out of the text, and what it is."""

    start: int
    end: int
    quantity: dict | None = None
    task_id: str | None = None
    anchor: str = ""
    sentence: bool = False


def report_view(user, plan_id: int) -> tuple[Plan, list[Paragraph]]:
    """The plan's report for the reader; a liaison's links lead only to its own unit's tasks."""
    plan = access.plan_for(user, plan_id)
    return plan, report_paragraphs(plan, access.unit_task_ids(user, plan))


def report_paragraphs(plan: Plan, allowed: set[str] | None = None) -> list[Paragraph]:
    """The whole report: quantities marked and linked to their tasks (only to ``allowed`` ones,
    when given: a liaison's unit's), an anchor where each task's sentence starts."""
    text = plan.source_text
    extraction = plan.extraction or {}
    task_of_quantity = {q: t["id"] for t in extraction.get("tasks", []) for q in t.get("quantities", [])}
    stable = dict(plan.tasks.exclude(source_task="").values_list("source_task", "external_id"))
    marks = []
    for q in extraction.get("quantities", []):
        task_id = stable.get(task_of_quantity.get(q["id"], ""))
        shown = task_id if allowed is None or task_id in allowed else None
        marks.append(Mark(*q["raw_span"], quantity=q, task_id=shown))
    for external_id, start in plan.tasks.filter(withdrawn=False, raw_start__isnull=False).values_list(
        "external_id", "raw_start"
    ):
        marks.append(Mark(start, start, anchor=external_id))
    fixed = repair(text, find_chrome(text))
    return paragraphs(fixed, marks, _headings(plan.sections.all()), titled=True)


def excerpt(piece: str, sentence: tuple[int, int], sections: Iterable[Section]) -> list[Paragraph]:
    """A piece of the raw text around a task, repaired, its ``sentence`` (offsets in the piece)
    marked; the piece's ends cut into the report, which an ellipsis says."""
    found = paragraphs(repair(piece), [Mark(*sentence, sentence=True)], _headings(sections), titled=False)
    if found:
        found[0].pieces.insert(0, Piece("…"))
        found[-1].pieces.append(Piece("…"))
    return found


def paragraphs(
    fixed: RepairedText, marks: Sequence[Mark], headings: dict[str, int], *, titled: bool
) -> list[Paragraph]:
    """The repaired text cut into paragraphs and pieces at ``marks`` (raw spans); the first of
    two overlapping marks wins, as it did when the spans were found."""
    cuts = _cuts(fixed, marks)
    found: list[Paragraph] = []
    for number, (start, end) in enumerate(_lines(fixed.text)):
        paragraph = Paragraph(_pieces(fixed.text, start, end, cuts))
        paragraph.level = _level(paragraph.text, headings, first=titled and number == 0)
        if paragraph.pieces:
            found.append(paragraph)
    return found


def _cuts(fixed: RepairedText, marks: Sequence[Mark]) -> list[tuple[int, int, Mark]]:
    """Each mark as a span of the repaired text, sorted, overlaps dropped."""
    to_raw = fixed.to_raw
    spans = []
    for mark in marks:
        start = bisect_left(to_raw, mark.start, 0, len(to_raw) - 1)
        end = bisect_left(to_raw, mark.end, start, len(to_raw) - 1) if mark.end > mark.start else start
        spans.append((start, end, mark))
    spans.sort(key=lambda s: (s[0], s[1] != s[0]))  # an anchor before the quantity it starts at
    kept: list[tuple[int, int, Mark]] = []
    cursor = 0
    for start, end, mark in spans:
        if start < cursor:
            continue
        kept.append((start, end, mark))
        cursor = end
    return kept


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _pieces(text: str, start: int, end: int, cuts: list[tuple[int, int, Mark]]) -> list[Piece]:
    pieces: list[Piece] = []
    cursor = start
    for cut_start, cut_end, mark in cuts:
        if cut_end < start or cut_start > end or (cut_start == end and cut_end == end and end != start):
            continue
        cut_start, cut_end = max(cut_start, start), min(cut_end, end)
        if cut_start > cursor:
            pieces.append(Piece(text[cursor:cut_start]))
        pieces.append(
            Piece(
                text[cut_start:cut_end],
                quantity=mark.quantity,
                task_id=mark.task_id,
                anchor=mark.anchor,
                sentence=mark.sentence,
            )
        )
        cursor = max(cursor, cut_end)
    if end > cursor:
        pieces.append(Piece(text[cursor:end]))
    return pieces


def _headings(sections: Iterable[Section]) -> dict[str, int]:
    """Each section's heading as written (number and title), normalised → its level (2 for a
    top-level part, 3 for a chapter, 4 below)."""
    rows = list(sections)
    parent = {s.pk: s.parent_id for s in rows}
    found = {}
    for section in rows:
        depth, up = 0, section.parent_id
        while up is not None and depth < 2:
            depth, up = depth + 1, parent.get(up)
        found[_normal(section.heading)] = 2 + depth
    return found


def _level(text: str, headings: dict[str, int], *, first: bool) -> int:
    if first and len(text) <= 40:
        return 1  # the report's own title opens it
    return headings.get(_normal(text), 0)


def _normal(text: str) -> str:
    return _MARKS.sub("", text)
