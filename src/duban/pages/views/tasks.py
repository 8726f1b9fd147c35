"""Task pages: one task (/tasks/<id>/) and the report text (/plans/<id>/report/). Thin."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.pages.kept import kept_page
from duban.pages.responses import asked_day, guarded
from duban.publish.report_text import report_view
from duban.publish.task_page import task_plan, task_view
from duban.tracking import cache


@guarded
def task_detail(request: HttpRequest, task_id: str) -> HttpResponse:
    plan = task_plan(task_id)
    day = cache.as_of(plan, asked_day(request))

    def context() -> dict:
        # Only when this viewer's page is not kept for this revision; the check who may read the
        # task runs here, and a page kept for one viewer is never served to another.
        return {"v": task_view(request.user, task_id, day), "plan": plan, "day": day}

    key = cache.page_key(plan, day, "task", task_id, request.GET.urlencode())
    return kept_page(request, "pages/task.html", context, key)


@guarded
def report_text(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, paragraphs = report_view(request.user, plan_id)
    # ?q=q12 marks one figure (the promise check's citations open the report on theirs)
    picked = request.GET.get("q", "")
    return render(request, "pages/report.html", {"plan": plan, "paragraphs": paragraphs, "picked": picked})
