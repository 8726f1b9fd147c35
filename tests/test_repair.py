"""Repairs of PDF damage, each row a real fragment of the corpus -> repaired text, offsets kept."""

from __future__ import annotations

import pytest

from duban.text.repair import repair

ROWS = [
    ("#### 区 长 王晓宇", "区长王晓宇"),
    ("预计,全年地区生产总值同比增长 6.5%;", "预计，全年地区生产总值同比增长6.5%；"),
    ("#### (一) 三次产业做优做强", "（一）三次产业做优做强"),
    (
        "通过产业收益分配和帮扶增收等措施,脱贫户人均收入同比增长\n\n14%以上",
        "通过产业收益分配和帮扶增收等措施，脱贫户人均收入同比增长14%以上",
    ),
    ('大力实施"4十3"主导产业发展工程', '大力实施"4+3"主导产业发展工程'),
    ("构建管委会十运营公司十经营主体模式", "构建管委会+运营公司+经营主体模式"),
    ('打造"文旅十"品牌', '打造"文旅+"品牌'),
    ('城乡低保标准实现"十七连增"', '城乡低保标准实现"十七连增"'),
    ("一、2023年政府工作回顾\n\n2023年,是开局之年。", "一、2023年政府工作回顾\n2023年，是开局之年。"),
    ("海迪科技BMAP 等 13 个项目", "海迪科技BMAP等13个项目"),
    ("增长１２．５％", "增长12.5%"),
]


@pytest.mark.parametrize(("raw", "expected"), ROWS, ids=[row[0] for row in ROWS])
def test_repair(raw: str, expected: str) -> None:
    fixed = repair(raw)
    assert fixed.text == expected
    assert len(fixed.to_raw) == len(fixed.text) + 1
    for i, ch in enumerate(fixed.text):
        source = raw[fixed.to_raw[i]]
        assert source == ch or ch in "+，；（）：%.0123456789\n" or source == "十", (i, ch, source)


def test_raw_span_maps_across_removed_spaces_and_page_breaks() -> None:
    raw = "新增限上商贸企业7\n\n户,超额完成市定任务,全年新设立市场主体3459户"
    fixed = repair(raw)
    start = fixed.text.index("7户")
    assert fixed.raw_span(start, start + 2) == (raw.index("7"), raw.index("户") + 1)


def test_dropped_spans_leave_no_trace() -> None:
    raw = "来源：某网站\n一、2023年工作回顾\n全年新增就业1000人。"
    fixed = repair(raw, [(0, raw.index("\n") + 1)])
    assert fixed.text == "一、2023年工作回顾\n全年新增就业1000人。"
    assert fixed.to_raw[0] == raw.index("一")
