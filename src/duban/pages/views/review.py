"""The office's review queue (/review/): the waiting reports, filtered by unit and period, each
accepted or returned with a comment (/review/<id>/), or several accepted at once (/review/accept/).
A refusal (an empty return comment, a report changed meanwhile) comes back on the queue, at the
report, with what was typed; success redirects to the queue with a confirmation. Thin.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban.pages.responses import guarded
from duban.publish import access
from duban.tracking.inbox import posted_version
from duban.tracking.reports import ReportRefused, accept_reports, review_by_id
from duban.tracking.review_queue import review_queue

_FILTERS = ("department", "period")


@guarded
def queue(request: HttpRequest) -> HttpResponse:
    return _queue(request, request.GET)


def _queue(request: HttpRequest, asked, status: int = 200, **shown) -> HttpResponse:
    plan = access.choose_plan(request.user, asked.get("plan"))
    q = review_queue(request.user, plan, department=asked.get("department"), period=asked.get("period"))
    context = {"plan": plan, "q": q, "errors": {}, "comments": {}, **shown}
    return render(request, "pages/review.html", context, status=status)


def _back(request: HttpRequest, plan_id: int) -> str:
    """The queue the office came from: its plan and filters."""
    kept = {"plan": plan_id, **{k: request.POST[k] for k in _FILTERS if request.POST.get(k)}}
    return f"/review/?{urlencode(kept)}"


@require_POST
@guarded
def review_action(request: HttpRequest, report_id: int) -> HttpResponse:
    accept = request.POST.get("action") == "accept"
    comment = request.POST.get("comment", "")
    try:
        report = review_by_id(
            request.user,
            report_id,
            accept=accept,
            comment=comment,
            version=posted_version(request.POST) or 0,
        )
    except ReportRefused as err:
        return _queue(
            request, request.POST, err.status, errors={report_id: str(err)}, comments={report_id: comment}
        )
    what = f"{report.task.external_id}（{report.period.title}，{report.department}）"
    done = "已审核通过" if accept else "已退回，退回意见已通知单位"
    messages.success(request, f"{what}{done}")
    return redirect(_back(request, report.task.plan_id))


@require_POST
@guarded
def accept_many(request: HttpRequest) -> HttpResponse:
    try:
        accepted = accept_reports(_picked(request.POST.getlist("report")), user=request.user)
    except ReportRefused as err:
        return _queue(request, request.POST, err.status, batch_error=str(err))
    names = "、".join(r.task.external_id for r in accepted)
    messages.success(request, f"已审核通过 {len(accepted)} 份报告：{names}")
    return redirect(_back(request, accepted[0].task.plan_id))


def _picked(values: list[str]) -> list[tuple[int, int]]:
    """The ticked reports, each sent as "id:version"."""
    pairs = []
    for value in values:
        pk, _, version = value.partition(":")
        if not (pk.isdecimal() and version.isdecimal()):
            raise ReportRefused(f"所选报告“{value[:20]}”无效：请刷新页面后重新勾选")
        pairs.append((int(pk), int(version)))
    return pairs
