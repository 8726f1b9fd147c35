"""Rush benchmark (issue #12): the reporting week on a large plan. Units submit and the office
accepts while readers load the overview, the ledger and task pages; and what each page costs the
first time it is asked right after a write.

    .venv/bin/python bench/rush.py [--db sqlite|postgres|both] [--tasks 10000] [--cold 1000,10000]
                                   [--seconds 60] [--units 30] [--readers 10] [--workers 2]
                                   [--pace 4] [--think 0.2] [--repeats 7]
                                   [--postgres-url postgres://postgres@127.0.0.1:5432/duban_bench]

For each database and each plan size in ``--cold`` (and ``--tasks``), it generates the plan of
bench/web.py (``_web_data.py``) plus an API token and the tasks whose report for the assessed
period is missing (``_rush_data.py``), serves it with gunicorn (DUBAN_ENV=production) and:

- cold: ``--repeats`` times per page, one report submitted and accepted through the API, then the
  page fetched once (nothing else running): the page's cost right after a write, p50 and max;
- rush (at ``--tasks`` only): for ``--seconds``, ``--units`` writers each submit a report every
  ``--pace`` seconds (through the API, as the office filing for the lead unit), one office writer
  accepts each as it comes, ``--readers`` readers load the overview, the ledger and a random task
  page in turn with ``--think`` seconds between, and one client asks ``/healthz``; it prints the
  readers' p50/p95/p99 per page and in all, the writers' p95, and the ratio to ``/healthz``.

Latencies are what the clients saw over loopback on the same machine (bounded: every client
waits for its answer before the next request). Absolute figures depend on the machine's other
load; the ratios and the growth with the plan's size are the point.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import (  # noqa: E402
    HERE,
    HOST,
    drop_database,
    gunicorn_command,
    postgres_reachable,
    production_env,
    recreate_database,
    serving,
)
from _web_load import BenchError, fetch, login  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/duban_bench"
PAGES = ["/", "/ledger/", "/tasks/{task}/"]


def main() -> int:
    args = _arguments()
    sizes = sorted(set(args.cold) | {args.tasks})
    print(
        f"duban rush benchmark: sizes {sizes}, rush at {args.tasks} tasks for {args.seconds:g} s, "
        f"{args.units} units, {args.readers} readers, {args.workers} workers, {os.cpu_count()} cores"
    )
    failed = False
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        for size in sizes:
            try:
                run(db, size, args)
            except BenchError as err:
                print(f"[{db} {size}] FAILED: {err}")
                failed = True
    return 1 if failed else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--tasks", type=int, default=10_000, help="plan size of the rush")
    parser.add_argument("--cold", type=lambda s: [int(x) for x in s.split(",") if x], default=[1000, 10_000])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pace", type=float, default=4.0, help="seconds between one unit's submissions")
    parser.add_argument("--think", type=float, default=0.2, help="seconds between one reader's pages")
    parser.add_argument("--repeats", type=int, default=7, help="writes per page for the cold figures")
    parser.add_argument("--postgres-url", default=os.environ.get("DUBAN_BENCH_POSTGRES_URL", DEFAULT_PG))
    return parser.parse_args()


def run(db: str, size: int, args: argparse.Namespace) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="duban-rush-"))
    url = args.postgres_url if db == "postgres" else None
    env = production_env(data_dir, url)
    try:
        if url:
            if not postgres_reachable(url):
                print(f"[postgres] SKIPPED: no PostgreSQL at {url} (set --postgres-url)")
                url = None
                return
            recreate_database(url)
        data = _script(env, "_web_data.py", "--tasks", str(size))
        rush = _script(env, "_rush_data.py")
        print(f"[{db} {size}] generated {data['tasks']} tasks in {data['seconds']} s")
        command = gunicorn_command(args.workers, "--log-level", "warning")
        with serving(command, env, data_dir / "gunicorn.log") as port:
            client = _Client(port, login(HOST, port, data["username"], data["password"]), rush)
            for page in PAGES:  # every worker reads the plan once, as a running server has
                for _ in range(args.workers * 2):
                    client.get(page.format(task=data["task"]))
            _cold(db, size, client, data["task"], args)
            if size == args.tasks:
                _rush(db, size, client, args)
    finally:
        if url:
            drop_database(url)
        shutil.rmtree(data_dir, ignore_errors=True)


def _script(env: dict, name: str, *extra: str) -> dict:
    made = subprocess.run(
        [sys.executable, str(HERE / name), *extra], env=env, capture_output=True, text=True, check=False
    )
    if made.returncode != 0:
        raise BenchError(f"{name} failed:\n{made.stderr[-3000:]}")
    return json.loads(made.stdout.strip().splitlines()[-1])


class _Client:
    """Pages with the office's session cookie; reports through the API with its token."""

    def __init__(self, port: int, cookie: str, rush: dict) -> None:
        self.port, self.cookie, self.token, self.period = port, cookie, rush["token"], rush["period"]
        self.tasks: queue.SimpleQueue = queue.SimpleQueue()
        for item in rush["tasks"]:
            self.tasks.put(item)
        self.lock = threading.Lock()

    def get(self, path: str) -> float:
        began = time.perf_counter()
        status, _ = fetch(HOST, self.port, path, self.cookie)
        if status != 200:
            raise BenchError(f"GET {path}: HTTP {status}")
        return time.perf_counter() - began

    def post(self, path: str, body: dict) -> tuple[float, dict]:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        began = time.perf_counter()
        try:
            conn.request("POST", path, body=json.dumps(body), headers=headers)
            answer = conn.getresponse()
            text = answer.read()
        finally:
            conn.close()
        spent = time.perf_counter() - began
        if answer.status != 200:
            raise BenchError(f"POST {path}: HTTP {answer.status} {text[:300]!r}")
        return spent, json.loads(text)

    def submit(self) -> tuple[float, dict] | None:
        try:
            task_id, targets = self.tasks.get_nowait()
        except queue.Empty:
            return None
        figures = {t: round(v * random.uniform(0.3, 0.6), 2) for t, v in targets if v is not None}
        body = {"period": self.period, "progress": "按计划推进", "figures": figures, "submit": True}
        if not figures:
            body["percent"] = 50.0
        return self.post(f"/api/tasks/{task_id}/reports", body)

    def accept(self, report: dict) -> float:
        spent, _ = self.post(
            f"/api/reports/{report['id']}/review", {"accept": True, "version": report["version"]}
        )
        return spent


def _cold(db: str, size: int, client: _Client, task: str, args: argparse.Namespace) -> None:
    """Each page right after a write (a report submitted and accepted), nothing else running."""
    for page in [*PAGES, "/healthz"]:
        spent = []
        for _ in range(args.repeats):
            found = client.submit()
            if found is None:
                raise BenchError("no task left to report on")
            client.accept(found[1])
            spent.append(client.get(page.format(task=task)))
        print(
            f"[{db} {size}] cold after a write {page.format(task='T'):<12} "
            f"p50 {statistics.median(spent) * 1000:7.1f} ms  max {max(spent) * 1000:7.1f} ms"
        )


def _rush(db: str, size: int, client: _Client, args: argparse.Namespace) -> None:
    stop = time.time() + args.seconds
    accepts: queue.SimpleQueue = queue.SimpleQueue()
    seen: dict[str, list[float]] = {"submit": [], "accept": [], "/healthz": [], **{p: [] for p in PAGES}}
    errors: list[str] = []
    task_ids = [item for item in _task_ids(client)]

    def record(key: str, value: float) -> None:
        with client.lock:
            seen[key].append(value)

    def unit(n: int) -> None:
        time.sleep(args.pace * n / args.units)  # spread over the first interval
        while time.time() < stop:
            began = time.time()
            try:
                found = client.submit()
                if found is None:
                    return
                record("submit", found[0])
                accepts.put(found[1])
            except BenchError as err:
                errors.append(str(err))
            time.sleep(max(0.0, args.pace - (time.time() - began)))

    def office() -> None:
        while time.time() < stop:
            try:
                report = accepts.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                record("accept", client.accept(report))
            except BenchError as err:
                errors.append(str(err))

    def reader(n: int) -> None:
        rng = random.Random(n)
        turn = n
        while time.time() < stop:
            page = PAGES[turn % len(PAGES)]
            turn += 1
            try:
                record(page, client.get(page.format(task=rng.choice(task_ids))))
            except BenchError as err:
                errors.append(str(err))
            time.sleep(args.think)

    def healthz() -> None:
        while time.time() < stop:
            record("/healthz", client.get("/healthz"))
            time.sleep(args.think)

    threads = [threading.Thread(target=unit, args=(n,)) for n in range(args.units)]
    threads += [threading.Thread(target=reader, args=(n,)) for n in range(args.readers)]
    threads += [threading.Thread(target=office), threading.Thread(target=healthz)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    base = _pct(seen["/healthz"], 0.95)
    print(
        f"[{db} {size}] rush {args.seconds:g} s: {len(errors)} errors"
        + (f" (first: {errors[0]})" if errors else "")
    )
    readers = [x for p in PAGES for x in seen[p]]
    for key, values in [
        *[(p, seen[p]) for p in PAGES],
        ("readers", readers),
        ("submit", seen["submit"]),
        ("accept", seen["accept"]),
        ("/healthz", seen["/healthz"]),
    ]:
        p95 = _pct(values, 0.95)
        print(
            f"[{db} {size}]   {key:<16} n {len(values):>5}  p50 {_pct(values, 0.5):7.1f}  p95 {p95:7.1f}  "
            f"p99 {_pct(values, 0.99):7.1f} ms  p95/healthz p95 {p95 / base if base else float('nan'):6.1f}"
        )


def _task_ids(client: _Client) -> list[str]:
    """Task ids for the readers' task pages: those the writers will not touch, and some they will."""
    items = []
    while len(items) < 200:
        try:
            items.append(client.tasks.get_nowait())
        except queue.Empty:
            break
    for item in items[100:]:
        client.tasks.put(item)
    return [task_id for task_id, _ in items] or ["T0"]


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(q * len(ordered) + 0.5) - 1))] * 1000


if __name__ == "__main__":
    sys.exit(main())
