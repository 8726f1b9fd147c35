"""Real wording of the corpus -> the headline indicators duban gives (issue #10, classes 3 to 5).

Three tables: how a report's name for an indicator finds the dictionary name; what a number-less
target names; and, in small reports made of real lines, where headline figures are taken from
(the review's summary and the plan's targets list, never the work sections). Each row's id is the
wording that decides, so a failing row names it.
"""

from __future__ import annotations

import pytest

from duban.extract import extract_text, names

# (the words before a figure, as reports write them) -> dictionary name, or None
NAME_ROWS = [
    ("全省地区生产总值增长", "地区生产总值"),
    ("全市生产总值达到", "地区生产总值"),
    ("国内生产总值增长", "地区生产总值"),
    ("经济增长预期目标为", "地区生产总值"),
    ("2025年全省地区生产总值", "地区生产总值"),
    ("全年实现地区生产总值", "地区生产总值"),
    ("规上工业增加值增长", "规模以上工业增加值"),
    ("规模工业增加值增长", "规模以上工业增加值"),
    ("地方一般公共预算收入同口径增长", "一般公共预算收入"),
    ("地方一般公共预算收入（扣除留抵退税因素）增长", "一般公共预算收入"),
    ("外贸进出口总额达到", "进出口总额"),
    ("货物贸易进出口总额增长", "进出口总额"),
    ("外贸进出口总值增长", "进出口总额"),
    ("进出口下降", "进出口总额"),
    ("居民消费价格指数涨幅控制在", "居民消费价格"),
    ("居民消费价格涨幅", "居民消费价格"),
    ("居民人均可支配收入实际增长", "居民收入"),
    ("城镇居民、农村居民人均可支配收入分别增长", "居民收入"),
    ("城乡常住居民人均可支配收入分别增长", "居民收入"),
    ("城镇调查失业率平均为", "城镇调查失业率"),
    ("城镇调查失业率均值", "城镇调查失业率"),
    ("新增就业人数", "城镇新增就业"),
    ("粮食总产量达", "粮食产量"),
    ("单位生产总值二氧化碳排放量进一步下降", "单位地区生产总值二氧化碳排放"),
    ("碳排放强度下降", "单位地区生产总值二氧化碳排放"),
    ("单位国内生产总值能耗降低", "单位地区生产总值能耗"),
    ("海洋生产总值增长", None),
    ("数字经济核心产业增加值", None),
    ("一产增加值增长", None),
    ("全社会研发经费支出相当于全市生产总值的比例达到", None),
    ("脱贫地区农村居民收入增长", None),
]


@pytest.mark.parametrize(("phrase", "expected"), NAME_ROWS, ids=[row[0] for row in NAME_ROWS])
def test_report_wording_finds_the_dictionary_name(phrase, expected):
    found = names.lookup(phrase)
    assert (found.name if found else None) == expected


# a number-less item of a targets list -> the names it gives (dictionary name, or the report's phrase)
QUALITATIVE_ROWS = [
    ("居民收入增长与经济增长同步", ["居民收入"]),
    ("居民收入增长和经济增长同步", ["居民收入"]),
    ("城乡居民收入与经济同步增长", ["居民收入"]),
    ("完成国家下达的单位地区生产总值二氧化碳排放降低目标", ["单位地区生产总值二氧化碳排放"]),
    ("粮食总产量、生态环境、节能降碳等指标全面完成任务", ["粮食产量", "生态环境质量", "节能降碳"]),
    (
        "碳排放强度、生态环境保护约束性指标完成国家下达控制目标",
        ["单位地区生产总值二氧化碳排放", "生态环境保护"],
    ),
    ("全面完成国家下达的节能减排降碳约束性指标和环境质量改善目标", ["节能减排降碳", "生态环境质量"]),
    ("居民消费价格保持合理水平", ["居民消费价格"]),
    ("单位生产总值二氧化碳排放量进一步下降", ["单位地区生产总值二氧化碳排放"]),
    ("主要污染物重点工程减排量完成国家下达目标", ["主要污染物重点工程减排量"]),
    ("国际收支保持基本平衡", ["国际收支"]),
    ("生态环境质量持续改善", ["生态环境质量"]),
    ("水、空气等生态环境质量主要指标保持优秀水平", ["生态环境质量"]),
    ("按照国家要求完成节能减排降碳任务", ["节能减排降碳"]),
    ("在实际工作中努力争取更好结果", []),
    ("力争主要经济指标总量（增速）进入全省前列", []),
    ("长江、黄河、澜沧江省境内干流全线水质稳定保持在Ⅱ类及以上", []),
]


@pytest.mark.parametrize(("clause", "expected"), QUALITATIVE_ROWS, ids=[row[0] for row in QUALITATIVE_ROWS])
def test_a_number_less_target_names_its_indicators(clause, expected):
    got = [indicator.name if indicator else name for _, _, indicator, name in names.named_in(clause)]
    assert got == expected


HEAD = "2026年政府工作报告\n——2026年1月27日在省第十四届人民代表大会第四次会议上\n各位代表：\n"
WORK = "（一）扩大有效需求\n"

# (id, review paragraphs, plan paragraphs, expected [(metric, kind, value, comparator)])
LOCATION_ROWS = [
    (
        "初步统计，2025年全省地区生产总值60199.45亿元、增长5%",
        "初步统计，2025年全省地区生产总值60199.45亿元、增长5%，社会消费品零售总额增长4.4%，"
        "固定资产投资下降3.3%，进出口下降5.4%，城镇调查失业率4.7%，居民消费价格与上年持平。重点抓了以下工作：\n"
        + WORK
        + "消费有力提振。全年社会消费品零售总额增长4.6%，城镇新增就业54.58万人。\n",
        "今年经济社会发展的主要预期目标是：全省地区生产总值增长5%左右，在实际工作中努力争取更好结果；"
        "城镇调查失业率控制在5%左右，城镇新增就业50万人；居民收入增长与经济增长同步。\n"
        + WORK
        + "持续开展提振消费专项行动。社会消费品零售总额增长4%左右。\n",
        [
            ("地区生产总值", "actual", 6019945000000, "eq"),
            ("地区生产总值", "actual", 5, "eq"),
            ("社会消费品零售总额", "actual", 4.4, "eq"),
            ("固定资产投资", "actual", -3.3, "eq"),
            ("进出口总额", "actual", -5.4, "eq"),
            ("城镇调查失业率", "actual", 4.7, "eq"),
            ("地区生产总值", "target", 5, "approx"),
            ("城镇调查失业率", "target", 5, "approx"),
            ("城镇新增就业", "target", 500000, "eq"),
            ("居民收入", "target", None, None),
        ],
    ),
    (
        "——经济总体回升向好。国内生产总值超过126万亿元，增长5.2%",
        "过去一年，全年经济社会发展主要目标任务圆满完成。\n"
        "——经济总体回升向好。国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。城镇新增就业1244万人。\n"
        "——现代化产业体系建设取得重要进展。新能源汽车产销量占全球比重超过60%。\n"
        "——民生保障有力有效。居民人均可支配收入增长6.1%，城乡居民收入差距继续缩小。脱贫地区农村居民收入增长8.4%。\n"
        "一年来，我们主要做了以下工作。\n"
        "一是加大宏观调控力度。全年新增税费优惠超过2.2万亿元，固定资产投资增长3%。\n",
        "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上；国际收支保持基本平衡。\n",
        [
            ("地区生产总值", "actual", 126000000000000, "gt"),
            ("地区生产总值", "actual", 5.2, "eq"),
            ("城镇新增就业", "actual", 12440000, "eq"),
            ("居民收入", "actual", 6.1, "eq"),
            ("地区生产总值", "target", 5, "approx"),
            ("城镇新增就业", "target", 12000000, "ge"),
            ("国际收支", "target", None, None),
        ],
    ),
    (
        "城镇和农村居民人均可支配收入分别增长4.3%、5.3%",
        "全省地区生产总值增长3.7%，城镇和农村居民人均可支配收入分别增长4.3%、5.3%，社会大局保持稳定。\n"
        "一是内需潜力有效释放。社会消费品零售总额增长1.4%。\n",
        "全省经济社会发展的主要预期目标是：地区生产总值增长4.5%左右，城乡居民人均可支配收入分别增长5%、6.5%左右。\n"
        "确定4.5%左右的增长目标，兼顾了需要与可能。\n",
        [
            ("地区生产总值", "actual", 3.7, "eq"),
            ("居民收入", "actual", 4.3, "eq"),
            ("居民收入", "actual", 5.3, "eq"),
            ("地区生产总值", "target", 4.5, "approx"),
            ("居民收入", "target", 5, "approx"),
            ("居民收入", "target", 6.5, "approx"),
        ],
    ),
    (
        "全体居民人均可支配收入增长5.5%，其中城镇、农村居民收入分别增长4.8%、5.9%",
        "过去一年，全年实现地区生产总值5696亿元，增长5.3%。全体居民人均可支配收入增长5.5%，"
        "其中城镇、农村居民收入分别增长4.8%、5.9%。生态环境9项约束性指标全部完成。\n",
        "经济主要预期目标是：地区生产总值增长5%左右，力争取得更好结果。一产、二产、三产增加值分别增长5%左右、5%以上、5%左右。"
        "粮食总产量、生态环境、节能降碳等指标全面完成任务。\n确定上述目标，坚持实事求是。\n",
        [
            ("地区生产总值", "actual", 569600000000, "eq"),
            ("地区生产总值", "actual", 5.3, "eq"),
            ("居民收入", "actual", 5.5, "eq"),
            ("地区生产总值", "target", 5, "approx"),
            ("一产增加值", "target", 5, "approx"),
            ("二产增加值", "target", 5, "ge"),
            ("三产增加值", "target", 5, "approx"),
            ("粮食产量", "target", None, None),
            ("生态环境质量", "target", None, None),
            ("节能降碳", "target", None, None),
        ],
    ),
    (
        "今年全省经济社会发展主要预期目标是：地区生产总值增长4.5-5%",
        "过去一年，全省地区生产总值增长4.2%，一般公共预算收入增长5.7%。\n",
        "今年全省经济社会发展主要预期目标是：地区生产总值增长4.5-5%，在实际工作中争取更好结果，粮食产量1600亿斤以上。\n",
        [
            ("地区生产总值", "actual", 4.2, "eq"),
            ("一般公共预算收入", "actual", 5.7, "eq"),
            ("地区生产总值", "target", 4.5, "ge"),
            ("地区生产总值", "target", 5, "le"),
            ("粮食产量", "target", 160000000000, "ge"),
        ],
    ),
    (
        "地区生产总值增长5.5%、达到10.3万亿元，成为全国第三个、北方第一个过10万亿元省份",
        "2025年是很不平凡的一年。\n"
        "（一）经济增长迈出坚实步伐。地区生产总值增长5.5%、达到10.3万亿元，成为全国第三个、北方第一个过10万亿元省份。"
        "规上工业增加值增长7.6%，高于全国1.7个百分点。\n"
        "（二）民生福祉改善迈出坚实步伐。就业方面，城镇新增就业124.9万人。\n",
        "建议经济社会发展主要预期目标为：地区生产总值增长5%以上，在实际工作中努力争取更好结果；"
        "全面完成国家下达的节能减排降碳约束性指标和环境质量改善目标。\n",
        [
            ("地区生产总值", "actual", 5.5, "eq"),
            ("地区生产总值", "actual", 10300000000000, "eq"),
            ("规模以上工业增加值", "actual", 7.6, "eq"),
            ("城镇新增就业", "actual", 1249000, "eq"),
            ("地区生产总值", "target", 5, "ge"),
            ("节能减排降碳", "target", None, None),
            ("生态环境质量", "target", None, None),
        ],
    ),
    (
        "地方一般公共预算收入突破4000亿元、达到4211亿元",
        "刚刚过去的2025年，是“十四五”收官之年。\n"
        "经济运行稳中有进。地区生产总值增长5.5%、居经济大省和中部地区前列。\n"
        "就业和税收两大核心关切总体向好。地方一般公共预算收入突破4000亿元、达到4211亿元，其中税收收入增长3%。\n",
        "今年全省经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。\n",
        [
            ("地区生产总值", "actual", 5.5, "eq"),
            ("一般公共预算收入", "actual", 421100000000, "eq"),
            ("地区生产总值", "target", 5.5, "approx"),
        ],
    ),
]


def _report(review: str, plan: str) -> str:
    return HEAD + "一、2025年工作回顾\n" + review + "二、2026年重点工作\n" + plan


@pytest.mark.parametrize(
    ("review", "plan", "expected"), [r[1:] for r in LOCATION_ROWS], ids=[r[0] for r in LOCATION_ROWS]
)
def test_headline_figures_come_from_the_summary_and_the_targets_list(review, plan, expected):
    indicators = extract_text(_report(review, plan))["indicators"]
    got = [(i["metric"], i["kind"], i["value"], i["comparator"]) for i in indicators]
    assert got == expected


def test_indicator_records_point_at_their_figures():
    text = _report(LOCATION_ROWS[0][1], LOCATION_ROWS[0][2])
    for record in extract_text(text)["indicators"]:
        start, end = record["raw_span"]
        assert text[start:end] == record["text"], record
        assert record["year"] == (2025 if record["kind"] == "actual" else 2026)
        assert record["part"] == ("review" if record["kind"] == "actual" else "plan")
