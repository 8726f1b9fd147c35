"""Figures of tracking (督办): 序时进度, 完成率, 状态, 亮灯 and the year-end verdict.

In: plain values only. A task's window (start, deadline); its quantified targets as the extraction
contract gives them (``TargetSpec``: value, comparator, growth; a decrease is a negative value), each
with the latest cumulative figure and whether the office accepted it; for qualitative tasks the
milestones done or the unit's own percentage; two report flags (anything reported yet, this period's
report missing); and ``Settings`` for the thresholds a user may change.

Out: an ``Assessment`` per task (time progress, completion, status, light and a one-line Chinese
reason), weighted roll-ups for sections and plans (``roll_up``), the review verdict (``verdict``) and
the percentage format the reasons use (``format_percent``).

Pure functions: no Django, no I/O, no clock — the caller says what day it is. Rules are those of
``shared/spec/tracking.md``; where it is silent the choice is documented where it is made, mostly in
``assess``.

Every comparison that decides a status, a light or a verdict is made on figures rounded to a tenth of
a percentage point, the precision the reason shows, so the light always agrees with the numbers the
reader sees (a reason never says "落后0个百分点" next to a yellow light).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from statistics import fmean
from typing import NamedTuple

__all__ = [
    "Assessment",
    "Comparator",
    "Light",
    "Settings",
    "Status",
    "TargetProgress",
    "TargetSpec",
    "TaskInput",
    "Verdict",
    "assess",
    "format_percent",
    "format_points",
    "qualitative_completion",
    "roll_up",
    "target_completion",
    "time_progress",
    "trails",
    "verdict",
    "year_window",
]

EPSILON = 1e-9  # float noise tolerated when asking "is it 100%?"
MAX_RATIO = 1e9  # a completion beyond this is a unit mix-up (元 against 亿元), not an achievement


class Comparator(StrEnum):
    """How the true figure relates to the target value (extraction.md)."""

    EQ = "eq"
    GE = "ge"
    GT = "gt"
    LE = "le"
    LT = "lt"
    APPROX = "approx"


class Status(StrEnum):
    """状态 of a task (tracking.md); the values are the words users see."""

    NOT_STARTED = "未启动"
    ON_SCHEDULE = "序时推进"
    BEHIND = "滞后"
    DONE = "已完成"
    OVERDUE = "逾期"
    NOT_REPORTED = "未报送"


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class Verdict(StrEnum):
    """The year-end review's judgement of one promise."""

    EXCEEDED = "超额完成"
    COMPLETED = "完成"
    BASICALLY = "基本完成"
    NOT_COMPLETED = "未完成"
    UNVERIFIABLE = "无法核实"


# Lights tracking.md fixes per status; 滞后 and 未启动 depend on the figures.
_FIXED_LIGHTS = {
    Status.DONE: Light.GREEN,
    Status.ON_SCHEDULE: Light.GREEN,
    Status.OVERDUE: Light.RED,
    Status.NOT_REPORTED: Light.RED,
}


# --- time progress -------------------------------------------------------------------------------


def year_window(year: int) -> tuple[date, date]:
    """The default window of a plan year's task: 1 January to 31 December."""
    return date(year, 1, 1), date(year, 12, 31)


def time_progress(day: date, start: date, deadline: date) -> float:
    """序时进度: the elapsed share of the window, ``clamp((day - start) / (deadline - start), 0, 1)``.

    The formula of tracking.md as written: the start day is 0 and the deadline day itself is 1 — a task
    due on 31 December must be complete on 31 December, so nothing of its window is left that day. A
    window of no length (deadline on or before start: a one-day task, or a data slip) is 0 before the
    deadline and 1 from it, which keeps the figure monotone in ``day``.
    """
    span = (deadline - start).days
    if span <= 0:
        return 1.0 if day >= deadline else 0.0
    return _clamp((day - start).days / span)


# --- completion of one target --------------------------------------------------------------------


@dataclass(frozen=True)
class TargetSpec:
    """A quantified target as the extraction contract gives it.

    ``value`` is signed: a decrease (单位GDP能耗下降2.5%) is ``-2.5`` and the comparator applies to the
    signed value. ``lower_is_better`` marks levels where less is the aim (失业率, CPI涨幅, PM2.5): with
    ``eq``/``approx`` they are read as upper limits. With ``ge``/``gt`` the comparator is explicit and
    wins over the flag.
    """

    value: float | None
    comparator: str
    growth: bool
    lower_is_better: bool = False

    def __post_init__(self) -> None:
        # Fail when the target is built, not deep inside an assessment of it.
        try:
            object.__setattr__(self, "comparator", Comparator(self.comparator))
        except ValueError:
            allowed = ", ".join(Comparator)
            raise ValueError(f"unknown comparator {self.comparator!r}; expected one of {allowed}") from None


class _Oriented(NamedTuple):
    target: float
    actual: float
    limit: bool  # True: met while actual <= target; False: more is better


def _is_limit(spec: TargetSpec, value: float) -> bool:
    """Whether the target caps the figure (以内, 不超过, 低于) rather than asking for more of it.

    A decrease's comparator applies to the signed value, so on its size the inequality flips: 降幅超过3%
    (-3, lt) asks for more than 3 points of decrease; ge/gt on a negative value cap the decrease.
    """
    if value < 0:
        return spec.comparator in (Comparator.GE, Comparator.GT)
    if spec.comparator in (Comparator.LE, Comparator.LT):
        return True
    return spec.lower_is_better and spec.comparator in (Comparator.EQ, Comparator.APPROX)


def _orient(spec: TargetSpec, value: float, actual: float) -> _Oriented:
    """Target and figure as non-negative magnitudes: a decrease compares the size of the decrease."""
    limit = _is_limit(spec, value)
    if value < 0:
        return _Oriented(-value, -actual, limit)
    return _Oriented(value, actual, limit)


def _level_ratio(target: float, actual: float) -> float:
    """More is better: ``actual / target``; a zero target is met by any non-negative figure."""
    if target == 0:
        return 1.0 if actual >= 0 else 0.0
    return actual / target


def _limit_ratio(limit: float, actual: float) -> float:
    """An upper limit is fully met while the figure stays within it, else ``limit / actual``.

    ``lt`` is treated like ``le``: at the limit itself ``limit / actual`` is 1 anyway, so the figure is
    continuous and there is no cliff to argue about.
    """
    return 1.0 if actual <= limit else limit / actual


def target_completion(spec: TargetSpec, actual: float | None) -> float | None:
    """完成率 of one target from its cumulative figure to date; may exceed 1.

    Levels and counts (eq/ge/gt/approx): ``actual / target``. Growth rates use the same ratio on the
    year-to-date growth against the annual target itself, not prorated by time (5.2 against 6 is
    0.8667) — the ``growth`` flag changes no arithmetic, it only matters for when the target counts as
    done (see ``assess``). A decrease compares magnitudes (下降1.5% against 下降2.5% is 0.6). Upper
    limits, and ``lower_is_better`` targets with eq/approx: 1 while within the limit, else
    ``limit / actual`` (5.8 against 5.5 is 0.948).

    None when there is no target value or no figure. A figure that goes the wrong way (energy use up
    against a decrease target) is 0, not negative: a negative share of a promise means nothing in a
    bulletin and would drag a roll-up below "nothing done". Non-finite numbers, and ratios above
    ``MAX_RATIO``, count as no figure.
    """
    value, figure = _finite(spec.value), _finite(actual)
    if value is None or figure is None:
        return None
    target, oriented, limit = _orient(spec, value, figure)
    ratio = _limit_ratio(target, oriented) if limit else _level_ratio(target, oriented)
    if not ratio <= MAX_RATIO:
        return None
    return max(ratio, 0.0)


def _is_cumulative(spec: TargetSpec) -> bool:
    """A positive level or count that only grows (新建项目180个): reaching it is final.

    Growth rates and limits are "met so far" only: year-to-date growth can fall back and an
    unemployment rate can still break its cap in December.
    """
    value = _finite(spec.value)
    return not spec.growth and value is not None and value > 0 and not _is_limit(spec, value)


# --- qualitative tasks ---------------------------------------------------------------------------


def qualitative_completion(
    milestones_done: int | None, milestones_total: int | None, unit_percent: float | None
) -> float | None:
    """Progress of a qualitative task: milestones done / total, else the unit's own percentage.

    ``unit_percent`` is in percent (60 means 60%). Both are clamped to [0, 1]: more milestones done
    than planned is still the whole task. None when neither is known.
    """
    if milestones_done is not None and milestones_total is not None and milestones_total > 0:
        return _clamp(milestones_done / milestones_total)
    percent = _finite(unit_percent)
    return None if percent is None else _clamp(percent / 100)


# --- a task and its assessment -------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Thresholds a user may change, as fractions (0.10 is 10 percentage points).

    ``tolerance``: how far completion may trail time progress and still be 序时推进.
    ``yellow_band``: how far behind is still yellow; also the grace a silent task gets (see ``assess``).
    ``basic_threshold``: the least completion that is 基本完成 at year end.
    """

    tolerance: float = 0.0
    yellow_band: float = 0.10
    basic_threshold: float = 0.90

    def __post_init__(self) -> None:
        for name in ("tolerance", "yellow_band", "basic_threshold"):
            value = getattr(self, name)
            if not (math.isfinite(value) and 0 <= value <= 1):
                raise ValueError(f"Settings.{name} must be a fraction in [0, 1], got {value!r}")


class TargetProgress(NamedTuple):
    """One target of a task with its latest cumulative figure; a plain 3-tuple works as well."""

    spec: TargetSpec
    actual: float | None
    accepted: bool  # the office accepted (审核通过) the report that gave ``actual``


@dataclass(frozen=True)
class TaskInput:
    """What ``assess`` needs to know of one task on one day.

    ``reported``: any report filed yet, accepted or submitted. ``report_missing``: the current period's
    report is due and not filed (the caller knows the period calendar). ``done_accepted``: the office
    accepted the task as done (办结). ``weight`` is carried for the caller's ``roll_up``.
    """

    start: date
    deadline: date
    targets: Sequence[TargetProgress] = ()
    milestones_done: int | None = None
    milestones_total: int | None = None
    unit_percent: float | None = None
    reported: bool = False
    report_missing: bool = False
    done_accepted: bool = False
    weight: float = 1.0

    def __post_init__(self) -> None:
        # Accept plain (spec, actual, accepted) tuples and any sequence; keep an immutable tuple.
        object.__setattr__(self, "targets", tuple(TargetProgress(*target) for target in self.targets))


@dataclass(frozen=True)
class Assessment:
    """A task's figures on one day.

    ``completion`` is the task figure (capped, see ``assess``); ``target_completions`` are the uncapped
    completions of the targets in input order (None when a target has no accepted figure), which is
    what the year-end review should pass to ``verdict`` one promise at a time.
    """

    time_progress: float
    completion: float | None
    status: Status
    light: Light
    reason: str
    target_completions: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class _Figures:
    per_target: tuple[float | None, ...]  # uncapped, accepted figures only
    completion: float | None  # the task figure: capped mean, or the qualitative completion
    shown: float | None  # the figure a reason shows
    pending: bool  # some figure awaits the office's review


def _figures(task: TaskInput) -> _Figures:
    """Completions of the task; only accepted figures count (tracking.md: "latest accepted")."""
    per_target = tuple(
        target_completion(target.spec, target.actual) if target.accepted else None for target in task.targets
    )
    pending = any(target.actual is not None and not target.accepted for target in task.targets)
    known = [completion for completion in per_target if completion is not None]
    if not known:
        completion = qualitative_completion(task.milestones_done, task.milestones_total, task.unit_percent)
        return _Figures(per_target, completion, completion, pending)
    # Capped so that 200% on one target cannot hide 50% on another.
    completion = fmean(min(value, 1.0) for value in known)
    # With no shortfall to hide, the reason may show the over-achievement (完成率104%).
    all_met = all(value >= 1 - EPSILON for value in known)
    return _Figures(per_target, completion, fmean(known) if all_met else completion, pending)


def _has_reported(task: TaskInput) -> bool:
    """A figure can only come from a report, so any figure counts as a report even if the flag lags."""
    return (
        task.reported
        or any(target.actual is not None for target in task.targets)
        or task.unit_percent is not None
        or (task.milestones_done or 0) > 0
    )


def _target_met(spec: TargetSpec, completion: float | None, day: date, deadline: date) -> bool:
    if completion is None or completion < 1 - EPSILON:
        return False
    return _is_cumulative(spec) or day >= deadline


def _is_done(task: TaskInput, day: date, per_target: tuple[float | None, ...]) -> bool:
    """已完成: the office says so, or every quantified target is met on an accepted figure.

    Qualitative tasks close only by the office's acceptance: 5 of 5 milestones self-reported is not yet
    done. Targets without a value are qualitative remarks and do not block.
    """
    if task.done_accepted:
        return True
    quantified = [
        (target.spec, completion)
        for target, completion in zip(task.targets, per_target, strict=True)
        if _finite(target.spec.value) is not None
    ]
    return bool(quantified) and all(
        _target_met(spec, completion, day, task.deadline) for spec, completion in quantified
    )


def _status(task: TaskInput, day: date, progress: float, figures: _Figures, settings: Settings) -> Status:
    if _is_done(task, day, figures.per_target):
        return Status.DONE
    if day > task.deadline:
        return Status.OVERDUE
    if task.report_missing:
        return Status.NOT_REPORTED
    if not _has_reported(task):
        return Status.NOT_STARTED
    # No figure to compare is no evidence of delay; 未报送 and 逾期 still catch silence and deadlines.
    if figures.completion is None:
        return Status.ON_SCHEDULE
    behind = _tenths(progress) - _tenths(figures.completion)
    return Status.ON_SCHEDULE if behind <= _tenths(settings.tolerance) else Status.BEHIND


def _light(status: Status, progress: float, completion: float | None, settings: Settings) -> Light:
    if status in _FIXED_LIGHTS:
        return _FIXED_LIGHTS[status]
    band = _tenths(settings.yellow_band)
    if status is Status.NOT_STARTED:
        # A silent task is not a failure within its first band of the window (an annual task's first
        # monthly report is due around day 25, about 7%); beyond it silence is as bad as 未报送.
        return Light.GREEN if _tenths(progress) <= band else Light.RED
    behind = _tenths(progress) - _tenths(completion if completion is not None else 0.0)
    return Light.YELLOW if behind <= band else Light.RED


def assess(
    task: TaskInput, day: date, settings: Settings = Settings(), *, period: str | None = None
) -> Assessment:
    """Time progress, completion, status, light and reason of ``task`` on ``day``.

    Completion (the task figure): the mean of its targets' completions, each capped at 1, over the
    targets that have an accepted figure — a capped mean because over-achievement on one target must
    not hide a shortfall on another, and a target without a figure yet (statistics come late) is
    unknown rather than zero. Figures still under review (``accepted=False``) do not count: tracking.md
    computes completion from the latest accepted figure, and a unit cannot move its own light before
    review. A task with no usable target uses its milestones, else the unit's percentage.

    Status, first rule that applies:

    1. 已完成 — the office accepted the task as done, or every quantified target is met on an accepted
       figure. Counts and levels are done when reached; growth rates and limits only from the deadline
       on, since a rate met in September can still fall back by December.
    2. 逾期 — past the deadline (the deadline day itself is still in time) and not done: the gravest and
       permanent fact, so it outranks a missing report.
    3. 未报送 — this period's report is due and not filed (also when nothing was ever filed), even
       at 100% completion when the task is not yet done (a growth rate or limit met so far, all
       milestones done but not closed): its figure may still move, and the unit still owes the
       report. The reason names the completion reached, so the red light and the 100% agree.
    4. 未启动 — nothing reported yet and nothing due.
    5. 序时推进 when completion trails time progress by at most ``tolerance`` (or there is no figure to
       compare: a narrative-only report is judged by the office, not by this function), else 滞后.

    Lights: green for 已完成 and 序时推进; 滞后 yellow when behind by at most ``yellow_band``, red
    beyond; red for 逾期 and 未报送. 未启动 (tracking.md is silent; the API has no gray): green while
    time progress is within ``yellow_band`` — nothing could be expected yet — and red beyond it, when a
    task that never reported is as silent as one that missed its report.

    ``period`` names the period in the 未报送 reason (``"2024年5月"``).
    """
    figures = _figures(task)
    progress = time_progress(day, task.start, task.deadline)
    status = _status(task, day, progress, figures, settings)
    return Assessment(
        time_progress=progress,
        completion=figures.completion,
        status=status,
        light=_light(status, progress, figures.completion, settings),
        reason=_reason(status, task, progress, figures, period),
        target_completions=figures.per_target,
    )


# --- reasons -------------------------------------------------------------------------------------


def _reason(status: Status, task: TaskInput, progress: float, figures: _Figures, period: str | None) -> str:
    match status:
        case Status.DONE:
            return _done_reason(figures.shown)
        case Status.OVERDUE:
            return f"已过完成时限（{task.deadline.isoformat()}），{_completion_phrase(figures)}"
        case Status.NOT_REPORTED:
            # A task can stand at 100% and still owe this period's report (a growth rate met so far,
            # every milestone done but not closed): the red light is for the silence, and the
            # reason says so next to the figure, so the two never seem to disagree.
            missing = f"本期{f'（{period}）' if period else ''}进展未报送"
            return (
                missing
                if figures.shown is None
                else f"{missing}（此前完成率{format_percent(figures.shown)}）"
            )
        case Status.NOT_STARTED:
            return "尚未报送进展" if progress <= 0 else f"尚未报送进展，序时进度{format_percent(progress)}"
        case _:
            return _progress_reason(status, progress, figures)


def _done_reason(shown: float | None) -> str:
    if shown is None:
        return "经审核确认完成"
    if _tenths(shown) >= 1000:
        return f"目标已完成（完成率{format_percent(shown)}）"
    # The office closed it short of the figure; say so rather than claim the target.
    return f"经审核确认完成（完成率{format_percent(shown)}）"


def _completion_phrase(figures: _Figures) -> str:
    if figures.shown is not None:
        return f"完成率{format_percent(figures.shown)}"
    return "完成数据待审核" if figures.pending else "无可核算的完成率"


def _progress_reason(status: Status, progress: float, figures: _Figures) -> str:
    if figures.shown is None:
        return f"已报送进展，{_completion_phrase(figures)}"
    head = f"完成率{format_percent(figures.shown)}，序时进度{format_percent(progress)}，"
    gap = _tenths(progress) - _tenths(figures.shown)
    if gap > 0:
        within = "（在容差内）" if status is Status.ON_SCHEDULE else ""
        return f"{head}落后{_format_tenths(gap)}个百分点{within}"
    if gap < 0:
        return f"{head}超前{_format_tenths(-gap)}个百分点"
    return f"{head}与序时进度持平"


# --- roll-up and verdict -------------------------------------------------------------------------


def roll_up(items: Sequence[tuple[float, float | None, float]]) -> tuple[float | None, float | None]:
    """Weighted (completion, time progress) of a section or plan from (weight, completion, time) items.

    Items with no completion (unknown, not zero) are left out of both means, so the two figures describe
    the same tasks and stay comparable; when no item has a completion the time progress is the weighted
    mean of all. Zero weights drop out; a negative or non-finite weight or figure is a data error
    (ValueError). Nothing to weigh gives (None, None).
    """
    # One expression over all items, not a call per item: a plan's roll-up weighs 10,000 of them.
    finite = math.isfinite
    if not all(finite(w) and w >= 0 and finite(t) and (c is None or finite(c)) for w, c, t in items):
        for item in items:
            check_item(*item)  # names the first bad item
    weighed = [item for item in items if item[0] > 0]
    measured = [item for item in weighed if item[1] is not None]
    # Correctly rounded sums (fsum), the same in any order: ``tracking.sums`` keeps them per group.
    if measured:
        total = math.fsum(weight for weight, _, _ in measured)
        return (
            math.fsum(weight * completion for weight, completion, _ in measured) / total,
            math.fsum(weight * progress for weight, _, progress in measured) / total,
        )
    if weighed:
        progress = math.fsum(weight * progress for weight, _, progress in weighed)
        return None, progress / math.fsum(weight for weight, _, _ in weighed)
    return None, None


def check_item(weight: float, completion: float | None, progress: float) -> None:
    if not (math.isfinite(weight) and weight >= 0):
        raise ValueError(f"roll_up weight must be finite and non-negative, got {weight!r}")
    if completion is not None and not math.isfinite(completion):
        raise ValueError(f"roll_up completion must be finite, got {completion!r}")
    if not math.isfinite(progress):
        raise ValueError(f"roll_up time progress must be finite, got {progress!r}")


def verdict(completion: float | None, settings: Settings = Settings()) -> Verdict:
    """The year-end review's verdict on a completion: 超额完成, 完成, 基本完成, 未完成 or 无法核实.

    Read off the figure as published, to a tenth of a point: 完成 is exactly what shows as 100% (float
    noise within ``EPSILON`` included; anything short of 100% never shows as 100%), 超额完成 from
    100.1%. Pass uncapped completions (``Assessment.target_completions``): the capped task figure can
    never exceed 100%.
    """
    if completion is None or not math.isfinite(completion):
        return Verdict.UNVERIFIABLE
    shown = _tenths(completion)
    if shown > 1000:
        return Verdict.EXCEEDED
    if shown == 1000:
        return Verdict.COMPLETED
    return Verdict.BASICALLY if shown >= _tenths(settings.basic_threshold) else Verdict.NOT_COMPLETED


# --- numbers -------------------------------------------------------------------------------------


def format_percent(fraction: float) -> str:
    """A fraction as Chinese reports print it: ``0.45`` → ``45%``, ``0.8667`` → ``86.7%``.

    One decimal only when it is not zero; rounded half up, except that nothing short of 100% is ever
    printed as 100% (a promise is kept or it is not).
    """
    if not math.isfinite(fraction):
        return "—"
    return f"{_format_tenths(_tenths(fraction))}%"


def _tenths(fraction: float) -> int:
    """A fraction in tenths of a percentage point, as shown: 0.8667 → 867; 0.99996 → 999, not 1000."""
    # Clamped so that absurd inputs round to a huge number instead of overflowing floor().
    tenths = math.floor(min(max(fraction * 1000, -1e15), 1e15) + 0.5)
    return 999 if tenths == 1000 and fraction < 1 - EPSILON else tenths


def _format_tenths(tenths: int) -> str:
    whole, tenth = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    return f"{sign}{whole}" if tenth == 0 else f"{sign}{whole}.{tenth}"


def _finite(value: float | None) -> float | None:
    """The number when usable; None for missing, NaN or infinite values."""
    return value if value is not None and math.isfinite(value) else None


def _clamp(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def format_points(ahead: float, behind: float) -> str:
    """How far ``behind`` trails ``ahead`` in percentage points, as the reasons print it: ``19.1``."""
    return _format_tenths(_tenths(ahead) - _tenths(behind))


def trails(ahead: float, behind: float, tolerance: float = 0.0) -> bool:
    """Whether ``behind`` trails ``ahead`` by more than ``tolerance``, compared as shown."""
    return _tenths(ahead) - _tenths(behind) > _tenths(tolerance)
