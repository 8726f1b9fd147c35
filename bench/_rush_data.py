"""The writers' side of bench/rush.py, made after ``_web_data.py`` on the same database: an API
token for the benchmark's office user, and the tasks whose lead report for the assessed period is
still missing (what units submit during the rush), each with its targets; and the plan's stored
statuses and trend points, as a server running since the morning has them. Prints one JSON line:
``{"token": ..., "period": "2024-06", "tasks": [[task id, [[target id, value], ...]], ...]}``.
"""

from __future__ import annotations

import json


def main() -> None:
    from duban.web import bootstrap

    bootstrap.ready()
    from django.contrib.auth import get_user_model

    from duban.accounts.services import issue_token
    from duban.plans.models import Plan, Target
    from duban.tracking.models import ProgressReport
    from duban.tracking.periods import as_of, due_by

    plan = Plan.objects.get()
    period = due_by(plan, as_of(plan))
    filed = set(ProgressReport.objects.filter(period=period).values_list("task_id", flat=True))
    targets: dict[int, list] = {}
    for task_id, external_id, value in Target.objects.filter(task__plan=plan, withdrawn=False).values_list(
        "task_id", "external_id", "value"
    ):
        targets.setdefault(task_id, []).append([external_id, value])
    tasks = [
        [external_id, targets.get(pk, [])]
        for pk, external_id in plan.tasks.filter(withdrawn=False)
        .order_by("order")
        .values_list("pk", "external_id")
        if pk not in filed
    ]
    # What a running server holds already (``duban remind`` makes them each morning): the stored
    # statuses of the day and the trend's points, so the rush measures writes, not a first read.
    from duban.tracking import stored
    from duban.tracking.periods import ensure_periods

    stored.ensure(plan, as_of(plan))
    stored.points(plan, [p for p in ensure_periods(plan) if p.end < as_of(plan)])
    from django.db import connection

    if connection.vendor == "postgresql":
        # As in _web_data.py: a live database has statistics on these rows too (autovacuum).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    token = issue_token(get_user_model().objects.get(username="bench-office"), "rush")
    print(json.dumps({"token": token, "period": period.label, "tasks": tasks}, ensure_ascii=False))


if __name__ == "__main__":
    main()
