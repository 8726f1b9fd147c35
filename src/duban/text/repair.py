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
    chars: list[str]
    offsets: list[int]
    raw_end: int
    heading: bool  # a numbered or Markdown heading: nothing joins into it
    plain_heading: bool = False  # a short unnumbered line such as 2022年政府工作回顾


def repair(raw: str, drop: list[tuple[int, int]] | None = None) -> RepairedText:
    lines = [line for line in _clean_lines(raw, drop or []) if line.chars]
    text_chars: list[str] = []
    offsets: list[int] = []
    paragraph_len = 0
    previous: _Line | None = None
    for line in lines:
        if previous is not None:
            if _joins(previous, line, text_chars, paragraph_len):
                pass
            else:
                text_chars.append("\n")
                offsets.append(previous.raw_end)
                paragraph_len = 0
        text_chars.extend(line.chars)
        offsets.extend(line.offsets)
        paragraph_len += len(line.chars)
        previous = line
    end = len(raw) if not offsets else max(offsets[-1] + 1, lines[-1].raw_end if lines else 0)
    text = "".join(text_chars)
    text = _fix_plus(text)
    cleaned = [("".join(line.chars), line.offsets[0]) for line in lines]
    return RepairedText(text=text, to_raw=offsets + [min(end, len(raw))], lines=cleaned)


def _joins(previous: _Line, line: _Line, text_chars: list[str], paragraph_len: int) -> bool:
    """A paragraph broken at a page or line end continues on the next line."""
    if line.heading or previous.plain_heading or (previous.heading and len(previous.chars) <= _heading_max()):
        return False
    last = text_chars[-1]
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
    cut = _inside(dropped, start, end)
    piece = raw[start:end]
    md = _MARKDOWN.match(piece)
    skip_to = start + (md.end() if md else 0)
    kept = _kept_chars(raw, skip_to, end, cut)
    kept = _squeeze_spaces(kept)
    kept = [(_normalise(kept, j) if c in _CHANGED else c, off) for j, (c, off) in enumerate(kept)]
    chars = [c for c, _ in kept]
    heading = bool(md) or any(p.match("".join(chars[:8])) for p in numbering)
    plain = not heading and is_plain_heading("".join(chars))
    return _Line(chars=chars, offsets=[o for _, o in kept], raw_end=end, heading=heading, plain_heading=plain)


def _kept_chars(raw: str, start: int, end: int, cut: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """The characters of raw[start:end] outside the cut spans, each with its offset."""
    kept: list[tuple[str, int]] = []
    pos = start
    for a, b in sorted(cut):
        if a > pos:
            kept.extend(zip(raw[pos:a], range(pos, a), strict=True))
        pos = max(pos, b)
    if pos < end:
        kept.extend(zip(raw[pos:end], range(pos, end), strict=True))
    return kept


def _squeeze_spaces(kept: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Drop spaces inside Chinese text; keep one between two Latin letters or digits."""
    out: list[tuple[str, int]] = []
    i = 0
    n = len(kept)
    if not any(ch in _SPACE_CHARS for ch, _ in kept):
        return kept
    while i < n:
        ch, off = kept[i]
        if ch not in _SPACE_CHARS:
            out.append((ch, off))
            i += 1
            continue
        j = i
        while j < n and kept[j][0] in _SPACE_CHARS:
            j += 1
        before = out[-1][0] if out else ""
        after = kept[j][0] if j < n else ""
        if before and after and _ASCII_ALNUM.match(before) and _ASCII_ALNUM.match(after):
            out.append((" ", off))  # two numbers or words side by side stay apart
        i = j
    return out


def _normalise(kept: list[tuple[str, int]], j: int) -> str:
    ch = kept[j][0]
    if ch in _FULL_DIGITS:
        return _FULL_DIGITS[ch]
    if ch == "％":
        return "%"
    if ch in _KEEP_BETWEEN_DIGITS or ch == ".":
        between = 0 < j < len(kept) - 1 and _is_digit(kept[j - 1][0]) and _is_digit(kept[j + 1][0])
        if between:
            return "." if ch == "．" else ch
    return _HALF_TO_FULL.get(ch, ch)


# The characters ``_normalise`` may change; every other one is kept as it is.
_CHANGED = frozenset(_FULL_DIGITS) | {"％", "."} | _KEEP_BETWEEN_DIGITS | frozenset(_HALF_TO_FULL)


def _is_digit(ch: str) -> bool:
    return ch.isdigit() or ch in _FULL_DIGITS


def _fix_plus(text: str) -> str:
    if "十" not in text:
        return text
    text = _PLUS_DIGITS.sub("+", text)
    text = _PLUS_BEFORE_QUOTE.sub("+", text)
    return _PLUS_CHAIN.sub(lambda m: m.group(0).replace("十", "+"), text)
