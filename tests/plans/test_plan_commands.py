"""Issue #3 on the command line: ``duban import`` and ``duban plans``, and their refusals.

In-process runs share the test database; one real process checks that a newcomer's first import
migrates a fresh SQLite file by itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.cli import app
from duban.plans.models import Plan, Task


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.django_db
def test_import_prints_the_plan_id_and_twice_changes_nothing(sample_path: Path):
    first = invoke("import", str(sample_path), "--government", "爱民区", "--user", "office1")
    assert first.exit_code == 0, first.stderr
    plan = Plan.objects.get()
    assert f"编号 {plan.pk}" in first.stdout and "已导入计划 爱民区/2024" in first.stdout
    tasks = Task.objects.count()
    second = invoke("import", str(sample_path), "--government", "爱民区")
    assert second.exit_code == 0 and "无变化" in second.stdout
    assert Task.objects.count() == tasks
    listing = invoke("plans")
    assert "爱民区/2024" in listing.stdout and str(tasks) in listing.stdout
    assert plan.history.first().history_user.username == "office1"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "{sample}", "--government", "爱民区", "--level", "town"], "层级“town”无效"),
        (["import", "/nonexistent/report.txt", "--government", "爱民区"], "找不到这个文件"),
        (["split", "export", "无此区/2024", "{tmp}/out.xlsx"], "找不到计划“无此区/2024”"),
        (["split", "export", "999", "{tmp}/out.xlsx"], "找不到计划“999”"),
    ],
    ids=["unknown level", "missing report", "unknown plan name", "unknown plan id"],
)
def test_bad_input_is_one_line_and_status_2(sample_path: Path, tmp_path: Path, args: list[str], message: str):
    args = [a.format(sample=sample_path, tmp=tmp_path) for a in args]
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not Plan.objects.exists()


def test_first_import_migrates_a_fresh_database(sample_path: Path, tmp_path: Path):
    env = {**os.environ, "DUBAN_DATA_DIR": str(tmp_path), "DUBAN_ENV": "development"}
    env.pop("DUBAN_DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-m", "duban", "import", str(sample_path), "--government", "爱民区"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "已导入计划 爱民区/2024" in run.stdout
    assert (tmp_path / "duban.sqlite3").stat().st_size > 0


def test_production_refuses_a_placeholder_secret_key(sample_path: Path, tmp_path: Path):
    env = {
        **os.environ,
        "DUBAN_DATA_DIR": str(tmp_path),
        "DUBAN_ENV": "production",
        "DUBAN_SECRET_KEY": "changeme",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-m", "duban", "plans"], capture_output=True, text=True, env=env, timeout=300
    )
    assert run.returncode == 2
    assert "DUBAN_SECRET_KEY" in run.stderr and "Traceback" not in run.stderr
