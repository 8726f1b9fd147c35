"""``duban serve``: the web app, with Django's development server or with gunicorn workers."""

from __future__ import annotations

import os
import shutil
import sys

import typer

from duban.cli.base import app, fail, storage


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="The address to listen on."),
    port: int = typer.Option(8000, "--port", help="The port to listen on."),
    workers: int = typer.Option(0, "--workers", help="Run gunicorn with N worker processes (production)."),
) -> None:
    """Serve the web app (migrating the database first); --workers N runs a production server."""
    with storage():
        from django.conf import settings
        from django.core.management import call_command

        if workers <= 0:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
            return
        if settings.ENV == "production":
            call_command("collectstatic", interactive=False, verbosity=0)
    gunicorn = shutil.which("gunicorn") or os.path.join(os.path.dirname(sys.executable), "gunicorn")
    if not os.path.exists(gunicorn):
        fail("找不到 gunicorn：请运行 bash scripts/setup 安装依赖")
    args = [gunicorn, "duban.web.wsgi:application", "--workers", str(workers), "--bind", f"{host}:{port}"]
    os.execv(gunicorn, [*args, "--access-logfile", "-"])
