"""The responsibility table (分工表): ``SplitRow``s in, an .xlsx out, and back.

``write_split`` lays the rows out as offices print them: a merged title, the header 序号 /
重点任务 / 责任领导 / 牵头单位 / 配合单位 / 完成时限 / 目标值 and a hidden ``task_id`` column that
ties each row back to its task. ``read_split`` returns the meta (None for a workbook that never came from
duban) and one ``SplitRow`` per non-blank row, however the office reordered the columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from duban.sheets.meta import SheetMeta
from duban.sheets.reading import read_table
from duban.sheets.workbook import SPLIT
from duban.sheets.writing import seq_value, write_table

# Offices list several supporting units with any of these between them.
_SUPPORT_SEPARATORS = re.compile(r"[、，,；;/／\n]+")
_JOIN = "、"


@dataclass(frozen=True)
class SplitRow:
    """One task row of the 分工表."""

    row: int  # Excel row number (for messages)
    seq: str  # 序号 as text
    text: str  # 重点任务
    lead: str  # 牵头单位
    supports: tuple[str, ...]  # 配合单位, one unit each
    deadline: str  # 完成时限 as text (a date cell becomes "YYYY-MM-DD")
    target: str  # 目标值 text
    task_id: str  # hidden column `task_id`; "" for a row the office added
    leader: str = ""  # 责任领导; blank (or a file without the column) leaves the task's as it is


def split_units(text: str) -> tuple[str, ...]:
    """'市财政局、市人社局；\\n各区政府' → ('市财政局', '市人社局', '各区政府')."""
    return tuple(part.strip() for part in _SUPPORT_SEPARATORS.split(text) if part.strip())


def _values(row: SplitRow) -> list[str | int]:
    # In SPLIT's column order.
    return [
        seq_value(row.seq),
        row.text,
        row.leader,
        row.lead,
        _JOIN.join(row.supports),
        row.deadline,
        row.target,
        row.task_id,
    ]


def write_split(dest: Path | BinaryIO, meta: SheetMeta, title: str, rows: Sequence[SplitRow]) -> None:
    """Write the 分工表 for ``meta``'s plan; ``row`` numbers of ``rows`` are ignored."""
    write_table(dest, SPLIT, meta, title, [_values(row) for row in rows])


def read_split(source: Path | BinaryIO) -> tuple[SheetMeta | None, list[SplitRow]]:
    """Read a 分工表 back; raises ``WorkbookError`` for a file the office must fix."""
    table = read_table(source, SPLIT)
    rows = [
        SplitRow(
            row=number,
            seq=cells.get("序号", ""),
            text=cells["重点任务"],
            lead=cells["牵头单位"],
            supports=split_units(cells.get("配合单位", "")),
            deadline=cells.get("完成时限", ""),
            target=cells.get("目标值", ""),
            task_id=cells["task_id"],
            leader=cells.get("责任领导", ""),
        )
        for number, cells in table.rows
    ]
    return table.meta, rows
