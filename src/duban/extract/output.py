"""How ``duban extract`` prints a result: the contract as JSON, one CSV row per quantity, or a summary."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

CSV_COLUMNS = (
    "id", "section", "start", "end", "text", "value", "unit",
    "comparator", "kind", "year", "growth", "metric", "task",
)  # fmt: skip
COMPARATOR_SIGNS = {"eq": "=", "ge": "≥", "gt": ">", "le": "≤", "lt": "<", "approx": "≈"}
DOCUMENT_LABELS = (
    ("title", "标题 title"),
    ("region", "地区 region"),
    ("level", "级别 level"),
    ("date", "日期 date"),
    ("review_year", "回顾年份 review year"),
    ("plan_year", "计划年份 plan year"),
    ("speaker", "报告人 speaker"),
)


def to_json(result: dict) -> str:
    """The contract as JSON, Chinese kept as is."""
    return json.dumps(result, ensure_ascii=False, indent=1)


def to_csv(result: dict) -> str:
    """One row per quantity, header first; ``task`` is the id of the task that holds the quantity."""
    task_of = {
        qid: task.get("id") for task in result.get("tasks") or [] for qid in task.get("quantities") or []
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for q in result.get("quantities") or []:
        start, end = (q.get("raw_span") or [None, None])[:2]
        row = {**q, "start": start, "end": end, "task": task_of.get(q.get("id"), q.get("task"))}
        writer.writerow([_cell(row.get(name)) for name in CSV_COLUMNS])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def print_summary(result: dict, console: Console) -> None:
    """Document facts, the headline indicators, and how many sections, quantities and tasks."""
    document = result.get("document") or {}
    facts = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    facts.add_column(style="bold")
    facts.add_column()
    for key, label in DOCUMENT_LABELS:
        value = document.get(key)
        facts.add_row(label, Text("—" if value is None else str(value)))
    console.print(facts)

    indicators = result.get("indicators") or []
    if indicators:
        table = Table(title="主要指标 Headline indicators", title_justify="left")
        # Short headers and an unwrapped metric keep the names whole in an 80-column terminal.
        table.add_column("指标", no_wrap=True)
        for name in ("类型", "年份", "数值", "比较", "增长"):
            table.add_column(name)
        for ind in indicators:
            table.add_row(
                Text(str(ind.get("metric") or "")),
                str(ind.get("kind") or ""),
                _cell(ind.get("year")),
                Text(format_amount(ind.get("value"), ind.get("unit"))),
                COMPARATOR_SIGNS.get(ind.get("comparator"), _cell(ind.get("comparator"))),
                {True: "是 yes", False: "否 no"}.get(ind.get("growth"), ""),
            )
        console.print(table)

    quantities = result.get("quantities") or []
    kinds = [q.get("kind") for q in quantities]
    console.print(
        Text(
            f"章节 sections {count_sections(result.get('outline') or [])} · "
            f"数量 quantities {len(quantities)} "
            f"(实绩 actual {kinds.count('actual')}, 目标 target {kinds.count('target')}) · "
            f"指标 indicators {len(indicators)} · "
            f"任务 tasks {len(result.get('tasks') or [])}"
        )
    )


def count_sections(outline: list[dict]) -> int:
    """All outline nodes, nested ones included."""
    return sum(1 + count_sections(node.get("children") or []) for node in outline)


def format_amount(value: Any, unit: str | None) -> str:
    """``126000000000000, "元"`` → ``126万亿元``; ``None`` (a qualitative target) → ``—``."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{value}{unit or ''}"
    number, suffix = value, ""
    for size, name in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if unit != "%" and abs(value) >= size:
            number, suffix = value / size, name
            break
    text = f"{number:.4f}".rstrip("0").rstrip(".")
    return f"{text}{suffix}{unit or ''}"
