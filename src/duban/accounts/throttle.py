"""Wrong API tokens, counted per address: a request's address in, whether it may still try out.

django-axes locks a login after DUBAN_LOGIN_FAILURES wrong passwords; the API takes no password,
but a token is guessed the same way, one request at a time. An address that sent
``TOKEN_FAILURE_LIMIT`` unknown tokens is refused, even with a good one, until
``AXES_COOLOFF_TIME`` has passed since its last wrong token. Counts live in the shared cache
directory, so every server worker sees the same ones.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest


def _key(request: HttpRequest) -> str:
    return f"duban.token-failures.{request.META.get('REMOTE_ADDR', '')}"


def window() -> int:
    """Seconds an address stays refused after its last wrong token."""
    return int(settings.AXES_COOLOFF_TIME * 3600)


def locked_out(request: HttpRequest) -> bool:
    return caches["shared"].get(_key(request), 0) >= settings.TOKEN_FAILURE_LIMIT


def failed(request: HttpRequest) -> None:
    store, key = caches["shared"], _key(request)
    # Not atomic across workers: two failures at the same instant may count once. The limit
    # stays a limit within a few tries, which is what it is for.
    store.set(key, store.get(key, 0) + 1, window())
