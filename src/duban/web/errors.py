"""Server errors: an exception no view answered in (``handler500``), a page out. A database that
stayed busy past its timeout is a 503 saying to try again, with Retry-After: its transaction was
rolled back whole, so nothing is half-written. Anything else is a Chinese 500. The API gets both
as JSON ``{"detail": "…"}``.

Rendered without the request's context processors: they read the database, which may be the
thing that failed.
"""

from __future__ import annotations

import json
import sys

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from duban.web.database import BUSY_MESSAGE, RETRY_AFTER_SECONDS, busy

SERVER_ERROR_MESSAGE = "服务器内部错误：本次操作没有完成，请稍后重试；如果一再出现，请联系系统管理员"


def server_error(request: HttpRequest) -> HttpResponse:
    if busy(sys.exc_info()[1]):
        return busy_response(request)
    return _answer(request, SERVER_ERROR_MESSAGE, 500)


def busy_response(request: HttpRequest) -> HttpResponse:
    response = _answer(request, BUSY_MESSAGE, 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyMiddleware:
    """A view that met a busy database answers 503 even with DEBUG on (the demo runs so), where
    Django would show its debug page instead of ``handler500``."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if busy(exception) else None


def _answer(request: HttpRequest, message: str, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = json.dumps({"detail": message}, ensure_ascii=False)
        return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    page = render_to_string("web/server_error.html", {"message": message, "status": status})
    return HttpResponse(page, status=status)
