"""Issue #16 item 7: the security review, as tests.

- Every page and API answer carries the Content-Security-Policy, X-Frame-Options,
  X-Content-Type-Options and Referrer-Policy; a production server adds HSTS on HTTPS and marks its
  cookies Secure, HttpOnly (the session) and SameSite.
- Stored text that came from people (a report's 进展情况, 存在问题, 下步措施, a return comment, a
  unit's name, an uploaded file's name) is shown escaped on every page, by every role.
- Login throttling holds at every door: the site's login, the admin's, and the API, where a run of
  wrong tokens from one address locks that address out as wrong passwords lock an account.
"""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from _server import HOST, production_env, serving
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from live import office_pages

from duban.accounts.models import UserRole
from duban.accounts.services import add_user, issue_token
from duban.plans import history
from duban.plans.importing import import_report
from duban.plans.models import Department, Plan
from duban.tracking.periods import find_period
from duban.tracking.reports import ReportEntry, file_report, review

PASSWORD = "Security-2024-pw"
PERIOD = "2024-05"
SCRIPT = '<script>alert("duban")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@pytest.fixture
def plan(sample_path: Path) -> Plan:
    found = import_report(sample_path, government="爱民区").plan
    found.published = True
    found.save()
    return found


def _tasks(plan: Plan) -> list[str]:
    return list(plan.tasks.filter(withdrawn=False).order_by("order").values_list("external_id", flat=True))


def _office() -> Client:
    client = Client()
    client.force_login(add_user("sec-office", UserRole.OFFICE, password=PASSWORD))
    return client


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(plan: Plan):
    client = _office()
    pages = [*office_pages(plan.pk, _tasks(plan)[:5]), "/accounts/login/", "/admin/", "/no-such-page/"]
    for url in pages:
        answer = client.get(url)
        for header, value in HEADERS.items():
            assert answer.get(header) == value, f"{url}: {header} is {answer.get(header)!r}"
        policy = answer.get("Content-Security-Policy", "")
        for rule in ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"]:
            assert rule in policy, f"{url}: the Content-Security-Policy lacks {rule}: {policy!r}"
    anonymous = Client().get("/public/")
    assert anonymous.get("X-Frame-Options") == "DENY" and "Content-Security-Policy" in anonymous


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    """Each cookie set, with its attributes as the raw header wrote them."""
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name = next(iter(SimpleCookie(header)))
        found[name] = header
    return found


def _request(port: int, method: str, path: str, headers: dict[str, str], body: str | None = None):
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.request(method, path, body=body, headers=headers)
    answer = conn.getresponse()
    answer.body = answer.read().decode("utf-8", "replace")
    conn.close()
    return answer


def test_a_production_server_sends_hsts_and_secure_cookies(tmp_path: Path):
    env = {**production_env(tmp_path / "data", None), "DUBAN_HTTPS_PROXY": "1"}
    command = [sys.executable, "-m", "duban", "serve", "--workers", "1", "--port", "{port}"]
    add = [
        sys.executable,
        "-m",
        "duban",
        "user",
        "add",
        "prod-office",
        "--role",
        "office",
        "--password-stdin",
    ]

    made = subprocess.run(add, env=env, input=PASSWORD, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    with serving(command, env, tmp_path / "server.log") as port:
        https = {"X-Forwarded-Proto": "https", "Host": HOST}
        page = _request(port, "GET", "/accounts/login/", https)
        assert page.status == 200
        assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        for header, value in HEADERS.items():
            assert page.headers[header] == value, header
        csrf = _cookies(page)["csrftoken"]
        assert "secure" in csrf.lower() and "samesite=lax" in csrf.lower(), csrf
        plain = _request(port, "GET", "/accounts/login/", {"Host": HOST})
        assert "Strict-Transport-Security" not in plain.headers  # HSTS only over HTTPS
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)[1]
        form = urllib.parse.urlencode(
            {"username": "prod-office", "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        cookie = csrf.split(";")[0]
        login = _request(
            port,
            "POST",
            "/accounts/login/",
            {
                **https,
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://{HOST}/accounts/login/",
                "Origin": f"https://{HOST}",
            },
            form,
        )
        assert login.status == 302, f"login: HTTP {login.status}"
        session = _cookies(login)["sessionid"].lower()
        assert all(flag in session for flag in ["secure", "httponly", "samesite=lax"]), session


@pytest.mark.django_db
def test_development_cookies_work_over_plain_http(client):
    answer = client.get("/accounts/login/")
    assert "secure" not in str(answer.cookies.get("csrftoken", "")).lower()
    assert "Strict-Transport-Security" not in answer


# --- stored text, escaped -----------------------------------------------------------------------


@pytest.fixture
def hostile_text(plan: Plan, tmp_path: Path) -> dict:
    """A unit named with markup, a report of markup with an evidence file named with markup, and
    a return comment of markup; its liaison, for the unit's own pages."""
    task = plan.tasks.filter(withdrawn=False, assignments__role="lead").order_by("order").first()
    unit = task.assignments.get(role="lead", withdrawn=False).department
    history.update(unit, {"name": f"{SCRIPT[:40]}局"}, user=None, reason="测试")
    liaison = add_user("sec-liaison", UserRole.LIAISON, password=PASSWORD, department=unit.name)
    office = get_user_model().objects.filter(username="sec-office").first() or add_user(
        "sec-office", UserRole.OFFICE, password=PASSWORD
    )
    entry = ReportEntry(progress=f"进展{SCRIPT}", problems=f"问题{ATTRIBUTE}", next_steps=f"下步{SCRIPT}")
    report = file_report(task, find_period(plan, PERIOD), unit, entry, user=liaison)
    review(report, accept=False, comment=f"退回{ATTRIBUTE}", version=report.version, user=office)
    client = Client()
    client.force_login(liaison)
    data_dir = tmp_path / "data"
    with override_settings(DATA_DIR=data_dir):
        page = f"/tasks/{task.external_id}/report/{PERIOD}/"
        version = re.search(r'name="version" value="(\d+)"', client.get(page).content.decode())[1]
        upload = SimpleUploadedFile(f"{ATTRIBUTE}.pdf", b"%PDF-1.4\n%hostile name\n", "application/pdf")
        saved = client.post(
            page, {"version": version, "progress": f"再报{SCRIPT}", "action": "submit", "evidence": upload}
        )
        assert saved.status_code == 200, saved.content[:300]
    return {"task": task, "unit": Department.objects.get(pk=unit.pk), "liaison": liaison, "report": report}


@pytest.mark.django_db
def test_stored_text_is_escaped_on_every_page_for_every_role(plan: Plan, hostile_text: dict):
    task, liaison = hostile_text["task"], hostile_text["liaison"]
    office = _office()
    mine = Client()
    mine.force_login(liaison)
    pages = {
        "office": (office, [*office_pages(plan.pk, _tasks(plan)), "/admin/plans/department/",
                            f"/admin/tracking/progressreport/{hostile_text['report'].pk}/change/"]),
        "liaison": (mine, [f"/inbox/?plan={plan.pk}", f"/tasks/{task.external_id}/",
                           f"/tasks/{task.external_id}/report/{PERIOD}/"]),
        "public": (Client(), ["/public/", f"/public/{plan.pk}/"]),
    }  # fmt: skip
    shown = set()
    for role, (client, urls) in pages.items():
        for url in urls:
            answer = client.get(url)
            assert answer.status_code == 200, f"{role} {url}: HTTP {answer.status_code}"
            if url.startswith("/api/"):  # JSON keeps text as it is; no browser renders it as a page
                assert answer["Content-Type"].startswith("application/json"), url
                continue
            text = answer.content.decode()
            for raw in [SCRIPT[:40], "<img src=x", "onerror=alert"]:
                if raw == "onerror=alert" and "&quot;&gt;&lt;img" in text:
                    continue  # inside escaped text it is harmless
                assert raw not in text, f"{role} {url}: {raw!r} is not escaped"
            if "&lt;script&gt;" in text or "&lt;img" in text:
                shown.add(url)
    wanted = {
        f"/tasks/{task.external_id}/",
        f"/review/?plan={plan.pk}",
        f"/tasks/{task.external_id}/report/{PERIOD}/",
    }
    assert wanted <= shown, f"pages that should show the text, escaped: {sorted(wanted - shown)}"


# --- throttling -----------------------------------------------------------------------------------


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.TOKEN_FAILURE_LIMIT = 4
    return add_user("sec-deputy", UserRole.OFFICE, password=PASSWORD)


@pytest.mark.django_db
def test_wrong_passwords_on_the_site_lock_the_admin_login_too(throttled):
    client = Client()
    for _ in range(3):
        client.post("/accounts/login/", {"username": "sec-deputy", "password": "wrong"})
    admin = client.post("/admin/login/", {"username": "sec-deputy", "password": PASSWORD, "next": "/admin/"})
    assert admin.status_code == 429, f"the admin login answered {admin.status_code}"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_run_of_wrong_api_tokens_locks_the_address_out(throttled, plan: Plan):
    good = issue_token(throttled, "测试")
    client = Client(REMOTE_ADDR="10.0.0.7")

    def call(token: str):
        return client.get("/api/plans", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert call(good).status_code == 200
    for n in range(4):
        assert call(f"dbn_guess{n}").status_code == 401
    locked = call(good)
    assert locked.status_code == 429 and locked["Retry-After"].isdigit()
    assert "错误的令牌次数过多" in locked.json()["detail"]
    other = Client(REMOTE_ADDR="10.0.0.8")
    assert other.get("/api/plans", HTTP_AUTHORIZATION=f"Bearer {good}").status_code == 200
