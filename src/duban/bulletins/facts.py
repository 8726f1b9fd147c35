"""A bulletin's figures: a plan and a day in; everything a bulletin states out, as plain values that
are stored with it (``Facts.as_json`` / ``Facts.load``) and never recomputed once it is issued.

Every figure is the ledger's on that day: the task statuses come from ``tracking.status`` through
its cache (the status page's own numbers, accepted reports only), the roll-up from
``tracking.rollup``, the headline indicators from ``tracking.indicators``. Nothing is worded here;
``drafting`` turns these values into sentences.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property, lru_cache

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from duban.bulletins.models import Bulletin, BulletinState
from duban.documents.pauses import collector_paused
from duban.orders.models import Level, Order
from duban.plans.importing import describe_targets
from duban.plans.models import Plan, Target
from duban.tracking import cache
from duban.tracking.figure_text import format_figure, plain_number, scale_word
from duban.tracking.figures import Status, format_points, trails
from duban.tracking.figures import format_percent as _format_percent
from duban.tracking.indicators import Headline, headlines, qualitative_text
from duban.tracking.models import Period, ProgressReport, ReportRole, ReportState
from duban.tracking.periods import due_by, settings_for
from duban.tracking.rollup import plan_rollup
from duban.tracking.status import TaskStatus

NONE = "—"
COUNTED = [
    Status.DONE,
    Status.ON_SCHEDULE,
    Status.BEHIND,
    Status.OVERDUE,
    Status.NOT_REPORTED,
    Status.NOT_STARTED,
]
LAGGING = {Status.BEHIND, Status.OVERDUE}  # 未达序时进度: behind time progress, or past the deadline
PROGRESS_CHARS = 120  # the attachment's 进展情况 column; the task page has the whole text

# ``figures.format_percent`` remembered: a plan's tasks mostly share one time progress, and a
# large plan prints tens of thousands of percentages.
format_percent = lru_cache(maxsize=1 << 14)(_format_percent)


@dataclass
class Group:
    key: str  # all, main (主要经济指标), quantified (量化指标), other
    total: int
    counts: dict[str, int]  # status → tasks


@dataclass
class IndicatorRow:
    metric: str
    target: str
    actual: str
    rate: str  # 完成率, or the growth itself for a growth target
    growth: bool
    time_progress: str
    status: str
    task_id: str
    value: float | None = None  # completion, for the chart
    progress_value: float | None = None  # time progress, for the chart


@dataclass
class Laggard:
    no: int  # the task's 序号 in the plan (第N项)
    task_id: str
    lead: str
    kind: str  # growth, limit, level, overdue, qualitative
    subject: str  # the indicator's metric, or the task in a few words
    actual: str = ""
    target: str = ""
    completion: str = ""
    gap: str = ""  # percentage points (or the target's unit, for a limit not in %)
    unit: str = ""
    deadline: str = ""
    progress: str = ""
    problems: str = ""


@dataclass
class Supervised:
    code: str  # 督〔2024〕12号
    no: int
    lead: str
    subject: str


@dataclass
class Row:
    """One row of the attachment table."""

    no: int
    task_id: str
    text: str
    lead: str
    target: str
    actual: str
    completion: str
    time_progress: str
    status: str
    progress: str
    light: str


@dataclass
class Facts:
    plan: str
    government: str
    year: int
    day: str  # ISO date
    completion: float | None
    time_progress: float | None
    groups: list[Group]
    indicators: list[IndicatorRow]
    laggards: list[Laggard]
    missing: list[tuple[str, int]]  # units whose reports are missing, with their tasks
    late: list[str]  # units that reported after the due day
    period: str  # the period due by the day: 2024年6月
    due: str  # its due date, ISO
    cadence: str
    due_day: int
    supervised: list[Supervised]
    rows: list[Row]
    unit_lights: list[tuple[str, dict[str, int]]] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def load(cls, data: dict) -> Facts:
        kinds = {
            "groups": Group,
            "indicators": IndicatorRow,
            "laggards": Laggard,
            "supervised": Supervised,
            "rows": Row,
        }
        values = {f.name: data.get(f.name) for f in fields(cls)}
        for name, kind in kinds.items():
            values[name] = [kind(**item) for item in values[name] or []]
        values["missing"] = [tuple(item) for item in values["missing"] or []]
        values["unit_lights"] = [tuple(item) for item in values["unit_lights"] or []]
        return cls(**values)

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.day)

    def group(self, key: str) -> Group:
        return next(g for g in self.groups if g.key == key)


@dataclass(frozen=True)
class TargetRow:
    """What a bulletin reads of a target; a plain row, since a large plan has tens of thousands."""

    external_id: str
    metric: str
    value: float | None
    unit: str
    comparator: str
    growth: bool
    lower_is_better: bool
    text: str

    @cached_property
    def scale(self) -> tuple[float, str]:
        """The scale and multiplier word the target is written in: (10⁴, '万') for '3750万元'."""
        return scale_word(self)


def _written(value: float | None, target: TargetRow) -> str:
    """``format_figure``, with the target's scale read from its text once, not once a figure."""
    scale, word = target.scale
    if value is None or not math.isfinite(value) or abs(value) < scale:
        return format_figure(value, target)  # no figure, or one that steps down to a smaller scale
    return f"{plain_number(value / scale)}{word}{target.unit}"


def _targets(plan: Plan) -> dict[str, TargetRow]:
    rows = (
        Target.objects.filter(task__plan=plan, task__withdrawn=False, withdrawn=False)
        .order_by("pk")
        .values_list(*(f.name for f in fields(TargetRow)))
    )
    return {row[0]: TargetRow(*row) for row in rows}


@collector_paused()
def compute(plan: Plan, day: dt.date) -> Facts:
    statuses = cache.statuses(plan, day)
    targets = _targets(plan)
    headline = headlines(plan)
    numbers = {s.task_id: n for n, s in enumerate(statuses, start=1)}
    reports = _latest_accepted(plan, day)
    rollup = plan_rollup(plan, statuses)
    period = due_by(plan, day)
    chosen = settings_for(plan)
    return Facts(
        plan=plan.key,
        government=plan.government.name,
        year=plan.year,
        day=day.isoformat(),
        completion=rollup.completion,
        time_progress=rollup.time_progress,
        groups=_groups(headline, statuses),
        indicators=_indicators(headline, statuses),
        laggards=[
            item
            for status in statuses
            if status.status in LAGGING
            for item in _laggards(status, numbers[status.task_id], targets, reports)
        ],
        missing=list(
            Counter(s.lead or "未分工" for s in statuses if s.status == Status.NOT_REPORTED).items()
        ),
        late=_late_units(plan, period) if period else [],
        period=period.title if period else "",
        due=period.due.isoformat() if period else "",
        cadence=chosen.cadence,
        due_day=chosen.due_day,
        supervised=_supervised(plan, day, numbers),
        rows=[_row(n, s, targets, reports) for n, s in enumerate(statuses, start=1)],
        unit_lights=_unit_lights(statuses),
    )


def _groups(headline: list[Headline], statuses: list[TaskStatus]) -> list[Group]:
    main = {h.target.task.external_id for h in headline if h.target is not None}
    keyed: dict[str, list[TaskStatus]] = {"all": statuses, "main": [], "quantified": [], "other": []}
    for status in statuses:
        if status.task_id in main:
            key = "main"
        elif any(t.target is not None for t in status.targets):
            key = "quantified"  # tasks with numeric targets
        else:
            key = "other"
        keyed[key].append(status)
    return [
        Group(key, len(items), {str(s): sum(1 for i in items if i.status == s) for s in COUNTED})
        for key, items in keyed.items()
    ]


def _indicators(headline: list[Headline], statuses: list[TaskStatus]) -> list[IndicatorRow]:
    by_target = {ts.target_id: (ts, s) for s in statuses for ts in s.targets}
    rows = []
    for item in headline:
        target = item.target
        found = by_target.get(target.external_id) if target else None
        if target is None or found is None:
            text = target.text if target else qualitative_text(item)
            rows.append(IndicatorRow(item.metric, text, NONE, NONE, False, NONE, NONE, ""))
            continue
        figure, status = found
        actual = NONE if figure.actual is None else format_figure(figure.actual, target)
        if target.growth:
            rate = actual
        else:
            rate = NONE if figure.completion is None else format_percent(figure.completion)
        rows.append(
            IndicatorRow(
                metric=item.metric,
                target=target.text,
                actual=actual,
                rate=rate,
                growth=target.growth,
                time_progress=format_percent(status.time_progress),
                status=status.status,
                task_id=status.task_id,
                value=figure.completion,
                progress_value=status.time_progress,
            )
        )
    return rows


def _laggards(
    status: TaskStatus, no: int, targets: dict[str, TargetRow], reports: dict[str, tuple[str, str]]
) -> list[Laggard]:
    base = {"no": no, "task_id": status.task_id, "lead": status.lead or "未分工"}
    if status.status == Status.OVERDUE:
        return [
            Laggard(
                **base,
                kind="overdue",
                subject=_subject(status),
                completion=NONE if status.completion is None else format_percent(status.completion),
                deadline=_deadline(status.reason),
            )
        ]
    behind = [
        ts
        for ts in status.targets
        if ts.completion is not None
        and trails(status.time_progress, ts.completion)
        and ts.target_id in targets
    ]
    if not behind:
        progress, problems = reports.get(status.task_id, ("", ""))
        return [
            Laggard(
                **base,
                kind="qualitative",
                subject=_subject(status),
                gap=format_points(status.time_progress, status.completion or 0.0),
                progress=progress,
                problems=problems,
            )
        ]
    return [_target_laggard(base, ts, targets[ts.target_id], status.time_progress) for ts in behind]


def _target_laggard(base: dict, figure, target: TargetRow, time_progress: float) -> Laggard:
    actual = _written(figure.actual, target)
    if target.growth:
        gap = f"{abs(target.value - figure.actual):.2f}".rstrip("0").rstrip(".")
        return Laggard(
            **base, kind="growth", subject=target.metric, actual=actual, target=target.text, gap=gap
        )
    if target.lower_is_better or target.comparator in {"le", "lt"}:
        gap = f"{abs(figure.actual - target.value):.2f}".rstrip("0").rstrip(".")
        unit = "个百分点" if target.unit == "%" else target.unit
        return Laggard(**base, kind="limit", subject=target.metric, actual=actual, gap=gap, unit=unit)
    return Laggard(
        **base,
        kind="level",
        subject=target.metric,
        actual=actual,
        target=target.text,
        completion=format_percent(figure.completion),
        gap=format_points(time_progress, min(figure.completion, 1.0)),
    )


def _subject(status: TaskStatus, chars: int = 24) -> str:
    """A task in a few words: its first clause."""
    first = status.text.replace("。", "，").replace("；", "，").split("，")[0].strip()
    return first if len(first) <= chars else first[:chars] + "…"


def _deadline(reason: str) -> str:
    # The status reason names the deadline: 已过完成时限（2024-06-30），…
    start, end = reason.find("（"), reason.find("）")
    return reason[start + 1 : end] if 0 <= start < end else ""


def _latest_accepted(plan: Plan, day: dt.date) -> dict[str, tuple[str, str]]:
    """Task id → (进展情况, 存在问题) of its latest accepted lead report for a period begun by ``day``.

    The latest of each task is picked by the database (a window over the task's reports, by period
    end then id), so only one report a task comes back, not half a year of them."""
    latest = Window(
        RowNumber(), partition_by=[F("task_id")], order_by=[F("period__end").desc(), F("pk").desc()]
    )
    rows = (
        ProgressReport.objects.filter(
            task__plan=plan, role=ReportRole.LEAD, state=ReportState.ACCEPTED, period__start__lte=day
        )
        .annotate(latest=latest)
        .filter(latest=1)
        .order_by()
        .values_list("task__external_id", "progress", "problems")
    )
    return {
        task_id: (" ".join(progress.split()), " ".join(problems.split()))
        for task_id, progress, problems in rows
    }


def _late_units(plan: Plan, period: Period) -> list[str]:
    # After the due day means from the start of the next day, here: a bound the index can use,
    # where a date taken of every row's time would be computed row by row.
    after_due = timezone.make_aware(dt.datetime.combine(period.due + dt.timedelta(days=1), dt.time.min))
    late = (
        ProgressReport.objects.filter(
            period_id=period.pk,
            role=ReportRole.LEAD,
            state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED],
            submitted_at__gte=after_due,
        )
        .order_by("department__order", "department__name")
        .values_list("department__name", flat=True)
    )
    return list(dict.fromkeys(late))


def _supervised(plan: Plan, day: dt.date, numbers: dict[str, int]) -> list[Supervised]:
    """Level-3 orders issued since the last bulletin issued before ``day``: this is their bulletin."""
    before = (
        Bulletin.objects.filter(plan=plan, state=BulletinState.ISSUED, day__lt=day)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    orders = Order.objects.filter(plan=plan, level=Level.SUPERVISE, number__isnull=False, issued_on__lte=day)
    if before is not None:
        orders = orders.filter(issued_on__gt=before)
    return [
        Supervised(o.code, numbers.get(o.task.external_id, 0), o.department.name, _subject_of(o.task.text))
        for o in orders.select_related("plan", "task", "department").order_by("number")
    ]


def _subject_of(text: str) -> str:
    return _subject(TaskStatus("", text, "", "", 0.0, None, ""))


def _unit_lights(statuses: list[TaskStatus]) -> list[tuple[str, dict[str, int]]]:
    lights: dict[str, Counter] = {}
    for status in statuses:
        lights.setdefault(status.lead or "未分工", Counter())[status.light] += 1
    return [(unit, dict(counts)) for unit, counts in lights.items()]


def _row(
    no: int, status: TaskStatus, targets: dict[str, TargetRow], reports: dict[str, tuple[str, str]]
) -> Row:
    own = [targets[t.target_id] for t in status.targets if t.target_id in targets]
    actual = "；".join(
        f"{t.metric} {_written(t.actual, targets[t.target_id])}"
        for t in status.targets
        if t.actual is not None and t.target_id in targets
    )
    progress = reports.get(status.task_id, ("", ""))[0]
    return Row(
        no=no,
        task_id=status.task_id,
        text=status.text,
        lead=status.lead,
        target=describe_targets(own) or NONE,
        actual=actual or NONE,
        completion=NONE if status.completion is None else format_percent(status.completion),
        time_progress=format_percent(status.time_progress),
        status=status.status,
        progress=progress if len(progress) <= PROGRESS_CHARS else progress[:PROGRESS_CHARS] + "…",
        light=status.light,
    )
