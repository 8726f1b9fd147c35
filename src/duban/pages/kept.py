"""Pages kept whole: a view's template, context and page key in; the HTML rendered once per
(page key, viewer) and kept in this process (``tracking.cache``) out, with this request's CSRF
token and the user's unread notice count put in on the way out.

The page key must name everything the page shows apart from its frame (plan, revision, day,
scope, query); the frame's user data comes from ``accounts.viewer`` and is part of the key. A
request with messages waiting is rendered afresh, so they show once, as Django means them to.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string

from duban.accounts.viewer import viewer_of
from duban.tracking import cache
from duban.tracking.notices import unread_count

# Stand for the CSRF token and the unread count in kept HTML; random, so no page text can collide.
_TOKEN_SLOT = f"csrf-slot-{secrets.token_hex(16)}"
_UNREAD_SLOT = f"unread-slot-{secrets.token_hex(16)}"


def kept_page(
    request: HttpRequest, template: str, context: dict | Callable[[], dict], key: tuple
) -> HttpResponse:
    """``context`` may be a function, called only when the page is not kept yet."""
    made = context if callable(context) else lambda: context
    if get_messages(request):
        return render(request, template, made())
    frame = viewer_of(request.user).key

    def rendered() -> bytes:
        slots = {"csrf_token": _TOKEN_SLOT, "unread": _UNREAD_SLOT}
        return render_to_string(template, {**made(), **slots}, request).encode()

    html = cache.remember_page(("page", template, key, frame), rendered)
    html = html.replace(_TOKEN_SLOT.encode(), get_token(request).encode())
    return HttpResponse(html.replace(_UNREAD_SLOT.encode(), str(unread_count(request.user)).encode()))
