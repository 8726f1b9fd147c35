"""Account commands: ``duban user add`` and ``duban user token``."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from duban.cli.base import app, fail, storage

user_app = typer.Typer(help="Accounts: office staff, unit liaisons and readers.", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("密码", hide_input=True)
    if typer.prompt("再输入一次", hide_input=True) != first:
        fail("两次输入的密码不一致：请重新运行")
    return first


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="The login name."),
    role: str = typer.Option(
        ..., "--role", help="office (督查室), liaison (单位联络员) or reader (领导/人大代表)."
    ),
    department: str | None = typer.Option(None, "--department", help="A liaison's unit, e.g. 教育局."),
    government: str | None = typer.Option(
        None,
        "--government",
        help="A liaison's unit's government; the government an office or reader belongs to (default: all).",
    ),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
) -> None:
    """Create (or update) an account with its role; the password comes from a prompt or stdin."""
    password = _password(password_stdin)
    with storage(atomic=True):
        from duban.accounts.services import add_user

        user = add_user(name, role, password=password, department=department, government=government)
        Console().print(f"已保存账号 {user.username}（{user.profile.get_role_display()}）", markup=False)


@user_app.command("token")
def user_token(
    name: str = typer.Argument(..., help="An existing login name."),
    label: str = typer.Option("", "--label", help="What the token is for."),
) -> None:
    """Issue an API token (Authorization: Bearer …); it is printed once and only its hash is kept."""
    with storage():
        from django.contrib.auth import get_user_model

        from duban.accounts.services import issue_token

        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            fail(f"没有账号“{name}”：请先用 duban user add 创建")
        print(issue_token(user, label))
