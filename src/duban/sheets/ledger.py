"""The ledger (台账) as Excel: a title, a subtitle and rows of values in; a styled .xlsx out, laid
out like the other exports (merged title, header, A4 landscape, page numbers) but with no meta
sheet: it is a report to read and print, not a form to fill and import.
"""

from __future__ import annotations

from collections.abc import Sequence

from duban.sheets.workbook import Column, TableSpec
from duban.sheets.writing import Dest, Value, finish_sheet, new_sheet, save, write_rows

LEDGER = TableSpec(
    kind="ledger",
    what="台账",
    sheet_title="台账",
    columns=(
        Column("序号", 7),
        Column("编号", 10),
        Column("重点任务", 50),
        Column("牵头单位", 16),
        Column("配合单位", 22),
        Column("责任领导", 12),
        Column("完成时限", 12),
        Column("状态", 9),
        Column("亮灯", 7),
        Column("完成率", 9),
        Column("序时进度", 9),
        Column("说明", 30),
    ),
    required=(),
    signature=(),
)


def write_ledger(dest: Dest, title: str, subtitle: str, rows: Sequence[Sequence[Value]]) -> None:
    """Write the rows (in ``LEDGER``'s column order) under the title and subtitle."""
    book, ws, header_row = new_sheet(LEDGER, title, subtitle)
    write_rows(ws, header_row + 1, LEDGER, rows)
    finish_sheet(ws, LEDGER, header_row, header_row + len(rows))
    save(book, dest)
