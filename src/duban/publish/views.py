"""Dashboard pages: the overview (/), the ledger (/ledger/) and the public page (/public/).

Thin: parse the request, call one service, render. Who sees what is decided in ``access``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.publish import access, dashboard, public
from duban.publish.ledger import SORTS, LedgerQuery, ledger_page
from duban.tracking.periods import as_of
from duban.web.responses import asked_day, guarded

STATUSES = ["未启动", "序时推进", "滞后", "已完成", "逾期", "未报送"]


@guarded
def overview(request: HttpRequest) -> HttpResponse:
    plan = access.choose_plan(request.user, request.GET.get("plan"))
    day = as_of(plan, asked_day(request))
    statuses, scoped = access.visible_statuses(request.user, plan, day)
    data = dashboard.overview(plan, day, statuses if scoped else None)
    context = {"o": data, "plan": plan, "plans": access.visible_plans(request.user), "scoped": scoped}
    return render(request, "publish/overview.html", context)


@guarded
def ledger(request: HttpRequest) -> HttpResponse:
    plan = access.choose_plan(request.user, request.GET.get("plan"))
    day = as_of(plan, asked_day(request))
    statuses, scoped = access.visible_statuses(request.user, plan, day)
    query = LedgerQuery.from_params(request.GET)
    page = ledger_page(statuses, list(plan.sections.all()), query)
    context = {
        "plan": plan,
        "plans": access.visible_plans(request.user),
        "day": day,
        "page": page,
        "query": query,
        "sorts": {k: v[0] for k, v in SORTS.items()},
        "statuses": STATUSES,
        "scoped": scoped,
    }
    template = "publish/ledger_rows.html" if request.headers.get("HX-Request") else "publish/ledger.html"
    return render(request, template, context)


@guarded(login=False)
def public_index(request: HttpRequest) -> HttpResponse:
    return render(request, "publish/public_index.html", {"plans": public.published_plans()})


@guarded(login=False)
def public_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    return render(request, "publish/public_plan.html", {"p": public.public_view(plan_id)})
