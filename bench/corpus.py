"""Corpus benchmark: reports per second and peak memory of `duban corpus` as the corpus grows.

    python bench/corpus.py [--n 1000 10000] [--jobs 2] [--repeat 2] [--corpus DIR] [--format csv|parquet]

For each N it writes N reports made by recombining the shared corpus and the bundled sample
(each moved to another region of the same level and to another year: `duban.corpus.recombine`)
into a temporary folder, runs `duban corpus FOLDER --out panel --jobs J --no-cache` as a child
process, and prints the reports per second and the peak resident memory of the whole process
tree (the command and its workers, sampled from /proc every 50 ms), with the time that 100,000
reports would take at that rate. Memory flat in N means the rows stream to the file.

The folder is synced to disk before the clock starts and each N is run ``--repeat`` times, the
fastest run kept: on a virtual machine the first run after writing hundreds of megabytes is
slowed by the kernel's writeback and reclaim of those pages, which is no cost of `duban corpus`
(on the same files the first run took 20 s and the third 16 s). Every run's time is printed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from duban.corpus.recombine import write_corpus

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SAMPLE = REPO / "src" / "duban" / "samples" / "aimin-2024.txt"
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):  # a process that just ended
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        stack.extend(children.get(pid, []))
    return total


def measure(folder: Path, out: Path, jobs: int) -> tuple[float, int, str]:
    command = [sys.executable, "-m", "duban", "corpus", str(folder), "--out", str(out)]
    command += ["--jobs", str(jobs), "--no-cache"]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss(child.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    said = child.stdout.read().strip() if child.stdout else ""
    if child.returncode != 0:
        raise SystemExit(f"duban corpus failed (status {child.returncode}): {said}")
    return seconds, peak, said


def sources(corpus: Path) -> list[Path]:
    found = sorted(corpus.rglob("*.txt")) if corpus.is_dir() else []
    return [*found, SAMPLE]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--format", choices=["csv", "parquet", "jsonl"], default="parquet")
    parser.add_argument("--repeat", type=int, default=2, help="runs per N; the fastest is kept")
    args = parser.parse_args()

    console = Console()
    table = Table(
        title=f"duban corpus, {args.jobs} processes, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    for name in ("reports", "MB of text", "seconds", "reports/s", "peak RSS (MB)", "100,000 reports", "rows"):
        table.add_column(name, justify="right")
    for n in args.n:
        folder = Path(tempfile.mkdtemp(prefix=f"duban-bench-{n}-"))
        try:
            made = write_corpus(folder / "reports", sources(args.corpus), n)
            size = sum(p.stat().st_size for p in made) / 1e6
            os.sync()
            runs = [
                measure(folder / "reports", folder / f"panel{i}.{args.format}", args.jobs)
                for i in range(max(1, args.repeat))
            ]
            console.print(f"{n:,} reports, each run: " + ", ".join(f"{r[0]:.1f} s" for r in runs))
            seconds, _, said = min(runs)
            peak = max(r[1] for r in runs)
            rate = n / seconds
            rows = said.split("，")[1].split(" 行")[0] if "，" in said else "?"
            table.add_row(
                f"{n:,}", f"{size:.0f}", f"{seconds:.1f}", f"{rate:.1f}", f"{peak / 1e6:.0f}",
                f"{100_000 / rate / 60:.0f} min", rows,
            )  # fmt: skip
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    console.print(table)
    console.print(
        f"load average after: {os.getloadavg()[0]:.1f} (other work on the same cores slows every figure)"
    )


if __name__ == "__main__":
    main()
