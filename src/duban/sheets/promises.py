"""The promise check's 对照表 as Excel: ``Row``s of ``duban.promises.table`` in, an .xlsx out, in
the office layout of the 分工表 (merged title, subtitle with the two reports, header, A4 landscape).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from duban.promises.table import Row
from duban.sheets.meta import SheetMeta
from duban.sheets.workbook import PROMISES
from duban.sheets.writing import write_table


def write_promises(
    dest: Path | BinaryIO, meta: SheetMeta, title: str, subtitle: str, rows: Sequence[Row]
) -> None:
    values = [
        [
            r.seq,
            r.metric,
            r.target,
            r.actual,
            r.completion,
            r.verdict,
            r.reason,
            r.plan_source,
            r.next_source,
            r.lead,
            r.ledger,
            r.task_id,
            r.target_id,
        ]
        for r in rows
    ]
    write_table(dest, PROMISES, meta, title, values, subtitle=subtitle)
