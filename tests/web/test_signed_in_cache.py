"""Issue #5: the session and the signed-in user are read from the shared cache directory, which
every server worker reads, instead of the database on every page. Nothing kept there may outlive
what it stands for: a changed role, a deactivated account, a new password, a renamed unit or a
sign-out shows on the very next request, in this worker and in any other.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.test import Client

from duban.accounts.models import UserRole
from duban.accounts.services import add_user, ensure_role
from duban.plans.models import Department, Government

pytestmark = pytest.mark.django_db

PASSWORD = "Duban-signed-in-2024"
SIGNED_IN_PAGE = "/review/"  # any page behind the sign-in; with no plan it is a 404 page, not a redirect


def _header(client: Client) -> str:
    """The page frame's account corner, as the signed-in user sees it."""
    html = client.get("/accounts/login/").content.decode()
    found = re.search(r'<div class="who">(.*?)</div>', html, re.S)
    assert found, "no account corner on the page"
    return " ".join(found[1].split())


def _other_worker() -> FileBasedCache:
    """The shared cache as another server process opens it: a new handle on the same directory."""
    shared = settings.CACHES["shared"]
    return FileBasedCache(str(shared["LOCATION"]), shared.get("OPTIONS", {}))


def _signed_in(client: Client) -> bool:
    return client.get(SIGNED_IN_PAGE).status_code != 302


def test_the_session_and_the_user_are_kept_where_every_worker_reads_them(client):
    user = add_user("zhang", UserRole.READER, password=PASSWORD)
    assert client.post("/accounts/login/", {"username": "zhang", "password": PASSWORD}).status_code == 302
    assert _signed_in(client)
    other = _other_worker()
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert other.get(f"django.contrib.sessions.cached_db{session_key}") is not None
    assert other.get(f"duban.user.{user.pk}").get_username() == "zhang"


def test_a_changed_role_shows_on_the_next_request(client):
    user = add_user("zhang", UserRole.READER, password=PASSWORD)
    client.force_login(user)
    assert "领导/人大代表" in _header(client)
    assert "领导/人大代表" in _header(client)  # the second time from the shared cache
    ensure_role(user, UserRole.OFFICE)
    assert _other_worker().get(f"duban.user.{user.pk}") is None  # forgotten for every worker
    corner = _header(client)
    assert "督查室" in corner and "领导/人大代表" not in corner


def test_a_deactivated_account_is_signed_out_at_once(client):
    user = add_user("zhang", UserRole.OFFICE, password=PASSWORD)
    client.force_login(user)
    assert _signed_in(client)
    user.is_active = False
    user.save()
    assert not _signed_in(client)


def test_a_new_password_signs_out_the_other_sessions(client):
    user = add_user("zhang", UserRole.OFFICE, password=PASSWORD)
    client.force_login(user)
    assert _signed_in(client)
    user.set_password("Another-password-2024")
    user.save()
    assert not _signed_in(client)


def test_signing_out_revokes_the_cookie_for_whoever_holds_a_copy(client):
    client.force_login(add_user("zhang", UserRole.OFFICE, password=PASSWORD))
    copy = Client()
    copy.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert _signed_in(copy)
    assert client.post("/accounts/logout/").status_code == 302
    assert not _signed_in(copy)
    assert not _signed_in(client)


def test_a_renamed_unit_shows_in_its_liaisons_frame(client):
    government = Government.objects.create(name="爱民区")
    Department.objects.create(government=government, name="教育局")
    liaison = add_user("li", UserRole.LIAISON, password=PASSWORD, department="教育局", government="爱民区")
    client.force_login(liaison)
    assert "教育局" in _header(client)
    unit = Department.objects.get(name="教育局")
    unit.name = "教育体育局"
    unit.save()
    assert "教育体育局" in _header(client)
