"""The report's outline: repaired text in, nested ``Section`` nodes with parts out.

Headings nest by their numbering (一、 → （一） → 1. → （1）) in the order the report
first uses each style, whatever Markdown ``#`` level a converter gave them. Each
top-level section is a ``review`` of the past, the ``plan`` for the year ahead, or
``other``; sections below inherit their parent's part.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from duban.extract import lexicon
from duban.extract.scope import opening_part, title_period
from duban.text.repair import is_plain_heading

_YEAR = regex.compile(r"(?<!\d)(19|20)\d{2}(?=年)")


@dataclass
class Section:
    id: str
    number: str
    title: str
    style: str
    start: int  # repaired offset of the heading line
    number_end: int
    title_end: int
    part: str = "other"
    end: int = 0  # where the section (with its children) ends
    children: list[Section] = field(default_factory=list)
    period: tuple[int, int] | None = None  # a span of years its heading names (“十五五”时期…)
    parent: Section | None = field(default=None, repr=False, compare=False)

    def lineage(self):
        """This section and the sections it is in, innermost first."""
        section: Section | None = self
        while section is not None:
            yield section
            section = section.parent

    def as_dict(self, with_part: bool = True) -> dict:
        out: dict = {"id": self.id, "number": self.number, "title": self.title}
        if with_part:
            out["part"] = self.part
        out["period"] = list(self.period) if self.period else None
        out["children"] = [c.as_dict() for c in self.children]
        return out


@dataclass
class Outline:
    roots: list[Section]
    flat: list[Section]  # in text order
    text_len: int

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.flat]

    def section_at(self, pos: int) -> Section | None:
        """The deepest section whose heading comes at or before ``pos``."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.flat[i] if i >= 0 else None

    def part_at(self, pos: int) -> str:
        section = self.section_at(pos)
        return section.part if section else "other"

    def heading_numbers(self) -> list[tuple[int, int]]:
        return [(s.start, s.number_end) for s in self.flat]

    def first(self, part: str) -> Section | None:
        return next((s for s in self.roots if s.part == part), None)


def build_outline(text: str, report_year: int | None = None) -> Outline:
    """``report_year``: the year the report was given (its title's or date's), which tells a
    part whose heading is a slogan by what its first sentence speaks of."""
    headings = [h for h in (_heading(text, a, b) for a, b in _lines(text)) if h]
    roots: list[Section] = []
    stack: list[Section] = []
    for h in headings:
        if h.style == "plain":
            stack.clear()
        else:
            styles = [s.style for s in stack]
            if h.style in styles:
                del stack[styles.index(h.style) :]
        siblings = stack[-1].children if stack else roots
        h.id = f"{stack[-1].id}.{len(siblings) + 1}" if stack else str(len(roots) + 1)
        h.parent = stack[-1] if stack else None
        siblings.append(h)
        stack.append(h)
    flat = sorted(_walk(roots), key=lambda s: s.start)
    for i, s in enumerate(flat):
        s.end = len(text)
        for later in flat[i + 1 :]:
            if later.id.count(".") <= s.id.count("."):
                s.end = later.start
                break
    _assign_parts(roots, text, report_year)
    return Outline(roots=roots, flat=flat, text_len=len(text))


def _lines(text: str):
    start = 0
    for piece in text.split("\n"):
        yield start, start + len(piece)
        start += len(piece) + 1


def _heading(text: str, a: int, b: int) -> Section | None:
    conf = lexicon.load().outline
    line = text[a:b]
    for style, pattern in conf["numbering"]:
        m = pattern.match(line)
        if m:
            return _numbered(line, a, style, m.end(), conf)
    if is_plain_heading(line):
        return Section(id="", number="", title=line, style="plain", start=a, number_end=a, title_end=b)
    return None


def _numbered(line: str, a: int, style: str, num_end: int, conf: dict) -> Section | None:
    rest = line[num_end:]
    stop = next((i for i, c in enumerate(rest) if c in conf["title_end"]), len(rest))
    title = rest[:stop].strip()
    if not title or len(title) > int(conf.get("max_title", 40)):
        return None
    number = line[:num_end].replace("(", "（").replace(")", "）").rstrip("、.．")
    return Section(
        id="",
        number=number,
        title=title,
        style=style,
        start=a,
        number_end=a + num_end,
        title_end=a + num_end + stop,
    )


def _cue_part(title: str, conf: dict) -> str:
    if any(cue in title for cue in conf["review_cues"]):
        return "review"
    if any(cue in title for cue in conf["plan_cues"]):
        return "plan"
    return "other"


def _assign_parts(roots: list[Section], text: str, report_year: int | None) -> None:
    conf = lexicon.load().outline
    review_year: int | None = None
    seen_plan = False
    for root in roots:
        part = _cue_part(root.title, conf)
        year = _year(root.title)
        if part == "review" and year:
            review_year = review_year or year
        if part == "other" and year and review_year and year > review_year:
            part = "plan"
        if part == "other" and report_year:
            part = (
                _part_of_year(year, report_year)
                or _part_of_span(root.title, report_year)
                or opening_part(_body(text, root), report_year)
                or part
            )
        if part == "other" and seen_plan:
            part = "plan"
        seen_plan = seen_plan or part == "plan"
        _set_part(root, part)


def _part_of_year(year: int | None, report_year: int) -> str | None:
    if year is None:
        return None
    return "plan" if year >= report_year else "review"


def _part_of_span(title: str, report_year: int) -> str | None:
    span = title_period(title, "other", report_year - 1, report_year)
    if span is None:
        return None
    return "plan" if span[0] >= report_year else "review"


def _body(text: str, section: Section) -> str:
    """The section's first lines after its heading (enough for its first sentence)."""
    start = section.title_end
    return text[start : min(section.end, start + 400)].lstrip("。：:；; \n")


def _set_part(section: Section, part: str) -> None:
    section.part = part
    for child in section.children:
        _set_part(child, part)


def _year(title: str) -> int | None:
    m = _YEAR.search(title)
    return int(m.group(0)) if m else None


def _walk(sections: list[Section]):
    for s in sections:
        yield s
        yield from _walk(s.children)


def heading_year(section: Section | None) -> int | None:
    return _year(section.title) if section else None
