"""Order pages: a plan's orders (/plans/<id>/orders/), one order with the forms its state and the
viewer allow (/orders/<id>/) and its .docx (/orders/<id>/docx). Thin: each request is one call."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from duban.orders import access, actions, document
from duban.orders.models import OrderState
from duban.publish import access as plan_access
from duban.tracking.periods import as_of
from duban.web.files import attachment
from duban.web.responses import guarded


@guarded
def plan_orders(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_access.choose_plan(request.user, str(plan_id))
    if request.method == "POST":
        made = actions.propose_from_form(request.user, plan, request.POST, as_of(plan))
        messages.success(request, f"已生成督办建议 {len(made)} 条" if made else "没有需要新建议的事项")
        return redirect(f"/plans/{plan.pk}/orders/")
    state = request.GET.get("state", "")
    orders = access.plan_orders(request.user, plan, state if state in OrderState.values else "")
    day = as_of(plan)
    late = {o.pk for o in access.overdue(plan, day)}
    context = {
        "plan": plan,
        "orders": orders,
        "states": OrderState.choices,
        "state": state,
        "late": late,
        "plan_day": day,
    }
    return render(request, "orders/list.html", context)


@guarded
def order_page(request: HttpRequest, order_id: int) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action", "")
        order = actions.act(request.user, order_id, action, request.POST, request.FILES.getlist("evidence"))
        messages.success(request, f"{order.code or '督办建议'}：{order.get_state_display()}")
        return redirect(f"/orders/{order.pk}/")
    order = access.order_for(request.user, order_id)
    return render(
        request, "orders/order.html", {"order": order, "plan": order.plan, "history": order.history.all()}
    )


@guarded
def order_docx(request: HttpRequest, order_id: int) -> HttpResponse:
    order = access.order_for(request.user, order_id)
    return attachment(document.render(order), f"{order.code or '督办单建议'}{order.kind}.docx")
