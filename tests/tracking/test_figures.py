"""Tracking figures: each row is a task with its target, dates and reported figures, and what the office
should see on that day — time progress, completion, status, light and reason.

Most rows use plan year 2025: not a leap year, so its window 1 Jan–31 Dec is 364 days long and 2 April,
2 July and 1 October are exactly 25%, 50% and 75% of it.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.tracking.figures import (
    Assessment,
    Light,
    Settings,
    Status,
    TargetProgress,
    TargetSpec,
    TaskInput,
    Verdict,
    assess,
    format_percent,
    qualitative_completion,
    roll_up,
    target_completion,
    time_progress,
    verdict,
    year_window,
)

YEAR = 2025
APR_2, JUL_2, OCT_1 = date(2025, 4, 2), date(2025, 7, 2), date(2025, 10, 1)  # 25%, 50%, 75%
DEC_31 = date(2025, 12, 31)
NEXT_JAN = date(2026, 1, 20)  # final figures of 2025 reported and accepted
JUN_30 = date(2025, 6, 30)
DEFAULT = Settings()

G, Y, R = Light.GREEN, Light.YELLOW, Light.RED


def target(
    value: float | None,
    actual: float | None,
    comparator: str = "eq",
    *,
    growth: bool = False,
    lower_is_better: bool = False,
    accepted: bool = True,
) -> TargetProgress:
    return TargetProgress(TargetSpec(value, comparator, growth, lower_is_better), actual, accepted)


def task(
    *targets: TargetProgress,
    year: int = YEAR,
    start: date | None = None,
    deadline: date | None = None,
    reported: bool = True,
    **fields: object,
) -> TaskInput:
    """A task of the plan year; reported unless the row says otherwise."""
    first, last = year_window(year)
    return TaskInput(start or first, deadline or last, targets=targets, reported=reported, **fields)


class Expect(NamedTuple):
    time_progress: float
    completion: float | None
    status: Status
    light: Light
    reason: str


def row(
    case: str,
    given_task: TaskInput,
    day: date,
    expect: Expect,
    *,
    settings: Settings = DEFAULT,
    period: str | None = None,
) -> object:
    return pytest.param(given_task, day, settings, period, expect, id=case)


def projects(actual: float | None, **kw: object) -> TargetProgress:
    return target(180, actual, **kw)


def gdp(actual: float | None) -> TargetProgress:
    return target(6, actual, growth=True)


def energy(actual: float | None) -> TargetProgress:
    return target(-2.5, actual, growth=True)


def unemployment(actual: float | None) -> TargetProgress:
    return target(5.5, actual, "le")


def cpi(actual: float | None) -> TargetProgress:
    return target(3, actual, "approx", growth=True, lower_is_better=True)


ASSESS_ROWS = [
    # --- levels and counts ---
    row("新建项目180个 — 10月1日完成81个 → 45%，落后30点，红灯", task(projects(81)), OCT_1,
        Expect(0.75, 0.45, Status.BEHIND, R, "完成率45%，序时进度75%，落后30个百分点")),
    row("新建项目180个 — 9月完成120个 → 66.7%，落后8.3点，黄灯", task(projects(120)), OCT_1,
        Expect(0.75, 0.6667, Status.BEHIND, Y, "完成率66.7%，序时进度75%，落后8.3个百分点")),
    row("新建项目180个 — 完成135个 → 与序时持平", task(projects(135)), OCT_1,
        Expect(0.75, 0.75, Status.ON_SCHEDULE, G, "完成率75%，序时进度75%，与序时进度持平")),
    row("新建项目180个 — 10月完成183个已审核 → 已完成（101.7%）", task(projects(183)), OCT_1,
        Expect(0.75, 1.0, Status.DONE, G, "目标已完成（完成率101.7%）")),
    row("新建项目180个 — 183个尚待审核 → 不计入，绿灯待审", task(projects(183, accepted=False)), OCT_1,
        Expect(0.75, None, Status.ON_SCHEDULE, G, "已报送进展，完成数据待审核")),
    row("新增城镇就业不少于5000人 — 7月2日2400人 → 48%，黄灯", task(target(5000, 2400, "ge")), JUL_2,
        Expect(0.5, 0.48, Status.BEHIND, Y, "完成率48%，序时进度50%，落后2个百分点")),
    row("外贸进出口超100亿元 — 4月2日20亿元 → 20%，黄灯", task(target(1e10, 2e9, "gt")), APR_2,
        Expect(0.25, 0.2, Status.BEHIND, Y, "完成率20%，序时进度25%，落后5个百分点")),
    row("新建项目180个、总投资127亿元 — 200个、50.8亿元 → 各自封顶后平均70%",
        task(projects(200), target(127e8, 50.8e8)), OCT_1,
        Expect(0.75, 0.7, Status.BEHIND, Y, "完成率70%，序时进度75%，落后5个百分点")),
    row("新建项目180个、总投资127亿元 — 投资数据未出 → 只算项目66.7%",
        task(projects(120), target(127e8, None)), OCT_1,
        Expect(0.75, 0.6667, Status.BEHIND, Y, "完成率66.7%，序时进度75%，落后8.3个百分点")),
    # --- growth rates: against the annual target itself, not prorated ---
    row("GDP增长6% — 1-9月5.2% → 86.7%，超前", task(gdp(5.2)), OCT_1,
        Expect(0.75, 0.8667, Status.ON_SCHEDULE, G, "完成率86.7%，序时进度75%，超前11.7个百分点")),
    row("GDP增长6% — 1-9月6.3% → 增速年底前不算完成", task(gdp(6.3)), OCT_1,
        Expect(0.75, 1.0, Status.ON_SCHEDULE, G, "完成率105%，序时进度75%，超前30个百分点")),
    row("GDP增长6% — 全年6.3%，次年1月审核 → 已完成（105%）", task(gdp(6.3)), NEXT_JAN,
        Expect(1.0, 1.0, Status.DONE, G, "目标已完成（完成率105%）")),
    row("GDP增长6% — 全年5.4% → 逾期，完成率90%", task(gdp(5.4)), NEXT_JAN,
        Expect(1.0, 0.9, Status.OVERDUE, R, "已过完成时限（2025-12-31），完成率90%")),
    row("社会消费品零售总额增长5% — 上半年-1% → 0%，红灯", task(target(5, -1, growth=True)), JUL_2,
        Expect(0.5, 0.0, Status.BEHIND, R, "完成率0%，序时进度50%，落后50个百分点")),
    # --- decreases: negative values, magnitudes compared ---
    row("单位GDP能耗下降2.5% — 上半年下降1.5% → 60%", task(energy(-1.5)), JUL_2,
        Expect(0.5, 0.6, Status.ON_SCHEDULE, G, "完成率60%，序时进度50%，超前10个百分点")),
    row("单位GDP能耗下降2.5% — 上半年不降反升0.4% → 0%", task(energy(0.4)), JUL_2,
        Expect(0.5, 0.0, Status.BEHIND, R, "完成率0%，序时进度50%，落后50个百分点")),
    row("单位GDP能耗下降2.5% — 全年下降2.6%，次年1月 → 已完成（104%）", task(energy(-2.6)), NEXT_JAN,
        Expect(1.0, 1.0, Status.DONE, G, "目标已完成（完成率104%）")),
    row("降碳降幅超过3%（-3 lt）— 9月下降2.4% → 80%", task(target(-3, -2.4, "lt", growth=True)), OCT_1,
        Expect(0.75, 0.8, Status.ON_SCHEDULE, G, "完成率80%，序时进度75%，超前5个百分点")),
    row("降幅控制在3%以内（-3 ge）— 下降3.6% → 83.3%", task(target(-3, -3.6, "ge", growth=True)), OCT_1,
        Expect(0.75, 0.8333, Status.ON_SCHEDULE, G, "完成率83.3%，序时进度75%，超前8.3个百分点")),
    # --- upper limits ---
    row("失业率控制在5.5%以内 — 9月5.2% → 达标100%", task(unemployment(5.2)), OCT_1,
        Expect(0.75, 1.0, Status.ON_SCHEDULE, G, "完成率100%，序时进度75%，超前25个百分点")),
    row("失业率控制在5.5%以内 — 9月5.8% → 94.8%", task(unemployment(5.8)), OCT_1,
        Expect(0.75, 0.9483, Status.ON_SCHEDULE, G, "完成率94.8%，序时进度75%，超前19.8个百分点")),
    row("失业率控制在5.5%以内 — 12月31日5.8% → 滞后5.2点，黄灯", task(unemployment(5.8)), DEC_31,
        Expect(1.0, 0.9483, Status.BEHIND, Y, "完成率94.8%，序时进度100%，落后5.2个百分点")),
    row("失业率控制在5.5%以内 — 全年5.2%，次年1月 → 已完成", task(unemployment(5.2)), NEXT_JAN,
        Expect(1.0, 1.0, Status.DONE, G, "目标已完成（完成率100%）")),
    row("PM2.5浓度低于35微克 — 全年38 → 逾期，92.1%", task(target(35, 38, "lt")), date(2026, 1, 10),
        Expect(1.0, 0.9211, Status.OVERDUE, R, "已过完成时限（2025-12-31），完成率92.1%")),
    # --- approx ---
    row("居民消费价格涨幅3%左右（越低越好）— 9月2.1% → 达标", task(cpi(2.1)), OCT_1,
        Expect(0.75, 1.0, Status.ON_SCHEDULE, G, "完成率100%，序时进度75%，超前25个百分点")),
    row("居民消费价格涨幅3%左右（越低越好）— 12月31日3.3% → 90.9%，黄灯", task(cpi(3.3)), DEC_31,
        Expect(1.0, 0.9091, Status.BEHIND, Y, "完成率90.9%，序时进度100%，落后9.1个百分点")),
    row("粮食产量9000万斤左右 — 9月8550万斤 → 95%", task(target(9e7, 8.55e7, "approx")), OCT_1,
        Expect(0.75, 0.95, Status.ON_SCHEDULE, G, "完成率95%，序时进度75%，超前20个百分点")),
    # --- qualitative tasks ---
    row("老旧小区改造（节点3/5）— 7月2日 → 60%", task(milestones_done=3, milestones_total=5), JUL_2,
        Expect(0.5, 0.6, Status.ON_SCHEDULE, G, "完成率60%，序时进度50%，超前10个百分点")),
    row("营商环境改革（节点1/5）— 10月1日 → 20%，红灯", task(milestones_done=1, milestones_total=5), OCT_1,
        Expect(0.75, 0.2, Status.BEHIND, R, "完成率20%，序时进度75%，落后55个百分点")),
    row("数字政府建设（单位自报40%）— 10月1日 → 红灯", task(unit_percent=40), OCT_1,
        Expect(0.75, 0.4, Status.BEHIND, R, "完成率40%，序时进度75%，落后35个百分点")),
    row("数字政府建设（单位自报70%）— 10月1日 → 黄灯", task(unit_percent=70), OCT_1,
        Expect(0.75, 0.7, Status.BEHIND, Y, "完成率70%，序时进度75%，落后5个百分点")),
    row("老旧小区改造（节点5/5）未经办结 → 仍是序时推进", task(milestones_done=5, milestones_total=5), OCT_1,
        Expect(0.75, 1.0, Status.ON_SCHEDULE, G, "完成率100%，序时进度75%，超前25个百分点")),
    row("老旧小区改造（节点5/5）经审核办结 → 已完成",
        task(milestones_done=5, milestones_total=5, done_accepted=True), OCT_1,
        Expect(0.75, 1.0, Status.DONE, G, "目标已完成（完成率100%）")),
    row("河长制落实（无节点无自报）经审核办结 → 已完成", task(done_accepted=True), OCT_1,
        Expect(0.75, None, Status.DONE, G, "经审核确认完成")),
    row("乡村振兴（节点4/5）提前办结 → 经审核确认完成（80%）",
        task(milestones_done=4, milestones_total=5, done_accepted=True), OCT_1,
        Expect(0.75, 0.8, Status.DONE, G, "经审核确认完成（完成率80%）")),
    row("只报进展、没有数据 → 不判滞后", task(), OCT_1,
        Expect(0.75, None, Status.ON_SCHEDULE, G, "已报送进展，无可核算的完成率")),
    row("城乡居民收入与经济同步增长（无目标值）+ 节点2/4 → 按节点50%",
        task(target(None, None, growth=True), milestones_done=2, milestones_total=4), JUL_2,
        Expect(0.5, 0.5, Status.ON_SCHEDULE, G, "完成率50%，序时进度50%，与序时进度持平")),
    # --- overdue ---
    row("6月底前完成（节点3/5）— 7月15日 → 逾期",
        task(deadline=JUN_30, milestones_done=3, milestones_total=5), date(2025, 7, 15),
        Expect(1.0, 0.6, Status.OVERDUE, R, "已过完成时限（2025-06-30），完成率60%")),
    row("6月底前完成（节点3/5）— 6月30日当天仍在时限内 → 滞后",
        task(deadline=JUN_30, milestones_done=3, milestones_total=5), JUN_30,
        Expect(1.0, 0.6, Status.BEHIND, R, "完成率60%，序时进度100%，落后40个百分点")),
    row("6月底前完成、从未报送 — 7月1日 → 逾期", task(deadline=JUN_30, reported=False), date(2025, 7, 1),
        Expect(1.0, None, Status.OVERDUE, R, "已过完成时限（2025-06-30），无可核算的完成率")),
    row("逾期优先于未报送",
        task(deadline=JUN_30, milestones_done=3, milestones_total=5, report_missing=True), date(2025, 7, 15),
        Expect(1.0, 0.6, Status.OVERDUE, R, "已过完成时限（2025-06-30），完成率60%")),
    row("已完成优先于逾期：6月底前建180个，7月审核180个", task(projects(180), deadline=JUN_30),
        date(2025, 7, 15), Expect(1.0, 1.0, Status.DONE, G, "目标已完成（完成率100%）")),
    # --- missing report ---
    row("5月进展未报送（带期别）", task(milestones_done=3, milestones_total=5, report_missing=True),
        date(2025, 5, 26),
        Expect(0.3984, 0.6, Status.NOT_REPORTED, R, "本期（2025年5月）进展未报送（此前完成率60%）"),
        period="2025年5月"),
    row("本期进展未报送（无期别）", task(unit_percent=30, report_missing=True), OCT_1,
        Expect(0.75, 0.3, Status.NOT_REPORTED, R, "本期进展未报送（此前完成率30%）")),
    # issue #11 item 15: a task at 100% that owes this period's report is red, and says why
    row("GDP增长6% — 1-8月已6.3%（105%），9月未报送 → 未报送，说明写出完成率",
        task(gdp(6.3), report_missing=True), OCT_1,
        Expect(0.75, 1.0, Status.NOT_REPORTED, R, "本期（2025年9月）进展未报送（此前完成率105%）"),
        period="2025年9月"),
    row("老旧小区改造（节点5/5）未办结，本期未报送 → 未报送，说明写出100%",
        task(milestones_done=5, milestones_total=5, report_missing=True), OCT_1,
        Expect(0.75, 1.0, Status.NOT_REPORTED, R, "本期进展未报送（此前完成率100%）")),
    row("从未报送、首期已到期 → 未报送而不是未启动", task(reported=False, report_missing=True),
        date(2025, 1, 26), Expect(0.0687, None, Status.NOT_REPORTED, R, "本期（2025年1月）进展未报送"),
        period="2025年1月"),
    # --- not started ---
    row("未启动 — 1月20日首期未到期 → 绿灯", task(reported=False), date(2025, 1, 20),
        Expect(0.0522, None, Status.NOT_STARTED, G, "尚未报送进展，序时进度5.2%")),
    row("未启动 — 4月2日仍无报送 → 红灯", task(reported=False), APR_2,
        Expect(0.25, None, Status.NOT_STARTED, R, "尚未报送进展，序时进度25%")),
    row("未启动 — 7月1日才开始的任务，3月1日 → 序时0", task(reported=False, start=date(2025, 7, 1)),
        date(2025, 3, 1), Expect(0.0, None, Status.NOT_STARTED, G, "尚未报送进展")),
    row("未启动 — 序时恰好10% → 仍是绿灯", task(reported=False, deadline=date(2025, 4, 11)),
        date(2025, 1, 11), Expect(0.1, None, Status.NOT_STARTED, G, "尚未报送进展，序时进度10%")),
    row("未启动 — 序时11% → 红灯", task(reported=False, deadline=date(2025, 4, 11)),
        date(2025, 1, 12), Expect(0.11, None, Status.NOT_STARTED, R, "尚未报送进展，序时进度11%")),
    row("报送标志未更新但已有数据 → 按已报送", task(projects(90), reported=False), JUL_2,
        Expect(0.5, 0.5, Status.ON_SCHEDULE, G, "完成率50%，序时进度50%，与序时进度持平")),
    # --- zero-length windows ---
    row("当日任务（6月30日）— 前一天 → 序时0", task(start=JUN_30, deadline=JUN_30, unit_percent=50),
        date(2025, 6, 29), Expect(0.0, 0.5, Status.ON_SCHEDULE, G, "完成率50%，序时进度0%，超前50个百分点")),
    row("当日任务（6月30日）— 当天 → 序时100%", task(start=JUN_30, deadline=JUN_30, unit_percent=50),
        JUN_30, Expect(1.0, 0.5, Status.BEHIND, R, "完成率50%，序时进度100%，落后50个百分点")),
    row("当日任务（6月30日）— 次日 → 逾期", task(start=JUN_30, deadline=JUN_30, unit_percent=50),
        date(2025, 7, 1), Expect(1.0, 0.5, Status.OVERDUE, R, "已过完成时限（2025-06-30），完成率50%")),
    row("时限早于开始（录入错误）— 时限前 → 序时0",
        task(start=date(2025, 7, 1), deadline=JUN_30, unit_percent=20), date(2025, 6, 15),
        Expect(0.0, 0.2, Status.ON_SCHEDULE, G, "完成率20%，序时进度0%，超前20个百分点")),
    # --- leap years ---
    row("闰年2024 — 2月29日完成36个（共180个）→ 超前3.8点", task(projects(36), year=2024), date(2024, 2, 29),
        Expect(0.1616, 0.2, Status.ON_SCHEDULE, G, "完成率20%，序时进度16.2%，超前3.8个百分点")),
    row("闰年2024 — 12月30日完成171个 → 序时99.7%，黄灯", task(projects(171), year=2024), date(2024, 12, 30),
        Expect(0.9973, 0.95, Status.BEHIND, Y, "完成率95%，序时进度99.7%，落后4.7个百分点")),
    row("闰年2024 — 12月31日完成180个 → 已完成", task(projects(180), year=2024), date(2024, 12, 31),
        Expect(1.0, 1.0, Status.DONE, G, "目标已完成（完成率100%）")),
    # --- settings ---
    row("容差5点 — 完成72%、序时75% → 序时推进", task(unit_percent=72), OCT_1,
        Expect(0.75, 0.72, Status.ON_SCHEDULE, G, "完成率72%，序时进度75%，落后3个百分点（在容差内）"),
        settings=Settings(tolerance=0.05)),
    row("容差5点 — 完成68% → 滞后，黄灯", task(unit_percent=68), OCT_1,
        Expect(0.75, 0.68, Status.BEHIND, Y, "完成率68%，序时进度75%，落后7个百分点"),
        settings=Settings(tolerance=0.05)),
    row("黄灯带15点 — 落后12点 → 黄灯", task(unit_percent=63), OCT_1,
        Expect(0.75, 0.63, Status.BEHIND, Y, "完成率63%，序时进度75%，落后12个百分点"),
        settings=Settings(yellow_band=0.15)),
    row("落后恰好10点 → 黄灯（含边界）", task(unit_percent=65), OCT_1,
        Expect(0.75, 0.65, Status.BEHIND, Y, "完成率65%，序时进度75%，落后10个百分点")),
    row("落后10.1点 → 红灯", task(unit_percent=64.9), OCT_1,
        Expect(0.75, 0.649, Status.BEHIND, R, "完成率64.9%，序时进度75%，落后10.1个百分点")),
]  # fmt: skip


@pytest.mark.parametrize(("given_task", "day", "settings", "period", "expect"), ASSESS_ROWS)
def test_assess(
    given_task: TaskInput, day: date, settings: Settings, period: str | None, expect: Expect
) -> None:
    result = assess(given_task, day, settings, period=period)
    assert result.time_progress == pytest.approx(expect.time_progress, abs=5e-5)
    if expect.completion is None:
        assert result.completion is None
    else:
        assert result.completion == pytest.approx(expect.completion, abs=5e-5)
    assert (result.status, result.light, result.reason) == (expect.status, expect.light, expect.reason)


# --- time progress ---------------------------------------------------------------------------------

TIME_ROWS = [
    pytest.param(date(2025, 1, 1), *year_window(2025), 0.0, id="1月1日开始当天 → 0"),
    pytest.param(OCT_1, *year_window(2025), 0.75, id="2025年10月1日 → 75%"),
    pytest.param(DEC_31, *year_window(2025), 1.0, id="12月31日时限当天 → 100%"),
    pytest.param(date(2026, 3, 1), *year_window(2025), 1.0, id="时限之后 → 封顶100%"),
    pytest.param(date(2024, 12, 31), *year_window(2025), 0.0, id="开始之前 → 0"),
    pytest.param(date(2024, 2, 29), *year_window(2024), 59 / 365, id="闰年2月29日 → 59/365"),
    pytest.param(date(2024, 12, 31), *year_window(2024), 1.0, id="闰年12月31日 → 100%"),
    pytest.param(date(2024, 3, 1), date(2024, 2, 1), date(2024, 3, 1), 1.0, id="闰年2月到3月1日 → 100%"),
    pytest.param(
        date(2024, 2, 15), date(2024, 2, 1), date(2024, 3, 1), 14 / 29, id="闰年2月窗口29天 → 14/29"
    ),
    pytest.param(date(2025, 6, 29), JUN_30, JUN_30, 0.0, id="零长度窗口：前一天 → 0"),
    pytest.param(JUN_30, JUN_30, JUN_30, 1.0, id="零长度窗口：当天 → 100%"),
    pytest.param(date(2025, 6, 20), date(2025, 7, 1), JUN_30, 0.0, id="时限早于开始：时限前 → 0"),
    pytest.param(JUN_30, date(2025, 7, 1), JUN_30, 1.0, id="时限早于开始：时限当天 → 100%"),
]


@pytest.mark.parametrize(("day", "start", "deadline", "expected"), TIME_ROWS)
def test_time_progress(day: date, start: date, deadline: date, expected: float) -> None:
    assert time_progress(day, start, deadline) == pytest.approx(expected)


# --- completion of one target ----------------------------------------------------------------------

COMPLETION_ROWS = [
    pytest.param(TargetSpec(180, "eq", False), 120, 2 / 3, id="新建项目180个 — 完成120个 → 66.7%"),
    pytest.param(TargetSpec(180, "ge", False), 198, 1.1, id="不少于180个 — 198个 → 110%，可超过100%"),
    pytest.param(TargetSpec(6, "eq", True), 5.2, 0.8667, id="GDP增长6% — 1-9月5.2% → 87%"),
    pytest.param(TargetSpec(6, "gt", True), -1.2, 0.0, id="增长超6% — 负增长 → 0，不为负"),
    pytest.param(TargetSpec(-2.5, "eq", True), -1.5, 0.6, id="能耗下降2.5% — 下降1.5% → 60%"),
    pytest.param(TargetSpec(-2.5, "eq", True), -3.0, 1.2, id="能耗下降2.5% — 下降3% → 120%"),
    pytest.param(TargetSpec(-3, "approx", True), -2.7, 0.9, id="降低3%左右 — 下降2.7% → 90%"),
    pytest.param(TargetSpec(-3, "lt", True), -2.4, 0.8, id="降幅超过3%（lt）— 下降2.4% → 80%"),
    pytest.param(TargetSpec(-3, "ge", True), -2.0, 1.0, id="降幅不超过3%（ge）— 下降2% → 达标"),
    pytest.param(TargetSpec(-3, "ge", True), -4.0, 0.75, id="降幅不超过3%（ge）— 下降4% → 75%"),
    pytest.param(TargetSpec(5.5, "le", False), 5.2, 1.0, id="失业率5.5%以内 — 5.2% → 达标"),
    pytest.param(TargetSpec(5.5, "le", False), 5.5, 1.0, id="失业率5.5%以内 — 恰好5.5% → 达标"),
    pytest.param(TargetSpec(5.5, "le", False), 5.8, 0.9483, id="失业率5.5%以内 — 5.8% → 94.8%"),
    pytest.param(TargetSpec(35, "lt", False), 35, 1.0, id="低于35 — 恰好35 → 100%（连续，不设断崖）"),
    pytest.param(
        TargetSpec(5.5, "approx", False, True), 5.8, 0.9483, id="失业率5.5%左右（越低越好）— 5.8% → 94.8%"
    ),
    pytest.param(TargetSpec(5.5, "eq", False, True), 4.9, 1.0, id="失业率5.5%（越低越好）— 4.9% → 达标"),
    pytest.param(TargetSpec(3, "ge", True, True), 2.4, 0.8, id="ge明示下限，越低越好标志不起作用"),
    pytest.param(TargetSpec(9e7, "approx", False), 8.55e7, 0.95, id="粮食产量9000万斤左右 — 8550万斤 → 95%"),
    pytest.param(TargetSpec(0, "le", False), 0, 1.0, id="安全事故控制在0起 — 0起 → 达标"),
    pytest.param(TargetSpec(0, "le", False), 2, 0.0, id="安全事故控制在0起 — 2起 → 0"),
    pytest.param(TargetSpec(0, "eq", True), 0.5, 1.0, id="零增长目标 — 增长0.5% → 达标"),
    pytest.param(TargetSpec(None, "eq", True), 5.0, None, id="无目标值（同步增长）→ None"),
    pytest.param(TargetSpec(180, "eq", False), None, None, id="尚无完成值 → None"),
    pytest.param(TargetSpec(180, "eq", False), float("nan"), None, id="完成值NaN → None"),
    pytest.param(TargetSpec(1e-5, "eq", False), 1e5, None, id="比值超过1e9（单位错配）→ None"),
]


@pytest.mark.parametrize(("spec", "actual", "expected"), COMPLETION_ROWS)
def test_target_completion(spec: TargetSpec, actual: float | None, expected: float | None) -> None:
    result = target_completion(spec, actual)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected, abs=5e-5)


QUALITATIVE_ROWS = [
    pytest.param(3, 5, None, 0.6, id="节点3/5 → 60%"),
    pytest.param(0, 5, None, 0.0, id="节点0/5 → 0"),
    pytest.param(6, 5, None, 1.0, id="节点6/5 → 封顶100%"),
    pytest.param(3, 5, 90.0, 0.6, id="有节点时以节点为准，不看自报90%"),
    pytest.param(None, None, 45.0, 0.45, id="无节点，单位自报45% → 45%"),
    pytest.param(0, 0, 45.0, 0.45, id="节点总数为0 → 用自报45%"),
    pytest.param(None, None, 130.0, 1.0, id="自报130% → 封顶100%"),
    pytest.param(None, None, -5.0, 0.0, id="自报-5% → 0"),
    pytest.param(None, None, None, None, id="都没有 → None"),
    pytest.param(None, None, float("inf"), None, id="自报inf → None"),
]


@pytest.mark.parametrize(("done", "total", "percent", "expected"), QUALITATIVE_ROWS)
def test_qualitative_completion(
    done: int | None, total: int | None, percent: float | None, expected: float | None
) -> None:
    assert qualitative_completion(done, total, percent) == (
        None if expected is None else pytest.approx(expected)
    )


# --- verdict, format, roll-up -----------------------------------------------------------------------

VERDICT_ROWS = [
    pytest.param(1.05, DEFAULT, Verdict.EXCEEDED, id="105% → 超额完成"),
    pytest.param(1.0005, DEFAULT, Verdict.EXCEEDED, id="100.05%（显示100.1%）→ 超额完成"),
    pytest.param(1.0004, DEFAULT, Verdict.COMPLETED, id="100.04%（显示100%）→ 完成"),
    pytest.param(1.0, DEFAULT, Verdict.COMPLETED, id="100% → 完成"),
    pytest.param(0.1 * 3 / 0.3, DEFAULT, Verdict.COMPLETED, id="浮点误差的100% → 完成"),
    pytest.param(0.9999, DEFAULT, Verdict.BASICALLY, id="99.99%（不显示为100%）→ 基本完成"),
    pytest.param(0.9, DEFAULT, Verdict.BASICALLY, id="90% → 基本完成（含边界）"),
    pytest.param(0.894, DEFAULT, Verdict.NOT_COMPLETED, id="89.4% → 未完成"),
    pytest.param(0.85, Settings(basic_threshold=0.85), Verdict.BASICALLY, id="门槛85%时85% → 基本完成"),
    pytest.param(None, DEFAULT, Verdict.UNVERIFIABLE, id="无数据 → 无法核实"),
    pytest.param(float("nan"), DEFAULT, Verdict.UNVERIFIABLE, id="NaN → 无法核实"),
]


@pytest.mark.parametrize(("completion", "settings", "expected"), VERDICT_ROWS)
def test_verdict(completion: float | None, settings: Settings, expected: Verdict) -> None:
    assert verdict(completion, settings) == expected


FORMAT_ROWS = [
    pytest.param(0.45, "45%", id="0.45 → 45%"),
    pytest.param(2 / 3, "66.7%", id="2/3 → 66.7%"),
    pytest.param(0.8667, "86.7%", id="0.8667 → 86.7%"),
    pytest.param(1.0167, "101.7%", id="1.0167 → 101.7%"),
    pytest.param(0.0, "0%", id="0 → 0%"),
    pytest.param(0.00049, "0%", id="0.049% → 0%"),
    pytest.param(0.0005, "0.1%", id="0.05% → 0.1%（四舍五入）"),
    pytest.param(0.99996, "99.9%", id="99.996% → 99.9%（不足100%不显示为100%）"),
    pytest.param(1.0, "100%", id="1 → 100%"),
    pytest.param(1.5, "150%", id="1.5 → 150%"),
    pytest.param(-0.12, "-12%", id="-0.12 → -12%"),
    pytest.param(float("inf"), "—", id="inf → —"),
]


@pytest.mark.parametrize(("fraction", "expected"), FORMAT_ROWS)
def test_format_percent(fraction: float, expected: str) -> None:
    assert format_percent(fraction) == expected


ROLL_UP_ROWS = [
    pytest.param([(1, 0.5, 0.75), (1, 1.0, 0.75)], (0.75, 0.75), id="两项等权：50%与100% → 75%"),
    pytest.param([(3, 0.5, 0.75), (1, 1.0, 0.75)], (0.625, 0.75), id="权重3:1 → 62.5%"),
    pytest.param([(1, 0.6, 0.5), (1, None, 1.0)], (0.6, 0.5), id="无完成率的任务两项都不计"),
    pytest.param([(1, None, 0.5), (1, None, 1.0)], (None, 0.75), id="都无完成率 → 只给序时进度"),
    pytest.param([(0, 0.2, 0.5), (2, 0.8, 0.5)], (0.8, 0.5), id="权重为0的任务不计"),
    pytest.param([], (None, None), id="空 → (None, None)"),
    pytest.param([(0, 0.2, 0.5)], (None, None), id="全为0权重 → (None, None)"),
]


@pytest.mark.parametrize(("items", "expected"), ROLL_UP_ROWS)
def test_roll_up(
    items: list[tuple[float, float | None, float]], expected: tuple[float | None, float | None]
) -> None:
    assert roll_up(items) == tuple(None if value is None else pytest.approx(value) for value in expected)


# --- bad input fails where it is made ---------------------------------------------------------------


def test_unknown_comparator_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown comparator 'about'"):
        TargetSpec(3, "about", True)


@pytest.mark.parametrize(
    "fields",
    [{"tolerance": -0.01}, {"yellow_band": 1.5}, {"basic_threshold": float("nan")}],
    ids=["容差为负", "黄灯带超过1", "门槛为NaN"],
)
def test_settings_must_be_fractions(fields: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be a fraction"):
        Settings(**fields)


@pytest.mark.parametrize(
    "items",
    [[(-1, 0.5, 0.5)], [(float("inf"), 0.5, 0.5)], [(1, float("nan"), 0.5)]],
    ids=["负权重", "无穷权重", "NaN完成率"],
)
def test_roll_up_rejects_bad_items(items: list[tuple[float, float | None, float]]) -> None:
    with pytest.raises(ValueError, match="roll_up"):
        roll_up(items)


def test_plain_tuples_work_as_targets() -> None:
    plain = TaskInput(*year_window(YEAR), targets=[(TargetSpec(180, "eq", False), 90, True)], reported=True)
    assert plain.targets == (TargetProgress(TargetSpec(180, "eq", False), 90, True),)
    assert assess(plain, JUL_2).completion == pytest.approx(0.5)


def test_assessment_keeps_uncapped_target_completions_for_the_review() -> None:
    result = assess(task(projects(198), target(127e8, 63.5e8), target(6, 6.6, accepted=False)), NEXT_JAN)
    assert result.target_completions == (pytest.approx(1.1), pytest.approx(0.5), None)
    assert [verdict(value) for value in result.target_completions] == [
        Verdict.EXCEEDED,
        Verdict.NOT_COMPLETED,
        Verdict.UNVERIFIABLE,
    ]


# --- properties ------------------------------------------------------------------------------------

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
comparators = st.sampled_from(["eq", "ge", "gt", "le", "lt", "approx"])
# Target values away from tiny non-zero numbers, so that no ratio of bounded figures exceeds MAX_RATIO.
target_values = st.one_of(st.none(), st.just(0.0), st.floats(0.01, 1e6), st.floats(-1e6, -0.01))
figures = st.one_of(st.none(), st.floats(-1e6, 1e6))
specs = st.builds(TargetSpec, target_values, comparators, st.booleans(), st.booleans())
any_floats = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True))
targets = st.builds(
    TargetProgress,
    st.builds(TargetSpec, any_floats, comparators, st.booleans(), st.booleans()),
    any_floats,
    st.booleans(),
)
tasks = st.builds(
    TaskInput,
    start=dates,
    deadline=dates,
    targets=st.lists(targets, max_size=3),
    milestones_done=st.one_of(st.none(), st.integers(-3, 12)),
    milestones_total=st.one_of(st.none(), st.integers(-1, 10)),
    unit_percent=any_floats,
    reported=st.booleans(),
    report_missing=st.booleans(),
    done_accepted=st.booleans(),
    weight=st.floats(allow_nan=True),
)
fractions = st.floats(0, 1)
settings = st.builds(Settings, fractions, fractions, fractions)


@given(dates, dates, dates)
def test_time_progress_is_a_share(day: date, start: date, deadline: date) -> None:
    assert 0.0 <= time_progress(day, start, deadline) <= 1.0


@given(dates, dates, dates, dates)
def test_time_progress_never_goes_back(one: date, other: date, start: date, deadline: date) -> None:
    earlier, later = sorted((one, other))
    assert time_progress(earlier, start, deadline) <= time_progress(later, start, deadline)


@given(specs, figures)
def test_completion_is_none_exactly_when_a_number_is_missing(spec: TargetSpec, actual: float | None) -> None:
    result = target_completion(spec, actual)
    assert (result is None) == (spec.value is None or actual is None)
    assert result is None or result >= 0


FLIPPED = {"eq": "eq", "approx": "approx", "ge": "le", "gt": "lt", "le": "ge", "lt": "gt"}


@given(st.floats(0.01, 1e6), st.floats(-1e6, 1e6), comparators)
def test_a_decrease_is_the_mirror_of_an_increase(value: float, actual: float, comparator: str) -> None:
    decrease = TargetSpec(-value, comparator, True)
    increase = TargetSpec(value, FLIPPED[comparator], True)
    assert target_completion(decrease, -actual) == target_completion(increase, actual)


@given(tasks, dates, settings, st.one_of(st.none(), st.text(max_size=8)))
def test_assess_never_raises_and_stays_in_range(
    given_task: TaskInput, day: date, config: Settings, period: str | None
) -> None:
    result = assess(given_task, day, config, period=period)
    assert isinstance(result, Assessment)
    assert result.status in set(Status)
    assert result.light in {Light.GREEN, Light.YELLOW, Light.RED}
    assert 0.0 <= result.time_progress <= 1.0
    assert result.completion is None or 0.0 <= result.completion <= 1.0
    assert result.reason
    assert len(result.target_completions) == len(given_task.targets)


@given(tasks, dates, settings)
def test_lights_follow_the_status(given_task: TaskInput, day: date, config: Settings) -> None:
    result = assess(given_task, day, config)
    if result.status in (Status.DONE, Status.ON_SCHEDULE):
        assert result.light is Light.GREEN
    if result.status in (Status.OVERDUE, Status.NOT_REPORTED):
        assert result.light is Light.RED
    if result.status is Status.BEHIND:
        assert result.light in (Light.YELLOW, Light.RED)
        assert result.completion is not None
    if result.status is Status.OVERDUE:
        assert day > given_task.deadline


@given(st.floats(0, 3))
def test_verdict_agrees_with_what_is_printed(completion: float) -> None:
    assert (verdict(completion) is Verdict.COMPLETED) == (format_percent(completion) == "100%")


@given(st.lists(st.tuples(st.floats(0.01, 100), st.one_of(st.none(), fractions), fractions), max_size=6))
def test_roll_up_lies_between_its_items(items: list[tuple[float, float | None, float]]) -> None:
    completion, progress = roll_up(items)
    known = [value for _, value, _ in items if value is not None]
    times = [time for _, value, time in items if value is not None or not known]
    assert (completion is None) == (not known)
    if known:
        assert min(known) - 1e-9 <= completion <= max(known) + 1e-9
    if times:
        assert min(times) - 1e-9 <= progress <= max(times) + 1e-9
