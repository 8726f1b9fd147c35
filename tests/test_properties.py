"""Property tests: ``extract_text`` never raises, and every quantity points at a number in the input."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from duban.extract import extract_text

# Characters that write a number: Arabic digits (any script, full-width too) and Chinese numerals,
# plus 两/双/半 (两位数, 双位数, 一半, 半数) and 番 (翻番: value 2, unit 倍, the one number word with
# no other numeral in it).
NUMERAL_CHARS = set("零〇一二两三四五六七八九十百千万亿双半番")

CHARS = list("0123456789一二三四五六七八九十百千万亿两%、，。；（）“”#\n")
WORDS = ["增长", "下降", "超过", "以上", "左右", "万元", "个", "第", "连续", "年", "翻番", "双位数", "一半"]
# Text built mostly from the pieces numbers, units and comparators are made of.
CHINESE_HEAVY = st.lists(st.sampled_from(CHARS) | st.sampled_from(WORDS), max_size=200).map("".join)
SETTINGS = settings(max_examples=200, deadline=None)


def is_numeral(char: str) -> bool:
    return char.isdigit() or char.isnumeric() or char in NUMERAL_CHARS


def check(text: str) -> None:
    result = extract_text(text)
    assert isinstance(result, dict)
    for q in result["quantities"]:
        start, end = q["raw_span"]
        assert 0 <= start < end <= len(text), (
            f"{q['text']!r}: raw_span {q['raw_span']} is not [a, b) with 0 <= a < b <= {len(text)}"
        )
        covered = text[start:end]
        assert any(is_numeral(c) for c in covered), f"{q['text']!r}: raw_span covers {covered!r}, no numeral"


@SETTINGS
@given(st.text())
def test_arbitrary_text_never_raises(text):
    check(text)


@SETTINGS
@given(CHINESE_HEAVY)
# Found by this test: a number within two characters of the start of a text ending in 连续.
@example("5%连续")
@example("万元连续")
def test_chinese_number_text_never_raises(text):
    check(text)


@SETTINGS
@given(st.lists(CHINESE_HEAVY, min_size=1, max_size=8).map("\n".join))
def test_chinese_number_lines_never_raise(text):
    check("政府工作报告\n各位代表：\n" + text)
