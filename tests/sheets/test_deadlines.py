"""完成时限 as offices write it → the due date; the words come from data/deadlines.toml."""

from __future__ import annotations

from datetime import date

import pytest

from duban.sheets import parse_deadline
from duban.sheets.deadlines import deadline_words

PLAN_YEAR = 2024

# (as written in a 分工表, due date). Test ids are the texts themselves.
DEADLINES = [
    # no date of its own: the end of the plan year
    ("", date(2024, 12, 31)),
    ("全年", date(2024, 12, 31)),
    ("年底", date(2024, 12, 31)),
    ("年底前", date(2024, 12, 31)),
    ("年末", date(2024, 12, 31)),
    ("年内", date(2024, 12, 31)),
    ("今年底", date(2024, 12, 31)),
    ("2024年", date(2024, 12, 31)),
    ("2024年底前", date(2024, 12, 31)),
    ("2024年年底", date(2024, 12, 31)),
    ("2024年度", date(2024, 12, 31)),
    ("长期坚持", date(2024, 12, 31)),
    ("持续推进", date(2024, 12, 31)),
    ("按季度", date(2024, 12, 31)),
    ("按季度推进", date(2024, 12, 31)),
    ("每月报送进展", date(2024, 12, 31)),
    ("常态化开展", date(2024, 12, 31)),
    # dates
    ("2024-06-30", date(2024, 6, 30)),
    ("2024/6/30", date(2024, 6, 30)),
    ("2024.06.30", date(2024, 6, 30)),
    ("2024-06-30 00:00", date(2024, 6, 30)),
    ("2024年6月30日", date(2024, 6, 30)),
    ("2024年6月30日前", date(2024, 6, 30)),
    ("6月30日前", date(2024, 6, 30)),
    ("9月15号", date(2024, 9, 15)),
    ("２０２４年６月底", date(2024, 6, 30)),
    # months
    ("2024年6月底", date(2024, 6, 30)),
    ("2024年6月底前", date(2024, 6, 30)),
    ("6月底前", date(2024, 6, 30)),
    ("6月底前完成", date(2024, 6, 30)),
    ("6 月底", date(2024, 6, 30)),
    ("6月份", date(2024, 6, 30)),
    ("6月", date(2024, 6, 30)),
    ("2月底", date(2024, 2, 29)),
    ("十月底前", date(2024, 10, 31)),
    ("十二月底", date(2024, 12, 31)),
    ("6月上旬", date(2024, 6, 10)),
    ("6月中旬", date(2024, 6, 20)),
    ("6月下旬", date(2024, 6, 30)),
    ("6月前", date(2024, 5, 31)),
    ("1月前", date(2023, 12, 31)),
    ("今年9月", date(2024, 9, 30)),
    # named periods
    ("上半年", date(2024, 6, 30)),
    ("上半年完成", date(2024, 6, 30)),
    ("2024年上半年", date(2024, 6, 30)),
    ("年中", date(2024, 6, 30)),
    ("下半年", date(2024, 12, 31)),
    ("一季度", date(2024, 3, 31)),
    ("二季度末", date(2024, 6, 30)),
    ("三季度", date(2024, 9, 30)),
    ("第三季度", date(2024, 9, 30)),
    ("2024年第三季度", date(2024, 9, 30)),
    ("今年三季度末", date(2024, 9, 30)),
    ("前三季度", date(2024, 9, 30)),
    ("四季度", date(2024, 12, 31)),
    ("3季度", date(2024, 9, 30)),
    # beyond the plan year
    ("2025年底前", date(2025, 12, 31)),
    ("2025年6月底", date(2025, 6, 30)),
    ("明年上半年", date(2025, 6, 30)),
    ("明年底", date(2025, 12, 31)),
    ("2025年前", date(2024, 12, 31)),
    ("2024—2026年", date(2026, 12, 31)),
    # several stages: the last one is the deadline
    ("6月底前出台方案，年底前全面完成", date(2024, 12, 31)),
    ("2024年3月底前启动，9月底前完工", date(2024, 9, 30)),
    ("6月底前出台方案，持续推进", date(2024, 6, 30)),
]


@pytest.mark.parametrize(("text", "due"), DEADLINES, ids=[text or "(empty)" for text, _ in DEADLINES])
def test_deadline(text: str, due: date) -> None:
    assert parse_deadline(text, PLAN_YEAR)[0] == due


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("", "全年"),
        ("  ", "全年"),
        ("6月底前", "6月底前"),
        (" 2024年6月\n底前 ", "2024年6月 底前"),
    ],
    ids=repr,
)
def test_label_is_the_text_as_written(text: str, label: str) -> None:
    assert parse_deadline(text, PLAN_YEAR)[1] == label


@pytest.mark.parametrize("text", ["尽快", "视情况而定", "三个月内", "春节前", "待定", "ASAP"])
def test_unreadable_deadlines_raise_in_chinese(text: str) -> None:
    with pytest.raises(ValueError, match=f"无法识别完成时限“{text}”，请写成"):
        parse_deadline(text, PLAN_YEAR)


@pytest.mark.parametrize("text", ["13月底", "2月30日", "2024-02-30", "0月"])
def test_dates_that_do_not_exist_raise_in_chinese(text: str) -> None:
    with pytest.raises(ValueError, match="中的日期.*不存在，请改正"):
        parse_deadline(text, PLAN_YEAR)


def test_the_plan_year_decides_a_date_without_a_year() -> None:
    assert parse_deadline("6月底前", 2025)[0] == date(2025, 6, 30)
    assert parse_deadline("2月底", 2023)[0] == date(2023, 2, 28)
    assert parse_deadline("长期坚持", 2025)[0] == date(2025, 12, 31)


def test_the_words_file_loads_and_is_consistent() -> None:
    words = deadline_words()
    assert words.empty_label == "全年"
    assert "长期坚持" in words.year_long and "按季度" in words.year_long
    assert words.periods["上半年"] == (6, 30)
    # A word both "dated" and "year-long" would be read as the dated one, silently.
    assert not set(words.periods) & set(words.year_long)
