"""Facts about the report: its head lines and outline in, the contract's ``document`` out.

Title, region, level, date, review and plan years and speaker, each ``None`` when
the text does not state it.
"""

from __future__ import annotations

from functools import cache

import regex

from duban import lexicon
from duban.extract.outline import Outline, heading_year

_DATE = regex.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_HEAD_LINES = 16


@cache
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    doc = lexicon.load().document
    titles = lexicon.alternation(doc["speaker_titles"])
    speaker = regex.compile(rf"(?:{titles})[\s　]*(?P<name>\p{{Han}}{{2,4}})$")
    congress = regex.escape(doc["congress"])
    region = regex.compile(
        rf"在(?P<region>\p{{Han}}{{0,20}}?)第[一二三四五六七八九十百]+届(?P<nat>全国)?{congress}"
    )
    title = regex.compile(rf"(?P<title>[\p{{Han}}\d]*{regex.escape(doc['title_word'])})")
    return speaker, region, title


def describe(head_lines: list[str], outline: Outline) -> dict:
    """``head_lines``: the report's first lines, cleaned (page chrome included, for the title)."""
    speaker_re, region_re, title_re = _patterns()
    head = head_lines[:_HEAD_LINES]
    joined = "\n".join(head)
    review_year = heading_year(outline.first("review"))
    plan_year = _plan_year(outline)
    date = _date(joined)
    if plan_year is None and review_year is not None:
        plan_year = review_year + 1
    if review_year is None and plan_year is not None:
        review_year = plan_year - 1 if outline.first("review") else None
    region = _region(joined, region_re)
    return {
        "title": _title(head, title_re),
        "region": region,
        "level": _level(region, joined),
        "date": date,
        "review_year": review_year,
        "plan_year": plan_year,
        "speaker": _speaker(head, speaker_re),
    }


def _plan_year(outline: Outline) -> int | None:
    for root in outline.roots:
        if root.part == "plan" and heading_year(root):
            return heading_year(root)
    return None


def _date(joined: str) -> str | None:
    m = _DATE.search(joined)
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _title(head: list[str], title_re: regex.Pattern) -> str | None:
    for line in head:
        m = title_re.search(line)
        if m:
            return regex.sub(r"^\d{4}年", "", m.group("title")) or None
    return None


def _region(joined: str, region_re: regex.Pattern) -> str | None:
    m = region_re.search(joined)
    if not m:
        return None
    if m.group("nat"):
        return lexicon.load().document["national_words"][0]
    return m.group("region") or None


def _level(region: str | None, joined: str) -> str | None:
    doc = lexicon.load().document
    if region is None:
        return None
    if region in doc["national_words"]:
        return "national"
    if region in doc["municipalities"]:
        return "province"
    for suffix, level in doc["level_suffixes"]:
        if region.endswith(suffix):
            return level
    return None


def _speaker(head: list[str], speaker_re: regex.Pattern) -> str | None:
    for line in head:
        m = speaker_re.search(line.replace(" ", ""))
        if m:
            return m.group("name")
    return None
