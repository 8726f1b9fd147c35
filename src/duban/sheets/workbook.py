"""What every workbook module shares: the refusal and the layout of each kind of workbook.

Nothing comes in; out go ``WorkbookError`` (raised for any file an office must fix, its text one
Chinese line) and the ``TableSpec`` of each kind, ``SPLIT`` (分工表) and ``PROGRESS`` (进展报送表):
the columns as written, the headers a file must have to be read, and the headers that tell the two
kinds apart. ``opening``, ``reading``, ``meta`` and ``writing`` all build on these.
"""

from __future__ import annotations

from dataclasses import dataclass

from duban.errors import Refusal


class WorkbookError(Refusal):
    """A workbook the office must fix; ``str(e)`` is one Chinese line: what is wrong, what to do."""


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

# The promise check (兑现核查对照表): written only, in the office layout of the 分工表.
PROMISES = TableSpec(
    kind="promises",
    what="兑现核查对照表",
    sheet_title="对照表",
    columns=(
        Column("序号", 7),
        Column("目标", 26),
        Column("目标值", 14),
        Column("完成值", 14),
        Column("完成率", 9),
        Column("结论", 10),
        Column("依据", 30),
        Column("出处（本年报告）", 40),
        Column("出处（次年报告）", 40),
        Column("牵头单位", 14),
        Column("台账年末数", 14),
        Column("task_id", 10, hidden=True),
        Column("target_id", 10, hidden=True),
    ),
    required=("目标", "结论"),
    signature=("结论", "出处（次年报告）"),
)

SPECS = {spec.kind: spec for spec in (SPLIT, PROGRESS, PROMISES)}
