"""The notification centre (通知): who a notice is for and what it says in; stored notices, a user's
list and unread count out.

``notify`` is the one way a notice is written: the review (退回, 审核通过), the reminders (催办)
and supervision orders (督办单) all call it. A notice goes to a unit, and so to every liaison of
that unit, or to one user; reading it marks it read for everyone it went to.

The unread count shows in every page's header, so it rides on the signed-in user that
``accounts.backends`` keeps in the shared cache (``attach_count`` runs when the user is read from
the database); writing or reading a notice drops the kept user of everyone it went to, so the
next page counts afresh.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from duban.accounts import rules
from duban.accounts.backends import forget
from duban.accounts.models import Profile
from duban.errors import NotFound
from duban.plans.models import Department
from duban.tracking.models import NoticeKind, Notification

SHOWN = 100  # the newest notices the centre lists
_COUNT = "duban_unread"  # the attribute the kept user carries its count in


def notify(
    *,
    message: str,
    department: Department | None = None,
    user=None,
    kind: str = NoticeKind.OTHER,
    link: str = "",
) -> Notification:
    """Write one notice to a unit's liaisons (``department``) or to one ``user``.

    ``kind`` says what it is about (``NoticeKind``: returned, accepted, reminded, order); ``link``
    is the page it points to, a path on this site.
    """
    if department is None and user is None:
        raise ValueError("a notice needs a unit or a user to go to")
    notice = Notification.objects.create(
        department=department, user=user, kind=kind, message=message, link=link[:200]
    )
    _forget_counts([notice])
    return notice


def notify_all(notices: list[Notification]) -> None:
    """Write many notices at once (unsaved rows made as ``notify`` makes them): a bulk writer's."""
    Notification.objects.bulk_create(notices, batch_size=500)
    _forget_counts(notices)


def _mine(user) -> QuerySet[Notification]:
    unit = rules.unit_of(user)
    who = Q(user=user) | Q(department=unit) if unit is not None else Q(user=user)
    return Notification.objects.filter(who)


def notices_for(user) -> list[Notification]:
    """The user's newest notices, their unit's included, newest first."""
    return list(_mine(user).select_related("department")[:SHOWN])


def unread_count(user) -> int:
    """How many of the user's notices are unread: the count the kept user carries, else counted."""
    if user is None or not user.is_authenticated:
        return 0
    count = getattr(user, _COUNT, None)
    return _mine(user).filter(read_at=None).count() if count is None else count


def attach_count(user) -> None:
    """``accounts.backends`` hook: a user read from the database carries its unread count."""
    setattr(user, _COUNT, _mine(user).filter(read_at=None).count())


def mark_all_read(user) -> int:
    """Mark every unread notice of the user read; returns how many were."""
    unread = list(_mine(user).filter(read_at=None))
    Notification.objects.filter(pk__in=[n.pk for n in unread]).update(read_at=timezone.now())
    for notice in unread:
        _forget_counts([notice])
    return len(unread)


def open_notice(user, notice_id: int) -> Notification:
    """The user's notice, marked read: what following its link does."""
    notice = _mine(user).filter(pk=notice_id).first()
    if notice is None:
        raise NotFound("没有这条通知，或它不是发给您的")
    if notice.read_at is None:
        Notification.objects.filter(pk=notice.pk).update(read_at=timezone.now())
        _forget_counts([notice])
    return notice


def _forget_counts(notices: list[Notification]) -> None:
    """Drop the kept users (and so their counts) of everyone the notices went to."""
    users = {n.user_id for n in notices if n.user_id}
    units = sorted({n.department_id for n in notices if n.department_id})
    if units:
        users |= set(Profile.objects.filter(department_id__in=units).values_list("user_id", flat=True))
    for user_id in users:
        forget(user_id)
