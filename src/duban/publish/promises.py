"""The 兑现核查 page: a reader, a plan and the filters in; the stored check as the page shows it out —
the summary chart's data, one row per check with both sentences cut around their figures (each
linking to its report with the figure marked), the override history, and the filter choices.

Liaisons see the checks of their own unit's tasks; only the office may override. The public page
reads ``public_rows`` for a published plan: the same rows, no ledger, no history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from duban.accounts import rules
from duban.closing.models import PromiseCheck
from duban.closing.services import check_history, follow_up_of, stored_result
from duban.errors import Forbidden, NotFound, Refusal
from duban.plans.models import Plan
from duban.promises.table import SCOPES, completion_text
from duban.promises.verdicts import VERDICTS
from duban.publish import access


@dataclass
class Cited:
    before: str
    figure: str
    after: str
    href: str


@dataclass
class CheckRow:
    id: int
    metric: str
    scope: str
    chapter: str
    lead: str
    task_id: str
    target: str
    actual: str
    completion: str
    verdict: str
    auto_verdict: str
    overridden: bool
    override_reason: str
    reason: str
    plan_cite: Cited | None
    next_cite: Cited | None
    evidence: list[Cited]
    ledger: str
    agrees: bool | None
    history: list[dict] = field(default_factory=list)


@dataclass
class Filters:
    verdict: str = ""
    scope: str = ""
    chapter: str = ""
    lead: str = ""

    @classmethod
    def from_params(cls, params) -> Filters:
        return cls(*(params.get(k, "").strip() for k in ("verdict", "scope", "chapter", "lead")))

    def keep(self, row: CheckRow) -> bool:
        return (
            (not self.verdict or row.verdict == self.verdict)
            and (not self.scope or row.scope == SCOPES.get(self.scope, self.scope))
            and (not self.chapter or row.chapter == self.chapter)
            and (not self.lead or row.lead == self.lead)
        )


@dataclass
class PromisePage:
    plan: Plan
    next_plan: Plan | None
    rows: list[CheckRow]
    total: int
    summary: dict
    auto_summary: dict
    chart: dict
    chapters: list[str]
    leads: list[str]
    filters: Filters
    may_override: bool
    verdicts: tuple[str, ...] = VERDICTS
    scopes: dict = field(default_factory=lambda: dict(SCOPES))


def promise_page(user, plan: Plan, params) -> PromisePage:
    result = stored_result(plan)
    follow_up = follow_up_of(plan)
    filters = Filters.from_params(params)
    allowed = access.unit_task_ids(user, plan)
    office = rules.is_office(user, plan)
    rows = [] if result is None else [_row(plan, follow_up.next_plan, c) for c in result["checks"]]
    if allowed is not None:
        rows = [r for r in rows if r.task_id in allowed]
    if office:
        _add_history(rows)
    shown = [r for r in rows if filters.keep(r)]
    return PromisePage(
        plan=plan,
        next_plan=follow_up.next_plan if follow_up else None,
        rows=shown,
        total=len(rows),
        summary=result["summary"] if result else {},
        auto_summary=result["auto_summary"] if result else {},
        chart=_chart(result, rows),
        chapters=sorted({r.chapter for r in rows if r.chapter}),
        leads=sorted({r.lead for r in rows if r.lead}),
        filters=filters,
        may_override=office,
    )


def public_rows(plan: Plan) -> tuple[list[CheckRow], dict] | None:
    """The check of a published plan for everyone: verdicts and both citations, nothing internal."""
    if not plan.published:
        return None
    result = stored_result(plan)
    follow_up = follow_up_of(plan)
    if result is None or follow_up is None:
        return None
    rows = [_row(plan, follow_up.next_plan, c, public=True) for c in result["checks"]]
    return rows, result["summary"]


def _row(plan: Plan, next_plan: Plan, c: dict, *, public: bool = False) -> CheckRow:
    override = c.get("override") or {}
    ledger = c.get("ledger") or {}
    report = f"/plans/{next_plan.pk}/report/" if not public else ""
    own = f"/plans/{plan.pk}/report/" if not public else ""
    target_q = c.get("quantity")
    return CheckRow(
        id=c["id"],
        metric=c.get("metric") or "",
        scope=SCOPES.get(c.get("scope") or "", ""),
        chapter=c.get("chapter") or "",
        lead=c.get("lead") or "",
        task_id=c.get("task_id") or "",
        target=(c.get("target") or {}).get("text") or "",
        actual=(c.get("actual") or {}).get("text") or "",
        completion=completion_text(c.get("completion")),
        verdict=c["verdict_shown"],
        auto_verdict=c["auto_verdict"],
        overridden=bool(override),
        override_reason=override.get("reason", ""),
        reason=c.get("reason") or "",
        plan_cite=_cite(c.get("target_sentence"), _link(own, target_q)),
        next_cite=_cite(c.get("actual_sentence"), _link(report, (c.get("actual") or {}).get("quantity"))),
        evidence=[
            x
            for e in c.get("evidence") or []
            if (x := _cite(e.get("sentence"), _link(report, e.get("quantity")))) is not None
        ],
        ledger="" if public else ledger.get("text", ""),
        agrees=None if public else c.get("agrees"),
    )


def _link(base: str, quantity: str | None) -> str:
    """The report viewer with the figure marked: ``?q=`` picks the mark, ``#`` scrolls to it."""
    if not base:
        return ""
    return f"{base}?q={quantity}#{quantity}" if quantity else base


def _cite(found: dict | None, href: str) -> Cited | None:
    if not found:
        return None
    text = found["text"]
    start, end = found.get("figure") or (0, 0)
    lead = len(found["text"]) - len(found["text"].lstrip())
    start, end = max(0, start - lead), max(0, end - lead)
    return Cited(text[:start], text[start:end], text[end:], href)


def _chart(result: dict | None, rows: list[CheckRow]) -> dict:
    """Verdict counts, and each numeric headline indicator's target against its actual."""
    counts = {v: sum(1 for r in rows if r.verdict == v) for v in VERDICTS}
    indicators = []
    for c in (result or {}).get("checks", []):
        target, actual = c.get("target") or {}, c.get("actual") or {}
        if c.get("scope") == "indicator" and target.get("unit") == "%" and target.get("value") is not None:
            indicators.append({"name": c["metric"], "target": target["value"], "actual": actual.get("value")})
    return {"verdicts": counts, "indicators": indicators}


def _add_history(rows: list[CheckRow]) -> None:
    by_id = {r.id: r for r in rows}
    for check in PromiseCheck.objects.filter(pk__in=list(by_id)):
        by_id[check.pk].history = [h for h in check_history(check) if h["why"] == "人工改判"]


def promise_file(user, plan: Plan, fmt: str) -> tuple[bytes, str]:
    """The 对照表 download: the check with the liaison's narrowing applied, as .xlsx or .docx."""
    import io

    from duban.promises import export

    if fmt not in export.FORMATS:
        raise Refusal(f"不支持的格式“{fmt}”：请用 xlsx 或 docx")
    result = stored_result(plan)
    if result is None:
        raise NotFound("尚未导入次年报告，无从核查：请用 duban import 导入下一年的政府工作报告")
    allowed = access.unit_task_ids(user, plan)
    if allowed is not None:
        result["checks"] = [c for c in result["checks"] if c.get("task_id") in allowed]
    out = io.BytesIO()
    export.write(result, fmt, out, plan_key=plan.key, plan_id=plan.pk)
    return out.getvalue(), f"{plan.government.name}{plan.year}年兑现核查对照表.{fmt}"


def draft_file(user, plan: Plan, day) -> tuple[bytes, str]:
    """The drafted review section; the office and readers only (it speaks for the whole plan)."""
    from duban.closing.draft import draft_review

    if not rules.may_read_all(user, plan):
        raise Forbidden("工作回顾初稿涉及全部任务，仅督查室和领导可下载")
    return draft_review(plan, day), f"{plan.government.name}{plan.year}年工作回顾初稿.docx"
