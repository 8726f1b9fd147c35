"""The promise check's data files: a name in (``promise_rules``), the parsed ``data/NAME.toml`` out."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def load(name: str) -> dict:
    return tomllib.loads((resources.files("duban") / "data" / f"{name}.toml").read_text("utf-8"))
