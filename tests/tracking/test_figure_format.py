"""Issue #11 item 2: every figure is shown in its target's scale with 万/亿 as the report writes
them (stepping down to 万, or to none, when too small for that scale) — one formatter
(``figure_text.format_figure``) for pages, workbooks and documents, never e-notation. Rows: a
target as the report writes it, a figure in base units, what is shown (to two places, for
reading) and what a workbook holds (every digit that matters, read back unchanged).
"""

from __future__ import annotations

import pytest

from duban.plans.models import Target
from duban.tracking.figure_text import format_figure, read_written

# fmt: off
ROWS = [
    # target text,       target value,  unit, figure (base units), shown,         in a workbook
    ("3750万元",          37_500_000,    "元",  29_591_100,          "2959.11万元",   "2959.11万元"),
    ("9000万斤以上",      90_000_000,    "斤",  72_563_100,          "7256.31万斤",   "7256.31万斤"),
    ("130亿元以上",       13e9,          "元",  9_188_220_000,       "91.88亿元",     "91.8822亿元"),
    ("超100亿元",         1e10,          "元",  4_624_750_000,       "46.25亿元",     "46.2475亿元"),
    # a figure too small for its target's scale steps down to 万
    ("突破1亿元",         1e8,           "元",  69_806_600,          "6980.66万元",   "6980.66万元"),
    ("12万亩",            120_000,       "亩",  73_500.5,            "7.35万亩",      "7.35005万亩"),
    ("1.39万亿元",        1.39e12,       "元",  1.2e12,              "1.2万亿元",     "1.2万亿元"),
    ("6%",                6,             "%",   5.2,                 "5.2%",          "5.2%"),
    ("下降2.5%",          -2.5,          "%",   -2.1,                "-2.1%",         "-2.1%"),
    ("180个",             180,           "个",  120,                 "120个",         "120个"),
    ("5000人",            5000,          "人",  2400,                "2400人",        "2400人"),
    ("130亿元以上",       13e9,          "元",  24_663_800,          "2466.38万元",   "2466.38万元"),
    # a target without a number is shown in base units; a figure below 万 in plain units
    ("千万元",            None,          "元",  12_345_678,          "12345678元",    "12345678元"),
    ("0.5万吨",           5000,          "吨",  35,                  "35吨",          "35吨"),
]
# fmt: on


def _target(text: str, value: float | None, unit: str) -> Target:
    return Target(text=text, value=value, unit=unit, metric="指标")


@pytest.mark.parametrize(
    ("text", "value", "unit", "figure", "shown", "kept"), ROWS, ids=[f"{r[3]} 对 {r[0]}" for r in ROWS]
)
def test_a_figure_is_written_as_its_target_is(text, value, unit, figure, shown, kept):
    target = _target(text, value, unit)
    assert format_figure(figure, target) == shown
    assert format_figure(figure, target, decimals=None) == kept
    assert "e+" not in shown and "e-" not in kept
    # What a workbook holds reads back to the very figure: an untouched row changes nothing.
    assert read_written(kept, target) == pytest.approx(figure, rel=1e-12)


@pytest.mark.parametrize("figure", [None, float("nan"), float("inf")])
def test_no_figure_is_a_dash(figure):
    assert format_figure(figure, _target("3750万元", 37_500_000, "元")) == "—"
