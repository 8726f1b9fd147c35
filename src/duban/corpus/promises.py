"""The promise panel (``--promises``): for each region with consecutive plan years in the corpus,
its year-Y report's targets checked against its year-Y+1 report's review, one row per check.

The check itself is ``duban.promises`` (here through ``check_files``, which gives it both texts
for the citations; ``shared/spec/promises.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duban.corpus.pool import ordered_map
from duban.corpus.rows import PANEL_SCHEMA
from duban.corpus.work import FileResult
from duban.corpus.writers import Panel
from duban.promises import check_files

if TYPE_CHECKING:
    from duban.corpus.run import Options

COLUMNS: dict[str, str] = {
    "schema": f"面板版本 panel schema ({PANEL_SCHEMA}, promise checks)",
    "region": "official full name of the region",
    "region_code": "12-digit 统计用区划代码",
    "level": "national, province, city or county",
    "plan_year": "the year of the plan whose targets are checked",
    "metric": "what is measured",
    "scope": "indicator (headline target) or commitment (a task's counted target)",
    "target_value": "the target, in the base unit; empty for a qualitative target",
    "target_unit": "its unit",
    "target_comparator": "eq, ge, gt, le, lt or approx",
    "target_growth": "true for a growth rate",
    "target_text": "the target as written in the plan report",
    "target_raw_start": "raw_span of the target in the plan report",
    "target_raw_end": "",
    "actual_value": "what the next report says was achieved; empty when it states nothing",
    "actual_unit": "",
    "actual_comparator": "",
    "actual_growth": "",
    "actual_text": "the achieved figure as written in the next report",
    "actual_raw_start": "raw_span of the figure in the next report",
    "actual_raw_end": "",
    "completion": "actual / target as tracking.md computes it",
    "verdict": "超额完成, 完成, 基本完成, 未完成 or 无法核实",
    "reason": "why, in one Chinese sentence",
    "plan_file": "the plan report's file",
    "plan_sha256": "",
    "next_file": "the next year's report's file",
    "next_sha256": "",
}
TYPES = {
    **dict.fromkeys(
        ("plan_year", "target_raw_start", "target_raw_end", "actual_raw_start", "actual_raw_end"), "int"
    ),
    **dict.fromkeys(("target_value", "actual_value", "completion"), "float"),
    **dict.fromkeys(("target_growth", "actual_growth"), "bool"),
}


@dataclass
class Pairs:
    """The first report seen for each (region code, plan year); consecutive years make pairs."""

    first: dict[tuple[str, int], FileResult] = field(default_factory=dict)

    def add(self, result: FileResult) -> None:
        if result.region_code and result.plan_year is not None:
            self.first.setdefault((result.region_code, result.plan_year), result)

    def consecutive(self) -> list[tuple[FileResult, FileResult]]:
        return [
            (plan, self.first[(code, year + 1)])
            for (code, year), plan in sorted(self.first.items())
            if (code, year + 1) in self.first
        ]


def check_rows(plan: FileResult, following: FileResult, result: dict) -> list[dict]:
    shared_region = plan.rows[0] if plan.rows else {}
    rows = []
    for c in result.get("checks") or []:
        target, actual = c.get("target") or {}, c.get("actual") or {}
        rows.append(
            {
                "schema": PANEL_SCHEMA,
                "region": shared_region.get("region"),
                "region_code": plan.region_code,
                "level": shared_region.get("level"),
                "plan_year": plan.plan_year,
                "metric": c.get("metric"),
                "scope": c.get("scope"),
                **_side("target", target),
                **_side("actual", actual),
                "completion": c.get("completion"),
                "verdict": c.get("verdict"),
                "reason": c.get("reason"),
                "plan_file": plan.name,
                "plan_sha256": plan.sha256,
                "next_file": following.name,
                "next_sha256": following.sha256,
            }
        )
    return rows


def _side(prefix: str, figure: dict[str, Any]) -> dict[str, Any]:
    span = figure.get("raw_span") or (None, None)
    return {
        f"{prefix}_value": figure.get("value"),
        f"{prefix}_unit": figure.get("unit"),
        f"{prefix}_comparator": figure.get("comparator"),
        f"{prefix}_growth": figure.get("growth"),
        f"{prefix}_text": figure.get("text"),
        f"{prefix}_raw_start": span[0],
        f"{prefix}_raw_end": span[1],
    }


def _check_batch(
    batch: list[tuple[FileResult, FileResult]], max_bytes: int
) -> list[tuple[list[dict], str | None]]:
    done = []
    for plan, following in batch:
        try:
            result = check_files(plan.name, following.name, max_bytes=max_bytes)
            done.append((check_rows(plan, following, result), None))
        except Exception as err:  # noqa: BLE001 — one pair's failure is a line in the errors file
            done.append(
                (
                    [],
                    f"{plan.name}\t{plan.sha256}\t兑现核查失败（对照 {following.name}）："
                    f"{type(err).__name__}: {err}",
                )
            )
    return done


def write_panel(pairs: Pairs, out: Path, options: Options, *, errors_to: str) -> int:
    """Check every consecutive pair and write the promise panel; returns its row count."""
    panel = Panel(out, COLUMNS, TYPES)
    work = partial(_check_batch, max_bytes=options.max_bytes)
    with open(errors_to, "a", encoding="utf-8", newline="\n") as errors:
        try:
            for rows, error in ordered_map(work, pairs.consecutive(), jobs=options.jobs, batch=1):
                panel.write(rows)
                if error:
                    errors.write(" ".join(error.split("\n")) + "\n")
            panel.commit()
        except BaseException:
            panel.discard()
            raise
    return panel.rows
