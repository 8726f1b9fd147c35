"""load_report: every bad input is one ReportError line; every good encoding reads the same text."""

from __future__ import annotations

import codecs
import random
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

import pymupdf
import pytest
from builders import make_docx, make_pdf, paragraphs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.text.load import LoadedText, ReportError, load_report

SAMPLE_PATH = Path(str(resources.files("duban") / "samples" / "aimin-2024.txt"))
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")  # text mode: the reading raw_span offsets assume
NOISE = random.Random(7).randbytes(4000).replace(b"\x00", b"\x01")
TABLE = [["指标", "2024年目标"], ["地区生产总值", "增长6%"], ["固定资产投资", "增长10%"]]


def squeeze(text: str) -> str:
    return "".join(text.split())


# --- bad inputs --------------------------------------------------------------------------


def write(name: str, data: bytes):
    def build(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return build


def missing(tmp_path: Path) -> Path:
    return tmp_path / "报告.txt"


def directory(tmp_path: Path) -> Path:
    path = tmp_path / "reports.txt"
    path.mkdir()
    return path


def zip_without_document(tmp_path: Path) -> Path:
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "这不是 Word 文档")
    return path


def truncated_docx(tmp_path: Path) -> Path:
    path = make_docx(SAMPLE, tmp_path / "report.docx")
    path.write_bytes(path.read_bytes()[:2000])
    return path


def encrypted_pdf(tmp_path: Path) -> Path:
    path = make_pdf(SAMPLE[:2000], tmp_path / "clean.pdf")
    document = pymupdf.open(path)
    target = tmp_path / "report.pdf"
    document.save(target, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")
    return target


def pdf_with(draw) -> object:
    def build(tmp_path: Path) -> Path:
        document = pymupdf.open()
        draw(document.new_page())
        path = tmp_path / "scan.pdf"
        document.save(path)
        return path

    return build


def truncated_pdf(tmp_path: Path) -> Path:
    path = make_pdf(SAMPLE, tmp_path / "report.pdf")
    path.write_bytes(path.read_bytes()[:300])
    return path


BAD_INPUTS = [
    pytest.param(write("report.txt", b""), {}, "空的", id="empty file (0 bytes)"),
    pytest.param(write("report.txt", b" \n\t\r\n\xe3\x80\x80\n"), {}, "空白", id="whitespace only"),
    pytest.param(write("report.txt", bytes(range(256)) * 8), {}, "二进制", id="binary bytes with NULs"),
    pytest.param(write("report.txt", NOISE), {}, "二进制", id="undecodable bytes without NULs"),
    pytest.param(
        write("report.txt", b"Government work report. GDP grew 5.2 percent.\n" * 40),
        {},
        "几乎没有中文",
        id="English-only text",
    ),
    pytest.param(
        write("report.md", "增长5%\n2024年\n".encode()), {}, "几乎没有中文", id="too few ideographs"
    ),
    pytest.param(missing, {}, "找不到", id="missing file"),
    pytest.param(directory, {}, "目录", id="a directory"),
    pytest.param(
        write("report.txt", SAMPLE.encode()), {"max_bytes": 1000}, "--max-mb", id="larger than max_bytes"
    ),
    pytest.param(
        write("report.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
        {},
        "不支持",
        id="unsupported .xls",
    ),
    pytest.param(
        write("report.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))), {}, "不支持", id="unsupported .png"
    ),
    pytest.param(write("report.zip", b"PK\x03\x04" + bytes(100)), {}, "不支持", id="unsupported .zip"),
    pytest.param(zip_without_document, {}, ".docx", id="zip that is not a docx"),
    pytest.param(truncated_docx, {}, ".docx", id="truncated docx"),
    pytest.param(write("report.docx", SAMPLE.encode()), {}, ".docx", id="docx that is really a text file"),
    pytest.param(
        write("report.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
        {},
        "加密",
        id="password-protected docx",
    ),
    pytest.param(encrypted_pdf, {}, "加密", id="encrypted PDF"),
    pytest.param(pdf_with(lambda page: None), {}, "OCR", id="PDF with a blank page"),
    pytest.param(
        pdf_with(lambda page: page.draw_rect(pymupdf.Rect(72, 72, 300, 300), fill=(0, 0, 0))),
        {},
        "OCR",
        id="PDF with only a drawn rectangle",
    ),
    pytest.param(write("report.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4), {}, "PDF", id="corrupt PDF"),
    pytest.param(truncated_pdf, {}, "PDF", id="PDF cut off after its header"),
    pytest.param(write("report.pdf", SAMPLE.encode()), {}, "PDF", id="pdf that is really a text file"),
]


@pytest.mark.parametrize(("build", "options", "problem"), BAD_INPUTS)
def test_bad_input_is_one_report_error_line(tmp_path, build, options, problem):
    path = build(tmp_path)
    with pytest.raises(ReportError) as caught:
        load_report(path, **options)
    message = str(caught.value)
    assert problem in message
    assert path.name in message
    assert "\n" not in message


def test_too_big_names_the_limit(tmp_path):
    path = write("report.txt", SAMPLE.encode())(tmp_path)
    with pytest.raises(ReportError, match="超过上限 1000 字节"):
        load_report(path, max_bytes=1000)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".docx", ".pdf", ".bin", ""]))
def test_arbitrary_bytes_never_raise_anything_else(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{suffix}"
        path.write_bytes(data)
        try:
            loaded = load_report(path)
        except ReportError as err:
            assert "\n" not in str(err)
        else:
            assert isinstance(loaded.text, str)


# --- text files --------------------------------------------------------------------------


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


ENCODINGS = [
    pytest.param(SAMPLE.encode("utf-8"), "utf-8", id="UTF-8"),
    pytest.param(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig", id="UTF-8 with BOM"),
    pytest.param(crlf(SAMPLE).encode("utf-8"), "utf-8", id="UTF-8 with CRLF line endings"),
    pytest.param(SAMPLE.replace("\n", "\r").encode("utf-8"), "utf-8", id="UTF-8 with CR line endings"),
    pytest.param(SAMPLE.encode("gb18030"), "gb18030", id="GB18030"),
    pytest.param(crlf(SAMPLE).encode("gb18030"), "gb18030", id="GB18030 with CRLF line endings"),
    pytest.param(codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16", id="UTF-16 LE with BOM"),
    pytest.param(
        codecs.BOM_UTF16_BE + crlf(SAMPLE).encode("utf-16-be"), "utf-16", id="UTF-16 BE with BOM, CRLF"
    ),
    pytest.param(SAMPLE.encode("utf-16-le"), "utf-16-le", id="UTF-16 LE without BOM"),
    pytest.param(SAMPLE.encode("utf-16-be"), "utf-16-be", id="UTF-16 BE without BOM"),
]


@pytest.mark.parametrize(("data", "encoding"), ENCODINGS)
def test_every_encoding_reads_the_same_text(tmp_path, data, encoding):
    path = tmp_path / "aimin-2024.txt"
    path.write_bytes(data)
    loaded = load_report(path)
    assert loaded == LoadedText(SAMPLE, "txt", encoding)


def test_gbk_report_decodes_as_gb18030(tmp_path):
    path = tmp_path / "report.md"
    path.write_bytes(SAMPLE.encode("gbk"))
    loaded = load_report(path)
    assert (loaded.text, loaded.source_format) == (SAMPLE, "md")


@pytest.mark.parametrize(
    "name", ["report", "report.text", "report.htm"], ids=["no extension", ".text", ".htm"]
)
def test_text_with_another_extension_reads_as_text(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(SAMPLE.encode("gb18030"))
    assert load_report(path) == LoadedText(SAMPLE, "txt", "gb18030")


def test_gold_offsets_point_into_the_loaded_text(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(codecs.BOM_UTF8 + crlf(SAMPLE).encode("utf-8"))
    text = load_report(path).text
    assert text[358:362] == "6.5%"  # q001 of the gold answers: offsets as Python's text mode reads


# --- documents ---------------------------------------------------------------------------


def assert_paragraphs_in_order(expected: list[str], text: str) -> None:
    flat, cursor = squeeze(text), 0
    for paragraph in expected:
        found = flat.find(squeeze(paragraph), cursor)
        assert found >= 0, f"missing or out of order: {paragraph[:40]}"
        cursor = found + len(squeeze(paragraph))


def test_docx_reads_paragraphs_and_table_in_body_order(tmp_path):
    loaded = load_report(make_docx(SAMPLE, tmp_path / "report.docx", table=TABLE))
    assert loaded.source_format == "docx"
    lines = loaded.text.split("\n")
    rows = ["\t".join(row) for row in TABLE]
    start = lines.index(rows[0])
    assert lines[start : start + len(rows)] == rows
    middle = paragraphs(SAMPLE)[len(paragraphs(SAMPLE)) // 2]
    assert lines[start - 1] == middle
    assert_paragraphs_in_order(paragraphs(SAMPLE), loaded.text)


def test_docx_one_paragraph_per_line(tmp_path):
    loaded = load_report(make_docx(SAMPLE, tmp_path / "report.docx"))
    assert loaded.text.split("\n") == paragraphs(SAMPLE)


def test_pdf_reads_every_paragraph(tmp_path):
    path = make_pdf(SAMPLE, tmp_path / "report.pdf")
    assert pymupdf.open(path).page_count > 1
    loaded = load_report(path)
    assert loaded.source_format == "pdf"
    assert_paragraphs_in_order(paragraphs(SAMPLE), loaded.text)


def test_pdf_joins_wrapped_lines_of_a_block(tmp_path):
    chinese = "全力推进乡村振兴确保粮食播种面积和产量分别稳定在十二万亩九千万斤以上加快发展特色产业"
    document = pymupdf.open()
    page = document.new_page()
    page.insert_textbox(pymupdf.Rect(72, 72, 200, 400), chinese, fontname="china-s", fontsize=11)
    page.insert_textbox(pymupdf.Rect(72, 500, 140, 700), "alpha beta gamma delta epsilon", fontsize=11)
    path = tmp_path / "wrapped.pdf"
    document.save(path)
    lines = load_report(path).text.split("\n")
    assert lines == [chinese, "alpha beta gamma delta epsilon"]
