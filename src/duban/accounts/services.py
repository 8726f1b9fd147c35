"""Account use cases: a name in, the Django user that history entries name out."""

from __future__ import annotations

from django.contrib.auth import get_user_model


def operator(name: str):
    """The user a command-line change is recorded under.

    Someone running ``duban`` on the server acts as themselves; when that name has no account
    yet, one is made that cannot log in, so history still says who it was.
    """
    users = get_user_model()
    user, created = users.objects.get_or_create(username=name.strip() or "duban")
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def ensure_role(user, role: str, department=None) -> None:
    """Give ``user`` a role (and, for a liaison, its unit); used by the CLI and the demo."""
    from duban.accounts.models import Profile

    Profile.objects.update_or_create(user=user, defaults={"role": role, "department": department})
