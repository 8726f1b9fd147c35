"""A plan's order rules and the office's name: a plan in; its ``OrderRules`` (made on first use),
the issuer that signs its documents, and the time limit counted in working days out."""

from __future__ import annotations

import datetime as dt

from duban.orders import phrases
from duban.orders.models import OrderRules
from duban.plans.models import Plan


def rules_for(plan: Plan) -> OrderRules:
    found, _ = OrderRules.objects.get_or_create(plan=plan)
    return found


def issuer_of(plan: Plan) -> str:
    """督办单 and 督查通报 go out under this name: the one set for the plan, else the government's office."""
    return rules_for(plan).issuer.strip() or phrases.issuer(plan.government.name)


def working_days_after(day: dt.date, days: int) -> dt.date:
    """The day ``days`` working days after ``day``, Saturdays and Sundays skipped.

    Public holidays and their make-up working days are not known to duban; the office edits the
    time limit of an order issued around them.
    """
    current = day
    left = days
    while left > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current
