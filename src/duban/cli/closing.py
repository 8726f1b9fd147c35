"""Year-end commands: ``duban check`` (the promise check) and ``duban draft-review``."""

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


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"
    docx = "docx"


@app.command("check")
def check_command(
    plan: str = typer.Argument(..., help="A stored plan (爱民区/2024 or its id), or a report file."),
    next_report: Path = typer.Argument(..., help="The next year's report: any file `duban extract` reads."),
    as_json: bool = typer.Option(False, "--json", help="Print the check contract as JSON."),
    output_format: CheckFormat = typer.Option(
        CheckFormat.table, "--format", help="table (default), json, or xlsx/docx (the 对照表, with -o)."
    ),
    out: Path | None = typer.Option(None, "-o", "--output", help="Where the xlsx or docx goes."),
) -> None:
    """Check every target of the plan against what the next year's report says was achieved."""
    chosen = CheckFormat.json if as_json else output_format
    if chosen in (CheckFormat.xlsx, CheckFormat.docx) and out is None:
        fail(f"--format {chosen.value} 需要输出文件：请加 -o 文件名.{chosen.value}")
    if not next_report.is_file():
        fail(f"找不到第二个文件“{next_report}”：请给出下一年的政府工作报告")
    if Path(plan).is_file():
        result, key, plan_id = _check_files(Path(plan), next_report), "", 0
    else:
        with storage():
            from duban.closing.services import check_report
            from duban.plans.lookup import find_plan

            stored = find_plan(plan)
            result, key, plan_id = _guarded(lambda: check_report(stored, next_report)), stored.key, stored.pk
    _show(result, chosen, out, key, plan_id)


def _check_files(plan: Path, next_report: Path) -> dict:
    from duban.promises import check_files

    return _guarded(lambda: check_files(plan, next_report))


def _guarded(run):
    from duban.errors import Refusal
    from duban.text.load import ReportError

    try:
        return run()
    except ReportError as err:
        fail(str(err))
    except Refusal as err:
        fail(str(err))
    raise AssertionError  # fail() always exits


def _show(result: dict, chosen: CheckFormat, out: Path | None, key: str, plan_id: int) -> None:
    from duban.promises import export

    if chosen is CheckFormat.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        return
    if chosen in (CheckFormat.xlsx, CheckFormat.docx):
        assert out is not None
        export.write(result, chosen.value, out, plan_key=key, plan_id=plan_id)
        print(f"已写出{export.title_of(result)}：{out}（{len(result['checks'])}项）")
        return
    _print_table(result, Console())


def _print_table(result: dict, console: Console) -> None:
    from duban.promises.export import title_of
    from duban.promises.table import rows_of

    table = Table("序号", "目标", "目标值", "完成值", "完成率", "结论", "依据", title=title_of(result))
    for r in rows_of(result):
        table.add_row(str(r.seq), r.metric, r.target, r.actual, r.completion, r.verdict, r.reason)
    console.print(table)
    console.print("  ".join(f"{k} {v}" for k, v in result["summary"].items()))


@app.command("draft-review")
def draft_review_command(
    plan: str = typer.Argument(..., help="爱民区/2024, or the id `duban plans` shows."),
    out: Path = typer.Argument(..., help="The .docx to write."),
    date: str | None = typer.Option(
        None, "--date", help="Accepted figures up to this day (default year end)."
    ),
) -> None:
    """Draft the review section (回顾) from the ledger's accepted figures, each one footnoted."""
    day = parse_day(date) if date else None
    with storage():
        from duban.closing.draft import draft_review
        from duban.plans.lookup import find_plan

        stored = find_plan(plan)
        out.write_bytes(draft_review(stored, day))
        print(f"已写出{stored.key}工作回顾初稿：{out}")
