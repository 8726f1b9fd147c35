"""The stored promise check: plans in; checks stored, overridden, read back with ids and the ledger's
figures, out. One function per thing a command or a page does.

``refresh_around`` runs after every import (the ``plan_imported`` signal): a plan whose next year's
plan is stored is checked against that plan's report, and re-checked whenever either is imported
again. Checks are keyed by the plan's stable target ids (a qualitative headline target by its task
id), so the office's overrides and their history survive every re-run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from django.db import transaction

from duban.accounts import rules
from duban.closing.ledger import accepted_figures
from duban.closing.models import FollowUp, PromiseCheck, Verdict
from duban.errors import Forbidden, NotFound, Refusal
from duban.plans import history
from duban.plans.models import Plan, Role, Target, Task
from duban.promises import PairRefused, check
from duban.promises.check import SCHEMA
from duban.promises.verdicts import VERDICTS, agrees, rules_with

REASON_CHECK = "次年报告核查"
REASON_OVERRIDE = "人工改判"


def on_plan_imported(sender, plan: Plan, user=None, **kwargs) -> None:
    refresh_around(plan, user=user)


def refresh_around(plan: Plan, *, user=None) -> list[FollowUp]:
    """Check the plan against next year's, and last year's against this one, where stored."""
    year_plans = {
        p.year: p
        for p in Plan.objects.filter(government=plan.government, year__in=[plan.year - 1, plan.year + 1])
    }
    done = []
    for earlier, later in ((year_plans.get(plan.year - 1), plan), (plan, year_plans.get(plan.year + 1))):
        if earlier is not None and later is not None:
            follow_up = run_check(earlier, later, user=user)
            if follow_up is not None:
                done.append(follow_up)
    return done


def _rules(plan: Plan):
    tracking = getattr(plan, "tracking", None)
    return rules_with(tracking.basic_threshold if tracking else None)


def checked(plan: Plan, next_extraction: dict, *, next_text: str | None, next_source: str) -> dict:
    """The plain check of a stored plan against a next report, with the ledger's stable ids."""
    result = check(
        plan.extraction,
        next_extraction,
        plan_text=plan.source_text,
        next_text=next_text,
        plan_source=plan.source_name,
        next_source=next_source,
        plan_name=plan.government.name,
        rules=_rules(plan),
    )
    _attach_ids(plan, result)
    return result


@transaction.atomic
def run_check(plan: Plan, next_plan: Plan, *, user=None) -> FollowUp | None:
    """Store the check of ``plan`` against ``next_plan``'s report; None when it is no follow-up."""
    try:
        result = checked(
            plan, next_plan.extraction, next_text=next_plan.source_text, next_source=next_plan.source_name
        )
    except PairRefused:
        return None
    _store(plan, result, user=user)
    follow_up = FollowUp.objects.filter(plan=plan).first() or FollowUp(plan=plan)
    follow_up.next_plan = next_plan
    follow_up.plan_sha256, follow_up.next_sha256 = plan.source_sha256, next_plan.source_sha256
    follow_up.summary = result["summary"]
    follow_up.save()
    return follow_up


def check_report(plan: Plan, next_path: Path) -> dict:
    """``duban check PLAN NEXT_REPORT`` for a stored plan: read only, with ids and the ledger."""
    from duban.extract.pipeline import extract_loaded
    from duban.text.load import load_report

    loaded = load_report(next_path)
    result = checked(plan, extract_loaded(loaded), next_text=loaded.text, next_source=next_path.name)
    _attach_ledger(plan, result)
    return result


def _attach_ids(plan: Plan, result: dict) -> None:
    targets = {
        t.quantity_id: t
        for t in Target.objects.filter(
            task__plan=plan, withdrawn=False, task__withdrawn=False
        ).select_related("task")
    }
    tasks = {
        t.source_task: t
        for t in Task.objects.filter(plan=plan, withdrawn=False).prefetch_related("assignments__department")
    }
    for c in result["checks"]:
        target = targets.get(c.get("quantity") or "")
        task = tasks.get(c.get("source_task") or "") or (
            tasks.get(target.task.source_task) if target else None
        )
        c["target_id"] = target.external_id if target else None
        c["task_id"] = task.external_id if task else None
        lead = task.lead_unit() if task else None
        c["lead"] = lead.name if lead else ""


def _key(c: dict) -> str:
    return c.get("target_id") or c.get("task_id") or f"q:{c.get('quantity') or c['target'].get('raw_span')}"


def _store(plan: Plan, result: dict, *, user) -> None:
    stored = {row.key: row for row in plan.promise_checks.all()}
    targets = {t.external_id: t for t in Target.objects.filter(task__plan=plan)}
    tasks = {t.external_id: t for t in Task.objects.filter(plan=plan)}
    seen = set()
    for order, c in enumerate(result["checks"]):
        key = _key(c)
        if key in seen:
            continue
        seen.add(key)
        row = stored.get(key) or PromiseCheck(plan=plan, key=key)
        fields = {
            "task": tasks.get(c.get("task_id") or ""),
            "target": targets.get(c.get("target_id") or ""),
            "order": order,
            "scope": c["scope"],
            "metric": (c.get("metric") or "")[:100],
            "auto_verdict": c["verdict"],
            "completion": c.get("completion"),
            "reason": (c.get("reason") or "")[:300],
            "record": {**c, "next": result["next"], "plan_source": result["plan"].get("source")},
            "withdrawn": False,
        }
        history.update(row, fields, user=user, reason=REASON_CHECK)
    for key, row in stored.items():
        if key not in seen and not row.withdrawn:
            history.update(row, {"withdrawn": True}, user=user, reason=REASON_CHECK)


def override(check_id: int, *, verdict: str, reason: str, user) -> PromiseCheck:
    """The office's own verdict with its reason; an empty verdict returns to the automatic one."""
    row = PromiseCheck.objects.select_related("plan").filter(pk=check_id, withdrawn=False).first()
    if row is None:
        raise NotFound("没有这项核查")
    if not rules.is_office(user, row.plan):
        raise Forbidden("只有本级政府的督查室可以改判核查结论")
    verdict = (verdict or "").strip()
    if verdict and verdict not in Verdict.values:
        raise Refusal(f"结论“{verdict}”无效：请选 {'、'.join(VERDICTS)} 之一，或留空恢复自动结论")
    reason = (reason or "").strip()
    if not reason:
        raise Refusal("请写明改判理由")
    history.update(
        row, {"verdict_override": verdict, "override_reason": reason[:300]}, user=user, reason=REASON_OVERRIDE
    )
    return row


def follow_up_of(plan: Plan) -> FollowUp | None:
    return FollowUp.objects.filter(plan=plan).select_related("next_plan").first()


def stored_result(plan: Plan, *, day: dt.date | None = None) -> dict | None:
    """The stored check as the contract dict, with overrides, the lead units and the ledger's
    year-end figures (as of ``day`` when given); None when no next year's report is stored."""
    follow_up = follow_up_of(plan)
    if follow_up is None:
        return None
    rows = list(plan.promise_checks.filter(withdrawn=False).order_by("order"))
    checks = []
    for row in rows:
        c = dict(row.record)
        c["id"] = row.pk
        c["auto_verdict"] = row.auto_verdict
        c["verdict_shown"] = row.verdict
        if row.verdict_override:
            c["override"] = {"verdict": row.verdict_override, "reason": row.override_reason}
        checks.append(c)
    result = {
        "schema": SCHEMA,
        "plan": {
            "region": plan.government.name,
            "plan_year": plan.year,
            "source": plan.source_name,
            "id": plan.pk,
        },
        "next": {
            "region": follow_up.next_plan.government.name,
            "review_year": plan.year,
            "source": follow_up.next_plan.source_name,
            "id": follow_up.next_plan.pk,
        },
        "checks": checks,
        "summary": _summary(c["verdict_shown"] for c in checks),
        "auto_summary": _summary(c["auto_verdict"] for c in checks),
        "checked_at": follow_up.checked_at.isoformat(),
    }
    _attach_ledger(plan, result, day=day)
    return result


def _summary(verdicts) -> dict:
    counts = Counter(verdicts)
    return {v: counts.get(v, 0) for v in VERDICTS}


def _attach_ledger(plan: Plan, result: dict, *, day: dt.date | None = None) -> None:
    figures = accepted_figures(plan, until=day, year_end=True)
    targets = dict(Target.objects.filter(task__plan=plan).values_list("external_id", "pk"))
    for c in result["checks"]:
        found = figures.get(targets.get(c.get("target_id") or "", -1))
        c["ledger"] = found.as_dict() if found else None
        c["agrees"] = agrees(found.value, c.get("actual")) if found else None


def check_history(row: PromiseCheck) -> list[dict]:
    """Every change of a check, newest first: the automatic verdict's and the office's."""
    entries = list(row.history.select_related("history_user").order_by("-history_date", "-history_id"))
    out = []
    for entry in entries:
        out.append(
            {
                "when": entry.history_date,
                "who": str(entry.history_user or "系统"),
                "auto": entry.auto_verdict,
                "override": entry.verdict_override,
                "reason": entry.override_reason if entry.history_change_reason == REASON_OVERRIDE else "",
                "why": entry.history_change_reason or "",
            }
        )
    return out


def lead_units(plan: Plan) -> list[str]:
    return sorted(
        {
            a.department.name
            for t in plan.tasks.filter(withdrawn=False).prefetch_related("assignments__department")
            for a in t.assignments.all()
            if a.role == Role.LEAD and not a.withdrawn
        }
    )
