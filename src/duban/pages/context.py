"""What every page's frame shows beyond ``accounts.viewer``: the unread count of the notification
centre, read only when a page actually shows it (``pages.kept`` puts it in per request)."""

from __future__ import annotations

from django.http import HttpRequest

from duban.tracking.notices import unread_count


class Unread:
    """The signed-in user's unread count, counted when first printed."""

    def __init__(self, user) -> None:
        self.user = user
        self.count: int | None = None

    def __str__(self) -> str:
        if self.count is None:
            self.count = unread_count(self.user)
        return str(self.count)


def frame(request: HttpRequest) -> dict[str, object]:
    """Context processor: ``unread`` on every page."""
    return {"unread": Unread(getattr(request, "user", None))}
