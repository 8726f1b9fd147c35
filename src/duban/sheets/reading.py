"""Reading a table: a file and the ``TableSpec`` expected in; a ``Table`` of cell texts out.

Tables are read by their header names, so an office may reorder, add or widen columns freely:
the header row is searched for in the top rows of every sheet, cells under a vertical merge take
the merge's value, and a file of the other kind or missing a required column is refused with a
``WorkbookError`` that names what to fix.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils.cell import range_boundaries

from duban.sheets.cells import cell_text, normalize_header
from duban.sheets.meta import META_SHEET, SheetMeta, read_meta
from duban.sheets.opening import Source, corrupt_error, open_workbook, safe_rows
from duban.sheets.workbook import SPECS, TableSpec, WorkbookError
from duban.text.office import stream

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Table:
    """The rows of one sheet as texts keyed by canonical header, with their Excel row numbers."""

    meta: SheetMeta | None
    sheet: str
    header_row: int
    rows: list[tuple[int, dict[str, str]]]


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
    for number, values in enumerate(safe_rows(rows), start=1):
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
# A data row more than this far below the header is refused: a plan has a few thousand tasks,
# and reading a million-row sheet would take minutes and gigabytes.
MAX_ROWS = 50_000
MAX_COVERED = 1_000_000  # cells under merges remembered, all merges together
_TAIL = 512  # longer than any <mergeCell> element, so one cut by a chunk's end is found whole next

# (row, column) of a cell under a vertical merge → (row, column) of the merge's top cell.
Covered = dict[tuple[int, int], tuple[int, int]]


def _merge_refs(data: bytes, path: str) -> Iterator[bytes]:
    """The ``ref`` of every <mergeCell> in a sheet's XML, read a chunk at a time: a sheet is
    never held whole in memory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            tail = b""
            for chunk in stream(archive, path.lstrip("/")):
                window = tail + chunk
                yield from _MERGE_CELL.findall(window)  # one in the overlap twice: harmless
                tail = window[-_TAIL:]
    except WorkbookError:
        raise
    except Exception as err:  # the same part openpyxl just read; failing now means damage
        raise corrupt_error(err) from err


def _merged_fill(data: bytes, ws: Any, header_row: int) -> Covered:
    """(row, col) of each cell hidden under a vertical merge below the header → its top cell.

    Offices merge 牵头单位 or 重点任务 over several rows; openpyxl's read-only mode does not
    expose merges, so they are read from the sheet's XML. Only the column holding the value is
    filled: a section title merged across the row must not become every field of a task.
    """
    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return {}
    covered: Covered = {}
    # A pattern over the raw XML is ~50x faster than parsing it again, and <mergeCell> has no
    # content that could hide a false match.
    for ref in _merge_refs(data, path):
        try:
            min_col, min_row, _max_col, max_row = range_boundaries(ref.decode("ascii"))
        except (ValueError, TypeError, UnicodeDecodeError):
            continue
        if min_row is None or max_row is None or min_row <= header_row:
            continue
        # Bounded: a merge over a whole column must not build a million entries.
        for row in range(min_row + 1, min(max_row, min_row + MAX_MERGE_ROWS) + 1):
            covered[(row, min_col)] = (min_row, min_col)
        if len(covered) > MAX_COVERED:
            raise WorkbookError("表格中的合并单元格过多，无法读取：请取消合并后另存为 .xlsx 再导入")
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
    for number, row in enumerate(safe_rows(cells), start=hit.row + 1):
        if number > hit.row + MAX_ROWS:
            raise WorkbookError(
                f"表格超过 {MAX_ROWS} 行，不像督办系统导出的表："
                "请删除多余的行（包括空行）后另存为 .xlsx 再导入"
            )
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
