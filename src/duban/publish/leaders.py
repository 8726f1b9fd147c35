"""The leaders' view (分管领导): a plan, a day and the reader in; each responsible leader with the
lights of their tasks, or one leader's tasks — those whose 责任领导 they are, by default the tasks
their units lead — laggards first (red, then yellow, lowest completion first) out.

Office and readers (领导, 人大代表) see every leader; a liaison sees none.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from duban.accounts import rules
from duban.errors import Forbidden, NotFound
from duban.plans.models import Leader, Plan
from duban.publish.ledger import NO_FACTS, SORTS, LedgerRow, task_facts
from duban.tracking import cache


@dataclass
class LeaderLine:
    leader: Leader
    units: list[str]
    lights: Counter = field(default_factory=Counter)
    tasks: int = 0


@dataclass
class LeaderView:
    leader: Leader
    units: list[str]
    rows: list[LedgerRow]  # laggards first
    lights: Counter


def _readers_only(user) -> None:
    if not rules.may_read_all(user):
        raise Forbidden("分管领导的任务视图只对督查室和领导开放")


def leaders_index(user, plan: Plan, day: dt.date) -> list[LeaderLine]:
    """Every active leader of the plan's government with the lights of the tasks they answer for."""
    _readers_only(user)
    facts = task_facts(plan)
    lines = {
        leader.name: LeaderLine(leader, [d.name for d in leader.departments.all()])
        for leader in plan.government.leaders.filter(active=True).prefetch_related("departments")
    }
    for status in cache.statuses(plan, day):
        line = lines.get(facts.get(status.task_id, NO_FACTS).leader)
        if line is not None:
            line.lights[status.light] += 1
            line.tasks += 1
    return list(lines.values())


def leader_view(user, plan: Plan, leader_id: int, day: dt.date) -> LeaderView:
    _readers_only(user)
    leader = plan.government.leaders.filter(pk=leader_id).prefetch_related("departments").first()
    if leader is None:
        raise NotFound(f"{plan.government.name}没有这位分管领导")
    facts = task_facts(plan)
    mine = [s for s in cache.statuses(plan, day) if facts.get(s.task_id, NO_FACTS).leader == leader.name]
    mine.sort(key=SORTS["light"][1])
    return LeaderView(
        leader,
        [d.name for d in leader.departments.all()],
        [LedgerRow(s, facts[s.task_id]) for s in mine],
        Counter(s.light for s in mine),
    )
