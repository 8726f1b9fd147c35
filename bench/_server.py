"""What the benchmarks share: a production environment on a throw-away data directory, a served
app, and a PostgreSQL database made and dropped for the run.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from _web_load import BenchError, fetch

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"


def production_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    """DUBAN_ENV=production (DEBUG off: debug mode records every query) on ``data_dir``; SQLite
    in it unless ``database_url`` names another database."""
    env = {
        **os.environ,
        "DUBAN_ENV": "production",
        "DUBAN_SECRET_KEY": secrets.token_urlsafe(38)[:50],
        "DUBAN_ALLOWED_HOSTS": HOST,
        "DUBAN_DATA_DIR": str(data_dir),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parent / "src"), os.environ.get("PYTHONPATH")])),
    }
    env.pop("DUBAN_DATABASE_URL", None)
    if database_url:
        env["DUBAN_DATABASE_URL"] = database_url
    return env


@contextmanager
def serving(command: list[str], env: dict[str, str], log_path: Path):
    """Run ``command`` (it serves on the port given as ``{port}``) until ``/healthz`` answers;
    yields the port, and stops the server afterwards."""
    port = free_port()
    log = log_path.open("w")
    server = subprocess.Popen(
        [part.replace("{port}", str(port)) for part in command], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                if fetch(HOST, port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.time() > deadline:
                raise BenchError(f"the server did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def gunicorn_command(workers: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "duban.web.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{{port}}",
        *extra,
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _admin_url(url: str) -> tuple[str, str]:
    """The server's maintenance database (to create and drop in) and the benchmark database's name."""
    head, _, name = url.rpartition("/")
    return f"{head}/postgres", name.split("?")[0]


def postgres_reachable(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(_admin_url(url)[0], connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def recreate_database(url: str) -> None:
    drop_database(url, create=True)


def drop_database(url: str, *, create: bool = False) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
