"""Shared workbook layer: bytes or a path in, either a validated table of cell texts or a
``WorkbookError`` out; and, for writing, a styled sheet plus the hidden meta sheet.

Reading never lets an openpyxl or zipfile exception escape: a file that is not an .xlsx the
offices can fix is refused with one Chinese line saying what is wrong and what to do. Tables are
read by their header names, so an office may reorder, add or widen columns freely.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from copy import copy
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from duban.errors import Refusal

Source = Path | str | bytes | BinaryIO
Value = str | int | float | None
Dest = Path | str | BinaryIO

META_SHEET = "duban"
META_FORMAT = "1"
HEADER_SEARCH_ROWS = 10
MAX_BYTES = 50 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
# OLE2 directory entries are UTF-16LE; these stream names tell an encrypted OOXML file
# (Excel's "password to open") and a Word 97 document from an old .xls.
ENCRYPTED_STREAM = "EncryptionInfo".encode("utf-16-le")
WORD_STREAM = "WordDocument".encode("utf-16-le")


class WorkbookError(Refusal):
    """A workbook the office must fix; ``str(e)`` is one Chinese line: what is wrong, what to do."""


@dataclass(frozen=True)
class SheetMeta:
    """What an exported workbook was made for; stored as key/value rows in a very-hidden sheet."""

    kind: str  # "split" or "progress"
    plan_key: str  # e.g. "爱民区/2024"
    plan_id: int
    period: str | None = None  # "2024-05" for progress sheets
    department: str | None = None  # the unit a progress sheet was made for
    exported_at: str = ""  # ISO timestamp


@dataclass(frozen=True)
class Column:
    """One column of an exported sheet: its header and how it looks."""

    header: str
    width: float
    hidden: bool = False  # ids the office never edits
    to_fill: bool = False  # the unit types here: light fill, stored as text


@dataclass(frozen=True)
class TableSpec:
    """The layout of one kind of workbook, for both writing and reading."""

    kind: str
    what: str  # the name offices use, for messages
    sheet_title: str
    columns: tuple[Column, ...]
    required: tuple[str, ...]  # headers a file must have to be read
    signature: tuple[str, ...]  # headers only this kind has: tells the two kinds apart

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)


SPLIT = TableSpec(
    kind="split",
    what="分工表",
    sheet_title="分工表",
    columns=(
        Column("序号", 7),
        Column("重点任务", 60),
        Column("牵头单位", 18),
        Column("配合单位", 26),
        Column("完成时限", 14),
        Column("目标值", 20),
        Column("task_id", 10, hidden=True),
    ),
    required=("重点任务", "牵头单位", "task_id"),
    signature=("配合单位", "完成时限"),
)

PROGRESS = TableSpec(
    kind="progress",
    what="进展报送表",
    sheet_title="进展报送表",
    columns=(
        Column("序号", 7),
        Column("重点任务", 40),
        Column("牵头单位", 14),
        Column("指标", 18),
        Column("目标值", 14),
        Column("完成值", 12, to_fill=True),
        Column("进展情况", 40, to_fill=True),
        Column("存在问题", 24, to_fill=True),
        Column("下步措施", 24, to_fill=True),
        Column("task_id", 10, hidden=True),
        Column("target_id", 10, hidden=True),
    ),
    required=("task_id", "target_id", "完成值", "进展情况"),
    signature=("target_id", "完成值"),
)

SPECS = {spec.kind: spec for spec in (SPLIT, PROGRESS)}


# ---------------------------------------------------------------------------------------------
# Opening a file


def _read_bytes(source: Source, what: str) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise _too_big(what)
            return path.read_bytes()
        except FileNotFoundError as err:
            raise WorkbookError(f"找不到文件“{path.name}”，请重新选择要导入的{what}") from err
        except OSError as err:
            raise WorkbookError(f"无法读取文件“{path.name}”，请确认文件未被占用后重新选择") from err
    # One byte over the limit is enough to know the file is too big without reading it all.
    data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_big(what)
    return data


def _too_big(what: str) -> WorkbookError:
    limit = MAX_BYTES // (1024 * 1024)
    return WorkbookError(
        f"文件过大（超过 {limit} MB），请只保留{what}所在的工作表、删除图片后另存为 .xlsx 再导入"
    )


def _sniff(data: bytes, what: str) -> None:
    """Refuse, from the first bytes, what is plainly not an .xlsx."""
    if not data:
        raise WorkbookError(f"文件是空的（0 字节），请重新选择要导入的{what}")
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise WorkbookError("工作簿设有密码保护，请取消密码后另存为 .xlsx 再导入")
        if WORD_STREAM in data:
            raise WorkbookError(f"这是旧版 Word 文档（.doc），不是 Excel 工作簿；请上传督办系统导出的{what}")
        raise WorkbookError("这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 后再导入")
    if not data.startswith(ZIP_MAGIC):
        raise WorkbookError("文件已损坏或不是 Excel 工作簿（.xlsx），请用 Excel 打开并另存为 .xlsx 后再导入")


def _check_package(data: bytes, what: str) -> None:
    """The file is a zip: make sure it is whole and is a spreadsheet, not another Office file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        # An .xlsx keeps its table of contents at the very end, so a cut-off download lands here.
        raise WorkbookError(
            "文件已损坏或不完整（可能下载或复制时被截断），请重新导出或重新下载后再导入"
        ) from err
    if "xl/workbook.xml" in names:
        return
    if "word/document.xml" in names:
        raise WorkbookError(
            f"这是 Word 文档（.docx），不是 Excel 工作簿；请上传督办系统导出的{what}（.xlsx）"
        )
    if "ppt/presentation.xml" in names:
        raise WorkbookError(f"这是 PowerPoint 文件（.pptx），不是 Excel 工作簿；请上传{what}（.xlsx）")
    if "xl/workbook.bin" in names:
        raise WorkbookError("这是 Excel 二进制工作簿（.xlsb），请在 Excel 中另存为 .xlsx 后再导入")
    if "content.xml" in names:
        raise WorkbookError("这是 OpenDocument 表格（.ods），请在 Excel 或 WPS 中另存为 .xlsx 后再导入")
    raise WorkbookError(f"文件是压缩包而不是 Excel 工作簿，请上传督办系统导出的{what}（.xlsx）")


def _corrupt(err: Exception) -> WorkbookError:
    """The refusal for a part openpyxl could not parse; raised ``from err`` to keep the detail."""
    return WorkbookError("文件已损坏，无法读取其中的表格，请用 Excel 打开并另存为 .xlsx 后再导入")


@dataclass
class OpenedWorkbook:
    """A read-only workbook and the bytes it came from (merged ranges are read from them)."""

    book: Workbook
    data: bytes

    def close(self) -> None:
        # Closing a broken archive must not hide the error that is being raised.
        with contextlib.suppress(Exception):
            self.book.close()


def open_workbook(source: Source, what: str = "工作簿") -> OpenedWorkbook:
    """Open ``source`` read-only with cached values, or raise ``WorkbookError``."""
    data = _read_bytes(source, what)
    _sniff(data, what)
    _check_package(data, what)
    try:
        # read_only streams the sheet XML row by row; data_only gives the values Excel last
        # computed rather than formulas, which is what the office saw.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises anything on a damaged part
        raise _corrupt(err) from err
    return OpenedWorkbook(book, data)


# ---------------------------------------------------------------------------------------------
# Cells to text


_BRACKETED = re.compile(r"[(\[【].*$")


def normalize_header(value: Any) -> str:
    """'重 点\\n任务', '完成值（万元）', 'Task_ID', '完成值*' → the canonical header form.

    Offices break headers onto two lines, pad them with full-width spaces, add a unit in
    brackets or a required-mark; none of that changes which column it is.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(text.split())
    text = _BRACKETED.sub("", text).rstrip("*")
    return text.casefold()


def clean_text(text: str) -> str:
    """One cell's text with Windows line ends made plain and the outer blanks trimmed."""
    return text.replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def cell_text(value: Any, number_format: str | None = None) -> str:
    """A cell value as the office reads it: 1.0 → '1', a date → '2024-06-30', 0.052 as % → '5.2%'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, int | float):
        if number_format and "%" in number_format:
            # Excel stores 5.2% as 0.052; the office typed and sees 5.2%.
            return f"{value * 100:.15g}%"
        return f"{value:.15g}"
    return clean_text(str(value))


# ---------------------------------------------------------------------------------------------
# Reading a table


@dataclass(frozen=True)
class Table:
    """The rows of one sheet as texts keyed by canonical header, with their Excel row numbers."""

    meta: SheetMeta | None
    sheet: str
    header_row: int
    rows: list[tuple[int, dict[str, str]]]


def _safe(iterator: Iterator[Any]) -> Iterator[Any]:
    """openpyxl parses lazily, so a damaged sheet fails mid-iteration: turn that into a refusal."""
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except Exception as err:  # any parser error means a damaged sheet
            raise _corrupt(err) from err
        yield item


def _header_map(values: Sequence[Any], wanted: Sequence[str]) -> dict[str, int]:
    """Canonical header → 0-based column index, for the wanted headers found in one row."""
    by_norm = {normalize_header(header): header for header in wanted}
    found: dict[str, int] = {}
    for index, value in enumerate(values):
        header = by_norm.get(normalize_header(value))
        if header is not None and header not in found:  # the first of two same-named columns
            found[header] = index
    return found


@dataclass(frozen=True)
class _HeaderHit:
    sheet: Any
    row: int
    columns: dict[str, int]


def _find_header(ws: Any, spec: TableSpec) -> tuple[_HeaderHit | None, bool]:
    """The first row within the top rows that holds all required headers, else the best partial.

    Returns the hit and whether the sheet has any value at all in those rows.
    """
    wanted = tuple(dict.fromkeys(spec.headers + SPECS[_other(spec)].signature))
    best: _HeaderHit | None = None
    has_data = False
    rows = ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, values_only=True)
    for number, values in enumerate(_safe(rows), start=1):
        if any(cell_text(value) for value in values):
            has_data = True
        columns = _header_map(values, wanted)
        hit = _HeaderHit(ws, number, columns)
        if all(header in columns for header in spec.required):
            return hit, True
        if columns and (best is None or len(columns) > len(best.columns)):
            best = hit
    return best, has_data


def _other(spec: TableSpec) -> str:
    return "progress" if spec.kind == "split" else "split"


def _wrong_kind(found: dict[str, int] | None, spec: TableSpec) -> str | None:
    """The other kind's name when the headers found are plainly the other kind's.

    Needed for workbooks without the meta sheet: a 进展报送表 has every column a 分工表 requires.
    """
    other = SPECS[_other(spec)]
    if found is None:
        return None
    is_other = all(header in found for header in other.signature)
    is_mine = any(header in found for header in spec.signature)
    return other.what if is_other and not is_mine else None


def _wrong_kind_error(other_what: str, spec: TableSpec) -> WorkbookError:
    return WorkbookError(f"这是{other_what}，不是{spec.what}，请到导入{other_what}的入口上传")


def _missing_error(hit: _HeaderHit | None, spec: TableSpec) -> WorkbookError:
    found = hit.columns if hit else {}
    missing = "、".join(f"“{header}”" for header in spec.required if header not in found)
    return WorkbookError(
        f"{spec.what}缺少{missing}列，请在督办系统导出的{spec.what}上填写，不要删除或改名表头和隐藏列"
    )


def _locate(book: Any, spec: TableSpec) -> _HeaderHit:
    """The sheet and header row to read, or the refusal that says why there is none."""
    best: _HeaderHit | None = None
    any_data = False
    for ws in book.worksheets:
        if ws.title == META_SHEET:
            continue
        # Files from other tools often carry a wrong <dimension>; read to the real last cell.
        ws.reset_dimensions()
        hit, has_data = _find_header(ws, spec)
        any_data = any_data or has_data
        if hit and all(header in hit.columns for header in spec.required):
            other = _wrong_kind(hit.columns, spec)
            if other:
                raise _wrong_kind_error(other, spec)
            return hit
        if hit and (best is None or len(hit.columns) > len(best.columns)):
            best = hit
    if not any_data:
        raise WorkbookError(f"工作簿中没有任何数据，请在督办系统导出的{spec.what}上填写后再导入")
    other = _wrong_kind(best.columns if best else None, spec)
    if other:
        raise _wrong_kind_error(other, spec)
    raise _missing_error(best, spec)


_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=[\"']([^\"']+)[\"']")
MAX_MERGE_ROWS = 10_000

# (row, column) of a cell under a vertical merge → (row, column) of the merge's top cell.
Covered = dict[tuple[int, int], tuple[int, int]]


def _merged_fill(data: bytes, ws: Any, header_row: int) -> Covered:
    """(row, col) of each cell hidden under a vertical merge below the header → its top cell.

    Offices merge 牵头单位 or 重点任务 over several rows; openpyxl's read-only mode does not
    expose merges, so they are read from the sheet's XML. Only the column holding the value is
    filled: a section title merged across the row must not become every field of a task.
    """
    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read(path.lstrip("/"))
    except Exception as err:  # the same part openpyxl just read; failing now means damage
        raise _corrupt(err) from err
    covered: Covered = {}
    # A pattern over the raw XML is ~50x faster than parsing it again, and <mergeCell> has no
    # content that could hide a false match.
    for ref in _MERGE_CELL.findall(xml):
        try:
            min_col, min_row, _max_col, max_row = range_boundaries(ref.decode("ascii"))
        except (ValueError, TypeError, UnicodeDecodeError):
            continue
        if min_row is None or max_row is None or min_row <= header_row:
            continue
        # Bounded: a merge over a whole column must not build a million entries.
        for row in range(min_row + 1, min(max_row, min_row + MAX_MERGE_ROWS) + 1):
            covered[(row, min_col)] = (min_row, min_col)
    return covered


def _read_cell(cell: Any) -> str:
    value = cell.value
    # Only a number's text depends on its format (a percentage); looking the format up for
    # every cell would cost a tenth of the read time.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return cell_text(value, cell.number_format)
    return cell_text(value)


def _rows(hit: _HeaderHit, covered: Covered) -> list[tuple[int, dict[str, str]]]:
    """Every non-blank data row below the header, as texts keyed by canonical header."""
    last_col = max(hit.columns.values()) + 1
    wanted_cols = {index + 1 for index in hit.columns.values()}
    # A merge's top cell, remembered so the cells under it can take its value.
    tops: dict[tuple[int, int], str] = {}
    tops_needed = {top for (_row, col), top in covered.items() if col in wanted_cols}
    out: list[tuple[int, dict[str, str]]] = []
    cells = hit.sheet.iter_rows(min_row=hit.row + 1, max_col=last_col)
    for number, row in enumerate(_safe(cells), start=hit.row + 1):
        record: dict[str, str] = {}
        for header, index in hit.columns.items():
            text = _read_cell(row[index]) if index < len(row) else ""
            key = (number, index + 1)
            if key in tops_needed:
                tops[key] = text
            if not text and key in covered:
                text = tops.get(covered[key], "")
            record[header] = text
        if any(record.values()):
            out.append((number, record))
    return out


def read_table(source: Source, spec: TableSpec) -> Table:
    """Open ``source``, check it is a ``spec`` workbook, and return its rows as texts."""
    opened = open_workbook(source, spec.what)
    try:
        meta = read_meta(opened.book, spec.what)
        if meta is not None and meta.kind != spec.kind:
            raise _wrong_kind_error(SPECS[meta.kind].what, spec)
        hit = _locate(opened.book, spec)
        covered = _merged_fill(opened.data, hit.sheet, hit.row)
        return Table(meta, hit.sheet.title, hit.row, _rows(hit, covered))
    finally:
        opened.close()


# ---------------------------------------------------------------------------------------------
# The meta sheet


def _meta_error(what: str) -> WorkbookError:
    return WorkbookError(
        f"工作簿中的督办标识已被改动，无法确认它属于哪个计划；请重新从督办系统导出{what}后填写"
    )


def read_meta(book: Any, what: str = "工作簿") -> SheetMeta | None:
    """The meta sheet's values, or None when the workbook has none (the caller decides)."""
    if META_SHEET not in book.sheetnames:
        return None
    pairs: dict[str, str] = {}
    for values in _safe(book[META_SHEET].iter_rows(max_col=2, values_only=True)):
        key = cell_text(values[0]) if values else ""
        if key:
            pairs[key] = cell_text(values[1]) if len(values) > 1 else ""
    try:
        plan_id = int(pairs.get("plan_id", ""))
    except ValueError:
        raise _meta_error(what) from None
    kind = pairs.get("kind", "")
    if kind not in SPECS or not pairs.get("plan_key"):
        raise _meta_error(what)
    return SheetMeta(
        kind=kind,
        plan_key=pairs["plan_key"],
        plan_id=plan_id,
        period=pairs.get("period") or None,
        department=pairs.get("department") or None,
        exported_at=pairs.get("exported_at", ""),
    )


def add_meta(book: Workbook, meta: SheetMeta) -> None:
    """Store ``meta`` in a very-hidden sheet: Excel's UI cannot unhide it, so offices don't edit it."""
    ws = book.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"
    ws.append(["format", META_FORMAT])
    for field in fields(meta):
        value = getattr(meta, field.name)
        ws.append([field.name, "" if value is None else value])


# ---------------------------------------------------------------------------------------------
# Writing


FONT_NAME = "宋体"  # on every Chinese Windows and in WPS; office sheets are set in it
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
SUBTITLE_FONT = Font(name=FONT_NAME, size=11)
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=10.5)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
TO_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: "type here"
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
BODY = Alignment(horizontal="left", vertical="center", wrap_text=True)
NARROW_COLUMN = 10  # columns this narrow (序号) look better centred

# openpyxl raises on these control characters; text pulled from PDFs sometimes has them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def excel_text(value: str) -> str:
    return _ILLEGAL.sub("", value.replace("\r\n", "\n"))


def set_value(ws: Worksheet, row: int, col: int, value: Value) -> Any:
    """Write one value; text that starts with '=' stays text instead of becoming a formula."""
    cell = ws.cell(row=row, column=col)
    if value == "":
        cell.value = None  # a truly empty cell, so Excel's Ctrl+arrow and COUNTA behave
    elif isinstance(value, str):
        cell.value = excel_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _span(columns: Sequence[Column]) -> str:
    """The letter of the last visible column: titles are merged across what is printed."""
    visible = [index for index, column in enumerate(columns, start=1) if not column.hidden]
    return get_column_letter(max(visible))


def new_sheet(spec: TableSpec, title: str, subtitle: str = "") -> tuple[Workbook, Worksheet, int]:
    """A workbook whose first sheet has the title, an optional subtitle and the header row.

    Returns the workbook, the sheet and the header's row number.
    """
    book = Workbook()
    ws = book.active
    ws.title = spec.sheet_title
    last = _span(spec.columns)
    set_value(ws, 1, 1, title)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = TITLE_FONT
    ws["A1"].alignment = CENTER
    ws.row_dimensions[1].height = 36
    header_row = 2
    if subtitle:
        set_value(ws, 2, 1, subtitle)
        ws.merge_cells(f"A2:{last}2")
        ws["A2"].font = SUBTITLE_FONT
        ws["A2"].alignment = BODY
        ws.row_dimensions[2].height = 30
        header_row = 3
    for col, column in enumerate(spec.columns, start=1):
        cell = set_value(ws, header_row, col, column.header)
        cell.font, cell.border, cell.alignment = HEADER_FONT, BORDER, CENTER
        cell.fill = TO_FILL if column.to_fill else HEADER_FILL
        dimension = ws.column_dimensions[get_column_letter(col)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    ws.row_dimensions[header_row].height = 28
    return book, ws, header_row


def _style_body(cells: Sequence[Any], spec: TableSpec) -> None:
    """Style one data row; cells the unit fills are shaded and kept as text."""
    for cell, column in zip(cells, spec.columns, strict=True):
        cell.font, cell.border = BODY_FONT, BORDER
        cell.alignment = CENTER if column.width <= NARROW_COLUMN else BODY
        if column.to_fill:
            cell.fill = TO_FILL
            # Text format keeps "5.2%" and "1.2万" as typed instead of Excel converting them.
            cell.number_format = "@"


def write_rows(ws: Worksheet, first_row: int, spec: TableSpec, rows: Sequence[Sequence[Value]]) -> None:
    """The data rows from ``first_row`` on, in ``spec`` column order, styled alike."""
    styles: list[Any] = []
    for offset, values in enumerate(rows):
        if len(values) != len(spec.columns):
            raise ValueError(f"row {offset} has {len(values)} values for {len(spec.columns)} columns")
        cells = [set_value(ws, first_row + offset, col, value) for col, value in enumerate(values, start=1)]
        if not styles:
            _style_body(cells, spec)
            styles = [cell._style for cell in cells]
            continue
        # Assigning Font/Border objects hashes them for every cell (most of the write time for a
        # large sheet); copying the first row's style array is openpyxl's documented shortcut.
        for cell, style in zip(cells, styles, strict=True):
            cell._style = copy(style)


def finish_sheet(ws: Worksheet, spec: TableSpec, header_row: int, last_row: int) -> None:
    """Freeze below the header, filter, and set up A4 landscape printing one page wide."""
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    last_visible = _span(spec.columns)
    ws.auto_filter.ref = f"A{header_row}:{last_visible}{max(last_row, header_row)}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def save(book: Workbook, dest: Dest) -> None:
    """Save to a path atomically (no half-written file on failure) or to an open binary stream."""
    if not isinstance(dest, str | Path):
        book.save(dest)
        return
    target = Path(dest)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".xlsx")
    os.close(handle)
    try:
        book.save(temp)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_table(
    dest: Dest,
    spec: TableSpec,
    meta: SheetMeta,
    title: str,
    rows: Sequence[Sequence[Value]],
    subtitle: str = "",
) -> None:
    """The whole export: title, header, rows in ``spec`` column order, print setup, meta sheet."""
    if meta.kind != spec.kind:
        raise ValueError(f"meta.kind is {meta.kind!r}, expected {spec.kind!r}")
    book, ws, header_row = new_sheet(spec, title, subtitle)
    write_rows(ws, header_row + 1, spec, rows)
    finish_sheet(ws, spec, header_row, header_row + len(rows))
    add_meta(book, meta)
    book.active = 0
    save(book, dest)


def seq_value(seq: str) -> str | int:
    """序号 '3' is written as the number 3 (no 'number stored as text' flags); '（一）' stays text."""
    return int(seq) if seq.isascii() and seq.isdigit() and not seq.startswith("0") else seq


__all__ = [
    "PROGRESS",
    "SPLIT",
    "Column",
    "OpenedWorkbook",
    "SheetMeta",
    "Table",
    "TableSpec",
    "WorkbookError",
    "cell_text",
    "normalize_header",
    "open_workbook",
    "read_meta",
    "read_table",
    "write_table",
]
