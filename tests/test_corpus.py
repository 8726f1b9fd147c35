"""Every report of the shared corpus extracts cleanly into a well-formed contract.

The contract is ``shared/spec/extraction.md``. Besides the shape of the output this checks that no
quantity comes from page chrome, that a report a web page carries twice is read once, and the
document facts of each corpus report.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from duban.extract import extract_file
from duban.text.chrome import find_chrome
from duban.text.load import load_report

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"

# file -> level, plan_year, review_year, date
FACTS = {
    "aimin-2024.txt": ("county", 2024, 2023, "2024-01-10"),
    "cn-state-council-2024.txt": ("national", 2024, 2023, "2024-03-05"),
    "hebei-province-2024.txt": ("province", 2024, 2023, "2024-01-21"),
    "hebei-province-2025.txt": ("province", 2025, 2024, "2025-01-13"),
    "hlj-province-2026.txt": ("province", 2026, 2025, "2026-01-31"),
    "baoding-city-2023.txt": ("city", 2023, 2022, "2023-01-30"),
}
# Reports that carry the whole text twice, and the heading that starts each copy.
TWICE = {
    "hebei-province-2024.txt": "一、2023年工作回顾",
    "hebei-province-2025.txt": "一、2024年工作回顾",
}
FILES = sorted({p.name for p in CORPUS.glob("*.txt")} | FACTS.keys())

SCHEMA = "duban.extract/2"
FIELDS = (
    "id",
    "section",
    "raw_span",
    "text",
    "value",
    "unit",
    "comparator",
    "kind",
    "year",
    "growth",
    "metric",
)
COMPARATORS = {"eq", "gt", "ge", "lt", "le", "approx"}
KINDS = {"actual", "target"}
LEVELS = {"national", "province", "city", "county", None}
ROOT_ID = re.compile(r"[1-9][0-9]*")
CONTEXT = 15  # characters each side: 30 characters of surrounding raw text


def corpus_path(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus report not found: {path}")
    return path


@functools.cache
def extracted(name: str) -> dict:
    """The contract for a corpus report, extracted once (do not mutate)."""
    return extract_file(corpus_path(name))


@functools.cache
def raw_text(name: str) -> str:
    """The text the ``raw_span`` offsets point into."""
    return load_report(corpus_path(name)).text


def squeeze(text: str) -> str:
    return "".join(text.split())


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def walk(sections: list[dict], parent: str | None = None):
    """``(parent id, section)`` for every section of the outline, depth first."""
    for section in sections:
        yield parent, section
        yield from walk(section.get("children") or [], section.get("id"))


def describe(q: dict) -> str:
    return f"{q.get('id')} {q.get('text')!r} at {q.get('raw_span')}"


def line_starts(text: str, heading: str) -> list[int]:
    """Offsets of the lines that read ``heading`` (ignoring whitespace and Markdown ``#``)."""
    starts, offset = [], 0
    for line in text.split("\n"):
        if squeeze(line).lstrip("#") == heading:
            starts.append(offset)
        offset += len(line) + 1
    return starts


ALL = [pytest.param(name, id=name.removesuffix(".txt")) for name in FILES]


# --- the contract's shape ----------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_extracts_without_error(name):
    result = extract_file(corpus_path(name))
    assert result["schema"] == SCHEMA
    for key in ("document", "outline", "quantities", "indicators", "tasks"):
        assert key in result, f"{name}: no {key!r} in the output"
    assert result["quantities"], f"{name}: no quantity found in a whole report"


@pytest.mark.parametrize("name", ALL)
def test_quantities_have_every_field_with_its_type(name):
    result, text = extracted(name), raw_text(name)
    section_ids = {section["id"] for _, section in walk(result["outline"])}
    problems = []
    for q in result["quantities"]:
        missing = [field for field in FIELDS if field not in q]
        if missing:
            problems.append(f"{describe(q)}: missing {missing}")
            continue
        span = q["raw_span"]
        checks = {
            "id is a string": isinstance(q["id"], str) and q["id"],
            "section is an outline id or null": q["section"] is None or q["section"] in section_ids,
            "text is a string": isinstance(q["text"], str) and q["text"],
            "value is a number or null": q["value"] is None or is_number(q["value"]),
            "unit is a string": isinstance(q["unit"], str) and q["unit"],
            "comparator is known": q["comparator"] in COMPARATORS,
            "kind is known": q["kind"] in KINDS,
            "growth is a bool": isinstance(q["growth"], bool),
            "year is an int or null": q["year"] is None
            or (isinstance(q["year"], int) and not isinstance(q["year"], bool)),
            "metric is a string or null": q["metric"] is None or isinstance(q["metric"], str),
            "raw_span is [a, b) with 0 <= a < b <= len(text)": isinstance(span, list)
            and len(span) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in span)
            and 0 <= span[0] < span[1] <= len(text),
        }
        problems += [f"{describe(q)}: not {check} ({q})" for check, ok in checks.items() if not ok]
    assert not problems, f"{name}: {len(problems)} malformed quantities:\n" + "\n".join(problems[:10])


@pytest.mark.parametrize("name", ALL)
def test_quantity_text_is_the_text_at_its_raw_span(name):
    result, text = extracted(name), raw_text(name)
    wrong = [
        f"{describe(q)}: the text there is {text[q['raw_span'][0] : q['raw_span'][1]]!r}"
        for q in result["quantities"]
        if squeeze(text[q["raw_span"][0] : q["raw_span"][1]]) != squeeze(q["text"])
    ]
    assert not wrong, f"{name}: quantities not traceable to their place:\n" + "\n".join(wrong[:10])


@pytest.mark.parametrize("name", ALL)
def test_quantity_ids_are_unique(name):
    counts = Counter(q["id"] for q in extracted(name)["quantities"])
    repeated = sorted(qid for qid, n in counts.items() if n > 1)
    assert not repeated, f"{name}: repeated quantity ids {repeated}"


@pytest.mark.parametrize("name", ALL)
def test_task_quantities_exist(name):
    result = extracted(name)
    ids = {q["id"] for q in result["quantities"]}
    dangling = [
        (task.get("id"), qid)
        for task in result["tasks"]
        for qid in task.get("quantities") or []
        if qid not in ids
    ]
    assert not dangling, f"{name}: tasks list quantities that do not exist: {dangling[:10]}"


@pytest.mark.parametrize("name", ALL)
def test_each_plan_quantity_is_in_exactly_one_task(name):
    """The contract: each plan-part quantity of the plan year is in exactly one task, and a
    quantity of a span of years (a 十五五 goal) is in none."""
    result = extracted(name)
    parts = {section["id"]: section.get("part") for section in result["outline"]}
    listed = Counter(qid for task in result["tasks"] for qid in task.get("quantities") or [])
    plan = [
        q for q in result["quantities"] if q["section"] and parts.get(q["section"].split(".")[0]) == "plan"
    ]
    wrong = [
        f"{describe(q)} in section {q['section']} (period {q['period']}): in {listed[q['id']]} tasks"
        for q in plan
        if listed[q["id"]] != (0 if q["period"] else 1)
    ]
    assert not wrong, (
        f"{name}: {len(wrong)} of {len(plan)} plan quantities not in exactly one task:\n"
        + "\n".join(wrong[:10])
    )


@pytest.mark.parametrize("name", ALL)
def test_outline_ids_are_dotted_paths(name):
    outline = extracted(name)["outline"]
    assert outline, f"{name}: empty outline"
    wrong = []
    for parent, section in walk(outline):
        sid = section.get("id")
        if not isinstance(sid, str):
            wrong.append(f"{sid!r}: not a string")
        elif parent is None and not ROOT_ID.fullmatch(sid):
            wrong.append(f"top-level {sid!r}: not a number")
        elif parent is not None and not (
            sid.startswith(parent + ".") and ROOT_ID.fullmatch(sid.removeprefix(parent + "."))
        ):
            wrong.append(f"{sid!r}: not a child path of {parent!r}")
    ids = Counter(section.get("id") for _, section in walk(outline))
    wrong += [f"{sid!r}: used {n} times" for sid, n in ids.items() if n > 1]
    assert not wrong, f"{name}: bad section ids:\n" + "\n".join(wrong[:10])


@pytest.mark.parametrize("name", ALL)
def test_document_level_is_allowed(name):
    level = extracted(name)["document"].get("level", "absent")
    assert level in LEVELS, f"{name}: document.level {level!r} not in {sorted(map(str, LEVELS))}"


# --- page chrome and repeated copies -----------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_no_quantity_from_page_chrome(name):
    chrome = find_chrome(raw_text(name))
    inside = [
        f"{describe(q)} overlaps chrome {span}: {raw_text(name)[span[0] : span[1]][:60]!r}…"
        for q in extracted(name)["quantities"]
        for span in chrome
        if q["raw_span"][0] < span[1] and span[0] < q["raw_span"][1]
    ]
    assert not inside, f"{name}: quantities taken from page chrome:\n" + "\n".join(inside[:10])


TWICE_PARAMS = [pytest.param(name, heading, id=name.removesuffix(".txt")) for name, heading in TWICE.items()]


@pytest.mark.parametrize(("name", "heading"), TWICE_PARAMS)
def test_a_report_given_twice_gives_each_quantity_once(name, heading):
    text = raw_text(name)
    keys = Counter()
    for q in extracted(name)["quantities"]:
        start, end = q["raw_span"]
        around = text[max(0, start - CONTEXT) : start] + text[end : end + CONTEXT]
        keys[(q["text"], q["value"], q["unit"], q["metric"], around)] += 1
    repeated = [f"{key[0]!r} ({key[3]}) x{n} around {key[4]!r}" for key, n in keys.items() if n > 1]
    assert not repeated, f"{name}: quantities given more than once:\n" + "\n".join(repeated[:10])


@pytest.mark.parametrize(("name", "heading"), TWICE_PARAMS)
def test_no_quantity_in_the_second_copy(name, heading):
    starts = line_starts(raw_text(name), heading)
    assert len(starts) == 2, f"{name}: expected the line {heading!r} twice, found it at {starts}"
    second = starts[1]
    late = [describe(q) for q in extracted(name)["quantities"] if q["raw_span"][1] > second]
    assert not late, f"{name}: quantities in the second copy (from offset {second}):\n" + "\n".join(late[:10])


# --- document facts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "level", "plan_year", "review_year", "date"),
    [pytest.param(name, *facts, id=name.removesuffix(".txt")) for name, facts in FACTS.items()],
)
def test_document_facts(name, level, plan_year, review_year, date):
    document = extracted(name)["document"]
    got = {key: document.get(key) for key in ("level", "plan_year", "review_year", "date")}
    expected = {"level": level, "plan_year": plan_year, "review_year": review_year, "date": date}
    assert got == expected, f"{name}: document facts"


def test_sample_region_and_speaker(sample_result):
    document = sample_result["document"]
    assert (document.get("region"), document.get("speaker")) == ("牡丹江市爱民区", "王晓宇")


def test_sample_outline(sample_result):
    outline = sample_result["outline"]
    shape = [(section.get("part"), len(section.get("children") or [])) for section in outline]
    assert len(outline) == 2, f"top-level sections: {[(s.get('id'), s.get('title')) for s in outline]}"
    assert shape[0] == ("review", 6), f"first section (part, children): {shape[0]}"
    assert shape[1][0] == "plan", f"second section part: {shape[1][0]}"
