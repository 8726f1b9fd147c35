"""Throw-away databases beside the test database, of the same kind: made empty, cloned from one
another, looked into with this process's ORM, and asked whether someone holds a transaction open.

SQLite: files in a directory, cloned with the online backup API. PostgreSQL: databases named
after the test database, cloned with ``CREATE DATABASE … TEMPLATE``, dropped at the end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from live import database_url


class Scratch:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.vendor = connection.vendor
        self.made: list[str] = []

    def url(self, name: str) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{self._path(name)}"
        return database_url().rpartition("/")[0] + f"/{self._pg_name(name)}"

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.sqlite3"

    def _pg_name(self, name: str) -> str:
        return f"{connection.settings_dict['NAME']}_{name}"

    def _admin(self):
        import psycopg

        return psycopg.connect(database_url().rpartition("/")[0] + "/postgres", autocommit=True)

    def empty(self, name: str) -> str:
        """A new empty database (the first duban command migrates it); its URL."""
        self.drop(name)
        if self.vendor == "postgresql":
            with self._admin() as admin:
                admin.execute(f'CREATE DATABASE "{self._pg_name(name)}"')
        self.made.append(name)
        return self.url(name)

    def clone(self, source: str, name: str) -> str:
        """``name`` made a copy of ``source`` (nobody may be connected to ``source``); its URL."""
        self.drop(name)
        if self.vendor == "sqlite":
            with sqlite3.connect(self._path(source)) as src, sqlite3.connect(self._path(name)) as dst:
                src.backup(dst)
        else:
            with self._admin() as admin:
                admin.execute(f'CREATE DATABASE "{self._pg_name(name)}" TEMPLATE "{self._pg_name(source)}"')
        self.made.append(name)
        return self.url(name)

    def drop(self, name: str) -> None:
        if self.vendor == "sqlite":
            for suffix in ["", "-wal", "-shm", "-journal"]:
                Path(f"{self._path(name)}{suffix}").unlink(missing_ok=True)
            return
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self._pg_name(name)}" WITH (FORCE)')

    def drop_all(self) -> None:
        for name in dict.fromkeys(self.made):
            self.drop(name)

    @contextmanager
    def reading(self, name: str) -> Iterator[None]:
        """This process's default connection points at ``name`` inside the block (a transactional
        test holds no transaction it could break)."""
        settings = connection.settings_dict
        test_name = settings["NAME"]
        connection.close()
        settings["NAME"] = str(self._path(name)) if self.vendor == "sqlite" else self._pg_name(name)
        try:
            yield
        finally:
            connection.close()
            settings["NAME"] = test_name

    def in_transaction(self, name: str) -> bool:
        """Whether another connection is writing: holds SQLite's write lock, or has a PostgreSQL
        transaction that wrote (it has a transaction id)."""
        if self.vendor == "sqlite":
            probe = sqlite3.connect(self._path(name), timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:
                return True
            finally:
                probe.close()
        with self._admin() as admin:
            row = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL",
                [self._pg_name(name)],
            ).fetchone()
        return row[0] > 0
