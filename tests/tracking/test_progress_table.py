"""Issue #4 item 3: progress through Excel, on the command line.

Export a unit's 进展报送表, fill five rows, import: the preview writes nothing, ``--apply`` files
five submitted reports with their figures, the same file again is refused. Another unit's,
period's or plan's file, an unreadable 完成值 or a change to an accepted report → status 2, one
line, nothing changed. A returned report comes back pre-filled in a new export.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from duban.accounts.models import Profile, UserRole
from duban.accounts.services import ensure_role, operator
from duban.cli import app
from duban.plans.importing import import_report
from duban.plans.models import Department, Plan, Target, Task
from duban.sheets import ProgressRow, read_progress
from duban.tracking.figure_text import target_scale
from duban.tracking.models import (
    Cadence,
    Figure,
    ProgressImport,
    ProgressReport,
    ReportSource,
    ReportState,
    TrackingSettings,
)
from duban.tracking.periods import find_period
from duban.tracking.progress_common import ProgressRefused, period_named, read_figure
from duban.tracking.progress_import import import_progress
from duban.tracking.reports import ReportEntry, file_report, review

pytestmark = pytest.mark.django_db

HEADERS = [
    "序号",
    "重点任务",
    "责任领导",
    "牵头单位",
    "指标",
    "目标值",
    "完成值",
    "进展情况",
    "存在问题",
    "下步措施",
]
PERIOD = "2024-05"


def invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def plan(sample_path: Path) -> Plan:
    return import_report(sample_path, government="爱民区").plan


@pytest.fixture
def grain(plan: Plan) -> Task:
    return plan.tasks.get(text__contains="9000万斤")


@pytest.fixture
def unit(grain: Task) -> Department:
    return _lead(grain)


def _lead(task: Task) -> Department:
    return task.assignments.get(role="lead", withdrawn=False).department


def _export(plan: Plan, out: Path, *extra: object) -> Path:
    result = invoke("progress", "export", plan.key, out, "--period", PERIOD, *extra)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture
def exported(plan: Plan, unit: Department, tmp_path: Path) -> Path:
    return _export(plan, tmp_path / "进展报送表.xlsx", "--department", unit.name)


def _sheet(path: Path):
    book = openpyxl.load_workbook(path)
    ws = next(ws for ws in book.worksheets if ws.sheet_state == "visible")
    header_row = next(r for r in range(1, 11) if ws.cell(r, 2).value == "重点任务")
    columns = {ws.cell(header_row, c).value: c for c in range(1, ws.max_column + 1)}
    return book, ws, header_row, columns


def _rows(path: Path) -> list[ProgressRow]:
    return read_progress(path)[1]


def _fill(path: Path, cells: dict[int, dict[str, str]], out: Path | None = None) -> Path:
    """Type ``cells`` (Excel row → header → text) into the exported sheet, as a unit would."""
    book, ws, _header_row, columns = _sheet(path)
    for row, values in cells.items():
        for header, text in values.items():
            ws.cell(row, columns[header]).value = text
    out = out or path
    book.save(out)
    return out


def _first_rows(path: Path, count: int) -> list[ProgressRow]:
    """The first row of ``count`` different tasks."""
    firsts: dict[str, ProgressRow] = {}
    for row in _rows(path):
        firsts.setdefault(row.task_id, row)
    assert len(firsts) >= count
    return list(firsts.values())[:count]


def _filled_five(path: Path) -> dict[str, float | None]:
    """Fill five tasks' first rows; returns the figure expected per target_id (or task id)."""
    cells: dict[int, dict[str, str]] = {}
    expected: dict[str, float | None] = {}
    for n, row in enumerate(_first_rows(path, 5), start=1):
        if row.target_id:
            cells[row.row] = {"完成值": f"{n}万", "进展情况": f"第{n}项已开工"}
            expected[row.target_id] = n * 10_000
        else:
            cells[row.row] = {"完成值": f"{10 * n}%", "进展情况": f"第{n}项推进中"}
            expected[row.task_id] = 10 * n
    _fill(path, cells)
    return expected


def _state(plan: Plan) -> tuple:
    reports = ProgressReport.objects.filter(task__plan=plan)
    return (
        sorted(reports.values_list("task_id", "department_id", "state", "version")),
        sorted(Figure.objects.filter(report__task__plan=plan).values_list("target_id", "value")),
        ProgressImport.objects.count(),
    )


def _refused(result, *words: str) -> None:
    assert result.exit_code == 2, result.stdout
    assert result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr


# --- export -------------------------------------------------------------------------------------


def test_the_office_export_has_one_row_per_target_and_hidden_ids(plan: Plan, grain: Task, tmp_path: Path):
    path = _export(plan, tmp_path / "all.xlsx")
    _book, ws, header_row, columns = _sheet(path)
    assert [ws.cell(header_row, c).value for c in range(1, 11)] == HEADERS
    assert ws.cell(header_row, 11).value == "task_id" and ws.cell(header_row, 12).value == "target_id"
    assert ws.column_dimensions["K"].hidden and ws.column_dimensions["L"].hidden
    live = plan.tasks.filter(withdrawn=False)
    per_task = [max(1, t.targets.filter(withdrawn=False).count()) for t in live]
    rows = _rows(path)
    assert len(rows) == sum(per_task) and {r.task_id for r in rows} == {t.external_id for t in live}
    grain_rows = [r for r in rows if r.task_id == grain.external_id]
    assert [r.target_id for r in grain_rows] == list(
        grain.targets.order_by("pk").values_list("external_id", flat=True)
    )
    assert grain_rows[0].target == "12万亩" and grain_rows[0].lead == _lead(grain).name
    plain = next(t for t in live if not t.targets.exists())
    assert [(r.target_id, r.metric) for r in rows if r.task_id == plain.external_id] == [("", "")]
    meta = read_progress(path)[0]
    assert meta is not None and meta.period == PERIOD and meta.department is None and meta.plan_id == plan.pk


def test_a_unit_export_holds_only_the_tasks_it_leads(exported: Path, plan: Plan, unit: Department):
    meta, rows = read_progress(exported)
    assert meta is not None and meta.department == unit.name
    led = plan.tasks.filter(
        withdrawn=False, assignments__department=unit, assignments__role="lead", assignments__withdrawn=False
    )
    assert {r.task_id for r in rows} == set(led.values_list("external_id", flat=True))
    assert {r.lead for r in rows} == {unit.name} and not any(r.filled for r in rows)


def test_an_unknown_period_or_unit_is_refused_with_the_choices(plan: Plan, tmp_path: Path):
    result = invoke("progress", "export", plan.key, tmp_path / "x.xlsx", "--period", "2024-13")
    _refused(result, "2024-01", "2024-12")
    result = invoke(
        "progress", "export", plan.key, tmp_path / "x.xlsx", "--period", PERIOD, "--department", "无此局"
    )
    _refused(result, "无此局")
    result = invoke(
        "progress", "export", plan.key, tmp_path / "x.xlsx", "--period", PERIOD, "--department", "审计局"
    )
    _refused(result, "审计局", "没有牵头的任务")
    assert not (tmp_path / "x.xlsx").exists()


def test_a_quarterly_plan_takes_its_quarters_or_a_month_in_them(plan: Plan):
    TrackingSettings.objects.create(plan=plan, cadence=Cadence.QUARTERLY)
    assert period_named(plan, "2024-Q2").label == "2024-Q2"
    assert period_named(plan, "2024-q2").label == "2024-Q2"
    assert period_named(plan, "2024-05").label == "2024-Q2"
    with pytest.raises(ProgressRefused, match="2024-Q1、2024-Q2、2024-Q3、2024-Q4"):
        period_named(plan, "2025-Q1")


# --- the acceptance round trip ------------------------------------------------------------------


def test_five_filled_rows_become_five_submitted_reports_once(exported: Path, plan: Plan, unit: Department):
    expected = _filled_five(exported)
    before = _state(plan)

    preview = invoke("progress", "import", plan.key, exported, "--user", "张科长")
    assert preview.exit_code == 0, preview.stderr
    assert "将报送 5 项" in preview.stdout and "预览" in preview.stdout
    assert _state(plan) == before  # a preview writes nothing

    applied = invoke("progress", "import", plan.key, exported, "--apply", "--user", "张科长")
    assert applied.exit_code == 0, applied.stderr
    assert "已报送 5 项" in applied.stdout
    reports = ProgressReport.objects.filter(task__plan=plan, period__label=PERIOD)
    assert reports.count() == 5
    assert set(reports.values_list("state", "source", "department_id")) == {
        (ReportState.SUBMITTED, ReportSource.EXCEL, unit.pk)
    }
    assert {r.submitted_by.username for r in reports} == {"张科长"}
    figures = {f.target.external_id: f.value for f in Figure.objects.filter(report__in=reports)}
    percents = {r.task.external_id: r.percent for r in reports if r.percent is not None}
    assert {**figures, **percents} == expected
    assert all(r.progress.startswith("第") for r in reports)
    record = ProgressImport.objects.get()
    assert (record.period.label, record.department, record.rows) == (PERIOD, unit, 5)
    assert record.filename == exported.name and record.imported_by.username == "张科长"

    after = _state(plan)
    again = invoke("progress", "import", plan.key, exported, "--apply")
    _refused(again, "导入过")
    assert _state(plan) == after


def test_the_office_files_a_sheet_as_accepted(exported: Path, plan: Plan):
    _filled_five(exported)
    result = invoke("progress", "import", plan.key, exported, "--apply", "--accept")
    assert result.exit_code == 0, result.stderr
    assert "已审核通过 5 项" in result.stdout
    reports = ProgressReport.objects.filter(task__plan=plan)
    assert reports.count() == 5 and set(reports.values_list("state", flat=True)) == {ReportState.ACCEPTED}


def test_the_office_sheet_files_each_task_for_its_own_lead(plan: Plan, tmp_path: Path):
    path = _export(plan, tmp_path / "all.xlsx")
    rows = _first_rows(path, 40)
    picked = [rows[0], rows[20], rows[39]]
    _fill(path, {r.row: {"进展情况": "按计划推进"} for r in picked})
    result = invoke("progress", "import", plan.key, path, "--apply")
    assert result.exit_code == 0, result.stderr
    filed = {(r.task.external_id, r.department.name) for r in ProgressReport.objects.all()}
    assert filed == {(r.task_id, r.lead) for r in picked}
    assert ProgressImport.objects.get().department is None


# --- refusals -----------------------------------------------------------------------------------


def test_another_units_file_is_refused(exported: Path, plan: Plan, unit: Department):
    _filled_five(exported)
    other = Department.objects.filter(government=plan.government).exclude(pk=unit.pk).first()
    before = _state(plan)
    _refused(
        invoke("progress", "import", plan.key, exported, "--apply", "--department", other.name), other.name
    )
    assert _state(plan) == before


def test_a_row_of_a_task_another_unit_leads_is_refused(exported: Path, plan: Plan, unit: Department):
    _filled_five(exported)
    foreign = plan.tasks.exclude(assignments__department=unit).first()
    row = _first_rows(exported, 1)[0]
    _fill(exported, {row.row: {"task_id": foreign.external_id, "target_id": ""}})
    before = _state(plan)
    _refused(
        invoke("progress", "import", plan.key, exported, "--apply"), f"第{row.row}行", foreign.external_id
    )
    assert _state(plan) == before


def test_another_periods_file_is_refused(exported: Path, plan: Plan):
    _filled_five(exported)
    _refused(invoke("progress", "import", plan.key, exported, "--apply", "--period", "2024-06"), "2024年5月")
    assert not ProgressReport.objects.exists()


def test_another_plans_file_is_refused(exported: Path, plan: Plan, sample_path: Path):
    _filled_five(exported)
    other = import_report(sample_path, government="友谊区").plan
    _refused(invoke("progress", "import", other.key, exported, "--apply"), plan.key)
    assert not ProgressReport.objects.exists()


def test_an_unreadable_figure_is_refused_naming_its_row(exported: Path, plan: Plan, grain: Task):
    _filled_five(exported)
    row = next(r for r in _rows(exported) if r.task_id == grain.external_id)
    _fill(exported, {row.row: {"完成值": "完成大半"}})
    _refused(invoke("progress", "import", plan.key, exported, "--apply"), f"第{row.row}行", "完成大半")
    assert not ProgressReport.objects.exists()


def test_a_percentage_for_a_count_is_refused(exported: Path, plan: Plan, grain: Task):
    row = next(r for r in _rows(exported) if r.task_id == grain.external_id)
    _fill(exported, {row.row: {"完成值": "60%"}})
    _refused(invoke("progress", "import", plan.key, exported), f"第{row.row}行", "百分比", "12万亩")


def test_a_target_of_another_task_is_refused(exported: Path, plan: Plan, grain: Task):
    _filled_five(exported)
    row = next(r for r in _rows(exported) if r.task_id == grain.external_id)
    stranger = Target.objects.filter(task__plan=plan).exclude(task=grain).first()
    _fill(exported, {row.row: {"target_id": stranger.external_id}})
    _refused(invoke("progress", "import", plan.key, exported, "--apply"), stranger.external_id)
    assert not ProgressReport.objects.exists()


def test_a_sheet_with_nothing_filled_or_no_meta_is_refused(exported: Path, plan: Plan, tmp_path: Path):
    _refused(invoke("progress", "import", plan.key, exported), "没有填写")
    _filled_five(exported)
    book, *_ = _sheet(exported)
    book.remove(book["duban"])
    bare = tmp_path / "bare.xlsx"
    book.save(bare)
    _refused(invoke("progress", "import", plan.key, bare), "不是督办系统")


def test_a_change_to_an_accepted_report_is_refused_but_a_repeat_is_not(
    exported: Path, plan: Plan, grain: Task, unit: Department, tmp_path: Path
):
    office = operator("office")
    ensure_role(office, UserRole.OFFICE)
    period = find_period(plan, PERIOD)
    area = grain.targets.order_by("pk").first()
    entry = ReportEntry(progress="春播完成", figures={area.pk: 100_000}, figure_texts={area.pk: "10万亩"})
    file_report(grain, period, unit, entry, user=office, accept=True)
    fresh = _export(plan, tmp_path / "fresh.xlsx", "--department", unit.name)
    row = next(r for r in _rows(fresh) if r.task_id == grain.external_id)
    assert (row.actual_text, row.progress) == ("10万亩", "春播完成")

    other = next(r for r in _first_rows(fresh, 2) if r.task_id != grain.external_id)
    _fill(fresh, {other.row: {"进展情况": "已启动"}})
    result = invoke("progress", "import", plan.key, fresh, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "已报送 1 项" in result.stdout and "未变化 1 项" in result.stdout

    again = _export(plan, tmp_path / "again.xlsx", "--department", unit.name)
    _fill(again, {row.row: {"完成值": "11万亩"}})
    before = _state(plan)
    _refused(invoke("progress", "import", plan.key, again, "--apply"), grain.external_id, "锁定")
    assert _state(plan) == before


def test_a_returned_report_comes_back_pre_filled_and_is_resubmitted(
    plan: Plan, grain: Task, unit: Department, tmp_path: Path
):
    office = operator("office")
    ensure_role(office, UserRole.OFFICE)
    period = find_period(plan, PERIOD)
    area, output = grain.targets.order_by("pk")
    entry = ReportEntry(
        progress="春播完成",
        problems="降雨偏少",
        next_steps="抓好夏管",
        figures={area.pk: 100_000, output.pk: 40_000_000},
        figure_texts={area.pk: "10万亩"},
    )
    report = file_report(grain, period, unit, entry, user=office)
    review(report, accept=False, comment="请补充产量口径", version=report.version, user=office)

    path = _export(plan, tmp_path / "returned.xlsx", "--department", unit.name)
    first, second = (r for r in _rows(path) if r.task_id == grain.external_id)
    assert (first.actual_text, first.progress, first.problems, first.next_steps) == (
        "10万亩",
        "春播完成",
        "降雨偏少",
        "抓好夏管",
    )
    assert (
        second.actual_text == "4000万斤" and read_figure(second, output) == 40_000_000
    )  # written in 万斤, as the target is (issue #11 item 2: one formatter)
    _fill(path, {second.row: {"完成值": "4200万斤"}})
    result = invoke("progress", "import", plan.key, path, "--apply")
    assert result.exit_code == 0, result.stderr
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.progress == "春播完成"
    assert report.figures.get(target=output).value == 42_000_000


# --- who may import, and figures as units write them ---------------------------------------------


def test_a_fresh_command_line_user_acts_as_the_office_but_a_liaison_keeps_its_role(
    exported: Path, plan: Plan, unit: Department
):
    _filled_five(exported)
    stranger = Department.objects.filter(government=plan.government).exclude(pk=unit.pk).first()
    ensure_role(operator("小王"), UserRole.LIAISON, stranger)
    _refused(invoke("progress", "import", plan.key, exported, "--user", "小王"), "本单位")
    assert Profile.objects.get(user__username="小王").role == UserRole.LIAISON

    assert invoke("progress", "import", plan.key, exported, "--user", "新同事").exit_code == 0
    assert Profile.objects.get(user__username="新同事").role == UserRole.OFFICE


def test_a_liaison_imports_its_own_units_sheet_but_may_not_accept(
    exported: Path, plan: Plan, unit: Department
):
    _filled_five(exported)
    liaison = operator("联络员")
    ensure_role(liaison, UserRole.LIAISON, unit)
    data = exported.read_bytes()
    with pytest.raises(ProgressRefused, match="督查室"):
        import_progress(plan, io.BytesIO(data), user=liaison, apply=True, accept=True)
    outcome = import_progress(plan, io.BytesIO(data), user=liaison, apply=True, filename="x.xlsx")
    assert outcome.applied and len(outcome.filings) == 5
    assert set(ProgressReport.objects.values_list("submitted_by", flat=True)) == {liaison.pk}


@pytest.mark.parametrize(
    ("typed", "target_text", "value", "expected"),
    [
        ("85", "130亿元以上", 13e9, 8.5e9),  # a bare number is read as the target is written
        ("85亿元", "130亿元以上", 13e9, 8.5e9),
        ("8500000000元", "130亿元以上", 13e9, 8.5e9),
        ("10", "12万亩", 120_000, 100_000),
        ("5.2%", "6%", 6.0, 5.2),
        ("5.2", "6%", 6.0, 5.2),
        ("2", "三个", 3.0, 2.0),
        ("4", "双位数", 10.0, 4.0),
    ],
)
def test_figures_are_read_in_the_targets_scale(typed: str, target_text: str, value: float, expected: float):
    from duban.sheets.progress import parse_actual

    target = Target(metric="m", text=target_text, value=value)
    row = ProgressRow(1, "", "", "", "", "", typed, parse_actual(typed), "", "", "", "T", "T-1")
    assert read_figure(row, target) == pytest.approx(expected)
    assert target_scale(target) in {1.0, 1e4, 1e8}
