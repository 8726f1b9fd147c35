"""A government's departments and task assignments: the seed list and a task in, suggested lead
and supporting units with their reasons out.
"""

from __future__ import annotations

from django.db.models import QuerySet

from duban.plans import history
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

    def assign(self, task: Task, *, user, reason: str) -> None:
        title = task.section.title if task.section else ""
        suggestion = self.suggest(task.text, context_of(title, task.lead_phrase))
        if suggestion is None:
            return
        roles = [(suggestion.lead, Role.LEAD)] + [(name, Role.SUPPORT) for name in suggestion.supports]
        for name, role in roles:
            history.save(
                Assignment(
                    task=task,
                    department=self.by_name[name],
                    role=role,
                    reason=suggestion.reasons.get(name, ""),
                    suggested=True,
                ),
                user=user,
                reason=reason,
            )


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


def set_units(task: Task, lead: Department, supports: list[Department], *, user, reason: str) -> None:
    """Make ``lead`` the one lead unit and ``supports`` the supporting units, withdrawing the rest.

    A changed lead keeps its assignment row, so its history reads old unit → new unit.
    """
    active_rows = list(task.assignments.filter(withdrawn=False))
    wanted = {d.pk for d in supports}
    for a in active_rows:
        if a.role == Role.SUPPORT and (a.department_id not in wanted or a.department_id == lead.pk):
            history.update(a, {"withdrawn": True}, user=user, reason=reason)
    current_lead = next((a for a in active_rows if a.role == Role.LEAD), None)
    if current_lead is None:
        history.save(
            Assignment(task=task, department=lead, role=Role.LEAD, suggested=False), user=user, reason=reason
        )
    elif current_lead.department_id != lead.pk:
        history.update(
            current_lead, {"department": lead, "suggested": False, "reason": reason}, user=user, reason=reason
        )
    present = {a.department_id for a in active_rows if a.role == Role.SUPPORT and not a.withdrawn}
    for unit in supports:
        if unit.pk not in present:
            row = Assignment(task=task, department=unit, role=Role.SUPPORT, suggested=False, reason=reason)
            history.save(row, user=user, reason=reason)
