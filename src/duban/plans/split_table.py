"""The responsibility table (分工表) as Excel: a plan out to a workbook, an edited workbook back in.

Import compares the workbook with the plan by the hidden ``task_id`` column and lists the
changes — responsible leader, lead or supporting units, deadline or text changed, a row added (a
new task), a row deleted (the task withdrawn, never deleted). A 责任领导 cell that names the
task's leader as it stands changes nothing (when the lead unit changes, the leader follows it);
one naming another leader sets that leader on the task; a blank one leaves it as it is. Nothing
is written until ``apply=True``; a workbook that cannot be trusted is refused whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.utils import timezone

from duban.errors import Refusal
from duban.plans import bulk, history, revision
from duban.plans.changes import Action, Change, ChangeSet
from duban.plans.departments import UnitChange, UnitDirectory, unit_changes
from duban.plans.importing import describe_targets, next_task_ids
from duban.plans.leaders import LeaderDirectory, responsible_leaders, unit_leaders
from duban.plans.models import Department, Leader, Plan, Role, SplitImport, Task
from duban.sheets.deadlines import parse_deadline
from duban.sheets.meta import SheetMeta
from duban.sheets.opening import workbook_bytes
from duban.sheets.split import SplitRow, read_split, write_split
from duban.tracking import writes

REASON = "分工表导入"
_MAX_ERRORS_SHOWN = 3


class SplitRefused(Refusal):
    """The workbook cannot be applied to this plan; nothing was changed."""


def title_of(plan: Plan) -> str:
    return f"{plan.government.name}{plan.year}年政府工作报告重点工作任务分工方案"


def export_split(plan: Plan, dest: Path | BinaryIO) -> int:
    """Write the plan's live tasks in report order; returns the number of rows."""
    leaders = responsible_leaders(plan)
    rows = [_row(n, task, leaders.get(task.pk)) for n, task in enumerate(_live_tasks(plan), start=1)]
    meta = SheetMeta(kind="split", plan_key=plan.key, plan_id=plan.pk, exported_at=timezone.now().isoformat())
    write_split(dest, meta, title_of(plan), rows)
    return len(rows)


def _live_tasks(plan: Plan):
    return (
        plan.tasks.filter(withdrawn=False)
        .order_by("order", "pk")
        .prefetch_related("assignments__department", "targets")
    )


def _row(n: int, task: Task, leader: Leader | None) -> SplitRow:
    units = _units(task)
    return SplitRow(
        leader=leader.name if leader else "",
        row=0,
        seq=str(n),
        text=task.text,
        lead=units.lead.name if units.lead else "",
        supports=tuple(d.name for d in units.supports),
        deadline=task.deadline_text,
        target=describe_targets(t for t in task.targets.all() if not t.withdrawn),
        task_id=task.external_id,
    )


@dataclass
class _Units:
    lead: Department | None
    supports: list[Department]


def _units(task: Task) -> _Units:
    supports = [a.department for a in task.assignments.all() if a.role == Role.SUPPORT and not a.withdrawn]
    return _Units(task.lead_unit(), supports)


@dataclass
class _Edit:
    """One workbook row, resolved against the plan and checked, ready to apply."""

    row: SplitRow
    task: Task | None  # None: a row the office added
    lead: Department
    supports: list[Department]
    deadline: dt.date
    deadline_label: str
    after: Task | None = None  # for a new row: the task of the row above, whose section it joins
    leader: Leader | None = None  # the leader the row names, when it names another than now
    leader_named: bool = False  # whether the row sets the leader (``leader``) at all


@dataclass
class _Comparison:
    changes: ChangeSet
    edits: list[_Edit] = field(default_factory=list)
    withdrawn: list[Task] = field(default_factory=list)


def import_split(plan: Plan, source: Path | BinaryIO, *, apply: bool = False, user=None) -> ChangeSet:
    """Compare an edited 分工表 with the plan; with ``apply`` write the changes in one transaction."""
    data = workbook_bytes(source, "分工表")  # a bounded read of an ordinary file
    meta, rows = read_split(io.BytesIO(data))
    _check_meta(plan, meta)
    digest = hashlib.sha256(data).hexdigest()
    with writes.batch():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _check_not_applied(plan, digest)
        found = _compare(plan, rows)
        if apply and found.changes:
            _apply(plan, found, user=user)
            SplitImport.objects.create(
                plan=plan, sha256=digest, summary=found.changes.summary()[:200], applied_by=user
            )
    return found.changes


def _check_not_applied(plan: Plan, digest: str) -> None:
    # Its added rows have no task_id, so a second run would add them again.
    earlier = SplitImport.objects.filter(plan=plan, sha256=digest).first()
    if earlier:
        raise SplitRefused(
            f"这份分工表已于 {timezone.localtime(earlier.applied_at):%Y-%m-%d %H:%M} 导入过："
            "如需继续修改，请重新导出最新的分工表再编辑"
        )


def _check_meta(plan: Plan, meta: SheetMeta | None) -> None:
    if meta is None:
        return  # a workbook re-saved by another program may lose the hidden sheet; ids still decide
    if meta.kind != "split":
        raise SplitRefused("这不是分工表（可能是进展报送表）：请导入由 duban split export 导出的分工表")
    if meta.plan_id != plan.pk:
        raise SplitRefused(f"这是计划“{meta.plan_key}”的分工表，不是“{plan.key}”的：请选择正确的计划或文件")


def _compare(plan: Plan, rows: list[SplitRow]) -> _Comparison:
    tasks = {t.external_id: t for t in plan.tasks.prefetch_related("assignments__department", "targets")}
    directory = UnitDirectory(plan.government)
    leaders = _Leaders(plan)
    errors: list[str] = []
    found = _Comparison(ChangeSet())
    seen: set[str] = set()
    previous: Task | None = None
    for row in rows:
        edit = _resolve(plan, row, tasks, seen, directory, errors)
        if edit is None:
            continue
        leaders.read(edit, errors)
        if edit.task is None:
            edit.after = previous
        else:
            previous = edit.task
        found.edits.append(edit)
    if errors:
        more = f"等{len(errors)}处问题" if len(errors) > _MAX_ERRORS_SHOWN else ""
        raise SplitRefused("；".join(errors[:_MAX_ERRORS_SHOWN]) + more + "。请改正后重新导入，未做任何更改")
    for edit in found.edits:
        _describe(edit, found.changes, leaders)
    found.withdrawn = [t for t in tasks.values() if not t.withdrawn and t.external_id not in seen]
    for task in found.withdrawn:
        found.changes.add(Change(Action.WITHDRAWN, task.external_id, "重点任务", old=task.text))
    return found


def _resolve(
    plan: Plan,
    row: SplitRow,
    tasks: dict[str, Task],
    seen: set[str],
    directory: UnitDirectory,
    errors: list[str],
) -> _Edit | None:
    where = f"第{row.row}行"
    task = None
    if row.task_id:
        task = tasks.get(row.task_id)
        if task is None:
            raise SplitRefused(
                f"{where}的 task_id“{row.task_id}”不属于计划“{plan.key}”：请使用本计划导出的分工表"
            )
        if row.task_id in seen:
            errors.append(f"{where}的 task_id“{row.task_id}”重复出现")
            return None
        seen.add(row.task_id)
    if not row.text.strip():
        if task is not None:
            seen.discard(row.task_id)  # an emptied row reads as a deleted one
        return None
    lead = directory.find(row.lead)
    if lead is None:
        errors.append(f"{where}牵头单位“{row.lead}”不在单位清单中" if row.lead else f"{where}缺少牵头单位")
    supports = []
    for name in row.supports:
        unit = directory.find(name)
        if unit is None:
            errors.append(f"{where}配合单位“{name}”不在单位清单中")
        elif unit != lead and unit not in supports:
            supports.append(unit)
    try:
        deadline, label = parse_deadline(row.deadline, plan.year)
    except ValueError as err:
        errors.append(f"{where}{err}")
        return None
    if lead is None:
        return None
    return _Edit(row, task, lead, supports, deadline, label)


class _Leaders:
    """The plan's leaders as the rows name them: who answers for each task now, and after."""

    def __init__(self, plan: Plan) -> None:
        self.now = responsible_leaders(plan)
        self.directory = LeaderDirectory(plan.government)
        self.by_unit = unit_leaders(plan.government_id)

    def read(self, edit: _Edit, errors: list[str]) -> None:
        written = edit.row.leader.strip()
        if not written:
            return
        named = self.directory.find(written)
        if named is None:
            errors.append(f"第{edit.row.row}行责任领导“{written}”不在分管领导名单中：请先在管理后台添加")
            return
        current = self.now.get(edit.task.pk) if edit.task else None
        if named != current:
            edit.leader, edit.leader_named = named, True

    def after(self, edit: _Edit) -> Leader | None:
        """The task's leader once the row is applied."""
        if edit.leader_named:
            return edit.leader
        if edit.task is not None and edit.task.leader_id:
            return self.now.get(edit.task.pk)
        return self.by_unit.get(edit.lead.pk)

    def stored(self, edit: _Edit) -> Leader | None:
        """What the task itself holds: nothing when the leader is its lead unit's anyway."""
        chosen = self.after(edit)
        return None if chosen == self.by_unit.get(edit.lead.pk) else chosen


def _describe(edit: _Edit, changes: ChangeSet, leaders: _Leaders) -> None:
    row, task = edit.row, edit.task
    if task is None:
        changes.add(Change(Action.ADDED, "", "重点任务", new=row.text))
        return
    task_id = task.external_id
    units = _units(task)
    before, after = leaders.now.get(task.pk), leaders.after(edit)
    pairs = [
        ("状态", "已撤销" if task.withdrawn else "", ""),
        ("重点任务", task.text, row.text.strip()),
        ("责任领导", before.name if before else "", after.name if after else ""),
        ("牵头单位", units.lead.name if units.lead else "", edit.lead.name),
        (
            "配合单位",
            "、".join(sorted(d.name for d in units.supports)),
            "、".join(sorted(d.name for d in edit.supports)),
        ),
        ("完成时限", task.deadline_text, edit.deadline_label or edit.deadline.isoformat()),
    ]
    for name, old, new in pairs:
        if old != new:
            changes.add(Change(Action.CHANGED, task_id, name, old, new or "恢复"))


def _apply(plan: Plan, found: _Comparison, *, user) -> None:
    """The edits written in bulk, each row with one history entry: new tasks, changed tasks,
    then their units (withdrawn, changed, new: the order that keeps one live lead a task)."""
    leaders = _Leaders(plan)
    stored = [leaders.stored(edit) for edit in found.edits]
    added = [(edit, leader) for edit, leader in zip(found.edits, stored, strict=True) if edit.task is None]
    ids = next_task_ids(plan, len(added)) if added else []
    made = bulk.create(
        [_task_row(plan, edit, leader, task_id) for (edit, leader), task_id in zip(added, ids, strict=True)],
        user=user,
        reason=REASON,
    )
    changed: list[Task] = []
    units = UnitChange()
    fresh = iter(made)
    for edit, leader in zip(found.edits, stored, strict=True):
        task = edit.task
        if task is None:
            task, live = next(fresh), []
        else:
            fields = {
                "text": edit.row.text.strip(),
                "deadline": edit.deadline,
                "deadline_label": edit.deadline_label,
                "withdrawn": False,
                "leader": leader,
            }
            if history.assign(task, fields):
                changed.append(task)
            live = [a for a in task.assignments.all() if not a.withdrawn]
        units.add(unit_changes(task, live, edit.lead, edit.supports, reason=REASON))
    for task in found.withdrawn:
        if history.assign(task, {"withdrawn": True}):
            changed.append(task)
    bulk.update(changed, user=user, reason=REASON)
    units.write(user=user, reason=REASON)
    # Bulk writes send no save signals: the plan is told here which tasks they touch.
    revision.bump(plan.pk, sorted({t.pk for t in [*made, *changed]} | units.tasks()))


def _task_row(plan: Plan, edit: _Edit, leader: Leader | None, task_id: str) -> Task:
    """A row the office added, in the section of the row above it."""
    anchor = edit.after
    return Task(
        plan=plan,
        section=anchor.section if anchor else None,
        external_id=task_id,
        order=(anchor.order + 1) if anchor else 0,
        text=edit.row.text.strip(),
        deadline=edit.deadline,
        deadline_label=edit.deadline_label,
        leader=leader,
    )
