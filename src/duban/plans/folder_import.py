"""A folder of reports of the governments under one parent in (``duban import DIR --parent 保定市``);
each report matched to its government by the region it names, then imported, out.

Matching comes first, for every file: a report whose region is ambiguous, absent, outside the
parent, or shared with another report of the same year is asked about (``ask``), or, when no one
can be asked, named in the refusal with the way to answer (``--assign 文件=政府``), and then
nothing is imported. Never a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from duban.corpus.files import discover
from duban.plans.governments import Match, match_child
from duban.plans.importing import ImportOutcome, ImportRefused, Source, import_source, read_source
from duban.plans.models import Government
from duban.regions import Division
from duban.text.load import ReportError

# (file name, what is unclear, the candidates) → the government's name, or None to give up.
Ask = Callable[[str, str, tuple[Division, ...]], str | None]


@dataclass
class Matched:
    path: Path
    source: Source
    government: str
    level: str


@dataclass
class FolderOutcome:
    parent: Government
    imported: list[tuple[Matched, ImportOutcome]]


def parent_named(name: str) -> Government:
    found = list(Government.objects.filter(name=name.strip())[:2])
    if len(found) != 1:
        problem = "找不到" if not found else "有多个"
        raise ImportRefused(
            f"{problem}名为“{name}”的上级政府：请先导入它的报告（duban import 报告 --government {name}）"
        )
    return found[0]


def _read(path: Path) -> Source:
    try:
        return read_source(path)
    except ReportError as err:
        raise ImportRefused(f"{path.name}：{err}；请移出这个文件后再导入") from None


def match_folder(
    folder: Path, parent: Government, *, answers: dict[str, str] | None = None, ask: Ask | None = None
) -> list[Matched]:
    """Every report in ``folder`` with its government under ``parent``; refused with every unclear
    file listed when any is left unanswered."""
    answers = answers or {}
    files = discover([folder])
    if not files:
        raise ImportRefused(f"{folder} 中没有报告文件（.txt、.md、.docx、.pdf）")
    matched: list[Matched] = []
    unclear: list[str] = []
    for found in files:
        source = _read(found.path)
        name = found.path.name
        if source.plan_year is None:
            unclear.append(f"{name}（报告中找不到计划年度）")
            continue
        region = source.result["document"].get("region")
        if name in answers:
            matched.append(Matched(found.path, source, answers[name], "county"))
            continue
        match = match_child(region, parent)
        if match.division is not None:
            matched.append(Matched(found.path, source, match.division.name, match.division.level))
            continue
        answer = ask(name, match.problem, match.candidates) if ask else None
        if answer:
            matched.append(Matched(found.path, source, answer, "county"))
        else:
            unclear.append(f"{name}（{match.problem}）")
    unclear += _clashes(matched)
    if unclear:
        raise ImportRefused(
            "以下报告无法确定属于哪个政府，未导入任何报告："
            + "；".join(unclear)
            + "。请用 --assign 文件名=政府名 写明（可重复），再运行一次"
        )
    return matched


def _clashes(matched: list[Matched]) -> list[str]:
    seen: dict[tuple[str, int | None], str] = {}
    clashes = []
    for m in matched:
        key = (m.government, m.source.plan_year)
        if key in seen:
            clashes.append(f"{m.path.name} 与 {seen[key]} 都是{m.government} {m.source.plan_year} 年的报告")
        seen[key] = m.path.name
    return clashes


def import_folder(
    folder: Path,
    *,
    parent: str,
    answers: dict[str, str] | None = None,
    ask: Ask | None = None,
    apply: bool = False,
    user=None,
) -> FolderOutcome:
    parent_gov = parent_named(parent)
    matched = match_folder(folder, parent_gov, answers=answers, ask=ask)
    imported = [
        (
            m,
            import_source(
                m.source,
                government=m.government,
                level=m.level,
                parent=parent_gov.name,
                apply=apply,
                user=user,
            ),
        )
        for m in matched
    ]
    return FolderOutcome(parent_gov, imported)


__all__ = ["Ask", "FolderOutcome", "Match", "Matched", "import_folder", "match_folder"]
