"""Bulletin commands: ``duban bulletin draft``."""

from __future__ import annotations

from pathlib import Path

import typer

from duban.cli.base import app, storage
from duban.cli.tracking import parse_day

bulletin_app = typer.Typer(help="Bulletins (督查通报) as Word documents.", no_args_is_help=True)
app.add_typer(bulletin_app, name="bulletin")


@bulletin_app.command("draft")
def draft(
    plan: str = typer.Argument(..., help="爱民区/2024, or the id `duban plans` shows."),
    date: str = typer.Option(..., "--date", help="The day the figures are taken on, YYYY-MM-DD."),
    span: str | None = typer.Option(
        None, "--span", help="一季度, 上半年, 前三季度, 全年 or 1-N月 (default: from the date)."
    ),
    out: Path | None = typer.Option(None, "-o", "--out", help="The .docx to write (default: the title)."),
) -> None:
    """Draft the bulletin of a day from the ledger and write it as .docx; nothing is stored."""
    day = parse_day(date)
    with storage():
        from duban.bulletins.services import draft_document
        from duban.plans.lookup import find_plan

        found = find_plan(plan)
        drafted, data = draft_document(found, day, span)
        target = out or Path(f"{drafted.title}（草稿）.docx")
        target.write_bytes(data)
        whole = drafted.facts.group("all")
        typer.echo(
            f"{found.key} {drafted.title}（草稿，截至 {day.isoformat()}）：{whole.total} 项任务，"
            f"未达序时进度 {len(drafted.facts.laggards)} 条 → {target}"
        )
