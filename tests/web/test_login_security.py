"""Issue #5: logins are throttled (django-axes), passwords hashed with Argon2 in production
settings, and every page carries the strict Content-Security-Policy."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from duban.accounts.models import UserRole
from duban.accounts.services import add_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-9"


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    add_user("deputy", UserRole.READER, password=PASSWORD)


def _login(client, password: str):
    return client.post("/accounts/login/", {"username": "deputy", "password": password})


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, throttled):
    for _ in range(2):
        assert _login(client, "wrong").status_code == 200  # the form again, with its error
    assert _login(client, "wrong").status_code == 429  # the limit reached
    locked = _login(client, PASSWORD)
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_signs_in(client, throttled):
    _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"]


def test_production_hashes_with_argon2():
    from duban.web import settings as production_like

    assert production_like.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.SESSION_COOKIE_HTTPONLY and django_settings.CSRF_COOKIE_SAMESITE == "Lax"


@pytest.mark.parametrize("path", ["/accounts/login/", "/public/"])
def test_pages_carry_the_content_security_policy(client, path: str):
    policy = client.get(path)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("style-src-attr")[0]
