"""Property tests: ``extract_text`` never raises, and every quantity points at a number in the input."""

from __future__ import annotations

import json

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


# Issue #16, point 4: long runs of the characters that make patterns backtrack, and numbers too
# large to hold. The output must always be strict JSON: no NaN or infinity, and every number a JSON
# reader can read back (Python refuses integers of more than 4,300 digits).
RUN_PIECES = [
    "(", "（", "“", '"', "1", "9", "0", ".", "-", "—", "%", "、", "，", "第", "十", "二", "万", "亿", "是",
    "1%", "1.", "1、", "“1", "1-", "5%—", "超过1", "增长9", "12万亿元、", "各位代表！", "“十四五”",
    "五年来，",
]  # fmt: skip
FRAME = "一、2025年工作回顾\n过去一年，地区生产总值增长5%。\n二、2026年重点工作\n"
LONG_RUNS = st.lists(
    st.tuples(st.sampled_from(RUN_PIECES), st.integers(min_value=1, max_value=1500)), min_size=1, max_size=4
).map(lambda runs: FRAME + "".join(piece * count for piece, count in runs))


def check_json(text: str) -> None:
    check(text)
    dumped = json.dumps(extract_text(text), ensure_ascii=False, allow_nan=False)
    assert json.loads(dumped) is not None


@settings(max_examples=40, deadline=None)
@given(LONG_RUNS)
@example(FRAME + "增长" + "9" * 300 + "%")  # a growth of 300 nines
@example(FRAME + "投资1" + "0" * 5000 + "元")  # 1 followed by 5,000 zeros
@example(FRAME + "二" * 6000 + "个")  # a numeral of thousands of characters
@example(FRAME + "是" * 3000 + "二二二12万亿元、超过1超过1")  # backtracked quadratically once
def test_long_runs_and_huge_numbers_give_strict_json(text):
    check_json(text)
