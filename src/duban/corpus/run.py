"""A corpus run: paths and options in; the panel, its errors file, the promise panel and the data
card out, beside each other. Rows stream from the workers to the file in the input's order, so a
run resumed from the cache writes the same panel as one never interrupted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from duban.corpus import card, promises
from duban.corpus.cache import fingerprint
from duban.corpus.files import ReportFile, discover, in_shard
from duban.corpus.pool import ordered_map
from duban.corpus.rows import COLUMNS, TYPES
from duban.corpus.work import FileResult, Job, process_batch
from duban.corpus.writers import Panel, format_of
from duban.text.load import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Options:
    quantities: bool = False
    promises: bool = False
    jobs: int = 1
    cache: Path | None = None
    shard: tuple[int, int] | None = None
    max_bytes: int = DEFAULT_MAX_BYTES

    def job(self) -> Job:
        return Job(
            quantities=self.quantities,
            cache_root=str(self.cache) if self.cache else None,
            extractor=fingerprint(),
            max_bytes=self.max_bytes,
        )


@dataclass
class Summary:
    files: int = 0
    cached: int = 0
    failed: int = 0
    rows: int = 0
    promise_rows: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    years: dict[int, int] = field(default_factory=dict)
    outputs: list[Path] = field(default_factory=list)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def beside(out: Path, what: str, suffix: str | None = None) -> Path:
    """``panel.parquet`` → ``panel.errors.tsv`` and friends."""
    stem = out.name[: -len(out.suffix)] if out.suffix else out.name
    return out.with_name(f"{stem}.{what}{out.suffix if suffix is None else suffix}")


def selected(paths: list[Path], shard: tuple[int, int] | None) -> list[ReportFile]:
    return [f for f in discover(paths) if in_shard(f.name, shard)]


def results(files: list[ReportFile], options: Options) -> Iterator[FileResult]:
    """Each file's result, in the order of ``files``."""
    work = partial(process_batch, job=options.job())
    return ordered_map(work, ((str(f.path), f.name) for f in files), jobs=options.jobs)


def run(
    paths: list[Path],
    out: Path,
    options: Options,
    *,
    on_start: Callable[[int], None] = lambda total: None,
    on_file: Callable[[FileResult], None] = lambda result: None,
) -> Summary:
    """Write the panel for every report under ``paths`` to ``out``."""
    format_of(out)  # an unknown suffix or a missing pyarrow is refused before any work
    files = selected(paths, options.shard)
    on_start(len(files))
    summary = Summary(files=len(files))
    pairs = promises.Pairs()
    panel = Panel(out, COLUMNS, TYPES)
    errors = beside(out, "errors", ".tsv").open("w", encoding="utf-8", newline="\n")
    try:
        for result in results(files, options):
            _count(summary, result)
            if result.error:
                errors.write(f"{result.name}\t{result.sha256}\t{' '.join(result.error.split())}\n")
            else:
                panel.write(result.rows)
                pairs.add(result)
            on_file(result)
        panel.commit()
    except BaseException:
        panel.discard()
        raise
    finally:
        errors.close()
    summary.rows = panel.rows
    summary.outputs += [out, beside(out, "errors", ".tsv")]
    if options.promises:
        promise_out = beside(out, "promises")
        summary.promise_rows = promises.write_panel(pairs, promise_out, options, errors_to=errors.name)
        summary.outputs.append(promise_out)
    card_path = beside(out, "card", ".md")
    card.write(card_path, out, summary, options)
    summary.outputs.append(card_path)
    return summary


def _count(summary: Summary, result: FileResult) -> None:
    summary.cached += result.cached
    if result.error:
        summary.failed += 1
        return
    level = result.level or "unknown"
    summary.levels[level] = summary.levels.get(level, 0) + 1
    if result.plan_year is not None:
        summary.years[result.plan_year] = summary.years.get(result.plan_year, 0) + 1
