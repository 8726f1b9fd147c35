"""Tracking commands: ``duban status``, ``duban demo``, ``duban progress export|import`` and
``duban remind``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from importlib import resources
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from duban.cli.base import app, fail, storage

SAMPLE_GOVERNMENT = "爱民区"
_LIGHT_STYLE = {"green": "green", "yellow": "yellow", "red": "red"}
_LIGHT_WORD = {"green": "绿", "yellow": "黄", "red": "红"}


def parse_day(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"日期“{text}”无效：请写成 YYYY-MM-DD，如 2024-09-30")
    raise AssertionError  # fail() always exits


@app.command("status")
def status_command(
    plan: str = typer.Argument(..., help="爱民区/2024, or the id `duban plans` shows."),
    date: str | None = typer.Option(None, "--date", help="The day to assess, YYYY-MM-DD (default today)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list, one object per task."),
) -> None:
    """Every task's status, light and reason on a date."""
    day = parse_day(date)
    with storage():
        from duban.plans.lookup import find_plan
        from duban.tracking.status import plan_status

        statuses = plan_status(find_plan(plan), day)
        if as_json:
            sys.stdout.write(json.dumps([s.as_json() for s in statuses], ensure_ascii=False, indent=1) + "\n")
            return
        table = Table("任务", "灯", "状态", "序时", "完成", "说明")
        for s in statuses:
            style = _LIGHT_STYLE[s.light]
            table.add_row(
                s.task_id,
                f"[{style}]●{_LIGHT_WORD[s.light]}[/{style}]",
                s.status,
                f"{s.time_progress:.0%}",
                "—" if s.completion is None else f"{s.completion:.0%}",
                s.reason,
            )
        Console().print(table)


@app.command("demo")
def demo_command(
    date: str = typer.Option(..., "--date", help="Fill reports for the periods due by this day, YYYY-MM-DD."),
    plan: str | None = typer.Option(None, "--plan", help="The plan to fill (default: the bundled sample)."),
) -> None:
    """Fill a plan with a plausible year of demo progress reports (marked 演示数据)."""
    day = parse_day(date)
    with storage():
        from duban.accounts.services import operator
        from duban.plans.importing import import_report
        from duban.plans.lookup import find_plan
        from duban.tracking.demo import fill_demo

        if plan is None:
            sample = Path(str(resources.files("duban") / "samples" / "aimin-2024.txt"))
            found = import_report(sample, government=SAMPLE_GOVERNMENT, user=operator("duban")).plan
        else:
            found = find_plan(plan)
        summary = fill_demo(found, day)
        periods = (
            f"{summary.periods[0]} 至 {summary.periods[-1]}" if summary.periods else "（尚无到期的期次）"
        )
        Console().print(
            f"{found.key}：已生成演示进展报告 {summary.reports} 份，期次 {periods}（标记为演示数据）"
        )


_OUTCOME_WORD = {"sent": "已发送", "failed": "失败", "skipped": "跳过", "planned": "将发送"}


@app.command("remind")
def remind_command(
    date: str | None = typer.Option(
        None, "--date", help="The day to remind for, YYYY-MM-DD (default today)."
    ),
    plan: str | None = typer.Option(
        None, "--plan", help="Only this plan: 爱民区/2024 or its id (default all)."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="List what would be sent; send and record nothing."
    ),
) -> None:
    """Remind (催办) the units whose reports are missing, before, on and after the due date.

    Meant to run once a day from cron or a systemd timer (see docs/reminders.md): a reminder is
    never sent twice, so running it more often only retries the failed sends. Prints every send
    and a total; failed sends are listed and the exit status is still 0.
    """
    day = parse_day(date)
    with storage():
        from duban.plans.lookup import find_plan
        from duban.tracking.reminders import send_reminders

        summary = send_reminders(day, plan=find_plan(plan) if plan else None, dry_run=dry_run)
        for line in _reminder_lines(summary):
            typer.echo(line)


def _reminder_lines(summary) -> list[str]:
    from duban.tracking.models import Channel, Stage
    from duban.tracking.reminders import Outcome

    lines = []
    for d in summary.deliveries:
        to = d.to if d.departments == (d.to,) else f"{d.to}（{'、'.join(d.departments)}）"
        detail = f"：{d.detail}" if d.detail else ""
        lines.append(
            f"{d.plan} {d.period} {Stage(d.stage).label} {Channel(d.channel).label} → {to}："
            f"{_OUTCOME_WORD[d.outcome]}{detail}"
        )
    if not summary.deliveries:
        lines.append(f"{summary.day.isoformat()} 没有需要发送的催办")
    if summary.dry_run:
        lines.append(
            f"合计（演练，未发送也未记录）：将发送 {summary.count(Outcome.PLANNED)} 条，"
            f"跳过 {summary.count(Outcome.SKIPPED)} 条"
        )
    else:
        lines.append(
            f"合计：已发送 {summary.count(Outcome.SENT)} 条，失败 {summary.count(Outcome.FAILED)} 条，"
            f"跳过 {summary.count(Outcome.SKIPPED)} 条"
        )
    return lines
