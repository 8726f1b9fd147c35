"""Helpers of the hardening tests: the test database as another process sees it, the duban command
run against it, and another connection holding the write lock.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # the load test's clients and data, shared with bench/load.py


def database_url() -> str:
    """The test database as a URL, for the duban processes a test starts."""
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{conf['NAME']}"
    auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
    return f"postgres://{auth}@{conf['HOST'] or 'localhost'}:{conf['PORT'] or 5432}/{conf['NAME']}"


def environment(data_dir: Path, url: str) -> dict[str, str]:
    """The environment of a duban process on the database ``url``, with its own data directory."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DUBAN_ENV": "test",
        "DUBAN_DATA_DIR": str(data_dir),
        "DUBAN_DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "duban.web.settings_test",  # its fast password hasher
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
    }


def duban(
    env: dict[str, str], *args: str, stdin: str = "", timeout: float = 300
) -> subprocess.CompletedProcess:
    """``duban ARGS`` as a user types it; its exit status, stdout and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "duban", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@contextmanager
def write_lock_held() -> Iterator[None]:
    """Another connection holds the database's write lock, as a long import would."""
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.rollback()
            other.close()
        return
    import psycopg

    tables = [t for t in connection.introspection.table_names() if not t.startswith("django_migrations")]
    with psycopg.connect(database_url()) as other:
        # EXCLUSIVE: others may read, nobody may write (what SQLite's lock means).
        other.execute("LOCK TABLE {} IN EXCLUSIVE MODE".format(", ".join(f'"{t}"' for t in tables)))
        try:
            yield
        finally:
            other.rollback()


@contextmanager
def short_wait(milliseconds: int = 300) -> Iterator[None]:
    """This process's connection gives up on a held lock after ``milliseconds``, not seconds."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA busy_timeout = {milliseconds}")
        else:
            cursor.execute(f"SET lock_timeout = {milliseconds}")
    try:
        yield
    finally:
        connection.close()  # the next test connects with the configured wait


def office_pages(plan_id: int, task_ids: list[str]) -> list[str]:
    """Every page the office reads (and the API's answers) of a plan whose tasks are ``task_ids``."""
    plan = f"?plan={plan_id}"
    api = ["/api/plans", *(f"/api/plans/{plan_id}{tail}" for tail in ["", "/status", "/tasks", "/rollup"])]
    pages = ["/", "/ledger/", f"/ledger/{plan}&page=2", f"/plans/{plan_id}/report/", f"/inbox/{plan}"]
    pages += [f"/review/{plan}", "/public/", f"/public/{plan_id}/", *api]
    return pages + [f"/tasks/{t}/" for t in task_ids] + [f"/api/tasks/{t}/reports" for t in task_ids[:10]]
