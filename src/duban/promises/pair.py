"""Whether two reports make a pair: the plan report's and the next report's ``document`` in;
nothing, or a ``PairRefused`` whose text is one line saying what is wrong and what to do, out.

The next report must be of the same government (its region names the same place, 牡丹江市爱民区
and 爱民区 alike) and review the plan's year; a report of the same year, of another government or
with no review part is refused, and so is a file whose extraction found no report at all.
"""

from __future__ import annotations

from duban.errors import Refusal


class PairRefused(Refusal):
    """The second report cannot be checked against the plan."""


def same_place(a: str | None, b: str | None) -> bool | None:
    """True or False when both names are known; None when either is missing."""
    if not a or not b:
        return None
    a, b = a.strip(), b.strip()
    return a == b or a.endswith(b) or b.endswith(a)


def reviewed_year(doc: dict) -> int | None:
    """The year a report looks back on: stated, else the year before the one it plans."""
    if doc.get("review_year") is not None:
        return doc["review_year"]
    return doc["plan_year"] - 1 if doc.get("plan_year") is not None else None


def validate(plan_doc: dict, next_doc: dict, *, has_review: bool, plan_name: str = "") -> None:
    plan_year = plan_doc.get("plan_year")
    if plan_year is None:
        raise PairRefused("计划报告中找不到计划年度：请确认第一个文件是政府工作报告")
    if next_doc.get("plan_year") is None and next_doc.get("review_year") is None:
        raise PairRefused(
            "第二个文件看不出是政府工作报告（找不到回顾年度和计划年度）：请给出下一年的政府工作报告"
        )
    region = plan_name or plan_doc.get("region")
    if same_place(region, next_doc.get("region")) is False:
        raise PairRefused(
            f"第二个文件是{next_doc.get('region')}的报告，不是{region}的：请给出同一政府下一年的政府工作报告"
        )
    reviewed = reviewed_year(next_doc)
    if next_doc.get("plan_year") == plan_year or reviewed == plan_year - 1:
        raise PairRefused(f"第二个文件与计划同为{plan_year}年的报告：请给出回顾{plan_year}年的下一年报告")
    if reviewed != plan_year:
        raise PairRefused(
            f"第二个文件回顾的是{reviewed}年，不是计划的{plan_year}年：请给出{plan_year + 1}年的政府工作报告"
        )
    if not has_review:
        raise PairRefused("第二个文件没有工作回顾部分，无从核对完成情况：请给出完整的政府工作报告")
