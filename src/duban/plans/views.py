"""Ledger pages of one task (/tasks/<id>/) and of the report text (/plans/<id>/report/). Thin."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.errors import NotFound
from duban.plans.pages import report_segments, task_plan, task_view
from duban.publish import access
from duban.tracking import cache
from duban.web.kept import kept_page
from duban.web.responses import asked_day, guarded


@guarded
def task_detail(request: HttpRequest, task_id: str) -> HttpResponse:
    plan = task_plan(task_id)
    day = cache.as_of(plan, asked_day(request))

    def context() -> dict:
        # Only when this viewer's page is not kept for this revision; the check who may read the
        # task runs here, and a page kept for one viewer is never served to another.
        return {"v": task_view(request.user, task_id, day), "plan": plan}

    key = cache.page_key(plan, day, "task", task_id, request.GET.urlencode())
    return kept_page(request, "plans/task.html", context, key)


@guarded
def report_text(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.choose_plan(request.user, str(plan_id))
    if plan.pk != plan_id:
        raise NotFound("没有这个计划")
    allowed = access.unit_task_ids(request.user, plan)
    segments = report_segments(plan)
    if allowed is not None:  # a liaison follows links only to its own unit's tasks
        for segment in segments:
            if segment.task_id not in allowed:
                segment.task_id = None
    # ?q=q12 marks one figure (the promise check's citations open the report on theirs)
    picked = request.GET.get("q", "")
    return render(request, "plans/report.html", {"plan": plan, "segments": segments, "picked": picked})
