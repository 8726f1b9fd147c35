"""Issue #5 item 3: the API against its own OpenAPI description. Schemathesis generates requests for
every operation (valid and invalid ones) and sends them in-process through the WSGI application,
as the office with a bearer token; no input may end in a server error.

Half of the generated path parameters are swapped for ids that exist (the sample plan, a task
with targets, a submitted report), so the handlers behind the 404s are exercised too.

The requests run through the full WSGI handler, which closes "old" database connections at the
start and end of each request; inside a test transaction that would break the test's connection
on PostgreSQL, so this test commits (``transaction=True``) and the tables are flushed afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from duban.accounts.models import UserRole
from duban.accounts.services import ensure_role, issue_token, operator
from duban.bulletins.services import draft_bulletin
from duban.bulletins.services import issue as issue_bulletin
from duban.orders.lifecycle import issue
from duban.orders.proposals import propose
from duban.plans.importing import import_report
from duban.tracking.demo import fill_demo
from duban.tracking.models import ProgressReport, ReportState

pytestmark = pytest.mark.django_db(transaction=True)

MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


@pytest.fixture
def known(sample_path: Path) -> Iterator[dict[str, object]]:
    """Ids that exist: the sample plan, a task with targets, a submitted report, an issued order
    and an issued bulletin."""
    plan = import_report(sample_path, government="爱民区").plan
    fill_demo(plan, dt.date(2024, 6, 30))  # reports in every state, so lists and reviews have content
    task = plan.tasks.filter(targets__isnull=False).order_by("order").first()
    report = ProgressReport.objects.filter(state=ReportState.SUBMITTED).order_by("pk").first()
    targets = list(task.targets.values_list("external_id", flat=True))
    office = operator("office")
    ensure_role(office, UserRole.OFFICE)
    order = issue(propose(plan, dt.date(2024, 6, 30), user=office)[0], user=office, day=dt.date(2024, 6, 30))
    bulletin = draft_bulletin(plan, dt.date(2024, 6, 30), None, user=office)
    bulletin = issue_bulletin(bulletin, version=bulletin.version, user=office)
    yield {
        "plan_id": plan.pk,
        "task_id": task.external_id,
        "report_id": report.pk,
        "targets": targets,
        "order_id": order.pk,
        "bulletin_id": bulletin.pk,
    }


@pytest.fixture
def office_token(known) -> str:
    office = operator("office")
    ensure_role(office, UserRole.OFFICE)
    return issue_token(office, "schemathesis")


@pytest.fixture
def api_schema(known):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

    @schema.hook
    def flatmap_path_parameters(context, params):
        if not params:
            return st.just(params)
        return st.sampled_from([params, {k: known.get(k, v) for k, v in params.items()}])

    @schema.hook
    def flatmap_body(context, body):
        # A random period or target id is refused before anything is saved; give half the bodies
        # real ones so the save, its figures and the review run with generated content.
        if not isinstance(body, dict):
            return st.just(body)
        if "period" in body:
            figures = body.get("figures") if isinstance(body.get("figures"), dict) else {}
            real = dict(zip(known["targets"], figures.values(), strict=False))
            return st.sampled_from([body, {**body, "period": "2024-07", "figures": real, "version": None}])
        if "accept" in body:
            current = (
                ProgressReport.objects.filter(pk=known["report_id"]).values_list("version", flat=True).first()
            )
            return st.sampled_from([body, {**body, "version": current}])
        return st.just(body)

    return schema


# schemathesis' pytest integration (``from_fixture`` + ``parametrize``) sets ``Function._nodeid``,
# which pytest 9 no longer has; so each operation's Hypothesis test is built and run here.
@pytest.mark.parametrize("mode", MODES, ids=[m.value for m in MODES])
def test_no_input_ends_in_a_server_error(api_schema, office_token, mode):
    headers = {"Authorization": f"Bearer {office_token}"}
    failures, operations = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=25,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case) -> None:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            run()
        except Exception as err:  # every operation is tried; all failures are reported together
            failures.append(f"{operation.label}: {err}")
    assert operations >= 11
    assert not failures, "\n\n".join(failures)
