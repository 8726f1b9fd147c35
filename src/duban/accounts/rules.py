"""Who may do what (tracking.md), across governments: a user and an object in, yes or no out.

Services call these before every read or write, so a liaison is held to its own unit's tasks and
an office to its own government's plans whatever URL, API route or command it uses.

Governments: an account belongs to one (a liaison to its unit's; an office or reader to the one
its profile names), or, with none named, to the whole installation. An office or reader reads its
government's plans and every government's below it (a city's office reads each county's plan and
status); an office changes only its own government's (review, reporting for a unit); a liaison
reads its own government's plans, and of them its unit's tasks.
"""

from __future__ import annotations

from duban.accounts.models import UserRole
from duban.plans.governments import with_descendants
from duban.plans.models import Department, Plan, Task


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


def home_government(user) -> int | None:
    """The government the account belongs to; None for the whole installation (and superusers)."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    unit = unit_of(user)
    if unit is not None:
        return unit.government_id
    profile = getattr(user, "profile", None)
    return profile.government_id if profile else None


def readable_governments(user) -> frozenset[int] | None:
    """The governments whose plans the user may read; None for all of them."""
    home = home_government(user)
    if home is None:
        return None
    if unit_of(user) is not None:
        return frozenset({home})
    return with_descendants(home)


def has_office_role(user) -> bool:
    """Whether the account is a 督查室 account at all (the menus); never enough to change a plan."""
    return role_of(user) == UserRole.OFFICE


def is_office(user, plan: Plan) -> bool:
    """The office of ``plan``'s own government (or of the whole installation): it may change it."""
    if not has_office_role(user):
        return False
    home = home_government(user)
    return home is None or home == plan.government_id


def may_read_plan(user, plan: Plan) -> bool:
    if role_of(user) is None:
        return False
    governments = readable_governments(user)
    return governments is None or plan.government_id in governments


def may_read_all(user, plan: Plan | None = None) -> bool:
    """Every task of ``plan`` (an office or reader whose governments include it); without a plan,
    whether the account reads whole plans at all rather than one unit's tasks."""
    if role_of(user) not in {UserRole.OFFICE, UserRole.READER}:
        return False
    return plan is None or may_read_plan(user, plan)


def _assigned(task: Task, department: Department, roles: set[str]) -> bool:
    return task.assignments.filter(department=department, withdrawn=False, role__in=roles).exists()


def may_read_task(user, task: Task) -> bool:
    if may_read_all(user, task.plan):
        return True
    unit = unit_of(user)
    return unit is not None and _assigned(task, unit, {"lead", "support"})


def may_report(user, task: Task, department: Department) -> bool:
    """The office reports for any assigned unit of its own government's plans; a liaison only for
    its own unit, on a task that unit leads or supports."""
    if is_office(user, task.plan):
        return _assigned(task, department, {"lead", "support"})
    unit = unit_of(user)
    return unit is not None and unit.pk == department.pk and _assigned(task, unit, {"lead", "support"})
