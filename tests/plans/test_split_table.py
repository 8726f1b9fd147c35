"""Issue #3 acceptance: the 分工表 round trip through Excel, on the command line.

Export → import the untouched file → zero changes. Two lead units, one deadline, one added row
and one deleted row changed in Excel → exactly those five changes, each in the history with who
and when. Broken or foreign workbooks → status 2, one line, nothing changed.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from django.utils import timezone
from typer.testing import CliRunner

from duban.cli import app
from duban.plans.importing import import_report
from duban.plans.models import Assignment, Plan, Task

pytestmark = pytest.mark.django_db

HEADERS = ["序号", "重点任务", "责任领导", "牵头单位", "配合单位", "完成时限", "目标值", "task_id"]


def invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def plan(sample_path: Path) -> Plan:
    return import_report(sample_path, government="爱民区").plan


@pytest.fixture
def exported(plan: Plan, tmp_path: Path) -> Path:
    out = tmp_path / "分工表.xlsx"
    result = invoke("split", "export", plan.key, out)
    assert result.exit_code == 0, result.stderr
    return out


def _sheet(path: Path):
    book = openpyxl.load_workbook(path)
    ws = next(ws for ws in book.worksheets if ws.sheet_state == "visible")
    header_row = next(r for r in range(1, 11) if ws.cell(r, 2).value == "重点任务")
    columns = {ws.cell(header_row, c).value: c for c in range(1, ws.max_column + 1)}
    return book, ws, header_row, columns


def _row_of(ws, columns: dict, task_id: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, columns["task_id"]).value == task_id)


def _state(plan: Plan) -> tuple:
    tasks = Task.objects.filter(plan=plan)
    return (
        sorted(tasks.values_list("external_id", "text", "deadline", "withdrawn")),
        sorted(
            Assignment.objects.filter(task__plan=plan).values_list(
                "task_id", "department_id", "role", "withdrawn"
            )
        ),
        Task.history.filter(plan_id=plan.pk).count(),
    )


def test_the_export_has_the_offices_layout(exported: Path, plan: Plan):
    book, ws, header_row, columns = _sheet(exported)
    assert [ws.cell(header_row, c).value for c in range(1, 9)] == HEADERS
    assert ws.column_dimensions["H"].hidden
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.max_row - header_row == plan.tasks.count()


def test_the_untouched_file_changes_nothing(exported: Path, plan: Plan):
    before = _state(plan)
    result = invoke("split", "import", plan.key, exported, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "无变化" in result.stdout
    assert _state(plan) == before


def test_five_edits_in_excel_are_exactly_five_changes(exported: Path, plan: Plan):
    book, ws, header_row, columns = _sheet(exported)
    tasks = list(plan.tasks.order_by("order"))
    lead_a, lead_b, late, dropped = tasks[10], tasks[20], tasks[30], tasks[40]
    ws.cell(_row_of(ws, columns, lead_a.external_id), columns["牵头单位"]).value = "统计局"
    ws.cell(_row_of(ws, columns, lead_b.external_id), columns["牵头单位"]).value = "审计局"
    ws.cell(_row_of(ws, columns, late.external_id), columns["完成时限"]).value = "2024年6月底前"
    ws.delete_rows(_row_of(ws, columns, dropped.external_id))
    new_row = ws.max_row + 1
    ws.cell(new_row, columns["重点任务"]).value = "新增：完成老旧小区改造10个。"
    ws.cell(new_row, columns["牵头单位"]).value = "住房和城乡建设局"
    ws.cell(new_row, columns["完成时限"]).value = "2024-10-31"
    book.save(exported)

    preview = invoke("split", "import", plan.key, exported, "--user", "张科长")
    assert preview.exit_code == 0, preview.stderr
    assert "修改3项" in preview.stdout and "新增1项" in preview.stdout and "撤销1项" in preview.stdout
    assert not Task.objects.filter(plan=plan, withdrawn=True).exists()  # a preview writes nothing

    applied = invoke("split", "import", plan.key, exported, "--apply", "--user", "张科长")
    assert applied.exit_code == 0, applied.stderr

    def lead(task: Task) -> str:
        return task.assignments.get(role="lead", withdrawn=False).department.name

    assert lead(lead_a) == "统计局" and lead(lead_b) == "审计局"
    late.refresh_from_db()
    assert late.deadline == dt.date(2024, 6, 30) and late.deadline_label == "2024年6月底前"
    dropped.refresh_from_db()
    assert dropped.withdrawn
    added = plan.tasks.get(text="新增：完成老旧小区改造10个。")
    assert lead(added) == "住房和城乡建设局" and added.deadline == dt.date(2024, 10, 31)

    changed = Assignment.history.filter(task_id__in=[lead_a.pk, lead_b.pk], history_type="~")
    assert {h.history_user.username for h in changed} == {"张科长"}
    assert all(timezone.now() - h.history_date < dt.timedelta(minutes=5) for h in changed)
    assert late.history.first().history_user.username == "张科长"
    assert dropped.history.first().history_change_reason == "分工表导入"

    again = invoke("split", "import", plan.key, exported, "--apply")
    assert again.exit_code == 2 and "导入过" in again.stderr  # the added row would be added twice
    fresh = exported.with_name("fresh.xlsx")
    assert invoke("split", "export", plan.key, fresh).exit_code == 0
    assert "无变化" in invoke("split", "import", plan.key, fresh, "--apply").stdout


def test_reordered_columns_are_read_by_their_headers(exported: Path, plan: Plan, tmp_path: Path):
    book, ws, header_row, columns = _sheet(exported)
    ws.move_range(f"B{header_row}:B{ws.max_row}", cols=ws.max_column)  # 重点任务 to the far right
    ws.cell(
        _row_of(ws, columns, plan.tasks.order_by("order")[5].external_id), columns["牵头单位"]
    ).value = "统计局"
    book.save(exported)
    result = invoke("split", "import", plan.key, exported)
    assert result.exit_code == 0, result.stderr
    assert "修改1项" in result.stdout


def _truncated(exported: Path, tmp_path: Path) -> Path:
    path = tmp_path / "truncated.xlsx"
    data = exported.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _docx(exported: Path, tmp_path: Path) -> Path:
    path = tmp_path / "report.xlsx"
    document = docx.Document()
    document.add_paragraph("不是工作簿")
    document.save(path)
    return path


def _no_task_id(exported: Path, tmp_path: Path) -> Path:
    book, ws, header_row, columns = _sheet(exported)
    ws.delete_cols(columns["task_id"])
    for extra in list(book.worksheets):
        if extra.sheet_state != "visible":
            book.remove(extra)
    path = tmp_path / "no-id.xlsx"
    book.save(path)
    return path


def _not_a_zip(exported: Path, tmp_path: Path) -> Path:
    path = tmp_path / "random.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "x")
    path.write_bytes(b"\x00" * 10 + buffer.getvalue()[10:])
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_truncated, "损坏"),
        (_docx, "Word 文档"),
        (_no_task_id, "task_id"),
        (_not_a_zip, "损坏"),
    ],
    ids=["truncated .xlsx", ".docx renamed .xlsx", "no task_id column", "garbage"],
)
def test_broken_workbooks_are_refused_and_change_nothing(exported, plan, tmp_path, make, message):
    before = _state(plan)
    result = invoke("split", "import", plan.key, make(exported, tmp_path), "--apply")
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert _state(plan) == before


def test_another_plans_workbook_is_refused(exported: Path, plan: Plan, sample_path: Path):
    other = import_report(sample_path, government="东安区").plan
    before = _state(other)
    result = invoke("split", "import", other.key, exported, "--apply")
    assert result.exit_code == 2 and "爱民区/2024" in result.stderr
    assert _state(other) == before


def test_an_unknown_unit_is_refused_with_its_row(exported: Path, plan: Plan):
    book, ws, header_row, columns = _sheet(exported)
    row = _row_of(ws, columns, plan.tasks.order_by("order")[3].external_id)
    ws.cell(row, columns["牵头单位"]).value = "不存在的局"
    book.save(exported)
    before = _state(plan)
    result = invoke("split", "import", plan.key, exported, "--apply")
    assert result.exit_code == 2
    assert f"第{row}行牵头单位“不存在的局”不在单位清单中" in result.stderr
    assert _state(plan) == before
