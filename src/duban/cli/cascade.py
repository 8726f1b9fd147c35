"""``duban cascade PLAN``: the parent's headline targets beside each child government's, with the
gaps (层层加码), as a table, JSON or an .xlsx workbook (``publish.cascade``)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from duban.cli.base import app, fail, storage
from duban.cli.tracking import parse_day

SORTS = ("order", "gap", "-gap", "name")  # as publish.cascade.SORTS, which needs Django loaded


class CascadeFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


@app.command("cascade")
def cascade_command(
    plan: str = typer.Argument(..., help="The parent's plan: 保定市/2023, or the id `duban plans` shows."),
    as_json: bool = typer.Option(False, "--json", help="Print the cascade as JSON."),
    output_format: CascadeFormat = typer.Option(CascadeFormat.table, "--format", help="table, json or xlsx."),
    out: Path | None = typer.Option(None, "--out", "-o", help="The .xlsx to write (with --format xlsx)."),
    date: str | None = typer.Option(None, "--date", help="The day of the figures (default: the plan's)."),
    sort: str = typer.Option("order", "--sort", help="order, gap (largest first), -gap or name."),
) -> None:
    """Each headline target of the plan beside its child governments' targets, with the gap."""
    if sort not in SORTS:
        fail(f"--sort 只能是 {'、'.join(SORTS)} 之一")
    chosen = CascadeFormat.json if as_json else output_format
    if chosen is CascadeFormat.xlsx and out is None:
        fail("--format xlsx 需要用 --out 指定文件，如 --out 层层加码.xlsx")
    with storage():
        from duban.plans.lookup import find_plan
        from duban.publish.cascade import as_json as cascade_json
        from duban.publish.cascade import build, export_xlsx, sheet_rows
        from duban.tracking.periods import as_of

        found = find_plan(plan)
        result = build(found, parse_day(date) if date else as_of(found))
        if not result.children:
            name = found.government.name
            fail(
                f"{name}之下还没有{found.year}年的计划："
                f"请先导入下级政府的报告（duban import 文件夹 --parent {name}）"
            )
        if chosen is CascadeFormat.json:
            sys.stdout.write(json.dumps(cascade_json(result), ensure_ascii=False, indent=1) + "\n")
        elif chosen is CascadeFormat.xlsx:
            rows = export_xlsx(result, out, sort)
            Console().print(f"已导出 {found.key} 层层加码对照表：{rows} 行 → {out}", markup=False)
        else:
            table = Table(
                "指标", "政府", "上级目标", "本级目标", "差距", "加码", "最新审核值", "状态", "兑现核查"
            )
            for row in sheet_rows(result, sort):
                table.add_row(*map(str, row))
            Console().print(table)
