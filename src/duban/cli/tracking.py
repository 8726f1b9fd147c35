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

from duban.cli.base import app, fail, operator_option, storage

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
    date: str | None = typer.Option(
        None,
        "--date",
        help="The day to assess, YYYY-MM-DD (default: the plan's 评估日期 as on the pages, else today).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list, one object per task."),
    verify: bool = typer.Option(
        False,
        "--verify",
        help="Recompute the plan, compare with the stored statuses the pages read; exit 1 on a difference.",
    ),
) -> None:
    """Every task's status, light and reason on a date."""
    asked = parse_day(date) if date else None
    with storage():
        from duban.plans.lookup import find_plan
        from duban.tracking.periods import as_of
        from duban.tracking.status import plan_status

        found = find_plan(plan)
        if verify:
            _verify(found, as_of(found, asked))
            return
        # The same default day as the pages and the API: the plan's set date, else today.
        statuses = plan_status(found, as_of(found, asked))
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


def _verify(plan, day: dt.date) -> None:
    """``duban status --verify``: the stored statuses against a full recomputation."""
    from duban.tracking import stored

    if not stored.is_current(plan.pk, day):
        typer.echo(f"{plan}：没有 {day} 的已存状态（下次读取时按当前数据重算），无需核对")
        return
    found = stored.verify(plan, day)
    for line in found:
        typer.echo(line)
    if found:
        typer.echo(f"{plan}：已存状态与重算结果有 {len(found)} 处不一致")
        raise typer.Exit(1)
    typer.echo(f"{plan}：已存状态与重算结果一致（{day}）")


@app.command("demo")
def demo_command(
    date: str = typer.Option(..., "--date", help="Fill reports for the periods due by this day, YYYY-MM-DD."),
    plan: str | None = typer.Option(None, "--plan", help="The plan to fill (default: the bundled sample)."),
    publish: bool = typer.Option(False, "--publish", help="Also publish the plan on /public/ (marked demo)."),
) -> None:
    """Fill a plan with a plausible year of demo progress reports (marked 演示数据)."""
    day = parse_day(date)
    with storage(atomic=True):
        from duban.accounts.services import operator
        from duban.plans.importing import import_report
        from duban.plans.lookup import find_plan
        from duban.tracking.demo import fill_demo

        if plan is None:
            sample = Path(str(resources.files("duban") / "samples" / "aimin-2024.txt"))
            found = import_report(sample, government=SAMPLE_GOVERNMENT, user=operator("duban")).plan
        else:
            found = find_plan(plan)
        summary = fill_demo(found, day, publish=publish)
        periods = (
            f"{summary.periods[0]} 至 {summary.periods[-1]}" if summary.periods else "（尚无到期的期次）"
        )
        # One line whatever the terminal's width: a wrapped line would break 2024-01 至 2024-09.
        typer.echo(f"{found.key}：已生成演示进展报告 {summary.reports} 份，期次 {periods}（标记为演示数据）")


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

    Meant for cron or a systemd timer, once a day (see docs/reminders.md).

    Never sends the same reminder twice: running it again only retries the sends that failed.

    Prints each send and a total; the exit status is 0 even when some sends failed.
    """
    day = parse_day(date)
    with storage():
        from duban.plans.lookup import find_plan
        from duban.tracking.reminders import send_reminders

        summary = send_reminders(day, plan=find_plan(plan) if plan else None, dry_run=dry_run)
        for line in _reminder_lines(summary):
            typer.echo(line)
        if not dry_run:
            _refresh_statuses(find_plan(plan) if plan else None)


def _refresh_statuses(only) -> None:
    """The daily timer also brings the stored statuses to the new day, so no reader waits for it."""
    from duban.plans.models import Plan
    from duban.tracking import stored
    from duban.tracking.periods import as_of

    for plan in [only] if only is not None else Plan.objects.order_by("pk"):
        stored.ensure(plan, as_of(plan))


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


progress_app = typer.Typer(help="Progress reports (进展报送表) as Excel.", no_args_is_help=True)
app.add_typer(progress_app, name="progress")
_PLAN_HELP = "爱民区/2024, or the id `duban plans` shows."


@progress_app.command("export")
def progress_export(
    plan: str = typer.Argument(..., help=_PLAN_HELP),
    out: Path = typer.Argument(..., help="The .xlsx file to write."),
    period: str = typer.Option(..., "--period", help="The period: 2024-05, or 2024-Q2 for a quarterly plan."),
    department: str | None = typer.Option(
        None, "--department", help="Only the tasks this unit leads (default: every task, for the office)."
    ),
) -> None:
    """Write the progress sheet of a period, pre-filled from the reports already on file."""
    with storage():
        from duban.plans.lookup import find_plan
        from duban.tracking.progress_common import period_named, unit_named
        from duban.tracking.progress_export import export_progress

        found = find_plan(plan)
        when = period_named(found, period)
        unit = unit_named(found, department) if department else None
        summary = export_progress(found, when, out, department=unit)
        whose = unit.name if unit else "全部单位"
        typer.echo(
            f"已导出 {found.key} {when.title}进展报送表（{whose}）：{summary.tasks} 项任务、"
            f"{summary.rows} 行 → {out}"
        )


@progress_app.command("import")
def progress_import(
    plan: str = typer.Argument(..., help=_PLAN_HELP),
    source: Path = typer.Argument(..., help="The filled .xlsx file."),
    department: str | None = typer.Option(
        None, "--department", help="Refuse the file unless it is this unit's."
    ),
    period: str | None = typer.Option(None, "--period", help="Refuse the file unless it is for this period."),
    apply: bool = typer.Option(False, "--apply", help="File the reports (default: only list them)."),
    accept: bool = typer.Option(False, "--accept", help="File them as accepted (审核通过) by the office."),
    user: str = operator_option(),
) -> None:
    """List the reports a filled progress sheet makes, one per task; file them with --apply.

    The command line acts for the supervision office (督查室): an account that has no role yet
    (a fresh login name) is given the office role on first use; an account with another role
    keeps it, and a unit liaison may import only its own unit's sheet.
    """
    with storage(atomic=True):
        from duban.plans.lookup import find_plan
        from duban.tracking.progress_common import period_named, unit_named
        from duban.tracking.progress_import import import_progress

        found = find_plan(plan)
        outcome = import_progress(
            found,
            source,
            user=office_operator(user),
            department=unit_named(found, department) if department else None,
            period=period_named(found, period) if period else None,
            apply=apply,
            accept=accept,
        )
        for line in _import_lines(outcome):
            typer.echo(line)


def office_operator(name: str):
    """The account the command runs as; a name without a role is the office itself (see help)."""
    from duban.accounts.models import Profile, UserRole
    from duban.accounts.services import ensure_role, operator

    user = operator(name)
    if not Profile.objects.filter(user=user).exists():
        ensure_role(user, UserRole.OFFICE)
    return user


def _import_lines(outcome) -> list[str]:
    from duban.tracking.progress_import import Action

    lines = [filing.describe() for filing in outcome.filings]
    filed = outcome.count(Action.FILE)
    verb = "已审核通过" if outcome.applied and outcome.accepted else "已报送" if outcome.applied else "将报送"
    tail = "" if outcome.applied else "（预览，加 --apply 报送）"
    accepted = f"，审核通过 {outcome.count(Action.ACCEPT)} 项" if outcome.count(Action.ACCEPT) else ""
    lines.append(
        f"{outcome.plan.key} {outcome.period.title}{tail}：{verb} {filed} 项{accepted}，"
        f"未变化 {outcome.count(Action.UNCHANGED)} 项"
    )
    return lines
