"""The public page (公开): published plans in; their tasks with accepted figures only out.

Nothing unreviewed and nothing internal (problems, comments, evidence) leaves through here; a
plan that is not published does not exist for the public.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from duban.bulletins.services import published_bulletins
from duban.errors import NotFound
from duban.plans.models import Plan
from duban.publish.promises import public_rows
from duban.tracking.figure_text import format_figure
from duban.tracking.models import Figure, ProgressReport, ReportRole, ReportSource, ReportState


@dataclass
class PublicTask:
    task_id: str
    section: str
    text: str
    lead: str
    figures: list[tuple[str, str, str]]  # metric, target, accepted figure
    progress: str  # the latest accepted narrative
    period: str


@dataclass
class PublicPlan:
    plan: Plan
    tasks: list[PublicTask]
    updated: str
    demo: bool = False
    bulletins: list = field(default_factory=list)  # issued bulletins the office published
    checks: list | None = None  # the promise check (兑现核查) once next year's report is in
    check_summary: dict | None = None


def published_plans(government: str | None = None) -> QuerySet[Plan]:
    """Every published plan; with ``government`` (its id, from ``/public/?government=``) that
    government's own: each government of an installation has its public page."""
    plans = (
        Plan.objects.filter(published=True).select_related("government").order_by("-year", "government__name")
    )
    if government is not None:
        plans = plans.filter(government_id=int(government)) if government.isdecimal() else plans.none()
    return plans


def public_governments() -> list[tuple[int, str]]:
    """The governments with a published plan: (id, name), for the public page's list."""
    return list(
        Plan.objects.filter(published=True)
        .order_by("government__name")
        .values_list("government_id", "government__name")
        .distinct()
    )


def public_view(plan_id: int) -> PublicPlan:
    plan = published_plans().filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("没有这个公开计划")
    accepted = (
        ProgressReport.objects.filter(task__plan=plan, role=ReportRole.LEAD, state=ReportState.ACCEPTED)
        .select_related("period")
        .order_by("period__end")
    )
    latest = {r.task_id: r for r in accepted}  # later periods overwrite earlier ones
    figures = {}
    for f in Figure.objects.filter(report__in=list(latest.values())).select_related("target"):
        figures.setdefault(f.report_id, []).append(f)
    tasks = [
        _task(task, latest.get(task.pk), figures)
        for task in plan.tasks.filter(withdrawn=False)
        .select_related("section")
        .prefetch_related("assignments__department", "targets")
        .order_by("order")
    ]
    demo = any(r.source == ReportSource.DEMO for r in latest.values())
    checked = public_rows(plan)
    checks, summary = checked if checked else (None, None)
    return PublicPlan(
        plan, tasks, timezone.localdate().isoformat(), demo, published_bulletins(plan), checks, summary
    )


def _task(task, report, figures) -> PublicTask:
    lead = task.lead_unit()
    shown = {f.target_id: f for f in figures.get(report.pk, [])} if report else {}
    return PublicTask(
        task_id=task.external_id,
        section=task.section.title if task.section else "",
        text=task.text,
        lead=lead.name if lead else "",
        figures=[
            (t.metric, t.text, format_figure(shown[t.pk].value, t) if t.pk in shown else "—")
            for t in task.targets.all()
            if not t.withdrawn
        ],
        progress=report.progress if report else "",
        period=report.period.title if report else "",
    )
