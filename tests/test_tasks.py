"""Real plan-part sentences of the corpus -> whether duban lists them as tasks (issue #10, class 7).

Each row places real lines in a small report and names one sentence with the verdict an office's
分工方案 would give it (the rules of spec/extraction.md, `tasks`, as the hlj gold applies them):
``True`` a row of the table, ``False`` not a commitment of the plan year. Row ids are the sentences.
"""

from __future__ import annotations

import pytest

from duban.extract import extract_text

HEAD = "2026年政府工作报告\n——2026年1月31日在省第十四届人民代表大会第四次会议上\n各位代表：\n"
REVIEW = "一、2025年工作回顾\n过去一年，全省经济运行稳中有进。\n"
OUTLOOK = (
    "二、“十五五”时期经济社会发展重点任务\n"
    "“十五五”时期是我国基本实现社会主义现代化夯实基础、全面发力的关键时期。\n"
    "一是奋力推进产业振兴，巩固壮大实体经济根基，建设更具竞争力的现代化产业体系。"
    "坚持把发展经济的着力点放在实体经济上，培育壮大12个千亿级特色产业集群。\n"
)
PLAN_HEAD = (
    "三、2026年重点工作\n"
    "2026年是“十五五”开局之年。做好政府工作，要坚持以习近平新时代中国特色社会主义思想为指导，全面落实党的二十大精神。\n"
    "今年全省经济社会发展主要预期目标是：地区生产总值增长4.5-5%，在实际工作中争取更好结果，粮食产量1600亿斤以上，"
    "城乡居民收入增长与经济增长同步。\n"
    "提出这些预期目标，是综合考虑国内国际形势，立足当前、着眼长远制定的。\n"
    "实现上述目标，要认真领会运用中央经济工作会议提出的规律性认识。\n"
    "——坚定信心、用好优势、应对挑战，不断巩固拓展经济稳中向好势头。我们要坚定信心、迎难而上。\n"
)
WORK = (
    "（一）着力优化供给扩大需求，拓展内需增长新空间。坚持扩大内需这个战略基点，统筹促消费扩投资，推动内需成为经济发展的主动力。"
    "社会消费品零售总额、固定资产投资增长4%左右。\n"
    "大力提振消费。坚持惠民生和促消费相结合，深入实施提振消费专项行动。加快县域商业提质增效。清理消费领域不合理限制措施。\n"
    "（二）加力推进民生事业，让人民生活更加美好幸福。始终坚持人民至上，持续增进人民福祉，打造“京津冀最具生活成本竞争力”的民生幸福标杆城市。稳就业促创业。"
    "做好大学生、农民工、退役军人和城镇困难人员就业工作，培训技能人才10万人次。常态化治理农民工欠薪，维护农民工合法权益。\n"
    "就业是最基本的民生。我们要尽力、尽情守护好万家灯火。\n"
    "办好人民满意的教育。推动基础教育扩优提质，提质升级基础教育优质学位9万个。\n"
)
SELF = (
    "四、持续加强政府自身建设\n"
    "把抓落实作为政府工作最鲜明的底色，全面提升政府履职能力，努力建设人民满意的政府。\n"
    "（一）加强政治建设。\n"
    "持续深入学习贯彻习近平总书记重要讲话重要指示精神，提升政治素养、政治能力。\n"
    "（二）严格依法行政。\n"
    "深入学习贯彻习近平法治思想，做到法定职责必须为、法无授权不可为。"
    "提高政府立法质量和效率，严格规范公正文明执法，落实府院联动工作机制意见。\n"
    "各位代表！\n"
    "时代赋予使命，奋斗铸就辉煌。让我们更加紧密地团结在以习近平同志为核心的党中央周围，凝心聚力、砥砺前行！\n"
)
REPORT = HEAD + REVIEW + OUTLOOK + PLAN_HEAD + WORK + SELF

ROWS = [
    # the targets list: one task per item
    ("地区生产总值增长4.5-5%，在实际工作中争取更好结果", True),
    ("粮食产量1600亿斤以上", True),
    ("城乡居民收入增长与经济增长同步", True),
    # the plan part's preamble
    ("2026年是“十五五”开局之年。", False),
    ("做好政府工作，要坚持以习近平新时代中国特色社会主义思想为指导，全面落实党的二十大精神。", False),
    ("提出这些预期目标，是综合考虑国内国际形势，立足当前、着眼长远制定的。", False),
    ("实现上述目标，要认真领会运用中央经济工作会议提出的规律性认识。", False),
    ("——坚定信心、用好优势、应对挑战，不断巩固拓展经济稳中向好势头。", False),
    ("我们要坚定信心、迎难而上。", False),
    # the multi-year outlook
    ("“十五五”时期是我国基本实现社会主义现代化夯实基础、全面发力的关键时期。", False),
    ("坚持把发展经济的着力点放在实体经济上，培育壮大12个千亿级特色产业集群。", False),
    # work sections: section preambles, lead phrases, commitments
    ("坚持扩大内需这个战略基点，统筹促消费扩投资，推动内需成为经济发展的主动力。", False),
    ("社会消费品零售总额、固定资产投资增长4%左右。", True),
    ("大力提振消费。", False),
    ("坚持惠民生和促消费相结合，深入实施提振消费专项行动。", True),
    ("加快县域商业提质增效。", True),
    ("清理消费领域不合理限制措施。", True),
    ("始终坚持人民至上，持续增进人民福祉，打造“京津冀最具生活成本竞争力”的民生幸福标杆城市。", False),
    ("稳就业促创业。", False),
    ("做好大学生、农民工、退役军人和城镇困难人员就业工作，培训技能人才10万人次。", True),
    ("常态化治理农民工欠薪，维护农民工合法权益。", True),
    ("就业是最基本的民生。", False),
    ("我们要尽力、尽情守护好万家灯火。", False),
    ("推动基础教育扩优提质，提质升级基础教育优质学位9万个。", True),
    # the government's own conduct and the close
    ("把抓落实作为政府工作最鲜明的底色，全面提升政府履职能力，努力建设人民满意的政府。", False),
    ("持续深入学习贯彻习近平总书记重要讲话重要指示精神，提升政治素养、政治能力。", False),
    ("深入学习贯彻习近平法治思想，做到法定职责必须为、法无授权不可为。", False),
    ("提高政府立法质量和效率，严格规范公正文明执法，落实府院联动工作机制意见。", True),
    ("时代赋予使命，奋斗铸就辉煌。", False),
    ("让我们更加紧密地团结在以习近平同志为核心的党中央周围，凝心聚力、砥砺前行！", False),
]


@pytest.fixture(scope="module")
def tasks() -> list[dict]:
    return extract_text(REPORT)["tasks"]


@pytest.mark.parametrize(("sentence", "is_task"), ROWS, ids=[row[0] for row in ROWS])
def test_sentence_is_a_task_or_not(tasks, sentence, is_task):
    assert REPORT.count(sentence) == 1, "the row's sentence must occur once in the report"
    listed = any(sentence in t["text"] or t["text"] in sentence for t in tasks if len(t["text"]) > 3)
    assert listed == is_task, [t["text"] for t in tasks]


def test_each_listed_target_is_its_own_task_with_its_indicator(tasks):
    listed = [
        (t["text"], t.get("indicator")) for t in tasks if t.get("indicator") or "预期目标" in t["heading"]
    ]
    assert listed == [
        ("地区生产总值增长4.5-5%，在实际工作中争取更好结果", "地区生产总值"),
        ("粮食产量1600亿斤以上", "粮食产量"),
        ("城乡居民收入增长与经济增长同步", "居民收入"),
    ]


def test_a_list_marker_alone_is_no_task():
    report = (
        HEAD
        + REVIEW
        + "二、2026年重点工作\n（一）扩大内需\n七是\n加快建设现代化产业体系，新建产业园区3个。\n"
    )
    assert [t["text"] for t in extract_text(report)["tasks"]] == ["加快建设现代化产业体系，新建产业园区3个。"]


def test_task_spans_point_at_their_text(tasks):
    for task in tasks:
        start, end = task["raw_span"]
        assert REPORT[start:end].strip() == task["text"], task


# Known misses, kept as strict xfail rows so that a fix shows: (report lines, sentence, why).
KNOWN_MISSES = [
    (
        "二、2023年主要工作\n（十）加力推进安全发展。\n加强国防动员和国防后备力量建设。\n"
        "站在保定经济社会发展的历史新起点，我们倍感荣光；建设高品质、有韧性的现代化新保定，我们信心满怀。\n",
        "建设高品质、有韧性的现代化新保定，我们信心满怀。",
        "a closing with no salutation and no call (让我们) reads like the last section's work",
    ),
    (
        "二、2024年经济社会发展总体要求和政策取向\n今年发展主要预期目标是：国内生产总值增长5%左右。\n"
        "要坚持稳中求进、以进促稳、先立后破。稳是大局和基础，各地区各部门要多出有利于稳预期、稳增长、稳就业的政策，谨慎出台收缩性抑制性举措，清理和废止有悖于高质量发展的政策规定。\n"
        "三、2024年政府工作任务\n（一）大力推进现代化产业体系建设\n保持工业经济平稳运行。\n",
        "稳是大局和基础，各地区各部门要多出有利于稳预期、稳增长、稳就业的政策，谨慎出台收缩性抑制性举措，清理和废止有悖于高质量发展的政策规定。",
        "a principle stated with 是 that goes on to name policy work is taken for a task",
    ),
]


@pytest.mark.parametrize(
    ("body", "sentence"),
    [pytest.param(b, s, marks=pytest.mark.xfail(strict=True, reason=why)) for b, s, why in KNOWN_MISSES],
    ids=[row[1] for row in KNOWN_MISSES],
)
def test_known_misses(body, sentence):
    tasks = extract_text(HEAD + REVIEW + body)["tasks"]
    assert not any(sentence in t["text"] for t in tasks)
