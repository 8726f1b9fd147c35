"""Load test: an office's reporting deadline. N unit liaisons save drafts and submit at once while
the office accepts the submissions, against ``duban serve --workers W``; afterwards every write a
client was told was saved must be in the database exactly once, with its content.

    .venv/bin/python bench/load.py [--db sqlite|postgres|both] [--clients 50] [--writes 20]
                                   [--tasks 5] [--workers 2]
                                   [--postgres-url postgres://postgres@127.0.0.1:5432/duban_load]

For each database it makes a temporary DUBAN_DATA_DIR (and, for PostgreSQL, recreates the
database the URL names, dropped again afterwards), builds a plan with one unit per client, each
leading ``--tasks`` tasks (``bench/_load_data.py``), and serves it with ``duban serve --workers W``
(gunicorn, DUBAN_ENV=production). Every client signs in as its unit's liaison (half by the web
form with a session, half by the JSON API with a token) and makes ``--writes`` writes spread over
its tasks: drafts, then the submission (``bench/_load_clients.py``); the office accepts every
submission as it arrives. It prints the counts (sent, 2xx, 4xx, 5xx, no answer, then lost and
duplicated from the database) and the latencies of saves, submissions and acceptances.

The exit status is 1 when a write was lost or duplicated, or any answer was a 5xx or none came:
the acceptance of issue #16 is 0, 0 and 0 at 50 clients × 20 writes on both databases. A 503
(the database stayed busy past its timeout) would count as a 5xx here, though the server says
"retry" and stored nothing. The load generator shares the machine with the server.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load_clients import Log, run  # noqa: E402
from _server import (  # noqa: E402
    HERE,
    HOST,
    drop_database,
    postgres_reachable,
    production_env,
    recreate_database,
    serving,
)
from _web_load import BenchError  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/duban_load"


def main() -> int:
    args = _arguments()
    print(
        f"duban load test: {args.clients} clients × {args.writes} writes over {args.tasks} tasks each, "
        f"duban serve --workers {args.workers}, {os.cpu_count()} cores"
    )
    failed = False
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        try:
            verdict = run_one(db, args)
        except BenchError as err:
            print(f"[{db}] FAILED: {err}")
            failed = True
            continue
        failed |= verdict is False
    return 1 if failed else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--writes", type=int, default=20, help="writes per client")
    parser.add_argument("--tasks", type=int, default=5, help="tasks per client the writes spread over")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres-url", default=os.environ.get("DUBAN_LOAD_POSTGRES_URL", DEFAULT_PG))
    parser.add_argument("--keep", action="store_true", help="keep the data directory (and its server log)")
    return parser.parse_args()


def run_one(db: str, args: argparse.Namespace) -> bool | None:
    """Build, serve, load and check ``db``; True when it passes, None when PostgreSQL is absent."""
    data_dir = Path(tempfile.mkdtemp(prefix="duban-load-"))
    url = args.postgres_url if db == "postgres" else None
    if url and not postgres_reachable(url):
        print(f"[postgres] SKIPPED: no PostgreSQL at {url} (set --postgres-url)")
        return None
    env = production_env(data_dir, url)
    try:
        if url:
            recreate_database(url)
        data = json.loads(_child(env, "build", "--clients", str(args.clients), "--tasks", str(args.tasks)))
        command = [sys.executable, "-m", "duban", "serve", "--workers", str(args.workers), "--port", "{port}"]
        with serving(command, env, data_dir / "server.log") as port:
            log, seconds = run(HOST, port, data, args.writes)
        verdict = json.loads(_child(env, "check", stdin=json.dumps(log.writes)))
        return report(db, log, verdict, seconds, data_dir / "server.log")
    finally:
        if url:
            drop_database(url)
        if args.keep:
            print(f"[{db}] kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def _child(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, str(HERE / "_load_data.py"), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"_load_data.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def report(db: str, log: Log, verdict: dict, seconds: float, server_log: Path) -> bool:
    counts = {**log.counts(), "lost": verdict["lost"], "duplicated": verdict["duplicated"]}
    print(f"\n[{db}] {seconds:.1f} s: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if verdict["unacknowledged_stored"]:
        print(f"[{db}] refused to the client yet stored: {verdict['unacknowledged_stored']}")
    print(f"[{db}] {'write':<8} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, latencies in sorted(log.latencies.items()):
        ordered = sorted(latencies)
        p50, p95 = (_percentile(ordered, q) for q in (0.5, 0.95))
        print(f"[{db}] {kind:<8} {len(ordered):>6} {p50:>8.0f} {p95:>8.0f} {ordered[-1] * 1000:>8.0f}")
    for problem in verdict["problems"]:
        print(f"[{db}] problem: {problem}")
    errors = [line for line in server_log.read_text(errors="replace").splitlines() if "Error" in line]
    for line in errors[:5]:
        print(f"[{db}] server log: {line[:300]}")
    ok = counts["5xx"] == counts["no answer"] == counts["lost"] == counts["duplicated"] == 0
    ok &= verdict["unacknowledged_stored"] == 0
    print(f"[{db}] {'PASS' if ok else 'FAIL'}: 0 lost, 0 duplicated, 0 5xx and an answer to every write\n")
    return ok


def _percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)] * 1000


if __name__ == "__main__":
    sys.exit(main())
