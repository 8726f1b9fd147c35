"""``duban eval``: matching, scores, indicators, bad files and the CLI.

Predictions are built from the gold files themselves (scored against themselves they are perfect;
each edit then moves the figures by an amount we can compute) and from small hand-made tables.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from duban.cli import app
from duban.extract import evaluate as ev
from duban.extract.evaluate import GoldError

GOLD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "gold"
GOLD_SETS = {
    "aimin-2024": (["aimin-2024.quantities.jsonl"], "aimin-2024.indicators.json"),
    "cn-state-council-2024 (a+b)": (
        ["cn-state-council-2024-a.jsonl", "cn-state-council-2024-b.jsonl"],
        "cn-state-council-2024-a.indicators.json",
    ),
}
needs_gold = pytest.mark.skipif(not GOLD_DIR.is_dir(), reason=f"no gold answers at {GOLD_DIR}")


def gold_paths(name: str) -> tuple[list[Path], Path]:
    files, indicators = GOLD_SETS[name]
    return [GOLD_DIR / f for f in files], GOLD_DIR / indicators


def as_prediction(gold: list[dict], indicators: list[dict] | None = None) -> dict:
    """A contract whose quantities are the gold ones (without the reader-only fields)."""
    quantities = [{k: v for k, v in q.items() if k not in ("sentence", "note")} for q in gold]
    return {"schema": "duban.extract/1", "quantities": quantities, "indicators": list(indicators or [])}


def q(start: int, end: int, **fields) -> dict:
    """A hand-made quantity: a span and right-by-default fields."""
    base = {"id": f"q{start}", "raw_span": [start, end], "text": "x" * (end - start), "value": 5}
    base.update(unit="%", comparator="eq", kind="actual", year=2023, growth=True, metric="地区生产总值")
    return base | fields


@pytest.fixture(params=list(GOLD_SETS), ids=list(GOLD_SETS))
def gold_set(request) -> tuple[str, list[dict], list[dict]]:
    if not GOLD_DIR.is_dir():
        pytest.skip(f"no gold answers at {GOLD_DIR}")
    files, indicators = gold_paths(request.param)
    return request.param, ev.load_gold(files), ev.load_indicators(indicators)


# --- the gold against itself, then edited -----------------------------------------------------


def test_gold_against_itself_is_perfect(gold_set):
    _, gold, indicators = gold_set
    result = ev.evaluate(as_prediction(gold, indicators), gold, indicators)
    for scores in (result.detection, result.strict):
        assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)
        assert scores.matched == scores.predicted == scores.gold == len(gold)
    assert {name: f.accuracy for name, f in result.fields.items()} == dict.fromkeys(ev.FIELDS, 1.0)
    assert (result.indicators.found, result.indicators.total) == (len(indicators), len(indicators))
    assert result.missed == result.spurious == result.field_errors == []
    assert result.indicators.missing == []


def test_parts_are_concatenated():
    if not GOLD_DIR.is_dir():
        pytest.skip(f"no gold answers at {GOLD_DIR}")
    files, _ = gold_paths("cn-state-council-2024 (a+b)")
    both = ev.load_gold(files)
    assert [g["id"] for g in both] == [g["id"] for f in files for g in ev.load_gold([f])]


@pytest.mark.parametrize("k", [1, 5, 20], ids=lambda k: f"drop {k}")
def test_dropping_k_lowers_recall_exactly(gold_set, k):
    _, gold, _ = gold_set
    prediction = as_prediction(gold)
    dropped = prediction["quantities"][::2][:k]
    prediction["quantities"] = [x for x in prediction["quantities"] if x not in dropped]
    result = ev.evaluate(prediction, gold)
    n = len(gold)
    assert result.detection.recall == pytest.approx((n - k) / n)
    assert result.detection.precision == 1.0
    assert result.strict.recall == pytest.approx((n - k) / n)
    assert [item.id for item in result.missed] == [x["id"] for x in dropped]
    assert all(item.context for item in result.missed)  # the gold sentence


def test_spurious_item_lowers_precision(gold_set):
    _, gold, _ = gold_set
    prediction = as_prediction(gold)
    far = gold[-1]["raw_span"][1] + 1000
    prediction["quantities"].append(q(far, far + 3, id="extra", text="99个"))
    result = ev.evaluate(prediction, gold)
    n = len(gold)
    assert result.detection.precision == pytest.approx(n / (n + 1))
    assert result.detection.recall == 1.0
    assert [(s.id, s.context) for s in result.spurious] == [("extra", "99个")]  # no document text


def test_wrong_value_keeps_detection_breaks_strict(gold_set):
    _, gold, _ = gold_set
    prediction = as_prediction(gold)
    prediction["quantities"][2]["value"] = (prediction["quantities"][2]["value"] or 0) * 10 + 1
    result = ev.evaluate(prediction, gold)
    n = len(gold)
    assert result.detection.f1 == 1.0
    assert result.strict.matched == n - 1
    assert result.strict.precision == result.strict.recall == pytest.approx((n - 1) / n)
    assert result.fields["value"].correct == n - 1
    assert result.fields["unit"].correct == n
    assert [(e.field, e.gold_id) for e in result.field_errors] == [("value", gold[2]["id"])]


@pytest.mark.parametrize(
    "shift",
    [(1, 1), (-1, -1), (-1, 1), (1, 0), (0, -1)],
    ids=["right by 1", "left by 1", "widened", "start cut", "end cut"],
)
def test_shifted_but_overlapping_spans_still_match(gold_set, shift):
    _, gold, _ = gold_set
    prediction = as_prediction(gold)
    for x in prediction["quantities"]:
        x["raw_span"] = [x["raw_span"][0] + shift[0], x["raw_span"][1] + shift[1]]
    result = ev.evaluate(prediction, gold)
    assert result.detection.f1 == 1.0
    assert result.strict.f1 == 1.0


def test_a_changed_field_is_listed_with_both_values(gold_set):
    _, gold, _ = gold_set
    prediction = as_prediction(gold)
    prediction["quantities"][0]["kind"] = "target" if gold[0]["kind"] == "actual" else "actual"
    result = ev.evaluate(prediction, gold)
    assert result.strict.f1 == 1.0
    assert result.fields["kind"].correct == len(gold) - 1
    (error,) = result.field_errors
    assert (error.field, error.gold, error.predicted) == (
        "kind",
        gold[0]["kind"],
        prediction["quantities"][0]["kind"],
    )


# --- matching, from hand-made tables ----------------------------------------------------------

MATCH_ROWS = [
    ("disjoint spans do not match", [(0, 3)], [(3, 6)], []),
    ("identical spans", [(0, 3)], [(0, 3)], [(0, 0)]),
    ("one character of overlap is enough", [(2, 4)], [(0, 3)], [(0, 0)]),
    ("two predictions on one gold: the larger overlap wins", [(10, 12), (10, 14)], [(10, 15)], [(1, 0)]),
    ("one prediction across two gold: the larger overlap wins", [(3, 9)], [(0, 4), (3, 10)], [(0, 1)]),
    ("tie between two gold: the earlier gold", [(2, 6)], [(0, 4), (4, 8)], [(0, 0)]),
    ("tie between two predictions: the earlier prediction", [(0, 2), (3, 5)], [(1, 4)], [(0, 0)]),
    (
        "largest overlap first, the rest still pair up",
        [(3, 9), (0, 2)],
        [(0, 4), (3, 10)],
        [(1, 0), (0, 1)],
    ),
    ("empty prediction", [], [(0, 3)], []),
]


@pytest.mark.parametrize(
    ("predicted", "gold", "pairs"), [row[1:] for row in MATCH_ROWS], ids=[row[0] for row in MATCH_ROWS]
)
def test_match_spans(predicted, gold, pairs):
    assert ev.match_spans(predicted, gold) == pairs


spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 12)).map(lambda t: (t[0], t[0] + t[1])), max_size=12
)


@given(predicted=spans, gold=spans)
def test_match_spans_is_the_greedy_largest_overlap_matching(predicted, gold):
    """Against a brute-force reading of the rule: every pair of spans, largest overlap first."""
    candidates = sorted(
        (-(min(ge, pe) - max(gs, ps)), g, p)
        for g, (gs, ge) in enumerate(gold)
        for p, (ps, pe) in enumerate(predicted)
        if min(ge, pe) > max(gs, ps)
    )
    used_p, used_g, expected = set(), set(), []
    for _, g, p in candidates:
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            expected.append((p, g))
    assert ev.match_spans(predicted, gold) == sorted(expected, key=lambda pair: pair[1])


def test_two_predictions_on_one_gold_give_one_match_one_spurious():
    gold = [q(10, 15)]
    result = ev.evaluate({"quantities": [q(10, 14, id="a"), q(12, 16, id="b")]}, gold)
    assert (result.detection.matched, result.detection.predicted, result.detection.gold) == (1, 2, 1)
    assert result.detection.precision == 0.5
    assert result.detection.recall == 1.0
    assert [s.id for s in result.spurious] == ["b"]


def test_spurious_context_is_a_window_of_the_document_text():
    text = "前文" * 20 + "增长6.5%" + "后文" * 20
    start = text.index("6.5%")
    prediction = {"document": {"text": text}, "quantities": [q(start, start + 4)]}
    (item,) = ev.evaluate(prediction, []).spurious
    assert item.context == text[start - 20 : start + 24]


def test_nothing_against_nothing_is_perfect_and_fields_are_not_applicable():
    result = ev.evaluate({"quantities": []}, [])
    assert result.detection.f1 == 1.0
    assert all(f.accuracy is None for f in result.fields.values())


def test_nothing_predicted_scores_zero():
    result = ev.evaluate({"quantities": []}, [q(0, 3)])
    assert (result.detection.precision, result.detection.recall, result.detection.f1) == (0.0, 0.0, 0.0)


VALUE_ROWS = [
    ("equal ints", 6, 6, True),
    ("int and float", 6, 6.0, True),
    ("float rounding", 126000000000000, 1.26 * 1e14, True),
    ("tiny relative difference", 0.1 + 0.2, 0.3, True),
    ("different", 6.5, 6.4, False),
    ("None and None", None, None, True),
    ("None and zero", None, 0, False),
    ("sign matters", -2.7, 2.7, False),
    ("bool is not a number", 1, True, False),
]


@pytest.mark.parametrize(
    ("gold", "predicted", "same"), [r[1:] for r in VALUE_ROWS], ids=[r[0] for r in VALUE_ROWS]
)
def test_values_equal(gold, predicted, same):
    assert ev.values_equal(gold, predicted) is same


METRIC_ROWS = [
    ("equal", "签约总金额", "签约总金额", True),
    ("prediction contains gold", "签约总金额", "签约总金额增速", True),
    ("gold contains prediction", "签约总金额增速", "签约总金额", True),
    ("unrelated", "签约总金额", "总投资", False),
    ("most characters present, reordered", "粮食产量", "粮食总产量", True),
    ("exactly half is not most", "粮食产量", "粮食面积", False),
    ("more than half: 4 of 6", "地区生产总值", "生产总值增速", True),
    ("3 of 9 is not most", "规模以上工业增加值", "工业产值", False),
    ("repeated gold character counts once per occurrence", "人均人口", "人口数", False),
    ("empty prediction", "签约总金额", "", False),
    ("missing prediction", "签约总金额", None, False),
    ("both missing", None, None, True),
]


@pytest.mark.parametrize(
    ("gold", "predicted", "same"), [r[1:] for r in METRIC_ROWS], ids=[r[0] for r in METRIC_ROWS]
)
def test_metric_leniency(gold, predicted, same):
    assert ev.metric_matches(gold, predicted) is same


def test_lenient_metric_counts_in_field_accuracy():
    gold = [q(0, 3, metric="签约总金额"), q(5, 8, metric="签约总金额")]
    prediction = {"quantities": [q(0, 3, metric="签约总金额增速"), q(5, 8, metric="总投资")]}
    result = ev.evaluate(prediction, gold)
    assert (result.fields["metric"].correct, result.fields["metric"].total) == (1, 2)
    assert [(e.gold, e.predicted) for e in result.field_errors] == [("签约总金额", "总投资")]


# --- indicators -------------------------------------------------------------------------------

GDP = {"metric": "地区生产总值", "kind": "target", "year": 2024, "value": 6, "unit": "%"}
INCOME = {"metric": "居民收入", "kind": "target", "year": 2024, "value": None, "unit": None}

INDICATOR_ROWS = [
    ("same", [GDP], [GDP], 1),
    ("value within tolerance", [GDP], [GDP | {"value": 6.0000000001}], 1),
    ("unit and comparator are not compared", [GDP], [GDP | {"unit": None, "comparator": "approx"}], 1),
    ("qualitative: None matches None", [INCOME], [INCOME], 1),
    ("qualitative: a number does not match None", [INCOME], [INCOME | {"value": 0}], 0),
    ("other value", [GDP], [GDP | {"value": 6.5}], 0),
    ("other year", [GDP], [GDP | {"year": 2023}], 0),
    ("other kind", [GDP], [GDP | {"kind": "actual"}], 0),
    ("other metric", [GDP], [GDP | {"metric": "国内生产总值"}], 0),
    ("nothing predicted", [GDP, INCOME], [], 0),
    ("one prediction finds one gold only", [GDP, GDP], [GDP], 1),
    ("order does not matter", [GDP, INCOME], [INCOME, GDP], 2),
]


@pytest.mark.parametrize(
    ("gold", "predicted", "found"), [r[1:] for r in INDICATOR_ROWS], ids=[r[0] for r in INDICATOR_ROWS]
)
def test_indicator_matching(gold, predicted, found):
    result = ev.evaluate({"quantities": [], "indicators": predicted}, [], gold)
    assert (result.indicators.found, result.indicators.total) == (found, len(gold))
    assert result.indicators.predicted == len(predicted)
    assert len(result.indicators.missing) == len(gold) - found


def test_missing_indicator_is_listed(gold_set):
    _, gold, indicators = gold_set
    result = ev.evaluate(as_prediction(gold, indicators[1:]), gold, indicators)
    assert (result.indicators.found, result.indicators.total) == (len(indicators) - 1, len(indicators))
    assert result.indicators.missing == [indicators[0]]


def test_no_indicator_file_no_indicator_score(gold_set):
    _, gold, _ = gold_set
    assert ev.evaluate(as_prediction(gold), gold).indicators is None


# --- bad files --------------------------------------------------------------------------------

GOOD_LINE = json.dumps(q(0, 3), ensure_ascii=False)

BAD_GOLD_ROWS = [
    ("not JSON on line 2", GOOD_LINE + "\n{oops\n", "gold.jsonl:2: not JSON"),
    ("a line that is a list", "[1, 2]\n", "gold.jsonl:1: not a JSON object"),
    ("a line that is a string", GOOD_LINE + '\n\n"q"\n', "gold.jsonl:3: not a JSON object"),
    ("missing raw_span", json.dumps({"id": "q1", "text": "6%"}) + "\n", "gold.jsonl:1: missing raw_span"),
    ("raw_span not two numbers", json.dumps({"raw_span": [1]}) + "\n", "gold.jsonl:1: raw_span must be"),
    ("raw_span backwards", json.dumps({"raw_span": [5, 2]}) + "\n", "gold.jsonl:1: raw_span must be"),
    ("raw_span of strings", json.dumps({"raw_span": ["1", "3"]}) + "\n", "gold.jsonl:1: raw_span must be"),
]


@pytest.mark.parametrize(
    ("content", "message"), [r[1:] for r in BAD_GOLD_ROWS], ids=[r[0] for r in BAD_GOLD_ROWS]
)
def test_bad_gold_file(tmp_path, content, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError) as caught:
        ev.load_gold([path])
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


BAD_PREDICTION_ROWS = [
    ("not JSON", "{", "pred.json:1: not JSON"),
    ("a list, not an object", "[]", "not an extraction"),
    ("no quantities", json.dumps({"schema": "duban.extract/1"}), "no 'quantities' list"),
    (
        "a quantity that is not an object",
        json.dumps({"quantities": [1]}),
        "quantities[0] is not a JSON object",
    ),
    (
        "a quantity without raw_span",
        json.dumps({"quantities": [q(0, 2), {"id": "q"}]}),
        "quantities[1]: missing raw_span",
    ),
    ("indicators not a list", json.dumps({"quantities": [], "indicators": {}}), "'indicators' is not a list"),
]


@pytest.mark.parametrize(
    ("content", "message"), [r[1:] for r in BAD_PREDICTION_ROWS], ids=[r[0] for r in BAD_PREDICTION_ROWS]
)
def test_bad_prediction_file(tmp_path, content, message):
    path = tmp_path / "pred.json"
    path.write_text(content, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(GOOD_LINE + "\n", encoding="utf-8")
    with pytest.raises(GoldError) as caught:
        ev.evaluate_paths(path, [gold])
    assert message in str(caught.value)
    assert "pred.json" in str(caught.value)
    assert "\n" not in str(caught.value)


BAD_INDICATOR_ROWS = [
    ("not JSON", "{\n  oops", "ind.json:2: not JSON"),
    ("a bare list", json.dumps([GDP]), 'expected a JSON object {"indicators": [...]}'),
    ("no indicators key", json.dumps({"quantities": []}), 'expected a JSON object {"indicators": [...]}'),
    (
        "an item that is not an object",
        json.dumps({"indicators": [GDP, 3]}),
        "indicators[1] is not a JSON object",
    ),
]


@pytest.mark.parametrize(
    ("content", "message"), [r[1:] for r in BAD_INDICATOR_ROWS], ids=[r[0] for r in BAD_INDICATOR_ROWS]
)
def test_bad_indicator_file(tmp_path, content, message):
    path = tmp_path / "ind.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=None) as caught:
        ev.load_indicators(path)
    assert message in str(caught.value)


MISSING_ROWS = [
    ("missing prediction", "nope.json", "gold.jsonl", None, "nope.json: no such prediction file"),
    ("missing report to extract", "nope.txt", "gold.jsonl", None, "nope.txt: no such prediction file"),
    ("missing gold", "pred.json", "nope.jsonl", None, "nope.jsonl: no such file"),
    ("gold is a directory", "pred.json", ".", None, "is a directory"),
    ("missing indicators", "pred.json", "gold.jsonl", "nope.json", "nope.json: no such file"),
]


@pytest.mark.parametrize(
    ("pred", "gold", "indicators", "message"), [r[1:] for r in MISSING_ROWS], ids=[r[0] for r in MISSING_ROWS]
)
def test_missing_files(tmp_path, pred, gold, indicators, message):
    (tmp_path / "pred.json").write_text(json.dumps({"quantities": []}), encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text(GOOD_LINE + "\n", encoding="utf-8")
    ind = tmp_path / indicators if indicators else None
    with pytest.raises(GoldError) as caught:
        ev.evaluate_paths(tmp_path / pred, [tmp_path / gold], ind)
    assert message in str(caught.value)


def test_gold_file_with_bom_reads(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\ufeff" + GOOD_LINE + "\n", encoding="utf-8")
    assert len(ev.load_gold([path])) == 1


def test_a_report_is_extracted_first(tmp_path, monkeypatch):
    """Any prediction path other than .json is a report: extract it, take context from its text."""
    from duban.extract import pipeline
    from duban.text import load

    report = tmp_path / "report.txt"
    text = "全年地区生产总值增长6%左右。另有99个。"
    report.write_text(text, encoding="utf-8")
    start = text.index("6%")
    extra = text.index("99个")
    seen = []

    def fake_extract(path, **_):
        seen.append(Path(path))
        return {"quantities": [q(start, start + 2), q(extra, extra + 3, id="x")]}

    monkeypatch.setattr(pipeline, "extract_file", fake_extract)
    monkeypatch.setattr(
        load, "load_report", lambda path, **_: load.LoadedText(text=text, source_format="txt")
    )
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(q(start, start + 2)) + "\n", encoding="utf-8")
    result = ev.evaluate_paths(report, [gold])
    assert seen == [report]
    assert (result.detection.matched, result.detection.predicted) == (1, 2)
    assert result.spurious[0].context == text


# --- output -----------------------------------------------------------------------------------


def hand_result() -> ev.EvalResult:
    gold = [q(0, 3, sentence="句子一"), q(10, 13, value=7), q(20, 23, sentence="句子三")]
    prediction = {"quantities": [q(0, 3), q(10, 13, value=8, metric="[bold]不是标记[/]"), q(40, 42, id="sp")]}
    return ev.evaluate(prediction, gold, [GDP, INCOME])


def test_to_json_has_all_figures():
    data = json.loads(ev.to_json(hand_result()))
    assert data["detection"] == {
        "matched": 2,
        "predicted": 3,
        "gold": 3,
        "precision": pytest.approx(2 / 3),
        "recall": pytest.approx(2 / 3),
        "f1": pytest.approx(2 / 3),
    }
    assert data["strict"]["matched"] == 1
    assert data["fields"]["value"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert data["indicators"]["found"] == 0 and data["indicators"]["total"] == 2
    assert [m["id"] for m in data["missed"]] == ["q20"]
    assert data["missed"][0]["context"] == "句子三"
    assert [s["id"] for s in data["spurious"]] == ["sp"]
    assert {(e["field"], e["gold"], e["predicted"]) for e in data["field_errors"]} == {
        ("value", 7, 8),
        ("metric", "地区生产总值", "[bold]不是标记[/]"),
    }


def test_print_report_renders_tables():
    console = Console(record=True, width=160)
    ev.print_report(hand_result(), console, show=10)
    out = console.export_text()
    for expected in ("detection", "strict", "0.667", "metric", "Indicators: 0/2 found", "地区生产总值"):
        assert expected in out, expected
    assert "句子三" in out  # the missed item's sentence
    assert "[bold]不是标记[/]" in out  # report text is not Rich markup
    assert "more" not in out


def test_print_report_limits_rows():
    console = Console(record=True, width=160)
    ev.print_report(hand_result(), console, show=1)
    out = console.export_text()
    assert "1 more" in out  # two field errors, one shown
    assert "不是标记" not in out


def test_print_report_show_zero_prints_only_scores():
    console = Console(record=True, width=160)
    ev.print_report(hand_result(), console, show=0)
    out = console.export_text()
    assert "F1" in out
    assert "句子三" not in out


# --- the CLI ----------------------------------------------------------------------------------

runner = CliRunner()


@needs_gold
def test_cli_eval_json(tmp_path):
    files, indicators = gold_paths("aimin-2024")
    gold = ev.load_gold(files)
    prediction = as_prediction(gold[1:], ev.load_indicators(indicators))
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(prediction, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(
        app, ["eval", str(pred), *map(str, files), "--indicators", str(indicators), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    n = len(gold)
    assert data["detection"]["precision"] == 1.0
    assert math.isclose(data["detection"]["recall"], (n - 1) / n)
    assert data["detection"]["gold"] == n
    assert data["indicators"]["found"] == data["indicators"]["total"]
    assert [m["id"] for m in data["missed"]] == [gold[0]["id"]]
    assert data["gold_files"] == [str(f) for f in files]


@needs_gold
def test_cli_eval_two_gold_parts_table(tmp_path):
    files, _ = gold_paths("cn-state-council-2024 (a+b)")
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(as_prediction(ev.load_gold(files)), ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(pred), *map(str, files)])
    assert result.exit_code == 0, result.output
    assert "detection" in result.stdout and "1.000" in result.stdout


@pytest.mark.parametrize(
    "args",
    [["nope.json", "gold.jsonl"], ["pred.json", "nope.jsonl"], ["pred.json", "bad.jsonl"]],
    ids=["missing prediction", "missing gold", "gold line not an object"],
)
def test_cli_eval_bad_file_exits_2_with_one_line(tmp_path, args):
    (tmp_path / "pred.json").write_text(json.dumps({"quantities": []}), encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text(GOOD_LINE + "\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text("[]\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", *(str(tmp_path / a) for a in args)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("duban: ")
    assert "Traceback" not in result.output
