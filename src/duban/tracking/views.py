"""Reporting pages: the unit's inbox (/inbox/), the report form saved with htmx
(/tasks/<id>/report/<period>/) and the office's review queue (/review/). Thin."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.accounts import rules
from duban.errors import Forbidden, NotFound, Refusal
from duban.publish import access
from duban.tracking import inbox as inbox_service
from duban.tracking.models import ProgressReport
from duban.tracking.periods import as_of
from duban.tracking.reports import review
from duban.web.responses import asked_day, guarded


@guarded
def inbox(request: HttpRequest) -> HttpResponse:
    plan = access.choose_plan(request.user, request.GET.get("plan"))
    day = as_of(plan, asked_day(request))
    box = inbox_service.inbox(request.user, plan, day, request.GET.get("department"))
    return render(request, "tracking/inbox.html", {"box": box, "plan": plan})


@guarded
def report_form(request: HttpRequest, task_id: str, period: str) -> HttpResponse:
    department = request.GET.get("department") or request.POST.get("department")
    task, period_row, unit, report = inbox_service.form_target(request.user, task_id, period, department)
    context = {"task": task, "period": period_row, "unit": unit, "report": report}
    if request.method == "POST":
        try:
            report, saved = inbox_service.save_form(
                request.user, task, period_row, unit, report, request.POST, request.FILES.getlist("evidence")
            )
            context.update(report=report, saved=saved)
        except Refusal as err:
            # The form comes back with what was typed, so a conflict or a typo loses nothing.
            context.update(error=str(err), posted=request.POST)
            context["fields"] = inbox_service.figure_fields(task, report, request.POST)
            return render(request, _form_template(request), context, status=err.status)
    context["fields"] = inbox_service.figure_fields(task, context["report"])
    return render(request, _form_template(request), context)


def _form_template(request: HttpRequest) -> str:
    # htmx swaps the form in place; a plain request (no JavaScript) gets the whole page.
    return (
        "tracking/report_form_body.html" if request.headers.get("HX-Request") else "tracking/report_form.html"
    )


@guarded
def review_queue(request: HttpRequest) -> HttpResponse:
    plan = access.choose_plan(request.user, request.GET.get("plan"))
    reports = inbox_service.review_queue(request.user, plan)
    return render(request, "tracking/review.html", {"plan": plan, "reports": reports})


@require_POST
@guarded
def review_action(request: HttpRequest, report_id: int) -> HttpResponse:
    if not rules.has_office_role(request.user):
        raise Forbidden("只有督查室可以审核进展报告")
    report = get_object_or_404(ProgressReport.objects.select_related("task__plan"), pk=report_id)
    if not rules.may_read_plan(request.user, report.task.plan):
        raise NotFound("没有这份进展报告")
    if not rules.is_office(request.user, report.task.plan):
        raise Forbidden("只有本级政府的督查室可以审核这份进展报告")
    review(
        report,
        accept=request.POST.get("action") == "accept",
        comment=request.POST.get("comment", ""),
        version=inbox_service.posted_version(request.POST) or 0,
        user=request.user,
    )
    return redirect(f"/review/?plan={report.task.plan_id}")
