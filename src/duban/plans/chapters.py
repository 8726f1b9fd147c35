"""A plan's sections in; for each section, the chapter it belongs to out.

A work report's plan part is one top-level heading (二、2024年工作安排) with its chapters under
it ((一)聚力抓产业…); summing by top-level heading would put every task in one bar, so a
chapter is the section one level below the top — or the top-level section itself when it has
no subsections.
"""

from __future__ import annotations

from collections.abc import Sequence

from duban.plans.models import Section


def chapter_map(sections: Sequence[Section]) -> dict[int, int]:
    by_pk = {s.pk: s for s in sections}
    chapters: dict[int, int] = {}
    for section in sections:
        node = section
        while node.parent_id in by_pk and by_pk[node.parent_id].parent_id in by_pk:
            node = by_pk[node.parent_id]
        chapters[section.pk] = node.pk
    return chapters


def chapters(sections: Sequence[Section], part: str | None = "plan") -> list[Section]:
    """The chapter sections in report order, of one part (plan, review) or of all."""
    heads = set(chapter_map(sections).values())
    return [s for s in sections if s.pk in heads and (part is None or s.part == part)]
