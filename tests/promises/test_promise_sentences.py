"""Sentence tables of the promise check: (target sentence, review sentences) from real reports of the
corpus -> the check of that target. Each row's id is its target sentence, so a failing row names it.

The target sentence goes into the plan part of a two-part report of 2024 (a main-targets list sits
right under the part's heading, any other sentence under a work section); the review sentences go
into the 2024 review of a 2025 report, the first into its summary, the rest into a work section.
Expected: (verdict, the achieved figure's text or None, completion or None).
"""

from __future__ import annotations

import pytest

from duban.extract import extract_text
from duban.promises import check

PLAN = (
    "政府工作报告\n——2024年1月20日在市第十六届人民代表大会第二次会议上\n"
    "一、2023年工作回顾\n过去一年，各项工作取得新成效。\n"
    "二、2024年目标任务和主要工作\n{targets}（一）扎实推进重点工作。\n{task}\n"
    "各位代表！让我们团结奋斗，再创新业绩！\n"
)
NEXT = (
    "政府工作报告\n——2025年1月20日在市第十六届人民代表大会第三次会议上\n"
    "一、2024年工作回顾\n{summary}\n一年来，我们主要做了以下工作。\n"
    "（一）扎实推进重点工作。{work}\n"
    "二、2025年目标任务和主要工作\n今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n"
)

# (target sentence, pick: the target's text, review sentences, (verdict, actual text, completion))
ROWS = [
    # 左右 bands (hebei-province-2024 targets, hebei-province-2025 review)
    (
        "经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，一般公共预算收入增长5%左右。",
        "5.5%左右",
        ["全省生产总值增长5.4%，规上工业增加值增长7.5%，固定资产投资增长6.8%。"],
        ("完成", "5.4%", 0.982),
    ),
    (  # exactly on the band's edge: inside
        "经济社会发展的主要预期目标是：社会消费品零售总额增长6%左右，进出口总值增长3%左右。",
        "6%左右",
        ["社会消费品零售总额增长5.5%，进出口总值增长5.5%。"],
        ("完成", "5.5%", 0.917),
    ),
    (  # above the band
        "经济社会发展的主要预期目标是：规模以上工业增加值增长5.5%左右，固定资产投资增长6%左右。",
        "5.5%左右",
        ["全省生产总值增长5.4%，规上工业增加值增长7.5%，固定资产投资增长6.8%。"],
        ("超额完成", "7.5%", 1.364),
    ),
    (  # below the band (cn-state-council-2024 target, hlj-province-2026 review)
        "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上。",
        "5%左右",
        ["全省地区生产总值增长4.2%，粮食总产量1640.06亿斤，城镇新增就业35.8万人。"],
        ("未完成", "4.2%", 0.84),
    ),
    # upper limits: CPI and unemployment are met while they stay within (cn-state-council-2024)
    (
        "今年发展主要预期目标是：居民消费价格涨幅3%左右；国际收支保持基本平衡。",
        "3%左右",
        ["城镇新增就业1244万人，城镇调查失业率平均为5.2%。居民消费价格上涨0.2%。国际收支基本平衡。"],
        ("完成", "0.2%", 1.0),
    ),
    (
        "今年发展主要预期目标是：城镇新增就业1200万人以上，城镇调查失业率5.5%左右。",
        "5.5%左右",
        ["城镇新增就业1244万人，城镇调查失业率平均为5.2%。居民消费价格上涨0.2%。"],
        ("完成", "5.2%", 1.0),
    ),
    (  # a floor on a count, exceeded
        "今年发展主要预期目标是：城镇新增就业1200万人以上，城镇调查失业率5.5%左右。",
        "1200万人以上",
        ["城镇新增就业1244万人，城镇调查失业率平均为5.2%。居民消费价格上涨0.2%。"],
        ("超额完成", "1244万人", 1.037),
    ),
    # decreases are signed: -1.77亿 against -1.6亿 (hebei 2024 -> 2025)
    (
        "实施生态系统保护和修复重大工程，压减地下水开采量1.6亿立方米，力争生态补水20亿立方米。",
        "1.6亿立方米",
        [
            "生态环境持续改善。",
            "地表水国考断面水质优良比例保持在80%以上，地下水开采量压减1.77亿立方米，营造林638万亩。",
        ],
        ("超额完成", "1.77亿立方米", 1.106),
    ),
    (  # 规上工业单位增加值能耗 (fujian-2026) is no 单位国内生产总值能耗
        "今年发展主要预期目标是：粮食产量1.3万亿斤以上；单位国内生产总值能耗降低2.5%左右，生态环境质量持续改善。",
        "2.5%左右",
        [
            "粮食产量1.39万亿斤，再创历史新高。",
            "规上工业单位增加值能耗下降2.4%，国家节能目标责任评价考核结果为优秀。",
        ],
        ("无法核实", None, None),
    ),
    # 超/突破 actuals: 超800家 against 800家 is strictly more
    (
        "支持企业与高校、科研院所组建创新联合体，培育国家科技型中小企业1.8万家，新增国家级高新技术企业800家。",
        "800家",
        ["经济运行总体平稳。", "新增国家级高新技术企业超800家，科技型中小企业总数达2.49万家。"],
        ("超额完成", "超800家", 1.0),
    ),
    (  # a stock (总数) is no year's new firms: not paired, never invented
        "支持企业与高校、科研院所组建创新联合体，培育国家科技型中小企业1.8万家，新增国家级高新技术企业800家。",
        "1.8万家",
        ["经济运行总体平稳。", "新增国家级高新技术企业超800家，科技型中小企业总数达2.49万家。"],
        ("无法核实", None, None),
    ),
    (  # 国考 is not 国省考, and 80%以上 cannot settle 81%
        "健全城乡黑臭水体治理长效机制，地表水国省考断面水质优良比例达到81%。",
        "81%",
        ["生态环境持续改善。", "地表水国考断面水质优良比例保持在80%以上，地下水开采量压减1.77亿立方米。"],
        ("无法核实", None, None),
    ),
    # qualitative targets: settled only by an explicit figure (income growth against GDP growth)
    (
        "今年发展主要预期目标是：国内生产总值增长5%左右；居民收入增长和经济增长同步；国际收支保持基本平衡。",
        "居民收入增长和经济增长同步",
        [
            "国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。居民人均可支配收入增长6.1%，城乡居民收入差距继续缩小。"
        ],
        ("超额完成", "6.1%", 1.173),
    ),
    (
        "今年发展主要预期目标是：国内生产总值增长5%左右；居民收入增长和经济增长同步；国际收支保持基本平衡。",
        "国际收支保持基本平衡",
        ["城镇新增就业1244万人，城镇调查失业率平均为5.2%。居民消费价格上涨0.2%。国际收支基本平衡。"],
        ("无法核实", None, None),
    ),
    # a target the review does not state
    (
        "新建县级物流配送中心36个、乡镇商贸中心425家，完善农村流通体系，充分激发农村消费活力。",
        "36个",
        [
            "经济运行总体平稳。",
            "20项民生工程全面完成。恢复重建2.16万户灾损农房。建成棚改安置房9万套，改造老旧小区827个。",
        ],
        ("无法核实", None, None),
    ),
    # a metric stated twice: the province's headline figure, not 雄安新区's (hebei-province-2024 review)
    (
        "经济社会发展的主要预期目标是：固定资产投资增长6%左右，社会消费品零售总额增长6%左右。",
        "6%左右",
        [
            "全省生产总值增长5.5%，一般公共预算收入增长5.7%，规模以上工业增加值增长6.9%，固定资产投资增长6.3%。",
            "启动区重点市政基础设施基本建成，“三横四纵”骨干路网具备通车条件，全年固定资产投资增长16%。",
        ],
        ("完成", "6.3%", 1.05),
    ),
    (  # the year's figure, not the 十四五 average (liaoning-2026)
        "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上。",
        "5%左右",
        [
            "全省经济总体平稳、稳中有进，地区生产总值增长3.7%，一般公共预算收入增长0.4%，城镇新增就业48万人。"
            "全省上下大力实施全面振兴新突破三年行动，地区生产总值年均增长4.5%，高于“十三五”时期1.2个百分点。",
        ],
        ("未完成", "3.7%", 0.74),
    ),
    (  # the whole population's income, not the urban one stated beside it (ningxia-2026)
        "经济社会发展的主要预期目标是：一般公共预算收入增长5%左右，居民人均可支配收入增长5.5%左右。",
        "5.5%左右",
        [
            "全体居民人均可支配收入增长5.5%，居全国第五，其中城镇、农村居民收入分别增长4.8%、5.9%，分别居全国第四、第八。"
        ],
        ("完成", "5.5%", 1.0),
    ),
    # counts against counts with other verbs (新建改造 / 建成, 改造城镇老旧小区 / 改造老旧小区)
    (
        "扛起粮食安全责任，严守耕地红线，新建改造高标准农田450万亩以上，确保粮食总产740亿斤以上。",
        "450万亩以上",
        ["经济运行总体平稳。", "粮食总产781.8亿斤，实现“二十一连丰”，建成高标准农田450万亩。"],
        ("完成", "450万亩", 1.0),
    ),
    (
        "改造城镇老旧小区827个，建成棚改安置房7万套，筹集保障性租赁住房2万套以上。",
        "827个",
        [
            "经济运行总体平稳。",
            "20项民生工程全面完成。恢复重建2.16万户灾损农房。建成棚改安置房9万套，改造老旧小区827个。",
        ],
        ("完成", "827个", 1.0),
    ),
]


def _report(target: str, review: list[str]) -> tuple[dict, dict]:
    listed = "主要预期目标" in target
    plan = PLAN.format(targets=f"{target}\n" if listed else "", task="" if listed else target)
    follow = NEXT.format(summary=review[0], work="".join(review[1:]) or "推进各项工作。")
    return extract_text(plan), extract_text(follow)


@pytest.mark.parametrize(("target", "pick", "review", "expected"), ROWS, ids=[f"{r[1]}|{r[0]}" for r in ROWS])
def test_check_of_a_target_against_the_review(target, pick, review, expected):
    plan, follow = _report(target, review)
    result = check(plan, follow)
    found = [c for c in result["checks"] if c["target"]["text"] == pick]
    assert found, f"no check of {pick!r}; checks: {[c['target']['text'] for c in result['checks']]}"
    c = found[0]
    verdict, actual, completion = expected
    got = (c["verdict"], (c["actual"] or {}).get("text"), c["completion"])
    assert got[:2] == (verdict, actual), f"{c['reason']} (evidence: {[e['text'] for e in c['evidence']]})"
    if completion is None:
        assert c["completion"] is None
    else:
        assert c["completion"] == pytest.approx(completion, abs=0.001)
