"""Issue #11 items 15 and 16: one plan, one story. ``duban status`` without ``--date`` assesses the
plan on the same day as the pages and the API (the plan's 评估日期); the admin speaks Chinese
whatever the browser asks for; and the main command (``scripts/demo``) says the port it serves
on, keeps its lines whole, and ``DUBAN_PORT`` is documented. (The light and reason of a task at
100% completion are table rows of ``tests/tracking/test_figures.py``.)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.accounts.models import UserRole
from duban.accounts.services import add_user, issue_token
from duban.cli import app
from duban.plans.importing import import_report
from duban.tracking.demo import fill_demo

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2024, 6, 30)


@pytest.mark.django_db
def test_status_without_a_date_is_the_pages_day(client, sample_path: Path):
    plan = import_report(sample_path, government="爱民区").plan
    fill_demo(plan, AS_OF)  # sets the plan's 评估日期, which is not today
    result = CliRunner().invoke(app, ["status", plan.key, "--json"])
    assert result.exit_code == 0, result.stderr
    token = issue_token(add_user("office", UserRole.OFFICE, password="Duban-consistency-1"))
    api = client.get(f"/api/plans/{plan.pk}/status", headers={"Authorization": f"Bearer {token}"})
    assert json.loads(result.stdout) == api.json()
    on_day = CliRunner().invoke(app, ["status", plan.key, "--json", "--date", AS_OF.isoformat()])
    assert json.loads(on_day.stdout) == json.loads(result.stdout)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en-US,en;q=0.9", "de-DE", "zh-CN"])
def test_the_admin_is_chinese_whatever_the_browser_asks(client, language):
    client.force_login(add_user("office", UserRole.OFFICE, password="Duban-consistency-1"))
    html = client.get("/admin/", headers={"Accept-Language": language}).content.decode()
    assert "最近动作" in html and "Recent actions" not in html
    login = client.get("/admin/logout/", headers={"Accept-Language": language})
    assert "Log out" not in login.content.decode()


def _stub_tree(tmp_path: Path) -> Path:
    """scripts/demo in a tree of its own, with a no-op setup and a ``duban`` that records its
    arguments instead of importing a year of progress and serving."""
    tree = tmp_path / "repo"
    (tree / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "demo", tree / "scripts" / "demo")
    (tree / "scripts" / "setup").write_text("exit 0\n")
    bin_dir = tree / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    duban = bin_dir / "duban"
    duban.write_text('#!/usr/bin/env bash\necho "duban-stub $*"\ncat >/dev/null\n')
    duban.chmod(0o755)
    return tree


def test_the_demo_banner_says_the_port_it_serves_on(tmp_path: Path):
    tree = _stub_tree(tmp_path)
    env = {**os.environ, "DUBAN_PORT": "8216", "DUBAN_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        ["bash", str(tree / "scripts" / "demo")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "http://127.0.0.1:8216/" in done.stdout and ":8000" not in done.stdout
    assert "duban-stub serve --host 127.0.0.1 --port 8216" in done.stdout


@pytest.mark.django_db
def test_the_demo_line_is_not_broken_across_lines(sample_path: Path):
    import_report(sample_path, government="爱民区")
    result = CliRunner().invoke(app, ["demo", "--date", "2024-09-30"], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and "期次 2024-01 至 2024-09（标记为演示数据）" in lines[0]


def test_duban_port_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`DUBAN_PORT`" in readme and "`DUBAN_DEMO_DATE`" in readme
