"""Progress sheets from the web: the office's sheets page (/plans/<id>/sheets/), the workbook of a
period for a unit or for all (/plans/<id>/progress.xlsx), and an upload previewed, then filed once
confirmed (/plans/<id>/progress/). A unit reaches the same download and upload from its inbox,
for its own sheet only. Thin.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban import files
from duban.accounts import rules
from duban.errors import Refusal
from duban.pages.responses import asked_day, guarded
from duban.publish import access
from duban.tracking import cache
from duban.tracking.progress_import import Action
from duban.tracking.progress_web import progress_workbook, sheet_choices, upload_progress


@guarded
def choose(request: HttpRequest) -> HttpResponse:
    plan = access.choose_plan(request.user, request.GET.get("plan"))
    return redirect(f"/plans/{plan.pk}/sheets/")


@guarded
def sheets(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.plan_for(request.user, plan_id)
    choices = sheet_choices(request.user, plan, cache.as_of(plan, asked_day(request)))
    return render(request, "pages/sheets.html", {"plan": plan, "c": choices})


@guarded
def progress_download(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.plan_for(request.user, plan_id)
    book = progress_workbook(
        request.user,
        plan,
        period=request.GET.get("period"),
        department=request.GET.get("department"),
        day=cache.as_of(plan, asked_day(request)),
    )
    return files.attachment(book.data, book.filename, content_type=files.XLSX)


@require_POST
@guarded
def progress_upload(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.plan_for(request.user, plan_id)
    back = f"/plans/{plan.pk}/sheets/" if rules.is_office(request.user, plan) else f"/inbox/?plan={plan.pk}"
    context = {"plan": plan, "back": back, "posted": request.POST}
    try:
        done = upload_progress(
            request.user,
            plan,
            upload=request.FILES.get("workbook"),
            digest=request.POST.get("digest", ""),
            filename=request.POST.get("filename", ""),
            department=request.POST.get("department") or None,
            accept=request.POST.get("accept") == "1",
        )
    except Refusal as err:
        if err.status == 403:
            raise
        # The refusal is shown on the upload page itself, with the choices made kept.
        context["error"] = str(err)
        return render(request, "pages/progress_upload.html", context, status=err.status)
    if done.applied:
        outcome = done.outcome
        verb = "已报送并审核通过" if outcome.accepted else "已报送"
        filed = outcome.count(Action.FILE) + outcome.count(Action.ACCEPT)
        messages.success(request, f"进展报送表“{done.filename}”已导入：{verb} {filed} 项")
        return redirect(back)
    return render(request, "pages/progress_upload.html", {**context, "done": done})
