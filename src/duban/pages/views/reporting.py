"""Reporting pages: the unit's inbox (/inbox/), the report form saved with htmx
(/tasks/<id>/report/<period>/) and the evidence files it uploads (/evidence/<id>/). Thin."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from duban.errors import Refusal
from duban.pages.responses import asked_day, guarded
from duban.publish import access
from duban.tracking import inbox as inbox_service
from duban.tracking.evidence import evidence_file
from duban.tracking.periods import as_of


@guarded
def inbox(request: HttpRequest) -> HttpResponse:
    plan = access.choose_plan(request.user, request.GET.get("plan"))
    day = as_of(plan, asked_day(request))
    box = inbox_service.inbox(request.user, plan, day, request.GET.get("department"))
    return render(request, "pages/inbox.html", {"box": box, "plan": plan})


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
    return "pages/report_form_body.html" if request.headers.get("HX-Request") else "pages/report_form.html"


@guarded
def evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    found = evidence_file(request.user, evidence_id)
    response = FileResponse(
        found.path.open("rb"),
        content_type=found.content_type,
        as_attachment=not found.inline,
        filename=found.filename,
    )
    response["Cache-Control"] = "private, no-store"  # who may read it is checked on every request
    return response
