"""Who may do what (tracking.md): a user and an object in, yes or no out.

Services call these before every read or write, so a liaison is held to its own unit's tasks
whatever URL, API route or command it uses.
"""

from __future__ import annotations

from duban.accounts.models import UserRole
from duban.plans.models import Department, Task


def role_of(user) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return UserRole.OFFICE
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def unit_of(user) -> Department | None:
    profile = getattr(user, "profile", None) if user is not None and user.is_authenticated else None
    return profile.department if profile and profile.role == UserRole.LIAISON else None


def is_office(user) -> bool:
    return role_of(user) == UserRole.OFFICE


def may_read_all(user) -> bool:
    return role_of(user) in {UserRole.OFFICE, UserRole.READER}


def _assigned(task: Task, department: Department, roles: set[str]) -> bool:
    return task.assignments.filter(department=department, withdrawn=False, role__in=roles).exists()


def may_read_task(user, task: Task) -> bool:
    if may_read_all(user):
        return True
    unit = unit_of(user)
    return unit is not None and _assigned(task, unit, {"lead", "support"})


def may_report(user, task: Task, department: Department) -> bool:
    """The office reports for any assigned unit; a liaison only for its own unit, on a task that
    unit leads or supports."""
    if is_office(user):
        return _assigned(task, department, {"lead", "support"})
    unit = unit_of(user)
    return unit is not None and unit.pk == department.pk and _assigned(task, unit, {"lead", "support"})
