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

from django.db import connection, models, transaction
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

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
    history entry for each; rows that did not change should not be passed.

    One prepared ``UPDATE … WHERE id = %s`` run for every row (``executemany``): Django's
    ``bulk_update`` builds a CASE expression per row and field, which costs more in Python than
    the statements it saves."""
    if not rows:
        return 0
    model = type(rows[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    params = [
        [f.get_db_prep_save(f.pre_save(row, False), connection) for f in fields] + [row.pk] for row in rows
    ]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
        get_history_manager_for_model(model).bulk_history_create(
            list(rows), batch_size=BATCH, update=True, default_user=_user(user), default_change_reason=reason
        )
    return len(rows)


def _value(field: models.Field, row: models.Model):
    return field.get_db_prep_save(field.pre_save(row, False), connection)


def _user(user):
    # The history's user column holds a real account; the CLI's anonymous operator is None.
    return user if user is not None and getattr(user, "pk", None) else None
