"""A large work report for the write benchmarks: the bundled sample with its plan's paragraphs
repeated, each copy's numbers varied (years kept) and its sentences marked with its round, until
the plan has about the number of tasks asked for. The outline stays the sample's: the copies
fall in the chapters they came from.

    python bench/_big_report.py --tasks 10000 [--revision 1] OUT.txt
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "duban" / "samples" / "aimin-2024.txt"
_HEADING = re.compile(r"^#+ ")
_NUMBER = re.compile(r"\d+")
_SAMPLE_TASKS = 61  # what each copy of the sample's plan yields, as measured


def big_report(tasks: int, revision: int = 0) -> str:
    """The sample with its plan part's paragraphs copied ``ceil(tasks / 61)`` times in all.
    A ``revision`` above 0 is the same plan with other numbers (a revised report of it)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    plan_start = next(n for n, line in enumerate(lines) if _HEADING.match(line) and "重点工作" in line)
    copies = max(1, -(-tasks // _SAMPLE_TASKS))
    out = lines[: plan_start + 1]
    block: list[str] = []
    for line in lines[plan_start + 1 :]:
        if _HEADING.match(line):
            out += _copied(block, copies, revision) + [line]
            block = []
        else:
            block.append(line)
    return "\n".join(out + _copied(block, copies, revision)) + "\n"


def _copied(block: list[str], copies: int, revision: int) -> list[str]:
    if not any(line.strip() for line in block) or not any("。" in line for line in block):
        return block
    made = [_numbers(line, 0, revision) for line in block]
    for n in range(1, copies):
        # Sentences with no number would repeat word for word, and a plan states a task once.
        made += ["", *(_numbers(line, n, revision).replace("。", f"（第{n}轮）。") for line in block)]
    return made


def _numbers(line: str, copy: int, revision: int) -> str:
    if copy == 0 and revision == 0:
        return line  # the sample's own plan, as written

    def vary(found: re.Match) -> str:
        value = int(found.group())
        if 1990 <= value <= 2040:  # a year: the plan's own, kept
            return found.group()
        return str(max(1, value * (10 + (copy * 7 + revision * 3 + found.start()) % 13) // 10))

    return _NUMBER.sub(vary, line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--revision", type=int, default=0)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.write_text(big_report(args.tasks, args.revision), encoding="utf-8")


if __name__ == "__main__":
    main()
