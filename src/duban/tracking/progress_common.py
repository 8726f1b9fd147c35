"""What export and import of the 进展报送表 share: names, tasks and figures in; the things they name out.

``period_named`` and ``unit_named`` turn a period label (or, on a quarterly plan, a month) and a
unit as people write it into the ``Period`` and ``Department``, or a ``ProgressRefused`` listing
the choices; ``live_tasks`` and ``lead_of`` give the tasks a sheet covers and the unit that leads
each; ``read_figure`` gives a row's 完成值 in its target's base unit. ``ProgressRefused`` is the
one-line refusal both directions raise.
"""

from __future__ import annotations

import re

from django.db.models import Prefetch

from duban.errors import Refusal
from duban.plans.departments import UnitDirectory
from duban.plans.models import Assignment, Department, Plan, Role, Target, Task
from duban.sheets.progress import ProgressRow
from duban.tracking.figure_text import scaled
from duban.tracking.models import Period
from duban.tracking.periods import ensure_periods, find_period

_LABELS_SHOWN = 4
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


class ProgressRefused(Refusal):
    """The workbook cannot be filed (or exported) as asked; nothing was changed."""


# ---------------------------------------------------------------------------------------------
# Names on the command line


def period_named(plan: Plan, label: str) -> Period:
    """A period by its label; on a quarterly plan a month (2024-05) also names its quarter."""
    found = find_period(plan, label.upper())
    if found is None:
        found = _period_of_month(plan, label.strip())
    if found is None:
        raise ProgressRefused(f"计划“{plan.key}”没有报送期“{label}”：可选 {_labels(plan)}")
    return found


def _period_of_month(plan: Plan, text: str) -> Period | None:
    match = _MONTH.fullmatch(text)
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    year, month = int(match[1]), int(match[2])
    return next(
        (p for p in ensure_periods(plan) if p.start.year == year and p.start.month <= month <= p.end.month),
        None,
    )


def _labels(plan: Plan) -> str:
    labels = [p.label for p in ensure_periods(plan)]
    if len(labels) <= _LABELS_SHOWN:
        return "、".join(labels)
    return f"{labels[0]}、{labels[1]} … {labels[-1]}"


def unit_named(plan: Plan, name: str) -> Department:
    """A unit as people write it (its name, an alias, or the name without its bracketed note)."""
    found = UnitDirectory(plan.government).find(name)
    if found is None:
        raise ProgressRefused(f"“{name}”不在{plan.government.name}的单位清单中：请写单位全称或其简称")
    return found


# ---------------------------------------------------------------------------------------------
# Figures as units write them


def read_figure(row: ProgressRow, target: Target) -> float | None:
    """The row's 完成值 in the target's base unit (see ``figure_text.read_written``)."""
    if row.actual is None:
        return None
    return scaled(row.actual, row.actual_text, target)


# ---------------------------------------------------------------------------------------------
# The tasks a sheet covers


def live_tasks(plan: Plan):
    return (
        plan.tasks.filter(withdrawn=False)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.filter(withdrawn=False).order_by("pk")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(withdrawn=False, role=Role.LEAD).select_related(
                    "department"
                ),
                to_attr="leads",
            ),
        )
    )


def lead_of(task: Task) -> Department | None:
    # ``leads`` is prefetched by live_tasks; one lead at most (assignment_one_lead).
    return task.leads[0].department if task.leads else None
