"""Gold acceptance of issue #2: the extractor, scored by ``duban eval`` rules, on the annotated reports.

For each annotated report the evaluator runs on the report itself (it extracts, then scores):
strict F1 >= 0.97; comparator, kind, year and growth accuracy >= 0.97 each; metric accuracy
>= 0.90; every gold headline indicator found.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest

from duban.extract import evaluate

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLE_PATH = Path(str(resources.files("duban") / "samples" / "aimin-2024.txt"))

STRICT_F1 = 0.97
FIELD_ACCURACY = 0.97
METRIC_ACCURACY = 0.90
STRICT_FIELDS = ("comparator", "kind", "year", "growth")
SHOW = 8  # how many field errors / misses a failure message lists


@dataclass(frozen=True)
class Report:
    name: str
    report: Path
    gold: tuple[str, ...]
    indicators: str


REPORTS = {
    "aimin-2024": Report(
        "aimin-2024", SAMPLE_PATH, ("aimin-2024.quantities.jsonl",), "aimin-2024.indicators.json"
    ),
    "cn-state-council-2024": Report(
        "cn-state-council-2024",
        SHARED / "corpus" / "cn-state-council-2024.txt",
        ("cn-state-council-2024-a.jsonl", "cn-state-council-2024-b.jsonl"),
        "cn-state-council-2024-a.indicators.json",
    ),
}


@functools.cache
def scores(name: str) -> dict:
    """``duban eval REPORT GOLD… --indicators … --json`` as a dict, computed once per report."""
    report = REPORTS[name]
    gold_dir = SHARED / "gold"
    needed = [report.report, *(gold_dir / g for g in report.gold), gold_dir / report.indicators]
    absent = [str(p) for p in needed if not p.is_file()]
    if absent:
        pytest.skip(f"{name}: gold or report not available: {', '.join(absent)}")
    result = evaluate.evaluate_paths(
        report.report, [gold_dir / g for g in report.gold], gold_dir / report.indicators
    )
    return json.loads(evaluate.to_json(result))


def field_errors(result: dict, field: str) -> str:
    errors = [e for e in result["field_errors"] if e["field"] == field]
    rows = [f"  {e['text']!r} at {e['span']}: gold {e['gold']!r}, got {e['predicted']!r}" for e in errors]
    return "\n".join(rows[:SHOW]) + (f"\n  … {len(rows) - SHOW} more" if len(rows) > SHOW else "")


def misses(result: dict) -> str:
    missed = [f"  missed {m['text']!r} at {m['span']}: {m['context']}" for m in result["missed"]]
    spurious = [f"  spurious {s['text']!r} at {s['span']}: {s['context']}" for s in result["spurious"]]
    return "\n".join(missed[:SHOW] + spurious[:SHOW])


NAMES = [pytest.param(name, id=name) for name in REPORTS]


@pytest.mark.parametrize("name", NAMES)
def test_strict_f1(name):
    result = scores(name)
    strict = result["strict"]
    assert strict["gold"] > 0, f"{name}: the gold file has no quantities"
    assert strict["f1"] >= STRICT_F1, (
        f"{name}: strict F1 {strict['f1']:.3f} < {STRICT_F1} "
        f"(matched {strict['matched']}, predicted {strict['predicted']}, gold {strict['gold']})\n"
        + misses(result)
        + "\n"
        + field_errors(result, "value")
        + "\n"
        + field_errors(result, "unit")
    )


@pytest.mark.parametrize("field", STRICT_FIELDS)
@pytest.mark.parametrize("name", NAMES)
def test_field_accuracy(name, field):
    score = scores(name)["fields"][field]
    assert score["accuracy"] is not None, f"{name}: no quantity matched, so {field} cannot be scored"
    assert score["accuracy"] >= FIELD_ACCURACY, (
        f"{name}: {field} accuracy {score['accuracy']:.3f} ({score['correct']}/{score['total']}) "
        f"< {FIELD_ACCURACY}\n" + field_errors(scores(name), field)
    )


@pytest.mark.parametrize("name", NAMES)
def test_metric_accuracy(name):
    score = scores(name)["fields"]["metric"]
    assert score["accuracy"] is not None, f"{name}: no quantity matched, so metric cannot be scored"
    assert score["accuracy"] >= METRIC_ACCURACY, (
        f"{name}: metric accuracy {score['accuracy']:.3f} ({score['correct']}/{score['total']}) "
        f"< {METRIC_ACCURACY}\n" + field_errors(scores(name), "metric")
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_headline_indicator_found(name):
    indicators = scores(name)["indicators"]
    assert indicators is not None, f"{name}: the indicators were not scored"
    assert indicators["total"] > 0, f"{name}: the gold indicator file is empty"
    missing = [
        f"  {g.get('metric')} {g.get('kind')} {g.get('year')} value={g.get('value')!r} {g.get('unit') or ''}"
        for g in indicators["missing"]
    ]
    assert indicators["found"] == indicators["total"] and not missing, (
        f"{name}: {indicators['found']}/{indicators['total']} gold indicators found; missing:\n"
        + "\n".join(missing)
    )


# --- issue #10: headline indicators of the 2026 provincial reports, tasks of one report ----------

PROV_RECALL = 0.95
PROV_WRONG = 1  # wrong indicators allowed per report
TASK_PRECISION = 0.9
TASK_RECALL = 0.9
PROVINCES = ["fujian", "gansu", "liaoning", "ningxia", "shandong", "shanghai"]


@functools.cache
def province_scores(name: str) -> dict:
    report = SHARED / "corpus" / "prov-2026" / f"{name}-2026.txt"
    gold = SHARED / "gold" / "prov-2026" / f"{name}-2026.indicators.json"
    if not (report.is_file() and gold.is_file()):
        pytest.skip(f"{name}: the prov-2026 report or its gold is not available")
    return json.loads(evaluate.to_json(evaluate.evaluate_paths(report, [gold])))


def _indicator_rows(rows: list[dict]) -> str:
    return "\n".join(f"  {r['metric']} {r['kind']} {r['year']} value={r['value']}" for r in rows[:SHOW])


def test_headline_indicators_of_the_provincial_reports_are_found():
    found = total = 0
    for name in PROVINCES:
        ind = province_scores(name)["indicators"]
        found, total = found + ind["found"], total + ind["total"]
    assert total > 0
    assert found / total >= PROV_RECALL, f"{found}/{total} headline indicators found"


@pytest.mark.parametrize("name", PROVINCES)
def test_a_provincial_report_has_at_most_one_wrong_indicator(name):
    ind = province_scores(name)["indicators"]
    assert len(ind["wrong"]) <= PROV_WRONG, f"{name}: wrong indicators:\n{_indicator_rows(ind['wrong'])}"
    assert ind["recall"] >= PROV_RECALL, f"{name}: missing:\n{_indicator_rows(ind['missing'])}"


@functools.cache
def task_scores() -> dict:
    report = SHARED / "corpus" / "hlj-province-2026.txt"
    gold = SHARED / "gold" / "tasks" / "hlj-province-2026.tasks.json"
    if not (report.is_file() and gold.is_file()):
        pytest.skip("the hlj-province-2026 report or its task labels are not available")
    return json.loads(evaluate.to_json(evaluate.evaluate_paths(report, [gold])))["tasks"]


def test_tasks_are_the_commitments_an_office_would_list():
    tasks = task_scores()
    false = "\n".join(f"  false: {t['text'][:50]}" for t in tasks["false_tasks"][:SHOW])
    missed = "\n".join(f"  missed: {t['text'][:50]}" for t in tasks["missed"][:SHOW])
    assert tasks["precision"] >= TASK_PRECISION, f"precision {tasks['precision']:.3f}\n{false}"
    assert tasks["recall"] >= TASK_RECALL, f"recall {tasks['recall']:.3f}\n{missed}"
