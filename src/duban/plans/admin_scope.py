"""The admin narrowed to one government: a request's office account and a model in; only the rows
of the account's own government (and, in the forms, only its governments, units, plans and tasks
to choose from) out. An account of the whole installation (no government, or a superuser) sees all.

Which government a row belongs to is found by following its links (plan, task, report, …) to a
government, so every admin that uses ``ReadOnlyHistoryMixin`` is narrowed without a word of its own.
"""

from __future__ import annotations

from functools import cache

from django.db.models import Model, QuerySet

# The links a row's government is reached by, tried in this order.
_LINKS = ("government", "plan", "task", "report", "period", "order", "reply", "bulletin", "department")


@cache
def government_path(model: type[Model]) -> str | None:
    """The lookup from ``model`` to its government's pk (``plan__government``), or None."""
    if model._meta.label == "plans.Government":
        return "pk"
    links = {f.name: f for f in model._meta.get_fields() if (f.many_to_one or f.one_to_one) and f.concrete}
    for name in _LINKS:
        field = links.get(name)
        if field is None or field.related_model is model:
            continue
        rest = government_path(field.related_model)
        if rest is not None:
            return name if rest == "pk" else f"{name}__{rest}"
    return None


def home_of(request) -> int | None:
    """The government an admin user's account belongs to; None for the whole installation."""
    user = request.user
    if user.is_superuser:
        return None
    return getattr(getattr(user, "profile", None), "government_id", None)


def scoped(rows: QuerySet, home: int | None) -> QuerySet:
    path = government_path(rows.model)
    if home is None or path is None:
        return rows
    return rows.filter(**{path: home})


class GovernmentScopedMixin:
    """For a ModelAdmin: its list, its pages and its choices held to the account's government."""

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), home_of(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        home = home_of(request)
        if home is not None and government_path(db_field.related_model) is not None:
            kwargs["queryset"] = scoped(db_field.related_model._default_manager.all(), home)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
