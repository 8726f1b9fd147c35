"""The 对照表 rows: a check's dict in; one ``Row`` per check, in the plan's order, out.

Shared by the Excel and Word exports and the Rich table of ``duban check``: 目标, 目标值, 完成值,
完成率, 结论 (an office's override beside the automatic one), the reason, both citations, the lead
unit and the ledger's year-end figure when the plan is stored.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    seq: int
    metric: str
    scope: str
    target: str
    actual: str
    completion: str
    verdict: str
    reason: str
    plan_source: str
    next_source: str
    lead: str
    ledger: str
    task_id: str
    target_id: str


SCOPES = {"indicator": "主要指标", "commitment": "量化任务"}


def rows_of(result: dict) -> list[Row]:
    return [_row(n, c) for n, c in enumerate(result.get("checks") or [], start=1)]


def verdict_text(c: dict) -> str:
    """The verdict as shown: the office's override with the automatic one beside it."""
    override = c.get("override")
    if override and override.get("verdict") and override["verdict"] != c["verdict"]:
        return f"{override['verdict']}（自动：{c['verdict']}）"
    return c["verdict"]


def completion_text(value: float | None) -> str:
    return f"{value * 100:.1f}%" if value is not None else "—"


def _row(n: int, c: dict) -> Row:
    actual = c.get("actual")
    ledger = c.get("ledger")
    ledger_text = ""
    if ledger:
        ledger_text = ledger.get("text") or ""
        if c.get("agrees") is False:
            ledger_text += "（与报告不一致）"
    return Row(
        seq=n,
        metric=c.get("metric") or "",
        scope=SCOPES.get(c.get("scope") or "", ""),
        target=(c.get("target") or {}).get("text") or "",
        actual=(actual or {}).get("text") or "未提及",
        completion=completion_text(c.get("completion")),
        verdict=verdict_text(c),
        reason=((c.get("override") or {}).get("reason") or c.get("reason") or ""),
        plan_source=_cite(c.get("target_sentence")),
        next_source=_cite(c.get("actual_sentence") or _first_evidence(c)),
        lead=c.get("lead") or "",
        ledger=ledger_text,
        task_id=c.get("task_id") or "",
        target_id=c.get("target_id") or "",
    )


def _first_evidence(c: dict) -> dict | None:
    for e in c.get("evidence") or []:
        if e.get("sentence"):
            return e["sentence"]
    return None


_SHORT = 60  # a sentence longer than this is cited by its clause in tables


def _cite(found: dict | None) -> str:
    text = (found or {}).get("text", "").replace("\n", "")
    if len(text) > _SHORT and (found or {}).get("clause"):
        return f"……{found['clause']}……"
    return text
