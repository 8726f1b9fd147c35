"""Tables: headers, column widths and rows of text in; a bordered Word table out, as the text of
its ``<w:tbl>`` element, its header row repeated on every page and no row split across pages.

Written as text in one piece rather than cell by cell through python-docx, whose cell access walks
the whole table, and spliced into the saved document (``writer``) rather than parsed into its
tree, which for 10,000 rows costs seconds of namespace fixing: an attachment of 10,000 tasks takes
a fraction of a second this way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.document import Document
from docx.shared import Length

from duban.documents.style import TABLE_TEXT

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML; a report may carry them
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def table_xml(
    document: Document,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[Length],
    *,
    centered: Sequence[bool] | None = None,
) -> str:
    """The ``<w:tbl>`` element as text, in the body's namespace (no declaration of its own)."""
    style = document.styles[TABLE_TEXT].style_id
    centered = centered or [False] * len(headers)
    twips = [int(w.twips) for w in widths]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    head = "".join(
        _cell_open(w, style, True, "<w:b/>") + _text(t, style, True, "<w:b/>") + _CELL_CLOSE
        for t, w in zip(headers, twips, strict=True)
    )
    body = _body(rows, twips, style, centered)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{_HEAD_ROW}{head}</w:tr>{body}</w:tbl>"
    )


def _body(rows: Sequence[Sequence[str]], twips: list[int], style: str, centered: Sequence[bool]) -> str:
    """The rows' markup: each column's cell markup is made once, into a row template that takes
    the row's texts; the texts are cleaned and escaped all at once, not cell by cell."""
    template = (
        _ROW
        + "".join(
            _cell_open(w, style, c).replace("%", "%%") + "%s" + _CELL_CLOSE
            for w, c in zip(twips, centered, strict=True)
        )
        + "</w:tr>"
    )
    width = len(twips)
    texts = [str(text) for row in rows for text in _checked(row, width)]
    said = _texts(texts)
    for n, text in enumerate(said):
        if "\n" in text:  # rare: a cell of several lines
            said[n] = text.replace("\n", _line_break(style, centered[n % width]))
    return "".join(template % tuple(said[at : at + width]) for at in range(0, len(said), width))


def _checked(row: Sequence[str], width: int) -> Sequence[str]:
    if len(row) != width:
        raise ValueError(f"a row of {len(row)} cells in a table of {width} columns")
    return row


_JOIN = "\uffff"  # a noncharacter: no text XML can carry holds it


def _texts(texts: list[str]) -> list[str]:
    """``_text`` of each text without its line breaks: escaped and cleaned in one piece."""
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) != max(len(texts) - 1, 0):
        return [escape(_CONTROL.sub("", text)) for text in texts]
    said = escape(_CONTROL.sub("", joined)).split(_JOIN)
    return said if texts else []


def _line_break(style: str, centered: bool, props: str = "") -> str:
    return "</w:t></w:r></w:p>" + _paragraph_open(style, centered, props)


# tblHeader repeats the row on every page; cantSplit keeps a row on one page.
_HEAD_ROW = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
_CELL_CLOSE = "</w:t></w:r></w:p></w:tc>"


def _cell_open(width: int, style: str, centered: bool, props: str = "") -> str:
    cell = f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
    return cell + _paragraph_open(style, centered, props)


def _paragraph_open(style: str, centered: bool, props: str = "") -> str:
    align = '<w:jc w:val="center"/>' if centered else ""
    run_props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{align}</w:pPr><w:r>{run_props}<w:t xml:space="preserve">'


def _text(text: str, style: str, centered: bool, props: str = "") -> str:
    """A cell's text; a line break starts a new paragraph in the cell."""
    said = escape(_CONTROL.sub("", str(text)))
    if "\n" in said:
        said = said.replace("\n", _line_break(style, centered, props))
    return said


def run_xml(text: str, props: str = "") -> str:
    """One run of text (``<w:r>``); ``props`` is the inside of its ``<w:rPr>``."""
    run_props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{run_props}<w:t xml:space="preserve">{escape(_CONTROL.sub("", text))}</w:t></w:r>'


def paragraph_xml(runs: str, style: str, justify: str = "") -> str:
    align = f'<w:jc w:val="{justify}"/>' if justify else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{align}</w:pPr>{runs}</w:p>'
