"""进展报送表: ProgressRows → .xlsx → ProgressRows, the shaded cells, and figures as units type them."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest

from duban.sheets import (
    ProgressRow,
    SheetMeta,
    SplitRow,
    WorkbookError,
    parse_actual,
    read_progress,
    write_progress,
    write_split,
)

TITLE = "爱民区2024年政府工作报告重点任务进展报送表（2024年5月）"
META = SheetMeta(
    kind="progress",
    plan_key="爱民区/2024",
    plan_id=7,
    period="2024-05",
    department="区发展和改革局",
    exported_at="2024-05-20T08:00:00",
)


def blank(row: int, seq: str, target_id: str, metric: str = "", target: str = "") -> ProgressRow:
    """A row as exported: the unit has not filled anything yet."""
    return ProgressRow(
        row=row,
        seq=seq,
        text="加快建设数字经济产业园",
        lead="区发展和改革局",
        metric=metric,
        target=target,
        actual_text="",
        actual=None,
        progress="",
        problems="",
        next_steps="",
        task_id="101",
        target_id=target_id,
    )


ROWS = [
    blank(4, "1", "201", "入驻企业", "20家"),
    blank(5, "1", "202", "固定资产投资", "12亿元"),
    ProgressRow(
        row=6,
        seq="2",
        text="实施老旧小区改造，\n惠及居民3000户",
        lead="区住房和城乡建设局",
        metric="改造小区",
        target="15个",
        actual_text="8个",
        actual=8.0,
        progress="已完成8个小区改造；\n其余7个正在施工",
        problems="",
        next_steps="加快施工进度",
        task_id="102",
        target_id="203",
    ),
    replace(
        blank(7, "3", ""),
        text="持续优化营商环境",
        lead="区营商环境建设监督局",
        progress="出台方案",
        task_id="103",
    ),
]


def written(rows: list[ProgressRow] = ROWS) -> bytes:
    buffer = io.BytesIO()
    write_progress(buffer, META, TITLE, rows)
    return buffer.getvalue()


def filled_by_unit(values: dict[str, object]) -> bytes:
    """The export of one blank row with the unit's entries typed into it (header → value)."""
    book = openpyxl.load_workbook(io.BytesIO(written([blank(4, "1", "201")])))
    ws = book["进展报送表"]
    header = {cell.value: cell.column for cell in ws[3]}
    for name, value in values.items():
        ws.cell(row=4, column=header[name], value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- round trip -------------------------------------------------------------------------------


def test_round_trip_gives_back_the_rows_and_meta() -> None:
    assert read_progress(io.BytesIO(written())) == (META, ROWS)


def test_a_figure_given_only_as_a_number_is_written_as_a_number() -> None:
    row = replace(ROWS[0], actual_text="", actual=12.5)
    _meta, rows = read_progress(io.BytesIO(written([row])))
    assert (rows[0].actual_text, rows[0].actual) == ("12.5", 12.5)


def test_filled_tells_a_reported_row_from_a_blank_one() -> None:
    _meta, rows = read_progress(io.BytesIO(written()))
    assert [row.filled for row in rows] == [False, False, True, True]


# --- layout -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sheet() -> openpyxl.worksheet.worksheet.Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(written()))
    assert book.sheetnames == ["进展报送表", "duban"]
    assert book["duban"].sheet_state == "veryHidden"
    return book["进展报送表"]


def test_title_subtitle_and_header(sheet) -> None:
    assert sheet["A1"].value == TITLE and sheet["A1"].font.b
    assert "报送单位：区发展和改革局" in sheet["A2"].value
    assert "报送期：2024-05" in sheet["A2"].value
    assert [cell.value for cell in sheet[3]] == [
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
        "task_id",
        "target_id",
    ]
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:J1", "A2:J2"}


def test_id_columns_are_hidden(sheet) -> None:
    hidden = [letter for letter in "ABCDEFGHIJKL" if sheet.column_dimensions[letter].hidden]
    assert hidden == ["K", "L"]


def test_cells_the_unit_fills_are_shaded_and_kept_as_text(sheet) -> None:
    shaded = {cell.column_letter for cell in sheet[4] if cell.fill.fgColor.rgb == "00FFF2CC"}
    assert shaded == {"G", "H", "I", "J"}
    assert sheet["G4"].number_format == "@"


def test_frozen_below_the_header_and_printed_a4_landscape(sheet) -> None:
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1


# --- what units type --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "text", "number"),
    [
        (120, "120", 120.0),
        (12.5, "12.5", 12.5),
        ("120", "120", 120.0),
        ("5.2%", "5.2%", 5.2),
        ("1.2万", "1.2万", 12000.0),
        ("8.6亿元", "8.6亿元", 860000000.0),
        ("已完成", "已完成", None),
        ("", "", None),
    ],
    ids=repr,
)
def test_the_figure_is_kept_as_typed_and_read_as_a_number(
    typed: object, text: str, number: float | None
) -> None:
    _meta, rows = read_progress(io.BytesIO(filled_by_unit({"完成值": typed})))
    assert (rows[0].actual_text, rows[0].actual) == (text, number)


def test_a_percent_typed_into_a_percent_formatted_cell() -> None:
    # Excel stores what the unit saw as 5.2% as 0.052 in a cell formatted 0.0%.
    book = openpyxl.load_workbook(io.BytesIO(written([blank(4, "1", "201")])))
    cell = book["进展报送表"]["G4"]  # 完成值
    cell.value, cell.number_format = 0.052, "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    _meta, rows = read_progress(io.BytesIO(buffer.getvalue()))
    assert (rows[0].actual_text, rows[0].actual) == ("5.2%", pytest.approx(5.2))


def test_narrative_cells_keep_their_line_breaks() -> None:
    typed = {"进展情况": "一是完成选址；\r\n二是启动招标", "存在问题": "资金缺口", "下步措施": "争取专项债"}
    _meta, rows = read_progress(io.BytesIO(filled_by_unit(typed)))
    assert (rows[0].progress, rows[0].problems, rows[0].next_steps) == (
        "一是完成选址；\n二是启动招标",
        "资金缺口",
        "争取专项债",
    )
    assert rows[0].filled


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("120", 120.0),
        ("１２０", 120.0),
        ("5.2%", 5.2),
        ("5.2％", 5.2),
        ("-2.7%", -2.7),
        ("1.2万", 12000.0),
        ("1,234.5万元", 12345000.0),
        ("120亿元", 12000000000.0),
        ("约120个", 120.0),
        ("1-5月完成120亿元", 12000000000.0),
        ("截至5月底完成8个", 8.0),
        ("2024年完成35%", 35.0),
        ("三千", 3000.0),
        ("十二", 12.0),
        ("1e-05", 0.00001),
        ("", None),
        ("已完成", None),
        ("完成一半", None),
        ("完成80%，其中二期40%", None),
        ("待统计", None),
    ],
    ids=repr,
)
def test_parse_actual(text: str, number: float | None) -> None:
    assert parse_actual(text) == number


# --- files offices send back ------------------------------------------------------------------


def test_reordered_and_extra_columns() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["进展报送表"])
    ws.append(["备注", "target_id", "进展情况", "task_id", "完成值", "重点任务", "联系人"])
    ws.append(["见附件", "201", "已入驻12家", "101", "12家", "加快建设", "王某"])
    buffer = io.BytesIO()
    book.save(buffer)
    meta, rows = read_progress(io.BytesIO(buffer.getvalue()))
    assert meta is None
    assert rows == [
        ProgressRow(3, "", "加快建设", "", "", "", "12家", 12.0, "已入驻12家", "", "", "101", "201"),
    ]


def test_a_split_sheet_is_not_read_as_progress() -> None:
    buffer = io.BytesIO()
    meta = SheetMeta("split", "爱民区/2024", 7)
    write_split(buffer, meta, "分工方案", [SplitRow(3, "1", "任务", "区发改局", (), "", "", "101")])
    with pytest.raises(WorkbookError, match="这是分工表，不是进展报送表"):
        read_progress(io.BytesIO(buffer.getvalue()))


def test_a_split_sheet_without_meta_is_recognised_by_its_columns() -> None:
    book = openpyxl.Workbook()
    book.active.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时限", "目标值", "task_id"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(WorkbookError, match="这是分工表，不是进展报送表"):
        read_progress(io.BytesIO(buffer.getvalue()))


def test_ten_thousand_rows_read_back() -> None:
    rows = [
        replace(ROWS[2], row=4 + index, seq=str(index + 1), target_id=str(index)) for index in range(10_000)
    ]
    meta, back = read_progress(io.BytesIO(written(rows)))
    assert meta == META
    assert len(back) == 10_000
    assert back[-1] == rows[-1]
