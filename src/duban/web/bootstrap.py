"""Django for the command line: configure once, and migrate a fresh or outdated database.

A newcomer's first `duban import` must work with no other command, so commands that touch
storage call ``ready()``; extraction commands never import Django.
"""

from __future__ import annotations

import os
from functools import cache


@cache
def ready(*, migrate: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    if migrate:
        migrate_if_needed()


def migrate_if_needed() -> bool:
    """Apply pending migrations; True when any were applied."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", verbosity=0, interactive=False)
    return True
