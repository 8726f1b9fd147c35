"""Find what a saved web page adds around a report: text in, chrome spans out.

``find_chrome(text)`` returns sorted, non-overlapping ``[start, end)`` character spans
of ``text`` that are not report content: metadata headers, toolbars, navigation and
link lists, footers, photo captions, editor lines, and any second copy of the report
(with the navigation between the copies). Everything else, including the report's
title, date, speaker and headings, is left alone.

The cue words and patterns live in ``duban/data/page_chrome.toml``; this module holds
only the mechanism. A line is judged by its text with all whitespace removed, so
``冀公网安备 13010202002246号`` and a copy that breaks its lines elsewhere compare equal.
"""

from __future__ import annotations

import functools
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import regex

DATA_FILE = resources.files("duban") / "data" / "page_chrome.toml"

# A line this long (in non-space characters) is specific enough to recognise when it repeats.
MIN_PARAGRAPH = 40
# Earlier lines are indexed by their first characters, so a repeat is found without rescanning the text.
PROBE_CHARS = 16
# A repeat shorter than this is a quotation or a refrain of the report, not a second copy.
MIN_REPEAT_CHARS = 400
MIN_REPEAT_LINES = 3
# How far a second copy may run ahead of the first (a caption or link only one copy has).
RESYNC_CHARS = 200
MAX_MISSED_LINES = 2
# A line with sentence punctuation and at least this many characters is a report paragraph.
MIN_BODY_LINE = 20
# Link lists: at least MIN_LINK_RUN consecutive lines of at most MAX_LINK_CHARS characters.
MAX_LINK_CHARS = 24
MIN_LINK_RUN = 5

_PATTERN_TABLES = ("anywhere", "outside", "tail_start", "report_head")
_PUNCTUATION_KEYS = ("sentence_end", "prose")


class ChromeDataError(ValueError):
    """The page-chrome data file is missing, malformed or holds a pattern that does not compile."""


@dataclass(frozen=True)
class ChromeRules:
    anywhere: regex.Pattern  # chrome wherever it stands
    outside: regex.Pattern  # chrome before the report's first paragraph or after its last
    tail_start: regex.Pattern  # after the report: this line and all that follows are chrome
    report_head: regex.Pattern  # report lines that look like links (title, speaker, headings)
    sentence_end: regex.Pattern  # one character that ends a sentence
    prose: regex.Pattern  # one character that makes a line prose rather than a link


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # just after the line's "\n"
    key: str  # the line without whitespace and without leading Markdown "#"
    tabbed: bool  # a table row from a .docx: never a link


def find_chrome(text: str, *, rules: ChromeRules | None = None) -> list[tuple[int, int]]:
    """Spans of ``text`` that a web page added around the report, sorted and non-overlapping."""
    rules = rules or default_rules()
    lines = _split_lines(text)
    chrome = [bool(line.key) and rules.anywhere.fullmatch(line.key) is not None for line in lines]
    body = [_is_paragraph(line, rules) and not cue for line, cue in zip(lines, chrome, strict=True)]
    for first, last in _repeated_copies(lines, body):
        chrome[first : last + 1] = [True] * (last + 1 - first)
    body = [para and not cue for para, cue in zip(body, chrome, strict=True)]
    if any(body):
        _mark_outside(lines, chrome, body, rules)
    return _spans(lines, chrome)


@functools.cache
def default_rules() -> ChromeRules:
    """The rules of the packaged data file, read and checked once."""
    return load_rules(DATA_FILE)


def load_rules(source: Path | Traversable = DATA_FILE) -> ChromeRules:
    """Read and check a page-chrome data file; raise ``ChromeDataError`` naming what is wrong."""
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ChromeDataError(f"{source}: cannot read page-chrome data: {err}") from err
    _expect_keys(data, ("punctuation", *_PATTERN_TABLES), source, "top level")
    punctuation = _punctuation(data["punctuation"], source)
    patterns = {name: _compile_table(data[name], source, name) for name in _PATTERN_TABLES}
    return ChromeRules(**patterns, **punctuation)


# --- reading the data file ---------------------------------------------------------------


def _expect_keys(table: object, keys: tuple[str, ...], source: object, where: str) -> None:
    if not isinstance(table, dict):
        raise ChromeDataError(f"{source}: {where} must be a table")
    missing, unknown = set(keys) - table.keys(), table.keys() - set(keys)
    if missing or unknown:
        raise ChromeDataError(
            f"{source}: {where} must have exactly the keys {sorted(keys)}; "
            f"missing {sorted(missing)}, unknown {sorted(unknown)}"
        )


def _punctuation(table: object, source: object) -> dict[str, regex.Pattern]:
    _expect_keys(table, _PUNCTUATION_KEYS, source, "[punctuation]")
    classes = {}
    for key in _PUNCTUATION_KEYS:
        marks = table[key]
        if not isinstance(marks, str) or not marks:
            raise ChromeDataError(f"{source}: punctuation.{key} must be a non-empty string")
        classes[key] = regex.compile(f"[{regex.escape(marks)}]")
    return classes


def _compile_table(table: object, source: object, name: str) -> regex.Pattern:
    if not isinstance(table, dict) or not table:
        raise ChromeDataError(f"{source}: [{name}] must be a table of named pattern lists")
    patterns = []
    for group, items in table.items():
        if not isinstance(items, list) or not items:
            raise ChromeDataError(f"{source}: {name}.{group} must be a non-empty list of patterns")
        for item in items:
            patterns.append(_checked_pattern(item, source, f"{name}.{group}"))
    return _compile(f"(?:{')|(?:'.join(patterns)})", source, name)


def _checked_pattern(item: object, source: object, where: str) -> str:
    if not isinstance(item, str) or not item:
        raise ChromeDataError(f"{source}: {where} holds {item!r}, not a non-empty pattern string")
    _compile(item, source, where)
    return item


def _compile(pattern: str, source: object, where: str) -> regex.Pattern:
    try:
        return regex.compile(pattern)
    except regex.error as err:
        raise ChromeDataError(f"{source}: {where}: pattern {pattern!r} does not compile: {err}") from err


# --- finding chrome ----------------------------------------------------------------------


def _split_lines(text: str) -> list[_Line]:
    lines, start = [], 0
    for raw in text.split("\n"):
        end = min(start + len(raw) + 1, len(text))
        lines.append(_Line(start, end, "".join(raw.split()).lstrip("#"), "\t" in raw))
        start = end
    return lines


def _is_paragraph(line: _Line, rules: ChromeRules) -> bool:
    return len(line.key) >= MIN_BODY_LINE and rules.sentence_end.search(line.key) is not None


def _repeated_copies(lines: list[_Line], body: list[bool]) -> list[tuple[int, int]]:
    """Line ranges ``(first, last)`` where the text starts over, with the gap before each restart.

    All line keys are joined into one stream, so a copy that breaks its lines elsewhere still
    lines up. A long line is looked up among earlier lines that start the same way (paragraph
    starts are line starts in every copy), and a hit is followed line by line through the
    stream; only a long run of repeated text counts as a second copy.
    """
    positions, offset = [], 0
    for line in lines:
        positions.append(offset)
        offset += len(line.key)
    stream = "".join(line.key for line in lines)
    starts: dict[str, list[int]] = {}  # the first PROBE_CHARS of a line -> its stream positions
    ranges: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        key, position = lines[index].key, positions[index]
        earlier = _earlier_start(key, stream, starts, position) if len(key) >= MIN_PARAGRAPH else -1
        copy = _follow_copy(lines, stream, positions, index, earlier) if earlier >= 0 else None
        if copy is None:
            if len(key) >= PROBE_CHARS:
                starts.setdefault(key[:PROBE_CHARS], []).append(position)
            index += 1
            continue
        first, last, first_copy_end = copy
        gap = range(first_copy_end + 1, first)
        # Between the end of the first copy and the restart: navigation, unless the report goes on there.
        ranges.append((gap.start if not any(body[i] for i in gap) else first, last))
        index = last + 1
    return ranges


def _earlier_start(key: str, stream: str, starts: dict[str, list[int]], limit: int) -> int:
    """Stream position of an earlier line start where ``key`` occurs, or -1."""
    for position in starts.get(key[:PROBE_CHARS], ()):
        if stream.startswith(key, position, limit):
            return position
    return -1


def _follow_copy(
    lines: list[_Line], stream: str, positions: list[int], index: int, earlier: int
) -> tuple[int, int, int] | None:
    """``(restart line, last repeated line, last line of the first copy)`` or None if the repeat is short."""
    limit = positions[index]  # the first copy lies wholly before the line that repeats it
    cursor, last, matched, matched_lines, misses = earlier, index, 0, 0, 0
    for k in range(index, len(lines)):
        key = lines[k].key
        if not key:
            continue
        window = min(limit, cursor + RESYNC_CHARS + len(key))
        hit = cursor if stream.startswith(key, cursor, limit) else stream.find(key, cursor, window)
        if hit < 0:
            misses += 1
            if misses > MAX_MISSED_LINES:
                break
            continue
        cursor, last, misses = hit + len(key), k, 0
        matched, matched_lines = matched + len(key), matched_lines + 1
    if matched < MIN_REPEAT_CHARS or matched_lines < MIN_REPEAT_LINES:
        return None
    first_copy_end = bisect_right(positions, cursor - 1) - 1
    return _restart(lines, stream, index, earlier, first_copy_end), last, first_copy_end


def _restart(lines: list[_Line], stream: str, index: int, earlier: int, floor: int) -> int:
    """Walk back from ``index`` over short lines (title, speaker…) that also precede the first copy."""
    first = index
    for k in range(index - 1, floor, -1):
        key = lines[k].key
        if not key:
            continue
        if not stream.endswith(key, 0, earlier):
            break
        earlier -= len(key)
        first = k
    return first


def _mark_outside(lines: list[_Line], chrome: list[bool], body: list[bool], rules: ChromeRules) -> None:
    """Cue lines and link lists before the first report paragraph and after the last."""
    first = body.index(True)
    last = len(body) - 1 - body[::-1].index(True)
    for i in (*range(first), *range(last + 1, len(lines))):
        key = lines[i].key
        if key and rules.outside.fullmatch(key):
            chrome[i] = True
    for i in range(last + 1, len(lines)):
        if lines[i].key and rules.tail_start.fullmatch(lines[i].key):
            chrome[i:] = [True] * (len(lines) - i)
            break
    _mark_link_runs(lines, chrome, range(first), rules)
    _mark_link_runs(lines, chrome, range(last + 1, len(lines)), rules)


def _mark_link_runs(lines: list[_Line], chrome: list[bool], region: range, rules: ChromeRules) -> None:
    run: list[int] = []
    for i in region:
        if not lines[i].key:
            continue  # blank lines neither break nor extend a run
        if chrome[i] or _looks_like_link(lines[i], rules):
            run.append(i)
            continue
        _mark_run(chrome, run)
        run = []
    _mark_run(chrome, run)


def _mark_run(chrome: list[bool], run: list[int]) -> None:
    if len(run) >= MIN_LINK_RUN:
        chrome[run[0] : run[-1] + 1] = [True] * (run[-1] + 1 - run[0])


def _looks_like_link(line: _Line, rules: ChromeRules) -> bool:
    return (
        len(line.key) <= MAX_LINK_CHARS
        and not line.tabbed
        and rules.prose.search(line.key) is None
        and rules.report_head.fullmatch(line.key) is None
    )


def _spans(lines: list[_Line], chrome: list[bool]) -> list[tuple[int, int]]:
    """Merge chrome lines into spans; blank lines between two chrome lines join them."""
    spans: list[tuple[int, int]] = []
    joinable = False
    for line, cue in zip(lines, chrome, strict=True):
        if cue and joinable:
            spans[-1] = (spans[-1][0], line.end)
        elif cue:
            spans.append((line.start, line.end))
        joinable = cue or (joinable and not line.key)
    return [span for span in spans if span[0] < span[1]]
