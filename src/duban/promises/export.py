"""Exports of a check: the check's dict in; the 对照表 as .xlsx or .docx out, in the office layout
the 分工表 uses (``duban.sheets``), titled with the government and the plan year.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from duban.promises.table import rows_of
from duban.promises.word import comparison_docx
from duban.sheets.meta import SheetMeta
from duban.sheets.promises import write_promises

FORMATS = ("xlsx", "docx")


def title_of(result: dict) -> str:
    plan = result.get("plan") or {}
    return f"{plan.get('region') or ''}{plan.get('plan_year') or ''}年政府工作报告目标任务兑现情况对照表"


def subtitle_of(result: dict) -> str:
    plan, follow = result.get("plan") or {}, result.get("next") or {}
    counts = "，".join(f"{k}{v}项" for k, v in (result.get("summary") or {}).items())
    sources = f"本年报告：{plan.get('source') or '—'}；次年报告：{follow.get('source') or '—'}"
    return f"{sources}。共{len(result.get('checks') or [])}项：{counts}"


def write(result: dict, fmt: str, dest: Path | BinaryIO, *, plan_key: str = "", plan_id: int = 0) -> None:
    rows = rows_of(result)
    if fmt == "xlsx":
        meta = SheetMeta(
            kind="promises",
            plan_key=plan_key or str((result.get("plan") or {}).get("source") or ""),
            plan_id=plan_id,
            exported_at=dt.datetime.now().isoformat(timespec="seconds"),
        )
        write_promises(dest, meta, title_of(result), subtitle_of(result), rows)
        return
    if fmt != "docx":
        raise ValueError(f"unknown format {fmt!r}")
    data = comparison_docx(title_of(result), subtitle_of(result), rows)
    if isinstance(dest, str | Path):
        Path(dest).write_bytes(data)
    else:
        dest.write(data)
