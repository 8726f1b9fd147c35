"""Opening a file: a path, bytes or a binary stream in; an ``OpenedWorkbook`` or a ``WorkbookError`` out.

Reading never lets an openpyxl or zipfile exception escape: a file that is not an .xlsx the
offices can fix (empty, too big, an old .xls, a Word or PowerPoint file, password-protected,
cut off, damaged) is refused from its first bytes or its package contents, with one Chinese
line saying what is wrong and what to do. ``safe_rows`` keeps that promise while a sheet is read.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
from openpyxl.workbook import Workbook

from duban.sheets.workbook import WorkbookError
from duban.text.files import FileRefused, check_regular
from duban.text.office import PackageRefused, check_package

Source = Path | str | bytes | BinaryIO

MAX_BYTES = 50 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
# OLE2 directory entries are UTF-16LE; these stream names tell an encrypted OOXML file
# (Excel's "password to open") and a Word 97 document from an old .xls.
ENCRYPTED_STREAM = "EncryptionInfo".encode("utf-16-le")
WORD_STREAM = "WordDocument".encode("utf-16-le")


def workbook_bytes(source: Source, what: str = "工作簿") -> bytes:
    """The bytes of a workbook file, upload or stream, never more than ``MAX_BYTES`` of them.

    A path must be an ordinary file (a link to one is fine): a directory, a device or a pipe is
    refused before anything is read.
    """
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        path = Path(source)
        try:
            size = check_regular(path, MAX_BYTES, name=f"“{path.name}”")
        except FileRefused as err:
            if path.is_file():
                raise _too_big(what) from None
            if not path.exists() and not path.is_symlink():
                raise WorkbookError(f"找不到文件“{path.name}”，请重新选择要导入的{what}") from None
            raise WorkbookError(str(err)) from None
        try:
            with path.open("rb") as handle:
                data = handle.read(size + 1)  # not MAX_BYTES: read(n) sets n bytes aside first
        except OSError as err:
            raise WorkbookError(f"无法读取文件“{path.name}”，请确认文件未被占用后重新选择") from err
    else:
        # One byte over the limit is enough to know the file is too big without reading it all.
        data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_big(what)
    return data


def _too_big(what: str) -> WorkbookError:
    limit = MAX_BYTES // (1024 * 1024)
    return WorkbookError(
        f"文件过大（超过 {limit} MB），请只保留{what}所在的工作表、删除图片后另存为 .xlsx 再导入"
    )


def _sniff(data: bytes, what: str) -> None:
    """Refuse, from the first bytes, what is plainly not an .xlsx."""
    if not data:
        raise WorkbookError(f"文件是空的（0 字节），请重新选择要导入的{what}")
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise WorkbookError("工作簿设有密码保护，请取消密码后另存为 .xlsx 再导入")
        if WORD_STREAM in data:
            raise WorkbookError(f"这是旧版 Word 文档（.doc），不是 Excel 工作簿；请上传督办系统导出的{what}")
        raise WorkbookError("这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 后再导入")
    if not data.startswith(ZIP_MAGIC):
        raise WorkbookError("文件已损坏或不是 Excel 工作簿（.xlsx），请用 Excel 打开并另存为 .xlsx 后再导入")


def _check_package(data: bytes, what: str) -> None:
    """The file is a zip: make sure it is whole and is a spreadsheet, not another Office file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        # An .xlsx keeps its table of contents at the very end, so a cut-off download lands here.
        raise WorkbookError(
            "文件已损坏或不完整（可能下载或复制时被截断），请重新导出或重新下载后再导入"
        ) from err
    if "xl/workbook.xml" in names:
        try:
            check_package(data)
        except PackageRefused as err:
            raise WorkbookError(f"工作簿无法安全打开：{err}；请用 Excel 打开后另存为 .xlsx 再导入") from None
        return
    if "word/document.xml" in names:
        raise WorkbookError(
            f"这是 Word 文档（.docx），不是 Excel 工作簿；请上传督办系统导出的{what}（.xlsx）"
        )
    if "ppt/presentation.xml" in names:
        raise WorkbookError(f"这是 PowerPoint 文件（.pptx），不是 Excel 工作簿；请上传{what}（.xlsx）")
    if "xl/workbook.bin" in names:
        raise WorkbookError("这是 Excel 二进制工作簿（.xlsb），请在 Excel 中另存为 .xlsx 后再导入")
    if "content.xml" in names:
        raise WorkbookError("这是 OpenDocument 表格（.ods），请在 Excel 或 WPS 中另存为 .xlsx 后再导入")
    raise WorkbookError(f"文件是压缩包而不是 Excel 工作簿，请上传督办系统导出的{what}（.xlsx）")


def corrupt_error(err: Exception) -> WorkbookError:
    """The refusal for a part openpyxl could not parse; raised ``from err`` to keep the detail."""
    return WorkbookError("文件已损坏，无法读取其中的表格，请用 Excel 打开并另存为 .xlsx 后再导入")


@dataclass
class OpenedWorkbook:
    """A read-only workbook and the bytes it came from (merged ranges are read from them)."""

    book: Workbook
    data: bytes

    def close(self) -> None:
        # Closing a broken archive must not hide the error that is being raised.
        with contextlib.suppress(Exception):
            self.book.close()


def open_workbook(source: Source, what: str = "工作簿") -> OpenedWorkbook:
    """Open ``source`` read-only with cached values, or raise ``WorkbookError``."""
    data = workbook_bytes(source, what)
    _sniff(data, what)
    _check_package(data, what)
    try:
        # read_only streams the sheet XML row by row; data_only gives the values Excel last
        # computed rather than formulas, which is what the office saw.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises anything on a damaged part
        raise corrupt_error(err) from err
    return OpenedWorkbook(book, data)


def safe_rows(iterator: Iterator[Any]) -> Iterator[Any]:
    """openpyxl parses lazily, so a damaged sheet fails mid-iteration: turn that into a refusal."""
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except Exception as err:  # any parser error means a damaged sheet
            raise corrupt_error(err) from err
        yield item
