"""``duban corpus``: folders of reports in, a panel file for researchers out (``duban.corpus``),
with a progress bar and its ETA; no Django is imported here."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from duban.cli.base import app, fail
from duban.text.load import DEFAULT_MAX_BYTES


@app.command("corpus")
def corpus_command(
    paths: list[Path] = typer.Argument(..., help="Report files or folders of them (searched recursively)."),
    out: Path = typer.Option(..., "--out", "-o", help="The panel: .parquet (needs pyarrow), .csv or .jsonl."),
    quantities: bool = typer.Option(False, "--quantities", help="One row per quantity, not per indicator."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default: every core)."),
    promises: bool = typer.Option(
        False, "--promises", help="Also check each region's targets against its next year's report."
    ),
    shard: str | None = typer.Option(
        None, "--shard", help="K/N: take only the K-th of N parts of the input."
    ),
    cache: Path | None = typer.Option(
        None, "--cache", help="Where results are kept by file hash (default: .duban-corpus-cache beside OUT)."
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Extract every file again and keep nothing."),
    max_mb: float = typer.Option(DEFAULT_MAX_BYTES / 1024 / 1024, "--max-mb", help="Refuse larger files."),
) -> None:
    """Extract every report under the paths into one panel, on all cores, resumable."""
    from duban.corpus.files import ShardError, parse_shard
    from duban.corpus.run import Options, default_jobs, run
    from duban.corpus.writers import PanelFormatError
    from duban.regions import RegionTableMissing

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail(f"找不到 {'、'.join(missing)}：请检查路径")
    try:
        options = Options(
            quantities=quantities,
            promises=promises,
            jobs=jobs if jobs > 0 else default_jobs(),
            cache=None if no_cache else (cache or out.parent / ".duban-corpus-cache"),
            shard=parse_shard(shard),
            max_bytes=int(max_mb * 1024 * 1024),
        )
    except ShardError as err:
        fail(str(err))
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]抽取 extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} 失败 failed"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
    task = progress.add_task("corpus", total=None, failed=0)
    failed, running = 0, False

    def started(total: int) -> None:
        nonlocal running
        progress.update(task, total=total)
        progress.start()
        running = True

    def advanced(result) -> None:
        nonlocal failed
        failed += bool(result.error)
        progress.update(task, advance=1, failed=failed)

    try:
        summary = run(paths, out, options, on_start=started, on_file=advanced)
    except (PanelFormatError, RegionTableMissing) as err:
        fail(str(err))
    finally:
        if running:
            progress.stop()
    read = summary.files - summary.failed
    Console(soft_wrap=True).print(
        f"面板 {out}：{read} 份报告，{summary.rows} 行"
        + (f"（{summary.cached} 个文件取自缓存）" if summary.cached else "")
        + (f"；{summary.failed} 个文件未能读取，原因见 {summary.outputs[1]}" if summary.failed else "")
        + (f"；兑现核查 {summary.promise_rows} 行" if promises else "")
        + f"；资料卡 {summary.outputs[-1]}",
        markup=False,
        highlight=False,
    )
