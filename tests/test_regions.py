"""Region names to divisions and their 统计用区划代码: a table of names as reports write them."""

from __future__ import annotations

import pytest

from duban.regions import division, resolve, source

# fmt: off
# name as written                 expected full name              code            level
RESOLVED = [
    ("爱民区",                      "黑龙江省牡丹江市爱民区",        "231004000000", "county"),
    ("牡丹江市爱民区",              "黑龙江省牡丹江市爱民区",        "231004000000", "county"),
    ("黑龙江牡丹江爱民区",          "黑龙江省牡丹江市爱民区",        "231004000000", "county"),
    ("黑龙江省",                    "黑龙江省",                      "230000000000", "province"),
    ("河北省",                      "河北省",                        "130000000000", "province"),
    ("保定市",                      "河北省保定市",                  "130600000000", "city"),
    ("保定市人民政府",              "河北省保定市",                  "130600000000", "city"),
    ("宁夏回族自治区",              "宁夏回族自治区",                "640000000000", "province"),
    ("上海市",                      "上海市",                        "310000000000", "province"),
    ("北京市朝阳区",                "北京市朝阳区",                  "110105000000", "county"),
    ("长春市朝阳区",                "吉林省长春市朝阳区",            "220104000000", "county"),
    ("吉林省吉林市",                "吉林省吉林市",                  "220200000000", "city"),
    ("万州区",                      "重庆市万州区",                  "500101000000", "county"),
    ("济源市",                      "河南省济源市",                  "419001000000", "county"),
    ("竞秀区",                      "河北省保定市竞秀区",            "130602000000", "county"),
    ("全国",                        "中华人民共和国",                None,           "national"),
    ("国务院",                      "中华人民共和国",                None,           "national"),
]
# name as written    how many divisions it may name (at least)
AMBIGUOUS = [
    ("朝阳区",         2),   # 北京市朝阳区, 吉林省长春市朝阳区
    ("鼓楼区",         4),   # 南京, 徐州, 福州, 开封
    ("河北",           2),   # 河北省, 天津市河北区
    ("铁东区",         2),   # 鞍山, 四平
]
NOT_FOUND = ["不存在区", "", "   ", "爱民县"]
# name         within (code)     expected code or None
WITHIN = [
    ("竞秀区",     "130600000000",   "130602000000"),
    ("高阳县",     "130600000000",   "130628000000"),
    ("爱民区",     "130600000000",   None),            # 牡丹江's, not 保定's
    ("朝阳区",     "110000000000",   "110105000000"),  # ambiguous nationally, one in 北京
    ("保定市",     "130600000000",   None),            # the parent itself is not under itself
]
# fmt: on


@pytest.mark.parametrize(("name", "full_name", "code", "level"), RESOLVED, ids=[r[0] for r in RESOLVED])
def test_a_name_resolves_to_its_division(name: str, full_name: str, code: str | None, level: str):
    found = resolve(name)
    assert found.division is not None, found.explain()
    assert (found.division.full_name, found.division.code, found.division.level) == (full_name, code, level)


@pytest.mark.parametrize(("name", "at_least"), AMBIGUOUS, ids=[r[0] for r in AMBIGUOUS])
def test_an_ambiguous_name_is_reported_with_its_candidates_never_guessed(name: str, at_least: int):
    found = resolve(name)
    assert found.division is None and found.ambiguous
    assert len(found.candidates) >= at_least
    assert "多个同名区划" in found.explain()
    assert all(c.full_name in found.explain() for c in found.candidates[:2])


@pytest.mark.parametrize("name", NOT_FOUND)
def test_an_unknown_name_is_not_found(name: str):
    found = resolve(name)
    assert found.division is None and not found.ambiguous


@pytest.mark.parametrize(("name", "within", "code"), WITHIN, ids=[f"{r[0]} in {r[1]}" for r in WITHIN])
def test_within_narrows_to_the_descendants(name: str, within: str, code: str | None):
    found = resolve(name, within=within)
    assert (found.division.code if found.division else None) == code


def test_codes_look_up_both_ways_and_the_source_is_dated():
    assert division("231004").full_name == "黑龙江省牡丹江市爱民区"
    assert division("231004000000").parent == "231000000000"
    assert division("999999") is None
    meta = source()
    assert meta["package"] and meta["version"] and meta["as_of"][:4].isdigit()
