"""Word documents in the form Chinese offices send (GB/T 9704 in spirit): plain library, no web code.

A content description in (paragraphs by level, tables, images); a .docx out: A4 with the usual
margins, 方正小标宋 / 黑体 / 楷体 / 仿宋 named (not embedded: Word and LibreOffice fall back to the
installed CJK font), page numbers, landscape sections for wide tables with the header row repeated,
an office's own template (红头, seal line) when it has one, and charts drawn by matplotlib.
"""
