"""The paths a researcher names in; the report files under them out, in one fixed order, with the
name each keeps in the panel, and the slice of them one shard takes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

# What a folder of reports may hold; other files (CSV, scripts, images) are not reports and are
# left out without a word. A file named directly is always taken.
REPORT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".docx", ".doc", ".pdf"})


class ShardError(ValueError):
    """``--shard`` is not K/N with 1 ≤ K ≤ N."""


@dataclass(frozen=True)
class ReportFile:
    path: Path  # where to read it
    name: str  # the panel's source_file: the path as found under the path given


def discover(paths: list[Path]) -> list[ReportFile]:
    """Every report under ``paths``, each once, in the order of the paths and then of their names."""
    found: list[ReportFile] = []
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir():
            inside = sorted(
                p
                for p in given.rglob("*")
                if p.suffix.lower() in REPORT_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(given).parts)
            )
        else:
            inside = [given]
        for path in inside:
            real = path.resolve()
            if real not in seen:
                seen.add(real)
                found.append(ReportFile(path, str(path)))
    return found


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """``"2/8"`` → (2, 8); None → None."""
    if text is None:
        return None
    k, _, n = text.partition("/")
    if not (k.strip().isdigit() and n.strip().isdigit()) or not 1 <= int(k) <= int(n):
        raise ShardError(f"--shard 应写成 K/N（1 ≤ K ≤ N），如 --shard 1/4，收到“{text}”")
    return int(k), int(n)


def in_shard(name: str, shard: tuple[int, int] | None) -> bool:
    """Whether the file named ``name`` belongs to shard K of N: decided by the name's hash alone,
    so every file lands in exactly one shard whatever else the folder holds, on any machine."""
    if shard is None:
        return True
    k, n = shard
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
