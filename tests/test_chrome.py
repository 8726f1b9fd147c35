"""find_chrome on the real corpus: page debris goes, every line of the report stays, once."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.text.chrome import ChromeDataError, find_chrome, load_rules

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
SAMPLE = (resources.files("duban") / "samples" / "aimin-2024.txt").read_text(encoding="utf-8")

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"reference corpus not found at {CORPUS}")


@functools.cache
def corpus(name: str) -> str:
    return (CORPUS / f"{name}.txt").read_text(encoding="utf-8")


def kept(text: str, spans: list[tuple[int, int]]) -> str:
    pieces, cursor = [], 0
    for start, end in spans:
        pieces.append(text[cursor:start])
        cursor = end
    return "".join(pieces) + text[cursor:]


def assert_well_formed(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        previous_end = end


# --- the corpus: (file, real line or fragment, what must happen to it) -----------------------

DROPPED = [
    ("hebei-province-2024", "标题：2024年河北省政府工作报告"),
    ("hebei-province-2024", "来源URL：https://www.hebei.gov.cn/columns/"),
    ("hebei-province-2024", "正文："),
    ("hebei-province-2024", "王正谱作政府工作报告。河北日报记者 霍艳恩 摄"),
    ("hebei-province-2024", "省各设区市及省直管县（市）\n石家庄市\n承德市\n张家口市"),
    ("hebei-province-2024", "省人力资源和社会保障厅"),
    ("hebei-province-2024", "新闻媒体网站\n人民网\n新华网"),
    ("hebei-province-2024", "当前位置：\n首页\n>>\n领导之窗"),
    ("hebei-province-2024", "2024年01月26日"),
    ("hebei-province-2024", "冀ICP备06016263号-1"),
    ("hebei-province-2024", "冀公网安备 13010202002246号"),
    ("hebei-province-2024", "网站标识码：1300000013"),
    ("hebei-province-2024", "主办：河北省人民政府办公厅"),
    ("hebei-province-2024", "版权所有：河北省人民政府"),
    ("hebei-province-2024", "河北省人民政府微信"),
    ("hebei-province-2024", "您访问的链接即将离开“河北省人民政府”门户网站\n是否继续？\n放弃"),
    ("hebei-province-2025", "来源URL：https://www.hebei.gov.cn/columns/"),
    ("hebei-province-2025", "2025年01月23日"),
    ("hebei-province-2025", "字体：\n大\n中\n小\n】"),
    ("hebei-province-2025", "王正谱作政府工作报告。河北日报记者 霍艳恩摄"),
    ("hebei-province-2025", "地方政府网站\n北京\n天津"),
    ("hebei-province-2025", "当前位置：\n首页\n>>\n要闻"),
    ("hebei-province-2025", "冀ICP备06016263号-1"),
    ("hlj-province-2026", "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】"),
    ("hlj-province-2026", "来源：黑龙江日报"),
    ("hlj-province-2026", "时间：2026-02-26"),
    ("hlj-province-2026", "相关报道："),
    ("baoding-city-2023", "发文单位：保定市人民政府"),
    ("baoding-city-2023", "来源URL：http://district.ce.cn/"),
    ("baoding-city-2023", "（责任编辑：石兰兰）"),
]

KEPT_ONCE = [
    (
        "hebei-province-2024",
        "——2024年1月21日在河北省第十四届人民代表大会第二次会议上\n河北省人民政府省长 王正谱",
    ),
    ("hebei-province-2024", "各位代表：\n现在，我代表省人民政府向大会报告工作，请予审议"),
    ("hebei-province-2024", "一、2023年工作回顾"),
    ("hebei-province-2024", "（一）经济运行回升向好。"),
    ("hebei-province-2024", "视察河北\n重要讲话\n和党的二十大精神"),
    ("hebei-province-2024", "，企业工业设备上云率继续保持\n全国第一\n，钢铁环保绩效A级企业数量排在"),
    ("hebei-province-2024", "二、2024年目标任务和主要工作"),
    ("hebei-province-2024", "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右"),
    ("hebei-province-2024", "各位代表！奋斗成就梦想，实干创造未来。"),
    ("hebei-province-2025", "政府工作报告——2025年1月13日在河北省第十四届人民代表大会第三次会议上"),
    (
        "hebei-province-2025",
        "政府工作报告\n——2025年1月13日在河北省第十四届人民代表大会第三次会议上\n河北省人民政府省长 王正谱",
    ),
    ("hebei-province-2025", "一、2024年工作回顾"),
    ("hebei-province-2025", "今年经济社会发展的主要预期目标是：地区生产总值增长5%以上"),
    ("hebei-province-2025", "各位代表！使命催人奋进，奋斗创造未来。"),
    (
        "hlj-province-2026",
        "2026年黑龙江省政府工作报告\n2026年1月31日在黑龙江省第十四届人民代表大会第四次会议上",
    ),
    ("hlj-province-2026", "省长 梁惠玲\n各位代表：\n现在，我代表省人民政府向大会报告工作"),
    ("hlj-province-2026", "一、2025年工作回顾和“十四五”时期发展成就"),
    ("hlj-province-2026", "三、2026年重点工作"),
    ("hlj-province-2026", "各位代表！\n时代赋予使命，奋斗铸就辉煌。"),
    (
        "baoding-city-2023",
        "――2023年1月30日在保定市第十六届人民代表大会第四次会议上\n保定市人民政府市长 闫继红",
    ),
    (
        "baoding-city-2023",
        "2022年政府工作回顾\n1月30日，市长闫继红在市十六届人大四次会议上作政府工作报告时说",
    ),
    ("baoding-city-2023", "阔步迈上新征程\n保定日报讯 1月30日，闫继红说"),
    ("baoding-city-2023", "路虽远，行则将至；事虽难，做则必成！"),
]


def case_id(case: tuple[str, str]) -> str:
    name, line = case
    return f"{name}: {line.replace(chr(10), '⏎')}"


@needs_corpus
@pytest.mark.parametrize("case", DROPPED, ids=case_id)
def test_page_debris_is_dropped(case):
    name, line = case
    text = corpus(name)
    assert line in text
    assert line not in kept(text, find_chrome(text))


@needs_corpus
@pytest.mark.parametrize("case", KEPT_ONCE, ids=case_id)
def test_report_lines_are_kept_exactly_once(case):
    name, line = case
    text = corpus(name)
    assert line in text
    assert kept(text, find_chrome(text)).count(line) == 1


@needs_corpus
@pytest.mark.parametrize("name", ["aimin-2024", "cn-state-council-2024"])
def test_report_without_a_page_loses_nothing(name):
    assert find_chrome(corpus(name)) == []


def gold_cases() -> list[tuple[str, str]]:
    if not GOLD.is_dir() or not CORPUS.is_dir():
        return []
    names = sorted((path.stem for path in CORPUS.glob("*.txt")), key=len, reverse=True)
    return [
        (next(name for name in names if gold.name.startswith(name)), gold.name)
        for gold in sorted(GOLD.glob("*.jsonl"))
        if any(gold.name.startswith(name) for name in names)
    ]


@needs_corpus
@pytest.mark.parametrize(("name", "gold"), gold_cases(), ids=lambda value: value)
def test_no_gold_quantity_lies_in_chrome(name, gold):
    text = corpus(name)
    spans = find_chrome(text)
    records = [json.loads(line) for line in (GOLD / gold).read_text(encoding="utf-8").splitlines() if line]
    inside = [
        record["id"]
        for record in records
        if any(start < record["raw_span"][1] and record["raw_span"][0] < end for start, end in spans)
    ]
    assert records and inside == []


@needs_corpus
@pytest.mark.parametrize("name", [path.stem for path in sorted(CORPUS.glob("*.txt"))])
def test_spans_are_sorted_and_disjoint(name):
    text = corpus(name)
    assert_well_formed(text, find_chrome(text))


# --- the second copy, whatever its line breaks ---------------------------------------------

FRAGMENTS = ("重要讲话", "全国第一", "亲自", "创建省", "两个维护", "地更加")
DISTINCTIVE = "（二）救灾重建有力有效。去年我省遭遇特大暴雨洪灾。"


def rejoin(text: str) -> str:
    """The same report with the hyperlinked words back inside their sentences."""
    for word in FRAGMENTS:
        text = text.replace(f"\n{word}\n", word)
    return text


@needs_corpus
@pytest.mark.parametrize(
    ("first_copy", "second_copy"),
    [(lambda part: part, rejoin), (rejoin, lambda part: part)],
    ids=["second copy with whole paragraphs", "first copy with whole paragraphs"],
)
def test_second_copy_with_other_line_breaks_is_dropped(first_copy, second_copy):
    head, tail = corpus("hebei-province-2024").split("当前位置：")
    text = first_copy(head) + "当前位置：" + second_copy(tail)
    left = kept(text, find_chrome(text))
    assert left.count(DISTINCTIVE) == 1
    assert left.count("各位代表！奋斗成就梦想，实干创造未来。") == 1
    assert "冀ICP备" not in left and "石家庄市\n承德市" not in left


# --- what must not be cut ------------------------------------------------------------------


def paragraphs_of(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def with_lines_after(text: str, anchor: str, inserted: list[str]) -> str:
    at = text.index(anchor) + len(anchor)
    return text[:at] + "\n" + "\n".join(inserted) + text[at:]


REPEATED_SENTENCE = (
    "全力推进乡村振兴。全力抓好粮食安全,确保粮食播种面积和产量分别稳定在12万亩、9000万斤以上。"
)
SHORT_LINES = ["放牛村", "银龙村", "丰收村", "新开河村", "三岔河村", "三道关镇"]


def test_report_repeating_a_sentence_loses_nothing():
    text = with_lines_after(SAMPLE, "各位代表,同志们!", ["", REPEATED_SENTENCE])
    text = with_lines_after(text, "确保中央决策、省市部署和区委要求落", ["", REPEATED_SENTENCE])
    assert find_chrome(text) == []


def test_report_repeating_a_whole_paragraph_loses_nothing():
    paragraph = next(line for line in paragraphs_of(SAMPLE) if 250 < len(line) < 380)
    text = SAMPLE + "\n" + paragraph + "\n"
    assert find_chrome(text) == []


def test_short_lines_inside_the_report_are_kept():
    text = with_lines_after(SAMPLE, "打好蓝天、碧水、净土三大保卫战。", SHORT_LINES)
    assert find_chrome(text) == []


def test_short_lines_after_the_report_are_a_link_list():
    text = SAMPLE.rstrip("\n") + "\n" + "\n".join(SHORT_LINES) + "\n"
    assert kept(text, find_chrome(text)) == SAMPLE.rstrip("\n") + "\n"


def test_table_rows_after_the_report_are_kept():
    rows = [f"指标{number}\t目标{number}" for number in range(6)]
    text = SAMPLE + "\n".join(rows) + "\n"
    assert find_chrome(text) == []


def test_text_without_paragraphs_only_loses_strong_cues():
    text = "石家庄市\n承德市\n张家口市\n秦皇岛市\n唐山市\n冀ICP备06016263号-1\n"
    assert kept(text, find_chrome(text)) == "石家庄市\n承德市\n张家口市\n秦皇岛市\n唐山市\n"


@pytest.mark.parametrize("text", ["", "\n", "各位代表：", "\n\n冀ICP备06016263号-1"], ids=repr)
def test_tiny_texts(text):
    assert_well_formed(text, find_chrome(text))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("政府报告各位代表：。，记者摄ICP备 \n\t#1"))))
def test_any_text_gives_well_formed_spans(text):
    assert_well_formed(text, find_chrome(text))


# --- the data file -------------------------------------------------------------------------

VALID = """
[punctuation]
sentence_end = "。！？"
prose = "。，"
[anywhere]
registration = [".{0,12}ICP备.{0,40}"]
[outside]
toolbar = ["打印|下载"]
[tail_start]
related = ["相关报道[：:]?"]
[report_head]
title = [".{0,40}政府工作报告.{0,80}"]
"""

MALFORMED = [
    pytest.param(VALID.replace('["打印|下载"]', '["打印|下载'), "cannot read", id="not TOML"),
    pytest.param(VALID.replace("[tail_start]", "[tail_starts]"), "tail_start", id="misspelt table"),
    pytest.param(VALID + '[footer]\nx = ["y"]\n', "footer", id="unknown table"),
    pytest.param(VALID.replace('prose = "。，"', ""), "prose", id="missing punctuation key"),
    pytest.param(
        VALID.replace('prose = "。，"', "prose = 3"), "punctuation.prose", id="punctuation not a string"
    ),
    pytest.param(
        VALID.replace('["打印|下载"]', '["打印(|下载"]'), "outside.toolbar", id="pattern does not compile"
    ),
    pytest.param(VALID.replace('["打印|下载"]', "[42]"), "outside.toolbar", id="pattern not a string"),
    pytest.param(VALID.replace('["打印|下载"]', '"打印|下载"'), "outside.toolbar", id="patterns not a list"),
    pytest.param(VALID.replace('["打印|下载"]', "[]"), "outside.toolbar", id="empty pattern list"),
    pytest.param(VALID.replace('["打印|下载"]', '[""]'), "outside.toolbar", id="empty pattern"),
]


@pytest.mark.parametrize(("content", "problem"), MALFORMED)
def test_malformed_data_file_is_rejected(tmp_path, content, problem):
    path = tmp_path / "page_chrome.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ChromeDataError, match=problem.replace(".", r"\.")):
        load_rules(path)


def test_missing_data_file_is_rejected(tmp_path):
    with pytest.raises(ChromeDataError, match="cannot read"):
        load_rules(tmp_path / "absent.toml")


def test_minimal_data_file_is_accepted_and_used(tmp_path):
    path = tmp_path / "page_chrome.toml"
    path.write_text(VALID, encoding="utf-8")
    rules = load_rules(path)
    text = "现在，我代表省人民政府向大会报告工作，请予审议。\n冀ICP备06016263号-1\n"
    assert find_chrome(text, rules=rules) == [(text.index("冀"), len(text))]


def test_packaged_data_file_loads():
    rules = load_rules()
    assert rules.anywhere.fullmatch("冀ICP备06016263号-1")
    assert rules.report_head.fullmatch("河北省人民政府省长王正谱")
