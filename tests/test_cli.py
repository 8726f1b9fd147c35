"""The ``duban`` command: good input prints the contract, bad input is one stderr line and status 2.

Each case runs twice: in-process with typer's ``CliRunner`` (this typer keeps ``result.stdout`` and
``result.stderr`` apart) and as a real process, ``python -m duban``, where anything a library
prints straight to file descriptor 2 would show up too.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest
from builders import make_pdf
from typer.testing import CliRunner

from duban.cli import app

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold"
SCHEMA = "duban.extract/2"


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str
    crash: str | None  # an exception other than SystemExit that escaped the command


def run_in_process(args: list[str], env: dict[str, str]) -> Run:
    result = CliRunner().invoke(app, args, env=env)
    crash = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = repr(result.exception)
    return Run(result.exit_code, result.stdout, result.stderr, crash)


def run_process(args: list[str], env: dict[str, str]) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "duban", *args],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
        check=False,
    )
    return Run(
        done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"), None
    )


@pytest.fixture(
    params=[pytest.param(run_in_process, id="CliRunner"), pytest.param(run_process, id="subprocess")]
)
def duban(request):
    """``duban(*args, columns=80)`` runs the command one of two ways and returns a ``Run``."""

    def invoke(*args: object, columns: int = 80) -> Run:
        return request.param([str(a) for a in args], {"COLUMNS": str(columns), "NO_COLOR": "1"})

    return invoke


def assert_ok(run: Run) -> None:
    assert run.crash is None, f"the command raised {run.crash}"
    assert run.exit_code == 0, f"exit status {run.exit_code}; stderr: {run.stderr!r}"
    assert "Traceback" not in run.stdout + run.stderr


# --- extract -----------------------------------------------------------------------------


def test_extract_json(duban, sample_path, sample_result):
    run = duban("extract", sample_path, "--json")
    assert_ok(run)
    result = json.loads(run.stdout)
    assert result["schema"] == SCHEMA
    assert len(result["quantities"]) == len(sample_result["quantities"]) > 0


def test_extract_format_json(duban, sample_path):
    run = duban("extract", sample_path, "--format", "json")
    assert_ok(run)
    assert json.loads(run.stdout)["schema"] == SCHEMA


def test_extract_csv_has_a_header_and_one_row_per_quantity(duban, sample_path, sample_result):
    run = duban("extract", sample_path, "--format", "csv")
    assert_ok(run)
    rows = list(csv.reader(io.StringIO(run.stdout)))
    quantities = sample_result["quantities"]
    assert rows, "no CSV output"
    header = rows[0]
    assert {"id", "text", "value", "unit"} <= set(header), f"header: {header}"
    assert len(rows) == 1 + len(quantities), f"{len(rows) - 1} rows for {len(quantities)} quantities"
    ids = [row[header.index("id")] for row in rows[1:]]
    assert ids == [q["id"] for q in quantities]
    assert all(len(row) == len(header) for row in rows), "a row with the wrong number of cells"


@pytest.mark.parametrize("columns", [pytest.param(80, id="80 columns"), pytest.param(200, id="200 columns")])
def test_summary_mentions_gdp(duban, sample_path, columns):
    run = duban("extract", sample_path, columns=columns)
    assert_ok(run)
    assert "地区生产总值" in run.stdout, f"summary at {columns} columns:\n{run.stdout}"


# --- bad input ---------------------------------------------------------------------------


def text_file(name: str, data: bytes):
    def build(tmp_path: Path, sample_text: str) -> list[object]:
        path = tmp_path / name
        path.write_bytes(data)
        return [path]

    return build


def fake_pdf(tmp_path: Path, sample_text: str) -> list[object]:
    path = tmp_path / "report.pdf"
    path.write_bytes(sample_text.encode("utf-8"))
    return [path]


def encrypted_pdf(tmp_path: Path, sample_text: str) -> list[object]:
    clean = make_pdf(sample_text[:2000], tmp_path / "clean.pdf")
    path = tmp_path / "report.pdf"
    with pymupdf.open(clean) as document:
        document.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")
    return [path]


def pdf_without_text(tmp_path: Path, sample_text: str) -> list[object]:
    path = tmp_path / "scan.pdf"
    with pymupdf.open() as document:
        page = document.new_page()
        page.draw_rect(pymupdf.Rect(72, 72, 300, 300), fill=(0.2, 0.2, 0.2))
        document.save(path)
    return [path]


def missing_file(tmp_path: Path, sample_text: str) -> list[object]:
    return [tmp_path / "报告.txt"]


def too_large(tmp_path: Path, sample_text: str) -> list[object]:
    path = tmp_path / "report.txt"
    path.write_text(sample_text, encoding="utf-8")
    return [path, "--max-mb", "0.001"]


BAD_INPUTS = [
    pytest.param(text_file("report.txt", b""), id="empty file"),
    pytest.param(text_file("report.txt", bytes(range(256)) * 8), id="binary file"),
    pytest.param(
        text_file("report.txt", b"Government work report. GDP grew 5.2 percent.\n" * 40),
        id="English-only text",
    ),
    pytest.param(fake_pdf, id="fake .pdf (text file named .pdf)"),
    pytest.param(encrypted_pdf, id="encrypted PDF"),
    pytest.param(pdf_without_text, id="PDF with no text layer"),
    pytest.param(missing_file, id="missing file"),
    pytest.param(too_large, id="too large (--max-mb 0.001)"),
]


def assert_one_error_line(run: Run) -> None:
    assert run.crash is None, f"the command raised {run.crash}"
    assert "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    assert run.exit_code == 2, f"exit status {run.exit_code}; stderr: {run.stderr!r}"
    assert run.stdout == "", f"stdout should be empty, got {run.stdout[:200]!r}"
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"stderr should be one line, got {len(lines)}: {run.stderr!r}"


@pytest.mark.parametrize("build", BAD_INPUTS)
@pytest.mark.parametrize("output", [pytest.param([], id="summary"), pytest.param(["--json"], id="json")])
def test_bad_input_is_one_line_and_status_2(duban, tmp_path, sample_text, build, output):
    args = build(tmp_path, sample_text)
    assert_one_error_line(duban("extract", *args, *output))


# --- eval --------------------------------------------------------------------------------


def test_eval_sample_against_gold(duban, sample_path):
    gold = GOLD / "aimin-2024.quantities.jsonl"
    if not gold.is_file():
        pytest.skip(f"gold answers not found: {gold}")
    run = duban("eval", sample_path, gold, "--json")
    assert_ok(run)
    scores = json.loads(run.stdout)
    assert {"detection", "strict", "fields"} <= scores.keys()
    assert scores["strict"]["gold"] > 0


def test_eval_with_a_missing_gold_file(duban, tmp_path, sample_path):
    assert_one_error_line(duban("eval", sample_path, tmp_path / "absent.jsonl", "--json"))
