"""A government's departments and task assignments: the seed list and a task in, suggested lead
and supporting units with their reasons out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from duban.plans import bulk, history
from duban.plans.models import Assignment, Department, Government, Role, Task
from duban.plans.suggest import (
    DepartmentProfile,
    Suggestion,
    context_of,
    fallback_lead,
    seed_departments,
    suggest,
)


def ensure_departments(government: Government, *, user) -> list[Department]:
    """A government without departments gets the seed list, which the office then edits in the admin."""
    existing = list(active(government))
    if existing:
        return existing
    fallback = fallback_lead()
    return [
        history.save(
            Department(
                government=government,
                name=p.name,
                aliases=list(p.aliases),
                keywords=list(p.keywords),
                is_fallback_lead=p.name == fallback,
                order=i,
            ),
            user=user,
            reason="初始单位清单",
        )
        for i, p in enumerate(seed_departments())
    ]


def active(government: Government) -> QuerySet[Department]:
    return Department.objects.filter(government=government, active=True).order_by("order", "name")


class Suggester:
    """Suggestions against one government's departments, loaded once for a whole import."""

    def __init__(self, government: Government) -> None:
        departments = list(active(government))
        self.by_name = {d.name: d for d in departments}
        self.profiles = [
            DepartmentProfile(d.name, tuple(d.aliases or ()), tuple(d.keywords or ())) for d in departments
        ]
        fallback = next((d.name for d in departments if d.is_fallback_lead), None)
        self.fallback = fallback or (departments[0].name if departments else None)

    def suggest(self, text: str, context: str) -> Suggestion | None:
        if not self.profiles:
            return None
        return suggest(text, self.profiles, context=context, fallback=self.fallback)

    def rows(self, task: Task) -> list[Assignment]:
        """The suggested lead and supporting units of ``task`` as unsaved assignments."""
        title = task.section.title if task.section else ""
        suggestion = self.suggest(task.text, context_of(title, task.lead_phrase))
        if suggestion is None:
            return []
        roles = [(suggestion.lead, Role.LEAD)] + [(name, Role.SUPPORT) for name in suggestion.supports]
        return [
            Assignment(
                task=task,
                department=self.by_name[name],
                role=role,
                reason=suggestion.reasons.get(name, ""),
                suggested=True,
            )
            for name, role in roles
        ]


class UnitDirectory:
    """A unit as people write it in a workbook (its name, an alias, or the name without its
    parenthesised note: 投资促进局 for 投资促进局（招商）) in, the department out."""

    def __init__(self, government: Government) -> None:
        self.names: dict[str, Department] = {}
        for d in active(government):
            for name in [d.name, _bare(d.name), *(d.aliases or [])]:
                self.names.setdefault(_norm(name), d)

    def find(self, written: str) -> Department | None:
        key = _norm(written)
        return self.names.get(key) or self.names.get(_norm(_bare(written))) if key else None


def _bare(name: str) -> str:
    return name.replace("(", "（").split("（", 1)[0]


def _norm(name: str) -> str:
    return "".join(name.split()).replace("(", "（").replace(")", "）")


@dataclass
class UnitChange:
    """What gives tasks their units, to write in this order (each step keeps the constraints on
    live rows): rows withdrawn, rows changed, rows new; in memory, unsaved until ``write``.
    A changed lead keeps its assignment row, so its history reads old unit → new unit."""

    withdrawn: list[Assignment] = field(default_factory=list)
    changed: list[Assignment] = field(default_factory=list)
    new: list[Assignment] = field(default_factory=list)

    def add(self, other: UnitChange) -> None:
        self.withdrawn += other.withdrawn
        self.changed += other.changed
        self.new += other.new

    def tasks(self) -> set[int]:
        return {row.task_id for row in [*self.withdrawn, *self.changed, *self.new]}

    def write(self, *, user, reason: str) -> None:
        """Every task's changes in bulk, step by step across the tasks."""
        bulk.update(self.withdrawn, user=user, reason=reason)
        bulk.update(self.changed, user=user, reason=reason)
        bulk.create(self.new, user=user, reason=reason)


def unit_changes(
    task: Task, live: list[Assignment], lead: Department, supports: list[Department], *, reason: str
) -> UnitChange:
    """The assignment rows that make ``lead`` the one lead unit of ``task`` (whose live rows are
    ``live``) and ``supports`` its supporting units, withdrawing the rest."""
    change = UnitChange()
    wanted = {d.pk for d in supports}
    for a in live:
        if a.role == Role.SUPPORT and (a.department_id not in wanted or a.department_id == lead.pk):
            a.withdrawn = True
            change.withdrawn.append(a)
    current_lead = next((a for a in live if a.role == Role.LEAD), None)
    if current_lead is None:
        change.new.append(Assignment(task=task, department=lead, role=Role.LEAD, suggested=False))
    elif current_lead.department_id != lead.pk:
        history.assign(current_lead, {"department": lead, "suggested": False, "reason": reason})
        change.changed.append(current_lead)
    present = {a.department_id for a in live if a.role == Role.SUPPORT and not a.withdrawn}
    for unit in supports:
        if unit.pk not in present:
            row = Assignment(task=task, department=unit, role=Role.SUPPORT, suggested=False, reason=reason)
            change.new.append(row)
    return change
