"""The promise check (兑现核查) pages: a plan's check of last year's targets against this year's
report (/plans/<id>/promises/), the office's override of a verdict with its reason, the check as a
workbook or document, and the draft of the review's wording. Thin."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban import files
from duban.closing.services import override
from duban.pages.responses import asked_day, guarded
from duban.publish import access
from duban.publish.promises import draft_file, promise_file, promise_page

_KINDS = {"xlsx": files.XLSX, "docx": files.DOCX}


@guarded
def promises(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.plan_for(request.user, plan_id)
    page = promise_page(request.user, plan, request.GET)
    return render(request, "pages/promises.html", {"plan": plan, "page": page})


@guarded
@require_POST
def promise_override(request: HttpRequest, plan_id: int, check_id: int) -> HttpResponse:
    access.plan_for(request.user, plan_id)
    override(
        check_id,
        verdict=request.POST.get("verdict", ""),
        reason=request.POST.get("reason", ""),
        user=request.user,
    )
    return redirect(f"/plans/{plan_id}/promises/#check-{check_id}")


@guarded
def promise_export(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    plan = access.plan_for(request.user, plan_id)
    data, name = promise_file(request.user, plan, fmt)
    return files.attachment(data, name, content_type=_KINDS[name.rsplit(".", 1)[-1]])


@guarded
def promise_draft(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.plan_for(request.user, plan_id)
    data, name = draft_file(request.user, plan, asked_day(request))
    return files.attachment(data, name, content_type=_KINDS[name.rsplit(".", 1)[-1]])
