"""Helpers for the corpus tests: run the CLI, write recombined reports (made at run time, never stored)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from duban.corpus.recombine import base, synthetic
from duban.extract import extract_file

CLI = [sys.executable, "-m", "duban"]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600)


def write_synthetic(folder: Path, sources: list[Path], n: int, seed: int = 7) -> list[Path]:
    """``n`` recombined reports (other regions, other years) from ``sources`` into ``folder``."""
    bases = []
    for path in sources:
        found = base(path.stem, path.read_text(encoding="utf-8"), extract_file(path)["document"]["region"])
        if found is not None:
            bases.append(found)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in synthetic(bases, n, seed=seed):
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
