"""One report's extraction in; the panel's rows out: one per headline indicator record, or with
``quantities`` one per quantity, each carrying the region (official name, code, level), the
report's years and where the figure stands in the file (``raw_start``/``raw_end``, its SHA-256).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from duban.extract.pipeline import SCHEMA as EXTRACT_SCHEMA
from duban.regions import Resolution, resolve

PANEL_SCHEMA = "duban.panel/1"

# Column, meaning: the data card prints these, the writers keep this order.
COLUMNS: dict[str, str] = {
    "schema": f"面板版本 panel schema ({PANEL_SCHEMA}; extraction {EXTRACT_SCHEMA})",
    "record": "indicator（主要指标）or quantity（每个数量，--quantities）",
    "region": "official full name of the region (统计用区划名称), e.g. 黑龙江省牡丹江市爱民区",
    "region_code": "12-digit 统计用区划代码; empty when the name is ambiguous or unknown",
    "region_status": "resolved, national, ambiguous (candidates in region_note) or unknown",
    "region_note": "the candidates of an ambiguous name, or why none was found",
    "region_as_written": "the region as the report names it (document.region)",
    "level": "national, province, city or county (districts and county-level cities are county)",
    "plan_year": "the year the report plans",
    "review_year": "the year the report looks back on",
    "report_date": "the date the report was delivered, YYYY-MM-DD",
    "id": "the quantity's id in the extraction (q17); for an indicator, its quantity",
    "section": "outline section of the quantity (2.1); empty for indicators",
    "part": "review, plan or other: the part of the report the record is in",
    "metric": "what is measured; for indicators the indicator dictionary's canonical name",
    "canonical": "true when metric is a dictionary name (indicators only)",
    "kind": "actual (achieved, estimated) or target (goal, plan, quota)",
    "year": "the year the figure belongs to; empty for a span of years",
    "period_start": "first year of the span a figure belongs to (十四五: 2021), else empty",
    "period_end": "last year of that span (2025), else empty",
    "value": "the number in the base unit (127亿元 → 12700000000); empty for a qualitative target",
    "unit": "base unit: 元, %, 平方米, 人, 个 …",
    "comparator": "eq, ge (以上), gt (超过), le (以内), lt (低于), approx (左右)",
    "growth": "true for a change against an earlier period (增长6%), false for a level",
    "text": "the figure as written in the report, spaces removed",
    "raw_start": "raw_span start: character offset into the file's text as decoded",
    "raw_end": "raw_span end (exclusive)",
    "source_file": "the report file, as found under the paths given",
    "sha256": "SHA-256 of the file's bytes",
}


# Columns that are not text, for typed formats (Parquet).
TYPES: dict[str, str] = {
    **dict.fromkeys(
        ("plan_year", "review_year", "year", "period_start", "period_end", "raw_start", "raw_end"), "int"
    ),
    "value": "float",
    "growth": "bool",
    "canonical": "bool",
}


def region_fields(document: dict) -> dict[str, Any]:
    """The region the report names, resolved against the official table; never guessed."""
    written = document.get("region")
    found = _resolved(written)
    if found.division is not None:
        status = "national" if found.division.level == "national" else "resolved"
        return {
            "region": found.division.full_name,
            "region_code": found.division.code,
            "region_status": status,
            "region_note": None,
            "region_as_written": written,
            "level": found.division.level,
        }
    return {
        "region": written,
        "region_code": None,
        "region_status": "ambiguous" if found.ambiguous else "unknown",
        "region_note": found.explain() if written else "报告没有写明地区",
        "region_as_written": written,
        "level": document.get("level"),
    }


@lru_cache(maxsize=4096)
def _resolved(name: str | None) -> Resolution:
    # A corpus names the same few thousand regions over and over.
    return resolve(name)


def report_fields(result: dict, source_file: str, sha256: str) -> dict[str, Any]:
    """What every row of one report shares."""
    document = result.get("document") or {}
    return {
        "schema": PANEL_SCHEMA,
        **region_fields(document),
        "plan_year": document.get("plan_year"),
        "review_year": document.get("review_year"),
        "report_date": document.get("date"),
        "source_file": source_file,
        "sha256": sha256,
    }


def _period(record: dict) -> tuple[int | None, int | None]:
    period = record.get("period") or (None, None)
    return period[0], period[1]


def _figure_row(shared: dict, record: str, figure: dict, **fields: Any) -> dict[str, Any]:
    """The columns an indicator and a quantity share, from the extraction's record of the figure."""
    start, end = (figure.get("raw_span") or (None, None))[:2]
    period_start, period_end = _period(figure)
    return _ordered(
        shared,
        record=record,
        metric=figure.get("metric"),
        kind=figure.get("kind"),
        year=figure.get("year"),
        period_start=period_start,
        period_end=period_end,
        value=figure.get("value"),
        unit=figure.get("unit"),
        comparator=figure.get("comparator"),
        growth=figure.get("growth"),
        text=figure.get("text"),
        raw_start=start,
        raw_end=end,
        **fields,
    )


def indicator_row(shared: dict, ind: dict) -> dict[str, Any]:
    return _figure_row(
        shared, "indicator", ind, id=ind.get("quantity"), part=ind.get("part"), canonical=ind.get("canonical")
    )


def quantity_row(shared: dict, q: dict, part: str | None) -> dict[str, Any]:
    return _figure_row(shared, "quantity", q, id=q.get("id"), section=q.get("section"), part=part)


def _ordered(shared: dict, **fields: Any) -> dict[str, Any]:
    merged = {**shared, **fields}
    return {name: merged.get(name) for name in COLUMNS}


def _parts(outline: list[dict], parts: dict[str, str] | None = None) -> dict[str, str]:
    parts = {} if parts is None else parts
    for node in outline:
        parts[node["id"]] = node.get("part") or "other"
        _parts(node.get("children") or [], parts)
    return parts


def rows_of(result: dict, source_file: str, sha256: str, *, quantities: bool = False) -> list[dict]:
    """The panel rows of one report's extraction."""
    shared = report_fields(result, source_file, sha256)
    if not quantities:
        return [indicator_row(shared, ind) for ind in result.get("indicators") or []]
    parts = _parts(result.get("outline") or [])
    return [
        quantity_row(shared, q, parts.get(q.get("section") or "")) for q in result.get("quantities") or []
    ]
