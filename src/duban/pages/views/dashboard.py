"""Dashboard pages: the overview (/), the ledger (/ledger/, its filters in the address, and its
.xlsx export), the deadline view (/deadlines/), the leaders' view (/leaders/) and the public page
(/public/).

Thin: parse the request, call one service, render. Who sees what is decided in ``access``.
"""

from __future__ import annotations

from dataclasses import astuple

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from duban import files
from duban.pages.kept import kept_page
from duban.pages.responses import asked_day, guarded
from duban.publish import access, cascade, dashboard, public
from duban.publish.deadlines import deadlines
from duban.publish.leaders import leader_view, leaders_index
from duban.publish.ledger import SORTS, LedgerPage, LedgerQuery, plan_ledger
from duban.publish.ledger_export import ledger_workbook
from duban.tracking import cache
from duban.tracking.figures import Status

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
        return dashboard.overview(plan, day, access.unit_statuses(request.user, plan, day), scope)

    context = {
        "o": SimpleLazyObject(lambda: cache.remember_page(key, data)),  # read only when not rendered yet
        "fragment": key,
        "plan": plan,
        "plans": plans,
        "day": day,
        "scoped": scope is not None,
    }
    return kept_page(request, "pages/overview.html", context, (*key, *_shown(plans, request)))


@guarded
def ledger(request: HttpRequest) -> HttpResponse:
    plans, plan = access.plans_and_choice(request.user, request.GET.get("plan"))
    day = cache.as_of(plan, asked_day(request))
    scope = access.scope_of(request.user)
    query = LedgerQuery.from_params(request.GET)
    revised = cache.page_key(plan, day)

    def page() -> LedgerPage:
        return plan_ledger(request.user, plan, day, query)

    # Kept per (plan, revision, day, scope, query) like the overview.
    kept = SimpleLazyObject(lambda: cache.remember_page((*revised, "ledger", scope, astuple(query)), page))
    asked = request.GET.urlencode()
    context = {
        "plan": plan,
        "plans": plans,
        "day": day,
        "page": kept,
        "fragment": (*revised, "ledger", scope, asked),
        # The markup is kept by what it shows rather than by revision: after a write to a task
        # on another page it is the same, and only the rows are read again. Keyed by the query
        # string as written, since the pager's links repeat it.
        "content": SimpleLazyObject(lambda: (plan.pk, day, "ledger", scope, asked, kept.fingerprint())),
        "query": query,
        "sorts": {k: v[0] for k, v in SORTS.items()},
        "statuses": STATUSES,
        "scoped": scope is not None,
    }
    # htmx asks for the rows alone, except when it restores a page from the address (back, reload).
    rows_only = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "pages/ledger_rows.html" if rows_only else "pages/ledger.html"
    return kept_page(request, template, context, (*context["fragment"], *_shown(plans, request)))


@guarded
def ledger_export(request: HttpRequest) -> HttpResponse:
    plan = access.choose_plan(request.user, request.GET.get("plan"))
    day = cache.as_of(plan, asked_day(request))
    book = ledger_workbook(request.user, plan, day, LedgerQuery.from_params(request.GET))
    return files.attachment(book.data, book.filename, content_type=files.XLSX)


@guarded
def deadline_view(request: HttpRequest) -> HttpResponse:
    plans, plan = access.plans_and_choice(request.user, request.GET.get("plan"))
    day = cache.as_of(plan, asked_day(request))
    found = deadlines(request.user, plan, day)
    return render(request, "pages/deadlines.html", {"plan": plan, "plans": plans, "d": found})


@guarded
def leaders(request: HttpRequest) -> HttpResponse:
    plans, plan = access.plans_and_choice(request.user, request.GET.get("plan"))
    day = cache.as_of(plan, asked_day(request))
    lines = leaders_index(request.user, plan, day)
    return render(request, "pages/leaders.html", {"plan": plan, "plans": plans, "day": day, "lines": lines})


@guarded
def leader(request: HttpRequest, leader_id: int) -> HttpResponse:
    plans, plan = access.plans_and_choice(request.user, request.GET.get("plan"))
    day = cache.as_of(plan, asked_day(request))
    view = leader_view(request.user, plan, leader_id, day)
    return render(request, "pages/leader.html", {"plan": plan, "plans": plans, "day": day, "v": view})


def _shown(plans: list, request: HttpRequest) -> tuple:
    """What a kept page shows beyond its plan's figures: the plan switch and the query."""
    return tuple((p.pk, p.revision) for p in plans), request.GET.urlencode()


@guarded(login=False)
def public_index(request: HttpRequest) -> HttpResponse:
    government = request.GET.get("government")
    context = {
        "plans": public.published_plans(government),
        "governments": public.public_governments(),
        "chosen": government,
    }
    return render(request, "pages/public_index.html", context)


@guarded(login=False)
def public_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    return render(request, "pages/public_plan.html", {"p": public.public_view(plan_id)})


@guarded
def cascade_page(request: HttpRequest) -> HttpResponse:
    plans, plan = access.plans_and_choice(request.user, request.GET.get("plan"))
    day = cache.as_of(plan, asked_day(request))
    result = cascade.cascade(request.user, plan, day)
    sort = request.GET.get("sort", "order")
    sort = sort if sort in cascade.SORTS else "order"
    context = {
        "plan": plan,
        "plans": plans,
        "day": day,
        "c": result,
        "rows": result.rows(sort),
        "sort": sort,
        "sorts": cascade.SORTS,
        "chart": cascade.chart_data(result),
    }
    return render(request, "pages/cascade.html", context)
