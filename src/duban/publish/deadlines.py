"""The deadline view (到期): a plan, a day and the reader in; by lead unit, the tasks and the
milestones (工作节点) due in the next days (30 by default) and those already overdue — not done,
past their 完成时限 — out. A liaison sees its own unit's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from duban.plans.models import Plan
from duban.publish import access
from duban.tracking.figures import Status
from duban.tracking.models import Milestone
from duban.tracking.status import TaskStatus

WINDOW_DAYS = 30


@dataclass
class Due:
    """A task or one of its milestones with the day it is due, ``days`` from the day asked."""

    task_id: str
    text: str  # the task's text, or the milestone's title
    due: dt.date
    days: int  # negative: overdue by that many days
    status: TaskStatus
    milestone: bool = False

    @property
    def late_by(self) -> int:
        return -self.days


@dataclass
class UnitDeadlines:
    unit: str
    overdue: list[Due] = field(default_factory=list)
    upcoming: list[Due] = field(default_factory=list)


@dataclass
class Deadlines:
    day: dt.date
    until: dt.date
    units: list[UnitDeadlines]

    @property
    def overdue(self) -> int:
        return sum(len(u.overdue) for u in self.units)

    @property
    def upcoming(self) -> int:
        return sum(len(u.upcoming) for u in self.units)


def deadlines(user, plan: Plan, day: dt.date, window: int = WINDOW_DAYS) -> Deadlines:
    statuses, _ = access.visible_statuses(user, plan, day)
    until = day + dt.timedelta(days=window)
    open_ = {s.task_id: s for s in statuses if s.status != Status.DONE}
    due_tasks = plan.tasks.filter(withdrawn=False, deadline__lte=until).values_list("external_id", "deadline")
    items = [
        Due(task_id, open_[task_id].text, due, (due - day).days, open_[task_id])
        for task_id, due in due_tasks
        if task_id in open_
    ]
    milestones = Milestone.objects.filter(
        task__plan=plan, task__withdrawn=False, withdrawn=False, done=False, due__lte=until
    ).values_list("task__external_id", "title", "due")
    for task_id, title, due in milestones:
        if task_id in open_:
            items.append(Due(task_id, title, due, (due - day).days, open_[task_id], milestone=True))
    units: dict[str, UnitDeadlines] = {}
    for item in sorted(items, key=lambda i: (i.due, i.task_id)):
        group = units.setdefault(item.status.lead or "未分工", UnitDeadlines(item.status.lead or "未分工"))
        (group.overdue if item.due < day else group.upcoming).append(item)
    ordered = sorted(units.values(), key=lambda u: (-len(u.overdue), -len(u.upcoming), u.unit))
    return Deadlines(day, until, ordered)
