"""The drafted review section (回顾): a stored plan and a day in; the paragraphs a next report opens
its review with, each figure footnoted with its task, unit and the accepted report, out (.docx).

Only accepted figures are used, the latest of periods ending by the day: the headline results in
the order of the plan's main targets, then the counted results chapter by chapter in the plan's
order. A target with no accepted figure is a marked gap 【待核实：…】, never a guess.
"""

from __future__ import annotations

import datetime as dt

from duban.closing.ledger import Accepted, accepted_figures
from duban.plans.models import Plan, Target
from duban.promises.word import Paragraph, Piece, draft_docx

_LOOK_BACK = "过去一年，"


def draft_review(plan: Plan, day: dt.date | None = None) -> bytes:
    title, subtitle, paragraphs = review_paragraphs(plan, day)
    return draft_docx(title, subtitle, paragraphs)


def review_paragraphs(plan: Plan, day: dt.date | None = None) -> tuple[str, str, list[Paragraph]]:
    day = day or plan.year_end
    figures = accepted_figures(plan, until=day)
    targets = list(
        Target.objects.filter(task__plan=plan, withdrawn=False, task__withdrawn=False)
        .select_related("task__section__parent")
        .prefetch_related("task__assignments__department")
        .order_by("task__order", "task__pk", "external_id")
    )
    headline = {t.task_id for t in targets if _is_headline(plan, t)}
    paragraphs = [_opening([t for t in targets if t.task_id in headline], figures)]
    chapters: dict[str, list[Target]] = {}
    for t in targets:
        if t.task_id not in headline:
            chapters.setdefault(_chapter(t), []).append(t)
    for chapter, members in chapters.items():
        paragraphs.append(_chapter_paragraph(chapter, members, figures))
    title = f"{plan.government.name}{plan.year}年工作回顾（初稿）"
    subtitle = f"据{day:%Y年%m月%d日}前审核通过的进展报告起草；【待核实】处尚无审核通过的数字"
    return title, subtitle, paragraphs


def _is_headline(plan: Plan, target: Target) -> bool:
    """A target of the main-targets list: its task carries the indicator in the extraction."""
    source = {t["id"]: t for t in (plan.extraction or {}).get("tasks") or []}.get(target.task.source_task)
    return bool(source and source.get("indicator"))


def _chapter(target: Target) -> str:
    section = target.task.section
    while section is not None and section.parent is not None and section.parent.part == section.part:
        if section.parent.parent is None:
            break
        section = section.parent
    return f"{section.number}{section.title}" if section else ""


def _opening(targets: list[Target], figures: dict[int, Accepted]) -> Paragraph:
    pieces = [Piece(_LOOK_BACK)]
    for n, t in enumerate(targets):
        pieces.extend(_result(t, figures.get(t.pk)))
        pieces.append(Piece("，" if n < len(targets) - 1 else "。"))
    if not targets:
        pieces.append(Piece("【待核实：计划未列主要预期目标】。", gap=True))
    return Paragraph(pieces)


def _chapter_paragraph(chapter: str, targets: list[Target], figures: dict[int, Accepted]) -> Paragraph:
    pieces = [Piece(f"{chapter}。" if chapter else "")]
    for n, t in enumerate(targets):
        pieces.extend(_result(t, figures.get(t.pk)))
        pieces.append(Piece("，" if n < len(targets) - 1 else "。"))
    return Paragraph(pieces)


def _result(target: Target, found: Accepted | None) -> list[Piece]:
    name = target.metric
    if found is None:
        return [Piece(f"【待核实：{name}（目标{target.text}，{target.task.external_id}）】", gap=True)]
    said = "增长" if target.growth and not found.text.startswith(("增长", "下降", "-")) else ""
    lead = target.task.lead_unit()
    accepted = f"，{found.accepted_at:%Y年%m月%d日}审核通过" if found.accepted_at else ""
    unit = lead.name if lead else found.department
    by = "" if found.department == unit else found.department
    note = (
        f"任务{target.task.external_id}（指标{target.external_id}），牵头单位{unit}；"
        f"{by}{found.period}进展报告{accepted}。"
    )
    return [Piece(f"{name}{said}"), Piece(found.text, note=note)]
