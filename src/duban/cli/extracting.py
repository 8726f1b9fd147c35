"""Extraction commands: ``duban extract`` and ``duban eval``; no Django is imported here."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from duban.cli.base import app, fail
from duban.text.files import FileRefused, check_regular
from duban.text.load import DEFAULT_MAX_BYTES, ReportError

EVAL_MAX_BYTES = 50 * 1024 * 1024  # gold answers and extractions of the largest reports are a few MB


class OutputFormat(StrEnum):
    summary = "summary"
    json = "json"
    csv = "csv"


@app.command()
def extract(
    report: Path = typer.Argument(..., help="A report: .txt, .md, .docx or .pdf."),
    as_json: bool = typer.Option(False, "--json", help="Print the extraction contract as JSON."),
    output_format: OutputFormat = typer.Option(
        OutputFormat.summary, "--format", help="summary (default), json, or csv (one row per quantity)."
    ),
    max_mb: float = typer.Option(DEFAULT_MAX_BYTES / 1024 / 1024, "--max-mb", help="Refuse larger files."),
) -> None:
    """Extract outline, quantities, headline indicators and tasks from a report."""
    from duban.extract import output
    from duban.extract.pipeline import extract_file

    try:
        result = extract_file(report, max_bytes=int(max_mb * 1024 * 1024))
    except ReportError as err:
        fail(str(err))
    chosen = OutputFormat.json if as_json else output_format
    if chosen is OutputFormat.json:
        sys.stdout.write(output.to_json(result) + "\n")
    elif chosen is OutputFormat.csv:
        sys.stdout.write(output.to_csv(result))
    else:
        output.print_summary(result, Console())


@app.command("eval")
def eval_command(
    prediction: Path = typer.Argument(..., help="duban's JSON output, or a report to extract first."),
    gold: list[Path] = typer.Argument(
        None,
        help="Gold files: quantities (.jsonl; several = one report in parts), indicators "
        "(*.indicators.json) or tasks (*.tasks.json).",
    ),
    indicators: Path | None = typer.Option(None, "--indicators", help="Gold indicators (.json)."),
    tasks: Path | None = typer.Option(None, "--tasks", help="Gold task labels (.tasks.json)."),
    show: int = typer.Option(40, "--show", help="How many missed and spurious items to list."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score an extraction against hand-checked gold answers."""
    from duban.extract import evaluate

    for path in [prediction, *(gold or []), *(p for p in [indicators, tasks] if p)]:
        try:  # a directory, a device, a pipe or a huge file: one line, before anything is read
            check_regular(path, EVAL_MAX_BYTES)
        except FileRefused as err:
            fail(str(err))
    try:
        result = evaluate.evaluate_paths(prediction, gold or [], indicators, tasks)
    except (ReportError, evaluate.GoldError) as err:
        fail(str(err))
    if as_json:
        sys.stdout.write(evaluate.to_json(result) + "\n")
    else:
        evaluate.print_report(result, Console(), show=show)
