"""Word documents of the promise check: the 对照表 (``Row``s in) and the drafted review section
(``Paragraph``s of text, figures and gaps in), each as .docx bytes out.

Set as offices set their papers: A4, 宋体/仿宋, a centred bold title, the 对照表 landscape with a
shaded header row repeated on every page. Each figure of the draft carries a real Word footnote
(python-docx has no footnote API, so the footnotes part is written here); a figure not yet
accepted is a marked gap 【待核实：…】 in red, never a number.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from duban.promises.table import Row

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

TABLE_HEADERS = ("序号", "目标", "目标值", "完成值", "完成率", "结论", "出处（本年报告）", "出处（次年报告）")
TABLE_WIDTHS = (1.2, 3.6, 2.4, 2.4, 1.8, 2.2, 6.4, 6.4)  # cm, landscape A4 less margins


@dataclass(frozen=True)
class Piece:
    """One run of a drafted paragraph: plain text, a figure with its footnote, or a gap."""

    text: str
    note: str = ""  # the footnote: task id, unit, the accepted report
    gap: bool = False


@dataclass
class Paragraph:
    pieces: list[Piece] = field(default_factory=list)
    heading: bool = False


def _font(run, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _title(document, title: str, subtitle: str = "") -> None:
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(title), TITLE_FONT, 18, bold=True)
    if subtitle:
        s = document.add_paragraph()
        s.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(s.add_run(subtitle), BODY_FONT, 12)


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def comparison_docx(title: str, subtitle: str, rows: Sequence[Row]) -> bytes:
    """The 对照表 as Word: landscape A4, the header row repeated on every page."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(2.0)
    _title(document, title, subtitle)
    table = document.add_table(rows=1, cols=len(TABLE_HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for cell, text in zip(header.cells, TABLE_HEADERS, strict=True):
        _cell(cell, text, bold=True, shade=True)
    for r in rows:
        values = (
            str(r.seq),
            r.metric,
            r.target,
            r.actual,
            r.completion,
            r.verdict,
            r.plan_source,
            r.next_source,
        )
        for cell, text in zip(table.add_row().cells, values, strict=True):
            _cell(cell, text)
    table.autofit = False
    for column, width in zip(table.columns, TABLE_WIDTHS, strict=True):
        column.width = Cm(width)  # the grid LibreOffice and WPS lay out by
        for cell in column.cells:
            cell.width = Cm(width)
    return _saved(document)


def _cell(cell, text: str, *, bold: bool = False, shade: bool = False) -> None:
    p = cell.paragraphs[0]
    if bold:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), BODY_FONT, 10.5, bold=bold)
    if shade:
        cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="D9D9D9"/>'))


def draft_docx(title: str, subtitle: str, paragraphs: Sequence[Paragraph]) -> bytes:
    """The drafted review section, each figure footnoted, each gap marked in red."""
    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.8)
    _title(document, title, subtitle)
    notes: list[str] = []
    for para in paragraphs:
        p = document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        p.paragraph_format.line_spacing = Pt(28)
        for piece in para.pieces:
            run = p.add_run(piece.text)
            _font(run, "黑体" if para.heading else BODY_FONT, 16)
            if piece.gap:
                run.font.color.rgb = RGBColor(0xC6, 0x28, 0x28)
            if piece.note:
                notes.append(piece.note)
                p._p.append(_reference(len(notes)))
    if notes:
        _add_footnotes(document, notes)
    return _saved(document)


def _reference(number: int):
    return parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{number}"/></w:r>'
    )


def _add_footnotes(document, notes: list[str]) -> None:
    fonts = (
        f'<w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:eastAsia="{BODY_FONT}"/><w:sz w:val="18"/>'
    )
    body = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/>'
        f'</w:r><w:r><w:rPr>{fonts}</w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p>'
        "</w:footnote>"
        for n, text in enumerate(notes, start=1)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{_W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        f"</w:footnote>{body}</w:footnotes>"
    )
    package = document.part.package
    part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_TYPE, xml.encode("utf-8"), package)
    document.part.relate_to(part, RT.FOOTNOTES)
