"""The target cascade (层层加码): a plan and a day in; for each headline indicator of the plan year,
the plan's own target beside each child government's (value and gap: percentage points for rates,
per cent of the parent's target for levels), each child's latest accepted figure and status for
it, and, once the child's next report is imported, its promise check (the stored one, ``closing``).

Children are the governments directly under the plan's government with a plan of the same year,
those the viewer may read. Who may see the cascade: whoever may read the parent plan whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from duban.accounts import rules
from duban.closing.services import stored_result
from duban.errors import Forbidden
from duban.plans.drafts import lower_is_better
from duban.plans.models import Plan, Target
from duban.tracking import cache
from duban.tracking.indicators import indicator_records
from duban.tracking.status import TaskStatus

SORTS = {"order": "报告顺序", "gap": "差距从大到小", "-gap": "差距从小到大", "name": "政府名称"}


@dataclass
class Figure:
    """One government's target for an indicator and how it stands."""

    government: str
    plan_id: int | None
    plan_key: str
    value: float | None = None
    unit: str = ""
    comparator: str = ""
    text: str = ""  # as the report writes it: 6.5%左右
    gap: float | None = None  # against the parent: percentage points (unit %), else per cent
    gap_unit: str = ""  # 个百分点 or %
    stricter: bool | None = None  # 加码: a child's target beyond its parent's
    actual: float | None = None  # latest accepted cumulative figure
    status: str = ""
    light: str = ""
    task_id: str | None = None
    verdict: str | None = None  # year end: the promise check against the next report
    verdict_note: str = ""

    @property
    def gap_text(self) -> str:
        if self.gap is None:
            return "—"
        sign = "+" if self.gap > 0 else ""
        return f"{sign}{self.gap:g}{self.gap_unit}"


@dataclass
class Indicator:
    metric: str
    parent: Figure
    children: list[Figure] = field(default_factory=list)
    lower_is_better: bool = False
    total: float | None = None  # the children's targets summed, for a level in the parent's unit

    @property
    def total_share(self) -> float | None:
        """The children's total as a share of the parent's target (a level, not a rate)."""
        if self.total is None or not self.parent.value:
            return None
        return round(self.total / self.parent.value, 3)


@dataclass
class Cascade:
    plan: Plan
    day: dt.date
    indicators: list[Indicator]
    children: list[str]  # the child governments with a plan of the year
    missing: list[str]  # child governments the viewer may read with no plan of the year

    def rows(self, sort: str = "order") -> list[tuple[Indicator, Figure]]:
        """(indicator, child) rows in the order asked: the report's, or by gap."""
        rows = [(i, c) for i in self.indicators for c in i.children]
        if sort in {"gap", "-gap"}:
            known = [r for r in rows if r[1].gap is not None]
            known.sort(key=lambda r: r[1].gap, reverse=sort == "gap")
            return known + [r for r in rows if r[1].gap is None]
        if sort == "name":
            return sorted(rows, key=lambda r: (r[1].government, r[0].metric))
        return rows


def headline_targets(plan: Plan) -> dict[str, dict]:
    """The plan year's headline targets by canonical metric, first record of each (a range's lower
    bound, an urban/rural pair's first), in the report's order."""
    found: dict[str, dict] = {}
    for item in indicator_records(plan):
        if item.get("kind") != "target" or item.get("period") or item.get("year") not in {plan.year, None}:
            continue
        found.setdefault(item.get("metric") or "", item)
    return found


def _figure(plan: Plan, item: dict | None, by_quantity: dict, statuses: dict) -> Figure:
    figure = Figure(plan.government.name, plan.pk, plan.key)
    if item is None:
        return figure
    figure.value, figure.unit = item.get("value"), item.get("unit") or ""
    figure.comparator, figure.text = item.get("comparator") or "", item.get("text") or ""
    target = by_quantity.get(item.get("quantity") or "")
    if target is not None:
        figure.text = target.text or figure.text
        status = statuses.get(target.task.external_id)
        if status is not None:
            figure.task_id, figure.status, figure.light = status.task_id, status.status, status.light
            figure.actual = next(
                (t.actual for t in status.targets if t.target_id == target.external_id), None
            )
    return figure


def _plan_figures(plan: Plan, day: dt.date) -> dict[str, Figure]:
    by_quantity = {
        t.quantity_id: t
        for t in Target.objects.filter(task__plan=plan, withdrawn=False, task__withdrawn=False)
        .exclude(quantity_id="")
        .select_related("task")
    }
    statuses: dict[str, TaskStatus] = {s.task_id: s for s in cache.statuses(plan, day)}
    return {m: _figure(plan, item, by_quantity, statuses) for m, item in headline_targets(plan).items()}


def gap(parent: Figure, child: Figure) -> tuple[float | None, str]:
    if parent.value is None or child.value is None or parent.unit != child.unit:
        return None, ""
    if parent.unit == "%":
        return round(child.value - parent.value, 2), "个百分点"
    if parent.value == 0:
        return None, ""
    return round((child.value - parent.value) / abs(parent.value) * 100, 1), "%"


def _checks(child: Plan) -> tuple[dict[str, str], str]:
    """The child's promise verdicts by metric (the stored check, the office's overrides
    included: ``closing``), and why there are none."""
    result = stored_result(child)
    if result is None:
        return {}, f"尚未导入{child.year + 1}年报告"
    verdicts: dict[str, str] = {}
    for c in result.get("checks") or []:
        if c.get("scope") == "indicator":
            verdicts.setdefault(c.get("metric") or "", c.get("verdict_shown") or c.get("verdict") or "")
    return verdicts, "下一年报告未写明"


def cascade(user, plan: Plan, day: dt.date) -> Cascade:
    """The cascade of ``plan`` as ``user`` may see it: whole-plan readers only, and of the
    children those whose plans they may read."""
    if not rules.may_read_all(user, plan):
        raise Forbidden("层层加码对照表只对督查室和领导开放")
    return build(plan, day, rules.readable_governments(user))


def build(plan: Plan, day: dt.date, readable: frozenset[int] | None = None) -> Cascade:
    """The cascade with the children among ``readable`` governments (None: all; the command line)."""
    children = [
        p
        for p in Plan.objects.filter(government__parent=plan.government, year=plan.year)
        .select_related("government")
        .order_by("government__name")
        if readable is None or p.government_id in readable
    ]
    with_plan = {p.government_id for p in children}
    missing = [
        g.name
        for g in plan.government.children.order_by("name")
        if g.pk not in with_plan and (readable is None or g.pk in readable)
    ]
    own = _plan_figures(plan, day)
    theirs = [(child, _plan_figures(child, day), _checks(child)) for child in children]
    indicators = []
    for metric, parent in own.items():
        line = Indicator(
            metric, parent, lower_is_better=lower_is_better(metric, parent.value, parent.comparator)
        )
        for child, figures, (verdicts, why) in theirs:
            figure = figures.get(metric) or Figure(child.government.name, child.pk, child.key)
            figure.gap, figure.gap_unit = gap(parent, figure)
            if figure.gap is not None and figure.gap != 0:
                figure.stricter = (figure.gap < 0) if line.lower_is_better else (figure.gap > 0)
            elif figure.gap == 0:
                figure.stricter = False
            figure.verdict = verdicts.get(metric)
            figure.verdict_note = "" if figure.verdict else why
            line.children.append(figure)
        values = [c.value for c in line.children if c.value is not None and c.unit == parent.unit]
        if parent.unit not in {"", "%"} and values and len(values) == len(line.children):
            line.total = sum(values)
        indicators.append(line)
    return Cascade(
        plan=plan,
        day=day,
        indicators=indicators,
        children=[p.government.name for p in children],
        missing=missing,
    )


def as_json(c: Cascade) -> dict:
    """The cascade as ``duban cascade --json`` and the API give it."""

    def figure(f: Figure) -> dict:
        return {
            "government": f.government,
            "plan": f.plan_key,
            "value": f.value,
            "unit": f.unit,
            "comparator": f.comparator,
            "text": f.text,
            "gap": f.gap,
            "gap_unit": f.gap_unit,
            "stricter": f.stricter,
            "actual": f.actual,
            "status": f.status,
            "light": f.light,
            "task_id": f.task_id,
            "verdict": f.verdict,
            "verdict_note": f.verdict_note,
        }

    return {
        "schema": "duban.cascade/1",
        "plan": c.plan.key,
        "government": c.plan.government.name,
        "year": c.plan.year,
        "date": c.day.isoformat(),
        "children": c.children,
        "children_without_plan": c.missing,
        "indicators": [
            {
                "metric": i.metric,
                "lower_is_better": i.lower_is_better,
                "parent": figure(i.parent),
                "children": [figure(ch) for ch in i.children],
                "children_total": i.total,
                "children_total_share": i.total_share,
            }
            for i in c.indicators
        ],
    }


def chart_data(c: Cascade) -> dict:
    """Per indicator: the parent's target and each child's, for the page's chart."""
    return {
        "indicators": [
            {
                "metric": i.metric,
                "unit": i.parent.unit,
                "parent": i.parent.value,
                "names": [ch.government for ch in i.children],
                "values": [ch.value for ch in i.children],
                "actuals": [ch.actual for ch in i.children],
            }
            for i in c.indicators
            if i.parent.value is not None
        ]
    }


def sheet_rows(c: Cascade, sort: str = "order") -> list[list]:
    """The rows of the 层层加码对照表 workbook."""

    def word(f: Figure) -> str:
        return {True: "加码", False: "未加码"}.get(f.stricter, "—")

    return [
        [
            i.metric,
            ch.government,
            i.parent.text or "—",
            ch.text or "—",
            ch.gap_text,
            word(ch),
            "—" if ch.actual is None else f"{ch.actual:g}{ch.unit}",
            ch.status or "—",
            ch.verdict or ch.verdict_note or "—",
        ]
        for i, ch in c.rows(sort)
    ]


def export_xlsx(c: Cascade, dest, sort: str = "order") -> int:
    from duban.sheets.cascade import write_cascade

    rows = sheet_rows(c, sort)
    title = f"{c.plan.government.name}{c.plan.year}年主要预期目标层层加码对照表（{c.day:%Y-%m-%d}）"
    write_cascade(dest, c.plan.key, c.plan.pk, title, rows)
    return len(rows)
