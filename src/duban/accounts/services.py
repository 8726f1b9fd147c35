"""Account use cases: a name in, the Django user that history entries name out."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from duban.accounts.models import ApiToken, Profile, UserRole
from duban.errors import Refusal
from duban.plans import history
from duban.plans.models import Department, Government


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


def ensure_role(user, role: str, department=None, government=None) -> None:
    """Give ``user`` a role (and, for a liaison, its unit; for an office or reader, its government:
    none means the whole installation); used by the CLI and the demo.

    A role it has already leaves no history entry: running the demo again changes nothing."""
    if department is not None:
        government = department.government
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    fields = {"role": role, "department": department, "government": government}
    history.update(profile, fields, user=None, reason="设置角色")


class AccountRefused(Refusal):
    """The account cannot be made as asked; nothing was stored."""


def add_user(
    name: str, role: str, *, password: str, department: str | None = None, government: str | None = None
):
    """Create or update a login with its role; a liaison must name its unit (单位)."""

    name = name.strip()
    if not name:
        raise AccountRefused("用户名为空：请写明用户名")
    if role not in UserRole.values:
        raise AccountRefused(f"角色“{role}”无效：请用 {'、'.join(UserRole.values)} 之一")
    unit = home = None
    if government and role != UserRole.LIAISON:
        home = _government_named(government)
    if role == UserRole.LIAISON:
        if not department:
            raise AccountRefused("单位联络员必须用 --department 指定所属单位")
        units = Department.objects.filter(name=department, active=True)
        if government:
            units = units.filter(government__name=government)
        if units.count() != 1:
            found = "找不到" if not units.exists() else "有多个"
            raise AccountRefused(f"{found}名为“{department}”的单位：请先导入报告，或用 --government 指明政府")
        unit = units.get()
    users = get_user_model()
    candidate = users(username=name)
    try:
        validate_password(password, candidate)
    except ValidationError as err:
        raise AccountRefused("密码不符合要求：" + "；".join(err.messages)) from None
    with transaction.atomic():
        user, _ = users.objects.get_or_create(username=name)
        user.set_password(password)
        user.is_staff = role == UserRole.OFFICE  # the office works in the admin too
        user.save()
        if role == UserRole.OFFICE:
            _grant_office_permissions(user)
        ensure_role(user, role, unit, home)
    return user


def _government_named(name: str) -> Government:
    found = list(Government.objects.filter(name=name.strip())[:2])
    if len(found) != 1:
        problem = "找不到" if not found else "有多个"
        raise AccountRefused(f"{problem}名为“{name}”的政府：请先导入它的报告，`duban plans` 可列出已有的计划")
    return found[0]


def _grant_office_permissions(user) -> None:
    """The office edits the ledger and tracking tables in the admin (deleting stays impossible there)."""
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["plans", "tracking", "accounts"]).exclude(
            codename__startswith="delete_"
        )
    )


def issue_token(user, name: str = "") -> str:
    """A new API token for ``user``; the token itself is returned once and never stored."""
    raw = "dbn_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name[:100], digest=hashlib.sha256(raw.encode()).hexdigest())
    return raw


def user_for_token(raw: str):
    """The active user a bearer token belongs to, or None."""

    digest = hashlib.sha256(raw.strip().encode()).hexdigest()
    token = ApiToken.objects.select_related("user").filter(digest=digest, revoked=False).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
