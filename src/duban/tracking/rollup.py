"""Task statuses in (whole ``TaskStatus``, their ``stored.Brief``, or already summed per section
and per lead unit: ``tracking.sums``); weighted progress of sections and of the plan, and
per-department figures (tasks by light, reports on time, reports returned) out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from duban.plans.chapters import chapter_map
from duban.plans.models import Plan, Section
from duban.tracking import punctuality
from duban.tracking.status import TaskStatus
from duban.tracking.stored import Brief
from duban.tracking.sums import Sums, grouped, total

Assessed = TaskStatus | Brief
NO_UNIT = "未分工"


@dataclass
class Rollup:
    name: str
    completion: float | None
    time_progress: float | None
    lights: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    tasks: int = 0


def line(name: str, sums: Sums) -> Rollup:
    completion, progress = sums.figures()
    return Rollup(name, completion, progress, sums.lights_shown(), sums.statuses_shown(), sums.tasks)


def plan_rollup(plan: Plan, statuses: Sequence[Assessed]) -> Rollup:
    return line(plan.key, total(grouped(statuses, lambda _: None).values()))


def section_rollups(plan: Plan, statuses: Sequence[Assessed]) -> list[Rollup]:
    return section_lines(plan, grouped(statuses, lambda s: s.section_id))


def section_lines(plan: Plan, by_section: dict[int | None, Sums]) -> list[Rollup]:
    """One line per chapter (``plans.chapters``), its subsections' tasks included, in the
    report's order (tasks in no chapter last), from each section's sums.

    The tasks a part states before its first chapter (二、… 总体要求, 主要预期目标) are a line of
    their own, named as that part's general statement (总述) so it does not read as a sibling of
    the chapters below it.
    """
    sections = list(Section.objects.filter(plan=plan).order_by("order"))
    top_of = chapter_map(sections)
    parents = {s.parent_id for s in sections}
    by_chapter: dict[int | None, Sums] = {}
    for section_id, sums in by_section.items():
        by_chapter.setdefault(top_of.get(section_id), Sums()).merge(sums)
    titled = {
        s.pk: f"{s.heading}（总述）" if s.parent_id is None and s.pk in parents else s.heading
        for s in sections
    }
    rank = {s.pk: n for n, s in enumerate(sections)}
    shown = sorted(
        (key for key, sums in by_chapter.items() if sums.tasks), key=lambda k: rank.get(k, len(rank))
    )
    return [line(titled.get(key, "其他任务"), by_chapter[key]) for key in shown]


@dataclass
class DepartmentFigures:
    name: str
    lights: Counter
    tasks: int
    on_time: int  # lead reports filed by the period's due date
    late: int
    returned: int

    @property
    def score(self) -> float:
        """The ranking key: share of green tasks, then punctuality."""
        green = self.lights.get("green", 0) / self.tasks if self.tasks else 0.0
        filed = self.on_time + self.late
        return green + (self.on_time / filed if filed else 0.0) / 10


def department_figures(plan: Plan, statuses: Sequence[Assessed]) -> list[DepartmentFigures]:
    return department_lines(plan, grouped(statuses, lambda s: s.lead))


def department_lines(plan: Plan, by_lead: dict[str, Sums]) -> list[DepartmentFigures]:
    """Each lead unit's figures, from its tasks' sums, ranked by ``DepartmentFigures.score``."""
    merged: dict[str, Sums] = {}
    for lead, sums in by_lead.items():
        merged.setdefault(lead or NO_UNIT, Sums()).merge(sums)
    counts = punctuality.counts(plan)
    rows = [
        DepartmentFigures(
            name=name,
            lights=sums.lights_shown(),
            tasks=sums.tasks,
            on_time=counts.get(name, (0, 0, 0))[0],
            late=counts.get(name, (0, 0, 0))[1],
            returned=counts.get(name, (0, 0, 0))[2],  # returned once and accepted later still counts
        )
        for name, sums in merged.items()
        if sums.tasks
    ]
    return sorted(rows, key=lambda r: (-r.score, r.name))
