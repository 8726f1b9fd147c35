"""Rows written in bulk with their history: unsaved (or changed) rows, who and why in; the rows
saved with their primary keys and one history entry each out, in a few statements per thousand
rows instead of two per row.

Bulk statements send no ``post_save`` signals, so the caller tells ``plans.revision.bump`` which
plan (and tasks) the rows touch; inside a ``tracking.writes.batch`` that costs one revision bump
and one reassessment per plan for the whole transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

M = TypeVar("M", bound=models.Model)

BATCH = 500  # rows per statement: well under SQLite's 32,766 bound parameters for every model here


def create(rows: Sequence[M], *, user, reason: str) -> list[M]:
    """Insert ``rows`` (all of one model) and their history entries; the rows come back with
    their primary keys, in order."""
    if not rows:
        return []
    model = type(rows[0])
    with transaction.atomic():
        return bulk_create_with_history(
            list(rows), model, batch_size=BATCH, default_user=_user(user), default_change_reason=reason
        )


def update(rows: Sequence[M], *, user, reason: str) -> int:
    """Write ``rows`` (all of one model, changed in memory) whole, as ``save`` would, and a
    history entry for each; rows that did not change should not be passed."""
    if not rows:
        return 0
    model = type(rows[0])
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    with transaction.atomic():
        return bulk_update_with_history(
            list(rows),
            model,
            fields,
            batch_size=BATCH,
            default_user=_user(user),
            default_change_reason=reason,
            manager=model._default_manager,
        )


def _user(user):
    # The history's user column holds a real account; the CLI's anonymous operator is None.
    return user if user is not None and getattr(user, "pk", None) else None
