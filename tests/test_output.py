"""How ``duban extract`` prints: JSON, CSV and the Rich summary, on a small hand-made contract."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from rich.console import Console

from duban.extract import output

RESULT = {
    "schema": "duban.extract/2",
    "document": {
        "title": "政府工作报告",
        "region": "牡丹江市爱民区",
        "level": "county",
        "date": "2024-01-10",
        "review_year": 2023,
        "plan_year": 2024,
        "speaker": None,
    },
    "outline": [
        {
            "id": "1",
            "number": "一",
            "title": "2023年政府工作回顾",
            "part": "review",
            "children": [{"id": "1.1", "number": "（一）", "title": "三次产业做优做强", "children": []}],
        },
        {"id": "2", "number": "二", "title": "2024年工作安排", "part": "plan", "children": []},
    ],
    "quantities": [
        {
            "id": "q1",
            "section": "1.1",
            "raw_span": [358, 362],
            "text": "6.5%",
            "value": 6.5,
            "unit": "%",
            "comparator": "eq",
            "kind": "actual",
            "year": 2023,
            "growth": True,
            "metric": "地区生产总值",
        },
        {
            "id": "q2",
            "section": "1.1",
            "raw_span": [400, 406],
            "text": "9000万斤",
            "value": 90000000.0,
            "unit": "斤",
            "comparator": "ge",
            "kind": "actual",
            "year": 2023,
            "growth": False,
            "metric": "粮食产量, 含大豆",
        },
        {
            "id": "q3",
            "section": "2",
            "raw_span": [6803, 6805],
            "text": "6%",
            "value": 6,
            "unit": "%",
            "comparator": "approx",
            "kind": "target",
            "year": 2024,
            "growth": True,
            "metric": "地区生产总值",
        },
    ],
    "indicators": [
        {
            "metric": "地区生产总值",
            "kind": "target",
            "year": 2024,
            "value": 6,
            "unit": "%",
            "growth": True,
            "comparator": "approx",
            "quantity": "q3",
        },
        {
            "metric": "居民收入",
            "kind": "target",
            "year": 2024,
            "value": None,
            "unit": None,
            "growth": True,
            "comparator": None,
        },
    ],
    "tasks": [
        {
            "id": "t1",
            "section": "2",
            "heading": "稳增长",
            "text": "地区生产总值增长6%左右。",
            "quantities": ["q3"],
            "raw_span": [6790, 6810],
        }
    ],
}


def test_json_round_trips_and_keeps_chinese():
    text = output.to_json(RESULT)
    assert json.loads(text) == RESULT
    assert "牡丹江市爱民区" in text


def rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(output.to_csv(RESULT))))


def test_csv_header_and_one_row_per_quantity():
    table = rows()
    assert table[0] == list(output.CSV_COLUMNS)
    assert table[0] == [
        "id", "section", "start", "end", "text", "value", "unit",
        "comparator", "kind", "year", "growth", "metric", "task",
    ]  # fmt: skip
    assert [row[0] for row in table[1:]] == ["q1", "q2", "q3"]


CSV_CELLS = [
    ("q1", "start", "358"),
    ("q1", "end", "362"),
    ("q1", "value", "6.5"),
    ("q1", "growth", "true"),
    ("q1", "task", ""),
    ("q2", "value", "90000000"),
    ("q2", "comparator", "ge"),
    ("q2", "metric", "粮食产量, 含大豆"),
    ("q2", "text", "9000万斤"),
    ("q3", "task", "t1"),
    ("q3", "kind", "target"),
    ("q3", "section", "2"),
]


@pytest.mark.parametrize(
    ("qid", "column", "cell"), CSV_CELLS, ids=[f"{qid} {column}={cell!r}" for qid, column, cell in CSV_CELLS]
)
def test_csv_cells(qid, column, cell):
    header, *body = rows()
    row = next(r for r in body if r[0] == qid)
    assert row[header.index(column)] == cell


def test_csv_of_an_empty_result_is_the_header():
    assert output.to_csv({"quantities": []}) == ",".join(output.CSV_COLUMNS) + "\n"


def summary(result: dict) -> str:
    console = Console(record=True, width=120)
    output.print_summary(result, console)
    return console.export_text()


SUMMARY_PATTERNS = [
    ("title", r"标题 title\s+政府工作报告"),
    ("region", r"地区 region\s+牡丹江市爱民区"),
    ("level", r"级别 level\s+county"),
    ("date", r"日期 date\s+2024-01-10"),
    ("review year", r"回顾年份 review year\s+2023"),
    ("plan year", r"计划年份 plan year\s+2024"),
    ("missing speaker shown as a dash", r"报告人 speaker\s+—"),
    ("indicator row", r"地区生产总值\s+│ target\s+│ 2024\s+│ 6%\s+│ ≈\s+│ 是 yes"),
    ("qualitative indicator", r"居民收入\s+│ target\s+│ 2024\s+│ —"),
    ("sections, nested included", r"sections 3\b"),
    ("quantities split by kind", r"quantities 3 \(实绩 actual 2, 目标 target 1\)"),
    ("indicators", r"indicators 2\b"),
    ("tasks", r"tasks 1\b"),
]


@pytest.mark.parametrize(
    "pattern", [p for _, p in SUMMARY_PATTERNS], ids=[name for name, _ in SUMMARY_PATTERNS]
)
def test_summary_mentions(pattern):
    assert re.search(pattern, summary(RESULT))


def test_summary_of_a_bare_result_does_not_fail():
    text = summary({"quantities": []})
    assert "sections 0" in text and "tasks 0" in text


AMOUNTS = [
    (6, "%", "6%"),
    (-2.5, "%", "-2.5%"),
    (90000000, "斤", "9000万斤"),
    (126000000000000, "元", "126万亿元"),
    (700000000000, "元", "7000亿元"),
    (12440000, "人", "1244万人"),
    (None, None, "—"),
]


@pytest.mark.parametrize(("value", "unit", "shown"), AMOUNTS, ids=[shown for *_, shown in AMOUNTS])
def test_format_amount(value, unit, shown):
    assert output.format_amount(value, unit) == shown
