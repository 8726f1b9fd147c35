"""Build .docx and .pdf reports from plain text, for tests that need real documents."""

from __future__ import annotations

from pathlib import Path

import docx
import pymupdf

_PAGE = pymupdf.paper_rect("a4")
_MARGIN = 56
_FONT_SIZE = 10.5
_GAP = 6


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of ``text``: one paragraph each."""
    return [line for line in text.split("\n") if line.strip()]


def make_docx(text: str, path: Path, *, table: list[list[str]] | None = None) -> Path:
    """A .docx with one paragraph per non-blank line; ``table`` goes in after the middle paragraph."""
    document = docx.Document()
    lines = paragraphs(text)
    middle = len(lines) // 2
    for index, line in enumerate(lines):
        document.add_paragraph(line)
        if table and index == middle:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for row, values in zip(grid.rows, table, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    document.save(path)
    return path


def make_pdf(text: str, path: Path) -> Path:
    """A PDF with a CJK text layer: one text box per paragraph, flowing onto new pages."""
    document = pymupdf.open()
    page, top = document.new_page(width=_PAGE.width, height=_PAGE.height), _MARGIN
    for line in paragraphs(text):
        used = _write_box(page, top, line)
        if used is None:
            page, top = document.new_page(width=_PAGE.width, height=_PAGE.height), _MARGIN
            used = _write_box(page, top, line)
            if used is None:
                raise ValueError(f"paragraph too long for one page: {line[:30]}…")
        top += used + _GAP
    document.save(path)
    return path


def _write_box(page: pymupdf.Page, top: float, line: str) -> float | None:
    """Height used by ``line`` written at ``top``, or None when it does not fit (nothing is written)."""
    rect = pymupdf.Rect(_MARGIN, top, _PAGE.width - _MARGIN, _PAGE.height - _MARGIN)
    if rect.is_empty:
        return None
    spare = page.insert_textbox(rect, line, fontname="china-s", fontsize=_FONT_SIZE)
    return None if spare < 0 else rect.height - spare
