"""How a view answers a refusal: a ``Refusal`` raised by a service in, a Chinese page with the
right status out (404 for what is not there or not visible, 403 for what is forbidden, 400 for
bad input), never a traceback.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.errors import Refusal


def refusal_page(request: HttpRequest, err: Refusal) -> HttpResponse:
    status = err.status
    # htmx swaps the answer into part of a page: there it gets the message, not a second page.
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "web/refusal_part.html" if partial else "web/refusal.html"
    return render(request, template, {"message": str(err), "status": status}, status=status)


def guarded(view=None, *, login: bool = True):
    """Sign-in required (unless ``login=False``) and refusals answered as pages."""

    def decorate(func):
        @wraps(func)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if login and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                return func(request, *args, **kwargs)
            except Refusal as err:
                return refusal_page(request, err)

        return wrapper

    return decorate(view) if view is not None else decorate


def asked_day(request: HttpRequest) -> dt.date | None:
    """``?date=YYYY-MM-DD`` to see the plan on another day; a bad date is a 400."""
    text = request.GET.get("date", "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Refusal(f"日期“{text}”无效：请写成 YYYY-MM-DD") from None
