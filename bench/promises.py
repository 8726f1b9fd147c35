"""Promise check benchmark and scorer: the dev pair's verdicts against the gold, and the check's time.

    python bench/promises.py [--plan FILE --next FILE --gold FILE] [--repeat N]

By default the dev pair ``hebei-province-2024.txt`` -> ``hebei-province-2025.txt`` of
``../shared/corpus`` against ``../shared/gold/promises/hebei-province-2024-2025.json``. Prints the
share of right verdicts, the figures invented for targets the gold says the next report does not
state, each wrong check, then the times (median of N runs after a warm-up): extracting both reports,
the whole check from the two files (load, extract both, pair and judge), and the pairing alone, run
in turn round after round; the budget is judged on this process's CPU time, which other work on
shared cores disturbs less than the wall clock (both are printed).
The check must stay under the time of extracting both reports plus 20%; the exit status is 1
when it does not, or when the verdicts fall under 90% or any figure is invented.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from duban.extract.pipeline import extract_loaded
from duban.promises import check, check_files
from duban.promises.score import load_gold, score
from duban.text.load import load_report

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PLAN = SHARED / "corpus" / "hebei-province-2024.txt"
NEXT = SHARED / "corpus" / "hebei-province-2025.txt"
GOLD = SHARED / "gold" / "promises" / "hebei-province-2024-2025.json"
BUDGET = 1.2  # the check may take the time of extracting both reports plus 20%
ACCURACY = 0.9


def paired_medians(runs: dict, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """Each round runs every job once, in turn, so a burst of load from elsewhere hits them alike;
    the medians of wall clock and of this process's CPU time, in ms."""
    for run in runs.values():
        run()  # warm-up
    wall: dict[str, list[float]] = {k: [] for k in runs}
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            w, c = time.perf_counter(), time.process_time()
            run()
            wall[name].append((time.perf_counter() - w) * 1000)
            cpu[name].append((time.process_time() - c) * 1000)
    return {k: statistics.median(v) for k, v in wall.items()}, {
        k: statistics.median(v) for k, v in cpu.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=Path, default=PLAN)
    parser.add_argument("--next", type=Path, default=NEXT, dest="next_report")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    ok = True
    result = check_files(args.plan, args.next_report)
    if args.gold.is_file():
        s = score(result, load_gold(args.gold))
        print(f"verdicts right: {s.right}/{s.checks} = {s.accuracy:.1%}  (needed ≥ {ACCURACY:.0%})")
        print(f"figures invented where the gold has none: {len(s.invented)}")
        print(f"checks of the prediction no gold check overlaps: {s.unpaired_predictions}")
        for m in s.wrong:
            print(
                f"  wrong: {m.metric} {m.target}: gold {m.gold} ({m.gold_actual}),",
                f"got {m.predicted} ({m.predicted_actual})",
            )
        for m in s.invented:
            print(f"  invented: {m.metric} {m.target}: {m.predicted_actual}")
        for m in s.wrong_figure:
            print(
                f"  right verdict, other figure: {m.metric} {m.target}:",
                f"gold {m.gold_actual}, got {m.predicted_actual}",
            )
        ok = s.accuracy >= ACCURACY and not s.invented
    else:
        print(f"no gold at {args.gold}: verdicts not scored")

    plan_loaded, next_loaded = load_report(args.plan), load_report(args.next_report)
    plan_x, next_x = extract_loaded(plan_loaded), extract_loaded(next_loaded)

    def extract_both() -> None:
        extract_loaded(load_report(args.plan))
        extract_loaded(load_report(args.next_report))

    runs = {
        "extract": extract_both,
        "check": lambda: check_files(args.plan, args.next_report),
        "pair": lambda: check(plan_x, next_x, plan_text=plan_loaded.text, next_text=next_loaded.text),
    }
    wall, cpu = paired_medians(runs, args.repeat)
    extract_ms, check_ms, pair_ms = cpu["extract"], cpu["check"], cpu["pair"]
    ratio = check_ms / extract_ms
    shown = ", ".join(f"{k} {v:.1f}" for k, v in wall.items())
    print(f"wall clock (ms, median): {shown}")
    print("CPU time of this process (what the budget is judged on; other processes share the cores):")
    print(f"extract both reports: {extract_ms:8.1f} ms")
    print(f"whole check (files):  {check_ms:8.1f} ms  = {ratio:.2f} × extraction (budget {BUDGET:.2f})")
    print(f"pairing and verdicts: {pair_ms:8.1f} ms  ({len(result['checks'])} checks)")
    ok = ok and ratio <= BUDGET
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
