"""Writes that keep their history: an object, who and why in; a saved row and its history entry out."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def save(obj: M, *, user, reason: str) -> M:
    # django-simple-history reads these two attributes when it writes the history row; outside a
    # web request (the CLI) they are the only way to say who made the change.
    obj._history_user = user
    obj._change_reason = reason
    obj.save()
    return obj


def update(obj: M, fields: dict, *, user, reason: str) -> bool:
    """Set ``fields`` and save only when one of them differs, so a no-op leaves no history entry."""
    if not assign(obj, fields):
        return False
    save(obj, user=user, reason=reason)
    return True


def assign(obj: M, fields: dict) -> bool:
    """Set ``fields`` on ``obj`` in memory; True when one of them differs (or ``obj`` is new),
    for a caller that writes the changed rows in bulk (``plans.bulk.update``)."""
    if obj.pk is not None and all(getattr(obj, k) == v for k, v in fields.items()):
        return False
    for k, v in fields.items():
        setattr(obj, k, v)
    return True
