"""Order commands: ``duban order propose`` (for cron, like ``duban remind``)."""

from __future__ import annotations

import typer

from duban.cli.base import app, operator_option, storage
from duban.cli.tracking import office_operator, parse_day

order_app = typer.Typer(help="Supervision orders (督办单).", no_args_is_help=True)
app.add_typer(order_app, name="order")


@order_app.command("propose")
def propose_command(
    plan: str = typer.Argument(..., help="爱民区/2024, or the id `duban plans` shows."),
    date: str | None = typer.Option(None, "--date", help="The day to assess, YYYY-MM-DD (default today)."),
    user: str = operator_option(),
) -> None:
    """Store the orders the plan's rules propose on a day, for the office to review and issue."""
    day = parse_day(date)
    with storage():
        from duban.orders.proposals import propose
        from duban.plans.lookup import find_plan

        found = find_plan(plan)
        made = propose(found, day, user=office_operator(user))
        for order in made:
            typer.echo(f"{order.task.external_id} {order.department} {order.kind}：{order.problem}")
        typer.echo(f"{found.key} {day.isoformat()}：新建督办建议 {len(made)} 条（在督办单页面审定后交办）")
