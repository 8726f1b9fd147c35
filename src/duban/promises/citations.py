"""Citations: a report's text and a span in it in; the sentence that holds the span out.

The spans are ``raw_span`` offsets (``spec/extraction.md``), so the sentence is cut from the text
those offsets point into. Scraped reports break lines inside sentences (省\\n级), so a line break
ends a sentence only after a full stop or before a blank line.
"""

from __future__ import annotations

_STOPS = "。！？；!?;"
_CLAUSE_MARKS = "，,。！？；!?;：:"
_MAX = 240  # characters a cited sentence may run to on either side of its figure


def sentence(text: str | None, span: list[int] | tuple[int, int] | None) -> dict | None:
    """``{"text", "raw_span", "figure": [start, end] inside the sentence}``, or None without text."""
    if not text or not span or span[1] > len(text):
        return None
    start, end = span
    first = max(0, start - _MAX)
    head = text[first:start]
    blank = head.rfind("\n\n")
    cut = max(max(head.rfind(c) for c in _STOPS), blank + 1 if blank >= 0 else -1)
    if head.endswith("\n"):
        cut = max(cut, len(head) - 1)
    begin = first + cut + 1
    tail = text[end : end + _MAX]
    stops = [i for i in (tail.find(c) for c in _STOPS) if i >= 0]
    gap = tail.find("\n\n")
    if gap >= 0:
        stops.append(gap - 1)
    finish = end + (min(stops) + 1 if stops else len(tail))
    while begin < start and text[begin] in " \n\t\u3000":
        begin += 1
    body = text[begin:finish]
    return {
        "text": body.strip(),
        "raw_span": [begin, finish],
        "figure": [start - begin, end - begin],
        "clause": _clause(body, start - begin, end - begin),
    }


def _clause(body: str, start: int, end: int) -> str:
    """The clause of the sentence that holds the figure (地区生产总值增长5.5%左右), for tables."""
    cut = max(body[:start].rfind(c) for c in _CLAUSE_MARKS)
    stops = [i for i in (body[end:].find(c) for c in _CLAUSE_MARKS) if i >= 0]
    stop = end + min(stops) if stops else len(body)
    return body[cut + 1 : stop].replace("\n", "").strip()
