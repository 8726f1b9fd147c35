"""An office document being written: a template (or none) and its fields in; paragraphs by level,
tables and images appended in order; the .docx bytes out.

With the office's own template (a .docx with its 红头, seal line and footer), the content goes where
the template has a paragraph ``{{正文}}`` (at the end when it has none), and ``{{字段}}`` fields in
the template's text are filled in. Without one the document draws its own plain header. A wide
table goes into a landscape section at the end, after everything the template puts below the text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph

from duban.documents import style, tables
from duban.errors import Refusal
from duban.text.files import FileRefused, read_limited
from duban.text.office import PackageRefused, check_package

MARKER = "{{正文}}"
_SPLICE_MARK = "§duban-splice-"  # a placeholder no document text contains
_BODY = "word/document.xml"
# zlib's fast deflate for the package as spliced: a 10,000-row table is 23 MB of XML, which level 3
# packs in half the time of the default 6 for a third more bytes (1.0 MB rather than 0.8 MB).
_DEFLATE_LEVEL = 3
_FIELD = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
# （一）… and 1. … at the start of a line: the heading part is set in its level's font.
_SUBHEADING = re.compile(r"^(（[一二三四五六七八九十]+）[^。：:]*[。：:]?)(.*)$")
_NUMBERED = re.compile(r"^(\d+[.．、])(.*)$")


TEMPLATE_MAX_BYTES = 20 * 1024 * 1024


class TemplateRefused(Refusal):
    """The office's template cannot be used; the message says which and what to do."""


def _opened(template: Path) -> docx.Document:
    """The office's template, refused in one line when it is not a sound .docx (a zip bomb, XML
    entities, damaged) rather than read whatever it holds."""
    try:
        data = read_limited(template, TEMPLATE_MAX_BYTES, advice="请换一个较小的模板")
        check_package(data)
    except (FileRefused, PackageRefused) as err:
        raise TemplateRefused(f"模板 {template.name} 无法使用：{err}") from None
    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises zip, XML, key and value errors for a broken file
        raise TemplateRefused(f"模板 {template.name} 不是有效的 .docx：请用 Word 或 WPS 重新另存") from None


class OfficeDocument:
    def __init__(self, template: Path | None = None, fields: dict[str, str] | None = None) -> None:
        self.fields = fields or {}
        self.templated = template is not None and template.is_file()
        self.document = _opened(template) if self.templated else docx.Document()
        style.define_styles(self.document)
        self.anchor: Paragraph | None = None
        self.spliced: list[tuple[str, str]] = []  # (placeholder, XML): see ``_splice``
        if self.templated:
            self._fill_fields()
            self.anchor = next((p for p in self.document.paragraphs if MARKER in p.text), None)
        else:
            style.a4(self.document.sections[0])
            style.page_numbers(self.document)

    # --- paragraphs ---------------------------------------------------------------------------

    def paragraph(self, text: str = "", style_name: str = style.BODY) -> Paragraph:
        if self.anchor is not None:
            return self.anchor.insert_paragraph_before(text, style=style_name)
        return self.document.add_paragraph(text, style=style_name)

    def title(self, text: str) -> Paragraph:
        return self.paragraph(text, style.TITLE)

    def heading(self, text: str) -> Paragraph:
        return self.paragraph(text, style.HEADING)

    def centered(self, text: str) -> Paragraph:
        return self.paragraph(text, style.PLAIN)

    def body(self, text: str) -> Paragraph:
        """One line of body text; a leading （一） or 1. is set as its heading level."""
        found = _SUBHEADING.match(text)
        if found:
            paragraph = self.paragraph("", style.BODY)
            style.set_fonts(paragraph.add_run(found.group(1)), style.SUBHEADING_FONT)
            paragraph.add_run(found.group(2))
            return paragraph
        found = _NUMBERED.match(text)
        if found:
            paragraph = self.paragraph("", style.BODY)
            paragraph.add_run(found.group(1)).bold = True
            paragraph.add_run(found.group(2))
            return paragraph
        return self.paragraph(text, style.BODY)

    def lines(self, text: str) -> None:
        """A section's text as the office wrote it: one paragraph a line, blank lines dropped, each
        set as ``body`` sets it. Written as XML in one piece: python-docx looks a style up by name
        across all styles for every paragraph, seconds for the thousands of lines a large plan's
        laggards make."""
        body = self.document.styles[style.BODY].style_id
        kai = f'<w:rFonts w:eastAsia="{style.SUBHEADING_FONT}"/>'
        xml = []
        for line in (raw.strip() for raw in text.splitlines()):
            if not line:
                continue
            found = _SUBHEADING.match(line) or _NUMBERED.match(line)
            if found is None:
                xml.append(tables.paragraph_xml(tables.run_xml(line), body))
                continue
            head = tables.run_xml(found.group(1), kai if found.re is _SUBHEADING else "<w:b/>")
            xml.append(tables.paragraph_xml(head + tables.run_xml(found.group(2)), body))
        if xml:
            self._splice("".join(xml))

    def right(self, text: str) -> Paragraph:
        paragraph = self.paragraph(text, style.BODY)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(64)
        return paragraph

    def red_header(self, issuer: str, kind: str, number: str, day: str) -> None:
        """The plain 红头 drawn when the office has no template of its own."""
        head = self.paragraph("", style.TITLE)
        run = head.add_run(kind)
        run.font.size, run.font.color.rgb, run.bold = Pt(42), style.RED, True
        head.paragraph_format.line_spacing = Pt(60)
        self.centered(number)
        line = self.paragraph("", style.BODY)
        line.alignment = WD_ALIGN_PARAGRAPH.LEFT
        line.paragraph_format.first_line_indent = Pt(0)
        line.paragraph_format.tab_stops.add_tab_stop(Mm(155), WD_TAB_ALIGNMENT.RIGHT)
        line.add_run(f"{issuer}\t{day}")
        style.red_rule(line)
        self.paragraph("")

    # --- tables and images --------------------------------------------------------------------

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[Length],
        centered: Sequence[bool] | None = None,
    ) -> None:
        self._splice(tables.table_xml(self.document, headers, rows, widths, centered=centered))

    def _splice(self, xml: str) -> None:
        """A placeholder paragraph now; ``xml`` takes its place when the file is saved."""
        mark = f"{_SPLICE_MARK}{len(self.spliced)}§"
        self.spliced.append((mark, xml))
        self.paragraph(mark, style.PLAIN)

    def image(self, png: bytes, width: Length) -> None:
        paragraph = self.paragraph("", style.PLAIN)
        # An exact line height (the style's) would crop the picture to one line.
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.add_run().add_picture(io.BytesIO(png), width=width)

    def landscape(self) -> None:
        """Start a landscape section at the very end of the document."""
        self.anchor = None
        style.a4(self.document.add_section(WD_SECTION.NEW_PAGE), landscape=True)

    # --- out ----------------------------------------------------------------------------------

    def save(self, *, title: str, author: str) -> bytes:
        marker = next((p for p in self.document.paragraphs if MARKER in p.text), None)
        if marker is not None:
            marker._p.getparent().remove(marker._p)
        props = self.document.core_properties
        props.title, props.author, props.last_modified_by = title, author, author
        out = io.BytesIO()
        self.document.save(out)
        return _spliced(out.getvalue(), self.spliced) if self.spliced else out.getvalue()

    def _fill_fields(self) -> None:
        for paragraph in _all_paragraphs(self.document):
            text = paragraph.text
            if "{{" not in text or MARKER in text:
                continue
            filled = _FIELD.sub(lambda m: self.fields.get(m.group(1), m.group(0)), text)
            if filled != text and paragraph.runs:
                # The first run's look is the field's look; Word splits text into runs at will.
                paragraph.runs[0].text = filled
                for run in paragraph.runs[1:]:
                    run.text = ""


def _spliced(data: bytes, found: list[tuple[str, str]]) -> bytes:
    """The saved package with each placeholder's paragraph replaced by its XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        xml = source.read(_BODY).decode("utf-8")
        for mark, part in found:
            at = xml.index(mark)  # the placeholder's own paragraph: the last <w:p> opened before it
            start = max(xml.rfind("<w:p>", 0, at), xml.rfind("<w:p ", 0, at))
            end = xml.index("</w:p>", at) + len("</w:p>")
            xml = xml[:start] + part + xml[end:]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                body = xml.encode("utf-8") if item.filename == _BODY else source.read(item.filename)
                target.writestr(item, body, compresslevel=_DEFLATE_LEVEL)
    return out.getvalue()


def _all_paragraphs(document) -> list[Paragraph]:
    found = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(cell.paragraphs)
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.even_page_footer):
            if not part.is_linked_to_previous:
                found.extend(part.paragraphs)
    return found
