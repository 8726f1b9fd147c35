"""Extraction results kept on disk by file hash, so that an interrupted or repeated run only
extracts what it has not seen: a file's SHA-256 and the mode in, what its rows are made of out.

The key holds the extractor's fingerprint (its code and data files), so a changed extractor never
serves old results. Each entry is written to a temporary name and renamed: a run killed at any
moment leaves whole entries or none.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from importlib import resources
from pathlib import Path

import duban
from duban.extract.pipeline import SCHEMA


@cache
def fingerprint() -> str:
    """The extractor's identity: its version, schema, code and data files, hashed."""
    digest = hashlib.sha256(f"{duban.__version__} {SCHEMA}".encode())
    root = resources.files("duban")
    for folder, pattern in (("text", "*.py"), ("extract", "*.py"), ("data", "*.toml")):
        for path in sorted(Path(str(root / folder)).glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class ResultCache:
    """One JSON file per (file hash, mode) under ``root``/<fingerprint>/<2 hex digits>/."""

    def __init__(self, root: Path | None, extractor: str | None = None) -> None:
        self.root = root
        self.extractor = extractor or fingerprint()

    def _path(self, sha256: str, mode: str) -> Path:
        assert self.root is not None
        return self.root / self.extractor / sha256[:2] / f"{sha256}.{mode}.json"

    def get(self, sha256: str, mode: str) -> dict | None:
        if self.root is None:
            return None
        try:
            return json.loads(self._path(sha256, mode).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent, or unreadable: extracted again and rewritten

    def put(self, sha256: str, mode: str, entry: dict) -> None:
        if self.root is None:
            return
        path = self._path(sha256, mode)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)
