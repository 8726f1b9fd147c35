"""The database side of bench/load.py: a fresh database in, a plan with one unit per client and
their logins out (``build``); afterwards the clients' log of acknowledged writes in, the lost and
duplicated writes out (``check``).

``bench/load.py`` runs this file in a child process whose environment names the throw-away
database (``build`` prints one JSON line; ``check`` reads the log as JSON on stdin and prints the
verdict as one JSON line). The shortened load test in the suite calls both functions in-process.

Every write a client sends carries a token of its own in 进展情况 (or, for an acceptance, names the
report). A write the server acknowledged (2xx) must be in the report's history exactly once: not
found is *lost*, found twice is *duplicated*. The report's stored text must be the last
acknowledged write's, or a later write whose answer never came; an acknowledged acceptance must
have left the report accepted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

DAY = dt.date(2024, 6, 10)  # the plan is assessed on this day: the open period is June
PERIOD = "2024-06"
SAVE_REASONS = {"保存草稿", "报送进展"}


def build(clients: int, tasks_per_client: int, api_every: int = 2) -> dict:
    """A plan whose every unit leads ``tasks_per_client`` tasks with one target each, a liaison per
    unit (every ``api_every``-th one uses the API with a token) and an office login with a token."""
    from django.db import transaction
    from simple_history.utils import bulk_create_with_history

    from duban.accounts.models import UserRole
    from duban.accounts.services import add_user, issue_token
    from duban.plans.models import Assignment, Department, Government, Plan, Role, Target, Task
    from duban.tracking.models import TrackingSettings

    password = "Load-" + secrets.token_urlsafe(12)
    with transaction.atomic():
        gov = Government.objects.create(name="压测区")
        units = Department.objects.bulk_create(
            Department(government=gov, name=f"压测单位{n:02d}", order=n) for n in range(1, clients + 1)
        )
        plan = Plan.objects.create(
            government=gov,
            year=DAY.year,
            title="压测区政府工作报告",
            source_name="load.txt",
            source_sha256="1" * 64,
            source_format="txt",
            source_text="压测",
        )
        # No periods yet: the first requests make them, all at once, as on a real first day.
        TrackingSettings.objects.create(plan=plan, as_of=DAY)
        tasks = bulk_create_with_history(
            [
                Task(
                    plan=plan,
                    external_id=f"L{plan.pk}-{u:02d}-{k}",
                    order=u * 100 + k,
                    text=f"压测单位{u:02d}的第{k}项任务：完成项目建设",
                    deadline=plan.year_end,
                )
                for u in range(1, clients + 1)
                for k in range(1, tasks_per_client + 1)
            ],
            Task,
        )
        Target.objects.bulk_create(
            Target(
                task=t, external_id=f"{t.external_id}-1", metric="项目", value=100, unit="个", text="100个"
            )
            for t in tasks
        )
        Assignment.objects.bulk_create(
            Assignment(task=t, department=units[n // tasks_per_client], role=Role.LEAD, reason="压测数据")
            for n, t in enumerate(tasks)
        )
    office = add_user("load-office", UserRole.OFFICE, password=password)
    liaisons = []
    for n, unit in enumerate(units):
        user = add_user(f"load-{n + 1:02d}", UserRole.LIAISON, password=password, department=unit.name)
        api = api_every > 0 and n % api_every == 1
        liaisons.append(
            {
                "username": user.username,
                "unit": unit.name,
                "token": issue_token(user, "压测") if api else None,
                "tasks": [t.external_id for t in tasks[n * tasks_per_client : (n + 1) * tasks_per_client]],
            }
        )
    return {
        "plan": plan.pk,
        "period": PERIOD,
        "password": password,
        "office": {"username": office.username, "token": issue_token(office, "压测")},
        "liaisons": liaisons,
    }


def check(writes: list[dict]) -> dict:
    """Compare the clients' log with the database; counts and the first few problems.

    Each write: ``{"kind": "save"|"submit"|"accept", "task", "unit", "token", "status"}``, in the
    order one client sent them (``status`` 0: no answer came).
    """
    from duban.tracking.models import ProgressReport, ReportState

    by_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for write in writes:
        by_key[(write["task"], write["unit"])].append(write)
    problems: list[str] = []
    lost = duplicated = unacknowledged_stored = 0
    for (task, unit), sent in by_key.items():
        reports = list(
            ProgressReport.objects.filter(task__external_id=task, department__name=unit, period__label=PERIOD)
        )
        if len(reports) > 1:
            duplicated += len(reports) - 1
            problems.append(f"{task} {unit}: {len(reports)} reports")
        report = reports[0] if reports else None
        texts = Counter(
            report.history.filter(history_change_reason__in=SAVE_REASONS).values_list("progress", flat=True)
            if report
            else []
        )
        for write in (w for w in sent if w["kind"] != "accept"):
            found = texts[write["token"]]
            if _acknowledged(write) and found == 0:
                lost += 1
                problems.append(f"{task} {unit}: acknowledged {write['kind']} {write['token']} not stored")
            elif found > 1:
                duplicated += found - 1
                problems.append(f"{task} {unit}: {write['token']} stored {found} times")
        saves = [w for w in sent if w["kind"] != "accept"]
        last_ok = max((i for i, w in enumerate(saves) if _acknowledged(w)), default=None)
        if last_ok is not None:
            stored = report.progress if report else None
            at = next((i for i, w in enumerate(saves) if w["token"] == stored), None)
            if at is None or at < last_ok:
                lost += 1  # the last acknowledged text was overwritten by an older one, or never stored
                problems.append(f"{task} {unit}: stored {stored!r}, not the last acknowledged write")
            elif at > last_ok and saves[at]["status"] != 0:
                unacknowledged_stored += 1  # refused to the client, yet stored: half-written
                problems.append(f"{task} {unit}: {stored!r} answered {saves[at]['status']} but stored")
        accepted = any(_acknowledged(w) for w in sent if w["kind"] == "accept")
        if accepted and (report is None or report.state != ReportState.ACCEPTED):
            lost += 1
            problems.append(f"{task} {unit}: acknowledged acceptance, report {report and report.state}")
    return {
        "lost": lost,
        "duplicated": duplicated,
        "unacknowledged_stored": unacknowledged_stored,
        "problems": problems[:10],
    }


def _acknowledged(write: dict) -> bool:
    return 200 <= write["status"] < 400


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="step", required=True)
    made = sub.add_parser("build")
    made.add_argument("--clients", type=int, required=True)
    made.add_argument("--tasks", type=int, required=True, help="tasks per client")
    sub.add_parser("check", help="the write log as JSON on stdin")
    args = parser.parse_args()
    from duban.web import bootstrap

    bootstrap.ready()
    if args.step == "build":
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        print(json.dumps(build(args.clients, args.tasks), ensure_ascii=False))
    else:
        print(json.dumps(check(json.load(sys.stdin)), ensure_ascii=False))


if __name__ == "__main__":
    main()
