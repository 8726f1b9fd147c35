"""Issue #16 item 1: writers at the same moment. A write that cannot get the database's lock in
time is a 503 in Chinese with Retry-After (pages and API) or one line with status 2 (CLI), and
nothing of it is stored; two first saves of one report at once give one report and a 409, not
a 500 or an overwritten save.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from live import database_url, duban, short_wait, write_lock_held

from duban.plans.models import Plan, Task
from duban.tracking.models import ProgressReport
from duban.tracking.periods import ensure_periods, find_period
from duban.tracking.reports import ReportEntry, open_report, save_report
from duban.web.database import BUSY_MESSAGE

pytestmark = pytest.mark.django_db(transaction=True)

PERIOD = "2024-06"


def _liaison(load_plan: dict, n: int = 0) -> tuple[dict, object]:
    who = load_plan["liaisons"][n]
    return who, get_user_model().objects.get(username=who["username"])


def _form_post(client: Client, task: Task, text: str):
    unit = task.assignments.get().department
    data = {"version": "0", "progress": text, "action": "draft", "department": str(unit.pk)}
    return client.post(f"/tasks/{task.external_id}/report/{PERIOD}/", data, HTTP_HX_REQUEST="true")


def _api_post(client: Client, task: Task, text: str, token: str):
    body = {"period": PERIOD, "progress": text}
    return client.post(
        f"/api/tasks/{task.external_id}/reports",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


WRITES = ["report form", "report API"]


@pytest.mark.parametrize("write", WRITES)
def test_a_write_that_cannot_get_the_lock_is_a_503_and_stores_nothing(write: str, load_plan: dict):
    ensure_periods(Plan.objects.get(pk=load_plan["plan"]))
    who, user = _liaison(load_plan, 1)  # the second liaison has an API token
    task = Task.objects.get(external_id=who["tasks"][0])
    client = Client(raise_request_exception=False)  # as a server does: the error page, not the exception
    client.force_login(user)

    def post(text: str):
        return (
            _form_post(client, task, text)
            if write == "report form"
            else _api_post(client, task, text, who["token"])
        )

    with write_lock_held(), short_wait():
        busy = post("繁忙时提交的进展")
    assert busy.status_code == 503, f"{write}: {busy.status_code} {busy.content[:300]!r}"
    assert busy["Retry-After"].isdigit(), f"{write}: no Retry-After"
    said = json.loads(busy.content)["detail"] if write == "report API" else busy.content.decode()
    assert BUSY_MESSAGE in said, f"{write}: the 503 does not say to retry: {said[:300]}"
    assert not ProgressReport.objects.exists(), f"{write}: a refused write left a report"
    assert not ProgressReport.history.exists(), f"{write}: a refused write left history"

    again = post("稍后重新提交的进展")
    assert again.status_code == 200, f"{write}: the retry answered {again.status_code}"
    assert ProgressReport.objects.get().progress == "稍后重新提交的进展"


def test_a_command_that_cannot_get_the_lock_says_so_in_one_line(load_plan: dict, duban_env: dict):
    env = {**duban_env, "DUBAN_DB_BUSY_SECONDS": "0.3"}
    with write_lock_held():
        done = duban(
            env, "user", "add", "busy-reader", "--role", "reader", "--password-stdin", stdin="Busy-2024-pw\n"
        )
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and "数据库正忙" in lines[0], done.stderr
    assert not get_user_model().objects.filter(username="busy-reader").exists()


def _blocked_elsewhere() -> bool:
    """Whether some other connection to the test database is waiting for a lock."""
    if connection.vendor == "sqlite":
        time.sleep(0.5)  # SQLite cannot be asked; the outcome is the same either way
        return True
    import psycopg

    with psycopg.connect(database_url()) as probe:
        row = probe.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
    return row[0] > 0


def test_two_first_saves_of_one_report_keep_the_first_and_refuse_the_second(load_plan: dict):
    plan = Plan.objects.get(pk=load_plan["plan"])
    ensure_periods(plan)
    who, user = _liaison(load_plan)
    task = Task.objects.get(external_id=who["tasks"][0])
    unit, period = task.assignments.get().department, find_period(plan, PERIOD)
    inserted, release = threading.Event(), threading.Event()

    def first_save() -> None:
        try:
            with transaction.atomic():
                report = open_report(task, period, unit, user=user)
                save_report(report, ReportEntry(progress="先保存的进展"), version=report.version, user=user)
                inserted.set()
                release.wait(60)
        finally:
            connection.close()

    def watch() -> None:
        deadline = time.monotonic() + 60
        while not _blocked_elsewhere() and time.monotonic() < deadline:
            time.sleep(0.05)
        release.set()

    client = Client(raise_request_exception=False)
    client.force_login(user)  # before the other save takes the lock
    first = threading.Thread(target=first_save)
    first.start()
    assert inserted.wait(60)
    watcher = threading.Thread(target=watch)
    watcher.start()
    second = _form_post(client, task, "同时保存的进展")  # opened before any report existed
    release.set()
    first.join()
    watcher.join()
    assert second.status_code == 409, f"{second.status_code}: {second.content[:300]!r}"
    assert "没有保存" in second.content.decode()
    stored = ProgressReport.objects.get(task=task, period=period, department=unit)
    assert stored.progress == "先保存的进展"
