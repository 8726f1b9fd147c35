"""Notices about an order: an order, who is told and the text in; an in-app notice written in the
caller's transaction, and the same text sent on the reminder channels of ``duban remind`` once the
transaction commits (a robot or mail server is not ours: no transaction waits for one).

The unit is told through its routes (its own robot, the all-units robot, e-mail to its address
and liaisons); the office through in-app notices to each office account and e-mail to those that
have an address. Every outside send is recorded as an ``OrderMessage``, whether it went through.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from duban.accounts.models import UserRole
from duban.orders.models import Order, OrderMessage
from duban.tracking import webhooks
from duban.tracking.models import Channel, NoticeKind, Notification, ReminderRoute
from duban.tracking.notices import notify
from duban.tracking.reminders import deliver_by_mail, email_addresses


def notice(*, message: str, link: str = "", department=None, user=None) -> Notification:
    """One in-app notice of an order, written by the notification centre's one writer."""
    return notify(kind=NoticeKind.ORDER, message=message, link=link, department=department, user=user)


def link_of(order: Order) -> str:
    return f"/orders/{order.pk}/"


def to_unit(order: Order, message: str) -> None:
    notice(department=order.department, message=message, link=link_of(order))
    order_id, department_id = order.pk, order.department_id
    transaction.on_commit(lambda: _send_to_unit(order_id, department_id, message))


def to_office(order: Order, message: str) -> None:
    for user in office_users(order.plan.government_id):
        notice(user=user, message=message, link=link_of(order))
    order_id = order.pk
    transaction.on_commit(lambda: _send_to_office(order_id, message))


def office_users(government_id: int | None = None) -> list:
    """The office accounts that act for ``government_id``: its own, and the installation's."""
    users = get_user_model().objects.filter(is_active=True, profile__role=UserRole.OFFICE)
    if government_id is not None:
        users = users.filter(Q(profile__government_id=government_id) | Q(profile__government=None))
    return list(users.order_by("pk"))


def _routes(order: Order):
    return ReminderRoute.objects.filter(government_id=order.plan.government_id, active=True).order_by("pk")


def _send_to_unit(order_id: int, department_id: int, message: str) -> None:
    order = Order.objects.select_related("plan", "department").get(pk=order_id)
    for route in _routes(order):
        if route.department_id not in {None, department_id}:
            continue
        if route.channel == Channel.EMAIL:
            addresses = email_addresses(order.department)
            if addresses:
                _record(
                    order,
                    route.channel,
                    ", ".join(addresses),
                    message,
                    deliver_by_mail(order.code, message, addresses),
                )
        elif route.webhook_url:
            problem = webhooks.deliver(webhooks.post_json, Channel(route.channel), route.webhook_url, message)
            _record(order, route.channel, route.webhook_url, message, problem)


def _send_to_office(order_id: int, message: str) -> None:
    order = Order.objects.select_related("plan").get(pk=order_id)
    if not any(r.channel == Channel.EMAIL for r in _routes(order)):
        return
    addresses = [u.email for u in office_users(order.plan.government_id) if u.email]
    if addresses:
        _record(
            order,
            Channel.EMAIL,
            ", ".join(addresses),
            message,
            deliver_by_mail(order.code, message, addresses),
        )


def _record(order: Order, channel: str, to: str, message: str, problem: str) -> None:
    OrderMessage.objects.create(
        order=order, channel=channel, to=to[:200], message=message, ok=not problem, detail=problem
    )
