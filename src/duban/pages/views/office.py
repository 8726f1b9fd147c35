"""The office's work from the web instead of the command line: accounts (/accounts/: create a
liaison for a unit, reset a password, deactivate) and 催办 (a unit, /units/<id>/remind/, or a
task's lead unit, /tasks/<id>/remind/), through the same services as ``duban user`` and
``duban remind``. Each POST redirects with a confirmation; a refusal comes back on the page. Thin.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban.accounts import services
from duban.accounts.services import AccountRefused
from duban.errors import Refusal
from duban.pages.responses import asked_day, guarded
from duban.plans.models import Department, Leader
from duban.publish import access
from duban.tracking import cache, reminders


@guarded
def accounts(request: HttpRequest) -> HttpResponse:
    return _accounts(request)


def _accounts(request: HttpRequest, status: int = 200, **shown) -> HttpResponse:
    context = {
        "rows": services.list_accounts(request.user),
        "units": Department.objects.filter(active=True)
        .select_related("government")
        .order_by("government__name", "order", "name"),
        "leaders": Leader.objects.filter(active=True).select_related("government"),
        "posted": {},
        **shown,
    }
    return render(request, "pages/accounts.html", context, status=status)


@require_POST
@guarded
def create_account(request: HttpRequest) -> HttpResponse:
    form = request.POST
    try:
        user, password = services.create_account(
            request.user,
            username=form.get("username", ""),
            role=form.get("role", ""),
            department_id=form.get("department", ""),
            leader_id=form.get("leader", ""),
            email=form.get("email", ""),
        )
    except AccountRefused as err:
        return _accounts(request, err.status, error=str(err), posted=form)
    return _accounts(request, created=user, password=password)


@require_POST
@guarded
def reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    user, password = services.reset_password(request.user, user_id)
    return _accounts(request, reset=user, password=password)


@require_POST
@guarded
def set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    active = request.POST.get("active") == "1"
    try:
        user = services.set_active(request.user, user_id, active=active)
    except AccountRefused as err:
        return _accounts(request, err.status, error=str(err))
    messages.success(request, f"账号 {user.username} 已{'启用' if active else '停用'}")
    return redirect("/accounts/")


@require_POST
@guarded
def remind_department(request: HttpRequest, department_id: int) -> HttpResponse:
    plan = access.choose_plan(request.user, request.POST.get("plan"))
    day = cache.as_of(plan, asked_day(request))
    back = request.POST.get("back", "")
    back = back if back.startswith("/") and not back.startswith("//") else f"/inbox/?plan={plan.pk}"
    return _remind(request, partial(reminders.remind_unit, request.user, plan, department_id, day), back)


@require_POST
@guarded
def remind_for_task(request: HttpRequest, task_id: str) -> HttpResponse:
    send = partial(reminders.remind_task, request.user, task_id, asked_day(request))
    return _remind(request, send, f"/tasks/{task_id}/")


def _remind(request: HttpRequest, send, back: str) -> HttpResponse:
    """Send the 催办 and go back with what it did; a refusal (already reminded, nothing owed) is
    said there too. Not allowed, or no such unit or task, is a refusal page."""
    try:
        summary = send()
    except Refusal as err:
        if err.status in {403, 404}:
            raise
        messages.error(request, str(err))
    else:
        messages.success(request, reminders.summary_line(summary))
    return redirect(back)
