"""The filtered ledger as a workbook: the reader, a plan, a day and the ledger's filters in; every
matching row (not one page) as an .xlsx out, with the same columns and the same narrowing to a
liaison's unit as the ledger page.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from duban.plans.models import Plan
from duban.publish import access
from duban.publish.ledger import NO_FACTS, LedgerQuery, matching_statuses, task_facts
from duban.sheets.ledger import write_ledger
from duban.tracking.figures import format_percent

_LIGHTS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}


@dataclass
class LedgerWorkbook:
    data: bytes
    filename: str
    rows: int


def ledger_workbook(user, plan: Plan, day: dt.date, query: LedgerQuery) -> LedgerWorkbook:
    statuses, scoped = access.visible_statuses(user, plan, day)
    facts = task_facts(plan)
    chosen = matching_statuses(statuses, list(plan.sections.all()), query, facts)
    rows = []
    for n, s in enumerate(chosen, start=1):
        f = facts.get(s.task_id, NO_FACTS)
        completion = "" if s.completion is None else format_percent(s.completion)
        rows.append(
            [n, s.task_id, s.text, s.lead, f.supports, f.leader, f.deadline, s.status, _LIGHTS[s.light],
             completion, format_percent(s.time_progress), s.reason]
        )  # fmt: skip
    title = f"{plan.government.name}{plan.year}年政府工作报告重点任务台账"
    subtitle = f"评估日期 {day.isoformat()}　　共 {len(rows)} 项" + ("（本单位承担的任务）" if scoped else "")
    buffer = io.BytesIO()
    write_ledger(buffer, title, subtitle, rows)
    return LedgerWorkbook(
        buffer.getvalue(), f"{plan.government.name}{plan.year}台账（{day.isoformat()}）.xlsx", len(rows)
    )
