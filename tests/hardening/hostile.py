"""Hostile files, made on the spot: PDFs that are encrypted, image-only or blank, Office zip bombs
(a few MB that expand to gigabytes), Office XML with entity declarations (a billion laughs), a
100 MB text, workbooks of a million rows, and paths that are not files at all (links to a device,
dangling and looping links, a directory, a pipe, nothing).

Each maker takes a directory and a workbook exported by duban (the million-row sheets keep its
headers and hidden sheet, so a reader gets as far as the rows) and returns the path to give.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import docx
import pymupdf

BOMB_BYTES = 3 * 1024**3  # expanded; a zip member stays under 4 GiB, so no ZIP64 is needed
_BLOCK = 16 * 1024 * 1024
ROWS = 1_000_000
_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + b"]>\n"
)


def _text(text: str) -> str:
    return "\n".join([text] * 40)


def encrypted_pdf(directory: Path, _exported: Path) -> Path:
    path = directory / "加密.pdf"
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "政府工作报告", fontname="china-s")
    document.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="secret")
    return path


def image_only_pdf(directory: Path, _exported: Path) -> Path:
    path = directory / "扫描件.pdf"
    document = pymupdf.open()
    page = document.new_page()
    pixels = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 100), False)
    pixels.clear_with(200)
    page.insert_image(page.rect, pixmap=pixels)
    document.save(path)
    return path


def blank_pdf(directory: Path, _exported: Path) -> Path:
    path = directory / "空白.pdf"
    document = pymupdf.open()
    document.new_page()
    document.save(path)
    return path


@cache
def _zeros_deflated(size: int) -> tuple[bytes, int]:
    """Raw deflate of ``size`` zero bytes and its CRC, without compressing gigabytes: after a
    full flush the compressor starts afresh, so every block compresses to the same bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b"\0" * _BLOCK
    piece = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    count = size // _BLOCK
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    return piece * count + packer.flush(zlib.Z_FINISH), crc


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from (name, stored bytes, method, crc, expanded size), written by hand so a member
    can be deflated already."""
    out, central = io.BytesIO(), []
    for name, data, method, crc, size in members:
        raw = name.encode()
        central.append((raw, method, crc, len(data), size, out.tell()))
        out.write(
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, 0, 0x21, crc, len(data), size, len(raw), 0
            )
        )
        out.write(raw + data)
    start = out.tell()
    for raw, method, crc, packed, size, offset in central:
        out.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0x800,
                method,
                0,
                0x21,
                crc,
                packed,
                size,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                offset,
            )  # fmt: skip
        )
        out.write(raw)
    end = out.tell()
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), end - start, start, 0))
    return out.getvalue()


def _repacked(source: bytes, replace: dict[str, bytes | None], bomb: str | None = None) -> bytes:
    """``source``'s members, some replaced (None: by the zero bomb), as a new zip."""
    members = []
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        names = archive.namelist() + [n for n in replace if n not in archive.namelist()]
        for name in names:
            if name == bomb:
                data, crc = _zeros_deflated(BOMB_BYTES)
                members.append((name, data, 8, crc, BOMB_BYTES))
                continue
            content = replace.get(name, archive.read(name) if name in archive.namelist() else b"")
            packed = zlib.compressobj(6, zlib.DEFLATED, -15)
            data = packed.compress(content) + packed.flush()
            members.append((name, data, 8, zlib.crc32(content), len(content)))
    return _zip(members)


def _small_docx() -> bytes:
    document = docx.Document()
    for line in _text("爱民区2024年政府工作报告：新建高标准农田12万亩。").split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_bomb(directory: Path, _exported: Path) -> Path:
    path = directory / "炸弹.docx"
    path.write_bytes(_repacked(_small_docx(), {"word/media/image1.png": None}, bomb="word/media/image1.png"))
    return path


def xlsx_bomb(directory: Path, exported: Path) -> Path:
    path = directory / "炸弹.xlsx"
    path.write_bytes(
        _repacked(exported.read_bytes(), {"xl/media/image1.png": None}, bomb="xl/media/image1.png")
    )
    return path


def _laughing(xml: bytes) -> bytes:
    """``xml`` with the billion laughs declared before its root and used in its first text."""
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return _LAUGHS + re.sub(rb"(<(?:w:)?t(?: [^>]*)?>)", rb"\1&lol9;", body, count=1)


def docx_entities(directory: Path, _exported: Path) -> Path:
    path = directory / "实体.docx"
    source = _small_docx()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        body = archive.read("word/document.xml")
    laughed = _laughing(body)
    path.write_bytes(_repacked(source, {"word/document.xml": laughed}))
    return path


def xlsx_entities(directory: Path, exported: Path) -> Path:
    path = directory / "实体.xlsx"
    with zipfile.ZipFile(exported) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    laughed = _laughing(sheet)
    path.write_bytes(_repacked(exported.read_bytes(), {"xl/worksheets/sheet1.xml": laughed}))
    return path


def huge_text(directory: Path, _exported: Path) -> Path:
    path = directory / "超大.txt"
    line = ("爱民区政府工作报告：新建高标准农田12万亩，粮食产量稳定在9000万斤以上。" * 4 + "\n").encode()
    with path.open("wb") as out:
        for _ in range(100 * 1024 * 1024 // len(line) + 1):
            out.write(line)
    return path


def million_rows(directory: Path, exported: Path) -> Path:
    """The exported workbook with a million more rows under its own, a number in each row's
    重点任务 cell (small cells: the sheet stays under the size an XML part may have)."""
    path = directory / f"百万行-{exported.stem}.xlsx"
    with zipfile.ZipFile(exported) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', sheet))
    head, _, tail = sheet.partition(b"</sheetData>")
    rows = b"".join(
        b'<row r="%d"><c r="B%d"><v>1</v></c></row>' % (n, n) for n in range(last + 1, last + 1 + ROWS)
    )
    parts["xl/worksheets/sheet1.xml"] = head + rows + b"</sheetData>" + tail
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


def device_link(directory: Path, _exported: Path) -> Path:
    path = directory / "设备.xlsx"
    path.symlink_to("/dev/zero")
    return path


def dangling_link(directory: Path, _exported: Path) -> Path:
    path = directory / "悬空.docx"
    path.symlink_to(directory / "不存在的文件.docx")
    return path


def looping_link(directory: Path, _exported: Path) -> Path:
    path = directory / "循环.txt"
    path.symlink_to(path)
    return path


def a_directory(directory: Path, _exported: Path) -> Path:
    path = directory / "目录.xlsx"
    path.mkdir()
    return path


def a_pipe(directory: Path, _exported: Path) -> Path:
    path = directory / "管道.txt"
    os.mkfifo(path)
    return path


def missing(directory: Path, _exported: Path) -> Path:
    return directory / "没有这个文件.pdf"


FILES: dict[str, Callable[[Path, Path], Path]] = {
    "encrypted PDF": encrypted_pdf,
    "image-only PDF": image_only_pdf,
    "PDF with no text": blank_pdf,
    "zip bomb .docx": docx_bomb,
    "zip bomb .xlsx": xlsx_bomb,
    "XML entities in .docx": docx_entities,
    "XML entities in .xlsx": xlsx_entities,
    "100 MB text": huge_text,
    "1,000,000-row workbook": million_rows,
    "symlink to /dev/zero": device_link,
    "dangling symlink": dangling_link,
    "symlink loop": looping_link,
    "directory": a_directory,
    "named pipe": a_pipe,
    "missing path": missing,
}
