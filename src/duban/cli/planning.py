"""Ledger commands: ``duban import``, ``duban plans`` and ``duban split export|import``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from duban.cli.base import app, fail, operator_option, storage

split_app = typer.Typer(help="The responsibility table (分工表) as Excel.", no_args_is_help=True)
app.add_typer(split_app, name="split")


@app.command("import")
def import_command(
    report: Path = typer.Argument(
        ..., help="A report (.txt, .md, .docx or .pdf), or with --parent a folder of the reports under it."
    ),
    government: str | None = typer.Option(
        None, "--government", help="The government whose plan it is, e.g. 爱民区 (not for a folder)."
    ),
    level: str | None = typer.Option(
        None, "--level", help="national, province, city or county (default county)."
    ),
    parent: str | None = typer.Option(None, "--parent", help="The government above it, already imported."),
    year: int | None = typer.Option(None, "--year", help="The plan year when the report does not say it."),
    apply: bool = typer.Option(False, "--apply", help="Apply the changes of a revised report."),
    assign: list[str] = typer.Option(
        None,
        "--assign",
        help="For a folder: FILE=GOVERNMENT where the report's region is unclear (repeatable).",
    ),
    user: str = operator_option(),
) -> None:
    """Extract a report and store its plan; a revised report shows its changes first. A folder with
    --parent imports each report under the government its region names, asking when unclear."""
    if report.is_dir():
        _import_folder(report, parent, assign or [], apply, user)
        return
    if not government:
        fail("请用 --government 指定政府，如 --government 爱民区；导入一个文件夹时用 --parent 指定上级政府")
    with storage(atomic=True):
        from duban.accounts.services import operator
        from duban.plans.importing import import_report

        outcome = import_report(
            report,
            government=government,
            level=level,
            parent=parent,
            year=year,
            apply=apply,
            user=operator(user),
        )
        _print_outcome(outcome, Console())


def _answers(assign: list[str]) -> dict[str, str]:
    answers = {}
    for item in assign:
        name, sep, government = item.partition("=")
        if not sep or not name.strip() or not government.strip():
            fail(f"--assign 应写成 文件名=政府名，如 --assign 2023.txt=竞秀区，收到“{item}”")
        answers[name.strip()] = government.strip()
    return answers


def _ask(name: str, problem: str, candidates) -> str | None:
    """At a terminal: ask which government the report belongs to."""
    console = Console(stderr=True)
    console.print(f"{name}：{problem}", markup=False)
    for n, c in enumerate(candidates, start=1):
        console.print(f"  {n}. {c.full_name}（{c.code}）", markup=False)
    said = typer.prompt("属于哪个政府？填序号或名称（回车跳过）", default="", show_default=False).strip()
    if said.isdigit() and 1 <= int(said) <= len(candidates):
        return candidates[int(said) - 1].name
    return said or None


def _import_folder(folder: Path, parent: str | None, assign: list[str], apply: bool, user: str) -> None:
    if not parent:
        fail("导入文件夹时请用 --parent 指定上级政府，如 --parent 保定市")
    answers = _answers(assign)
    with storage():
        from duban.accounts.services import operator
        from duban.plans.folder_import import import_folder

        outcome = import_folder(
            folder,
            parent=parent,
            answers=answers,
            ask=_ask if sys.stdin.isatty() else None,
            apply=apply,
            user=operator(user),
        )
        console = Console()
        for matched, result in outcome.imported:
            console.print(f"{matched.path.name} → {matched.government}", markup=False)
            _print_outcome(result, console)


def _print_outcome(outcome, console: Console) -> None:
    plan = outcome.plan
    tasks = plan.tasks.filter(withdrawn=False)
    if outcome.created:
        console.print(f"已导入计划 {plan.key}（编号 {plan.pk}）：任务 {tasks.count()} 项")
    elif outcome.same_file:
        console.print(f"计划 {plan.key}（编号 {plan.pk}）已由同一文件导入，无变化")
    else:
        for change in outcome.changes.changes:
            console.print(change.describe(), markup=False)
        verb = "已应用" if outcome.applied else "预览（加 --apply 应用）"
        console.print(f"计划 {plan.key}（编号 {plan.pk}）修订{verb}：{outcome.changes.summary()}")


@app.command("plans")
def plans_command() -> None:
    """List the stored plans with their ids."""
    with storage():
        from duban.plans.lookup import all_plans

        table = Table("编号", "计划", "层级", "来源文件", "任务数")
        for plan in all_plans():
            table.add_row(
                str(plan.pk),
                plan.key,
                plan.government.get_level_display(),
                plan.source_name,
                str(plan.task_count),
            )
        Console().print(table)


@split_app.command("export")
def split_export(
    plan: str = typer.Argument(..., help="爱民区/2024, or the id `duban plans` shows."),
    out: Path = typer.Argument(..., help="The .xlsx file to write."),
) -> None:
    """Write the plan's responsibility table (分工表) as an Excel workbook."""
    with storage():
        from duban.plans.lookup import find_plan
        from duban.plans.split_table import export_split

        found = find_plan(plan)
        rows = export_split(found, out)
        Console().print(f"已导出 {found.key} 分工表：{rows} 项任务 → {out}")


@split_app.command("import")
def split_import(
    plan: str = typer.Argument(..., help="爱民区/2024, or the id `duban plans` shows."),
    source: Path = typer.Argument(..., help="The edited .xlsx file."),
    apply: bool = typer.Option(False, "--apply", help="Apply the changes (default: only show them)."),
    user: str = operator_option(),
) -> None:
    """Show what an edited 分工表 changes in the plan; apply it with --apply."""
    with storage(atomic=True):
        from duban.accounts.services import operator
        from duban.plans.lookup import find_plan
        from duban.plans.split_table import import_split

        found = find_plan(plan)
        changes = import_split(found, source, apply=apply, user=operator(user))
        console = Console()
        for change in changes.changes:
            console.print(change.describe(), markup=False)
        verb = "已应用" if apply and changes else "预览（加 --apply 应用）" if changes else ""
        console.print(f"{found.key} 分工表{verb}：{changes.summary()}")
