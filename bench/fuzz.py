"""Fuzz the extractor: N generated inputs, every one extracted, its JSON checked, its time taken.

    python bench/fuzz.py [--inputs 1000000] [--jobs 2] [--seed 0] [--start 0]

Inputs mix long runs of the characters that make patterns backtrack (brackets, quotes, digits,
dots, dashes, %, numerals, units), corpus sentences cut and spliced at random, and random text,
from a few characters to 20,000. For each input the run checks that extraction raises nothing and
that its result is valid strict JSON (no NaN or infinity, and every number readable back). It
prints the counts, the throughput and the slowest inputs' time per 1,000 characters (an input
shorter than 1,000 characters counts as 1,000, so a fixed cost per call is not blown up), taken as
the process's CPU time, so other work on the machine does not make an input look slow. Exit
status 1 when any input raised or gave invalid JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "src" / "duban" / "samples"
FRAME = "一、2025年工作回顾\n过去一年，地区生产总值增长5%。\n二、2026年重点工作\n"
RUNS = [
    "(", "（", ")", "“", "”", '"', "《", "【", "1", "9", "0", ".", "．", "-", "—", "－", "~", "%", "％",
    "、", "，", "。", "；", "：", "第", "十", "二", "两", "万", "亿", "元", "个", "年", "月", "日", "是",
    "#", " ", "\n", "1.", "1%", "1、", "“1", "1-", "5%—", "9.9", "超过1", "增长1%", "12万亿元、", "一是",
    "各位代表！", "“十四五”", "五年来，", "主要预期目标是：", "—", "1—11月", "〇",
]  # fmt: skip


def sentences() -> list[str]:
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else sorted(SAMPLES.glob("*.txt"))
    out = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        out.extend(s for s in text.replace("\n", "。").split("。") if s)
    return out


def make_input(rng: random.Random, pool: list[str]) -> str:
    kind = rng.random()
    if kind < 0.45:
        sizes = (1, 3, 50, 400, 2000, 8000)
        pieces = [rng.choice(RUNS) * rng.choice(sizes) for _ in range(rng.randint(1, 4))]
        body = "".join(pieces)[:20000]
    elif kind < 0.9:
        picked = [rng.choice(pool) for _ in range(rng.randint(1, 12))]
        body = "。".join(_mutate(rng, s) for s in picked)
    else:
        codes = (rng.choice((rng.randint(32, 0x2FFF), rng.randint(0x4E00, 0x9FFF))) for _ in range(300))
        body = "".join(map(chr, codes))
    return FRAME + body if rng.random() < 0.7 else body


def _mutate(rng: random.Random, sentence: str) -> str:
    if len(sentence) < 2 or rng.random() < 0.5:
        return sentence
    i = rng.randrange(len(sentence))
    return sentence[:i] + rng.choice(RUNS) * rng.randint(1, 30) + sentence[i:]


def _valid_json(result: dict) -> bool:
    try:
        return json.loads(json.dumps(result, ensure_ascii=False, allow_nan=False)) is not None
    except (ValueError, TypeError):
        return False


def work(args: tuple[int, int, int]) -> dict:
    from duban.extract import extract_text

    seed, start, count = args
    pool = sentences()
    extract_text(FRAME)  # the language data loads on the first call: not any input's cost
    stats = {"inputs": 0, "chars": 0, "seconds": 0.0, "exceptions": [], "invalid": [], "slowest": []}
    for n in range(start, start + count):
        text = _input(seed, n, pool)
        t0 = time.process_time()
        try:
            result = extract_text(text)
        except Exception as err:  # the point of fuzzing: report every exception, go on
            stats["exceptions"].append((n, f"{type(err).__name__}: {err}"[:200]))
            continue
        dt = time.process_time() - t0
        if not _valid_json(result):
            stats["invalid"].append(n)
        stats["inputs"] += 1
        stats["chars"] += len(text)
        stats["seconds"] += dt
        per_k = _per_k(dt, len(text))
        stats["slowest"] = sorted([*stats["slowest"], (per_k, n, len(text))], reverse=True)[:10]
    return stats


def _input(seed: int, n: int, pool: list[str]) -> str:
    return make_input(random.Random(seed * 1_000_003 + n), pool)


def _per_k(seconds: float, length: int) -> float:
    return seconds * 1000 / max(length, 1000) * 1000  # ms per 1,000 characters


def retime(seed: int, numbers: list[int], rounds: int = 5) -> dict[int, tuple[float, str]]:
    """The slowest inputs again, each alone in this process, best of ``rounds``, with how each
    begins: a figure taken amid the pool's other work is inflated by whatever else shared the
    core at that moment."""
    from duban.extract import extract_text

    pool = sentences()
    best = {}
    for n in numbers:
        text = _input(seed, n, pool)
        times = []
        for _ in range(rounds):
            t0 = time.process_time()
            extract_text(text)
            times.append(time.process_time() - t0)
        body = text[len(FRAME) :] if text.startswith(FRAME) else text
        best[n] = (_per_k(min(times), len(text)), repr(body[:12]))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--start", type=int, default=0, help="first input number: a long run can be made in slices"
    )
    parser.add_argument("--chunk", type=int, default=2000)
    args = parser.parse_args()
    stop = args.start + args.inputs
    chunks = [(args.seed, s, min(args.chunk, stop - s)) for s in range(args.start, stop, args.chunk)]
    total = {"inputs": 0, "chars": 0, "seconds": 0.0, "exceptions": [], "invalid": [], "slowest": []}
    started = time.perf_counter()
    with multiprocessing.Pool(args.jobs) as pool:
        for done, stats in enumerate(pool.imap_unordered(work, chunks), start=1):
            for key in ("inputs", "chars", "seconds"):
                total[key] += stats[key]
            total["exceptions"] += stats["exceptions"]
            total["invalid"] += stats["invalid"]
            total["slowest"] = sorted(total["slowest"] + stats["slowest"], reverse=True)[:10]
            if done % 10 == 0:  # the counts so far, so a run cut short still says what it found
                print(
                    f"  {total['inputs']:,} inputs, {time.perf_counter() - started:.0f} s,"
                    f" {len(total['exceptions'])} exceptions, {len(total['invalid'])} invalid,"
                    f" slowest {total['slowest'][0][0]:.1f} ms/1,000 chars (#{total['slowest'][0][1]})",
                    file=sys.stderr,
                    flush=True,
                )
    wall = time.perf_counter() - started
    retimed = retime(args.seed, [n for _, n, _ in total["slowest"]])
    print(f"inputs: {total['inputs'] + len(total['exceptions']):,} in {wall:.0f} s wall ({args.jobs} jobs)")
    print(f"exceptions: {len(total['exceptions'])}")
    print(f"invalid JSON: {len(total['invalid'])}")
    speed = total["chars"] / max(total["seconds"], 1e-9)
    print(f"extracted: {total['chars']:,} characters, {speed:,.0f} chars/s")
    print("slowest (ms per 1,000 characters: in the run, then the best of 5 alone; input number, length):")
    for per_k, n, length in total["slowest"]:
        alone, shape = retimed[n]
        print(f"  {per_k:8.2f} {alone:8.2f}  #{n}  {length:,} chars  {shape}")
    for n, message in total["exceptions"][:10]:
        print(f"  exception #{n}: {message}")
    return 1 if total["exceptions"] or total["invalid"] else 0


if __name__ == "__main__":
    sys.exit(main())
