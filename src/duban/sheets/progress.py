"""The progress collection sheet (进展报送表): ``ProgressRow``s in, an .xlsx out, and back.

``write_progress`` makes one row per target (or per task without targets) for one unit and
one period, with the four cells the unit fills shaded. ``read_progress`` returns the meta (None
for a workbook that never came from duban) and one ``ProgressRow`` per non-blank row; 完成值 is
kept as typed and also read as a number where it is one ("120", "5.2%", "1.2万", "120亿元").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import BinaryIO

from duban.extract.numbers import parse_cjk
from duban.lexicon import load as load_lexicon
from duban.sheets.deadlines import calendar_words
from duban.sheets.meta import SheetMeta
from duban.sheets.reading import read_table
from duban.sheets.workbook import PROGRESS
from duban.sheets.writing import seq_value, write_table

# Scientific notation too: a numeric cell of 0.00001 reads as "1e-05".
_ARABIC = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


@dataclass(frozen=True)
class ProgressRow:
    """One target (or target-less task) of the 进展报送表, with what the unit reported."""

    row: int  # Excel row number (for messages)
    seq: str
    text: str  # 重点任务
    lead: str  # 牵头单位
    metric: str  # 指标
    target: str  # 目标值
    actual_text: str  # 完成值 as typed
    actual: float | None  # 完成值 as a number in its base unit; None if empty or not a number
    progress: str  # 进展情况
    problems: str  # 存在问题
    next_steps: str  # 下步措施
    task_id: str
    target_id: str  # "" for a task without targets
    leader: str = ""  # 责任领导, shown to the unit; not read back

    @property
    def filled(self) -> bool:
        """Whether the unit wrote anything in the cells it fills."""
        return any((self.actual_text, self.progress, self.problems, self.next_steps))


@cache
def _number_rules() -> tuple[dict[str, int], frozenset[str], frozenset[str], re.Pattern[str]]:
    """Multipliers and numeral characters from the lexicon; a pattern for dates to ignore."""
    lexicon = load_lexicon()
    calendar = calendar_words()
    marks = re.escape("".join(calendar["range_marks"]))
    suffixes = "|".join(re.escape(word) for word in sorted(calendar["date_suffixes"], key=len, reverse=True))
    # "1-5月", "2024年", "6月底": periods a unit writes before the figure, not the figure.
    dates = re.compile(rf"\d+(?:\.\d+)?(?:\s*[{marks}]\s*\d+)?\s*(?:{suffixes})")
    return lexicon.multipliers, frozenset(lexicon.multipliers), frozenset(lexicon.cjk_digits), dates


def parse_actual(text: str) -> float | None:
    """'120' → 120, '5.2%' → 5.2, '1.2万' → 12000, '1-5月完成120亿元' → 1.2e10, '三千' → 3000.

    A figure is read only when the text holds exactly one number (dates aside): '完成80%，其中
    二期40%' is left for a person to read rather than guessed.
    """
    multipliers, multiplier_words, cjk_digits, dates = _number_rules()
    plain = unicodedata.normalize("NFKC", text).strip()
    if not plain:
        return None
    plain = dates.sub(" ", _THOUSANDS.sub("", plain))
    numbers = list(_ARABIC.finditer(plain))
    if len(numbers) == 1:
        return _scaled(numbers[0].group(), plain[numbers[0].end() :].lstrip(), multipliers)
    if not numbers and plain and all(char in cjk_digits for char in plain):
        value = parse_cjk(plain, multiplier_words)
        return float(value) if value is not None else None
    return None


def _scaled(number: str, after: str, multipliers: dict[str, int]) -> float | None:
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    for word in sorted(multipliers, key=len, reverse=True):
        if after.startswith(word):
            value *= multipliers[word]
            break
    return float(value)


def _values(row: ProgressRow) -> list[str | int | float | None]:
    # In PROGRESS's column order. A figure given only as a number is written as a number.
    actual: str | float | None = row.actual_text or row.actual
    return [
        seq_value(row.seq),
        row.text,
        row.leader,
        row.lead,
        row.metric,
        row.target,
        actual,
        row.progress,
        row.problems,
        row.next_steps,
        row.task_id,
        row.target_id,
    ]


def _subtitle(meta: SheetMeta) -> str:
    parts = []
    if meta.department:
        parts.append(f"报送单位：{meta.department}")
    if meta.period:
        parts.append(f"报送期：{meta.period}")
    parts.append("请在浅黄色单元格内填写，完成值填截至本期的累计数")
    return "　　".join(parts)


def write_progress(dest: Path | BinaryIO, meta: SheetMeta, title: str, rows: Sequence[ProgressRow]) -> None:
    """Write the 进展报送表 for ``meta``'s unit and period; ``row`` numbers of ``rows`` are ignored."""
    write_table(dest, PROGRESS, meta, title, [_values(row) for row in rows], subtitle=_subtitle(meta))


def read_progress(source: Path | BinaryIO) -> tuple[SheetMeta | None, list[ProgressRow]]:
    """Read a 进展报送表 back; raises ``WorkbookError`` for a file the office must fix."""
    table = read_table(source, PROGRESS)
    rows = [
        ProgressRow(
            row=number,
            seq=cells.get("序号", ""),
            text=cells.get("重点任务", ""),
            lead=cells.get("牵头单位", ""),
            metric=cells.get("指标", ""),
            target=cells.get("目标值", ""),
            actual_text=cells["完成值"],
            actual=parse_actual(cells["完成值"]),
            progress=cells["进展情况"],
            problems=cells.get("存在问题", ""),
            next_steps=cells.get("下步措施", ""),
            task_id=cells["task_id"],
            target_id=cells["target_id"],
            leader=cells.get("责任领导", ""),
        )
        for number, cells in table.rows
    ]
    return table.meta, rows
