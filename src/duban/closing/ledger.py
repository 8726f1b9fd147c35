"""The ledger's side of a check: a plan's targets in; each target's accepted year-end figure (the
lead unit's accepted report of the period that ends the year), the latest accepted figure as of a
day, and the report that gave it, out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from duban.extract.lexicon import load as load_lexicon
from duban.plans.models import Plan, Target
from duban.tracking.figure_text import target_scale
from duban.tracking.models import Figure, ReportRole, ReportState


@dataclass(frozen=True)
class Accepted:
    target_id: int
    value: float | None
    text: str
    report_id: int
    period: str  # 2024年12月
    period_end: dt.date
    department: str
    accepted_at: dt.datetime | None

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "text": self.text,
            "report": {
                "id": self.report_id,
                "period": self.period,
                "department": self.department,
                "accepted_at": self.accepted_at.isoformat() if self.accepted_at else None,
            },
        }


def accepted_figures(
    plan: Plan, *, until: dt.date | None = None, year_end: bool = False
) -> dict[int, Accepted]:
    """Target pk -> its latest accepted figure: of periods ending by ``until``, or with
    ``year_end`` only the period that ends the plan year."""
    figures = Figure.objects.filter(
        target__task__plan=plan,
        report__role=ReportRole.LEAD,
        report__state=ReportState.ACCEPTED,
    ).select_related("report__period", "report__department", "target")
    if year_end:
        figures = figures.filter(report__period__end=plan.year_end)
    if until is not None:
        figures = figures.filter(report__period__end__lte=until)
    latest: dict[int, Accepted] = {}
    for f in figures.order_by("report__period__end", "report__reviewed_at", "pk"):
        if f.value is None and not f.text:
            continue
        report = f.report
        latest[f.target_id] = Accepted(
            target_id=f.target_id,
            value=f.value,
            text=written(f.value, f.target) if f.value is not None else f.text,
            report_id=report.pk,
            period=report.period.title,
            period_end=report.period.end,
            department=report.department.name,
            accepted_at=report.reviewed_at,
        )
    return latest


def written(value: float | None, target: Target) -> str:
    """A figure as the target writes it: 195721000000 against 超2000亿元 is 1957.21亿元."""
    if value is None:
        return ""
    scale = target_scale(target)
    word = next((w for w, m in load_lexicon().multipliers.items() if m == scale and len(w) == 1), "")
    shown = round(value / scale, 2) if word else round(value, 2)
    return f"{shown:g}{word}{target.unit}"
