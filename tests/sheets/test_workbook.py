"""The shared workbook layer: files an office might upload in, a table or one Chinese refusal out."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest

from duban.sheets import SheetMeta, SplitRow, WorkbookError, read_progress, read_split, write_split
from duban.sheets.cells import cell_text, normalize_header
from duban.sheets.opening import ENCRYPTED_STREAM, OLE2_MAGIC, open_workbook

META = SheetMeta(kind="split", plan_key="爱民区/2024", plan_id=7, exported_at="2024-02-01T09:30:00")
ROWS = [
    SplitRow(0, "1", "加快建设产业园区", "区发改局", ("区财政局",), "6月底前", "3个", "101"),
    SplitRow(0, "2", "推进老旧小区改造", "区住建局", (), "年底", "", "102"),
]


def export() -> bytes:
    """A real 分工表 export, as bytes."""
    buffer = io.BytesIO()
    write_split(buffer, META, "爱民区2024年政府工作报告重点工作任务分工方案", ROWS)
    return buffer.getvalue()


def office_book(rows: list[list[object]], *, title: str | None = "分工方案") -> bytes:
    """A workbook an office made by hand: an optional title row, then ``rows`` as given."""
    book = openpyxl.Workbook()
    ws = book.active
    if title:
        ws.append([title])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("爱民区2024年政府工作报告重点工作任务分工方案")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def ole2(*streams: str, encrypted: bool = False) -> bytes:
    """The start of a compound file: the magic, then directory names in UTF-16LE."""
    body = b"".join(name.encode("utf-16-le") + b"\x00" * 16 for name in streams)
    if encrypted:
        body += ENCRYPTED_STREAM
    return OLE2_MAGIC + b"\x00" * 504 + body + b"\x00" * 1024


def damaged_sheet() -> bytes:
    """A whole zip whose sheet XML is cut off mid-tag: openpyxl fails while reading rows."""
    source = zipfile.ZipFile(io.BytesIO(export()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return buffer.getvalue()


def not_a_workbook_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def only_meta() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "duban"
    for pair in (("kind", "split"), ("plan_key", "爱民区/2024"), ("plan_id", 7)):
        book.active.append(list(pair))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def random_bytes() -> bytes:
    data = random.Random(20240101).randbytes(4096)
    assert not data.startswith((b"PK", OLE2_MAGIC))
    return data


REFUSALS = [
    pytest.param(lambda: b"", "文件是空的", id="empty file"),
    pytest.param(lambda: export()[: len(export()) // 2], "文件已损坏或不完整", id="truncated export"),
    pytest.param(lambda: export()[:100], "文件已损坏或不完整", id="first 100 bytes of an export"),
    pytest.param(random_bytes, "文件已损坏或不是 Excel 工作簿", id="random bytes"),
    pytest.param(lambda: "序号,重点任务\n1,任务".encode("gbk"), "不是 Excel 工作簿", id="csv renamed .xlsx"),
    pytest.param(docx_bytes, "这是 Word 文档", id="docx renamed .xlsx"),
    pytest.param(lambda: ole2("Workbook", encrypted=True), "工作簿设有密码保护", id="password-protected"),
    pytest.param(lambda: ole2("Workbook", "SummaryInformation"), "旧版 Excel 文件（.xls）", id="old .xls"),
    pytest.param(lambda: ole2("WordDocument"), "旧版 Word 文档（.doc）", id="old .doc"),
    pytest.param(not_a_workbook_zip, "压缩包而不是 Excel 工作簿", id="zip of something else"),
    pytest.param(damaged_sheet, "文件已损坏，无法读取", id="damaged sheet XML"),
    pytest.param(lambda: office_book([], title=None), "没有任何数据", id="workbook with an empty sheet"),
    pytest.param(only_meta, "没有任何数据", id="workbook with only the meta sheet"),
    pytest.param(
        lambda: office_book([["序号", "重点任务", "牵头单位", "配合单位"], [1, "任务", "区发改局", ""]]),
        "分工表缺少“task_id”列",
        id="missing task_id column",
    ),
    pytest.param(
        lambda: office_book([["工作任务", "责任单位"], ["任务", "区发改局"]]),
        "缺少“重点任务”、“牵头单位”、“task_id”列",
        id="an office's own table",
    ),
]


@pytest.mark.parametrize(("make", "expected"), REFUSALS)
def test_bad_files_are_refused_with_one_chinese_line(make, expected: str) -> None:
    with pytest.raises(WorkbookError) as caught:
        read_split(io.BytesIO(make()))
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert "请" in message  # every refusal says what to do


def test_missing_column_message_names_the_column_and_the_export() -> None:
    data = office_book([["序号", "重点任务", "牵头单位"], [1, "任务", "区发改局"]])
    with pytest.raises(WorkbookError, match="请在督办系统导出的分工表上填写"):
        read_split(io.BytesIO(data))


def test_refusals_read_from_a_path_too(tmp_path: Path) -> None:
    path = tmp_path / "分工表.xlsx"
    path.write_bytes(docx_bytes())
    with pytest.raises(WorkbookError, match="Word 文档"):
        read_split(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="找不到文件“没有.xlsx”"):
        read_split(tmp_path / "没有.xlsx")


def test_progress_reader_names_its_own_columns() -> None:
    data = office_book([["序号", "重点任务", "完成值"], [1, "任务", 3]])
    with pytest.raises(WorkbookError, match="进展报送表缺少“task_id”、“target_id”、“进展情况”列"):
        read_progress(io.BytesIO(data))


def test_open_workbook_is_read_only_with_values() -> None:
    opened = open_workbook(export(), "分工表")
    try:
        assert opened.book.read_only
        assert opened.book.data_only
    finally:
        opened.close()


# --- the meta sheet ---------------------------------------------------------------------------


def with_meta(pairs: list[tuple[str, object]]) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["重点任务", "牵头单位", "task_id"])
    book.active.append(["任务", "区发改局", "1"])
    meta = book.create_sheet("duban")
    meta.sheet_state = "veryHidden"
    for pair in pairs:
        meta.append(list(pair))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_meta_is_read_from_the_very_hidden_sheet() -> None:
    meta, _rows = read_split(io.BytesIO(export()))
    assert meta == META


def test_a_workbook_without_meta_reads_with_meta_none() -> None:
    meta, rows = read_split(
        io.BytesIO(office_book([["重点任务", "牵头单位", "task_id"], ["任务", "区发改局", ""]]))
    )
    assert meta is None
    assert [(row.text, row.task_id) for row in rows] == [("任务", "")]


@pytest.mark.parametrize(
    "pairs",
    [
        pytest.param(
            [("kind", "split"), ("plan_key", "爱民区/2024"), ("plan_id", "七")], id="plan_id not a number"
        ),
        pytest.param([("kind", "budget"), ("plan_key", "爱民区/2024"), ("plan_id", 7)], id="unknown kind"),
        pytest.param([("kind", "split"), ("plan_id", 7)], id="no plan_key"),
    ],
)
def test_a_tampered_meta_sheet_is_refused(pairs: list[tuple[str, object]]) -> None:
    with pytest.raises(WorkbookError, match="督办标识已被改动"):
        read_split(io.BytesIO(with_meta(pairs)))


# --- headers and cells ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("重点任务", "重点任务"),
        (" 重点任务 ", "重点任务"),
        ("重\u3000点\u3000任\u3000务", "重点任务"),
        ("重点\n任务", "重点任务"),
        ("完成值（万元）", "完成值"),
        ("完成值(万元)", "完成值"),
        ("完成值*", "完成值"),
        ("Task_ID", "task_id"),
        ("ｔａｓｋ＿ｉｄ", "task_id"),
        (None, ""),
    ],
    ids=repr,
)
def test_headers_are_compared_in_a_canonical_form(written: object, canonical: str) -> None:
    assert normalize_header(written) == canonical


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (None, None, ""),
        ("  加快建设\r\n产业园区\u3000", None, "加快建设\n产业园区"),
        (1, None, "1"),
        (1.0, None, "1"),
        (0.1 + 0.2, None, "0.3"),
        (120000000.0, None, "120000000"),
        (0.052, "0.0%", "5.2%"),
        (datetime(2024, 6, 30), "yyyy/m/d", "2024-06-30"),
        (datetime(2024, 6, 30, 17, 30), None, "2024-06-30 17:30"),
        (date(2024, 6, 30), None, "2024-06-30"),
        (True, None, "TRUE"),
    ],
    ids=repr,
)
def test_cells_read_as_the_office_sees_them(value: object, number_format: str | None, text: str) -> None:
    assert cell_text(value, number_format) == text


def test_rows_merged_down_a_column_give_every_row_the_value() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["分工方案"])
    ws.append(["序号", "重点任务", "牵头单位", "task_id"])
    ws.append([None, "一、推动经济高质量发展"])  # a section row merged across
    ws.append([1, "任务甲", "区发改局", "1"])
    ws.append([2, "任务乙", None, "2"])
    ws.append([3, "任务丙", None, "3"])
    ws.merge_cells("B3:D3")
    ws.merge_cells("C4:C6")
    buffer = io.BytesIO()
    book.save(buffer)
    _meta, rows = read_split(io.BytesIO(buffer.getvalue()))
    assert [(row.text, row.lead) for row in rows] == [
        ("一、推动经济高质量发展", ""),
        ("任务甲", "区发改局"),
        ("任务乙", "区发改局"),
        ("任务丙", "区发改局"),
    ]


def test_a_wrong_dimension_record_does_not_cut_the_table_short() -> None:
    # Some generators write <dimension ref="A1"/> whatever the size; the rows must still be read.
    source = zipfile.ZipFile(
        io.BytesIO(office_book([["重点任务", "牵头单位", "task_id"], ["甲", "乙", "1"]]))
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:C3"/>', b'<dimension ref="A1"/>')
                assert b'<dimension ref="A1"/>' in data
            target.writestr(item, data)
    _meta, rows = read_split(io.BytesIO(buffer.getvalue()))
    assert [row.task_id for row in rows] == ["1"]
