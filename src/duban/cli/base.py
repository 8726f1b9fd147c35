"""The Typer app every command module registers on, and the one way a command fails."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

import typer

from duban.errors import Refusal

app = typer.Typer(
    help="督办 duban: turn a government work report into a tracked plan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str) -> None:
    """One clear line on stderr, exit status 2."""
    print(f"duban: {message}", file=sys.stderr)
    raise typer.Exit(2)


@contextmanager
def storage(*, atomic: bool = False) -> Iterator[None]:
    """Django configured and migrated; a refusal from any service becomes one line and status 2.

    ``atomic``: the whole command is one transaction, so a command killed or refused half-way
    leaves the database as it was, and the same command run again starts afresh.
    """
    from duban.web.config import ConfigError
    from duban.web.database import busy

    try:
        from duban.web.bootstrap import ready

        ready()
    except ConfigError as err:
        fail(str(err))
    except Exception as err:  # a database that cannot be reached or opened
        if busy(err):
            fail(_BUSY)
        fail(f"无法打开数据库（{type(err).__name__}: {err}）：请检查 DUBAN_DATABASE_URL 或 DUBAN_DATA_DIR")
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic() if atomic else nullcontext():
            yield
    except Refusal as err:
        fail(str(err))
    except DatabaseError as err:
        if busy(err):
            fail(_BUSY)
        fail(f"数据库出错（{err}）：请确认数据库可用、结构已由 duban 迁移到最新；所做的更改均未保存")


_BUSY = "数据库正忙（另一个程序正在写入，等了很久仍未让出）：所做的更改均未保存，请稍后重新运行"


def operator_option() -> str:
    return typer.Option(
        getpass.getuser(),
        "--user",
        help="Who makes the change, as the history records it (default: login name).",
    )
