"""Fixtures of the hardening tests: the environment of a duban process on the test database, and a
small plan with one unit per client (bench/load.py's, at its smallest).

These tests run on both databases (``scripts/test`` runs the ``django_db`` ones again on
PostgreSQL) and need committed rows other processes can read, so they use transactional tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from live import database_url, environment


@pytest.fixture
def duban_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a duban process on the test database, with its own data directory."""
    return environment(tmp_path / "data", database_url())


@pytest.fixture
def load_plan() -> dict:
    """bench/load.py's plan at its smallest: four units, two tasks each, logins and tokens."""
    from _load_data import build

    return build(clients=4, tasks_per_client=2)
