"""Account use cases: a name in, the Django user that history entries name out; and the office's
account pages (create a liaison for a unit, reset a password, deactivate), each change written to
Django's admin log with who made it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from duban.accounts import rules
from duban.accounts.models import ApiToken, Profile, UserRole
from duban.errors import Forbidden, NotFound, Refusal
from duban.plans import history
from duban.plans.models import Department, Government, Leader

TOKEN_USE_PRECISION = dt.timedelta(minutes=1)  # how closely a token's 最近使用 follows its use


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
    return _save_account(name, role, password=password, unit=unit, home=home)


def _save_account(name: str, role: str, *, password: str, unit=None, leader=None, email: str = "", home=None):
    users = get_user_model()
    _check_password(password, users(username=name))
    with transaction.atomic():
        user, _ = users.objects.get_or_create(username=name)
        user.set_password(password)
        user.is_staff = role == UserRole.OFFICE  # the office works in the admin too
        if email:
            user.email = email
        user.save()
        if role == UserRole.OFFICE:
            _grant_office_permissions(user)
        government = unit.government if unit is not None else home
        chosen = {"role": role, "department": unit, "government": government}
        if leader is not None or role != UserRole.READER:
            chosen["leader"] = leader  # a reader re-added from the command line keeps its leader
        profile = Profile.objects.filter(user=user).first() or Profile(user=user)
        history.update(profile, chosen, user=None, reason="设置角色")
    return user


def _check_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as err:
        raise AccountRefused("密码不符合要求：" + "；".join(err.messages)) from None


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
    now = timezone.now()
    # Written at most once a minute: a client sending dozens of requests a minute would otherwise
    # make every one of them, reads too, a write (and, on PostgreSQL, a commit to disk).
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- the office's account pages ------------------------------------------------------------------


@dataclass
class AccountRow:
    user: object
    role: str  # 督查室, 单位联络员, 领导/人大代表, or 未分配
    unit: Department | None
    leader: Leader | None


def _office_only(actor) -> None:
    if not rules.has_office_role(actor):
        raise Forbidden("只有督查室可以管理账号")


def list_accounts(actor) -> list[AccountRow]:
    """Every login with its role, unit and leader, active ones first."""
    _office_only(actor)
    users = (
        get_user_model()
        .objects.select_related("profile__department__government", "profile__leader")
        .order_by("-is_active", "username")
    )
    rows = []
    for user in users:
        if not user.has_usable_password() and not hasattr(user, "profile"):
            continue  # a command-line operator's name, which cannot sign in
        profile = getattr(user, "profile", None)
        role = profile.get_role_display() if profile else "未分配"
        rows.append(
            AccountRow(
                user, role, profile.department if profile else None, profile.leader if profile else None
            )
        )
    return rows


def new_password() -> str:
    """A password the office reads out or sends once: 12 URL-safe characters after ``db-``."""
    return "db-" + secrets.token_urlsafe(9)


def create_account(
    actor, *, username: str, role: str, department_id: str = "", leader_id: str = "", email: str = ""
) -> tuple[object, str]:
    """A new login with a fresh password (returned once, never stored); a liaison needs its unit,
    a leader's own account (a reader) may name the leader it is."""
    _office_only(actor)
    name = username.strip()
    if not name or len(name) > 150 or any(c.isspace() for c in name):
        raise AccountRefused("用户名应为不含空格的 1 至 150 个字符，如 jiaoyu 或 zhangsan")
    if get_user_model().objects.filter(username=name).exists():
        raise AccountRefused(f"账号“{name}”已存在：如需新密码，请在列表中点“重置密码”")
    if role not in UserRole.values:
        raise AccountRefused("请选择角色：单位联络员、领导/人大代表或督查室")
    unit = _chosen(Department, department_id, "单位") if role == UserRole.LIAISON else None
    if role == UserRole.LIAISON and unit is None:
        raise AccountRefused("单位联络员必须选择所属单位")
    leader = _chosen(Leader, leader_id, "分管领导") if role == UserRole.READER else None
    address = email.strip()
    if address and ("@" not in address or len(address) > 254):
        raise AccountRefused(f"邮箱“{address[:60]}”无效：请写成 name@example.gov.cn，或留空")
    password = new_password()
    with transaction.atomic():
        user = _save_account(name, role, password=password, unit=unit, leader=leader, email=address)
        _log(actor, user, ADDITION, f"新建账号（{UserRole(role).label}{f' · {unit}' if unit else ''}）")
    return user, password


def reset_password(actor, user_id: int) -> tuple[object, str]:
    """A fresh password for an account (returned once); every session of it ends."""
    _office_only(actor)
    user = _account(user_id)
    password = new_password()
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        _log(actor, user, CHANGE, "重置密码")
    return user, password


def set_active(actor, user_id: int, *, active: bool):
    """Deactivate an account (it can no longer sign in; history keeps its name) or activate it."""
    _office_only(actor)
    user = _account(user_id)
    if user.pk == actor.pk and not active:
        raise AccountRefused("不能停用自己正在使用的账号")
    if user.is_active != active:
        with transaction.atomic():
            user.is_active = active
            user.save(update_fields=["is_active"])
            _log(actor, user, CHANGE, "启用账号" if active else "停用账号")
    return user


def _account(user_id: int):
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("没有这个账号")
    return user


def _chosen(model, pk: str, what: str):
    found = model.objects.filter(pk=int(pk)).first() if pk and pk.isdecimal() else None
    if pk and found is None:
        raise AccountRefused(f"所选{what}不存在：请刷新页面后重新选择")
    return found


def _log(actor, user, flag: int, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=actor.pk, queryset=[user], action_flag=flag, change_message=message, single_object=True
    )
