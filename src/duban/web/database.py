"""The database under a rush: the connection settings in, options that make concurrent writers wait
for each other out; and which database errors only mean "busy, try again" (``busy``).

SQLite: WAL (readers never wait for the writer, nor the writer for readers), and every transaction
takes the write lock when it begins (``BEGIN IMMEDIATE``). A transaction that read first and wrote
later would otherwise find another writer in its way, and SQLite answers that with "database is
locked" at once, whatever the timeout. With the lock taken up front a writer queues for up to
``seconds`` (DUBAN_DB_BUSY_SECONDS, 15 by default). PostgreSQL: a writer waits for a row lock as
long, then gives up.

What still cannot get the lock in time is rolled back whole and answered as busy: 503 with
Retry-After on the web, one line and status 2 on the command line, never a 500.
"""

from __future__ import annotations

import sqlite3

RETRY_AFTER_SECONDS = 5
BUSY_MESSAGE = "系统繁忙：其他人正在保存，您的内容这次没有保存，请稍候几秒再提交一次"

# PostgreSQL conditions that mean only "not now": serialization failure, deadlock, lock not
# available (lock_timeout), too many connections, the server starting up.
_PG_BUSY = {"40001", "40P01", "55P03", "53300", "57P03"}
_SQLITE_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def tuned(config: dict, seconds: float) -> dict:
    """``config`` (one entry of DATABASES) with the options above for its engine."""
    options = dict(config.get("OPTIONS", {}))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", seconds)
        # synchronous stays FULL (SQLite's default): a report the server said was saved survives
        # a power cut too, not only a crash of the process.
        options.setdefault("init_command", "PRAGMA journal_mode=WAL")
    elif config["ENGINE"] == "django.db.backends.postgresql":
        wait = f"-c lock_timeout={round(seconds * 1000)}"
        options["options"] = f"{options['options']} {wait}" if options.get("options") else wait
    return {**config, "OPTIONS": options}


def busy(exc: BaseException | None) -> bool:
    """True for a database error that says only "busy": the same request later would succeed."""
    from django.db import OperationalError

    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", None)
        # Extended result codes keep the primary code in their low byte.
        return (code is not None and code & 0xFF in _SQLITE_BUSY) or "locked" in str(cause)
    return getattr(cause, "sqlstate", None) in _PG_BUSY
