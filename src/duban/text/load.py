"""Read a report file into text: a path in, ``LoadedText`` out.

Accepted: ``.txt`` and ``.md`` (UTF-8 with or without BOM, UTF-16, GB18030/GBK,
anything charset-normalizer recognises), ``.docx`` and ``.pdf`` with a text layer.
A file with another extension is read as text when its bytes decode as text.

The returned text is what the contract's ``raw_span`` offsets point into: for text
files exactly the decoded characters with ``\\r\\n`` and ``\\r`` read as ``\\n`` and
no BOM; for documents the text duban extracted (one paragraph, table row or PDF
text block per line).

Raises ``ReportError`` (one line in Chinese: what is wrong and what to do) for
anything that is not a readable report; no other exception escapes for bad input.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import regex

from duban.errors import Refusal
from duban.text.files import FileRefused, read_limited
from duban.text.office import PackageRefused, check_package

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# A report has thousands of ideographs; an English or numeric file has next to none.
MIN_HAN_CHARS = 20

ACCEPTED = ".txt、.md、.docx 或带文字层的 .pdf"

_HAN = regex.compile(r"\p{Han}")
# C0 controls other than tab, newlines, vertical tab and form feed, which real text files carry.
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
# Word encrypts a .docx by wrapping it in an OLE compound file; old .doc files are OLE too.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf"}


class ReportError(Refusal):
    """The input is not a report duban can read; ``str(err)`` is one line for the user."""


@dataclass(frozen=True)
class LoadedText:
    text: str  # decoded text, newlines normalised to "\n", no BOM
    source_format: str  # "txt", "md", "docx" or "pdf"
    encoding: str | None = None  # for text files, the encoding that decoded them


def load_report(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Read ``path`` as a report; raise ``ReportError`` when it cannot be one."""
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    source_format = _format_of(path, data)
    if source_format == "docx":
        loaded = LoadedText(_docx_text(data, path), "docx")
    elif source_format == "pdf":
        loaded = LoadedText(_pdf_text(data, path), "pdf")
    else:
        text, encoding = _decode(data, path, strict_type=source_format != "unknown")
        loaded = LoadedText(text, "txt" if source_format == "unknown" else source_format, encoding)
    _check_content(loaded.text, path)
    return loaded


def _error(path: Path, problem: str, advice: str) -> ReportError:
    # The message is printed as one line, so a newline in a file name must not break it.
    name = str(path).replace("\n", " ")
    return ReportError(f"{name}：{problem}；{advice}")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        return read_limited(path, max_bytes, advice="如确是报告，请用 --max-mb 提高上限")
    except FileRefused as err:
        raise ReportError(str(err)) from None


def _format_of(path: Path, data: bytes) -> str:
    """The reader for ``path``: by extension, else by content ("unknown" = try as text)."""
    suffix = path.suffix.lower()
    if suffix in _FORMATS:
        return _FORMATS[suffix]
    if data.startswith(_PDF_MAGIC):
        return "pdf"
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        raise _unsupported(path)
    return "unknown"


def _unsupported(path: Path) -> ReportError:
    return _error(path, f"不支持这种文件格式（{path.suffix or '无扩展名'}）", f"duban 只接受 {ACCEPTED}")


def _decode(data: bytes, path: Path, *, strict_type: bool) -> tuple[str, str]:
    """Decode a text file; ``strict_type`` means the extension promised text."""
    decoded = _decode_bytes(data)
    if decoded is None or _too_many_controls(decoded[0]):
        if strict_type:
            raise _error(path, "看起来是二进制文件，不是文本", f"请提供 {ACCEPTED}")
        raise _unsupported(path)
    text, encoding = decoded
    # Python's text mode reads these line endings as "\n"; raw_span offsets assume the same.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.removeprefix("\ufeff"), encoding


def _decode_bytes(data: bytes) -> tuple[str, str] | None:
    """Text and encoding name, or None when the bytes are not text."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _try_decode(data, codec)
    codec = _utf16_codec(data)
    if codec:
        return _try_decode(data, codec)
    if b"\x00" in data:
        return None
    # Strict UTF-8 first: GB18030 accepts almost any byte string, so it must not go first.
    return _try_decode(data, "utf-8") or _try_decode(data, "gb18030") or _guess_encoding(data)


def _try_decode(data: bytes, codec: str) -> tuple[str, str] | None:
    try:
        return data.decode(codec), codec
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_codec(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit on one side of the byte pairs, as ASCII does in UTF-16."""
    if len(data) % 2:
        return None
    sample = data[:8192]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # Ideographs like U+4E00 put a NUL on the other side too, so ask for a clear majority.
    if odd >= len(sample) // 100 + 1 and odd >= 4 * even:
        return "utf-16-le"
    if even >= len(sample) // 100 + 1 and even >= 4 * odd:
        return "utf-16-be"
    return None


def _guess_encoding(data: bytes) -> tuple[str, str] | None:
    import charset_normalizer

    try:
        best = charset_normalizer.from_bytes(data).best()
    except Exception:  # the detector's failure only means "not text"
        return None
    if best is None or best.encoding is None:
        return None
    return str(best), best.encoding


def _too_many_controls(text: str) -> bool:
    return len(_CONTROL.findall(text)) > len(text) // 100 + 2


def _check_content(text: str, path: Path) -> None:
    if not text.strip():
        raise _error(path, "没有正文，只有空白", "请检查下载或导出是否完整")
    han = sum(1 for _ in islice(_HAN.finditer(text), MIN_HAN_CHARS))
    if han < MIN_HAN_CHARS:
        raise _error(path, f"几乎没有中文（只有 {han} 个汉字），不像政府工作报告", "请检查是否选错了文件")


# --- .docx ------------------------------------------------------------------------------


def _docx_text(data: bytes, path: Path) -> str:
    if data.startswith(_OLE_MAGIC):
        raise _error(path, "这是加密的 Word 文件或旧版 .doc", "请去掉密码并另存为 .docx 后再试")
    try:
        check_package(data)
    except PackageRefused as err:
        raise _error(path, str(err), "请用 Word 或 WPS 打开后重新另存为 .docx") from None
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_lines(document.element.body, document))
    except Exception as err:  # python-docx raises zip, XML, key and value errors for a broken file
        raise _error(
            path, "不是有效的 .docx（文件损坏或并非 Word 文档）", "请用 Word 或 WPS 打开后重新另存为 .docx"
        ) from err


def _docx_lines(parent, document) -> list[str]:
    """Paragraphs and table rows of a body element, in document order."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            # A heading Word shows by its style or in bold: marked as Markdown, so that the text
            # stage keeps it a line of its own and the outline can read it as a part's heading.
            lines.append(("# " if _is_heading(paragraph) else "") + paragraph.text)
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_rows(Table(child, document)))
        elif child.tag == qn("w:sdt"):
            # Content controls wrap ordinary paragraphs and tables.
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                lines.extend(_docx_lines(content, document))
    return lines


_HEADING_STYLES = ("Heading", "Title", "标题")
_HEADING_MAX = 40
_SENTENCE_MARKS = "。；;！!？?"


def _is_heading(paragraph) -> bool:
    text = paragraph.text.strip()
    if not text or len(text) > _HEADING_MAX or text[-1] in _SENTENCE_MARKS:
        return False
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    if style.startswith(_HEADING_STYLES):
        return True
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


def _table_rows(table) -> list[str]:
    from docx.table import _Cell

    rows = []
    for tr in table._tbl.tr_lst:
        # Each <w:tc> once: python-docx's row.cells repeats a merged cell for every column it spans.
        cells = (_Cell(tc, table) for tc in tr.tc_lst)
        rows.append("\t".join(_join_wrapped([p.text for p in cell.paragraphs]) for cell in cells))
    return rows


# --- .pdf -------------------------------------------------------------------------------


def _pdf_text(data: bytes, path: Path) -> str:
    import pymupdf

    # MuPDF prints its complaints to stderr; the user must see only our one line.
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    # MuPDF sniffs the content and would happily open a text or image file named .pdf.
    if _PDF_MAGIC not in data[:1024]:
        raise _error(path, "不是有效的 PDF（没有 PDF 文件头）", "请重新下载或导出后再试")
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as err:  # FileDataError and friends: not a PDF MuPDF can repair
        raise _error(path, "不是有效的 PDF（文件损坏）", "请重新下载或导出后再试") from err
    with document:
        if document.needs_pass:
            raise _error(path, "这是加密的 PDF，需要密码才能读取", "请去掉密码后另存一份再试")
        if document.page_count == 0:
            raise _error(path, "不是有效的 PDF（没有页面，文件可能损坏）", "请重新下载或导出后再试")
        try:
            pages = [_page_text(page) for page in document]
        except Exception as err:  # a damaged page stream fails only when it is read
            raise _error(path, "PDF 内容损坏，无法读取文字", "请重新下载或导出后再试") from err
    text = "\n".join(page for page in pages if page)
    if not text.strip():
        raise _error(
            path, "PDF 没有文字层（可能是扫描件）", "请先做 OCR（如 ocrmypdf -l chi_sim）再用生成的 PDF"
        )
    return text


def _page_text(page) -> str:
    blocks = page.get_text("dict", flags=_text_flags())["blocks"]
    lines = []
    for block in blocks:
        spans = ["".join(span["text"] for span in line["spans"]) for line in block.get("lines", ())]
        joined = _join_wrapped(spans)
        if joined.strip():
            lines.append(joined)
    return "\n".join(lines)


def _text_flags() -> int:
    import pymupdf

    return pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES


def _join_wrapped(lines: list[str]) -> str:
    """Join lines wrapped by layout: nothing between Chinese or digits, one space between Latin words.

    A number wrapped at the line end (化解积案1 / 0件) is one number, so digits join directly.
    """
    joined = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        digits = joined[-1:].isdigit() and line[0].isdigit()
        if joined and _is_latin(joined[-1]) and _is_latin(line[0]) and not digits:
            joined += " "
        joined += line
    return joined


def _is_latin(char: str) -> bool:
    # Letters and digits of alphabetic scripts sit below the CJK blocks that start at U+2E80.
    return char.isalnum() and ord(char) < 0x2E80
