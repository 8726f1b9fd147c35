"""The hidden meta sheet: a ``SheetMeta`` in, a very-hidden ``duban`` sheet out, and back.

``add_meta`` stores what an export was made for (kind, plan, period, unit, when) as key/value
rows in a sheet Excel's UI cannot unhide; ``read_meta`` returns it, None for a workbook without
one, and refuses with ``WorkbookError`` a sheet an office has tampered with.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from openpyxl.workbook import Workbook

from duban.sheets.cells import cell_text
from duban.sheets.opening import safe_rows
from duban.sheets.workbook import SPECS, WorkbookError

META_SHEET = "duban"
META_FORMAT = "1"


@dataclass(frozen=True)
class SheetMeta:
    """What an exported workbook was made for; stored as key/value rows in a very-hidden sheet."""

    kind: str  # "split" or "progress"
    plan_key: str  # e.g. "爱民区/2024"
    plan_id: int
    period: str | None = None  # "2024-05" for progress sheets
    department: str | None = None  # the unit a progress sheet was made for
    exported_at: str = ""  # ISO timestamp


def _meta_error(what: str) -> WorkbookError:
    return WorkbookError(
        f"工作簿中的督办标识已被改动，无法确认它属于哪个计划；请重新从督办系统导出{what}后填写"
    )


def read_meta(book: Any, what: str = "工作簿") -> SheetMeta | None:
    """The meta sheet's values, or None when the workbook has none (the caller decides)."""
    if META_SHEET not in book.sheetnames:
        return None
    pairs: dict[str, str] = {}
    for values in safe_rows(book[META_SHEET].iter_rows(max_col=2, values_only=True)):
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
