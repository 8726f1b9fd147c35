"""Orders' words: ``data/order_phrases.toml`` read once, with the template of each level's
requirement, the document's field names and the notices."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

DATA_FILE = "order_phrases.toml"


@cache
def phrases() -> dict[str, Any]:
    return tomllib.loads((resources.files("duban") / "data" / DATA_FILE).read_text(encoding="utf-8"))


def requirement(level: int, limit: str) -> str:
    return phrases()["requirement"][str(level)].format(limit=limit)


def notice(which: str, **fields: object) -> str:
    return phrases()["notice"][which].format(**fields)


def issuer(government: str) -> str:
    return phrases()["issuer"].format(government=government)
