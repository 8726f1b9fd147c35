"""Extraction benchmark: import time, speed per report, peak memory.

    python bench/extract.py [--corpus DIR] [--repeat N]

The corpus defaults to ``../shared/corpus`` next to the repository, else the bundled sample
``src/duban/samples/``. For each ``*.txt`` report it times ``extract_file`` (load + extract) and
``extract_text`` (extract alone): one warm-up, then the median of N runs. A report that fails is
reported on its row; the run goes on, and the exit status is 1 if any report failed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "src" / "duban" / "samples"
IMPORT_RUNS = 5
IMPORT_SNIPPET = "import time; t = time.perf_counter(); import duban.extract; print(time.perf_counter() - t)"


@dataclass
class Row:
    name: str
    chars: int
    file_ms: float | None = None  # median ms of extract_file (load + extract)
    text_ms: float | None = None  # median ms of extract_text (extract alone)
    error: str | None = None


def median_ms(run: Callable[[], object], repeat: int) -> float:
    """One warm-up call, then the median wall time of ``repeat`` calls, in milliseconds."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def import_seconds(runs: int = IMPORT_RUNS) -> list[float]:
    """Time ``import duban.extract`` in fresh interpreters (interpreter start-up not counted)."""
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", IMPORT_SNIPPET], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"import duban.extract failed: {last}")
        times.append(float(done.stdout.strip()))
    return times


def describe(err: BaseException) -> str:
    message = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {message}" if message else type(err).__name__


def bench_report(path: Path, repeat: int) -> Row:
    from duban.extract import extract_file, extract_text
    from duban.text.load import load_report

    try:
        text: str | None = load_report(path).text
    except Exception:  # the loader may not exist yet; count the raw characters instead
        text = None
    chars = len(text) if text is not None else len(path.read_text(encoding="utf-8", errors="replace"))
    row = Row(path.name, chars)
    try:
        row.file_ms = median_ms(lambda: extract_file(path), repeat)
        if text is not None:
            row.text_ms = median_ms(lambda: extract_text(text), repeat)
    except Exception as err:  # a failing report is a row, not the end of the run
        row.error = describe(err)
    return row


def peak_memory(path: Path) -> int:
    """Bytes allocated at the peak of one ``extract_file`` call, as tracemalloc sees them."""
    from duban.extract import extract_file

    tracemalloc.start()
    try:
        extract_file(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def max_rss_bytes() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # macOS reports bytes, Linux KiB


def rate(chars: int, ms: float | None) -> str:
    return f"{chars / (ms / 1000):,.0f}" if ms else "—"


def fmt_ms(ms: float | None) -> str:
    return f"{ms:.2f}" if ms is not None else "—"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark duban's extractor on a corpus of reports.")
    parser.add_argument("--corpus", type=Path, default=None, help="Directory of *.txt reports.")
    parser.add_argument("--repeat", type=int, default=20, help="Timed runs per report (default 20).")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    console = Console()

    corpus = args.corpus or (DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else SAMPLES)
    reports = sorted(corpus.glob("*.txt"))
    if not reports:
        console.print(f"No *.txt reports in {corpus}", style="red")
        return 2
    console.print(f"Corpus {corpus}: {len(reports)} reports, {args.repeat} timed runs each\n")

    try:
        times = import_seconds()
        console.print(
            f"import duban.extract: median {statistics.median(times) * 1000:.1f} ms "
            f"(min {min(times) * 1000:.1f} ms, {len(times)} fresh interpreters)\n"
        )
    except (RuntimeError, ValueError) as err:
        console.print(Text(f"import duban.extract: {err}", style="red"))
        return 1

    table = Table(
        title="Median ms per run: file = extract_file (load + extract), text = extract_text",
        title_justify="left",
    )
    table.add_column("report", no_wrap=True)
    for name in ("chars", "file ms", "chars/s", "text ms"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    rows = []
    for path in reports:
        row = bench_report(path, args.repeat)
        rows.append(row)
        table.add_row(
            row.name,
            f"{row.chars:,}",
            fmt_ms(row.file_ms),
            rate(row.chars, row.file_ms),
            fmt_ms(row.text_ms),
            Text("failed", style="red") if row.error else "ok",
        )
    ok = [row for row in rows if row.error is None]
    chars = sum(row.chars for row in ok)
    file_ms = sum(row.file_ms or 0 for row in ok)
    text_ms = sum(row.text_ms or 0 for row in ok) if all(row.text_ms for row in ok) else None
    table.add_section()
    table.add_row(
        f"total ({len(ok)}/{len(rows)} ok)",
        f"{chars:,}",
        fmt_ms(file_ms if ok else None),
        rate(chars, file_ms),
        fmt_ms(text_ms if ok else None),
        "",
    )
    console.print(table)
    for row in rows:
        if row.error:
            console.print(Text(f"{row.name}: {row.error}", style="red"))

    largest = max(ok, key=lambda row: row.chars, default=None)
    if largest is not None:
        peak = peak_memory(corpus / largest.name)
        console.print(f"tracemalloc peak, one extract_file of {largest.name}: {peak / 2**20:.1f} MiB")
    else:
        console.print("tracemalloc peak: — (no report was extracted)")
    rss = max_rss_bytes()
    if rss is not None:
        console.print(f"max RSS of this process: {rss / 2**20:.1f} MiB")
    return 1 if len(ok) < len(rows) else 0


if __name__ == "__main__":
    sys.exit(main())
