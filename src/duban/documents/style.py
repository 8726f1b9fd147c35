"""Page and type: a python-docx ``Document`` in, set up as an office document out — A4 margins, the
named styles of the heading levels (一、（一）1.) and the body, and page numbers in the footer."""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor

# The fonts offices set these documents in; named, not embedded (the reader's CJK font stands in).
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"  # 一、
SUBHEADING_FONT = "楷体_GB2312"  # （一）
BODY_FONT = "仿宋_GB2312"
NUMBER_FONT = "宋体"  # page numbers
LATIN_FONT = "Times New Roman"

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(10.5)  # 五号
LINE = Pt(28.9)  # 22 lines to a page
RED = RGBColor(0xE6, 0x00, 0x12)

# Style names as a user sees them in Word's style list.
TITLE, HEADING, SUBHEADING, BODY, TABLE_TEXT, PLAIN = (
    "通报标题",
    "一级标题",
    "二级标题",
    "正文",
    "表格文字",
    "居中",
)


def set_fonts(target, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Fonts of a style or run: python-docx sets only the Latin ones, Chinese needs ``eastAsia``."""
    target.font.name = latin
    props = target._element.get_or_add_rPr()
    fonts = props.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        props.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(key), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def a4(section: Section, *, landscape: bool = False) -> None:
    """A4, margins of GB/T 9704 (top 37, bottom 35, left 28, right 26 mm); turned for wide tables."""
    width, height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    if landscape:
        section.top_margin, section.bottom_margin = Mm(26), Mm(24)
        section.left_margin, section.right_margin = Mm(30), Mm(30)
    else:
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)


def define_styles(document: Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    set_fonts(normal, BODY_FONT)
    normal.font.size = BODY_SIZE
    _paragraph_style(document, BODY, BODY_FONT, BODY_SIZE, indent=True)
    _paragraph_style(document, TITLE, TITLE_FONT, TITLE_SIZE, centered=True)
    _paragraph_style(document, HEADING, HEADING_FONT, BODY_SIZE, indent=True, keep=True)
    _paragraph_style(document, SUBHEADING, SUBHEADING_FONT, BODY_SIZE, indent=True, keep=True)
    _paragraph_style(document, PLAIN, BODY_FONT, BODY_SIZE, centered=True)
    table = _paragraph_style(document, TABLE_TEXT, BODY_FONT, TABLE_SIZE)
    table.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justified narrow cells spread the characters


def _paragraph_style(
    document: Document, name: str, font: str, size, *, indent=False, centered=False, keep=False
):
    styles = document.styles
    existing = [s for s in styles if s.name == name]
    style = existing[0] if existing else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    set_fonts(style, font)
    style.font.size = size
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(32) if indent else Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if centered else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.keep_with_next = keep
    fmt.widow_control = True
    return style


def page_numbers(document: Document) -> None:
    """「— 1 —」 in 宋体 四号: odd pages on the right, even pages on the left, as GB/T 9704 has it."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _number_line(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _number_line(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _number_line(footer, alignment) -> None:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = alignment
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Pt(14)
    for text in ("— ", None, " —"):
        run = paragraph.add_run(text or "")
        set_fonts(run, NUMBER_FONT, NUMBER_FONT)
        run.font.size = Pt(14)
        if text is None:
            _page_field(run)


def _page_field(run) -> None:
    for kind, instruction in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif instruction == "1":
            element = OxmlElement("w:t")
            element.text = "1"
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        run._r.append(element)


def red_rule(paragraph) -> None:
    """The red line under a 红头: a bottom border on the paragraph."""
    props = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "4"), ("w:color", "E60012")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    props.append(borders)
