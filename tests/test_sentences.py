"""Real sentences of the corpus -> the quantity records the extractor must give.

Each row is one sentence placed in the review or plan part of a two-heading report;
its test id is the sentence, so a failing row names the sentence that broke.
Expected records are (text, value, unit, comparator, growth, metric); a metric of
``None`` is not checked, otherwise the extracted metric must contain it or be
contained in it.
"""

from __future__ import annotations

import pytest

from duban.extract import extract_text

REVIEW, PLAN = "review", "plan"
FRAME = {
    REVIEW: "一、2023年工作回顾\n{}\n二、2024年重点工作安排\n全力推进各项工作。\n",
    PLAN: "一、2023年工作回顾\n过去一年，工作取得成效。\n二、2024年重点工作安排\n{}\n",
}
KIND_YEAR = {REVIEW: ("actual", 2023), PLAN: ("target", 2024)}

ROWS = [
    # aimin-2024 (county, converted from PDF)
    (
        REVIEW,
        "预计,全年地区生产总值同比增长 6.5%;规模以上工业增加值同比增长 9%;",
        [
            ("6.5%", 6.5, "%", "eq", True, "地区生产总值"),
            ("9%", 9, "%", "eq", True, "规模以上工业增加值"),
        ],
    ),
    (
        REVIEW,
        "市级龙发系生猪存栏规模突破2万头,鸵鸟、梅花鹿等特色养殖产业加快推进。",
        [
            ("突破2万头", 20000, "头", "gt", False, "生猪存栏规模"),
        ],
    ),
    (
        REVIEW,
        "脱贫户人均收入同比增长14%以上,连续5年保持双位数增长。",
        [
            ("14%以上", 14, "%", "ge", True, "脱贫户人均收入"),
            ("连续5年", 5, "年", "eq", False, "脱贫户人均收入"),
            ("双位数", 10, "%", "ge", True, "脱贫户人均收入"),
        ],
    ),
    (
        REVIEW,
        "全年累计谋划项目 170 个，总投资 127 亿元，同比增长 32.8%、13.4%。",
        [
            ("170个", 170, "个", "eq", False, "谋划项目"),
            ("127亿元", 12700000000, "元", "eq", False, "总投资"),
            ("32.8%", 32.8, "%", "eq", True, "谋划项目"),
            ("13.4%", 13.4, "%", "eq", True, "总投资"),
        ],
    ),
    (REVIEW, "贷款5700余万元。", [("5700余万元", 57000000, "元", "gt", False, "贷款")]),
    (
        REVIEW,
        "全年社会消费品零售总额增速连续4个月居全市首位。",
        [
            ("连续4个月", 4, "个月", "eq", False, "社会消费品零售总额"),
            ("首位", 1, "位", "eq", False, None),
        ],
    ),
    (
        REVIEW,
        '重点打造的"学府夜市"实现当年立项建设，成为全市首家统一结算夜市，接待人次超50万。',
        [
            ("超50万", 500000, "人次", "gt", False, "接待人次"),
        ],
    ),
    (
        REVIEW,
        "海东青文化创意产业园接待研学近万人次。",
        [
            ("近万人次", 10000, "人次", "approx", False, "接待研学"),
        ],
    ),
    (REVIEW, "北方高压电瓷重组产值实现翻两番。", [("翻两番", 4, "倍", "eq", True, "产值")]),
    (REVIEW, '城乡低保标准实现"十七连增"。', [("十七连增", 17, "次", "eq", False, "城乡低保标准")]),
    (REVIEW, "信访工作目标考核排名跃升60位。", [("60位", 60, "位", "eq", True, None)]),
    (
        REVIEW,
        "经济发展绩效专项考核综合评分两个季度评为A档,位于城区第一序列。",
        [
            ("两个季度", 2, "个季度", "eq", False, None),
        ],
    ),
    (REVIEW, "投入近千万维修改造区属园校。", [("近千万", 10000000, "元", "approx", False, None)]),
    (
        REVIEW,
        "市场主体信心恢复,全年新设立市场主体3459户,同比增长32.7%,新增限上商贸企业7\n\n户,超额完成市定任务。",
        [
            ("3459户", 3459, "户", "eq", False, "新设立市场主体"),
            ("32.7%", 32.7, "%", "eq", True, "新设立市场主体"),
            ("7户", 7, "户", "eq", False, "新增限上商贸企业"),
        ],
    ),
    (
        PLAN,
        "确保粮食播种面积和产量分别稳定在12万亩、9000万斤以上。",
        [
            ("12万亩", 120000, "亩", "ge", False, "粮食播种面积"),
            ("9000万斤以上", 90000000, "斤", "ge", False, None),
        ],
    ),
    (PLAN, "加快全民健身中心建设，新建5个社会足球场。", [("5个", 5, "个", "eq", False, "社会足球场")]),
    (PLAN, "新增公办幼儿园学位200个。", [("200个", 200, "个", "eq", False, "新增公办幼儿园学位")]),
    # cn-state-council-2024 (national, clean text)
    (
        REVIEW,
        "国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。",
        [
            ("超过126万亿元", 126000000000000, "元", "gt", False, "国内生产总值"),
            ("5.2%", 5.2, "%", "eq", True, "国内生产总值"),
        ],
    ),
    (REVIEW, "居民消费价格上涨0.2%。", [("0.2%", 0.2, "%", "eq", True, "居民消费价格")]),
    (REVIEW, "常住人口城镇化率提高到66.2%。", [("66.2%", 66.2, "%", "eq", False, "城镇化率")]),
    (
        REVIEW,
        "加强城镇老旧小区改造和保障性住房供给，惠及上千万家庭。",
        [
            ("上千万", 10000000, "户", "ge", False, "家庭"),
        ],
    ),
    (
        REVIEW,
        "货币政策精准有力，两次降低存款准备金率、两次下调政策利率。",
        [
            ("两次", 2, "次", "eq", False, "降低存款准备金率"),
            ("两次", 2, "次", "eq", False, "下调政策利率"),
        ],
    ),
    (
        PLAN,
        "单位国内生产总值能耗降低2.5%左右，生态环境质量持续改善。",
        [
            ("2.5%左右", -2.5, "%", "approx", True, "单位国内生产总值能耗"),
        ],
    ),
    (
        PLAN,
        "赤字率拟按3%安排，赤字规模4.06万亿元，比上年年初预算增加1800亿元。",
        [
            ("3%", 3, "%", "eq", False, "赤字率"),
            ("4.06万亿元", 4060000000000, "元", "eq", False, "赤字规模"),
            ("1800亿元", 180000000000, "元", "eq", True, "赤字规模"),
        ],
    ),
    (
        PLAN,
        "居民医保人均财政补助标准提高30元。",
        [("30元", 30, "元", "eq", True, "居民医保人均财政补助标准")],
    ),
    (PLAN, "经济增长预期目标为5%左右。", [("5%左右", 5, "%", "approx", True, "经济增长")]),
    # hebei and heilongjiang provinces
    (
        REVIEW,
        "工业技改投资、制造业技改投资增速分别高于全国12.7个、12个百分点。",
        [
            ("12.7个", 12.7, "个百分点", "eq", False, None),
            ("12个百分点", 12, "个百分点", "eq", False, None),
        ],
    ),
    (REVIEW, "行政检查数量下降51%。", [("51%", -51, "%", "eq", True, "行政检查数量")]),
    # hebei-province-2024: a decrease verb opening the metric takes the amount as a decrease, as
    # 地下水开采量压减1.77亿立方米 does (hebei-province-2025); a count of events does not (cn-2024)
    (
        PLAN,
        "实施生态系统保护和修复重大工程，压减地下水开采量1.6亿立方米，力争生态补水20亿立方米。",
        [
            ("1.6亿立方米", -160000000, "立方米", "eq", True, "地下水开采量"),
            ("20亿立方米", 2000000000, "立方米", "eq", False, "生态补水"),
        ],
    ),
    (REVIEW, "降低存款准备金率两次。", [("两次", 2, "次", "eq", False, "存款准备金率")]),
    (REVIEW, "紧急转移群众180多万人。", [("180多万人", 1800000, "人", "gt", False, "紧急转移群众")]),
    (
        PLAN,
        "地区生产总值增长5.5%左右，一般公共预算收入增长5%左右。",
        [
            ("5.5%左右", 5.5, "%", "approx", True, "地区生产总值"),
            ("5%左右", 5, "%", "approx", True, "一般公共预算收入"),
        ],
    ),
]

# issue #10, class 6: ranges, 分别…和, changes of an amount, units
ROWS += [
    (
        PLAN,
        "今年全省经济社会发展主要预期目标是：地区生产总值增长4.5-5%，在实际工作中争取更好结果。",
        [("4.5", 4.5, "%", "ge", True, "地区生产总值"), ("5%", 5, "%", "le", True, "地区生产总值")],
    ),
    (
        REVIEW,
        "城镇和农村常住居民人均可支配收入分别增长3.9%和5.7%。",
        [
            ("3.9%", 3.9, "%", "eq", True, "居民人均可支配收入"),
            ("5.7%", 5.7, "%", "eq", True, "居民人均可支配收入"),
        ],
    ),
    (
        REVIEW,
        "优良天数比例达到77%、增加13天。",
        [("77%", 77, "%", "eq", False, "优良天数比例"), ("13天", 13, "天", "eq", True, None)],
    ),
    (REVIEW, "平均跑动次数减少93%。", [("93%", -93, "%", "eq", True, "平均跑动次数")]),
]

NOT_QUANTITIES = [
    "加快构建现代化产业体系，有力推进集成电路装备、零部件、材料、EDA软件等全产业链攻关。",
    "坚持迈开两条腿、对接各部委，抢抓国家政策机遇。",
    "提高残疾人两项补贴标准。",
    "70周岁以上户籍老年人意外伤害保险全覆盖。",
    "是中华人民共和国成立75周年。",
    "2023年,是全面贯彻落实党的二十大精神的开局之年。",
    "在牡丹江市爱民区第十六届人民代表大会第四次会议上。",
    '大力实施"4十3"主导产业发展工程。',
    "三道关唐渤海古墓群成功申报黑龙江省第七批省级文物保护单位。",
    "坚决打好三大保卫战，严格落实中央八项规定精神。",
    "1—11 月, 全区经济持续恢复向好。",
    "认真落实省委、市委十三届五次全会精神。",
    "重点抓好以下五个方面工作。",
    "抓好支持高质量共建“一带一路”八项行动的落实落地。",
    "打好实现建军一百年奋斗目标攻坚战。",
    "全年签约千万元以上项目。",
    "数字经济加快发展，5G网络覆盖所有县城。",
    "持续推进长江十年禁渔。",
    "位于城区第一序列。",
    "是三年新冠疫情防控转段后经济恢复发展的一年。",
]


def _records(part: str, sentence: str) -> tuple[list[dict], str]:
    text = FRAME[part].format(sentence)
    return extract_text(text)["quantities"], text


def _metric_ok(expected: str | None, got: str) -> bool:
    return expected is None or expected in got or (bool(got) and got in expected)


@pytest.mark.parametrize(("part", "sentence", "expected"), ROWS, ids=[row[1] for row in ROWS])
def test_sentence_gives_its_quantities(part: str, sentence: str, expected: list[tuple]) -> None:
    records, text = _records(part, sentence)
    got = [(r["text"], r["value"], r["unit"], r["comparator"], r["growth"]) for r in records]
    assert got == [row[:5] for row in expected], f"{sentence}: {records}"
    kind, year = KIND_YEAR[part]
    for record, row in zip(records, expected, strict=True):
        assert (record["kind"], record["year"]) == (kind, year), record
        assert _metric_ok(row[5], record["metric"]), f"metric {record['metric']!r}, expected {row[5]!r}"
        start, end = record["raw_span"]
        assert text[start:end].replace(" ", "").replace("\n", "") == record["text"]


@pytest.mark.parametrize("sentence", NOT_QUANTITIES, ids=NOT_QUANTITIES)
def test_sentence_gives_no_quantity(sentence: str) -> None:
    records, _ = _records(REVIEW, sentence)
    assert records == [], f"{sentence}: {records}"


def test_target_quota_in_the_review_is_a_target_of_that_year() -> None:
    records, _ = _records(REVIEW, "粮食产量超额完成市定9000万斤目标。")
    assert (records[0]["kind"], records[0]["year"]) == ("target", 2023)


def test_forecast_in_the_plan_is_not_a_commitment() -> None:
    records, _ = _records(PLAN, "预计今年高校毕业生超过1170万人。")
    assert (records[0]["kind"], records[0]["comparator"]) == ("actual", "gt")
