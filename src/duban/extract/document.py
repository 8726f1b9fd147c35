"""Facts about the report: its head lines and outline in, the contract's ``document`` out.

Title, region, level, date, review and plan years and speaker, each ``None`` when
the text does not state it.
"""

from __future__ import annotations

from functools import cache

import regex

from duban.extract import lexicon
from duban.extract.outline import Outline, heading_year

_DATE = regex.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CJK_DATE = regex.compile(
    r"([〇零一二三四五六七八九○Ｏ]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_CJK_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
_TITLE_YEAR = regex.compile(r"^((?:19|20)\d{2})年")
_HEAD_LINES = 40  # the head ends at the salutation (各位代表：); page chrome may come before it


@cache
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    doc = lexicon.load().document
    titles = lexicon.alternation(doc["speaker_titles"])
    speaker = regex.compile(rf"(?:{titles})[\s　]*(?P<name>\p{{Han}}{{2,4}})$")
    congress = regex.escape(doc["congress"])
    region = regex.compile(
        rf"在(?P<region>\p{{Han}}{{0,20}}?)第?[一二三四五六七八九十百]+届(?P<nat>全国)?{congress}"
    )
    title = regex.compile(rf"(?P<title>[\p{{Han}}\d]*{regex.escape(doc['title_word'])})")
    return speaker, region, title


def head_lines(text: str) -> list[str]:
    """The report's first lines, spaces removed, up to its salutation (各位代表：)."""
    vocatives = tuple(lexicon.load().periods["vocatives"])
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.replace(" ", "").replace("\u3000", "").lstrip("#")
        if not line.strip():
            continue
        if line.startswith(vocatives) or len(lines) >= _HEAD_LINES:
            break
        lines.append(line)
    return lines


def report_year(head: list[str]) -> int | None:
    """The year the report was given: its title's (2026年福建省政府工作报告), else its date's."""
    title = _title_line(head)
    m = _TITLE_YEAR.match(title) if title else None
    if m:
        return int(m.group(1))
    date = _date("\n".join(head))
    return int(date[:4]) if date else None


def describe(head: list[str], outline: Outline) -> dict:
    """``head``: the report's head lines (page chrome included, for the title)."""
    speaker_re, region_re, title_re = _patterns()
    joined = "\n".join(head)
    review_year = heading_year(outline.first("review"))
    plan_year = _plan_year(outline)
    date = _date(joined)
    if plan_year is None and review_year is not None:
        plan_year = review_year + 1
    if plan_year is None and outline.first("plan"):
        plan_year = report_year(head)
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
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _CJK_DATE.search(joined)
        if not m:
            return None
        year = int("".join(_CJK_DIGITS[c] for c in m.group(1)))
        month, day = (_cjk_small(g) for g in m.groups()[1:])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _cjk_small(numeral: str) -> int:
    """一 … 三十一: the day and month numerals of a date."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if "十" not in numeral:
        return digits[numeral]
    tens, _, units = numeral.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)


def _title_line(head: list[str]) -> str | None:
    title_word = lexicon.load().document["title_word"]
    return next((line for line in head if title_word in line), None)


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
