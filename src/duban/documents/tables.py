"""Tables: headers, column widths and rows of text in; a bordered Word table out, its header row
repeated on every page and no row split across pages.

Written as XML in one piece rather than cell by cell through python-docx, whose cell access walks
the whole table: an attachment of 10,000 tasks takes a fraction of a second this way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.document import Document
from docx.oxml import parse_xml
from docx.shared import Length

from duban.documents.style import TABLE_TEXT

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML; a report may carry them
_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def add_table(
    document: Document,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[Length],
    *,
    centered: Sequence[bool] | None = None,
    anchor=None,
):
    """Append the table to the body (or put it before ``anchor``, an element); returns its element."""
    style = document.styles[TABLE_TEXT].style_id
    centered = centered or [False] * len(headers)
    twips = [int(w.twips) for w in widths]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    head = _row(headers, twips, style, [True] * len(headers), header=True)
    body = "".join(_row(row, twips, style, centered) for row in rows)
    xml = (
        f'<w:tbl {_NS}><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{head}{body}</w:tbl>"
    )
    table = parse_xml(xml)
    if anchor is not None:
        anchor.addprevious(table)
    else:
        body_element = document.element.body
        body_element.sectPr.addprevious(table) if body_element.sectPr is not None else body_element.append(
            table
        )
    return table


def _row(
    cells: Sequence[str], twips: Sequence[int], style: str, centered: Sequence[bool], *, header=False
) -> str:
    # tblHeader repeats the row on every page; cantSplit keeps a row on one page.
    props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
    return (
        f"<w:tr>{props}"
        + "".join(
            _cell(text, width, style, middle, bold=header)
            for text, width, middle in zip(cells, twips, centered, strict=True)
        )
        + "</w:tr>"
    )


def _cell(text: str, width: int, style: str, centered: bool, *, bold: bool) -> str:
    justify = '<w:jc w:val="center"/>' if centered else ""
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    lines = _CONTROL.sub("", str(text)).split("\n")
    paragraphs = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{justify}</w:pPr>'
        f'<w:r>{run_props}<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        for line in lines
    )
    props = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
    return f"<w:tc>{props}{paragraphs}</w:tc>"
