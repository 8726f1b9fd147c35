"""A report file in, a stored plan out: sections, tasks with stable ids, targets and suggested units.

The first import of a government's year creates the plan. Importing the same file again changes
nothing. A revised report is matched task by task (``matching``): the preview lists what would
be added, changed and withdrawn, and ``apply=True`` writes it in one transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from duban.errors import Refusal
from duban.extract.pipeline import extract_loaded
from duban.plans import bulk, drafts, history, matching, revision
from duban.plans.changes import Action, Change, ChangeSet
from duban.plans.departments import Suggester, ensure_departments
from duban.plans.drafts import SectionDraft, TargetDraft, TaskDraft
from duban.plans.models import Government, Level, Plan, Section, Target, Task
from duban.plans.signals import plan_imported
from duban.regions import resolve
from duban.regions.resolve import short
from duban.text.load import DEFAULT_MAX_BYTES, load_report
from duban.tracking import writes

REASON_IMPORT = "导入报告"
REASON_REVISION = "导入修订后的报告"


class ImportRefused(Refusal):
    """The import cannot go ahead; ``str(err)`` is one line saying why and what to do."""


@dataclass
class ImportOutcome:
    plan: Plan
    created: bool
    changes: ChangeSet
    applied: bool
    same_file: bool = False


@dataclass(frozen=True)
class Source:
    name: str
    sha256: str
    source_format: str
    text: str
    result: dict

    @property
    def plan_year(self) -> int | None:
        return self.result["document"].get("plan_year")


def read_source(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    loaded = load_report(path, max_bytes=max_bytes)
    result = extract_loaded(loaded)
    result["document"].pop("text", None)  # kept once, as the plan's source text
    return Source(
        name=path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        source_format=loaded.source_format,
        text=loaded.text,
        result=result,
    )


def import_report(
    path: Path,
    *,
    government: str,
    level: str | None = None,
    parent: str | None = None,
    year: int | None = None,
    apply: bool = False,
    user=None,
) -> ImportOutcome:
    return import_source(
        read_source(path),
        government=government,
        level=level,
        parent=parent,
        year=year,
        apply=apply,
        user=user,
    )


def import_source(
    source: Source,
    *,
    government: str,
    level: str | None = None,
    parent: str | None = None,
    year: int | None = None,
    apply: bool = False,
    user=None,
) -> ImportOutcome:
    """``import_report`` for a report already read (a folder import reads each file once)."""
    plan_year = year or source.plan_year
    if plan_year is None:
        raise ImportRefused("报告中找不到计划年度：请用 --year 指定，如 --year 2024")
    with writes.batch():
        gov = _government(government, level=level, parent=parent, user=user)
        _locate(gov, source.result["document"].get("region"), user=user)
        plan = Plan.objects.filter(government=gov, year=plan_year).first()
        if plan is None:
            plan = _create(gov, plan_year, source, user=user)
            plan_imported.send(sender=Plan, plan=plan, user=user)
            return ImportOutcome(plan, created=True, changes=ChangeSet(), applied=True)
        if plan.source_sha256 == source.sha256:
            return ImportOutcome(plan, created=False, changes=ChangeSet(), applied=False, same_file=True)
        revision = _Revision(plan, source, user=user)
        changes = revision.preview()
        if apply:
            revision.apply()
            plan_imported.send(sender=Plan, plan=plan, user=user)
        return ImportOutcome(plan, created=False, changes=changes, applied=apply)


def _government(name: str, *, level: str | None, parent: str | None, user) -> Government:
    name = name.strip()
    if not name:
        raise ImportRefused("政府名称为空：请用 --government 指定，如 --government 爱民区")
    if level and level not in Level.values:
        raise ImportRefused(f"层级“{level}”无效：请用 {'、'.join(Level.values)} 之一")
    parent_gov = Government.objects.filter(name=parent).first() if parent else None
    if parent and parent_gov is None:
        raise ImportRefused(f"找不到上级政府“{parent}”：请先导入上级政府的报告，或去掉 --parent")
    gov = Government.objects.filter(name=name, parent=parent_gov).first()
    if gov is None:
        gov = Government.objects.filter(name=name).first() if parent is None else None
    if gov is None:
        gov = history.save(
            Government(name=name, level=level or Level.COUNTY, parent=parent_gov),
            user=user,
            reason=REASON_IMPORT,
        )
    ensure_departments(gov, user=user)
    return gov


def _locate(gov: Government, region: str | None, *, user) -> None:
    """Give a government its official full name and code the first time they can be told: from
    its own name under its parent's code, else from the region its report names. A name that fits
    several divisions leaves them empty (the admin can set them), never guessed."""
    if gov.code:
        return
    within = gov.parent.code if gov.parent and gov.parent.code else None
    found = resolve(gov.name, within=within)
    if found.division is None and region:
        found = resolve(region, within=within)
        if (
            found.division is not None
            and found.division.name != gov.name
            and short(found.division.name) != gov.name
        ):
            return  # the report speaks of another region than the government it is filed under
    if found.division is not None and found.division.code:
        fields = {"code": found.division.code, "full_name": found.division.full_name}
        history.update(gov, fields, user=user, reason=REASON_IMPORT)


def _create(gov: Government, year: int, source: Source, *, user) -> Plan:
    plan = history.save(
        Plan(
            government=gov,
            year=year,
            title=source.result["document"].get("title") or "政府工作报告",
            source_name=source.name,
            source_sha256=source.sha256,
            source_format=source.source_format,
            source_text=source.text,
            extraction=source.result,
        ),
        user=user,
        reason=REASON_IMPORT,
    )
    sections = _store_sections(plan, drafts.sections(source.result), user=user)
    _new_tasks(plan, drafts.tasks(source.result), sections, user=user, reason=REASON_IMPORT)
    return plan


def _store_sections(plan: Plan, section_drafts: list[SectionDraft], *, user) -> dict[str, Section]:
    """Create or update the plan's sections by their outline id; none is ever deleted."""
    stored = {s.key: s for s in plan.sections.all()}
    for d in section_drafts:
        section = stored.get(d.key) or Section(plan=plan, key=d.key)
        fields = {
            "number": d.number,
            "title": d.title[:300],
            "part": d.part,
            "order": d.order,
            "parent": stored.get(d.parent_key) if d.parent_key else None,
        }
        history.update(section, fields, user=user, reason=REASON_IMPORT)
        stored[d.key] = section
    return stored


def next_task_ids(plan: Plan, count: int) -> list[str]:
    """``count`` new stable ids (T<plan>-<n>), taken from the plan's counter in one statement;
    numbers are never reused, even after a withdrawal."""
    first = plan.next_task_number
    plan.next_task_number += count
    # A counter no page shows: stored without a save, so it leaves no plan history entry and no
    # revision bump of its own (the tasks saved next bump the revision).
    Plan.objects.filter(pk=plan.pk).update(next_task_number=plan.next_task_number)
    return [f"T{plan.pk}-{n:04d}" for n in range(first, first + count)]


def _new_tasks(
    plan: Plan, task_drafts: list[TaskDraft], sections: dict[str, Section], *, user, reason: str
) -> list[Task]:
    """The drafts as new tasks with their targets and suggested units, written in bulk."""
    if not task_drafts:
        return []
    ids = next_task_ids(plan, len(task_drafts))
    tasks = bulk.create(
        [_task_row(plan, draft, sections, task_id) for draft, task_id in zip(task_drafts, ids, strict=True)],
        user=user,
        reason=reason,
    )
    bulk.create(
        [
            Target(task=task, external_id=f"{task.external_id}-{n}", **_target_fields(target))
            for task, draft in zip(tasks, task_drafts, strict=True)
            for n, target in enumerate(draft.targets, start=1)
        ],
        user=user,
        reason=reason,
    )
    suggester = Suggester(plan.government)
    bulk.create([row for task in tasks for row in suggester.rows(task)], user=user, reason=reason)
    # Bulk inserts send no save signals: the plan is told here which tasks are new.
    revision.bump(plan.pk, [task.pk for task in tasks])
    return tasks


def _task_row(plan: Plan, draft: TaskDraft, sections: dict[str, Section], task_id: str) -> Task:
    return Task(
        plan=plan,
        section=sections.get(draft.section_key or ""),
        external_id=task_id,
        order=draft.order,
        text=draft.text,
        lead_phrase=draft.lead_phrase[:200],
        cue=draft.cue[:16],
        deadline=plan.year_end,
        raw_start=draft.raw_span[0],
        raw_end=draft.raw_span[1],
        source_task=draft.source_task,
    )


def _target_fields(t: TargetDraft) -> dict:
    return {
        "metric": t.metric[:100],
        "value": t.value,
        "unit": t.unit,
        "comparator": t.comparator,
        "growth": t.growth,
        "lower_is_better": t.lower_is_better,
        "text": t.text[:100],
        "quantity_id": t.quantity_id,
        "raw_start": t.raw_span[0],
        "raw_end": t.raw_span[1],
    }


def describe_targets(targets) -> str:
    """How the 目标值 column and change lines show a task's targets: 粮食产量 9000万斤以上；…"""
    return "；".join(f"{t.metric} {t.text}".strip() for t in targets)


class _Revision:
    """A revised report against the stored plan: preview first, then apply the same plan of work."""

    def __init__(self, plan: Plan, source: Source, *, user) -> None:
        self.plan, self.source, self.user = plan, source, user
        self.new = drafts.tasks(source.result)
        self.sections = {d.key: d for d in drafts.sections(source.result)}
        self.old = list(plan.tasks.filter(withdrawn=False).exclude(source_task="").select_related("section"))
        stored_sections = {s.pk: s.title for s in plan.sections.all()}
        pairs = matching.match(
            [matching.Candidate(stored_sections.get(t.section_id, ""), t.text) for t in self.old],
            [matching.Candidate(self._section_title(d), d.text) for d in self.new],
        )
        self.pairs = {j: self.old[i] for j, i in pairs.items()}
        self.targets: dict[int, list[Target]] = {}  # every stored target of the plan, by task pk
        for target in Target.objects.filter(task__plan=plan).order_by("pk"):
            self.targets.setdefault(target.task_id, []).append(target)

    def _section_title(self, draft: TaskDraft) -> str:
        section = self.sections.get(draft.section_key or "")
        return section.title if section else ""

    def preview(self) -> ChangeSet:
        changes = ChangeSet()
        for j, draft in enumerate(self.new):
            task = self.pairs.get(j)
            if task is None:
                changes.add(Change(Action.ADDED, "", "重点任务", new=draft.text))
                continue
            if task.text != draft.text:
                changes.add(Change(Action.CHANGED, task.external_id, "重点任务", task.text, draft.text))
            old_targets = describe_targets(t for t in self.targets.get(task.pk, []) if not t.withdrawn)
            new_targets = describe_targets(draft.targets)
            if old_targets != new_targets:
                changes.add(Change(Action.CHANGED, task.external_id, "目标值", old_targets, new_targets))
        matched = {t.pk for t in self.pairs.values()}
        for task in self.old:
            if task.pk not in matched:
                changes.add(Change(Action.WITHDRAWN, task.external_id, "重点任务", old=task.text))
        return changes

    def apply(self) -> None:
        plan, user = self.plan, self.user
        plan.source_name, plan.source_sha256 = self.source.name, self.source.sha256
        plan.source_format, plan.source_text = self.source.source_format, self.source.text
        plan.extraction = self.source.result
        history.save(plan, user=user, reason=REASON_REVISION)  # reassesses the whole plan
        sections = _store_sections(plan, list(self.sections.values()), user=user)
        added = [draft for j, draft in enumerate(self.new) if j not in self.pairs]
        _new_tasks(plan, added, sections, user=user, reason=REASON_REVISION)
        changed_tasks = [
            task
            for j, task in self.pairs.items()
            if history.assign(task, _task_fields(self.new[j], task, sections))
        ]
        matched = {t.pk for t in self.pairs.values()}
        withdrawn = [task for task in self.old if task.pk not in matched]
        for task in withdrawn:
            task.withdrawn = True
        new_targets: list[Target] = []
        changed_targets: list[Target] = []
        for j, task in self.pairs.items():
            made, changed = _revised_targets(task, self.targets.get(task.pk, []), self.new[j].targets)
            new_targets += made
            changed_targets += changed
        bulk.update([*changed_tasks, *withdrawn], user=user, reason=REASON_REVISION)
        bulk.create(new_targets, user=user, reason=REASON_REVISION)
        bulk.update(changed_targets, user=user, reason=REASON_REVISION)


def _task_fields(draft: TaskDraft, task: Task, sections: dict[str, Section]) -> dict:
    # Offsets move whenever the text before a task changes, so they are refreshed even when the
    # task itself reads the same.
    return {
        "text": draft.text,
        "lead_phrase": draft.lead_phrase[:200],
        "cue": draft.cue[:16],
        "section": sections.get(draft.section_key or "", task.section),
        "raw_start": draft.raw_span[0],
        "raw_end": draft.raw_span[1],
        "order": draft.order,
        "source_task": draft.source_task,
    }


def _revised_targets(
    task: Task, stored: list[Target], new: tuple[TargetDraft, ...]
) -> tuple[list[Target], list[Target]]:
    """The task's targets after a revision: those to create, and the stored ones changed in
    memory (revised, or withdrawn when the revision drops them)."""
    old = [t for t in stored if not t.withdrawn]
    used = {t.external_id for t in stored}
    made: list[Target] = []
    changed: list[Target] = []
    pairs = _pair_targets(old, new)
    for draft, target in pairs:
        if target is None:
            target = Target(task=task, external_id=_free_target_id(task.external_id, used))
            used.add(target.external_id)
            history.assign(target, _target_fields(draft))
            made.append(target)
        elif history.assign(target, _target_fields(draft)):
            changed.append(target)
    kept = {t.pk for _, t in pairs if t is not None}
    for target in old:
        if target.pk not in kept:
            target.withdrawn = True
            changed.append(target)
    return made, changed


def _pair_targets(old: list[Target], new: tuple[TargetDraft, ...]) -> list[tuple[TargetDraft, Target | None]]:
    """Each new target with the stored one it revises: same metric first, then same unit in order.

    A target keeps its id (and so its reported figures) when the revision only changes its value.
    """
    free = list(old)
    paired: list[tuple[TargetDraft, Target | None]] = []
    for draft in new:
        match = next((t for t in free if t.metric == draft.metric), None)
        match = match or next((t for t in free if t.unit == draft.unit and t.growth == draft.growth), None)
        if match is not None:
            free.remove(match)
        paired.append((draft, match))
    return paired


def _free_target_id(task_id: str, used: set[str]) -> str:
    n = 1
    while f"{task_id}-{n}" in used:
        n += 1
    return f"{task_id}-{n}"
