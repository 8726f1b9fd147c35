"""Dashboard pages: the overview (/), the ledger (/ledger/) and the public page (/public/).

Thin: parse the request, call one service, render. Who sees what is decided in ``access``.
"""

from __future__ import annotations

from dataclasses import astuple
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from duban.closing.services import override
from duban.errors import NotFound
from duban.publish import access, dashboard, public
from duban.publish.ledger import SORTS, LedgerPage, LedgerQuery, ledger_page
from duban.publish.promises import draft_file, promise_file, promise_page
from duban.tracking import cache
from duban.tracking.figures import Status
from duban.web.kept import kept_page
from duban.web.responses import asked_day, guarded

STATUSES = [s.value for s in Status]  # the ledger's status filter, in the order of tracking.md


@guarded
def overview(request: HttpRequest) -> HttpResponse:
    plans, plan = access.plans_and_choice(request.user, request.GET.get("plan"))
    day = cache.as_of(plan, asked_day(request))
    scope = access.scope_of(request.user)
    # The figures and their markup are kept per (plan, revision, day, scope): a request costs a
    # few small queries, not a pass over every task; any write to the plan retires them.
    key = cache.page_key(plan, day, "overview", scope)

    def data() -> dashboard.Overview:
        statuses, scoped = access.visible_statuses(request.user, plan, day)
        return dashboard.overview(plan, day, statuses if scoped else None)

    context = {
        "o": SimpleLazyObject(lambda: cache.remember_page(key, data)),  # read only when not rendered yet
        "fragment": key,
        "plan": plan,
        "plans": plans,
        "day": day,
        "scoped": scope is not None,
    }
    return kept_page(request, "publish/overview.html", context, (*key, *_shown(plans, request)))


@guarded
def ledger(request: HttpRequest) -> HttpResponse:
    plans, plan = access.plans_and_choice(request.user, request.GET.get("plan"))
    day = cache.as_of(plan, asked_day(request))
    scope = access.scope_of(request.user)
    query = LedgerQuery.from_params(request.GET)
    revised = cache.page_key(plan, day)

    def page() -> LedgerPage:
        statuses, _ = access.visible_statuses(request.user, plan, day)
        return ledger_page(statuses, list(plan.sections.all()), query)

    context = {
        "plan": plan,
        "plans": plans,
        "day": day,
        # Kept per (plan, revision, day, scope, query) like the overview; the markup is keyed by
        # the query string as written, since the pager's links repeat it.
        "page": SimpleLazyObject(
            lambda: cache.remember_page((*revised, "ledger", scope, astuple(query)), page)
        ),
        "fragment": (*revised, "ledger", scope, request.GET.urlencode()),
        "query": query,
        "sorts": {k: v[0] for k, v in SORTS.items()},
        "statuses": STATUSES,
        "scoped": scope is not None,
    }
    template = "publish/ledger_rows.html" if request.headers.get("HX-Request") else "publish/ledger.html"
    return kept_page(request, template, context, (*context["fragment"], *_shown(plans, request)))


def _shown(plans: list, request: HttpRequest) -> tuple:
    """What a kept page shows beyond its plan's figures: the plan switch and the query."""
    return tuple((p.pk, p.revision) for p in plans), request.GET.urlencode()


@guarded(login=False)
def public_index(request: HttpRequest) -> HttpResponse:
    return render(request, "publish/public_index.html", {"plans": public.published_plans()})


@guarded(login=False)
def public_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    return render(request, "publish/public_plan.html", {"p": public.public_view(plan_id)})


def _checked_plan(request: HttpRequest, plan_id: int):
    plan = access.choose_plan(request.user, str(plan_id))
    if plan.pk != plan_id:
        raise NotFound("没有这个计划")
    return plan


@guarded
def promises(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _checked_plan(request, plan_id)
    page = promise_page(request.user, plan, request.GET)
    return render(request, "publish/promises.html", {"plan": plan, "page": page})


@guarded
@require_POST
def promise_override(request: HttpRequest, plan_id: int, check_id: int) -> HttpResponse:
    _checked_plan(request, plan_id)
    override(
        check_id,
        verdict=request.POST.get("verdict", ""),
        reason=request.POST.get("reason", ""),
        user=request.user,
    )
    return redirect(f"/plans/{plan_id}/promises/#check-{check_id}")


@guarded
def promise_export(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    plan = _checked_plan(request, plan_id)
    data, name = promise_file(request.user, plan, fmt)
    return _download(data, name)


@guarded
def promise_draft(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _checked_plan(request, plan_id)
    data, name = draft_file(request.user, plan, asked_day(request))
    return _download(data, name)


def _download(data: bytes, name: str) -> HttpResponse:
    kinds = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    response = HttpResponse(data, content_type=kinds[name.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
