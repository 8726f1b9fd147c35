"""The sample report gives the same quantities whatever the file format or text encoding.

.docx and .pdf: the same (text, value, unit, comparator, kind, year, growth) records, each traceable
to its place in ``document.text``. Re-encoded text files: the same records with the same raw_spans.
"""

from __future__ import annotations

import codecs
import difflib
from pathlib import Path

import pytest
from builders import make_docx, make_pdf

from duban.extract import extract_file

KEYS = ("text", "value", "unit", "comparator", "kind", "year", "growth")
DIFF_RECORDS = 4  # how many differing records a failure message shows on each side


def squeeze(text: str) -> str:
    return "".join(text.split())


def records(result: dict, *, with_span: bool = False) -> list[tuple]:
    keys = (*KEYS, "raw_span") if with_span else KEYS
    return [tuple(tuple(q[k]) if k == "raw_span" else q[k] for k in keys) for q in result["quantities"]]


def short_diff(expected: list[tuple], got: list[tuple]) -> str:
    """The first differing stretch of two record lists: what the .txt gave, and what came instead."""
    matcher = difflib.SequenceMatcher(a=expected, b=got, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lines = [f"first difference ({tag}) at .txt record {i1}, other record {j1}:"]
        lines += [f"  - {r}" for r in expected[i1 : min(i2, i1 + DIFF_RECORDS)]]
        lines += [f"  + {r}" for r in got[j1 : min(j2, j1 + DIFF_RECORDS)]]
        return "\n".join(lines)
    return "no difference"


def to_docx(text: str, folder: Path) -> Path:
    return make_docx(text, folder / "aimin-2024.docx")


def to_pdf(text: str, folder: Path) -> Path:
    return make_pdf(text, folder / "aimin-2024.pdf")


DOCUMENTS = [pytest.param(to_docx, "docx", id="docx"), pytest.param(to_pdf, "pdf", id="pdf")]


@pytest.mark.parametrize(("build", "source_format"), DOCUMENTS)
def test_document_gives_the_same_quantities(tmp_path, sample_text, sample_result, build, source_format):
    result = extract_file(build(sample_text, tmp_path))
    assert result["document"].get("source_format") == source_format
    expected, got = records(sample_result), records(result)
    assert got == expected, (
        f"{source_format}: {len(got)} quantities against {len(expected)} from the .txt\n"
        + short_diff(expected, got)
    )


@pytest.mark.parametrize(("build", "source_format"), DOCUMENTS)
def test_document_spans_point_into_document_text(tmp_path, sample_text, build, source_format):
    result = extract_file(build(sample_text, tmp_path))
    text = result["document"].get("text")
    assert isinstance(text, str) and text, f"{source_format}: no document.text in the output"
    assert result["quantities"], f"{source_format}: no quantities"
    wrong = []
    for q in result["quantities"]:
        start, end = q["raw_span"]
        if not 0 <= start < end <= len(text):
            wrong.append(f"{q['id']} {q['text']!r}: raw_span {q['raw_span']} outside document.text")
        elif squeeze(text[start:end]) != squeeze(q["text"]):
            wrong.append(f"{q['id']} {q['text']!r}: document.text there is {text[start:end]!r}")
    assert not wrong, f"{source_format}: {len(wrong)} quantities not at their raw_span:\n" + "\n".join(
        wrong[:8]
    )


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


ENCODINGS = [
    pytest.param(lambda text: text.encode("gb18030"), id="GB18030"),
    pytest.param(lambda text: text.encode("utf-16"), id="UTF-16"),
    pytest.param(lambda text: codecs.BOM_UTF8 + crlf(text).encode("utf-8"), id="UTF-8 with BOM and CRLF"),
]


@pytest.mark.parametrize("encode", ENCODINGS)
def test_reencoded_text_gives_the_same_quantities_and_spans(tmp_path, sample_text, sample_result, encode):
    path = tmp_path / "aimin-2024.txt"
    path.write_bytes(encode(sample_text))
    result = extract_file(path)
    expected, got = records(sample_result, with_span=True), records(result, with_span=True)
    assert expected, "the sample gave no quantities"
    assert got == expected, f"{len(got)} quantities against {len(expected)}\n" + short_diff(expected, got)


def test_bold_unnumbered_docx_headings_open_the_parts(tmp_path):
    """Issue #10, class 2: a .docx whose parts are bold lines with no number."""
    import docx

    document = docx.Document()
    document.add_paragraph("2026年政府工作报告")
    document.add_paragraph("各位代表：")
    for text, bold in (
        ("2025年工作回顾和“十四五”时期发展成就", True),
        ("过去一年，全省地区生产总值增长5%，一般公共预算收入增长3%。", False),
        ("2026年工作安排", True),
        ("今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。", False),
    ):
        document.add_paragraph().add_run(text).bold = bold
    path = tmp_path / "bold-headings.docx"
    document.save(path)
    result = extract_file(path)
    assert [(s["title"], s["part"]) for s in result["outline"]] == [
        ("2025年工作回顾和“十四五”时期发展成就", "review"),
        ("2026年工作安排", "plan"),
    ]
    assert [(q["kind"], q["year"]) for q in result["quantities"]] == [
        ("actual", 2025),
        ("actual", 2025),
        ("target", 2026),
    ]
