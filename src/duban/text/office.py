"""An Office file (.docx, .xlsx: a zip of XML parts) checked before any parser opens it: its bytes
in, nothing out, or ``PackageRefused`` saying what is wrong in one line.

Refused: a zip bomb (a small file that expands to gigabytes: the sizes the zip declares are
checked, and Python's zip reader never gives more than a part declares), a package of too many
parts, and XML that declares a document type. Word, WPS and Excel never write one; it is how
entity tricks work (a billion laughs expanding in memory, an external entity reading a local
file), so a part with ``<!DOCTYPE`` or ``<!ENTITY`` is refused whatever the parser would do.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from duban.errors import Refusal
from duban.text.files import size_text

MAX_EXPANDED = 200 * 1024 * 1024  # all parts together, expanded
MAX_PART = 50 * 1024 * 1024  # one XML part, expanded: what a parser holds at once
MAX_PARTS = 10_000
_XML_PART = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1024 * 1024


class PackageRefused(Refusal):
    """The package is not safe to open; the message names the problem, not the file."""


def check_package(data: bytes, *, max_expanded: int = MAX_EXPANDED, max_part: int = MAX_PART) -> None:
    """Refuse a bomb or an XML document type; a damaged zip is left to the caller's reader."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return  # the caller's own reading says "damaged" in its words
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise PackageRefused(
                f"压缩包内有 {len(parts)} 个部件，超过上限 {MAX_PARTS}（可能是恶意构造的文件）"
            )
        expanded = sum(p.file_size for p in parts)
        if expanded > max_expanded:
            raise PackageRefused(
                f"文件解压后有 {size_text(expanded)}，超过上限 {size_text(max_expanded)}（可能是“压缩炸弹”）"
            )
        for part in parts:
            if not _XML_PART.search(part.filename):
                continue
            if part.file_size > max_part:
                raise PackageRefused(
                    f"其中的 {part.filename} 解压后有 {size_text(part.file_size)}，"
                    f"超过上限 {size_text(max_part)}"
                )
            try:
                declared = _declares_type(archive, part)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
                return  # a damaged or encrypted part: the caller's reader refuses the file
            if declared:
                raise PackageRefused(
                    f"其中的 {part.filename} 含有 XML 文档类型或实体声明（Office 从不写入，可能是恶意文件）"
                )


def _declares_type(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    tail = b""
    for chunk in stream(archive, part):
        if _DECLARATION.search(tail + chunk):
            return True
        tail = chunk[-16:]
    return False


def stream(archive: zipfile.ZipFile, part: zipfile.ZipInfo | str) -> Iterator[bytes]:
    """A part's bytes, a chunk at a time; a damaged part ends the iteration with its error."""
    with archive.open(part) as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk
