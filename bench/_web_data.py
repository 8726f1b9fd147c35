"""Benchmark data for bench/web.py: a fresh database in, a large plan and an office login out.

Run by ``bench/web.py`` in a child process whose environment (DUBAN_DATA_DIR, DUBAN_DATABASE_URL,
DUBAN_ENV=production) names the throw-away database; it migrates, collects the static files that
production's manifest storage needs, bulk-creates the plan and prints one JSON line:
``{"task": <a task id>, "username": ..., "password": ..., "tasks": n, "seconds": s}``.

Bulk inserts skip the save signals on purpose: this is benchmark data, and the plan's revision
stays where migrations left it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

DAY = dt.date(2024, 6, 30)  # the plan is assessed as of this day: five periods filed, one in review
DEPARTMENTS = 30
TOP_SECTIONS, SUBSECTIONS = 8, 5
INDICATORS = 20
BATCH = 2000
_VERBS = ["推进", "实施", "完成", "建设", "改造", "新增", "培育", "提升"]
_THINGS = ["老旧小区", "高标准农田", "乡村道路", "污水管网", "中小学校", "养老床位", "充电桩", "产业园区"]
_UNITS = [("个", 1.0), ("公里", 1.0), ("万亩", 1.0), ("亿元", 1.0), ("%", 0.1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    args = parser.parse_args()
    from duban.web import bootstrap

    bootstrap.ready()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    task_id = build(args.tasks)
    username, password = "bench-office", secrets.token_urlsafe(16)
    office(username, password)
    seconds = round(time.perf_counter() - started, 1)
    print(
        json.dumps(
            {
                "task": task_id,
                "username": username,
                "password": password,
                "tasks": args.tasks,
                "seconds": seconds,
            }
        )
    )


def office(username: str, password: str) -> None:
    from django.contrib.auth import get_user_model

    from duban.accounts.models import UserRole
    from duban.accounts.services import ensure_role

    user = get_user_model().objects.create_user(username=username, password=password)
    ensure_role(user, UserRole.OFFICE)


def build(n_tasks: int) -> str:
    """The plan, its sections, tasks, targets, lead units and half a year of reports; a task id."""
    from django.db import connection, transaction
    from simple_history.utils import bulk_create_with_history

    from duban.plans.models import Assignment, Department, Government, Leader, Plan, Role, Target, Task
    from duban.tracking.models import TrackingSettings
    from duban.tracking.periods import ensure_periods

    rng = random.Random(2024)
    with transaction.atomic():
        gov = Government.objects.create(name="基准区")
        units = Department.objects.bulk_create(
            Department(government=gov, name=f"基准单位{n:02d}", order=n) for n in range(1, DEPARTMENTS + 1)
        )
        # The ledger's 责任领导 column: six leaders oversee five units each.
        leaders = Leader.objects.bulk_create(
            Leader(government=gov, name=f"基准领导{n}", title="副区长", order=n) for n in range(1, 7)
        )
        for n, leader in enumerate(leaders):
            leader.departments.set(units[n * 5 : n * 5 + 5])
        texts = [_task_text(rng, n) for n in range(1, n_tasks + 1)]
        source, spans = _source_text(texts)
        plan = Plan.objects.create(
            government=gov,
            year=DAY.year,
            title="基准区政府工作报告",
            source_name="bench.txt",
            source_sha256="0" * 64,
            source_format="txt",
            source_text=source,
            extraction=_extraction(n_tasks),
        )
        TrackingSettings.objects.create(plan=plan, as_of=DAY)
        sections = _sections(plan)
        leaves = [s for s in sections if s.parent_id is not None]
        tasks = bulk_create_with_history(
            [
                Task(
                    plan=plan,
                    section=leaves[n * len(leaves) // n_tasks],
                    external_id=f"T{plan.pk}-{n + 1:05d}",
                    order=(n + 1) * 10,
                    text=texts[n],
                    # One task in ten is due mid-year, so 已完成 and 逾期 appear too.
                    deadline=dt.date(DAY.year, 6, 30) if n % 10 == 0 else plan.year_end,
                    raw_start=spans[n][0],
                    raw_end=spans[n][1],
                    source_task=f"t{n + 1}",
                    # One task in twenty has its leader set on it rather than its lead unit's.
                    leader=leaders[n % len(leaders)] if n % 20 == 0 else None,
                )
                for n in range(n_tasks)
            ],
            Task,
            batch_size=BATCH,
        )
        targets = Target.objects.bulk_create(_targets(rng, tasks), batch_size=BATCH)
        Assignment.objects.bulk_create(_assignments(rng, tasks, units, Role), batch_size=BATCH)
        _reports(rng, tasks, targets, units, ensure_periods(plan))
    if connection.vendor == "postgresql":
        # A live database has statistics (autovacuum keeps them); without them PostgreSQL plans
        # joins over the fresh rows as if the tables were empty, seconds per query.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return tasks[len(tasks) // 2].external_id


def _task_text(rng: random.Random, n: int) -> str:
    verb, thing, then = rng.choice(_VERBS), rng.choice(_THINGS), rng.choice(_VERBS)
    return f"{verb}{thing}项目第{n}批，{then}配套设施并按期验收投入使用"


def _source_text(texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    parts, spans, cursor = [], [], 0
    for text in texts:
        spans.append((cursor, cursor + len(text)))
        parts.append(text + "。\n")
        cursor += len(text) + 2
    return "".join(parts), spans


def _extraction(n_tasks: int) -> dict:
    # As large as an extraction of a report this size: one entry per task, a few headline indicators.
    indicators = [
        {
            "kind": "target",
            "year": DAY.year,
            "metric": f"指标{n}",
            "quantity": f"q{n}",
            "unit": "个",
            "value": 100,
        }
        for n in range(1, INDICATORS + 1)
    ]
    tasks = [
        {"id": f"t{n}", "quantities": [f"q{n}"] if n <= INDICATORS else []} for n in range(1, n_tasks + 1)
    ]
    return {"document": {"plan_year": DAY.year}, "indicators": indicators, "tasks": tasks, "quantities": []}


def _sections(plan) -> list:
    from duban.plans.models import Part, Section

    tops = Section.objects.bulk_create(
        Section(
            plan=plan,
            key=str(t),
            number=f"{'一二三四五六七八'[t - 1]}、",
            title=f"重点工作{t}",
            part=Part.PLAN,
            order=t * 100,
        )
        for t in range(1, TOP_SECTIONS + 1)
    )
    subs = Section.objects.bulk_create(
        Section(
            plan=plan,
            key=f"{top.key}.{s}",
            number=f"（{s}）",
            title=f"专项{top.key}.{s}",
            part=Part.PLAN,
            parent=top,
            order=top.order + s,
        )
        for top in tops
        for s in range(1, SUBSECTIONS + 1)
    )
    return tops + subs


def _targets(rng: random.Random, tasks: list) -> list:
    from duban.plans.models import Target

    rows = []
    for n, task in enumerate(tasks):
        for k in range(1, rng.choice([1, 1, 2]) + 1):
            unit, scale = rng.choice(_UNITS)
            value = round(rng.randint(10, 500) * scale, 1)
            rows.append(
                Target(
                    task=task,
                    external_id=f"{task.external_id}-{k}",
                    metric=f"{task.text[2:6]}{'规模' if k == 1 else '投资'}",
                    value=value,
                    unit=unit,
                    comparator="ge",
                    text=f"{value:g}{unit}以上",
                    quantity_id=f"q{n + 1}" if k == 1 and n < INDICATORS else "",
                )
            )
    return rows


def _assignments(rng: random.Random, tasks: list, units: list, role) -> list:
    from duban.plans.models import Assignment

    rows = []
    for task in tasks:
        lead, support = rng.sample(units, 2)
        rows.append(Assignment(task=task, department=lead, role=role.LEAD, reason="基准数据"))
        if rng.random() < 0.3:
            rows.append(Assignment(task=task, department=support, role=role.SUPPORT, reason="基准数据"))
    return rows


def _reports(rng: random.Random, tasks: list, targets: list, units: list, periods: list) -> None:
    """Accepted lead reports with cumulative figures up to June; June's partly still in review."""
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from duban.plans.models import Assignment
    from duban.tracking.models import Figure, ProgressReport, ReportSource, ReportState

    lead_of = dict(
        Assignment.objects.filter(role="lead", task__in=tasks).values_list("task_id", "department_id")
    )
    targets_of: dict[int, list] = {}
    for target in targets:
        targets_of.setdefault(target.task_id, []).append(target)
    pace = {task.pk: rng.uniform(0.8, 1.2) for task in tasks}  # ahead, on time and behind alike
    due = [p for p in periods if p.due < DAY]
    for period in due:
        last = period is due[-1]
        reports, values = [], []
        for task in tasks:
            if rng.random() < (0.2 if last else 0.03):
                continue  # 未报送
            state = ReportState.SUBMITTED if last and rng.random() < 0.4 else ReportState.ACCEPTED
            moment = timezone.make_aware(
                dt.datetime.combine(period.due + dt.timedelta(days=rng.choice([-3, -1, 0, 2])), dt.time(16))
            )
            reports.append(
                ProgressReport(
                    task=task,
                    period=period,
                    department_id=lead_of[task.pk],
                    role="lead",
                    state=state,
                    progress="按计划推进",
                    submitted_at=moment,
                    reviewed_at=moment if state == ReportState.ACCEPTED else None,
                    source=ReportSource.EXCEL,
                )
            )
            elapsed = period.end.timetuple().tm_yday / 366
            values.append(
                [(t, round(t.value * min(1.0, elapsed * pace[task.pk]), 2)) for t in targets_of[task.pk]]
            )
        reports = bulk_create_with_history(reports, ProgressReport, batch_size=BATCH)
        Figure.objects.bulk_create(
            (
                Figure(report=r, target=t, value=v, text=f"{v:g}")
                for r, pairs in zip(reports, values, strict=True)
                for t, v in pairs
            ),
            batch_size=BATCH,
        )


if __name__ == "__main__":
    main()
