"""Who is signed in: a session's user id in, the user with its role and unit out, read from the
shared cache (``settings.CACHES["shared"]``, a directory every server worker reads) instead of two
or three queries on every page.

A cached user is forgotten whenever the user, its role or its unit is saved or deleted, in this
process and, once the transaction commits, again, so a reader that raced the write cannot keep the
old row. What changes a user behind the ORM's back (a bulk ``update()``, a restored backup) shows
after ``USER_SECONDS`` at most.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.db import transaction

USER_SECONDS = 60
# Run on a user read from the database, before it is kept: what later stages show in every page's
# frame rides along instead of costing a read of its own (the notification centre's unread count).
_ON_LOAD: list[Callable[[object], None]] = []


def on_load(hook: Callable[[object], None]) -> None:
    """Register ``hook(user)``, called on every user read from the database to be kept."""
    if hook not in _ON_LOAD:
        _ON_LOAD.append(hook)


def _key(user_id) -> str:
    return f"duban.user.{user_id}"


class CachedUserBackend(ModelBackend):
    """Django's model backend, reading the signed-in user with its profile and unit in one query
    and keeping it in the shared cache; passwords and permissions are checked as before."""

    def get_user(self, user_id):
        store = caches["shared"]
        user = store.get(_key(user_id))
        if user is None:
            users = get_user_model()._default_manager.select_related("profile__department")
            user = users.filter(pk=user_id).first()
            if user is None:
                return None
            for hook in _ON_LOAD:
                hook(user)
            store.set(_key(user_id), user, USER_SECONDS)
        return user if self.user_can_authenticate(user) else None


def forget(user_id) -> None:
    """Drop a user's cached copy now and again when the current transaction commits."""
    store = caches["shared"]
    store.delete(_key(user_id))
    transaction.on_commit(lambda: store.delete(_key(user_id)))


def forget_user(sender, instance, **kwargs) -> None:
    forget(instance.pk)


def forget_profile(sender, instance, **kwargs) -> None:
    forget(instance.user_id)


def forget_unit_liaisons(sender, instance, **kwargs) -> None:
    # The page header names a liaison's unit, read through the cached user.
    for user_id in instance.liaisons.values_list("user_id", flat=True):
        forget(user_id)
