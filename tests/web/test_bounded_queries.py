"""Issue #12, lean reads: right after a write, in a worker that keeps nothing yet, the overview,
the ledger and a task page each read as many queries on a 10,000-task plan as on a 100-task one
(the benchmark's plan, ``bench/_web_data.py``); a task page no more."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from duban.plans.models import Plan, Role
from duban.tracking import cache, reports
from duban.tracking.models import ProgressReport
from duban.tracking.periods import as_of, due_by

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import _web_data  # noqa: E402

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def _counts(client, tasks: int) -> dict[str, int]:
    """Queries per page after one report is filed and accepted, on a plan of ``tasks`` tasks."""
    task_id = _web_data.build(tasks)
    _web_data.office("bench-office", "Bench-office-pass-1")
    user = get_user_model().objects.get(username="bench-office")
    client.force_login(user)
    plan = Plan.objects.get(government__name="基准区")
    pages = ["/", "/ledger/", f"/tasks/{task_id}/"]
    for page in pages:  # the plan read once, as a running server has
        assert client.get(page).status_code == 200
    period = due_by(plan, as_of(plan))
    filed = set(ProgressReport.objects.filter(period=period).values_list("task_id", flat=True))
    counts = {}
    for page in pages:
        task = plan.tasks.exclude(pk__in=filed).order_by("order").first()
        filed.add(task.pk)
        lead = task.assignments.get(role=Role.LEAD, withdrawn=False).department
        entry = reports.ReportEntry(progress="推进中", percent=50.0)
        reports.file_report(task, period, lead, entry, user=user, accept=True)
        cache.clear()  # another worker: nothing kept in this process
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        counts[page.split("/")[1] or "overview"] = len(queries)
    return counts


def test_pages_read_as_many_queries_at_10000_tasks_as_at_100(client):
    try:
        with transaction.atomic():
            small = _counts(client, 100)
            raise _Undo
    except _Undo:
        pass
    large = _counts(client, 10_000)
    # The task page shown is another task in each plan (its units, leader and reports differ).
    assert {p: large[p] <= small[p] for p in small} == dict.fromkeys(small, True), (small, large)
    assert large["overview"] == small["overview"] and large["ledger"] == small["ledger"]
