"""A plan the daily-work tests share: the sample report imported for 爱民区 (published) with two
responsible leaders, as of 30 June 2024; a unit A that leads a quantified task and supports
another, a unit B leading a task A has nothing to do with; logins for the office, A's liaison,
B's liaison and a reader (a leader's own account); A's May report accepted and its June report
submitted, with figures, waiting for review.

``world_fixture`` builds it once per test module inside a transaction rolled back at the end;
each test runs in its own savepoint on top, so what one test changes the next never sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction

from duban.accounts.models import Profile, UserRole
from duban.accounts.services import add_user
from duban.plans.importing import import_report
from duban.plans.models import Assignment, Department, Leader, Plan, Role, Task
from duban.tracking.models import ProgressReport
from duban.tracking.periods import find_period, settings_for
from duban.tracking.reports import ReportEntry, file_report

DAY = dt.date(2024, 6, 30)
PASSWORD = "Duban-daily-2024"
MAY_PROGRESS, JUNE_PROGRESS = "五月已审核的进展", "六月待审核的进展"


@dataclass
class World:
    plan: Plan
    unit: Department  # A
    other_unit: Department  # B
    own: Task  # led by A, with targets
    supported: Task  # supported by A
    other: Task  # led by B, nothing to do with A
    pending: ProgressReport  # A's June report of ``own``, submitted
    accepted: ProgressReport  # A's May report of ``own``
    leader_a: Leader  # oversees A
    leader_b: Leader  # oversees B
    users: dict

    def login(self, client, role: str):
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def _choose(plan: Plan) -> tuple[Department, Task, Task, Task, Department]:
    live = Assignment.objects.filter(task__plan=plan, task__withdrawn=False, withdrawn=False)
    for unit in Department.objects.filter(government=plan.government).order_by("name"):
        mine = live.filter(department=unit)
        own = next(
            (
                a.task
                for a in mine.filter(role=Role.LEAD)
                if a.task.targets.filter(value__isnull=False).exists()
            ),
            None,
        )
        supported = next((a.task for a in mine.filter(role=Role.SUPPORT)), None)
        other = (
            plan.tasks.filter(withdrawn=False, assignments__role=Role.LEAD)
            .exclude(assignments__department=unit)
            .order_by("order")
            .first()
        )
        if own and supported and other:
            return unit, own, supported, other, other.lead_unit()
    raise AssertionError("the sample plan has no unit that both leads a quantified task and supports one")


def figures_for(task: Task, scale: float) -> ReportEntry:
    """Every target of ``task`` at ``scale`` of its value (as the unit would type it)."""
    entry = ReportEntry(progress="")
    for target in task.targets.filter(withdrawn=False, value__isnull=False):
        entry.figures[target.pk] = target.value * scale
    return entry


def build(sample_path: Path) -> World:
    plan = import_report(sample_path, government="爱民区").plan
    plan.published = True
    plan.save(update_fields=["published"])
    chosen = settings_for(plan)
    chosen.as_of = DAY
    chosen.save(update_fields=["as_of"])
    unit, own, supported, other, other_unit = _choose(plan)
    leader_a = Leader.objects.create(government=plan.government, name="甲领导", title="副区长", order=1)
    leader_a.departments.set([unit])
    leader_b = Leader.objects.create(government=plan.government, name="乙领导", title="副区长", order=2)
    leader_b.departments.set([other_unit])
    users = {
        "office": add_user("office", UserRole.OFFICE, password=PASSWORD),
        "liaison-A": add_user(
            "liaison-a", UserRole.LIAISON, password=PASSWORD, department=unit.name, government="爱民区"
        ),
        "liaison-B": add_user(
            "liaison-b", UserRole.LIAISON, password=PASSWORD, department=other_unit.name, government="爱民区"
        ),
        "reader": add_user("reader", UserRole.READER, password=PASSWORD),
    }
    Profile.objects.filter(user=users["reader"]).update(leader=leader_a)
    users["reader"].refresh_from_db()
    office = users["office"]
    may, june = find_period(plan, "2024-05"), find_period(plan, "2024-06")
    entry = figures_for(own, 0.4)
    entry.progress = MAY_PROGRESS
    accepted = file_report(own, may, unit, entry, user=office, accept=True)
    entry = figures_for(own, 0.5)
    entry.progress = JUNE_PROGRESS
    pending = file_report(own, june, unit, entry, user=office)
    return World(plan, unit, other_unit, own, supported, other, pending, accepted, leader_a, leader_b, users)


def world_fixture():
    """A module-scoped ``world`` fixture: ``world = world_fixture()`` in a test module."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker, sample_path: Path):
        with django_db_blocker.unblock(), transaction.atomic():
            yield build(sample_path)
            transaction.set_rollback(True)

    return world
