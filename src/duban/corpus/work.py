"""What one worker does with one report file: its path in; its panel rows, or the reason it
failed, out. The cache is asked first, so a file already extracted costs a hash and a read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from duban.corpus.cache import ResultCache
from duban.corpus.files import sha256_of
from duban.corpus.rows import region_fields, rows_of
from duban.extract.pipeline import extract_file
from duban.text.load import DEFAULT_MAX_BYTES, ReportError


@dataclass
class FileResult:
    name: str
    sha256: str
    rows: list[dict] = field(default_factory=list)
    error: str | None = None
    cached: bool = False
    region_code: str | None = None
    level: str | None = None
    plan_year: int | None = None


@dataclass(frozen=True)
class Job:
    """What every worker needs to know, besides the file."""

    quantities: bool = False
    cache_root: str | None = None
    extractor: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES

    @property
    def parts(self) -> frozenset[str]:
        """What of the contract the panel's rows are made of: never the tasks."""
        return frozenset({"quantities"}) if self.quantities else frozenset()

    @property
    def mode(self) -> str:
        return "quantities" if self.quantities else "indicators"


def kept_part(result: dict, quantities: bool) -> dict:
    """What the cache keeps of an extraction: enough to make the rows again, a few kilobytes."""
    document = {k: v for k, v in (result.get("document") or {}).items() if k != "text"}
    kept = {"document": document, "indicators": result.get("indicators") or []}
    if quantities:
        kept["quantities"] = result.get("quantities") or []
        kept["outline"] = _parts_only(result.get("outline") or [])
    return kept


def _parts_only(nodes: list[dict]) -> list[dict]:
    return [
        {"id": n["id"], "part": n.get("part"), "children": _parts_only(n.get("children") or [])}
        for n in nodes
    ]


def not_a_report(document: dict) -> str | None:
    """Why an extraction is no work report (no year planned or reviewed), or None."""
    if document.get("plan_year") is None and document.get("review_year") is None:
        return "不像政府工作报告：找不到计划年度和回顾年度"
    return None


def extract_entry(path: Path, job: Job) -> dict:
    """The cache entry of one file: what its rows are made of, or its error."""
    try:
        result = extract_file(path, max_bytes=job.max_bytes, parts=job.parts)
    except ReportError as err:
        return {"error": str(err)}
    except Exception as err:  # noqa: BLE001 — one bad file must never end a run of thousands
        return {"error": f"抽取出错（{type(err).__name__}: {err}）：请把这个文件报告给 duban 的开发者"}
    problem = not_a_report(result.get("document") or {})
    return {"error": problem} if problem else kept_part(result, job.quantities)


def process(path: str, name: str, job: Job) -> FileResult:
    try:
        sha256 = sha256_of(Path(path))
    except OSError as err:
        return FileResult(name, "", error=f"无法读取（{err.strerror or err}）：请检查文件权限")
    cache = ResultCache(Path(job.cache_root) if job.cache_root else None, job.extractor)
    entry = cache.get(sha256, job.mode)
    cached = entry is not None
    if entry is None:
        entry = extract_entry(Path(path), job)
        cache.put(sha256, job.mode, entry)
    if entry.get("error"):
        return FileResult(name, sha256, error=entry["error"], cached=cached)
    document = entry.get("document") or {}
    region = region_fields(document)
    return FileResult(
        name,
        sha256,
        rows_of(entry, name, sha256, quantities=job.quantities),
        cached=cached,
        region_code=region["region_code"],
        level=region["level"],
        plan_year=document.get("plan_year"),
    )


def process_batch(batch: list[tuple[str, str]], job: Job) -> list[FileResult]:
    return [process(path, name, job) for path, name in batch]
