"""Progress in from Excel: a filled 进展报送表 in, one report per task out.

Import reads the filled rows, groups them by task and files one report per task for the task's
lead unit: figures from the rows' ``target_id`` → 完成值, the texts from the task's rows. It
lists what it would file (an ``ImportOutcome`` of ``Filing``s, each with its ``Action``) and
writes nothing until ``apply=True``; then everything is filed in one transaction and the file is
recorded, so the same file is refused a second time. A workbook that cannot be trusted (another
plan, period or unit, a foreign id, an unreadable figure, a change to an accepted report) is
refused whole with one line.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from django.utils import timezone

from duban.accounts import rules
from duban.plans import bulk, history, revision
from duban.plans.models import Department, Plan, Task
from duban.sheets.cells import clean_text
from duban.sheets.meta import SheetMeta
from duban.sheets.opening import workbook_bytes
from duban.sheets.progress import ProgressRow, read_progress
from duban.tracking import writes
from duban.tracking.figure_text import format_figure
from duban.tracking.models import (
    Figure,
    Period,
    ProgressImport,
    ProgressReport,
    ReportRole,
    ReportSource,
    ReportState,
)
from duban.tracking.periods import find_period
from duban.tracking.progress_common import ProgressRefused, lead_of, live_tasks, read_figure
from duban.tracking.reports import ReportEntry, check_entry, figure_fields, notify_reviewed

_MAX_ERRORS_SHOWN = 3
_PERCENT = "%"  # the base unit of a rate in units.toml


class Action(StrEnum):
    """What importing does with one task's rows."""

    FILE = "报送"
    ACCEPT = "审核通过"  # the office accepts a pending report the file repeats unchanged
    UNCHANGED = "未变化"  # the rows repeat a report already on file


@dataclass
class Filing:
    """One task's rows of the workbook, resolved and checked: the report they make."""

    task: Task
    department: Department
    rows: list[int]
    entry: ReportEntry
    figures: list[str]  # "项目总投资 85 → 8,500,000,000元", for the preview
    action: Action = Action.FILE
    report: ProgressReport | None = None  # the report already on file, if any

    def describe(self) -> str:
        shown = "；".join(self.figures) if self.figures else "无完成值"
        return f"{self.task.external_id} {self.department.name} {self.action}：{shown}"


@dataclass
class ImportOutcome:
    plan: Plan
    period: Period
    department: Department | None  # the unit the file was made for; None for the office's file
    filings: list[Filing]
    applied: bool
    accepted: bool  # filed as accepted by the office (``accept=True``)

    def count(self, action: Action) -> int:
        return sum(1 for f in self.filings if f.action == action)


def import_progress(
    plan: Plan,
    source: Path | BinaryIO,
    *,
    user,
    department: Department | None = None,
    period: Period | None = None,
    apply: bool = False,
    accept: bool = False,
    filename: str = "",
) -> ImportOutcome:
    """Check a filled 进展报送表 and list the reports it makes; with ``apply`` file them.

    ``department`` and ``period``, when given, are what the caller expects the file to be for;
    a file made for another unit or period is refused. ``accept`` files the reports as accepted
    (the office only).
    """
    data = workbook_bytes(source, "进展报送表")  # a bounded read of an ordinary file
    filename = filename or (source.name if isinstance(source, Path) else "")
    meta, rows = read_progress(io.BytesIO(data))
    sheet_period = _period_of(plan, meta, period)
    unit = _unit_of(plan, meta, department)
    _check_user(user, plan, unit, accept)
    filled = [row for row in rows if row.filled]
    if not filled:
        raise ProgressRefused("进展报送表中没有填写任何内容（完成值、进展情况等均为空），没有可导入的报告")
    digest = hashlib.sha256(data).hexdigest()
    with writes.batch():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _check_not_imported(digest)
        filings = _Reading(plan, sheet_period, unit, accept).filings(filled)
        if apply:
            _file(filings, sheet_period, user=user, accept=accept)
            ProgressImport.objects.create(
                plan=plan,
                period=sheet_period,
                department=unit,
                sha256=digest,
                filename=filename[:255],
                rows=len(filled),
                imported_by=user,
            )
    return ImportOutcome(plan, sheet_period, unit, filings, applied=apply, accepted=accept)


def _period_of(plan: Plan, meta: SheetMeta | None, expected: Period | None) -> Period:
    if meta is None or not meta.period:
        raise ProgressRefused(
            "这份工作簿不是督办系统为某一报送期导出的进展报送表：请用 duban progress export 导出后填写"
        )
    if meta.plan_id != plan.pk:
        raise ProgressRefused(
            f"这是计划“{meta.plan_key}”的进展报送表，不是“{plan.key}”的：请选择正确的计划或文件"
        )
    found = find_period(plan, meta.period)
    if found is None:
        raise ProgressRefused(f"报送期“{meta.period}”不在计划“{plan.key}”中：请重新导出进展报送表后填写")
    if expected is not None and found.pk != expected.pk:
        raise ProgressRefused(
            f"这是{found.title}的进展报送表，不是{expected.title}的：请选择正确的文件，或按其报送期导入"
        )
    return found


def _unit_of(plan: Plan, meta: SheetMeta, expected: Department | None) -> Department | None:
    """The unit the file reports for: the one it was exported for, else the caller's."""
    if not meta.department:
        return expected
    named = Department.objects.filter(government=plan.government, name=meta.department).first()
    if named is None:
        raise ProgressRefused(
            f"报送单位“{meta.department}”不在{plan.government.name}的单位清单中：请重新导出"
        )
    if expected is not None and named.pk != expected.pk:
        raise ProgressRefused(f"这是“{named.name}”的进展报送表，不是“{expected.name}”的：请导入本单位的文件")
    return named


def _check_user(user, plan: Plan, unit: Department | None, accept: bool) -> None:
    if rules.is_office(user, plan):
        return
    if accept:
        raise ProgressRefused("只有督查室可以直接审核通过（--accept）导入的进展报告")
    own = rules.unit_of(user)
    if own is None or unit is None or own.pk != unit.pk:
        mine = f"本单位（{own.name}）" if own else "本单位"
        raise ProgressRefused(f"您只能导入{mine}的进展报送表")


def _check_not_imported(digest: str) -> None:
    earlier = ProgressImport.objects.filter(sha256=digest).select_related("period").first()
    if earlier:
        raise ProgressRefused(
            f"这份进展报送表已于 {timezone.localtime(earlier.imported_at):%Y-%m-%d %H:%M} 导入过"
            f"（{earlier.period.title}，{earlier.rows} 行）：如需更正，请重新导出后填写"
        )


@dataclass
class _Group:
    """The filled rows of one task, gathered."""

    task: Task
    department: Department
    rows: list[int] = field(default_factory=list)
    entry: ReportEntry = field(default_factory=ReportEntry)
    texts: dict[str, list[str]] = field(
        default_factory=lambda: {"progress": [], "problems": [], "next_steps": []}
    )
    figures: list[str] = field(default_factory=list)

    def add_texts(self, row: ProgressRow) -> None:
        for name in self.texts:
            text = getattr(row, name).strip()
            if text and text not in self.texts[name]:
                self.texts[name].append(text)

    def filing(self) -> Filing:
        for name, texts in self.texts.items():
            setattr(self.entry, name, "\n".join(texts))
        return Filing(self.task, self.department, self.rows, self.entry, self.figures)


class _Reading:
    """The filled rows against the plan: errors gathered, then one ``Filing`` per task."""

    def __init__(self, plan: Plan, period: Period, unit: Department | None, accept: bool) -> None:
        self.plan, self.period, self.unit, self.accept = plan, period, unit, accept
        self.tasks = {t.external_id: t for t in live_tasks(plan)}
        self.withdrawn = set(plan.tasks.filter(withdrawn=True).values_list("external_id", flat=True))
        self.groups: dict[str, _Group] = {}
        self.seen_targets: set[int] = set()
        self.errors: list[str] = []

    def filings(self, rows: Iterable[ProgressRow]) -> list[Filing]:
        for row in rows:
            self._add(row)
        filings = [group.filing() for group in self.groups.values()]
        reports = self._reports(filings)
        for filing in filings:
            self._decide(filing, reports.get(filing.task.pk))
        if self.errors:
            more = f"等{len(self.errors)}处问题" if len(self.errors) > _MAX_ERRORS_SHOWN else ""
            raise ProgressRefused(
                "；".join(self.errors[:_MAX_ERRORS_SHOWN]) + more + "。请改正后重新导入，未做任何更改"
            )
        return filings

    def _add(self, row: ProgressRow) -> None:
        task = self._task(row)
        if task is None:
            return
        lead = self._lead(row, task)
        if lead is None:
            return
        group = self.groups.setdefault(task.external_id, _Group(task, lead))
        group.rows.append(row.row)
        group.add_texts(row)
        if row.target_id:
            self._figure(row, task, group)
        elif row.actual_text:
            self._percent(row, group)

    def _task(self, row: ProgressRow) -> Task | None:
        where = f"第{row.row}行"
        task = self.tasks.get(row.task_id)
        if task is not None:
            return task
        if not row.task_id:
            self.errors.append(f"{where}缺少隐藏列 task_id（可能是手工添加的行）：请只在导出的行中填写")
        elif row.task_id in self.withdrawn:
            self.errors.append(f"{where}的任务 {row.task_id} 已撤销，无需报送")
        else:
            self.errors.append(f"{where}的 task_id“{row.task_id}”不属于计划“{self.plan.key}”")
        return None

    def _lead(self, row: ProgressRow, task: Task) -> Department | None:
        lead = lead_of(task)
        if lead is None:
            self.errors.append(f"第{row.row}行的任务 {task.external_id} 没有牵头单位：请先在分工表中指定")
            return None
        if self.unit is not None and lead.pk != self.unit.pk:
            self.errors.append(
                f"第{row.row}行的任务 {task.external_id} 由“{lead.name}”牵头，不是“{self.unit.name}”"
            )
            return None
        return lead

    def _figure(self, row: ProgressRow, task: Task, group: _Group) -> None:
        where = f"第{row.row}行"
        target = next((t for t in task.targets.all() if t.external_id == row.target_id), None)
        if target is None:
            self.errors.append(f"{where}的 target_id“{row.target_id}”不是任务 {task.external_id} 的指标")
            return
        if target.pk in self.seen_targets:
            self.errors.append(f"{where}的指标“{target.metric}”重复出现")
            return
        self.seen_targets.add(target.pk)
        if not row.actual_text:
            return
        value = read_figure(row, target)
        if value is None:
            self.errors.append(
                f"{where}的完成值“{row.actual_text}”不是一个数：请只填一个数字，如 120 或 5.2%"
            )
            return
        if _PERCENT in unicodedata.normalize("NFKC", row.actual_text) and target.unit != _PERCENT:
            # '60%' next to '240个' is a share done, not the count; guessing which would mislead.
            self.errors.append(
                f"{where}的完成值“{row.actual_text}”是百分比，而目标是“{target.text}”：请填截至本期的累计数"
            )
            return
        group.entry.figures[target.pk] = value
        group.entry.figure_texts[target.pk] = row.actual_text
        shown = format_figure(value, target, decimals=None)
        group.figures.append(f"{target.metric} {row.actual_text} → {shown}")

    def _percent(self, row: ProgressRow, group: _Group) -> None:
        value = row.actual
        if value is None or not 0 <= value <= 100:
            self.errors.append(
                f"第{row.row}行的完成值“{row.actual_text}”应为 0 到 100 的完成百分比（本任务没有量化指标）"
            )
            return
        group.entry.percent = value
        group.figures.append(f"自评完成 {value:g}%")

    def _reports(self, filings: list[Filing]) -> dict[int, ProgressReport]:
        reports = ProgressReport.objects.filter(
            period=self.period, task__in=[f.task for f in filings]
        ).prefetch_related("figures")
        wanted = {(f.task.pk, f.department.pk) for f in filings}
        return {r.task_id: r for r in reports if (r.task_id, r.department_id) in wanted}

    def _decide(self, filing: Filing, report: ProgressReport | None) -> None:
        filing.report = report
        if report is None:
            return
        same = _repeats(filing.entry, report)
        if report.locked and not same:
            self.errors.append(
                f"第{filing.rows[0]}行：任务 {filing.task.external_id} 的{self.period.title}进展"
                "已审核通过并锁定，不能再修改"
            )
        elif report.locked or (same and report.state == ReportState.SUBMITTED and not self.accept):
            filing.action = Action.UNCHANGED
        elif same and report.state == ReportState.SUBMITTED:
            filing.action = Action.ACCEPT


def _repeats(entry: ReportEntry, report: ProgressReport) -> bool:
    """Whether the rows say what the report on file says (an export pre-filled from it, untouched)."""
    stored = {f.target_id: f.value for f in report.figures.all()}
    return (
        clean_text(report.progress) == entry.progress
        and clean_text(report.problems) == entry.problems
        and clean_text(report.next_steps) == entry.next_steps
        and report.percent == entry.percent
        and all(stored.get(pk) == value for pk, value in entry.figures.items())
    )


def _file(filings: list[Filing], period: Period, *, user, accept: bool) -> None:
    """Every filing's report and figures written in bulk, one history entry a row. The caller
    holds the plan's row, which every writer of its reports takes first, so the reports read
    with the filings are still as they were."""
    now = timezone.now()
    filed = [f for f in filings if f.action == Action.FILE]
    reviewed = [f.report for f in filings if f.action == Action.ACCEPT and f.report is not None]
    for filing in filed:
        filing.report = _filed(filing, period, user=user, accept=accept, now=now)
        check_entry(filing.entry)
    for report in reviewed:
        _accept(report, user=user, now=now)
    reason = "报送并审核通过" if accept else "报送进展"
    bulk.create([f.report for f in filed if f.report.pk is None], user=user, reason=reason)
    bulk.update([f.report for f in filed if f.report.pk is not None], user=user, reason=reason)
    bulk.update(reviewed, user=user, reason="审核通过")
    new, changed = _figures(filed)
    bulk.create(new, user=user, reason="填报完成值")
    bulk.update(changed, user=user, reason="填报完成值")
    notify_reviewed(reviewed)
    # Bulk writes send no save signals: the plan is told here which tasks and period they touch.
    tasks = [f.report.task_id for f in filed] + [r.task_id for r in reviewed]
    if tasks:
        revision.bump(period.plan_id, tasks, [period.pk])


def _filed(filing: Filing, period: Period, *, user, accept: bool, now) -> ProgressReport:
    """The filing's report, new or the one on file, as submitted (or accepted) now, unsaved."""
    report = filing.report or ProgressReport(
        task=filing.task, period=period, department=filing.department, role=ReportRole.LEAD, version=0
    )
    entry = filing.entry
    report.progress, report.problems, report.next_steps = entry.progress, entry.problems, entry.next_steps
    report.percent, report.source = entry.percent, ReportSource.EXCEL
    report.state, report.submitted_at, report.submitted_by = ReportState.SUBMITTED, now, user
    report.version += 1
    if accept:
        _accept(report, user=user, now=now)
    return report


def _accept(report: ProgressReport, *, user, now) -> None:
    report.state, report.review_comment = ReportState.ACCEPTED, ""
    report.reviewed_at, report.reviewed_by = now, user
    report.version += 1


def _figures(filed: list[Filing]) -> tuple[list[Figure], list[Figure]]:
    """The filings' figures: those to create, and those on file whose value or text changes."""
    on_file = {
        (f.report_id, f.target_id): f
        for f in Figure.objects.filter(report__in=[x.report for x in filed if x.report.pk is not None])
    }
    new: list[Figure] = []
    changed: list[Figure] = []
    for filing in filed:
        targets = {t.pk: t for t in filing.task.targets.all()}
        for target_pk in filing.entry.figures:
            fields = figure_fields(filing.entry, targets[target_pk])
            figure = on_file.get((filing.report.pk, target_pk))
            if figure is None:
                new.append(Figure(report=filing.report, target_id=target_pk, **fields))
            elif history.assign(figure, fields):
                changed.append(figure)
    return new, changed
