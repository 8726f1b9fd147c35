"""A bulletin as a Word document: its figures, its edited sections and its heading (number, issuer,
date) in; the .docx bytes out, in the office's template when the data directory has one.

Layout (spec/bulletins.md): 红头, title, opening, 一、总体情况 with the counts table, 二、主要经济指标
with its table and chart, 三、未达序时进度事项, 四、报送情况 with the lights chart, 五、下一步要求, the
attachment line and the issuer's signature; then, in a landscape section, the attachment table of
every task with its header repeated on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx.shared import Mm

from duban.bulletins.drafting import phrases
from duban.bulletins.facts import COUNTED, Facts
from duban.documents import charts
from duban.documents.pauses import collector_paused
from duban.documents.writer import OfficeDocument

_COUNT_WIDTHS = [Mm(28)] + [Mm(18)] * 7
_INDICATOR_WIDTHS = [Mm(38), Mm(26), Mm(26), Mm(24), Mm(20), Mm(20)]
_ATTACHMENT_WIDTHS = [Mm(11), Mm(70), Mm(22), Mm(28), Mm(28), Mm(15), Mm(15), Mm(14), Mm(34)]
_CHART_WIDTH = Mm(150)


@dataclass(frozen=True)
class Heading:
    title: str
    number: str  # 2024年第3期, or the draft mark
    issuer: str
    date: str  # 2024年7月5日
    note: str = ""  # a correction says which bulletin it corrects


@collector_paused()
def render(facts: Facts, sections: dict[str, str], heading: Heading, template: Path | None) -> bytes:
    words = phrases()
    fields = {"发文单位": heading.issuer, "期号": heading.number, "日期": heading.date, "标题": heading.title}
    doc = OfficeDocument(template, fields)
    if not doc.templated:
        doc.red_header(heading.issuer, words["kind"], heading.number, heading.date)
    doc.title(heading.title)
    if heading.note:
        doc.centered(heading.note)
    doc.paragraph("")
    doc.lines(sections.get("opening", ""))
    headings = words["headings"]

    doc.heading(headings["overall"])
    doc.lines(sections.get("overall", ""))
    doc.table(words["table"]["counts"], _count_rows(facts), _COUNT_WIDTHS, [True] * 8)

    doc.heading(headings["indicators"])
    doc.table(words["table"]["indicators"], _indicator_rows(facts), _INDICATOR_WIDTHS, [False] + [True] * 5)
    _chart(doc, words["charts"]["indicators"], lambda font: _indicator_chart(facts, font))

    doc.heading(headings["laggards"])
    doc.lines(sections.get("laggards", ""))

    doc.heading(headings["reporting"])
    doc.lines(sections.get("reporting", ""))
    _chart(doc, words["charts"]["lights"], lambda font: charts.lights_chart(facts.unit_lights, font))

    doc.heading(headings["requirements"])
    doc.lines(sections.get("requirements", ""))

    attachment = words["attachment_title"].format(year=facts.year)
    doc.paragraph("")
    doc.body(f"{words['attachment_label']}：{attachment}")
    doc.paragraph("")
    doc.right(heading.issuer)
    doc.right(heading.date)

    doc.landscape()
    label = doc.heading(words["attachment_label"])
    label.paragraph_format.first_line_indent = 0
    doc.title(attachment)
    rows = [
        [str(r.no), r.text, r.lead, r.target, r.actual, r.completion, r.time_progress, r.status, r.progress]
        for r in facts.rows
    ]
    centered = [True, False, True, False, False, True, True, True, False]
    doc.table(words["table"]["attachment"], rows, _ATTACHMENT_WIDTHS, centered)
    return doc.save(title=heading.title, author=heading.issuer)


def _count_rows(facts: Facts) -> list[list[str]]:
    names = {"all": phrases()["table"]["all"], **phrases()["groups"]}
    return [
        [names[g.key], str(g.total), *(str(g.counts.get(str(s), 0)) for s in COUNTED)] for g in facts.groups
    ]


def _indicator_rows(facts: Facts) -> list[list[str]]:
    growth = phrases()["table"]["growth"]
    return [
        [
            i.metric,
            i.target,
            i.actual,
            growth.format(actual=i.rate) if i.growth and i.rate != "—" else i.rate,
            i.time_progress,
            i.status,
        ]
        for i in facts.indicators
    ]


def _indicator_chart(facts: Facts, font: str) -> bytes | None:
    bars = [charts.Bar(i.metric, i.value) for i in facts.indicators if i.value is not None]
    if not bars:
        return None
    progress = next(i.progress_value for i in facts.indicators if i.progress_value is not None)
    return charts.completion_chart(bars, progress, font)


def _chart(doc: OfficeDocument, caption: str, draw) -> None:
    font = charts.cjk_font()
    if font is None:
        doc.centered(phrases()["no_chart_font"])
        return
    png = draw(font)
    if png is None:
        return
    doc.image(png, _CHART_WIDTH)
    doc.centered(caption)
