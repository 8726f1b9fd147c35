"""Real paragraphs of the corpus -> the time scope of their figures and the parts of their reports.

Issue #10, classes 1 and 2: five-year figures are not the year's, and parts are found from their
wording and position as well as their numbering. Each row is a small report made of real lines
(headings and paragraphs copied from the corpus); its id is the line that decides, so a failing
row names it.
"""

from __future__ import annotations

import pytest

from duban.extract import extract_text

HEAD = "2026年政府工作报告\n——2026年1月27日在省第十四届人民代表大会第四次会议上\n各位代表：\n"
REVIEW = "一、2025年和“十四五”时期工作回顾\n"
OUTLOOK = "二、“十五五”时期主要目标任务\n"
PLAN = "三、2026年重点工作\n"
FILLER = "全力推进各项工作。\n"

# (id, report body after HEAD, figure text, expected period, expected year, expected kind)
PERIOD_ROWS = [
    (
        "——这是追赶进位、综合实力快速跃升的五年。",
        REVIEW + "——这是追赶进位、综合实力快速跃升的五年。全省地区生产总值达到13697.5亿元，较“十三五”末的"
        "9323.1亿元增加4374.4亿元，增长33.6%。\n" + PLAN + FILLER,
        "13697.5亿元",
        [2021, 2025],
        None,
        "actual",
    ),
    (
        "五年来，我们坚持创新驱动发展。",
        REVIEW + "五年来，我们坚持创新驱动发展。全社会研发经费投入年均增长10.5%。\n" + PLAN + FILLER,
        "10.5%",
        [2021, 2025],
        None,
        "actual",
    ),
    (
        "各位代表！2025年是“十四五”收官之年。五年来，我们牢记嘱托、感恩奋进。",
        REVIEW
        + "各位代表！2025年是“十四五”收官之年。五年来，我们牢记嘱托、感恩奋进。\n"
        + "——经济综合实力实现新跃升。全省地区生产总值年均增长5.9%、高于全国0.5个百分点。\n"
        + PLAN
        + FILLER,
        "5.9%",
        [2021, 2025],
        None,
        "actual",
    ),
    (
        "2025年是“十四五”收官之年。一年来，我们坚持稳中求进。",
        REVIEW
        + "2025年是“十四五”收官之年。一年来，我们坚持稳中求进。城镇新增就业54.58万人。\n"
        + PLAN
        + FILLER,
        "54.58万人",
        None,
        2025,
        "actual",
    ),
    (
        "刚刚过去的2025年，全省上下坚决贯彻党中央、国务院决策部署。",
        "一、“十四五”时期工作回顾\n“十四五”时期是甘肃发展极不寻常、极不平凡的五年。\n"
        "刚刚过去的2025年，全省上下坚决贯彻党中央、国务院决策部署。地区生产总值增长5.8%，增速居全国第2位。\n"
        + PLAN
        + FILLER,
        "5.8%",
        None,
        2025,
        "actual",
    ),
    (
        "培育壮大12个千亿级特色产业集群。",
        REVIEW
        + FILLER
        + OUTLOOK
        + "坚持把发展经济的着力点放在实体经济上，培育壮大12个千亿级特色产业集群。\n"
        + PLAN
        + FILLER,
        "12个",
        [2026, 2030],
        None,
        "target",
    ),
    (
        "到2030年，我省经济实力、科技实力、综合竞争力大幅跃升。",
        REVIEW
        + FILLER
        + OUTLOOK
        + "到2030年，我省经济实力、科技实力、综合竞争力大幅跃升，居民人均可支配收入达到9万元左右。\n"
        + PLAN
        + FILLER,
        "9万元左右",
        [2026, 2030],
        None,
        "target",
    ),
    (
        "综合考虑实现2035年远景目标、扛牢经济大省责任担当以及我省现实支撑条件，提出地区生产总值年均增长5%—5.5%。",
        REVIEW
        + FILLER
        + OUTLOOK
        + "“十五五”时期是我国基本实现社会主义现代化夯实基础、全面发力的关键五年。\n"
        + "综合考虑实现2035年远景目标、扛牢经济大省责任担当以及我省现实支撑条件，"
        + "提出地区生产总值年均增长5%—5.5%。\n"
        + PLAN
        + FILLER,
        "5.5%",
        [2026, 2030],
        None,
        "target",
    ),
    (
        "《纲要（草案）》明确了经济社会发展主要指标：其中地区生产总值年均增长5%左右。",
        REVIEW
        + FILLER
        + "二、“十五五”时期目标任务和2026年工作安排\n"
        + "《纲要（草案）》明确了经济社会发展主要指标：其中地区生产总值年均增长5%左右。\n"
        + "今年是“十五五”开局之年，必须迈好第一步、展现新气象。社会消费品零售总额增长4%左右。\n",
        "5%左右",
        [2026, 2030],
        None,
        "target",
    ),
    (
        "今年是“十五五”开局之年，必须迈好第一步、展现新气象。",
        REVIEW
        + FILLER
        + "二、“十五五”时期目标任务和2026年工作安排\n"
        + "《纲要（草案）》明确了经济社会发展主要指标：其中地区生产总值年均增长5%左右。\n"
        + "今年是“十五五”开局之年，必须迈好第一步、展现新气象。社会消费品零售总额增长4%左右。\n",
        "4%左右",
        None,
        2026,
        "target",
    ),
    (
        "落实碳排放总量和强度双控制度，制定“十五五”碳达峰实施方案。",
        REVIEW
        + FILLER
        + PLAN
        + "落实碳排放总量和强度双控制度，制定“十五五”碳达峰实施方案，新建零碳园区3个。\n",
        "3个",
        None,
        2026,
        "target",
    ),
    (
        "“十四五”时期，上海发展历程极不寻常、极不平凡。",
        "一、2025年工作回顾\n"
        + FILLER
        + "二、关于《上海市国民经济和社会发展第十五个五年规划纲要（草案）》的说明\n"
        "“十四五”时期，上海发展历程极不寻常、极不平凡。全市生产总值从4.16万亿元增加到5.67万亿元。\n"
        + PLAN
        + FILLER,
        "5.67万亿元",
        [2021, 2025],
        None,
        "actual",
    ),
]


def _quantity(body: str, figure: str) -> dict:
    result = extract_text(HEAD + body)
    found = [q for q in result["quantities"] if q["text"] == figure]
    assert found, f"no quantity {figure!r} among {[q['text'] for q in result['quantities']]}"
    return found[-1]


@pytest.mark.parametrize(
    ("body", "figure", "period", "year", "kind"),
    [r[1:] for r in PERIOD_ROWS],
    ids=[r[0] for r in PERIOD_ROWS],
)
def test_figure_gets_its_time_scope(body, figure, period, year, kind):
    q = _quantity(body, figure)
    assert (q["period"], q["year"], q["kind"]) == (period, year, kind), q


def test_a_span_figure_is_no_headline_indicator():
    body = (
        REVIEW
        + "过去一年，全省地区生产总值增长5%，一般公共预算收入增长3%。\n"
        + "五年来，我们不断增进民生福祉。全省地区生产总值年均增长6%，一般公共预算收入年均增长4%。\n"
        + PLAN
        + FILLER
    )
    indicators = extract_text(HEAD + body)["indicators"]
    assert [(i["metric"], i["value"]) for i in indicators] == [("地区生产总值", 5), ("一般公共预算收入", 3)]


# (id, report body after HEAD, expected [(title start, part, period)] of the top-level sections)
PART_ROWS = [
    (
        "“十四五”时期工作回顾",
        "“十四五”时期工作回顾\n“十四五”时期是甘肃发展极不寻常、极不平凡的五年。\n"
        "“十五五”时期的主要目标任务\n“十五五”时期是我国基本实现社会主义现代化夯实基础、全面发力的关键时期。\n"
        "2026年重点工作\n今年是“十五五”开局之年。\n",
        [("“十四五”", "review", [2021, 2025]), ("“十五五”", "plan", [2026, 2030]), ("2026年", "plan", None)],
    ),
    (
        "一、一年接着一年干，新福建建设持续取得新进展新成效",
        "一、一年接着一年干，新福建建设持续取得新进展新成效\n2025年是“十四五”收官之年。一年来，我们坚持稳中求进。\n"
        "二、一张蓝图绘到底，奋力谱写中国式现代化福建篇章\n“十五五”时期是基本实现社会主义现代化夯实基础、全面发力的关键时期。\n"
        "三、一鼓作气勇争先，全力推动“十五五”开好局、起好步\n2026年是“十五五”开局之年。\n"
        "四、一以贯之转作风，努力建设人民满意的服务型政府\n我们将始终牢记，政府前面的“人民”二字。\n",
        [
            ("一年接着", "review", None),
            ("一张蓝图", "plan", [2026, 2030]),
            ("一鼓作气", "plan", None),
            ("一以贯之", "plan", None),
        ],
    ),
    (
        "过去一年的工作回顾",
        "过去一年的工作回顾\n过去一年，全省经济运行稳中有进。\n2026年工作安排\n今年，我们将着力扩大内需。\n",
        [("过去一年", "review", None), ("2026年", "plan", None)],
    ),
    (
        "二、关于《上海市国民经济和社会发展第十五个五年规划纲要（草案）》的说明",
        "一、2025年工作回顾\n过去一年，全市经济稳中有进。\n"
        "二、关于《上海市国民经济和社会发展第十五个五年规划纲要（草案）》的说明\n根据市委建议，市政府制定了纲要草案。\n"
        "三、2026年主要任务\n今年是实施“十五五”规划的开局之年。\n",
        [("2025年", "review", None), ("关于", "plan", [2026, 2030]), ("2026年", "plan", None)],
    ),
]


@pytest.mark.parametrize(("body", "expected"), [r[1:] for r in PART_ROWS], ids=[r[0] for r in PART_ROWS])
def test_parts_are_found_from_wording_and_position(body, expected):
    result = extract_text(HEAD + body)
    got = [(s["title"], s["part"], s["period"]) for s in result["outline"]]
    assert len(got) == len(expected), got
    for (title, part, period), (start, want_part, want_period) in zip(got, expected, strict=True):
        assert title.startswith(start), got
        assert (part, period) == (want_part, want_period), f"{title}: {(part, period)}"
    assert (result["document"]["review_year"], result["document"]["plan_year"]) == (2025, 2026)


def test_unnumbered_parts_make_targets_of_the_plan_year():
    body = "过去一年的工作回顾\n过去一年，地区生产总值增长5%。\n2026年工作安排\n地区生产总值增长5%左右。\n"
    quantities = extract_text(HEAD + body)["quantities"]
    assert [(q["kind"], q["year"]) for q in quantities] == [("actual", 2025), ("target", 2026)]
