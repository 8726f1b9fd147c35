"""Acceptance on the dev pair: 河北省 2024 plan -> 2025 report against the hand-checked gold.

Verdicts right for at least 90% of the gold's checks, and no achieved figure for a target the gold
says the next report does not state. The same scorer is ``bench/promises.py``.
"""

from __future__ import annotations

import pytest

from duban.promises import check_files
from duban.promises.score import load_gold, score

PAIRS = [("hebei-province-2024.txt", "hebei-province-2025.txt", "hebei-province-2024-2025.json")]


@pytest.fixture(scope="module", params=PAIRS, ids=lambda p: p[0])
def scored(request, corpus_dir, gold_dir):
    plan, follow_up, gold = request.param
    result = check_files(corpus_dir / plan, corpus_dir / follow_up)
    return result, score(result, load_gold(gold_dir / "promises" / gold))


def test_verdicts_right_for_nine_in_ten(scored):
    _, s = scored
    wrong = "; ".join(f"{m.metric} {m.target}: gold {m.gold}, got {m.predicted}" for m in s.wrong)
    assert s.accuracy >= 0.9, f"{s.right}/{s.checks} right; wrong: {wrong}"


def test_no_figure_invented_where_the_next_report_states_none(scored):
    _, s = scored
    assert not s.invented, "; ".join(f"{m.metric} {m.target} -> {m.predicted_actual}" for m in s.invented)


def test_every_cited_span_is_the_figure_it_names(scored, corpus_dir):
    result, _ = scored
    plan_text = (corpus_dir / result["plan"]["source"]).read_text(encoding="utf-8")
    next_text = (corpus_dir / result["next"]["source"]).read_text(encoding="utf-8")
    for c in result["checks"]:
        start, end = c["target"]["raw_span"]
        if "upper" not in c["target"] and c["target"]["value"] is not None:  # a range spans both bounds
            assert plan_text[start:end].replace("\n", "") == c["target"]["text"], c["metric"]
        if c["actual"]:
            a, b = c["actual"]["raw_span"]
            assert next_text[a:b].replace("\n", "") == c["actual"]["text"], c["metric"]
            s = c["actual_sentence"]
            assert next_text[s["raw_span"][0] : s["raw_span"][1]].strip() == s["text"], c["metric"]
            assert c["actual"]["text"] in s["text"].replace("\n", ""), c["metric"]


def test_summary_counts_the_checks(scored):
    result, _ = scored
    assert sum(result["summary"].values()) == len(result["checks"])
    assert result["schema"] == "duban.promises/1"
    assert result["next"]["review_year"] == result["plan"]["plan_year"] == 2024
