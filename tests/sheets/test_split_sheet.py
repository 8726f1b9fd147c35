"""分工表: SplitRows → .xlsx → SplitRows, the printed layout, and files offices have edited."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from duban.sheets import (
    ProgressRow,
    SheetMeta,
    SplitRow,
    WorkbookError,
    read_split,
    write_progress,
    write_split,
)
from duban.sheets.split import split_units

TITLE = "爱民区2024年政府工作报告重点工作任务分工方案"
META = SheetMeta(kind="split", plan_key="爱民区/2024", plan_id=7, exported_at="2024-02-01T09:30:00")
ROWS = [
    SplitRow(
        row=3,
        seq="1",
        text="加快建设数字经济产业园，\n推动20家企业入驻",
        lead="区工业和信息化局（区科学技术局）",
        supports=("区发展和改革局", "区财政局", "各街道办事处"),
        deadline="2024年6月底前",
        target="20家",
        task_id="101",
    ),
    SplitRow(4, "2", "实施老旧小区改造", "区住房和城乡建设局", (), "年底", "", "102"),
    SplitRow(5, "（三）", "=SUM 不是公式：保持“文本”原样", "区财政局", ("区审计局",), "长期坚持", "", "103"),
    SplitRow(6, "4", "持续优化营商环境", "区营商环境建设监督局", (), "", "", ""),
]


def written(rows: list[SplitRow] = ROWS, meta: SheetMeta = META) -> bytes:
    buffer = io.BytesIO()
    write_split(buffer, meta, TITLE, rows)
    return buffer.getvalue()


def office_book(header: list[str], rows: list[list[object]]) -> bytes:
    """A workbook laid out by hand: title, a note row, then the header and rows."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append([TITLE])
    ws.append(["填报说明：请勿修改隐藏列"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- round trip -------------------------------------------------------------------------------


def test_round_trip_gives_back_the_rows_and_meta() -> None:
    meta, rows = read_split(io.BytesIO(written()))
    assert meta == META
    assert rows == ROWS


def test_round_trip_through_a_path(tmp_path: Path) -> None:
    path = tmp_path / "分工表.xlsx"
    write_split(path, META, TITLE, ROWS)
    assert read_split(path) == (META, ROWS)
    assert [p.name for p in tmp_path.iterdir()] == ["分工表.xlsx"]  # no temp file left behind


def test_an_empty_plan_round_trips() -> None:
    assert read_split(io.BytesIO(written([]))) == (META, [])


def test_text_starting_with_equals_stays_text() -> None:
    row = replace(ROWS[0], text='=HYPERLINK("http://x")', row=3)
    _meta, rows = read_split(io.BytesIO(written([row])))
    assert rows[0].text == '=HYPERLINK("http://x")'


def test_control_characters_from_pdf_text_are_dropped() -> None:
    row = replace(ROWS[0], text="推进\x0b产业\x07园区建设")
    _meta, rows = read_split(io.BytesIO(written([row])))
    assert rows[0].text == "推进产业园区建设"


# --- layout -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sheet() -> openpyxl.worksheet.worksheet.Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(written()))
    assert book.sheetnames == ["分工表", "duban"]
    return book["分工表"]


def test_title_is_merged_and_bold(sheet) -> None:
    assert sheet["A1"].value == TITLE
    assert sheet["A1"].font.b
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:G1"]


def test_header_row_in_office_order(sheet) -> None:
    assert [cell.value for cell in sheet[2]] == [
        "序号",
        "重点任务",
        "责任领导",
        "牵头单位",
        "配合单位",
        "完成时限",
        "目标值",
        "task_id",
    ]
    assert all(cell.font.b for cell in sheet[2])


def test_task_id_column_is_hidden_and_task_column_wide(sheet) -> None:
    assert sheet.column_dimensions["H"].hidden
    assert not any(sheet.column_dimensions[letter].hidden for letter in "ABCDEFG")
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFG"}
    assert max(widths, key=widths.get) == "B"


def test_panes_frozen_below_the_header(sheet) -> None:
    assert sheet.freeze_panes == "A3"


def test_print_setup_is_a4_landscape_one_page_wide_with_header_repeated(sheet) -> None:
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1
    assert int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == "$2:$2"


def test_cells_wrap_and_have_thin_borders(sheet) -> None:
    cell = sheet["B3"]
    assert cell.alignment.wrap_text
    assert cell.border.left.style == cell.border.bottom.style == "thin"


def test_supports_are_joined_with_the_enumeration_comma(sheet) -> None:
    assert sheet["E3"].value == "区发展和改革局、区财政局、各街道办事处"
    assert sheet["A3"].value == 1  # a number, so Excel shows no "number stored as text" flag
    assert sheet["A5"].value == "（三）"


def test_meta_sheet_is_very_hidden() -> None:
    book = openpyxl.load_workbook(io.BytesIO(written()))
    assert book["duban"].sheet_state == "veryHidden"
    assert book.active.title == "分工表"


# --- what offices do to the file --------------------------------------------------------------


def test_reordered_columns_are_read_by_header() -> None:
    header = ["task_id", "牵头单位", "完成时限", "重点任务", "序号", "目标值", "配合单位"]
    data = office_book(header, [["101", "区发改局", "三季度", "加快建设", 1, "20家", "区财政局；区人社局"]])
    meta, rows = read_split(io.BytesIO(data))
    assert meta is None
    assert rows == [
        SplitRow(4, "1", "加快建设", "区发改局", ("区财政局", "区人社局"), "三季度", "20家", "101")
    ]


def test_extra_columns_are_ignored() -> None:
    header = ["序号", "责任领导", "重点任务", "牵头单位", "配合单位", "完成时限", "目标值", "备注", "task_id"]
    data = office_book(header, [[1, "张副区长", "加快建设", "区发改局", None, None, None, "已调整", "101"]])
    _meta, rows = read_split(io.BytesIO(data))
    # 责任领导 is read (issue #11); 备注 is not a column duban knows.
    assert rows == [SplitRow(4, "1", "加快建设", "区发改局", (), "", "", "101", leader="张副区长")]


def test_optional_columns_may_be_deleted() -> None:
    data = office_book(["重点任务", "牵头单位", "task_id"], [["加快建设", "区发改局", "101"]])
    _meta, rows = read_split(io.BytesIO(data))
    assert rows == [SplitRow(4, "", "加快建设", "区发改局", (), "", "", "101")]


def test_headers_with_spaces_and_line_breaks_are_recognised() -> None:
    header = ["序　号", "重点\n任务", " 牵头单位 ", "配合单位", "完成时限（日期）", "目标值", "TASK_ID"]
    data = office_book(header, [[1, "加快建设", "区发改局", "", "", "", 101]])
    _meta, rows = read_split(io.BytesIO(data))
    assert [(row.text, row.task_id) for row in rows] == [("加快建设", "101")]


def test_a_date_cell_becomes_iso_text() -> None:
    header = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限", "目标值", "task_id"]
    data = office_book(header, [[1, "加快建设", "区发改局", None, datetime(2024, 6, 30), None, "101"]])
    _meta, rows = read_split(io.BytesIO(data))
    assert rows[0].deadline == "2024-06-30"


def test_blank_rows_are_skipped_and_row_numbers_kept() -> None:
    header = ["序号", "重点任务", "牵头单位", "task_id"]
    data = office_book(
        header, [[1, "甲", "区发改局", "1"], [None, None, None, None], [], [3, "丙", "区财政局", ""]]
    )
    _meta, rows = read_split(io.BytesIO(data))
    assert [(row.row, row.text, row.task_id) for row in rows] == [(4, "甲", "1"), (7, "丙", "")]


def test_a_row_added_by_the_office_has_no_task_id() -> None:
    book = openpyxl.load_workbook(io.BytesIO(written()))
    ws = book["分工表"]
    ws.append(
        [5, "新增：建设口袋公园10个", "", "区城市管理综合执法局", "区住建局,区财政局", "9月底", "10个", None]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    _meta, rows = read_split(io.BytesIO(buffer.getvalue()))
    assert rows[-1] == SplitRow(
        7,
        "5",
        "新增：建设口袋公园10个",
        "区城市管理综合执法局",
        ("区住建局", "区财政局"),
        "9月底",
        "10个",
        "",
    )


def test_data_on_a_later_sheet_is_found() -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表由督查室下发"])
    ws = book.create_sheet("分工表")
    ws.append(["重点任务", "牵头单位", "task_id"])
    ws.append(["加快建设", "区发改局", "101"])
    buffer = io.BytesIO()
    book.save(buffer)
    _meta, rows = read_split(io.BytesIO(buffer.getvalue()))
    assert [row.task_id for row in rows] == ["101"]


# --- the wrong kind of workbook ---------------------------------------------------------------


def progress_export(*, keep_meta: bool) -> bytes:
    meta = SheetMeta("progress", "爱民区/2024", 7, period="2024-05", department="区发改局")
    row = ProgressRow(4, "1", "任务", "区发改局", "企业", "20家", "", None, "", "", "", "101", "201")
    buffer = io.BytesIO()
    write_progress(buffer, meta, "进展报送表", [row])
    if keep_meta:
        return buffer.getvalue()
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    del book["duban"]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("keep_meta", [True, False], ids=["with meta", "meta sheet removed"])
def test_a_progress_sheet_is_not_read_as_a_split(keep_meta: bool) -> None:
    with pytest.raises(WorkbookError, match="这是进展报送表，不是分工表"):
        read_split(io.BytesIO(progress_export(keep_meta=keep_meta)))


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("区财政局、区人社局", ("区财政局", "区人社局")),
        ("区财政局，区人社局;区审计局", ("区财政局", "区人社局", "区审计局")),
        ("区财政局\n区人社局\n", ("区财政局", "区人社局")),
        ("区财政局 / 区人社局", ("区财政局", "区人社局")),
        ("区财政局、、 、", ("区财政局",)),
        ("", ()),
    ],
    ids=repr,
)
def test_supporting_units_are_split_on_any_separator(text: str, units: tuple[str, ...]) -> None:
    assert split_units(text) == units
