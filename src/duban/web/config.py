"""Deployment settings read from the environment, apart from Django so the CLI can report them.

DUBAN_ENV (development | production | test), DUBAN_DATA_DIR, DUBAN_DATABASE_URL,
DUBAN_DB_BUSY_SECONDS and DUBAN_SECRET_KEY. Development has safe defaults; production refuses a
missing or placeholder key.
"""

from __future__ import annotations

import os
from pathlib import Path

DEVELOPMENT_KEY = "duban-development-key-not-for-production"
# Keys people paste from tutorials; a production server must not run with them.
_PLACEHOLDER_KEYS = {"", "changeme", "change-me", "secret", "please-change-me", DEVELOPMENT_KEY}


class ConfigError(Exception):
    """A setting that cannot be used; the message says which and what to do."""


def environment() -> str:
    env = os.environ.get("DUBAN_ENV", "development").strip().lower()
    if env not in {"development", "production", "test"}:
        raise ConfigError(f"DUBAN_ENV={env!r} 无效：请设为 development、production 或 test")
    return env


def data_dir() -> Path:
    """Where the SQLite database and evidence files live; made on first use."""
    configured = os.environ.get("DUBAN_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "duban"


def database_url() -> str:
    url = os.environ.get("DUBAN_DATABASE_URL", "").strip()
    return url or f"sqlite:///{data_dir() / 'duban.sqlite3'}"


def busy_seconds() -> float:
    """How long a write waits for another writer's lock before it is answered "busy"."""
    text = os.environ.get("DUBAN_DB_BUSY_SECONDS", "").strip() or "15"
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 600:
        raise ConfigError(f"DUBAN_DB_BUSY_SECONDS={text!r} 无效：请设为 0 到 600 之间的秒数，如 15")
    return seconds


def secret_key() -> str:
    key = os.environ.get("DUBAN_SECRET_KEY", "").strip()
    if environment() == "production" and (key.lower() in _PLACEHOLDER_KEYS or len(key) < 32):
        raise ConfigError(
            "生产环境缺少有效的 DUBAN_SECRET_KEY：请设置至少 32 个字符的随机密钥"
            "（例如 python -c 'import secrets; print(secrets.token_urlsafe(50))'）"
        )
    return key or DEVELOPMENT_KEY
