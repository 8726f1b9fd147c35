"""Responsible leaders (责任领导): a plan's tasks in; each task's leader out — the one the office set
on the task, else the leader who oversees its lead unit (the 1+1+N model of a 分工方案: one
leader, one lead unit, N supporting units). Also finds a leader by the name a 分工表 gives.
"""

from __future__ import annotations

from duban.plans.models import Assignment, Government, Leader, Plan, Role, Task


def unit_leaders(government_id: int) -> dict[int, Leader]:
    """Department pk → the active leader overseeing it (the first by order when there are two)."""
    return _by_unit(_leaders(government_id, active_only=True))


def _leaders(government_id: int, *, active_only: bool = False) -> list[Leader]:
    found = Leader.objects.filter(government_id=government_id).prefetch_related("departments")
    if active_only:
        found = found.filter(active=True)
    return list(found.order_by("order", "name"))


def _by_unit(leaders: list[Leader]) -> dict[int, Leader]:
    found: dict[int, Leader] = {}
    for leader in leaders:
        if leader.active:
            for department in leader.departments.all():
                found.setdefault(department.pk, leader)
    return found


def responsible_leaders(plan: Plan, only: set[int] | None = None) -> dict[int, Leader | None]:
    """Task pk → its responsible leader, for every live task of the plan (those in ``only`` when
    given), in four queries."""
    everyone = _leaders(plan.government_id)  # a leader set on a task may have stepped down since
    by_unit, chosen = _by_unit(everyone), {leader.pk: leader for leader in everyone}
    leads = Assignment.objects.filter(task__plan=plan, role=Role.LEAD, withdrawn=False).order_by()
    tasks = Task.objects.filter(plan=plan, withdrawn=False).order_by()
    if only is not None:
        leads, tasks = leads.filter(task_id__in=sorted(only)), tasks.filter(pk__in=sorted(only))
    lead_of = dict(leads.values_list("task_id", "department_id"))
    return {
        pk: chosen.get(leader_id) if leader_id else by_unit.get(lead_of.get(pk, -1))
        for pk, leader_id in tasks.values_list("pk", "leader_id")
    }


def responsible_leader(task: Task) -> Leader | None:
    """One task's leader: set on the task, else its lead unit's."""
    if task.leader_id:
        return task.leader
    lead = task.lead_unit()
    return unit_leaders(task.plan.government_id).get(lead.pk) if lead else None


def default_leader(task: Task, lead_id: int | None) -> Leader | None:
    """The leader a task gets from the lead unit ``lead_id`` when none is set on it."""
    return unit_leaders(task.plan.government_id).get(lead_id) if lead_id else None


class LeaderDirectory:
    """A government's leaders found by name as a 分工表 writes it: 王明, 王明（副区长）."""

    def __init__(self, government: Government) -> None:
        self.leaders = list(Leader.objects.filter(government=government))

    def find(self, written: str) -> Leader | None:
        name = written.strip().split("（")[0].split("(")[0].strip()
        return next((leader for leader in self.leaders if leader.name == name), None)
