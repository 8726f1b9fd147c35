"""Time drafting a bulletin (督查通报) for a generated 10,000-task plan; prints the figures.

    .venv/bin/python bench/bulletin.py [--tasks 10000] [--repeat 3] [--keep OUT.docx]

A throw-away SQLite database in a temporary data directory gets the plan of ``bench/_web_data.py``
(30 units, half a year of reports, as of 30 June). Then, each ``--repeat`` times, it measures:

- cold: ``draft_document`` with nothing kept in the process — the plan's statuses read from the
  stored ones (``tracking.stored``, which every write keeps current), the bulletin's figures, its
  words, the charts and the .docx with the attachment table of every task;
- warm: the same with the statuses already kept for the plan's revision (as they are once the
  overview or ledger has been seen in this process): what a bulletin itself
  costs, and so the figure the target is about once the statuses no longer have to be computed;
- and the parts: statuses (of the cold run), and, with the statuses kept, the bulletin's figures
  (``facts.compute``), its words (``drafting``) and rendering the document (charts and .docx).

Each is printed as wall time and as the process's CPU time (SQLite runs in the process, so its
work is counted): on a shared machine the wall time swings with the load, the CPU time much less.
The target (issue #13) is under 2 s for the whole draft. No test is timed; this script only prints.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the last draft here")
    parser.add_argument("--profile", action="store_true", help="print where one render spends its time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="duban-bench-bulletin-") as data_dir:
        os.environ["DUBAN_DATA_DIR"] = data_dir
        os.environ.pop("DUBAN_DATABASE_URL", None)
        run(args)


_LINES = [
    ("cold", "draft, nothing kept (statuses + figures + words + charts + .docx)"),
    ("statuses", "  of which: the plan's statuses (read from the stored ones, tracking.stored)"),
    ("warm", "draft, statuses kept: what remains once statuses are stored"),
    ("figures", "  of which: the bulletin's figures (facts.compute, statuses kept)"),
    ("words", "  of which: its words (drafting)"),
    ("render", "  of which: the .docx with charts and the attachment"),
]


def _timed(work) -> tuple[tuple[float, float], object]:
    """(wall seconds, this process's CPU seconds) of ``work``, and its value: on a shared machine the
    wall time swings with the load, the CPU time much less."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = work()
    return (time.perf_counter() - wall, time.process_time() - cpu), value


def _words(plan, facts) -> dict[str, str]:
    from duban.bulletins import drafting, services
    from duban.orders.policy import issuer_of

    chosen = services.settings_of(plan)
    return drafting.draft_sections(facts, issuer=issuer_of(plan), basis=chosen.basis, methods=chosen.methods)


def _render(drafted, facts) -> bytes:
    from duban.bulletins import document

    heading = document.Heading(drafted.title, "（草稿）", drafted.issuer, "2024年7月1日")
    return document.render(facts, drafted.sections, heading, None)


def run(args: argparse.Namespace) -> None:
    import _web_data

    from duban.web import bootstrap

    bootstrap.ready()
    from duban.bulletins import services
    from duban.bulletins.facts import compute
    from duban.documents import charts
    from duban.plans.models import Plan
    from duban.tracking import cache

    built, _ = _timed(lambda: _web_data.build(args.tasks))
    plan = Plan.objects.select_related("government").get()
    day = _web_data.DAY
    print(f"plan: {args.tasks} tasks generated in {built[0]:.1f} s; CJK font for charts: {charts.cjk_font()}")
    _timed(lambda: services.draft_document(plan, day))  # imports, font lookup, matplotlib's first figure
    rows: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in _LINES}
    data = b""
    for _ in range(args.repeat):
        cache.clear()
        seconds, (_, data) = _timed(lambda: services.draft_document(plan, day))
        rows["cold"].append(seconds)
        seconds, _ = _timed(lambda: services.draft_document(plan, day))
        rows["warm"].append(seconds)
        cache.clear()
        rows["statuses"].append(_timed(lambda: cache.statuses(plan, day))[0])  # computed and kept
        seconds, facts = _timed(lambda: compute(plan, day))
        rows["figures"].append(seconds)
        rows["words"].append(_timed(partial(_words, plan, facts))[0])
        rows["render"].append(_timed(partial(_render, services.compose(plan, day), facts))[0])
    if args.profile:
        import cProfile
        import pstats

        cache.statuses(plan, day)
        for work in (partial(compute, plan, day), partial(_render, services.compose(plan, day), facts)):
            profiler = cProfile.Profile()
            profiler.runcall(work)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    print(f"load: {os.getloadavg()[0]:.2f} (1-minute average), {os.cpu_count()} cores")
    print(f"{'':>9}  wall: median  (min, max)            cpu: median  (min)")
    for name, said in _LINES:
        wall, cpu = [w for w, _ in rows[name]], [c for _, c in rows[name]]
        spread = f"(min {min(wall):.2f}, max {max(wall):.2f})"
        print(
            f"{name:>9}: {statistics.median(wall):6.2f} s  {spread}  "
            f"{statistics.median(cpu):6.2f} s  (min {min(cpu):.2f})  {said}"
        )
    print(f".docx: {len(data) / 1e6:.1f} MB, attachment rows: {args.tasks}")
    for name in ("warm", "cold"):
        verdict = "under" if statistics.median(w for w, _ in rows[name]) < 2 else "OVER"
        print(f"target 2 s, {name} draft (median): {verdict}")
    if args.keep:
        args.keep.write_bytes(data)
        print(f"kept: {args.keep}")


if __name__ == "__main__":
    main()
