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
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph

from duban.documents import style, tables

MARKER = "{{正文}}"
_FIELD = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
# （一）… and 1. … at the start of a line: the heading part is set in its level's font.
_SUBHEADING = re.compile(r"^(（[一二三四五六七八九十]+）[^。：:]*[。：:]?)(.*)$")
_NUMBERED = re.compile(r"^(\d+[.．、])(.*)$")


class OfficeDocument:
    def __init__(self, template: Path | None = None, fields: dict[str, str] | None = None) -> None:
        self.fields = fields or {}
        self.templated = template is not None and template.is_file()
        self.document = docx.Document(str(template)) if self.templated else docx.Document()
        style.define_styles(self.document)
        self.anchor: Paragraph | None = None
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
        """A section's text as the office wrote it: one paragraph a line, blank lines dropped."""
        for line in text.splitlines():
            if line.strip():
                self.body(line.strip())

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
        anchor = self.anchor._p if self.anchor is not None else None
        tables.add_table(self.document, headers, rows, widths, centered=centered, anchor=anchor)

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
        return out.getvalue()

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
