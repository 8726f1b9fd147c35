"""Bulk-write benchmark (issue #12): how long the large writes take as the plan grows.

    .venv/bin/python bench/bulk.py [--db sqlite|postgres|both] [--tasks 1000,10000]
                                   [--postgres-url postgres://postgres@127.0.0.1:5432/duban_bench]

For each database and plan size it writes a report of about that many tasks (the bundled sample's
plan repeated with varied numbers: ``_big_report.py``) and a revision of it (the same tasks, other
numbers), then times, each as the command a user runs (a child process, wall clock):

- ``duban import REPORT`` into a database migrated beforehand (the migration is not counted);
- ``duban demo --date 2024-06-30`` on that plan: half a year of reports;
- ``duban split export`` and ``duban split import --apply`` of the 分工表 with every row's deadline
  changed;
- ``duban progress export`` and ``duban progress import --apply --accept`` of the progress sheet
  for 2024-07 with every row's figure filled;
- ``duban import REVISED --apply``: the revised report over the filled plan;
- ``duban status --verify``, which must find the stored statuses equal to a recomputation.

It prints each step's seconds, its seconds per 1,000 tasks, and the ratio of the largest size's
figure to the smallest's against the ratio of their task counts: linear growth keeps the two
close. Absolute figures depend on the machine's other load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _big_report import big_report  # noqa: E402
from _server import drop_database, postgres_reachable, production_env, recreate_database  # noqa: E402
from _web_load import BenchError  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/duban_bench"
GOVERNMENT, PLAN, DAY, PERIOD = "爱民区", "爱民区/2024", "2024-06-30", "2024-07"
STEPS = ["import", "demo", "split import", "progress import", "revised import", "verify"]


def main() -> int:
    args = _arguments()
    print(f"duban bulk-write benchmark: sizes {args.tasks}, {os.cpu_count()} cores")
    failed = False
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        results: dict[int, dict[str, float]] = {}
        for size in args.tasks:
            try:
                results[size] = run(db, size, args)
            except BenchError as err:
                print(f"[{db} {size}] FAILED: {err}")
                failed = True
        _growth(db, results)
    return 1 if failed else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--tasks", type=lambda s: sorted(int(x) for x in s.split(",") if x), default=[1000, 10_000]
    )
    parser.add_argument("--postgres-url", default=os.environ.get("DUBAN_BENCH_POSTGRES_URL", DEFAULT_PG))
    return parser.parse_args()


def run(db: str, size: int, args: argparse.Namespace) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="duban-bulk-"))
    url = args.postgres_url if db == "postgres" else None
    try:
        if url:
            if not postgres_reachable(url):
                raise BenchError(f"no PostgreSQL at {url} (set --postgres-url)")
            recreate_database(url)
        env = production_env(work / "data", url)
        report, revised = work / "report.txt", work / "revised.txt"
        report.write_text(big_report(size), encoding="utf-8")
        revised.write_text(big_report(size, revision=1), encoding="utf-8")
        _duban(env, "plans")  # migrates the fresh database, which the figures leave out
        spent: dict[str, float] = {}
        spent["import"], out = _timed(env, "import", str(report), "--government", GOVERNMENT)
        tasks = _count(out)
        print(f"[{db} {size}] {tasks} tasks ({len(report.read_text(encoding='utf-8')):,} characters)")
        spent["demo"], out = _timed(env, "demo", "--date", DAY, "--plan", PLAN)
        print(f"[{db} {size}]   demo: {out.strip().splitlines()[-1]}")
        spent["split import"] = _split(env, work)
        spent["progress import"] = _progress(env, work)
        revising = ("import", str(revised), "--government", GOVERNMENT, "--apply")
        spent["revised import"] = _timed(env, *revising)[0]
        spent["verify"] = _timed(env, "status", "--verify", PLAN)[0]
        for step in STEPS:
            per = spent[step] * 1000 / tasks
            print(f"[{db} {size}]   {step:<16} {spent[step]:8.1f} s  {per:6.2f} s per 1,000 tasks")
        spent["tasks"] = tasks
        return spent
    finally:
        if url:
            drop_database(url)
        shutil.rmtree(work, ignore_errors=True)


def _split(env: dict, work: Path) -> float:
    """The 分工表 exported, every row's deadline moved, imported with --apply: seconds of the import."""
    from openpyxl import load_workbook

    sheet_path = work / "split.xlsx"
    _duban(env, "split", "export", PLAN, str(sheet_path))
    book = load_workbook(sheet_path)
    sheet = book.active
    top = _header_row(sheet, "完成时限")
    column = [str(c.value or "").strip() for c in sheet[top]].index("完成时限") + 1
    for row in range(top + 1, sheet.max_row + 1):
        if sheet.cell(row, column).value:
            sheet.cell(row, column).value = "2024年11月30日"
    book.save(sheet_path)
    return _timed(env, "split", "import", PLAN, str(sheet_path), "--apply")[0]


def _progress(env: dict, work: Path) -> float:
    """The progress sheet for PERIOD exported, every figure filled, imported and accepted."""
    from openpyxl import load_workbook

    sheet_path = work / "progress.xlsx"
    _duban(env, "progress", "export", PLAN, str(sheet_path), "--period", PERIOD)
    book = load_workbook(sheet_path)
    sheet = book.active
    top = _header_row(sheet, "完成值")
    header = [str(c.value or "").strip() for c in sheet[top]]
    target, figure, progress = (header.index(name) + 1 for name in ("目标值", "完成值", "进展情况"))
    for row in range(top + 1, sheet.max_row + 1):
        sheet.cell(row, progress).value = "按计划推进"
        if sheet.cell(row, target).value not in (None, ""):
            sheet.cell(row, figure).value = "1"
    book.save(sheet_path)
    return _timed(env, "progress", "import", PLAN, str(sheet_path), "--apply", "--accept")[0]


def _header_row(sheet, name: str) -> int:
    return next(r for r in range(1, 10) if any(str(c.value or "").strip() == name for c in sheet[r]))


def _timed(env: dict, *args: str) -> tuple[float, str]:
    began = time.perf_counter()
    out = _duban(env, *args)
    return time.perf_counter() - began, out


def _duban(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "duban", *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        said = (done.stderr or done.stdout)[-2000:]
        raise BenchError(f"duban {' '.join(args)} exited {done.returncode}:\n{said}")
    return done.stdout


def _count(out: str) -> int:
    # "已导入计划 爱民区/2024（编号 1）：任务 10009 项"
    return int(out.rsplit("任务", 1)[1].split("项")[0])


def _growth(db: str, results: dict[int, dict[str, float]]) -> None:
    if len(results) < 2:
        return
    small, large = results[min(results)], results[max(results)]
    tasks = large["tasks"] / small["tasks"]
    print(f"[{db}] growth from {small['tasks']:.0f} to {large['tasks']:.0f} tasks (×{tasks:.1f}):")
    for step in STEPS:
        print(f"[{db}]   {step:<16} ×{large[step] / small[step]:5.1f}")


if __name__ == "__main__":
    sys.exit(main())
