"""Undo PDF and web-page damage: decoded text in, ``RepairedText`` out.

The extractor reads the repaired text; every character of it remembers the offset
of the character it came from, so each record can point back into the input
(the contract's ``raw_span``). Repairs: chrome spans dropped, Markdown ``#``
markers dropped, spaces inside Chinese text removed, paragraphs broken at page or
line ends joined, ``十`` put back to ``+`` where a PDF turned one into the other,
half-width punctuation and full-width digits made uniform.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from duban import lexicon

_SPACE_CHARS = frozenset(" \t\u3000\u00a0\ufeff") | frozenset(chr(c) for c in range(0x2002, 0x200C))
_MARKDOWN = regex.compile(r"^\s*#+\s*")
_SPACE_RUN = regex.compile("[" + "".join(regex.escape(c) for c in sorted(_SPACE_CHARS)) + "]+")
_ASCII_ALNUM = regex.compile(r"[A-Za-z0-9]")
_FULL_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)}
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_KEEP_BETWEEN_DIGITS = {",", ":", "．"}
# A 十 between digits (4十3) or closing a Han word before a quote (文旅十”) was a plus sign.
_PLUS_DIGITS = regex.compile(r"(?<=\d)十(?=\d)")
_NUMERAL_HAN = "零〇一二两三四五六七八九十百千万亿"
_PLUS_BEFORE_QUOTE = regex.compile(rf"(?<=[\p{{Han}}--[{_NUMERAL_HAN}]])十(?=[”\"」’'])", regex.V1)
# A chain of Han words joined by 十 (管委会十运营公司十经营主体) is a chain of pluses.
# Each word of the chain is short: an open-ended run would backtrack through long Han text.
_PLUS_CHAIN = regex.compile(
    rf"(?:[\p{{Han}}--[{_NUMERAL_HAN}第]]{{2,12}}十){{2,}}[\p{{Han}}--[{_NUMERAL_HAN}]]{{2,12}}", regex.V1
)
_TERMINAL = set("。！？!?：:")
_CONTINUATION_START = set("，、。；：）”》,;:)")
_MIN_JOIN = 16
_PLAIN_HEADING = regex.compile(r"^[\p{Han}\d“”\"《》、]{4,24}$")
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}年")


def is_plain_heading(line: str) -> bool:
    """A short unnumbered line that names a part heads it: 2022年政府工作回顾, 过去一年的工作回顾,
    “十四五”时期工作回顾, 2026年工作安排. It names a year or a span, or ends with the part's word."""
    if not _PLAIN_HEADING.match(line):
        return False
    conf = lexicon.load().outline
    cues = conf["review_cues"] + conf["plan_cues"]
    if not any(cue in line for cue in cues):
        return False
    spans = lexicon.load().periods
    named = (
        _YEAR.search(line)
        or any(name in line for name in spans["plans"])
        or any(word in line for word in spans["looking_back"] + spans["looking_ahead"])
    )
    return bool(named) or line.endswith(tuple(cues))


@dataclass
class RepairedText:
    """The repaired text and, for each of its characters, the raw offset it came from."""

    text: str
    to_raw: list[int]  # len(text) + 1; the last entry is the raw end
    lines: list[tuple[str, int]] = field(default_factory=list)  # cleaned input lines and raw starts

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return self.to_raw[start], self.to_raw[start]
        return self.to_raw[start], self.to_raw[end - 1] + 1


@dataclass
class _Line:
    chars: str
    offsets: list[int]
    raw_end: int
    heading: bool  # a numbered or Markdown heading: nothing joins into it
    plain_heading: bool = False  # a short unnumbered line such as 2022年政府工作回顾


def repair(raw: str, drop: list[tuple[int, int]] | None = None) -> RepairedText:
    lines = [line for line in _clean_lines(raw, drop or []) if line.chars]
    pieces: list[str] = []
    offsets: list[int] = []
    paragraph_len = 0
    previous: _Line | None = None
    for line in lines:
        if previous is not None and not _joins(previous, line, previous.chars[-1], paragraph_len):
            pieces.append("\n")
            offsets.append(previous.raw_end)
            paragraph_len = 0
        pieces.append(line.chars)
        offsets.extend(line.offsets)
        paragraph_len += len(line.chars)
        previous = line
    end = len(raw) if not offsets else max(offsets[-1] + 1, lines[-1].raw_end if lines else 0)
    text = _fix_plus("".join(pieces))
    cleaned = [(line.chars, line.offsets[0]) for line in lines]
    return RepairedText(text=text, to_raw=offsets + [min(end, len(raw))], lines=cleaned)


def _joins(previous: _Line, line: _Line, last: str, paragraph_len: int) -> bool:
    """A paragraph broken at a page or line end continues on the next line."""
    if line.heading or previous.plain_heading or (previous.heading and len(previous.chars) <= _heading_max()):
        return False
    if last in _TERMINAL:
        return False
    if line.chars[0] in _CONTINUATION_START or last.isdigit():
        return True  # 新增限上商贸企业7 / 户: a number never ends a paragraph
    if len(line.chars) < _MIN_JOIN and line.chars[-1] in "：:":
        return False  # a salutation such as 各位代表：
    if line.plain_heading:
        return False
    return paragraph_len >= _MIN_JOIN


def _heading_max() -> int:
    return int(lexicon.load().outline.get("max_title", 40))


def _clean_lines(raw: str, drop: list[tuple[int, int]]):
    numbering = [pattern for _, pattern in lexicon.load().outline["numbering"]]
    dropped = _dropped_mask(len(raw), drop)
    start = 0
    for piece in raw.split("\n"):
        end = start + len(piece)
        yield _clean_line(raw, start, end, dropped, numbering)
        start = end + 1


def _dropped_mask(length: int, drop: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted((max(0, a), min(length, b)) for a, b in drop if b > a)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return [(max(a, start), min(b, end)) for a, b in spans if a < end and b > start]


def _clean_line(raw: str, start: int, end: int, dropped, numbering) -> _Line:
    # Whole strings, not characters: a line that has nothing to squeeze or normalise (most of
    # them) costs a slice and two searches.
    cut = _inside(dropped, start, end)
    md = _MARKDOWN.match(raw[start:end])
    chars, offsets = _kept_chars(raw, start + (md.end() if md else 0), end, cut)
    if _SPACE_RUN.search(chars):
        chars, offsets = _squeeze_spaces(chars, offsets)
    if _CHANGED_CHAR.search(chars):
        chars = _CHANGED_CHAR.sub(lambda m: _normalise(chars, m.start()), chars)
    heading = bool(md) or any(p.match(chars[:8]) for p in numbering)
    plain = not heading and is_plain_heading(chars)
    return _Line(chars=chars, offsets=offsets, raw_end=end, heading=heading, plain_heading=plain)


def _kept_chars(raw: str, start: int, end: int, cut: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The characters of raw[start:end] outside the cut spans, and the offset of each."""
    if not cut:
        return raw[start:end], list(range(start, end))
    pieces: list[str] = []
    offsets: list[int] = []
    pos = start
    for a, b in sorted(cut):
        if a > pos:
            pieces.append(raw[pos:a])
            offsets.extend(range(pos, a))
        pos = max(pos, b)
    if pos < end:
        pieces.append(raw[pos:end])
        offsets.extend(range(pos, end))
    return "".join(pieces), offsets


def _squeeze_spaces(chars: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Drop spaces inside Chinese text; keep one between two Latin letters or digits."""
    pieces: list[str] = []
    kept: list[int] = []
    pos = 0
    for run in _SPACE_RUN.finditer(chars):
        a, b = run.span()
        pieces.append(chars[pos:a])
        kept.extend(offsets[pos:a])
        before = chars[a - 1] if a else ""
        after = chars[b] if b < len(chars) else ""
        if before and after and _ASCII_ALNUM.match(before) and _ASCII_ALNUM.match(after):
            pieces.append(" ")  # two numbers or words side by side stay apart
            kept.append(offsets[a])
        pos = b
    pieces.append(chars[pos:])
    kept.extend(offsets[pos:])
    return "".join(pieces), kept


def _normalise(chars: str, j: int) -> str:
    ch = chars[j]
    if ch in _FULL_DIGITS:
        return _FULL_DIGITS[ch]
    if ch == "％":
        return "%"
    if ch in _KEEP_BETWEEN_DIGITS or ch == ".":
        between = 0 < j < len(chars) - 1 and _is_digit(chars[j - 1]) and _is_digit(chars[j + 1])
        if between:
            return "." if ch == "．" else ch
    return _HALF_TO_FULL.get(ch, ch)


# The characters ``_normalise`` may change; every other one is kept as it is.
_CHANGED = frozenset(_FULL_DIGITS) | {"％", "."} | _KEEP_BETWEEN_DIGITS | frozenset(_HALF_TO_FULL)
_CHANGED_CHAR = regex.compile("[" + "".join(regex.escape(c) for c in sorted(_CHANGED)) + "]")


def _is_digit(ch: str) -> bool:
    return ch.isdigit() or ch in _FULL_DIGITS


def _fix_plus(text: str) -> str:
    if "十" not in text:
        return text
    text = _PLUS_DIGITS.sub("+", text)
    text = _PLUS_BEFORE_QUOTE.sub("+", text)
    return _PLUS_CHAIN.sub(lambda m: m.group(0).replace("十", "+"), text)
