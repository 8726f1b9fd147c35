"""Who is looking at a page: a request's user in, the little the page frame shows of them out
(name, role, unit, which menus). Templates read ``viewer``, never ``user``, so a page kept whole
(``pages.kept``) is kept per viewer and cannot show one user's frame to another.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

from django.http import HttpRequest

from duban.accounts import rules
from duban.accounts.models import UserRole


@dataclass(frozen=True)
class Viewer:
    signed_in: bool
    user_id: int | None = None
    name: str = ""
    role_label: str = ""  # 督查室, 单位联络员, 领导/人大代表; empty for an account with no role yet
    unit: str = ""  # the unit the account belongs to (a liaison's, or anyone's the office set)
    government: str = ""  # the government an office or reader account belongs to; empty: all
    may_report: bool = False  # the 进展报送 menu
    is_office: bool = False  # the 审核, 账号 and 管理后台 menus, the inbox's unit switch
    reads_all: bool = False  # office and readers: the 分管领导 view of any leader
    reads_plans: bool = False  # whole plans (office, reader): the 层层加码 menu
    leader_id: int | None = None  # the leader this account is: its own 分管任务 view

    @property
    def key(self) -> tuple:
        return astuple(self)


ANONYMOUS = Viewer(signed_in=False)


def viewer_of(user) -> Viewer:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    role = rules.role_of(user)
    profile = getattr(user, "profile", None)
    unit = profile.department if profile else None
    return Viewer(
        signed_in=True,
        user_id=user.pk,
        name=user.get_username(),
        role_label=profile.get_role_display() if profile else "",
        unit=str(unit) if unit else "",
        government=str(profile.government) if profile and profile.government_id and not unit else "",
        may_report=role in {UserRole.OFFICE, UserRole.LIAISON},
        is_office=role == UserRole.OFFICE,
        reads_all=role in {UserRole.OFFICE, UserRole.READER},
        reads_plans=role in {UserRole.OFFICE, UserRole.READER},
        leader_id=profile.leader_id if profile else None,
    )


def viewer(request: HttpRequest) -> dict[str, Viewer]:
    """Context processor: ``viewer`` on every page."""
    return {"viewer": viewer_of(getattr(request, "user", None))}
