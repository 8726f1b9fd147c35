"""The corpus panel (`duban corpus`, `duban.corpus.build_panel`): its rows are the extraction's
indicators, file by file; a killed run resumed writes the same panel; failures are lines of the
errors file while the run goes on; shards concatenate to the whole.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import time
from pathlib import Path

import pymupdf
import pytest
from corpus_tools import CLI, run_cli

from duban.corpus import COLUMNS, build_panel
from duban.extract import extract_file

SHARED_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CORPUS_FILES = sorted(p.name for p in SHARED_CORPUS.rglob("*.txt")) if SHARED_CORPUS.is_dir() else []


def _expected_row(ind: dict) -> dict:
    """An extraction indicator as the panel writes it."""
    start, end = ind.get("raw_span") or (None, None)
    period = ind.get("period") or (None, None)
    value = ind.get("value")
    return {
        "id": ind.get("quantity"),
        "metric": ind.get("metric"),
        "kind": ind.get("kind"),
        "year": ind.get("year"),
        "period_start": period[0],
        "period_end": period[1],
        "value": None if value is None else float(value),
        "unit": ind.get("unit"),
        "comparator": ind.get("comparator"),
        "growth": ind.get("growth"),
        "text": ind.get("text"),
        "part": ind.get("part"),
        "canonical": ind.get("canonical"),
        "raw_start": start,
        "raw_end": end,
    }


@pytest.fixture(scope="module")
def corpus_panel(tmp_path_factory, corpus_dir: Path) -> dict[str, list[dict]]:
    """`duban corpus ../shared/corpus --out p.parquet` on two processes, read back by file."""
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    out = tmp_path_factory.mktemp("panel") / "p.parquet"
    done = run_cli("corpus", str(corpus_dir), "--out", str(out), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    by_file: dict[str, list[dict]] = {}
    for row in pyarrow_parquet.read_table(out).to_pylist():
        by_file.setdefault(Path(row["source_file"]).name, []).append(row)
    return by_file


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_the_panels_indicator_rows_are_the_extractions_indicators(corpus_panel, corpus_dir: Path, name: str):
    path = next(corpus_dir.rglob(name))
    result = extract_file(path)
    rows = corpus_panel.get(name, [])
    expected = [_expected_row(ind) for ind in result["indicators"]]
    assert [{k: r[k] for k in expected[0]} for r in rows] == expected if expected else rows == []
    for row in rows:
        assert row["record"] == "indicator" and row["plan_year"] == result["document"]["plan_year"]
        assert row["region_as_written"] == result["document"]["region"]
        assert len(row["sha256"]) == 64 and row["schema"] == "duban.panel/1"


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_an_extraction_without_tasks_and_quantities_reads_the_same_indicators(corpus_dir: Path, name: str):
    path = next(corpus_dir.rglob(name))
    full, lean = extract_file(path), extract_file(path, parts=frozenset())
    assert "tasks" not in lean and "quantities" not in lean, name
    for part in ("document", "outline", "indicators"):
        assert lean[part] == full[part], f"{name}: {part}"


# fmt: off
# file                          region                     code            level
REGIONS = [
    ("aimin-2024.txt",            "黑龙江省牡丹江市爱民区",   "231004000000", "county"),
    ("baoding-city-2023.txt",     "河北省保定市",             "130600000000", "city"),
    ("hebei-province-2024.txt",   "河北省",                   "130000000000", "province"),
    ("cn-state-council-2024.txt", "中华人民共和国",           None,           "national"),
]
# fmt: on


@pytest.mark.parametrize(("name", "region", "code", "level"), REGIONS, ids=[r[0] for r in REGIONS])
def test_every_row_carries_the_official_region(corpus_panel, name, region, code, level):
    rows = corpus_panel[name]
    assert {(r["region"], r["region_code"], r["level"]) for r in rows} == {(region, code, level)}


def test_quantity_rows_are_the_extractions_quantities(sample_path: Path, sample_result: dict):
    rows = list(build_panel(sample_path, quantities=True))
    assert [r["id"] for r in rows] == [q["id"] for q in sample_result["quantities"]]
    for row, q in zip(rows, sample_result["quantities"], strict=True):
        assert (row["metric"], row["value"], row["text"], [row["raw_start"], row["raw_end"]]) == (
            q["metric"],
            q["value"],
            q["text"],
            q["raw_span"],
        ), q["id"]
        assert row["part"] in {"review", "plan", "other"}


def _image_only_pdf(path: Path) -> None:
    document = pymupdf.open()
    page = document.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 40), False)
    pixmap.clear_with(200)
    page.insert_image(pymupdf.Rect(50, 50, 350, 250), pixmap=pixmap)
    document.save(path)


def test_broken_image_only_and_english_files_are_three_lines_of_the_errors_file(
    tmp_path: Path, sample_path: Path
):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    _image_only_pdf(folder / "scan.pdf")
    (folder / "english.txt").write_text("Report on the Work of the Government. " * 200, encoding="utf-8")
    out = tmp_path / "panel.csv"
    done = run_cli("corpus", str(folder), "--out", str(out), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "panel.errors.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3, lines
    reasons = {Path(line.split("\t")[0]).name: line.split("\t")[2] for line in lines}
    assert set(reasons) == {"broken.pdf", "scan.pdf", "english.txt"}
    assert (
        "PDF" in reasons["broken.pdf"] and "文字" in reasons["scan.pdf"] and "中文" in reasons["english.txt"]
    )
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and {Path(r["source_file"]).name for r in rows} == {"good.txt"}
    assert "3 个文件未能读取" in done.stdout
    assert (tmp_path / "panel.card.md").read_text(encoding="utf-8").count("| `") == len(COLUMNS)


def _entries(cache: Path) -> int:
    return sum(1 for _ in cache.rglob("*.json")) if cache.is_dir() else 0


def test_a_run_killed_halfway_then_resumed_writes_the_same_panel(tmp_path: Path, small_corpus: Path):
    whole, resumed = tmp_path / "whole.csv", tmp_path / "resumed.csv"
    done = run_cli(
        "corpus", str(small_corpus), "--out", str(whole), "--cache", str(tmp_path / "c1"), "-j", "2"
    )
    assert done.returncode == 0, done.stderr
    total = sum(1 for _ in small_corpus.iterdir())

    cache = tmp_path / "c2"
    args = [*CLI, "corpus", str(small_corpus), "--out", str(resumed), "--cache", str(cache), "-j", "2"]
    killed = subprocess.Popen(
        args, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 300
    while _entries(cache) < total // 2 and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    halfway = _entries(cache)
    assert 0 < halfway < total, f"not killed halfway: {halfway} of {total} files done"
    assert not resumed.exists()  # a panel appears only when whole

    again = run_cli("corpus", str(small_corpus), "--out", str(resumed), "--cache", str(cache), "-j", "2")
    assert again.returncode == 0, again.stderr
    assert f"{halfway} 个文件取自缓存" in again.stdout or "取自缓存" in again.stdout
    assert resumed.read_bytes() == whole.read_bytes()


def test_shards_concatenate_to_the_whole_panel(small_corpus: Path):
    whole = list(build_panel(small_corpus))
    parts = [row for k in (1, 2, 3) for row in build_panel(small_corpus, shard=(k, 3))]
    assert len(parts) == len(whole) > 0
    key = lambda r: repr((r["source_file"], r["id"], r["metric"], r["raw_start"]))  # noqa: E731
    assert sorted(map(key, parts)) == sorted(map(key, whole))
    one = {r["source_file"] for r in build_panel(small_corpus, shard=(1, 3))}
    two = {r["source_file"] for r in build_panel(small_corpus, shard=(2, 3))}
    assert one and two and not one & two


def test_build_panel_is_a_plain_iterator_and_a_dataframe_with_pandas(small_corpus: Path):
    panel = build_panel(small_corpus, jobs=2)
    first = next(iter(panel))
    assert type(first) is dict and list(first) == list(COLUMNS)
    pandas = pytest.importorskip("pandas")
    frame = build_panel(small_corpus).to_pandas()
    assert isinstance(frame, pandas.DataFrame) and list(frame.columns) == list(COLUMNS)
    assert frame["region_code"].notna().all() and frame["region_code"].str.len().eq(12).all()


# fmt: off
# arguments                                                  what the one line says
REFUSED = [
    (["corpus", "{corpus}", "--out", "{tmp}/p.xlsx"],           "不认识的输出格式"),
    (["corpus", "{corpus}", "--out", "{tmp}/p.csv", "--shard", "0/2"], "--shard 应写成 K/N"),
    (["corpus", "{tmp}/nowhere", "--out", "{tmp}/p.csv"],        "找不到"),
]
# fmt: on


@pytest.mark.parametrize(("args", "said"), REFUSED, ids=[r[1] for r in REFUSED])
def test_bad_arguments_get_one_line_and_status_2(tmp_path: Path, small_corpus: Path, args, said):
    filled = [a.format(corpus=small_corpus, tmp=tmp_path) for a in args]
    done = run_cli(*filled)
    assert done.returncode == 2 and said in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_promise_rows_are_the_checks_of_consecutive_years(tmp_path: Path, corpus_dir: Path):
    from duban.promises import check_files

    folder = tmp_path / "pair"
    folder.mkdir()
    for name in ("hebei-province-2024.txt", "hebei-province-2025.txt"):
        (folder / name).write_bytes((corpus_dir / name).read_bytes())
    done = run_cli("corpus", str(folder), "--out", str(tmp_path / "p.jsonl"), "--promises", "-j", "1")
    assert done.returncode == 0, done.stderr
    import json

    rows = [json.loads(line) for line in (tmp_path / "p.promises.jsonl").read_text("utf-8").splitlines()]
    expected = check_files(folder / "hebei-province-2024.txt", folder / "hebei-province-2025.txt")
    assert [(r["metric"], r["verdict"]) for r in rows] == [
        (c["metric"], c["verdict"]) for c in expected["checks"]
    ]
    assert {r["plan_year"] for r in rows} == {2024} and {r["region_code"] for r in rows} == {"130000000000"}
