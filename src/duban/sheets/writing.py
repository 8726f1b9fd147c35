"""Writing: a ``TableSpec``, a ``SheetMeta``, a title and rows of values in; a styled .xlsx out.

``write_table`` makes the whole export: the merged title and optional subtitle, the header row,
the data rows styled alike (the cells a unit fills shaded and kept as text), A4 landscape print
setup, the hidden meta sheet, and an atomic save. ``seq_value`` gives a 序号 as Excel should hold it.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from copy import copy
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from duban.sheets.meta import SheetMeta, add_meta
from duban.sheets.workbook import Column, TableSpec

Value = str | int | float | None
Dest = Path | str | BinaryIO

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
    """Write one value; text stays text (see ``keep_as_text``), never a formula."""
    cell = ws.cell(row=row, column=col)
    if value == "":
        cell.value = None  # a truly empty cell, so Excel's Ctrl+arrow and COUNTA behave
    elif isinstance(value, str):
        cell.value = excel_text(value)
        cell.data_type = "s"
        keep_as_text(cell)
    else:
        cell.value = value
    return cell


def keep_as_text(cell: Any) -> None:
    """Text that Excel would take for a formula (=, +, - or @ first) is stored as text and marked
    with Excel's quote prefix, so a clerk who opens it, or edits the cell and presses Enter, runs
    no formula: what a unit typed (or a report said) can never call out of the sheet."""
    if isinstance(cell.value, str) and cell.value[:1] in _FORMULA_STARTS:
        cell.data_type = "s"
        cell.quotePrefix = True


_FORMULA_STARTS = {"=", "+", "-", "@", "＝", "＋", "－", "＠"}


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
    _banner(ws, 1, title, last, font=TITLE_FONT, alignment=CENTER, height=36)
    header_row = 2
    if subtitle:
        _banner(ws, 2, subtitle, last, font=SUBTITLE_FONT, alignment=BODY, height=30)
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


def _banner(ws, row: int, text: str, last: str, *, font, alignment, height: float) -> None:
    """A line of text across every column, above the header."""
    set_value(ws, row, 1, text)
    ws.merge_cells(f"A{row}:{last}{row}")
    ws[f"A{row}"].font = font
    ws[f"A{row}"].alignment = alignment
    ws.row_dimensions[row].height = height


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
            keep_as_text(cell)  # the copied style drops a quote prefix of this row's own


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
