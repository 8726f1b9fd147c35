"""Run every extraction step: ``LoadedText`` in, the contract dict out.

load -> chrome -> repair -> outline -> document -> quantities -> context -> metric
-> indicators -> tasks. Offsets in the output point into ``LoadedText.text``.
"""

from __future__ import annotations

from pathlib import Path

from duban.extract import context
from duban.extract.document import describe, head_lines, report_year
from duban.extract.indicators import find_indicators, locate
from duban.extract.metric import growth_from_names, name_metrics
from duban.extract.numbers import as_number
from duban.extract.outline import Outline, build_outline
from duban.extract.quantities import Quantity, find_quantities
from duban.extract.scope import TimeScope, build_scope, title_period
from duban.extract.tasks import split_tasks
from duban.text.chrome import find_chrome
from duban.text.load import DEFAULT_MAX_BYTES, LoadedText, load_report
from duban.text.repair import RepairedText, repair

SCHEMA = "duban.extract/2"
# The parts of the contract a caller may go without; the document, outline and headline
# indicators are always read. A researcher's panel of indicators needs no tasks.
OPTIONAL_PARTS = frozenset({"quantities", "tasks"})


def extract_file(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, parts: frozenset[str] = OPTIONAL_PARTS
) -> dict:
    return extract_loaded(load_report(path, max_bytes=max_bytes), parts=parts)


def extract_text(text: str) -> dict:
    return extract_loaded(LoadedText(text=text, source_format="txt"))


def extract_loaded(loaded: LoadedText, *, parts: frozenset[str] = OPTIONAL_PARTS) -> dict:
    """The contract dict; a part left out of ``parts`` is left out of the dict, not emptied."""
    chrome = find_chrome(loaded.text)
    fixed = repair(loaded.text, chrome)
    head = head_lines(loaded.text)
    outline = build_outline(fixed.text, report_year(head))
    document = describe(head, outline)
    scope = build_scope(fixed.text, outline, document["review_year"], document["plan_year"])
    for section in outline.flat:
        section.period = title_period(section.title, section.part, scope.review_year, scope.plan_year)
        if section.parent is None and section.period is None:
            section.period = scope.period_at(section.title_end + 1)  # a slogan heading: what it opens with
    qs = read_quantities(fixed, outline, document, scope)
    ids = [f"q{i + 1}" for i in range(len(qs))]
    headlines = locate(fixed.text, qs, context.enumeration_groups(fixed.text, qs), outline, scope)
    result = {"schema": SCHEMA, "document": document, "outline": [s.as_dict() for s in outline.roots]}
    if "quantities" in parts:
        result["quantities"] = [_quantity_record(q, qid, fixed) for q, qid in zip(qs, ids, strict=True)]
    result["indicators"] = find_indicators(fixed.text, qs, ids, headlines, outline, scope, fixed.raw_span)
    if "tasks" in parts:
        spans = headlines.target_spans
        result["tasks"] = split_tasks(fixed.text, outline, scope, qs, ids, fixed.raw_span, spans)
    if loaded.source_format in ("docx", "pdf"):
        document["text"] = loaded.text
    document["source_format"] = loaded.source_format
    return result


def read_quantities(
    fixed: RepairedText, outline: Outline, document: dict, scope: TimeScope
) -> list[Quantity]:
    text = fixed.text
    qs = find_quantities(text, outline.heading_numbers())
    groups = context.enumeration_groups(text, qs)
    context.share_comparators(groups, qs)
    context.mark_changes(text, qs, groups)
    context.apply_sign(qs)
    context.assign_kind_year(text, qs, outline.part_at, document["review_year"], document["plan_year"], scope)
    growth_from_names(text, qs, groups)
    name_metrics(text, qs, groups)
    context.mark_object_decreases(qs)
    kept = [q for q in qs if q.unit is not None]
    for q in kept:
        section = outline.section_at(q.start)
        q.section = section.id if section else None
    return kept


def _quantity_record(q: Quantity, qid: str, fixed: RepairedText) -> dict:
    return {
        "id": qid,
        "section": q.section,
        "raw_span": list(fixed.raw_span(q.start, q.end)),
        "text": fixed.text[q.start : q.end].replace("\n", ""),
        "value": as_number(q.value),
        "unit": q.unit,
        "comparator": q.comparator,
        "kind": q.kind,
        "year": q.year,
        "period": list(q.period) if q.period else None,
        "growth": q.growth,
        "metric": q.metric,
    }
