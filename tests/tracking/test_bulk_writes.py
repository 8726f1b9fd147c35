"""Issue #12 item 5: the large writes in bulk. An import, a revised import, a 分工表 import, a
progress-sheet import and the demo each take hardly more statements for a plan three times the
size (rows go in statements of dozens to hundreds; a write per row would add ten statements a
task), leave every row with its history entry (the database agrees with its history:
``tests/hardening/integrity.py``), bump the plan's revision once, and leave the stored statuses
current and equal to a recomputation."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.accounts.models import UserRole
from duban.accounts.services import ensure_role, operator
from duban.plans.importing import import_report
from duban.plans.models import Plan, Task
from duban.plans.split_table import export_split, import_split
from duban.tracking import stored
from duban.tracking.demo import fill_demo
from duban.tracking.models import ProgressReport, ReportState
from duban.tracking.periods import as_of, find_period
from duban.tracking.progress_export import export_progress
from duban.tracking.progress_import import import_progress

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hardening"))
from integrity import problems  # noqa: E402

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 6, 30)
COPIES = 3  # the larger plan: the sample's plan three times over
ROWS_PER_STATEMENT = 4  # at least, for the rows the larger plan adds: bulk writes reach dozens


def repeated_plan(text: str, copies: int, numbers: int = 0) -> str:
    """The sample with each plan paragraph written ``copies`` times, each copy's sentences marked
    as its own (a plan states a task once) and, with ``numbers``, its numbers changed."""
    lines = text.split("\n")
    start = next(n for n, line in enumerate(lines) if "重点工作安排" in line)
    out = lines[: start + 1]
    for line in lines[start + 1 :]:
        changed = re.sub(r"\d+", lambda m: str(int(m.group()) + numbers), line) if numbers else line
        out.append(changed)
        if "。" in line and not line.startswith("#"):
            out += [changed.replace("。", f"（第{n}轮）。") for n in range(1, copies)]
    return "\n".join(out)


@pytest.fixture
def plans(
    tmp_path: Path, sample_text: str, django_capture_on_commit_callbacks
) -> dict[int, tuple[Plan, int]]:
    """The plan at 1× and 3×, each imported into its own government, with its import's
    statements (those run once it commits, which build its stored statuses, included)."""
    found = {}
    for copies in (1, COPIES):
        government = f"测试{copies}区"
        path = tmp_path / f"{government}.txt"
        path.write_text(repeated_plan(sample_text, copies), encoding="utf-8")
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            plan = import_report(path, government=government, user=operator("测试")).plan
        found[copies] = (plan, len(queries))
    return found


def _bounded(what: str, statements: dict[int, int], rows: dict[int, int]) -> None:
    added_rows, added_statements = rows[COPIES] - rows[1], statements[COPIES] - statements[1]
    assert added_rows >= 1.5 * rows[1], f"{what}: the larger plan did not write more ({rows})"
    assert added_statements * ROWS_PER_STATEMENT <= added_rows, (
        f"{what}: {statements[1]} statements for {rows[1]} tasks or reports, {statements[COPIES]} for "
        f"{rows[COPIES]}: a statement per row or more"
    )


@pytest.fixture
def office():
    user = operator("测试")
    ensure_role(user, UserRole.OFFICE)
    return user


def _current(plan: Plan) -> None:
    """The stored statuses current for the plan's day and equal to a full recomputation."""
    day = as_of(plan)
    assert stored.is_current(plan.pk, day), f"{plan}: stored statuses left stale by the write"
    assert stored.verify(plan, day) == []


def _revision(plan: Plan) -> int:
    return Plan.objects.filter(pk=plan.pk).values_list("revision", flat=True).get()


def test_an_import_writes_in_bulk(plans):
    _bounded("import", {c: plans[c][1] for c in plans}, {c: plans[c][0].tasks.count() for c in plans})
    assert problems() == []
    for copies in (1, COPIES):
        plan = plans[copies][0]
        assert Task.history.filter(plan_id=plan.pk).count() == plan.tasks.count()  # one entry a task
        _current(plan)  # built once the import is stored, not by the first page


def test_the_demo_writes_in_bulk(plans):
    statements, rows = {}, {}
    for copies in (1, COPIES):
        plan = plans[copies][0]
        with CaptureQueriesContext(connection) as queries:
            rows[copies] = fill_demo(plan, DAY).reports
        statements[copies] = len(queries)
        _current(plan)
    _bounded("demo", statements, rows)
    assert problems() == []
    latest = ProgressReport.objects.filter(period__label="2024-06")
    assert {ReportState.SUBMITTED, ReportState.ACCEPTED, ReportState.RETURNED} <= set(
        latest.values_list("state", flat=True)
    )


def test_a_revised_import_writes_in_bulk(plans, tmp_path, sample_text, office):
    statements, rows = {}, {}
    for copies in (1, COPIES):
        plan = plans[copies][0]
        fill_demo(plan, DAY)
        before = _revision(plan)
        path = tmp_path / f"revised-{copies}.txt"
        path.write_text(repeated_plan(sample_text, copies, numbers=1), encoding="utf-8")
        with CaptureQueriesContext(connection) as queries:
            outcome = import_report(path, government=plan.government.name, apply=True, user=office)
        statements[copies], rows[copies] = len(queries), plan.tasks.count()
        assert outcome.applied and outcome.changes
        assert _revision(plan) == before + 1
        _current(plan)
    _bounded("revised import", statements, rows)
    assert problems() == []


def _header_row(sheet, name: str) -> int:
    return next(r for r in range(1, 10) if any(str(c.value or "").strip() == name for c in sheet[r]))


def _split_edited(plan: Plan, path: Path) -> Path:
    """The 分工表 with every deadline moved and each row's lead unit swapped with its first
    supporting unit where it has one."""
    export_split(plan, path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header_row = _header_row(sheet, "牵头单位")
    header = [str(c.value or "") for c in sheet[header_row]]
    deadline, lead, supports = (header.index(name) + 1 for name in ("完成时限", "牵头单位", "配合单位"))
    for row in range(header_row + 1, sheet.max_row + 1):
        if not sheet.cell(row, lead).value:
            continue
        sheet.cell(row, deadline).value = "2024年10月31日"
        others = str(sheet.cell(row, supports).value or "").split("、")
        if others and others[0]:
            sheet.cell(row, lead).value, others[0] = others[0], sheet.cell(row, lead).value
            sheet.cell(row, supports).value = "、".join(others)
    book.save(path)
    return path


def test_a_split_import_writes_in_bulk(plans, tmp_path, office):
    statements, rows = {}, {}
    for copies in (1, COPIES):
        plan = plans[copies][0]
        fill_demo(plan, DAY)
        before = _revision(plan)
        edited = _split_edited(plan, tmp_path / f"split-{copies}.xlsx")
        with CaptureQueriesContext(connection) as queries:
            changes = import_split(plan, edited, apply=True, user=office)
        statements[copies], rows[copies] = len(queries), plan.tasks.count()
        assert changes
        assert _revision(plan) == before + 1
        assert set(plan.tasks.filter(withdrawn=False).values_list("deadline", flat=True)) == {
            dt.date(2024, 10, 31)
        }
        _current(plan)
    _bounded("split import", statements, rows)
    assert problems() == []  # one live lead a task among the constraints checked


def _progress_filled(plan: Plan, path: Path, period: str) -> Path:
    export_progress(plan, find_period(plan, period), path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header_row = _header_row(sheet, "完成值")
    header = [str(c.value or "") for c in sheet[header_row]]
    figure, progress = header.index("完成值") + 1, header.index("进展情况") + 1
    target = header.index("目标值") + 1
    for row in range(header_row + 1, sheet.max_row + 1):
        sheet.cell(row, progress).value = "按计划推进"
        if sheet.cell(row, target).value:
            sheet.cell(row, figure).value = "1"
    book.save(path)
    return path


def test_a_progress_import_writes_in_bulk(plans, tmp_path, office):
    statements, rows = {}, {}
    for copies in (1, COPIES):
        plan = plans[copies][0]
        fill_demo(plan, DAY)
        stored.ensure(plan, as_of(plan))
        before = _revision(plan)
        filled = _progress_filled(plan, tmp_path / f"progress-{copies}.xlsx", "2024-07")
        with CaptureQueriesContext(connection) as queries:
            outcome = import_progress(plan, filled, user=office, apply=True, accept=True)
        statements[copies], rows[copies] = len(queries), len(outcome.filings)
        assert outcome.filings
        assert _revision(plan) == before + 1
        reports = ProgressReport.objects.filter(task__plan=plan, period__label="2024-07")
        assert reports.count() == len(outcome.filings)
        assert set(reports.values_list("state", flat=True)) == {ReportState.ACCEPTED}
        _current(plan)
    _bounded("progress import", statements, rows)
    assert problems() == []
