"""Issue #13 acceptance: ``duban bulletin draft 爱民区/2024 --date D`` on the demo plan gives a .docx
whose counts, headline indicator table, laggard list and attachment equal ``duban status --date D``,
cell by cell, for several dates (a bulletin can be drafted for any past day).

The plan is filled with the demo year up to 30 September once for the module; each date is then
drafted from the same ledger, so the earlier ones are bulletins drafted after the fact.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import docx
import pytest
from django.db import transaction
from typer.testing import CliRunner

from duban.cli import app
from duban.plans.importing import import_report
from duban.plans.models import Plan, Target, Task
from duban.tracking.demo import fill_demo
from duban.tracking.figure_text import read_written
from duban.tracking.figures import format_percent

pytestmark = pytest.mark.django_db

FILLED_TO = dt.date(2024, 9, 30)
DATES = ["2024-03-31", "2024-06-30", "2024-07-10", "2024-09-30"]
STATUSES = ["已完成", "序时推进", "滞后", "逾期", "未报送", "未启动"]
NONE = "—"


@pytest.fixture(scope="module")
def plan(django_db_setup, django_db_blocker, sample_path: Path):
    with django_db_blocker.unblock(), transaction.atomic():
        found = import_report(sample_path, government="爱民区").plan
        fill_demo(found, FILLED_TO)
        yield found
        transaction.set_rollback(True)


def _invoke(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr or result.stdout
    return result


@pytest.fixture(params=DATES)
def drafted(request, plan: Plan, tmp_path: Path):
    day = request.param
    out = tmp_path / "bulletin.docx"
    _invoke("bulletin", "draft", "爱民区/2024", "--date", day, "-o", str(out))
    statuses = json.loads(_invoke("status", "爱民区/2024", "--date", day, "--json").stdout)
    return day, docx.Document(str(out)), statuses


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _groups(plan: Plan, statuses: list[dict]) -> dict[str, list[dict]]:
    """The three groups of 总体情况, worked out from the extraction and the status JSON alone."""
    headline_quantities = {
        i["quantity"]
        for i in plan.extraction["indicators"]
        if i.get("kind") == "target" and i.get("year") in {plan.year, None} and i.get("quantity")
    }
    main_tasks = set(
        Target.objects.filter(
            task__plan=plan, quantity_id__in=headline_quantities, withdrawn=False
        ).values_list("task__external_id", flat=True)
    )
    groups: dict[str, list[dict]] = {"全部任务": statuses, "主要经济指标": [], "量化指标": [], "其他任务": []}
    for s in statuses:
        if s["task_id"] in main_tasks:
            groups["主要经济指标"].append(s)
        elif any(t["target"] is not None for t in s["targets"]):
            groups["量化指标"].append(s)
        else:
            groups["其他任务"].append(s)
    return groups


def test_counts_table_equals_status(plan: Plan, drafted):
    day, document, statuses = drafted
    rows = _cells(document.tables[0])
    assert rows[0] == ["类别", "任务数", *STATUSES]
    for (name, items), row in zip(_groups(plan, statuses).items(), rows[1:], strict=True):
        counts = Counter(s["status"] for s in items)
        expected = [name, str(len(items)), *(str(counts.get(status, 0)) for status in STATUSES)]
        assert row == expected, f"{day} {name}"


def test_indicator_table_equals_status(plan: Plan, drafted):
    day, document, statuses = drafted
    rows = _cells(document.tables[1])
    assert rows[0] == ["指标", "年度目标", "完成值", "完成率或增速", "序时进度", "状态"]
    by_target = {t["target_id"]: (t, s) for s in statuses for t in s["targets"]}
    headline = [
        i
        for i in plan.extraction["indicators"]
        if i.get("kind") == "target" and i.get("year") in {2024, None}
    ]
    assert len(rows) - 1 == len(headline)
    checked = 0
    for item, row in zip(headline, rows[1:], strict=True):
        target = Target.objects.filter(task__plan=plan, quantity_id=item.get("quantity") or "-").first()
        assert row[0] == item["metric"], f"{day} {row}"
        if target is None:
            assert row[2:] == [NONE] * 4, f"{day} {row}"
            continue
        figure, status = by_target[target.external_id]
        assert row[1] == target.text and row[5] == status["status"], f"{day} {row}"
        assert row[4] == format_percent(status["time_progress"]), f"{day} {row}"
        if figure["actual"] is None:
            assert row[2] == NONE and row[3] == NONE, f"{day} {row}"
            continue
        assert read_written(row[2], target) == pytest.approx(figure["actual"], rel=5e-3), f"{day} {row}"
        if target.growth:
            assert row[3].startswith("增速") and float(row[3][2:].rstrip("%")) == pytest.approx(
                figure["actual"]
            )
        else:
            assert row[3] == format_percent(figure["completion"]), f"{day} {row}"
        checked += 1
    assert checked or day == "2024-03-31"  # by June the demo has accepted figures for the indicators


_REF = re.compile(r"（第(\d+)项，(.*?)）：")


def _section(document, start: str, end: str) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    first, last = texts.index(start), texts.index(end)
    return [t for t in texts[first + 1 : last] if t.strip()]


def test_laggard_list_equals_status(plan: Plan, drafted):
    day, document, statuses = drafted
    leads = {t.external_id: (t.lead_unit().name if t.lead_unit() else "未分工") for t in plan.tasks.all()}
    expected = [(n, s) for n, s in enumerate(statuses, start=1) if s["status"] in {"滞后", "逾期"}]
    lines = [line for line in _section(document, "三、未达序时进度事项", "四、报送情况") if line[0].isdigit()]
    referenced = list(dict.fromkeys(tuple(_REF.search(line).groups()) for line in lines))
    assert referenced == [(str(n), leads[s["task_id"]]) for n, s in expected], day
    numbers = [int(line.split(".")[0]) for line in lines]
    assert numbers == list(range(1, len(lines) + 1)), day
    for n, s in expected:
        said = " ".join(line for line in lines if f"（第{n}项，" in line)
        if s["status"] == "逾期":
            assert "已过完成时限" in said, said
        elif not any(t["completion"] is not None for t in s["targets"]):
            gap = re.search(r"落后([\d.]+)个百分点", s["reason"]).group(1)
            assert f"滞后序时进度{gap}个百分点" in said, (s["reason"], said)
        else:
            lagging = [
                t
                for t in s["targets"]
                if t["completion"] is not None and t["completion"] < s["time_progress"]
            ]
            assert lagging and all(t["metric"] in said for t in lagging), said


def test_attachment_equals_status_cell_by_cell(plan: Plan, drafted):
    day, document, statuses = drafted
    rows = _cells(document.tables[-1])
    assert rows[0] == [
        "序号",
        "重点任务",
        "牵头单位",
        "目标值",
        "完成值",
        "完成率",
        "序时进度",
        "状态",
        "进展情况",
    ]
    assert len(rows) - 1 == len(statuses)
    tasks = {
        t.external_id: t for t in Task.objects.filter(plan=plan).prefetch_related("assignments__department")
    }
    targets = {t.external_id: t for t in Target.objects.filter(task__plan=plan)}
    for n, (status, row) in enumerate(zip(statuses, rows[1:], strict=True), start=1):
        lead = tasks[status["task_id"]].lead_unit()
        completion = NONE if status["completion"] is None else format_percent(status["completion"])
        expected = [str(n), status["text"], lead.name if lead else ""]
        assert row[:3] == expected, f"{day} row {n}"
        assert row[5:8] == [completion, format_percent(status["time_progress"]), status["status"]], (
            f"{day} row {n}"
        )
        figures = [t for t in status["targets"] if t["actual"] is not None]
        if not figures:
            assert row[4] == NONE, f"{day} row {n}"
            continue
        for said, figure in zip(row[4].split("；"), figures, strict=True):
            metric, _, written = said.rpartition(" ")
            assert metric == figure["metric"], f"{day} row {n}"
            target = targets[figure["target_id"]]
            assert read_written(written, target) == pytest.approx(figure["actual"], rel=5e-3), (
                f"{day} row {n}"
            )


def test_document_is_portrait_a4_with_a_landscape_attachment(drafted):
    _, document, _ = drafted
    first, last = document.sections[0], document.sections[-1]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert (round(last.page_width.mm), round(last.page_height.mm)) == (297, 210)
    header = document.tables[-1].rows[0]._tr
    assert header.xpath("./w:trPr/w:tblHeader"), "the attachment's header row repeats on every page"
