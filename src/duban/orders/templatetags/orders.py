"""``{% unit_orders unit plan %}``: the orders a unit must act on, for its inbox."""

from __future__ import annotations

from django import template

from duban.orders.access import awaiting

register = template.Library()


@register.inclusion_tag("orders/inbox_orders.html")
def unit_orders(unit, plan) -> dict:
    return {"orders": awaiting(unit, plan)}
