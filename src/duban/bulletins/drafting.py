"""A bulletin's words: its figures (``facts.Facts``) and settings in; the title, the span's name and
the first draft of each text section out, worded from ``data/bulletin_phrases.toml``.

Sections (spec/bulletins.md), in order: opening, overall (总体情况), laggards (未达序时进度事项),
reporting (报送情况) and requirements (下一步要求). The office edits them before issuing; the
tables (counts, indicators, the attachment) are not text and always show the figures.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import tomllib
from functools import cache
from importlib import resources
from typing import Any

import cn2an

from duban.bulletins.facts import COUNTED, Facts, Laggard
from duban.errors import Refusal
from duban.tracking.figures import format_percent

DATA_FILE = "bulletin_phrases.toml"
SECTIONS = ("opening", "overall", "laggards", "reporting", "requirements")
_MONTH_SPAN = re.compile(r"^1\s*[-—–~至]\s*(\d{1,2})\s*月$")


class SpanRefused(Refusal):
    """A span that is not one of 一季度, 上半年, 前三季度, 全年 or 1—N月."""


@cache
def phrases() -> dict[str, Any]:
    data = tomllib.loads((resources.files("duban") / "data" / DATA_FILE).read_text(encoding="utf-8"))
    _check(data)
    return data


def _check(data: dict[str, Any], path: str = "") -> None:
    """Every template parses; a broken brace stops here, naming the key, not halfway through a draft."""
    for key, value in data.items():
        where = f"{path}{key}"
        if isinstance(value, dict):
            _check(value, f"{where}.")
        elif isinstance(value, str):
            try:
                list(string.Formatter().parse(value))
            except ValueError as err:
                raise ValueError(f"data/{DATA_FILE}: {where}: {err}") from err


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def numeral(n: int) -> str:
    return cn2an.an2cn(n)


# --- span and title --------------------------------------------------------------------------------


def span_of(day: dt.date, asked: str | None = None) -> str:
    """The span's name: the one asked for (checked), else from the day — a month's last day closes
    that month, any other day the month before (上半年 for 30 June and for 10 July, 1—7月 for 15 August)."""
    words = phrases()["spans"]
    if asked:
        asked = asked.strip()
        found = _MONTH_SPAN.match(asked)
        if asked in words:
            return asked
        if found and 1 <= int(found.group(1)) <= 12:
            return words_of_month(int(found.group(1)))
        named = "、".join(words)
        raise SpanRefused(f"通报期间“{asked}”无效：请写 {named} 或 1-N月（如 1-11月）")
    last_day = (day + dt.timedelta(days=1)).month != day.month
    month = day.month if last_day else max(day.month - 1, 1)
    return _month_span(month)


def _month_span(month: int) -> str:
    named = {months: word for word, months in phrases()["spans"].items()}
    return named.get(month) or words_of_month(month)


def words_of_month(month: int) -> str:
    return phrases()["month_span"].format(month=month)


def title_of(year: int, span: str) -> str:
    return phrases()["title"].format(year=year, span=span)


# --- sections ---------------------------------------------------------------------------------------


def draft_sections(facts: Facts, *, issuer: str, basis: str, methods: str) -> dict[str, str]:
    return {
        "opening": opening(facts, issuer=issuer, basis=basis, methods=methods),
        "overall": overall(facts),
        "laggards": laggards(facts),
        "reporting": reporting(facts),
        "requirements": requirements(facts),
    }


def opening(facts: Facts, *, issuer: str, basis: str, methods: str) -> str:
    words = phrases()["opening"]
    said_basis = words["basis"].format(basis=basis.strip()) if basis.strip() else ""
    return words["text"].format(
        year=facts.year, basis=said_basis, issuer=issuer, methods=methods, date=chinese_date(facts.date)
    )


def _counts(counts: dict[str, int], total: int) -> str:
    words = phrases()["overall"]
    said = [
        words["count"].format(status=status, n=counts[status], share=format_percent(counts[status] / total))
        for status in map(str, COUNTED)
        if counts.get(status)
    ]
    return "、".join(said) if len(said) < 3 else "；".join(said)


def overall(facts: Facts) -> str:
    words, names = phrases()["overall"], phrases()["groups"]
    whole = facts.group("all")
    completion, progress = facts.completion, facts.time_progress
    verdict = ""
    if completion is not None and progress is not None:
        verdict = words["half"] if progress >= 0.5 and completion >= 0.5 else ""
        verdict = verdict or (words["behind"] if completion < progress else "")
    lines = [
        words["text"].format(
            date=chinese_date(facts.date),
            total=whole.total,
            counts=_counts(whole.counts, whole.total) if whole.total else "无",
            completion="—" if completion is None else format_percent(completion),
            time_progress="—" if progress is None else format_percent(progress),
            verdict=verdict,
        )
    ]
    for n, key in enumerate(("main", "quantified", "other"), start=1):
        group = facts.group(key)
        template = words["group"] if group.total else words["group_empty"]
        lines.append(
            template.format(
                numeral=numeral(n),
                name=names[key],
                total=group.total,
                counts=_counts(group.counts, group.total or 1),
            )
        )
    return "\n".join(lines)


def laggard_line(n: int, item: Laggard) -> str:
    words = phrases()["laggards"]
    fields = {"n": n, "subject": item.subject, "no": item.no, "lead": item.lead}
    if item.kind == "qualitative":
        problems = words["problems"].format(problems=item.problems.rstrip("。；;")) if item.problems else ""
        progress = item.progress.rstrip("。；;") or words["no_progress"]
        return words["qualitative"].format(**fields, progress=progress, problems=problems, gap=item.gap)
    return words[item.kind].format(
        **fields,
        actual=item.actual,
        completion=item.completion,
        gap=item.gap,
        unit=item.unit,
        deadline=item.deadline,
    )


def laggards(facts: Facts) -> str:
    words = phrases()["laggards"]
    lines = [laggard_line(n, item) for n, item in enumerate(facts.laggards, start=1)]
    if not lines:
        lines = [words["none"].format(date=chinese_date(facts.date))]
    if facts.supervised:
        items = words["separator"].join(
            words["supervised_item"].format(code=s.code, subject=s.subject, no=s.no, lead=s.lead)
            for s in facts.supervised
        )
        lines.append(words["supervised"].format(items=items))
    return "\n".join(lines)


def _units(names: list[str]) -> str:
    return phrases()["reporting"]["unit_separator"].join(names)


def reporting(facts: Facts) -> str:
    words = phrases()["reporting"]
    date = chinese_date(facts.date)
    if not facts.period:
        return words["nothing_due"].format(date=date)
    lines = []
    if facts.missing:
        units = _units([words["missing_unit"].format(unit=u, count=c) for u, c in facts.missing])
        due = chinese_date(dt.date.fromisoformat(facts.due))
        count = sum(c for _, c in facts.missing)
        lines.append(
            words["missing"].format(period=facts.period, due=due, date=date, count=count, units=units)
        )
    else:
        lines.append(words["all_filed"].format(period=facts.period))
    if facts.late:
        lines.append(words["late"].format(units=_units(facts.late)))
    return "\n".join(lines)


def requirements(facts: Facts) -> str:
    words = phrases()["requirements"]
    lines: list[str] = []

    def say(key: str, **fields) -> None:
        lines.append(words[key].format(numeral=numeral(len(lines) + 1), **fields))

    behind = [item for item in facts.laggards if item.kind != "overdue"]
    if behind:
        say(
            "laggards",
            count=len({i.task_id for i in behind}),
            units=_units(list(dict.fromkeys(i.lead for i in behind))),
        )
    overdue = [item for item in facts.laggards if item.kind == "overdue"]
    if overdue:
        say("overdue", count=len(overdue))
    rule = words["quarterly" if facts.cadence == "quarterly" else "monthly"].format(day=facts.due_day)
    late = list(dict.fromkeys([u for u, _ in facts.missing] + facts.late))
    if late:
        say("reporting", units=_units(late), due_rule=rule)
    else:
        say("reporting_all", due_rule=rule)
    if facts.supervised:
        say("supervised", count=len(facts.supervised))
    say("closing")
    return "\n".join(lines)
