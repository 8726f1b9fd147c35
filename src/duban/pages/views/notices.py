"""The notification centre (/notifications/): the user's notices, newest first, the unread ones
marked; opening one (/notifications/<id>/) marks it read and follows its link; all can be marked
read at once (/notifications/read/). Thin."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from duban.pages.responses import guarded
from duban.tracking import notices


@guarded
def centre(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/notifications.html", {"notices": notices.notices_for(request.user)})


@guarded
def open_notice(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = notices.open_notice(request.user, notice_id)
    # Links are written by duban itself, but a path is all a notice may lead to.
    safe = url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None) and notice.link.startswith("/")
    return redirect(notice.link if safe else "/notifications/")


@require_POST
@guarded
def read_all(request: HttpRequest) -> HttpResponse:
    count = notices.mark_all_read(request.user)
    messages.success(request, f"已将 {count} 条通知标为已读" if count else "没有未读通知")
    return redirect("/notifications/")
