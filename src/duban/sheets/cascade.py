"""The cascade workbook (层层加码对照表): rows of indicator, government, targets and gap in; an
office .xlsx out, laid out like the other exports (title, header, print setup, meta sheet).
"""

from __future__ import annotations

from collections.abc import Sequence

from duban.sheets.meta import SheetMeta
from duban.sheets.workbook import Column, TableSpec
from duban.sheets.writing import Dest, Value, write_table

CASCADE = TableSpec(
    kind="cascade",
    what="层层加码对照表",
    sheet_title="层层加码",
    columns=(
        Column("指标", 22),
        Column("政府", 14),
        Column("上级目标", 14),
        Column("本级目标", 14),
        Column("差距", 14),
        Column("加码", 8),
        Column("最新审核值", 14),
        Column("状态", 10),
        Column("兑现核查", 14),
    ),
    required=("指标", "政府"),
    signature=("上级目标", "本级目标"),
)


def write_cascade(
    dest: Dest, plan_key: str, plan_id: int, title: str, rows: Sequence[Sequence[Value]]
) -> None:
    write_table(dest, CASCADE, SheetMeta(kind="cascade", plan_key=plan_key, plan_id=plan_id), title, rows)
